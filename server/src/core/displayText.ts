import { Format } from './tree';

/**
 * Text from a server (or a file) that is shown or written must not rearrange what a reader sees:
 * the bidirectional controls reorder a line ("Trojan Source"), and line and paragraph separators
 * start a new line in editors and terminals, so a message could forge lines that look like the
 * tool's own. One list of them, for every place that shows or writes such text.
 */
const BIDI = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';
const SEPARATORS = '\u2028\u2029';

/** The bidirectional controls and the Unicode line and paragraph separators, as a character class body. */
export const REORDERING_CHARS = `${BIDI}${SEPARATORS}`;

const ONE_LINE_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f${REORDERING_CHARS}]`, 'g');
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** `\u202e` for a character: the escape JSON, YAML's double quotes and the CLI all read the same way. */
export function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A server's text as one line that shows what it holds: line breaks (`\n`, `\r`, U+2028, U+2029),
 * other control characters and bidi controls escaped (`\n`, `\u202e`), so it can never start a line
 * of its own or reorder the line it stands in. Tabs are kept.
 */
export function escapeForDisplay(text: string): string {
  return text.replace(ONE_LINE_UNSAFE, (c) => NAMED[c] ?? unicodeEscape(c));
}

const REORDERING = new RegExp(`[${REORDERING_CHARS}]`, 'g');
const REORDERING_OR_CR = new RegExp(`[${REORDERING_CHARS}\\r]`, 'g');

/**
 * A request file's text with the bidi controls and line separators in its strings written as
 * escapes the format reads back as the same characters: `\u202e` in JSON and in YAML's double
 * quotes, `&#x202e;` in XML (and a CR as `&#13;`, which XML would otherwise read as a newline). The
 * file holds the same values; a diff or an editor shows where they are. For text from `serialize`,
 * whose YAML strings are all double-quoted and whose keys are schema names.
 */
export function escapeInFile(text: string, format: Format): string {
  if (format === 'xml') return text.replace(REORDERING_OR_CR, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
  return text.replace(REORDERING, unicodeEscape);
}
