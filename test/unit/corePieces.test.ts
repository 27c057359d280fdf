import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { capFindings, tooLarge } from '../../server/src/core/caps';
import { Finding } from '../../server/src/core/finding';
import { FORMATS, formatOfFile, formatOfName, formatOfText, isFormat } from '../../server/src/core/format';
import { MAX_DOCUMENT_SIZE, MAX_FINDINGS } from '../../server/src/core/limits';
import { serialize } from '../../server/src/core/serialize';
import { closest, distance } from '../../server/src/core/suggest';

/*
 * The small pieces of core as a user meets them: which format a file is read as, what a conversion
 * writes, which name a "did you mean" offers, what a file too large or with too many findings is
 * told. (#25: their mutants.)
 */

describe('format: which format a file is read as', () => {
  it('the editor language first (qualys-json, jsonc too), then the extension, then the first character', () => {
    assert.deepEqual(FORMATS, ['xml', 'json', 'yaml']);
    assert.equal(formatOfFile('a.json', '<x/>', 'qualys-yaml'), 'yaml');
    assert.equal(formatOfFile('a.yaml', '{}', 'JSON'), 'json');
    assert.equal(formatOfFile('a.yaml', '{}', 'jsonc'), 'json');
    assert.equal(formatOfFile('a.yaml', '{}', 'qualys-jsonc'), 'json');
    assert.equal(formatOfFile('a.json', 'x: 1', 'plaintext'), 'json');
    assert.equal(formatOfFile('a.txt', '  <ServiceRequest/>'), 'xml');
    assert.equal(formatOfFile('a.json', '<x/>', undefined), 'json');
    assert.equal(formatOfFile('xmlfile', '\n\t[1]'), 'json');
  });

  it('the extension, in any case; .yml is YAML; a dot elsewhere says nothing', () => {
    assert.equal(formatOfName('dir.x/a.XML'), 'xml');
    assert.equal(formatOfName('a.qualys.Json'), 'json');
    assert.equal(formatOfName('a.yml'), 'yaml');
    assert.equal(formatOfName('a.yaml'), 'yaml');
    for (const name of ['xml', 'a.xml.txt', 'json', 'a.jsonc', 'a.ymll', 'a.']) assert.equal(formatOfName(name), name === 'xml' || name === 'json' ? name : undefined, name);
  });

  it('the first character past spaces, within the first 4 KB; anything else is YAML', () => {
    assert.equal(formatOfText(' \n <a/>'), 'xml');
    assert.equal(formatOfText('{'), 'json');
    assert.equal(formatOfText('['), 'json');
    assert.equal(formatOfText('a: <b>'), 'yaml');
    assert.equal(formatOfText(''), 'yaml');
    assert.equal(formatOfText(' '.repeat(4096) + '<a/>'), 'yaml');
    assert.equal(formatOfText(' '.repeat(4095) + '<a/>'), 'xml');
    for (const v of ['xml', 'json', 'yaml']) assert.equal(isFormat(v), true);
    for (const v of ['yml', 'XML', '', undefined, 3]) assert.equal(isFormat(v), false, String(v));
  });
});

