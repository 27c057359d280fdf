import { Format, ParseResult } from '../tree';
import { parseJson } from './json';
import { parseXml } from './xml';
import { parseYaml } from './yaml';

export function parse(text: string, format: Format): ParseResult {
  switch (format) {
    case 'xml':
      return parseXml(text);
    case 'json':
      return parseJson(text);
    case 'yaml':
      return parseYaml(text);
  }
}

/** The format of a file from its name, or from its first characters when the name does not tell. */
export function formatOf(fileName: string, text: string, languageId?: string): Format {
  const lang = languageId?.toLowerCase().replace(/^qualys-/, '');
  if (lang === 'xml' || lang === 'json' || lang === 'yaml') return lang;
  if (lang === 'jsonc') return 'json';
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xml')) return 'xml';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '<') return 'xml';
  if (first === '{' || first === '[') return 'json';
  return 'yaml';
}
