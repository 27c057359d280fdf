import { Analysis } from '../core/analyze';
import { Located } from '../core/bind';
import { Span } from '../core/tree';

/**
 * The key an API error message names, found in the request: the longest key of the file that the
 * message mentions as a word (`Invalid value for runFrequency` → runFrequency). The deepest
 * occurrence wins: `name` inside ConnectorAppInfo before the connector's own `name` only when the
 * message's path says so; otherwise the first in the file.
 */
export function locateField(analysis: Analysis, message: string): { field: string; span: Span } | undefined {
  const index = analysis.bound?.index;
  if (!index) return undefined;
  // A path in the message (`filters.Criteria[0]`, `data.AwsAssetDataConnector.runFrequency`) says exactly where.
  const paths = [...message.matchAll(/[A-Za-z_][\w]*(?:(?:\.[A-Za-z_][\w]*)|\[\d+\])+/g)].map((m) => m[0]).sort((a, b) => b.length - a.length);
  for (const p of paths) {
    for (const loc of index.values()) {
      // A list item without a key of its own (JSON, YAML) is marked whole.
      if (loc.path === p || loc.path.endsWith('.' + p)) return { field: loc.name, span: loc.keySpan ?? loc.node.span };
    }
  }
  const byKey = new Map<string, Located[]>();
  for (const loc of index.values()) {
    if (!loc.keySpan) continue;
    const key = loc.name;
    if (!key) continue;
    const list = byKey.get(key) ?? [];
    if (!list.some((l) => l.keySpan?.start === loc.keySpan?.start)) list.push(loc);
    byKey.set(key, list);
  }
  const mentioned = [...byKey.keys()].filter((k) => new RegExp(`(^|[^A-Za-z0-9_])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(message));
  if (mentioned.length === 0) return undefined;
  // The most specific mention: the longest key, and among its places the one whose path the message also names.
  mentioned.sort((a, b) => b.length - a.length);
  const field = mentioned[0];
  const places = byKey.get(field) as Located[];
  const best = places.find((p) => message.includes(p.path)) ?? places[0];
  return { field, span: best.keySpan as Span };
}
