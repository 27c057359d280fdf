import { Located } from '../core/bind';
import { indentOf, lineStartOf } from './lines';
import { Format, Span } from '../core/tree';

/** Text edits that keep a request well-formed in its own format. */
export interface Edit {
  span: Span;
  newText: string;
}

/** Renames a key; in XML both the start tag and its closing tag. */
export function renameKey(text: string, format: Format, loc: Located, name: string): Edit[] {
  const key = loc.keySpan;
  if (!key) return [];
  const current = text.slice(key.start, key.end);
  if (format === 'json') return [{ span: key, newText: JSON.stringify(name) }];
  if (format === 'yaml') return [{ span: key, newText: /^["']/.test(current) ? current[0] + name + current[0] : name }];
  const edits: Edit[] = [{ span: key, newText: name }];
  const close = closingTag(text, key, current);
  if (close) edits.push({ span: close, newText: name });
  return edits;
}

/** The name span inside the closing tag that matches the start tag at `key`, counting nested same-name elements. */
function closingTag(text: string, key: Span, name: string): Span | undefined {
  const startTagEnd = text.indexOf('>', key.end);
  if (startTagEnd < 0 || text[startTagEnd - 1] === '/') return undefined;
  const pattern = new RegExp(`<(/?)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s/>])`, 'g');
  pattern.lastIndex = startTagEnd;
  let depth = 1;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[1]) depth--;
    else if (text[text.indexOf('>', m.index) - 1] !== '/') depth++;
    if (depth === 0) return { start: m.index + 2, end: m.index + 2 + name.length };
  }
  return undefined;
}

/** Replaces a scalar value, keeping the format's quoting. */
export function replaceValue(text: string, format: Format, span: Span, value: string): Edit {
  const current = text.slice(span.start, span.end);
  if (format === 'json') return { span, newText: JSON.stringify(value) };
  if (format === 'yaml') return { span, newText: /^["']/.test(current) ? current[0] + value + current[0] : value };
  return { span, newText: value.replace(/&/g, '&amp;').replace(/</g, '&lt;') };
}

/** Where a property stands in the text, key to value end (in XML, the whole element). */
export function propertyExtent(text: string, format: Format, loc: Located): Span | undefined {
  const key = loc.keySpan;
  if (!key) return undefined;
  if (format === 'xml') {
    const start = text.lastIndexOf('<', key.start);
    const name = text.slice(key.start, key.end);
    const close = closingTag(text, key, name);
    const end = close ? text.indexOf('>', close.end) + 1 : text.indexOf('>', key.end) + 1;
    // An element given several times is one list (the binder gathers them): it ends with its last element.
    const last = loc.node.type === 'array' ? loc.children?.[loc.children.length - 1] : undefined;
    const lastEnd = last?.keySpan && last.keySpan !== key ? (propertyExtent(text, format, last)?.end ?? 0) : 0;
    return { start, end: Math.max(end, loc.node.span.end, lastEnd) };
  }
  // A YAML block's range runs on to the next line's start; the property ends where its text does.
  let end = Math.max(key.end, loc.node.span.end);
  while (end > key.end && /\s/.test(text[end - 1])) end--;
  return { start: key.start, end };
}

/** Removes a property, with its separating comma in JSON and its line when nothing else stands on it. */
export function removeProperty(text: string, format: Format, loc: Located): Edit | undefined {
  const extent = propertyExtent(text, format, loc);
  return extent ? removeExtent(text, format, extent) : undefined;
}

/**
 * Removes some properties of one object in one go. Neighbours are removed as one run, so that in
 * JSON no two removals claim the same comma (the edits of a quick fix must not overlap).
 */
export function removeProperties(text: string, format: Format, parent: Located, doomed: Set<Located>): Edit[] {
  const runs: Located[][] = [];
  let run: Located[] = [];
  for (const child of parent.children ?? []) {
    if (doomed.has(child)) run.push(child);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  const edits: Edit[] = [];
  for (const r of runs) {
    const first = propertyExtent(text, format, r[0]);
    const last = propertyExtent(text, format, r[r.length - 1]);
    if (first && last) edits.push(removeExtent(text, format, { start: first.start, end: last.end }));
  }
  return edits;
}

/**
 * Removes one item of a list of several: an XML element, a JSON array item with its comma, a YAML
 * `- ` entry. (The last item goes with its key, which the caller removes.)
 */
export function removeListItem(text: string, format: Format, item: Located): Edit | undefined {
  if (format === 'xml') return removeProperty(text, format, item);
  if (item.parent?.single) return undefined;
  let { start } = item.node.span;
  if (format === 'yaml') {
    const dash = /-[ \t]*$/.exec(text.slice(lineStartOf(text, start), start));
    if (!dash) return undefined;
    start = lineStartOf(text, start) + dash.index;
  }
  let end = item.node.span.end;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return removeExtent(text, format, { start, end });
}

function removeExtent(text: string, format: Format, extent: Span): Edit {
  let { start, end } = extent;
  if (format === 'json') {
    // The comma after, and the blanks after it on its line: `"a": 1, "x": 2, "b": 3` loses `"x": 2, `.
    const after = /^\s*,[ \t]*/.exec(text.slice(end));
    if (after) end += after[0].length;
    else {
      const before = /,\s*$/.exec(text.slice(0, start));
      if (before) start -= before[0].length;
    }
  }
  return { span: wholeLines(text, { start, end }), newText: '' };
}

/** Inserts `newText` (a property, first line unindented, later lines already indented) after a property, on its own line. */
export function insertAfterProperty(text: string, format: Format, loc: Located, newText: string): Edit | undefined {
  const extent = propertyExtent(text, format, loc);
  if (!extent) return undefined;
  const indent = indentOf(text, extent.start);
  const comma = format === 'json' ? ',' : '';
  return { span: { start: extent.end, end: extent.end }, newText: `${comma}\n${indent}${newText}` };
}

/** Widens a span to whole lines when only white space stands beside it on its lines. */
function wholeLines(text: string, span: Span): Span {
  const lineStart = lineStartOf(text, span.start);
  const nl = text.indexOf('\n', span.end);
  const lineEnd = nl === -1 ? text.length : nl;
  if (/^[ \t]*$/.test(text.slice(lineStart, span.start)) && /^[ \t]*$/.test(text.slice(span.end, lineEnd))) {
    return { start: lineStart, end: nl === -1 ? lineEnd : nl + 1 };
  }
  return span;
}
