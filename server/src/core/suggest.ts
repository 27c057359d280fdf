/** Edit distance with transpositions (optimal string alignment), case-insensitive. */
export function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * Suggestions already worked out, per list of candidates (by identity) and word: a hostile file
 * repeats the same wrong value thousands of times, and each search costs a distance per candidate.
 */
const memo = new WeakMap<readonly string[], Map<string, string | undefined>>();
const MEMO_WORDS = 10_000;

/** The candidate closest to `word`, when it is close enough to be what the user meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 100) return undefined;
  let known = memo.get(candidates);
  if (!known) memo.set(candidates, (known = new Map()));
  if (known.has(word)) return known.get(word);
  const found = search(word, candidates);
  if (known.size >= MEMO_WORDS) known.clear();
  known.set(word, found);
  return found;
}

function search(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === word.toLowerCase()) return c;
    // The distance is at least the difference in length: no need to work it out past the limit.
    if (Math.abs(c.length - word.length) > limit) continue;
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
