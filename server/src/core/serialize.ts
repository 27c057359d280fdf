import { stringify as yamlStringify } from 'yaml';
import { Format } from './tree';

/** Criteria read from XML attributes are written back as attributes: `<Criteria field="x" operator="EQUALS">v</Criteria>`. */
const ATTRIBUTE_ELEMENTS: Record<string, string[]> = { Criteria: ['field', 'operator'] };

/**
 * Writes a request value (as the binder produces it) in a format: the API's own XML convention
 * (a list is a repeated element) and plain JSON/YAML. Used to convert requests between formats.
 */
export function serialize(value: unknown, format: Format, indent = 2): string {
  switch (format) {
    case 'json':
      return JSON.stringify(value, null, indent) + '\n';
    case 'yaml':
      return yamlStringify(value, { indent, lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
    case 'xml':
      return xmlDocument(value, indent);
  }
}

function xmlDocument(value: unknown, indent: number): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) element(lines, key, v, 0, indent);
  }
  return lines.join('\n') + '\n';
}

function element(lines: string[], name: string, value: unknown, depth: number, indent: number): void {
  const pad = ' '.repeat(depth * indent);
  if (Array.isArray(value)) {
    for (const item of value) element(lines, name, item, depth, indent);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const attrNames = ATTRIBUTE_ELEMENTS[name]?.filter((a) => isScalar(obj[a])) ?? [];
    const attrs = attrNames.map((a) => ` ${a}="${escape(String(obj[a]), true)}"`).join('');
    const rest = Object.entries(obj).filter(([k]) => !attrNames.includes(k));
    if (attrNames.length > 0 && rest.length === 1 && rest[0][0] === 'value' && isScalar(rest[0][1])) {
      lines.push(`${pad}<${name}${attrs}>${escape(String(rest[0][1]), false)}</${name}>`);
      return;
    }
    if (rest.length === 0) {
      lines.push(`${pad}<${name}${attrs}/>`);
      return;
    }
    lines.push(`${pad}<${name}${attrs}>`);
    for (const [k, v] of rest) element(lines, k, v, depth + 1, indent);
    lines.push(`${pad}</${name}>`);
    return;
  }
  lines.push(`${pad}<${name}>${escape(value === null || value === undefined ? '' : String(value), false)}</${name}>`);
}

function isScalar(v: unknown): boolean {
  return v !== null && v !== undefined && typeof v !== 'object';
}

function escape(text: string, attribute: boolean): string {
  // XML 1.0 cannot carry most control characters at all, not even as references.
  // eslint-disable-next-line no-control-regex
  const s = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute ? s.replace(/"/g, '&quot;') : s;
}
