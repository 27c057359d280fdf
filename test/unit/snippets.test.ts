import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../../server/src/core/model';
import { serialize } from '../../server/src/core/serialize';
import { DEFINITIONS, renderSnippetFile, Snippet, SNIPPET_FORMATS, snippetFileText, snippetsFor } from '../../server/src/service/snippets';
import { renderBody } from '../../server/src/service/snippets/render';
import { choice, defaults, num, ObjectValue, text } from '../../server/src/service/snippets/template';
import { Format } from '../../server/src/core/tree';
import { expandSnippet as expand, plain } from './helpers';

const ROOT = join(__dirname, '../../..');
type Kind = ConnectorKind;
const CONNECTOR = CONNECTOR_ELEMENTS;

const fileName = (base: string, format: Format): string => `${base}.${format}`;

function boundOf(textValue: string, name: string): unknown {
  return plain(analyze(textValue, name).bound?.value);
}

function findingsOf(textValue: string, name: string): string[] {
  return analyze(textValue, name).findings.map((f) => `${f.severity} ${f.code} ${f.path ?? ''}: ${f.message}`);
}

/** A minimal request of a kind, with `fields` between its name and its description. */
function hostValue(kind: Kind, fields: unknown): unknown {
  return { ServiceRequest: { data: { [CONNECTOR[kind]]: { name: 'Host connector', ...(fields as object), description: 'Host' } } } };
}

/** The host request with a fragment inserted before its description, each line indented as the description is. */
function insertFragment(kind: Kind, format: Format, fragment: string): string {
  const lines = serialize(hostValue(kind, {}), format).split('\n');
  const at = lines.findIndex((l) => l.includes('description'));
  const indent = /^ */.exec(lines[at])?.[0] ?? '';
  const inserted = fragment.split('\n').map((l) => indent + l);
  if (format === 'json') inserted[inserted.length - 1] += ',';
  lines.splice(at, 0, ...inserted);
  return lines.join('\n');
}

/** Where a snippet is checked: the documents it makes, with the value they must read as. */
function cases(snippet: Snippet, format: Format): { name: string; text: string; expected: unknown }[] {
  const def = DEFINITIONS.find((d) => d.name === snippet.name);
  assert.ok(def, snippet.name);
  const expanded = expand(snippet.body).text;
  if (snippet.scope === 'request') {
    const name = fileName(`snippet-${snippet.kind}-${snippet.operation}`, format);
    return [{ name, text: expanded, expected: boundOf(serialize(defaults(def.value), format), name) }];
  }
  const kinds = snippet.kinds;
  return kinds.map((kind) => {
    const name = fileName(`host-${kind}-update`, format);
    return { name, text: insertFragment(kind, format, expanded), expected: boundOf(serialize(hostValue(kind, defaults(def.value)), format), name) };
  });
}

