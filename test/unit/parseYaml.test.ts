import assert from 'node:assert/strict';
import { MAX_ALIAS_EXPANSION, MAX_GENERAL_YAML_SIZE } from '../../server/src/core/limits';
import { parseYaml, parseYamlLibrary } from '../../server/src/core/parse/yaml';
import { MAX_DEPTH, ParseResult, SourceNode } from '../../server/src/core/tree';

/** Each problem as [the text it marks, its start, its code, its message]. */
function problems(text: string, parsed: ParseResult = parseYamlLibrary(text)): [string, number, string, string][] {
  return parsed.problems.map((p) => [text.slice(p.span.start, p.span.end), p.span.start, p.code, p.message]);
}

/** A plain-JSON view of a tree: values only. */
function valueOf(node: SourceNode | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'scalar') return node.value;
  if (node.type === 'array') return node.items.map(valueOf);
  return Object.fromEntries(node.properties.map((p) => [p.key, valueOf(p.value)]));
}

/** Every key and value of a tree as [path, the text its span marks]. */
function marks(text: string, node: SourceNode | undefined, path = '$'): [string, string][] {
  if (!node) return [];
  const own: [string, string][] = [[path, text.slice(node.span.start, node.span.end)]];
  if (node.type === 'array') return own.concat(...node.items.map((item, i) => marks(text, item, `${path}[${i}]`)));
  if (node.type === 'object') return own.concat(...node.properties.map((p) => [[`${path}.${p.key}:key`, text.slice(p.keySpan.start, p.keySpan.end)] as [string, string], ...marks(text, p.value, `${path}.${p.key}`)]));
  return own;
}

/** YAML whose aliases add exactly `values` values: aliases of a list of 99, and one of a shorter list for the rest. */
function spending(values: number): string {
  const rest = values % 100;
  const tail = rest > 0 ? `r: &r [${Array(rest - 1).fill(1).join(',')}]\ns: *r\n` : '';
  return `a: &a [${Array(99).fill(1).join(',')}]\nb: [${Array(Math.floor(values / 100)).fill('*a').join(',')}]\n${tail}`;
}

const flowList = (n: number): string => `[${Array.from({ length: n }, (_, i) => i).join(',')}]`;

