import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/core/analyze';
import { documentValue, documentValueAt } from '../../server/src/core/bind';
import { LanguageService } from '../../server/src/service/languageService';
import { Format } from '../../server/src/core/tree';
import { fixture, fixtureNames, marked } from './helpers';

const service = new LanguageService({ include: [] });
const FORMATS: Format[] = ['xml', 'json', 'yaml'];

function convert(text: string, name: string, to: Format): string {
  const ext = name.split('.').pop() as string;
  const result = service.convert(TextDocument.create(`file:///rt/${name}`, ext === 'yml' ? 'yaml' : ext, 1, text), to);
  if ('error' in result) throw new Error(`${name} -> ${to}: ${result.error}`);
  return result.text;
}

function valueOf(text: string, name: string): unknown {
  const bound = analyze(text, name).bound;
  return bound ? JSON.parse(JSON.stringify(documentValue(bound))) : undefined;
}

/** The value as checked: a quoted "240" read as 240. */
function typedValueOf(text: string, name: string): unknown {
  const bound = analyze(text, name).bound;
  return bound ? JSON.parse(JSON.stringify(bound.value)) : undefined;
}

const FORMAT_ONLY = new Set(['duplicate-key', 'duplicate-element', 'mixed-content', 'multiple-documents']);

/**
 * Every fixture that parses converts to every format and back with its data unchanged. XML has no
 * types of its own, so a request leaving XML must come back to XML unchanged, and JSON and YAML
 * must convert into each other exactly; JSON and YAML through XML are checked on the valid samples.
 */
describe('convert: round trip over every fixture', () => {
  const all = [...fixtureNames('valid').map((f) => ['valid', f]), ...fixtureNames('invalid').map((f) => ['invalid', f])];
  for (const [dir, name] of all) {
    // Analysed inside the test, not while mocha loads the file: work done at load time makes every
    // binder mutant a static one, which Stryker runs against every test.
    it(`${dir}/${name} (when it parses)`, () => {
      const { text } = marked(fixture(dir, name));
      const format = name.split('.').pop() === 'xml' ? 'xml' : name.endsWith('.json') ? 'json' : 'yaml';
      const a = analyze(text, name);
      if (!a.bound || a.parsed.problems.some((p) => p.code === 'syntax' || p.code === 'too-deep')) return;
      const targets = format === 'xml' ? FORMATS : dir === 'valid' ? FORMATS : FORMATS.filter((f) => f !== 'xml');
      for (const to of targets) {
        // XML has no quotes: a quoted "240" comes back from it as 240, which Qualys reads alike.
        const throughXml = to === 'xml' && format !== 'xml';
        const read = throughXml ? typedValueOf : valueOf;
        const there = convert(text, name, to);
        const back = convert(there, `x.${to}`, format);
        assert.deepEqual(read(back, `y.${format}`), read(text, name), `${format} -> ${to} -> ${format}`);
        assert.deepEqual(
          analyze(back, name).findings.map((f) => `${f.code} ${f.path}`),
          a.findings.filter((f) => !FORMAT_ONLY.has(f.code) && !(throughXml && f.code === 'quoted-value')).map((f) => `${f.code} ${f.path}`),
          `findings after ${format} -> ${to} -> ${format}`,
        );
      }
    });
  }
});

/** Every path into a plain value, with the value there, as a reader indexing it step by step finds it. */
function pathsOf(value: unknown, at: (string | number)[] = [], out: [(string | number)[], unknown][] = []): [(string | number)[], unknown][] {
  out.push([at, value]);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

describe('documentValueAt: the value at a path without building the whole request', () => {
  const all = [...fixtureNames('valid').map((f) => ['valid', f]), ...fixtureNames('invalid').map((f) => ['invalid', f])];
  for (const [dir, name] of all) {
    it(`${dir}/${name}: every path gives what the whole value holds there, and a path past it nothing`, () => {
      const bound = analyze(marked(fixture(dir, name)).text, name).bound;
      if (!bound) return;
      const whole = documentValue(bound);
      for (const [path, value] of pathsOf(whole)) {
        assert.deepEqual(documentValueAt(bound, path), value, `${name} at ${path.join('.')}`);
        // An index into an object, a key into a list, a step below a scalar: nothing, as indexing the value finds.
        for (const step of [0, 'nope', '0']) {
          const beyond = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[String(step)] : undefined;
          assert.deepEqual(documentValueAt(bound, [...path, step]), beyond, `${name} at ${[...path, step].join('.')}`);
        }
      }
    });
  }
  it('a one-or-many written as one item is read as the item: an index into it finds nothing, its keys are its own', () => {
    const text = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: n\n      activation:\n        set:\n          ActivationModule: VM\n      defaultTags:\n        set:\n          TagSimple:\n            id: 7\n';
    const bound = analyze(text, 'x.qualys.yaml').bound;
    assert.ok(bound);
    const tags = ['ServiceRequest', 'data', 'AwsAssetDataConnector', 'defaultTags', 'set', 'TagSimple'];
    assert.deepEqual(documentValueAt(bound, tags), { id: 7 });
    assert.equal(documentValueAt(bound, [...tags, 'id']), 7);
    assert.equal(documentValueAt(bound, [...tags, 0]), undefined);
    assert.equal(documentValueAt(bound, ['ServiceRequest', 'data', 'AwsAssetDataConnector', 'activation', 'set', 'ActivationModule']), 'VM');
  });
});
