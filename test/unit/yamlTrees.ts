import assert from 'node:assert/strict';
import { parseYamlLibrary } from '../../server/src/core/parse/yaml';
import { parseYamlFast } from '../../server/src/core/parse/yamlFast';
import { SourceNode } from '../../server/src/core/tree';

/** The trees must be the same, spans included (a collection's end may differ by trailing white space). */
function difference(a: SourceNode, b: SourceNode, text: string, where = '$'): string | undefined {
  const trim = (e: number): number => {
    while (e > 0 && /\s/.test(text[e - 1])) e--;
    return e;
  };
  if (a.type !== b.type) return `${where}: ${a.type} vs ${b.type}`;
  if (a.span.start !== b.span.start) return `${where}: starts at ${a.span.start} vs ${b.span.start}`;
  if (a.type === 'scalar' && b.type === 'scalar') {
    if (a.span.end !== b.span.end) return `${where}: ends at ${a.span.end} vs ${b.span.end}`;
    return a.value === b.value ? undefined : `${where}: ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`;
  }
  if (trim(a.span.end) !== trim(b.span.end)) return `${where}: ends at ${a.span.end} vs ${b.span.end}`;
  if (a.type === 'object' && b.type === 'object') {
    if (a.properties.length !== b.properties.length) return `${where}: ${a.properties.length} vs ${b.properties.length} keys`;
    for (const [i, p] of a.properties.entries()) {
      const q = b.properties[i];
      if (p.key !== q.key || p.keySpan.start !== q.keySpan.start || p.keySpan.end !== q.keySpan.end) return `${where}: key ${p.key}@${p.keySpan.start} vs ${q.key}@${q.keySpan.start}`;
      const d = difference(p.value, q.value, text, `${where}.${p.key}`);
      if (d) return d;
    }
  }
  if (a.type === 'array' && b.type === 'array') {
    if (a.items.length !== b.items.length) return `${where}: ${a.items.length} vs ${b.items.length} items`;
    for (const [i, item] of a.items.entries()) {
      const d = difference(item, b.items[i], text, `${where}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

/** Whatever the fast parser accepts, the library reads the same way and without error. */
export function agree(text: string, what: string): boolean {
  const fast = parseYamlFast(text);
  if (!fast) return false;
  const lib = parseYamlLibrary(text);
  assert.deepEqual(lib.problems.map((p) => p.message), [], `${what}: the fast parser accepted what the library rejects`);
  if (!fast.root || !lib.root) {
    assert.equal(fast.root, lib.root, `${what}: an empty document for one, not the other`);
    return true;
  }
  assert.equal(difference(fast.root, lib.root, text), undefined, what);
  return true;
}
