import { SourceNode } from './tree';

/** A parsed tree as a plain value with no schema: repeated keys become lists, XML text stays text. */
export function plainValue(node: SourceNode, depth = 0): unknown {
  if (depth > 64) return null;
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map((n) => plainValue(n, depth + 1));
    case 'object': {
      const out = new Map<string, unknown[]>();
      for (const p of node.properties) {
        const list = out.get(p.key) ?? [];
        list.push(plainValue(p.value, depth + 1));
        out.set(p.key, list);
      }
      return Object.fromEntries([...out].map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    }
  }
}
