/**
 * The start of the line holding the character before `offset` (the cursor's line). Note that
 * `lastIndexOf('\n', -1)` looks at index 0, so offset 0 needs its own answer.
 */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The start of the line before the one starting at `lineStart`, or -1 at the first line. */
export function previousLineStart(text: string, lineStart: number): number {
  return lineStart <= 0 ? -1 : lineStartOf(text, lineStart - 1);
}

/** The leading white space of the line holding `offset`, looking no further than `end` (the cursor, for completion). */
export function indentOf(text: string, offset: number, end = text.length): string {
  const lineStart = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(lineStart, Math.max(lineStart, end)))?.[0] ?? '';
}
