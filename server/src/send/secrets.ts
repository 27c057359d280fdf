import { parse } from '../core/parse';
import { isSecretField, SECRET_FIELDS } from '../core/secretFields';
import { formatOfText } from '../core/format';
import { walk } from './redact';

/**
 * The secret values a request carries (Azure authentication keys, private keys, passwords), decoded
 * as the server reads them: JSON escapes, XML character references and CDATA, namespace prefixes.
 */
export function secretsIn(text: string): string[] {
  const found = new Set<string>();
  const add = (value: unknown): void => {
    const v = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';
    if (v !== '') found.add(v);
  };
  const format = formatOfText(text);
  const parsed = parse(text, format);
  if (parsed.root) walk(parsed.root, undefined, (value, key) => {
    if (key !== undefined && isSecretField(key)) add(value);
  });
  // A body with a syntax error is sent too (--force, Send Anyway), and a parser may stop before the
  // key: then the text is searched as well, each value decoded as its format would.
  if (parsed.problems.length > 0) for (const v of scanned(text)) add(v);
  return [...found];
}

const NAMES = SECRET_FIELDS.join('|');
const XML_VALUE = new RegExp(`<(?:[\\w.-]+:)?(?:${NAMES})(?:\\s[^<>]*)?>(<!\\[CDATA\\[[\\s\\S]{0,65536}?\\]\\]>|[^<]*)<`, 'gi');
const JSON_VALUE = new RegExp(`"(?:${NAMES})"\\s*:\\s*("(?:[^"\\\\\\n]|\\\\.)*"|-?\\d[\\d.eE+-]*)`, 'gi');
const YAML_VALUE = new RegExp(`^[ \\t-]*["']?(?:${NAMES})["']?[ \\t]*:[ \\t]*(\\S.*?)[ \\t]*$`, 'gim');

function* scanned(text: string): Generator<unknown> {
  for (const m of text.matchAll(XML_VALUE)) {
    const root = parse(`<v>${m[1]}</v>`, 'xml').root;
    yield root?.type === 'object' && root.properties[0]?.value.type === 'scalar' ? root.properties[0].value.value : m[1];
  }
  for (const m of text.matchAll(JSON_VALUE)) {
    try {
      yield JSON.parse(m[1]) as unknown;
    } catch {
      yield m[1].replace(/^"|"$/g, '');
    }
  }
  for (const m of text.matchAll(YAML_VALUE)) yield m[1].replace(/^(["'])(.*)\1$/, '$2');
}
