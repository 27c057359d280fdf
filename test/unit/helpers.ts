import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/service/analyze';
import { Finding } from '../../server/src/service/finding';

export const FIXTURES = join(__dirname, '../../../test/fixtures');

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function fixtureNames(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir)).filter((f) => /\.(xml|json|ya?ml)$/.test(f)).sort();
}

/** Plain JSON of a bound value (the binder builds prototype-less objects). */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function errorsOf(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

/** The format-free summary of findings that must match across formats. */
export function codesAndPaths(text: string, fileName: string): string[] {
  return analyze(text, fileName)
    .findings.map((f) => `${f.severity} ${f.code} ${f.path ?? ''}`)
    .sort();
}

/**
 * Text with «marked» spans: returns the text without markers and the marked offsets, so that a
 * test says where a finding must land by marking it in place.
 */
export function marked(source: string): { text: string; spans: { start: number; end: number }[] } {
  const spans: { start: number; end: number }[] = [];
  let text = '';
  let open = -1;
  for (const ch of source) {
    if (ch === '«') open = text.length;
    else if (ch === '»') {
      spans.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, spans };
}
