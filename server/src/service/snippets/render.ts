import { serialize } from '../../core/serialize';
import { Format } from '../../core/tree';
import { mapValue, ObjectValue, Placeholder, ValueType } from './template';

/** Stands for one placeholder while the request value goes through the serializer. */
const SLOT = /("?)__QUALYS_SNIPPET_SLOT_(\d+)__\1/g;
const slot = (i: number): string => `__QUALYS_SNIPPET_SLOT_${i}__`;

/**
 * The snippet body of a value in a format: the serializer writes the value with every placeholder
 * replaced by a slot marker, then each marker becomes a tab stop, numbered in document order.
 * `request` is a whole file; `fields` are members of the connector, at column 0, with no enclosing
 * braces and no trailing comma. The body ends with the final tab stop `$0` (for a whole file, on a
 * line of its own, so that the file ends with a newline).
 */
export function renderBody(value: ObjectValue, format: Format, shape: 'request' | 'fields'): string {
  const slots: Placeholder[] = [];
  const marked = mapValue(value, (p) => slot(slots.push(p) - 1));
  const written = shape === 'request' ? serialize(marked, format) : fields(marked, format);
  let next = 1;
  const used = new Set<number>();
  const body = escapeText(written.replace(/\n+$/, '')).replace(SLOT, (match: string, quote: string, index: string) => {
    const p = slots[Number(index)];
    if (!p || used.has(Number(index))) throw new Error(`unexpected ${match}`);
    used.add(Number(index));
    const stop = tabStop(p, format, () => next++);
    return p.type === 'string' ? `${quote}${stop}${quote}` : stop;
  });
  if (used.size !== slots.length) throw new Error('a placeholder went missing in serialization');
  // A whole file ends with a newline, where the cursor goes last; a fragment ends where it ends.
  return shape === 'request' ? `${body}\n$0` : `${body}$0`;
}

/** Members of an object as they sit inside it, moved to column 0. */
function fields(value: unknown, format: Format): string {
  const text = serialize(value, format);
  switch (format) {
    case 'xml':
      return text.replace(/^<\?xml[^\n]*\n/, '');
    case 'yaml':
      return text;
    case 'json': {
      const lines = text.replace(/\n$/, '').split('\n');
      return lines.slice(1, -1).map((l) => l.replace(/^ {2}/, '')).join('\n');
    }
  }
}

function tabStop(p: Placeholder, format: Format, number: () => number): string {
  const n = number();
  if (p.choices) return `\${${n}|${p.choices.map((c) => escapeChoice(encode(c, p.type, format))).join(',')}|}`;
  const inner = p.parts.map((part) => (typeof part === 'string' ? escapeDefault(encode(part, p.type, format)) : tabStop(part, format, number)));
  return `\${${n}:${inner.join('')}}`;
}

/** Text as the format writes it inside a string value (JSON and YAML: double-quoted). */
function encode(text: string, type: ValueType, format: Format): string {
  if (type !== 'string') return text;
  if (format === 'xml') return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return JSON.stringify(text).slice(1, -1);
}

/** Snippet syntax escapes: `$` and `\` everywhere, `}` in a default, `,` and `|` in a choice. */
function escapeText(text: string): string {
  return text.replace(/[$\\]/g, '\\$&');
}

function escapeDefault(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, '\\$&');
}
