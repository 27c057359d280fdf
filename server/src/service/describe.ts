import { deref, itemSchema, SchemaAt } from '../core/schema/store';

const TYPE_NAMES: Record<string, string> = {
  integer: 'integer',
  number: 'number',
  string: 'text',
  boolean: 'boolean',
  object: 'object',
  array: 'list',
};

/** The documentation of a field as Markdown: what hover shows and what completion items carry. */
export function describeField(name: string, at: SchemaAt): string {
  const s = deref(at);
  const many = s.schema['x-oneOrMany'] === true;
  const item = many ? (itemSchema(s) ?? s) : s;
  const schema = item.schema;
  const typeName = schema.enum ? 'enum' : [schema['x-quotable'] ?? schema.type ?? 'object'].flat().map((t) => TYPE_NAMES[t] ?? t).join(' | ');
  const unit = schema['x-unit'] ? ` (${schema['x-unit']})` : '';
  const shape = many ? `one ${typeName} or a list of them` : schema['x-collection'] ? `collection: ${Object.keys(schema.properties ?? {}).join(' | ')}` : typeName;
  const description = s.description ?? schema.description ?? '';
  const lines = [`**${name}** · ${shape}${unit}`, '', markdownText(description)];
  if (schema.enum) {
    lines.push('', 'Allowed values:', '');
    schema.enum.forEach((v, i) => lines.push(`- \`${v}\`${schema.enumDescriptions?.[i] ? `: ${markdownText(schema.enumDescriptions[i])}` : ''}`));
  }
  if (schema['x-patternHint']) lines.push('', `Format: ${schema['x-patternHint']}.`);
  if (schema.readOnly) lines.push('', 'Read-only: Qualys reports it in responses and does not take it from a request.');
  // Said once: most secrets' descriptions already say so.
  if (schema['x-secret'] && !/\bA secret\b/.test(description)) lines.push('', 'A secret: it is never shown in messages, logs or responses.');
  if (schema.examples?.length && !schema.enum && schema['x-format'] !== 'iana-timezone') lines.push('', `Examples: ${schema.examples.slice(0, 6).map((e) => `\`${e}\``).join(', ')}`);
  return lines.join('\n').trim();
}

/** The documentation of one allowed value of an enum field. */
export function describeValue(field: string, value: string, at: SchemaAt): string | undefined {
  const s = deref(at);
  const schema = (s.schema['x-oneOrMany'] ? itemSchema(s) : s)?.schema;
  const i = schema?.enum?.indexOf(value) ?? -1;
  if (!schema || i < 0) return undefined;
  const meaning = schema.enumDescriptions?.[i];
  return `**${value}**${meaning ? `: ${markdownText(meaning)}` : ''}\n\nA value of ${field}.`;
}

/**
 * Documentation text as Markdown shows it literally: a `<` outside code spans is escaped, or
 * `<prefix>-<connectorId>-<timestamp>` is taken for HTML and vanishes from the hover.
 */
export function markdownText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '\\<')))
    .join('');
}
