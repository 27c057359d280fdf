import { Format } from './tree';

/** The three formats a request is written in, in the order pickers show them. */
export const FORMATS: readonly Format[] = ['xml', 'json', 'yaml'];

export function isFormat(v: unknown): v is Format {
  return v === 'xml' || v === 'json' || v === 'yaml';
}

/** The format a file name's extension says (`.yml` is YAML), if it says one. */
export function formatOfName(name: string): Format | undefined {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'yml' ? 'yaml' : isFormat(ext) ? ext : undefined;
}

/** The format a text's first characters say: `<` XML, `{` or `[` JSON, anything else YAML. Reads at most its first 4 KB. */
export function formatOfText(text: string): Format {
  const first = /\S/.exec(text.slice(0, 4096))?.[0];
  return first === '<' ? 'xml' : first === '{' || first === '[' ? 'json' : 'yaml';
}

/** A file's format: its editor language when that names one, else its name, else its first characters. */
export function formatOfFile(fileName: string, text: string, languageId?: string): Format {
  const lang = languageId?.toLowerCase().replace(/^qualys-/, '');
  if (isFormat(lang)) return lang;
  if (lang === 'jsonc') return 'json';
  return formatOfName(fileName) ?? formatOfText(text);
}
