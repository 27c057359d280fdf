/**
 * The 0-based line an offset of `text` is on (each `\n` ends a line): for messages that name a line
 * (`line 3`) and for findings placed on one. Counts newlines before the offset without copying the text.
 */
export function lineIndexAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
