import { Located } from '../bind';
import { shortName } from '../finding';
import { Span } from '../tree';

/*
 * Where a finding about a bound value lands, and how its message names the field and quotes the
 * value: shared by the schema's findings, the rules and hover, so that they all point alike.
 */

/** The name a user reads for a value: its key (a list item's list key), cut to fit a message. */
export function fieldName(loc: Located): string {
  return shortName(loc.name || 'ServiceRequest');
}

/** A value as a message quotes it: text in quotes and cut to fit, a list or an object by what it is. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
  return String(value);
}

/** Where a finding about a value lands: a scalar itself, an object or a list at its key. */
export function valueSpan(loc: Located): Span {
  const s = loc.node.span;
  // A whole object or list is a large place to underline; its key says where it is.
  if (loc.node.type !== 'scalar' && loc.keySpan) return loc.keySpan;
  return s.end > s.start ? s : loc.keySpan ?? { start: s.start, end: s.start + 1 };
}

/** Where a finding about a field as a whole lands (missing, empty, extra): its key, or its first character where it has none. */
export function keyOrStart(loc: Located): Span {
  return loc.keySpan ?? { start: loc.node.span.start, end: Math.max(loc.node.span.start + 1, Math.min(loc.node.span.end, loc.node.span.start + 1)) };
}