describe('parseYaml: which parser reads a file', () => {
  it('plain block YAML far past the general parser\'s limit is read whole, by the fast parser', () => {
    const text = `a: ${'x'.repeat(100 * 1024)}\nb:\n  - 1\n`;
    const parsed = parseYaml(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(valueOf(parsed.root), { a: 'x'.repeat(100 * 1024), b: [1] });
    // The fast parser's tree: the list ends after its last line break, where the library's ends before it.
    assert.deepEqual(marks(text, parsed.root).find(([path]) => path === '$.b'), ['$.b', '- 1\n']);
  });

  it(`other YAML is read by the library up to ${MAX_GENERAL_YAML_SIZE / 1024} KiB, and refused one character past it, from the line it leaves plain block YAML`, () => {
    const sized = (length: number): string => {
      const head = 'a: 1\nb: &c 1\nd: ';
      return head + 'x'.repeat(length - head.length);
    };
    const atLimit = sized(MAX_GENERAL_YAML_SIZE);
    const read = parseYaml(atLimit);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(valueOf(read.root), { a: 1, b: 1, d: 'x'.repeat(MAX_GENERAL_YAML_SIZE - 16) });
    const past = sized(MAX_GENERAL_YAML_SIZE + 1);
    assert.deepEqual(problems(past, parseYaml(past)), [
      [
        'b: &c 1',
        5,
        'too-large',
        'This YAML is 64 KiB, and from this line on it is not plain block YAML (an anchor, a tag, a flow mapping, multi-line text, or a syntax error): such YAML is checked up to 64 KiB, plain block YAML up to 2 MiB. It is not checked.',
      ],
    ]);
    assert.equal(parseYaml(past).root, undefined);
  });

  it('the too-large finding marks the rest of its line, at most 200 characters, and says the size in KiB', () => {
    const filler = `a: ${'x'.repeat(70 * 1024)}\n`;
    const short = `${filler}b: &c 1\nd: 2\n`;
    assert.deepEqual(problems(short, parseYaml(short)).map((p) => p.slice(0, 3)), [['b: &c 1', filler.length, 'too-large']]);
    const long = `${filler}b: &c ${'y'.repeat(300)}\n`;
    assert.deepEqual(problems(long, parseYaml(long)).map((p) => p.slice(0, 3)), [[long.slice(filler.length, filler.length + 200), filler.length, 'too-large']]);
    const last = `${filler}b: &c 1`;
    assert.deepEqual(problems(last, parseYaml(last)).map((p) => p.slice(0, 3)), [['b: &c 1', filler.length, 'too-large']]);
    // A carriage return alone stops the fast parser on the first line: a blank one is marked by its line break.
    const blank = `\na: 1\rb: ${'x'.repeat(70 * 1024)}\n`;
    assert.deepEqual(parseYaml(blank).problems.map((p) => [p.span, p.code]), [[{ start: 0, end: 1 }, 'too-large']]);
    const huge = `a: ${'x'.repeat(1023 * 1024 + 600)}\nb: &c 1\n`;
    assert.match(parseYaml(huge).problems[0].message, /^This YAML is 1024 KiB, /);
  });
});

describe('parseYamlLibrary: what it says about a broken file, and where', () => {
  it('names a syntax error on its characters, without the library\'s line and column or code frame', () => {
    const cases: [string, [string, number, string, string][]][] = [
      ['a: 1\n\tb: 2', [['\t', 5, 'syntax', 'YAML syntax error: Tabs are not allowed as indentation']]],
      ['a: "x" junk', [['junk', 7, 'syntax', 'YAML syntax error: Unexpected scalar at node end']]],
      ['a: b: c', [['b', 3, 'syntax', 'YAML syntax error: Nested mappings are not allowed in compact mappings']]],
      ['`a', [['`', 0, 'syntax', 'YAML syntax error: Plain value cannot start with reserved character `']]],
      // At the end of the file: an empty mark there, not past it.
      ['a: [1, 2', [['', 8, 'syntax', 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']]],
    ];
    for (const [text, expected] of cases) assert.deepEqual(problems(text), expected, text);
  });

  it('a long source quoted in a message is shortened, and a message is cut at 300 characters', () => {
    const quoted = `a: 1\n]${'x'.repeat(80)}`;
    assert.deepEqual(problems(quoted), [
      [']', 5, 'syntax', 'YAML syntax error: Unexpected flow-seq-end token in YAML stream: "]"'],
      ['x'.repeat(80), 6, 'syntax', `YAML syntax error: Unexpected scalar token in YAML stream: "${'x'.repeat(57)}…"`],
    ]);
    const long = `a: |${'x'.repeat(400)}\n  t\n`;
    assert.deepEqual(problems(long).map((p) => p[3]), [`YAML syntax error: ${`Block scalar header includes extra characters: |${'x'.repeat(400)}`.slice(0, 300)}`]);
  });

  it('a second document is named on it, and only the first is read', () => {
    const text = 'a: 1\n---\nb: 2\n';
    assert.deepEqual(problems(text), [['---\nb: 2\n', 5, 'multiple-documents', 'A request file holds one YAML document; the documents after the first are ignored.']]);
    assert.deepEqual(valueOf(parseYamlLibrary(text).root), { a: 1 });
    // A syntax error in the second document is reported too.
    assert.deepEqual(problems('a: 1\n---\nb: "x" junk\n').map((p) => p[2]), ['syntax', 'multiple-documents']);
  });

  it('an empty file or one of comments has no tree and no problem', () => {
    for (const text of ['', '# c\n', '\n\n']) assert.deepEqual(parseYamlLibrary(text), { format: 'yaml', root: undefined, problems: [] }, JSON.stringify(text));
  });

  it('a key that is a list or a mapping is named where it stands and left out; a key without a value is null at its end', () => {
    const text = '[a]: 1\n? [x]\n: 2\n? b\nc: 3\n';
    assert.deepEqual(problems(text), [
      ['[a]', 0, 'syntax', 'Keys must be plain names.'],
      ['[x]', 9, 'syntax', 'Keys must be plain names.'],
    ]);
    const root = parseYamlLibrary(text).root;
    assert.deepEqual(valueOf(root), { b: null, c: 3 });
    const b = root?.type === 'object' ? root.properties[0] : undefined;
    assert.deepEqual([b?.keySpan, b?.value.span], [{ start: 19, end: 20 }, { start: 20, end: 20 }]);
  });

  it('reads what the fast parser leaves to it: flow mappings, block text, tags, numbers in other forms', () => {
    const text = 'a: {b: 1, c: [x, "y"]}\nd: |\n  two\n  lines\ne: !!str 12\nf: 0x1F\ng: 1e3\nh: .inf\ni: {t: true, n: ~}\n';
    const parsed = parseYamlLibrary(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(valueOf(parsed.root), { a: { b: 1, c: ['x', 'y'] }, d: 'two\nlines\n', e: '12', f: 31, g: 1000, h: Infinity, i: { t: true, n: null } });
    assert.deepEqual(marks(text, parsed.root).slice(0, 8), [
      ['$', text],
      ['$.a:key', 'a'],
      ['$.a', '{b: 1, c: [x, "y"]}'],
      ['$.a.b:key', 'b'],
      ['$.a.b', '1'],
      ['$.a.c:key', 'c'],
      ['$.a.c', '[x, "y"]'],
      ['$.a.c[0]', 'x'],
    ]);
  });

  it('a key given twice is kept twice, for the checks after parsing to name', () => {
    const parsed = parseYamlLibrary('a: {x: 1, x: 2}\n');
    assert.deepEqual(parsed.problems, []);
    const a = parsed.root?.type === 'object' ? parsed.root.properties[0].value : undefined;
    assert.deepEqual(a?.type === 'object' ? a.properties.map((p) => [p.key, valueOf(p.value)]) : [], [['x', 1], ['x', 2]]);
  });

  it('an error at the end of the file marks nothing past it', () => {
    for (const text of ['a: "x', '{a: 1', 'a: [1, 2']) assert.deepEqual(parseYamlLibrary(text).problems.map((p) => p.span), [{ start: text.length, end: text.length }], text);
  });

  it('a value of another type (binary) is read as its text', () => {
    const parsed = parseYamlLibrary('a: !!binary aGk=\n');
    const a = parsed.root?.type === 'object' ? parsed.root.properties[0].value : undefined;
    assert.equal(a?.type === 'scalar' ? typeof a.value : undefined, 'string');
  });
});

describe('parseYamlLibrary: nesting', () => {
  it(`flow brackets nested past ${MAX_DEPTH * 4} are refused at the first one too many, before the library reads them`, () => {
    const text = `a: ${'['.repeat(MAX_DEPTH * 4 + 1)}`;
    assert.deepEqual(problems(text), [['[', 3 + MAX_DEPTH * 4, 'too-deep', `Nesting deeper than ${MAX_DEPTH} levels: the content below this point is not checked.`]]);
    assert.equal(parseYamlLibrary(text).root, undefined);
    assert.equal(parseYamlLibrary(text).format, 'yaml');
    for (const start of ['- ', '', 'a:\n  ', 'a:\t', '  ', 'a: 1\r']) {
      const t = `${start}${'{"k": '.repeat(MAX_DEPTH * 4 + 1)}`;
      assert.deepEqual(problems(t).map((p) => [p[0], p[1], p[2]]), [['{', t.lastIndexOf('{'), 'too-deep']], JSON.stringify(start));
    }
  });

  it(`${MAX_DEPTH * 4} brackets are read, and cut off where they pass ${MAX_DEPTH} levels`, () => {
    const text = `a: ${'['.repeat(MAX_DEPTH * 4)}${']'.repeat(MAX_DEPTH * 4)}`;
    const found = problems(text);
    assert.equal(found.length, 1);
    assert.deepEqual([found[0][1], found[0][2]], [3 + MAX_DEPTH, 'too-deep']);
    assert.ok(found[0][0].startsWith('[['));
    // What lies past the cut reads as null.
    let node = parseYamlLibrary(text).root;
    node = node?.type === 'object' ? node.properties[0].value : undefined;
    for (let level = 1; level < MAX_DEPTH; level++) node = node?.type === 'array' ? node.items[0] : undefined;
    assert.deepEqual(node?.type === 'array' ? node.items.map((i) => [i.type, i.type === 'scalar' ? i.value : undefined, i.span.start]) : undefined, [['scalar', null, 3 + MAX_DEPTH]]);
  });

  it('brackets in quotes, comments and plain text, or closed as they go, open nothing', () => {
    const many = MAX_DEPTH * 4 + 10;
    const texts = [
      `a: "${'['.repeat(many)}"\n`,
      `a: '${'{'.repeat(many)}'\n`,
      `# ${'['.repeat(many)}\na: 1\n`,
      `a: 1 # ${'['.repeat(many)}\n`,
      `a: x${'['.repeat(many)}\n`,
      `a: x#${'['.repeat(many)}\n`,
      `a:${'['.repeat(many)}\n`,
      `a: ${'[]'.repeat(many)}\n`,
      `${Array.from({ length: many }, () => 'a: [1]').join('\n')}\n`,
      `- x-${'['.repeat(many)}\n`,
      // Where they would open a flow collection but for the comment or the quotes around them.
      `# x: ${'['.repeat(many)}\na: 1\n`,
      `a: 1 #x: ${'['.repeat(many)}\n`,
      `a: "b: ${'['.repeat(many)}"\n`,
      `a: 'b: ${'{'.repeat(many)}'\n`,
      `a: ${'{}'.repeat(many)}\n`,
      `x${'['.repeat(many)}\n`,
      `a: x ${'['.repeat(many)}\n`,
    ];
    for (const text of texts) assert.ok(!parseYamlLibrary(text).problems.some((p) => p.code === 'too-deep'), JSON.stringify(text.slice(0, 20)));
  });

  it('a quote ends at its line, a comment at its line, and the brackets after them count again', () => {
    const many = MAX_DEPTH * 4 + 1;
    // Inside a flow list, one bracket is open already; `#` after no blank is no comment there, a quote's brackets are not counted.
    for (const before of ['a: "x\nb: ', "a: 'x\nb: ", '# c\nb: ', 'a: 1 # c\nb: ', 'a: [x#', 'a: [x"[[", ']) {
      const text = `${before}${'['.repeat(before.startsWith('a: [') ? many - 1 : many)}`;
      assert.deepEqual(problems(text).filter((p) => p[2] === 'too-deep').map((p) => p[1]), [text.length - 1], JSON.stringify(before));
    }
    // Closing brackets without an opening one do not lower the count below nothing.
    const unbalanced = `a: ${']'.repeat(10)}\nb: ${'['.repeat(many)}`;
    assert.deepEqual(problems(unbalanced).filter((p) => p[2] === 'too-deep').map((p) => p[1]), [unbalanced.length - 1]);
  });
});

describe('parseYamlLibrary: aliases', () => {
  it('an alias reads as its anchor\'s value, every key and value marked at the alias', () => {
    const text = 'b: &m {k: [1, 2]}\nc: *m\n';
    const parsed = parseYamlLibrary(text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(valueOf(parsed.root), { b: { k: [1, 2] }, c: { k: [1, 2] } });
    assert.deepEqual(
      marks(text, parsed.root).filter(([path]) => path.startsWith('$.c')),
      [
        ['$.c:key', 'c'],
        ['$.c', '*m'],
        ['$.c.k:key', '*m'],
        ['$.c.k', '*m'],
        ['$.c.k[0]', '*m'],
        ['$.c.k[1]', '*m'],
      ],
    );
  });

  it('an alias names the last anchor of its name before it; one before any anchor, or inside its own, resolves to nothing', () => {
    assert.deepEqual(valueOf(parseYamlLibrary('a: &x 1\nb: *x\nc: &x 2\nd: *x\n').root), { a: 1, b: 1, c: 2, d: 2 });
    const early = 'a: *x\nb: &x 1\n';
    assert.deepEqual(problems(early), [['*x', 3, 'syntax', 'YAML alias *x does not resolve to a usable value.']]);
    assert.deepEqual(valueOf(parseYamlLibrary(early).root), { a: null, b: 1 });
    const own = 'a: &l [*l]\n';
    assert.deepEqual(problems(own), [['*l', 7, 'syntax', 'YAML alias *l does not resolve to a usable value.']]);
    assert.deepEqual(valueOf(parseYamlLibrary(own).root), { a: [[null]] });
    // An anchor on a key is found too.
    assert.deepEqual(valueOf(parseYamlLibrary('? &k a\n: 1\nb: *k\n').root), { a: 1, b: 'a' });
    const long = `a: *${'n'.repeat(70)}\n`;
    assert.deepEqual(problems(long).map((p) => p[3]), [`YAML alias *${'n'.repeat(57)}… does not resolve to a usable value.`]);
  });

  it(`aliases may add ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values, counted with their lists and mappings, and not one more`, function () {
    this.timeout(20_000);
    // A list of n items is n + 1 values.
    const exact = `a: &a ${flowList(MAX_ALIAS_EXPANSION - 1)}\nb: *a\n`;
    assert.deepEqual(parseYamlLibrary(exact).problems, []);
    const over = `a: &a ${flowList(MAX_ALIAS_EXPANSION)}\nb: *a\n`;
    assert.deepEqual(problems(over), [['*a', over.lastIndexOf('*a'), 'alias-too-large', 'YAML alias *a is not expanded: it stands for 10,001 values, and aliases may add at most 10,000 to a request, so that a small file cannot expand to millions.']]);
    assert.equal((valueOf(parseYamlLibrary(over).root) as { b: unknown }).b, null);
    // With the budget spent, the next alias says its own size: a mapping counts itself and its values, not its keys.
    const spent = `${exact}m: &m {k: [1, 2], j: x}\nn: *m\n`;
    assert.deepEqual(problems(spent).map((p) => p.slice(1)), [[spent.lastIndexOf('*m'), 'alias-too-large', 'YAML alias *m is not expanded: it stands for 5 values, and aliases may add at most 10,000 to a request (0 left after the aliases before it), so that a small file cannot expand to millions.']]);
  });

  it('the first alias past the budget says what was left and how many after it were refused too', () => {
    const text = `a: &a ${flowList(4999)}\nb: *a\nc: *a\nd: *a\ne: *a\nf: *a\n`;
    const third = text.indexOf('*a', text.indexOf('c: *a') + 3 + 1);
    assert.deepEqual(problems(text), [
      [
        '*a',
        third,
        'alias-too-large',
        'YAML alias *a is not expanded: it stands for 5,000 values, and aliases may add at most 10,000 to a request (0 left after the aliases before it), so that a small file cannot expand to millions. Nor are the 2 aliases after it that pass the limit.',
      ],
    ]);
    const list = Array.from({ length: 4999 }, (_, i) => i);
    assert.deepEqual(valueOf(parseYamlLibrary(text).root), { a: list, b: list, c: list, d: null, e: null, f: null });
  });

  it('an alias past the budget says how many values it stands for, counted expanded', () => {
    // Aliases of a 99-item list spend what the budget has left; the alias after them is refused with its own size.
    assert.deepEqual(parseYamlLibrary(spending(MAX_ALIAS_EXPANSION)).problems, []);
    // The anchor comes first: what aliases inside it add there is `spentBefore`.
    const sizeOf = (anchored: string, spentBefore = 0, before = ''): string => {
      const full = `${before}q: &q ${anchored}\n${spending(MAX_ALIAS_EXPANSION - spentBefore)}`;
      assert.deepEqual(parseYamlLibrary(full).problems.filter((p) => p.code === 'alias-too-large'), [], `${anchored}: the budget is spent exactly`);
      const text = `${full}n: *q\n`;
      const refused = parseYamlLibrary(text).problems.filter((p) => p.code === 'alias-too-large');
      assert.deepEqual(refused.map((p) => text.slice(p.span.start, p.span.end)), ['*q'], anchored);
      return /stands for ([^,]+),/.exec(refused[0].message)?.[1] ?? '';
    };
    // A mapping counts itself and its values, not its keys, even an anchored or a refused one.
    assert.equal(sizeOf('{k: [1, 2], j: x}'), '5 values');
    assert.equal(sizeOf('{&k key: 1}'), '2 values');
    assert.equal(sizeOf('{? [x]: 1, y: 2}'), '3 values');
    assert.equal(sizeOf('5'), '1 value');
    assert.equal(sizeOf('\n  -\n  - 1'), '3 values');
    // An alias that names nothing counts as one value; one that loops back into its anchor, as one more.
    assert.equal(sizeOf('[*nope, 1]'), '3 values');
    assert.equal(sizeOf('[*q]', 2), '2 values');
    assert.equal(sizeOf('[1, [*q]]', 4), '4 values');
    // An alias inside counts what it stands for, expanded in turn, and is paid for once (twice before: the
    // aliases inside an alias were charged again as it was expanded).
    assert.equal(sizeOf('[*y, *z]', 16, 'z: &z [1, 2]\ny: &y [*z, *z]\n'), '11 values');
  });

  it('the first alias refused says how many after it were refused too, in the singular for one', () => {
    const spend = spending(MAX_ALIAS_EXPANSION);
    const one = `${spend}c: *a\nd: *a\n`;
    assert.deepEqual(problems(one).map((p) => p[3]), ['YAML alias *a is not expanded: it stands for 100 values, and aliases may add at most 10,000 to a request (0 left after the aliases before it), so that a small file cannot expand to millions. Nor is the alias after it that passes the limit.']);
    const none = `${spend}c: *a\n`;
    assert.deepEqual(problems(none).map((p) => p[3]), ['YAML alias *a is not expanded: it stands for 100 values, and aliases may add at most 10,000 to a request (0 left after the aliases before it), so that a small file cannot expand to millions.']);
    // A long alias name is shortened in the message.
    const name = 'n'.repeat(70);
    const long = `${spend}x: &${name} [1]\nc: *${name}\n`;
    assert.match(problems(long)[0][3], new RegExp(`^YAML alias \\*${'n'.repeat(57)}… is not expanded: it stands for 2 values`));
  });

  it('an alias of over a trillion values says so, not the number', () => {
    // Anchors in keys are not read, so these ten-fold aliases cost nothing until the last line.
    const lines = ['? &a0 [1,1,1,1,1,1,1,1,1,1]', ': 0'];
    for (let i = 1; i <= 12; i++) lines.push(`? &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`, ': 0');
    lines.push('x: *a12');
    const refused = parseYamlLibrary(lines.join('\n')).problems.filter((p) => p.code === 'alias-too-large');
    assert.deepEqual(refused.map((p) => p.message), ['YAML alias *a12 is not expanded: it stands for over a trillion values, and aliases may add at most 10,000 to a request, so that a small file cannot expand to millions.']);
  });

  it('nested aliases are counted expanded, and an alias that loops counts as one', () => {
    // Ten aliases of ten aliases of ... : 10^5 values from a few lines.
    const lines = ['a: &a [1,1,1,1,1,1,1,1,1,1]'];
    for (let i = 1; i < 6; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const text = lines.join('\n');
    const refused = parseYamlLibrary(text).problems.filter((p) => p.code === 'alias-too-large');
    assert.equal(refused.length, 1);
    assert.match(refused[0].message, /^YAML alias \*[a-f] is not expanded: it stands for [\d,]+ values, and aliases may add at most 10,000 to a request \([\d,]+ left after the aliases before it\), so that a small file cannot expand to millions\. Nor are the [\d,]+ aliases after it that pass the limit\.$/);
    const sizes = [...refused[0].message.matchAll(/[\d,]+(?= values)/g)].map((m) => m[0]);
    assert.deepEqual(sizes, ['1,111']);
  });
});
