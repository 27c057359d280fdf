import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/core/analyze';
import { documentValue } from '../../server/src/core/bind';
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

/**
 * Every fixture that parses converts to every format and back with its data unchanged. XML has no
 * types of its own, so a request leaving XML must come back to XML unchanged, and JSON and YAML
 * must convert into each other exactly; JSON and YAML through XML are checked on the valid samples.
 */
describe('convert: round trip over every fixture', () => {
  const all = [...fixtureNames('valid').map((f) => ['valid', f]), ...fixtureNames('invalid').map((f) => ['invalid', f])];
  for (const [dir, name] of all) {
    const { text } = marked(fixture(dir, name));
    const format = name.split('.').pop() === 'xml' ? 'xml' : name.endsWith('.json') ? 'json' : 'yaml';
    const a = analyze(text, name);
    if (!a.bound || a.parsed.problems.some((p) => p.code === 'syntax' || p.code === 'too-deep')) continue;
    it(`${dir}/${name}`, () => {
      const original = valueOf(text, name);
      const targets = format === 'xml' ? FORMATS : dir === 'valid' ? FORMATS : FORMATS.filter((f) => f !== 'xml');
      for (const to of targets) {
        const there = convert(text, name, to);
        const back = convert(there, `x.${to}`, format);
        assert.deepEqual(valueOf(back, `y.${format}`), original, `${format} -> ${to} -> ${format}`);
        assert.deepEqual(
          analyze(back, name).findings.map((f) => `${f.code} ${f.path}`),
          a.findings.filter((f) => f.code !== 'duplicate-key' && f.code !== 'duplicate-element' && f.code !== 'mixed-content' && f.code !== 'multiple-documents').map((f) => `${f.code} ${f.path}`),
          `findings after ${format} -> ${to} -> ${format}`,
        );
      }
    });
  }
});
