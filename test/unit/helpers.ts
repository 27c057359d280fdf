import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { Finding } from '../../server/src/core/finding';

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

export interface Expansion {
  text: string;
  /** Tab-stop numbers other than $0, in document order. */
  stops: number[];
  finals: number;
}

/** Expands a VS Code snippet body with its defaults: choices give their first option, `$N` nothing. */
export function expandSnippet(body: string): Expansion {
  const stops: number[] = [];
  let finals = 0;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${i} of ${JSON.stringify(body)}`);
  };
  const number = (): number => {
    const m = /^\d+/.exec(body.slice(i)) ?? fail('expected a tab-stop number');
    i += m[0].length;
    const n = Number(m[0]);
    if (n === 0) finals++;
    else stops.push(n);
    return n;
  };
  const choices = (): string[] => {
    const options: string[] = [];
    let current = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && /[$}\\,|]/.test(body[i + 1] ?? '')) {
        current += body[i + 1];
        i += 2;
      } else if (c === ',') {
        options.push(current);
        current = '';
        i++;
      } else if (c === '|' && body[i + 1] === '}') {
        options.push(current);
        i += 2;
        return options;
      } else {
        current += c;
        i++;
      }
    }
    return fail('unclosed choice');
  };
  const tabStop = (): string => {
    i++; // $
    if (/\d/.test(body[i] ?? '')) {
      number();
      return '';
    }
    if (body[i] !== '{') fail('unescaped $');
    i++;
    number();
    const c = body[i++];
    if (c === '}') return '';
    if (c === ':') {
      const inner = sequence(true);
      i++; // }
      return inner;
    }
    if (c === '|') return choices()[0];
    return fail('unsupported placeholder');
  };
  const sequence = (inside: boolean): string => {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && /[$}\\]/.test(body[i + 1] ?? '')) {
        out += body[i + 1];
        i += 2;
      } else if (c === '$') out += tabStop();
      else if (inside && c === '}') return out;
      else {
        out += c;
        i++;
      }
    }
    return inside ? fail('unclosed placeholder') : out;
  };
  return { text: sequence(false), stops, finals };
}

