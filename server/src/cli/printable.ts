import { REORDERING_CHARS } from '../core/displayText';
import { CliIo } from './io';

/**
 * Characters a terminal acts on rather than shows: C0 controls but tab and newline, DEL, the C1
 * controls (U+009B is a CSI on its own), the bidirectional controls that reorder what is read and
 * the Unicode line separators. A server's answer or a file's text could otherwise set the window
 * title, clear the screen or plant a hyperlink (OSC 8) in the CLI's output. (A server's messages
 * reach here already on one line: see `escapeForDisplay`.)
 */
const CONTROL = new RegExp(`\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f${REORDERING_CHARS}]`, 'g');

/** The text with each control character shown as `\u001b` (CRLF becomes a newline). In JSON text this is the same character, escaped. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\r\n' ? '\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The CLI's output with everything it prints made printable: one place, whatever the command. */
export function printableIo(io: CliIo): CliIo {
  return { cwd: io.cwd, out: (line) => io.out(printable(line)), err: (line) => io.err(printable(line)) };
}
