/** A small seeded PRNG (mulberry32): the same seed gives the same mutants on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Format = 'xml' | 'json' | 'yaml';

export interface Mutant {
  name: string;
  text: string;
}

const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** Ways a request file gets broken, in editing or on disk. */
export const MUTATIONS: Record<string, (text: string, r: () => number, format: Format) => string> = {
  'byte flips': (t, r) => {
    const chars = [...t];
    for (let i = 0, n = 1 + int(r, 8); i < n && chars.length > 0; i++) chars[int(r, chars.length)] = String.fromCharCode(int(r, 0x7f));
    return chars.join('');
  },
  truncation: (t, r) => t.slice(0, int(r, t.length)),
  'deleted lines': (t, r) => {
    const lines = t.split('\n');
    for (let i = 0, n = 1 + int(r, 4); i < n && lines.length > 1; i++) lines.splice(int(r, lines.length), 1);
    return lines.join('\n');
  },
  'duplicated lines': (t, r) => {
    const lines = t.split('\n');
    for (let i = 0, n = 1 + int(r, 4); i < n; i++) {
      const at = int(r, lines.length);
      lines.splice(at, 0, lines[at]);
    }
    return lines.join('\n');
  },
  'deep nesting': (t, r, f) => {
    const depth = 10_000;
    const deep = f === 'xml' ? `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}` : f === 'json' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const at = int(r, t.length);
    return t.slice(0, at) + deep + t.slice(at);
  },
  'a 5 MB line': (t, r, f) => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const value = f === 'json' ? `"description": "${big}",` : f === 'xml' ? `<description>${big}</description>` : `description: ${big}`;
    const lines = t.split('\n');
    lines.splice(1 + int(r, Math.max(1, lines.length - 1)), 0, value);
    return lines.join('\n');
  },
  'invalid UTF-8': (t, r) => {
    // What a decoder makes of bad bytes (U+FFFD) and lone surrogates that no decoder should produce.
    const at = int(r, t.length);
    return t.slice(0, at) + '\uFFFD\uD800\uDFFF\uDC00' + t.slice(at);
  },
  BOM: (t) => '\uFEFF' + t,
  CRLF: (t) => t.replace(/\n/g, '\r\n'),
  'NUL bytes': (t, r) => {
    const chars = [...t];
    for (let i = 0, n = 1 + int(r, 5); i < n; i++) chars.splice(int(r, chars.length + 1), 0, '\0');
    return chars.join('');
  },
};

/** `count` mutants of a text, cycling through every mutation, chained now and then. */
export function mutants(text: string, format: Format, seed: number, count: number): Mutant[] {
  const r = prng(seed);
  const names = Object.keys(MUTATIONS);
  const out: Mutant[] = [];
  for (let i = 0; i < count; i++) {
    const first = names[i % names.length];
    let mutated = MUTATIONS[first](text, r, format);
    let name = first;
    if (r() < 0.3) {
      const second = names[int(r, names.length)];
      if (second !== 'a 5 MB line' && second !== 'deep nesting') {
        mutated = MUTATIONS[second](mutated, r, format);
        name += ` + ${second}`;
      }
    }
    out.push({ name, text: mutated });
  }
  return out;
}