describe('serialize: what a conversion writes', () => {
  it('XML: criteria as attributes with the value as text, lists as repeated elements, empty objects closed, text escaped', () => {
    const value = {
      ServiceRequest: {
        filters: {
          Criteria: [
            { field: 'name', operator: 'EQUALS', value: 'a<b & "c" >' },
            { field: 'id', operator: 'IN', value: [1] },
            { field: 'x', operator: 'NONE' },
            { field: 'a"b', value: 3, operator: {} },
          ],
        },
        data: { A: { name: null, bad: '\u0001x\uffff\u000b', e: {}, f: [], g: true, list: ['a', 'b'] } },
      },
    };
    assert.equal(
      serialize(value, 'xml'),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ServiceRequest>',
        '  <filters>',
        '    <Criteria field="name" operator="EQUALS">a&lt;b &amp; "c" &gt;</Criteria>',
        '    <Criteria field="id" operator="IN">',
        '      <value>1</value>',
        '    </Criteria>',
        '    <Criteria field="x" operator="NONE"/>',
        '    <Criteria field="a&quot;b">',
        '      <value>3</value>',
        '      <operator/>',
        '    </Criteria>',
        '  </filters>',
        '  <data>',
        '    <A>',
        '      <name></name>',
        '      <bad>\ufffdx\ufffd\ufffd</bad>',
        '      <e/>',
        '      <g>true</g>',
        '      <list>a</list>',
        '      <list>b</list>',
        '    </A>',
        '  </data>',
        '</ServiceRequest>',
        '',
      ].join('\n'),
    );
  });

  it('XML: a criterion attribute that is null or an object stays an element; a lone other field is not taken for the value; quotes in text stay', () => {
    assert.equal(
      serialize({ Criteria: { field: null, operator: 'EQUALS', value: 'v' } }, 'xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<Criteria operator="EQUALS">\n  <field></field>\n  <value>v</value>\n</Criteria>\n',
    );
    assert.equal(serialize({ Criteria: { field: 'f', operator: 'IN', other: 1 } }, 'xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<Criteria field="f" operator="IN">\n  <other>1</other>\n</Criteria>\n');
    assert.equal(serialize({ a: { b: 'say "hi"' } }, 'xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>say "hi"</b>\n</a>\n');
  });

  it('XML keeps tabs and line breaks, and a Criteria-named element elsewhere without attributes is an element', () => {
    assert.equal(serialize({ a: { b: 'x\ty\nz\r' } }, 'xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>x\ty\nz\r</b>\n</a>\n');
    assert.equal(serialize({ Criteria: { value: 'v' } }, 'xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<Criteria>\n  <value>v</value>\n</Criteria>\n');
    assert.equal(serialize({ x: { field: 'f' } }, 'xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<x>\n  <field>f</field>\n</x>\n');
  });

  it('a value that is not an object writes an XML declaration only; the indent is the caller\'s', () => {
    for (const v of [[1], 'x', null, 3]) assert.equal(serialize(v, 'xml'), '<?xml version="1.0" encoding="UTF-8"?>\n');
    assert.equal(serialize({ a: { b: 1 } }, 'xml', 4), '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n    <b>1</b>\n</a>\n');
    assert.equal(serialize({ a: 1 }, 'json', 4), '{\n    "a": 1\n}\n');
  });

  it('YAML: strings in double quotes, keys plain, long lines never folded', () => {
    const long = 'w '.repeat(80).trim();
    assert.equal(serialize({ a: [1, { b: 'c' }], long }, 'yaml'), `a:\n  - 1\n  - b: "c"\nlong: "${long}"\n`);
    assert.equal(serialize({ a: { b: true } }, 'yaml', 4), 'a:\n    b: true\n');
  });
});

describe('suggest: the name a "did you mean" offers', () => {
  it('the closest candidate within a third of the word\'s length, case aside; none past that', () => {
    assert.equal(closest('naem', ['description', 'name']), 'name');
    assert.equal(closest('NAME', ['name']), 'name');
    assert.equal(closest('nm', ['name']), undefined);
    assert.equal(closest('xyzw', ['name']), undefined);
    assert.equal(closest('runFrequncy', ['runFrequency', 'disabled']), 'runFrequency');
    assert.equal(closest('activaton', ['activation', 'action']), 'activation');
    assert.equal(closest('abc', ['abd', 'abx']), 'abd', 'the first of equals');
    assert.equal(closest('actvaton', ['activation']), 'activation', 'two edits in eight letters');
    assert.equal(closest('ab', ['abc']), 'abc', 'one edit in a short word');
    assert.equal(closest('x'.repeat(101), ['x'.repeat(101)]), undefined, 'a word past 100 characters is not searched');
    assert.equal(closest('x'.repeat(100), ['x'.repeat(100)]), 'x'.repeat(100));
  });

  it('asked again, the same answer, for each list of candidates', () => {
    const a = ['alpha', 'beta'];
    const b = ['alpine'];
    assert.equal(closest('alpah', a), 'alpha');
    assert.equal(closest('alpah', a), 'alpha');
    assert.equal(closest('alpah', b), undefined);
    for (let i = 0; i < 10_001; i++) closest(`w${i}`, b);
    assert.equal(closest('alpin', b), 'alpine');
  });

  it('distance: edits, a swap of neighbours counting one, case ignored', () => {
    assert.equal(distance('ab', 'ba'), 1);
    assert.equal(distance('abc', 'ABD'), 1);
    assert.equal(distance('', 'abc'), 3);
    assert.equal(distance('abc', ''), 3);
    assert.equal(distance('kitten', 'sitting'), 3);
    assert.equal(distance('abcd', 'acbd'), 1);
    assert.equal(distance('ca', 'abc'), 3);
  });
});

describe('tree: nesting past its limit', () => {
  it('is one finding that says where checking stops', () => {
    const deep = analyze(`{"ServiceRequest": ${'['.repeat(70)}`, 'a.qualys.json').findings.find((f) => f.code === 'too-deep');
    assert.equal(deep?.message, 'Nesting deeper than 64 levels: the content below this point is not checked.');
  });
});

describe('caps: a file too large, a file with too many findings', () => {
  it('too large: the size in MiB or KiB, the limit, on the first line up to 200 characters', () => {
    const big = tooLarge(3 * 1024 * 1024 + 5, 'abc\ndef');
    assert.deepEqual(big, { span: { start: 0, end: 3 }, severity: 'error', code: 'too-large', message: 'This file is 3.0 MiB; requests are checked up to 2 MiB (a connector request is a few KB), so it is not checked.' });
    assert.equal(MAX_DOCUMENT_SIZE, 2 * 1024 * 1024);
    assert.deepEqual(tooLarge(2500, 'x'.repeat(300)).span, { start: 0, end: 200 });
    assert.match(tooLarge(2500, 'x').message, /^This file is 2 KiB;/);
    assert.match(tooLarge(1024 * 1024, '').message, /^This file is 1\.0 MiB;/);
    assert.match(tooLarge(1024 * 1024 - 1, '').message, /^This file is 1024 KiB;/);
    assert.deepEqual(tooLarge(5, '').span, { start: 0, end: 0 });
    assert.deepEqual(tooLarge(5, '\nx').span, { start: 0, end: 1 }, 'never an empty span on a file that has text');
  });

  const finding = (start: number, severity: Finding['severity']): Finding => ({ span: { start, end: start + 1 }, severity, code: 'unknown-field', message: 'm' });

  it('too many findings: the first ones kept, then one counting the rest by severity, as severe as the worst', () => {
    const exact = Array.from({ length: MAX_FINDINGS }, (_, i) => finding(i, 'warning'));
    assert.equal(capFindings(exact), exact);
    const many = [...exact, finding(5000, 'information'), finding(5001, 'warning'), finding(5002, 'information')];
    const capped = capFindings(many);
    assert.equal(capped.length, MAX_FINDINGS + 1);
    assert.deepEqual(capped[MAX_FINDINGS], {
      span: { start: 5000, end: 5001 },
      severity: 'warning',
      code: 'too-many-findings',
      message: '3 more findings from here on are not listed (1 warnings, 2 notes): a file shows at most 1,000. Fix the ones above and check again.',
    });
    const errors = capFindings([...exact, ...Array.from({ length: 1500 }, (_, i) => finding(2000 + i, i === 1499 ? 'error' : 'information'))]);
    assert.equal(errors[MAX_FINDINGS].severity, 'error');
    assert.match(errors[MAX_FINDINGS].message, /^1,500 more findings from here on are not listed \(1 errors, 1,499 notes\)/);
  });
});