describe('snippets', () => {
  describe('the expander used by these tests', () => {
    it('takes defaults, first choices and escapes, nested or not', () => {
      const e = expand('a ${1:foo ${2:b\\}ar}} \\$x \\\\ ${3|x\\,y,z|} $4${5}$0');
      assert.deepEqual(e, { text: 'a foo b}ar $x \\ x,y ', stops: [1, 2, 3, 4, 5], finals: 1 });
    });

    it('refuses an unescaped $ and unclosed placeholders', () => {
      assert.throws(() => expand('cost $ 5'));
      assert.throws(() => expand('${1:open'));
    });
  });

  it('has the same snippets, in the same order, in every format', () => {
    const [xml, json, yaml] = SNIPPET_FORMATS.map((f) => snippetsFor(f).map((s) => `${s.name} ${s.prefix} ${s.scope} ${s.kind ?? ''}`));
    assert.ok(xml.length >= 10, 'at least 10 snippets a format');
    assert.deepEqual(json, xml);
    assert.deepEqual(yaml, xml);
  });

  it('has unique qualys- prefixes and names', () => {
    const list = snippetsFor('json');
    assert.equal(new Set(list.map((s) => s.prefix)).size, list.length);
    assert.equal(new Set(list.map((s) => s.name)).size, list.length);
    for (const s of list) assert.match(s.prefix, /^qualys-[a-z-]+$/);
  });

  it('has the whole requests the New Request command inserts', () => {
    for (const format of SNIPPET_FORMATS) {
      for (const prefix of ['qualys-aws-create', 'qualys-aws-update', 'qualys-azure-create', 'qualys-azure-update']) {
        assert.equal(snippetsFor(format).find((s) => s.prefix === prefix)?.scope, 'request', `${format} ${prefix}`);
      }
    }
  });

  for (const format of SNIPPET_FORMATS) {
    describe(format.toUpperCase(), () => {
      it('matches the committed snippets file', () => {
        const committed = readFileSync(join(ROOT, 'snippets', `${format}.json`), 'utf8');
        assert.equal(committed, snippetFileText(format), `snippets/${format}.json is stale: run npm run snippets`);
        const file = renderSnippetFile(format);
        for (const s of snippetsFor(format)) assert.equal(file[s.name]?.body.join('\n'), s.body);
      });

      for (const snippet of snippetsFor(format)) {
        describe(snippet.prefix, () => {
          it('numbers its tab stops 1, 2, 3... in document order and ends with $0', () => {
            const { stops, finals } = expand(snippet.body);
            assert.deepEqual(stops, stops.map((_, k) => k + 1));
            assert.equal(finals, 1);
            assert.ok(snippet.body.endsWith('$0'));
          });

          it('is indented with 2 spaces a level from column 0', () => {
            for (const line of snippet.body.split('\n')) {
              assert.doesNotMatch(line, /\t/);
              assert.equal((/^ */.exec(line)?.[0].length ?? 0) % 2, 0, line);
            }
            if (snippet.scope === 'connector-fields') {
              assert.doesNotMatch(snippet.body, /^\s/, 'starts at column 0');
              if (format === 'json') assert.doesNotMatch(snippet.body, /,\s*\$0$/, 'no trailing comma');
            }
          });

          it('validates with its defaults, with no error and no warning', () => {
            for (const c of cases(snippet, format)) {
              const result = analyze(c.text, c.name);
              assert.equal(result.isRequest, true);
              assert.deepEqual(findingsOf(c.text, c.name), [], `${c.name}:\n${c.text}`);
              assert.deepEqual(plain(result.bound?.value), c.expected, 'reads as its definition with the defaults');
            }
          });
        });
      }
    });
  }

  describe('parity: each snippet reads as the same request in XML, JSON and YAML', () => {
    for (const [i, snippet] of snippetsFor('json').entries()) {
      it(snippet.prefix, () => {
        const [xml, json, yaml] = SNIPPET_FORMATS.map((f) => cases(snippetsFor(f)[i], f).map((c) => boundOf(c.text, c.name)));
        assert.ok(json.length > 0 && json.every((v) => v !== undefined));
        assert.deepEqual(xml, json, 'XML');
        assert.deepEqual(yaml, json, 'YAML');
      });
    }
  });

  it('escapes snippet syntax and each format in defaults, choices and literal text', () => {
    const value: ObjectValue = {
      ServiceRequest: {
        data: {
          AwsAssetDataConnector: {
            name: text('Cost $5 {center} "A&B" <x>, y|z \\ end'),
            description: choice('a,b|c}$', 'd'),
            externalId: 'ext ${1} "q" <&> \\',
            arn: text('arn:aws:iam::', text('123456789012'), ':role/', text('Role}$x')),
            runFrequency: num(60),
          },
        },
      },
    };
    for (const format of SNIPPET_FORMATS) {
      const body = renderBody(value, format, 'request');
      const name = fileName('escape-update', format);
      const expanded = expand(body);
      assert.deepEqual(expanded.stops, [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(boundOf(expanded.text, name), boundOf(serialize(defaults(value), format), name), `${format}:\n${body}`);
    }
  });
});
