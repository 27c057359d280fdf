import { Bound, Located } from '../core/bind';
import { FieldChange } from '../core/fleet/diff';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../core/model';
import { Format, Span } from '../core/tree';

/** What the live side shows for a secret: Qualys never returns one, so it cannot be compared. */
export const NOT_COMPARABLE = '(secret: not comparable)';

/**
 * The live connector written in the file's own shape: the file's text with only the values that
 * differ replaced by the live ones, so a diff shows what `plan` shows and nothing of key order,
 * quoting or wrappers; secrets read as not comparable. Undefined when a change is not one value
 * in place (a collection, a field the file or the connector lacks): the caller shows the connector
 * written afresh instead.
 */
export function liveShaped(text: string, format: Format, bound: Bound, kind: ConnectorKind, changes: readonly FieldChange[]): string | undefined {
  const byPath = new Map<string, Located>();
  for (const loc of bound.index.values()) if (!byPath.has(loc.path)) byPath.set(loc.path, loc);
  const edits: { span: Span; newText: string }[] = [];
  for (const change of changes) {
    const loc = byPath.get(`ServiceRequest.data.${CONNECTOR_ELEMENTS[kind]}.${change.path}`);
    if (loc?.node.type !== 'scalar') return undefined;
    const live = change.action === 'secret' ? NOT_COMPARABLE : change.action === 'value' ? change.before : undefined;
    if (typeof live !== 'string' && typeof live !== 'number' && typeof live !== 'boolean') return undefined;
    edits.push({ span: loc.node.span, newText: scalarText(format, text.slice(loc.node.span.start, loc.node.span.end), live) });
  }
  let shaped = text;
  for (const e of edits.sort((a, b) => b.span.start - a.span.start)) shaped = shaped.slice(0, e.span.start) + e.newText + shaped.slice(e.span.end);
  return shaped;
}

/** A scalar as the format writes it, in the quotes the file used there where it used any. */
function scalarText(format: Format, current: string, value: string | number | boolean): string {
  if (format === 'json') return JSON.stringify(value);
  if (format === 'xml') return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (typeof value !== 'string') return String(value);
  if (current.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  // Plain only when YAML reads it back as the same string; otherwise double quotes, escaped as JSON.
  const plain = !current.startsWith('"') && /^[A-Za-z_/][\w ./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !value.endsWith(' ');
  return plain ? value : JSON.stringify(value);
}
