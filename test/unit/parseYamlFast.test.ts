import assert from 'node:assert/strict';
import { parseYamlLibrary } from '../../server/src/core/parse/yaml';
import { parseYamlFast } from '../../server/src/core/parse/yamlFast';
import { MAX_DEPTH, SourceNode } from '../../server/src/core/tree';
import { agree } from './yamlTrees';

/** The fast parser's tree of a text it must read, after checking the library reads it the same. */
function reads(text: string): SourceNode | undefined {
  assert.ok(agree(text, JSON.stringify(text)), `the fast parser refused ${JSON.stringify(text)}`);
  return parseYamlFast(text)?.root;
}

describe('the fast YAML parser: what it leaves to the library', () => {
  it(`nesting the library reports as deeper than ${MAX_DEPTH} levels, whatever the innermost collection (it read 64 before)`, () => {
    const maps = (levels: number, leaf: string): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k:\n`).join('') + `${'  '.repeat(levels)}${leaf}\n`;
    const lists = (levels: number, leaf: string): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}-\n`).join('') + `${'  '.repeat(levels)}${leaf}\n`;
    for (const nest of [maps, lists]) {
      for (const leaf of ['v: 1', '- 1', 'v: [1]', 'v: []', '- a: 1', '- [1]']) {
        const seen = new Set<boolean>();
        for (let levels = MAX_DEPTH - 3; levels <= MAX_DEPTH + 1; levels++) {
          const text = nest(levels, leaf);
          const deep = parseYamlLibrary(text).problems.some((p) => p.code === 'too-deep');
          seen.add(deep);
          if (deep) assert.equal(parseYamlFast(text), undefined, `${levels} levels of ${leaf}`);
          else reads(text);
        }
        assert.equal(seen.size, 2, `${leaf}: both sides of the limit`);
      }
    }
  });
});
