/**
 * Globs compiled to one nondeterministic automaton and run on a path by keeping the set of states
 * it could be in (Thompson's construction): time is bounded by the path's length times the number of
 * states, whatever the glob, where a backtracking matcher can take exponential time.
 */

const SLASH = 47;

type Test = { kind: 'char'; code: number } | { kind: 'segment' } | { kind: 'any' } | { kind: 'class'; ranges: number[]; negate: boolean };

interface State {
  edges: { test: Test; to: number }[];
  /** States reached without reading a character. */
  free: number[];
  accept: boolean;
}

const SEGMENT: Test = { kind: 'segment' };
const ANY: Test = { kind: 'any' };

function passes(test: Test, code: number): boolean {
  switch (test.kind) {
    case 'char':
      return code === test.code;
    case 'segment':
      return code !== SLASH;
    case 'any':
      return true;
    case 'class': {
      if (code === SLASH) return false;
      let inside = false;
      for (let i = 0; i < test.ranges.length && !inside; i += 2) inside = code >= test.ranges[i] && code <= test.ranges[i + 1];
      return inside !== test.negate;
    }
  }
}

export class Nfa {
  readonly states: State[] = [];
  /** The first state of every glob alternative. */
  readonly starts: number[] = [];

  add(): number {
    this.states.push({ edges: [], free: [], accept: false });
    return this.states.length - 1;
  }

  edge(from: number, test: Test, to: number): void {
    this.states[from].edges.push({ test, to });
  }

  /** Whether the path, or its part after any `/`, matches one of the globs. */
  matchesSuffix(path: string): boolean {
    const seen = new Int32Array(this.states.length).fill(-1);
    let current: number[] = [];
    const enter = (list: number[], state: number, step: number): void => {
      const stack = [state];
      while (stack.length > 0) {
        const s = stack.pop() as number;
        if (seen[s] === step) continue;
        seen[s] = step;
        list.push(s);
        for (const f of this.states[s].free) stack.push(f);
      }
    };
    for (let i = 0; ; i++) {
      // A match may start at the path's start or at any segment's: `*.xml` matches `/w/a.xml`.
      if (i === 0 || path.charCodeAt(i - 1) === SLASH) for (const s of this.starts) enter(current, s, i);
      if (i === path.length) break;
      const code = path.charCodeAt(i);
      const next: number[] = [];
      for (const s of current) {
        for (const e of this.states[s].edges) if (passes(e.test, code)) enter(next, e.to, i + 1);
      }
      current = next;
    }
    return current.some((s) => this.states[s].accept);
  }
}

/**
 * Adds a glob to the automaton, lowercased (matching ignores case). Returns the characters its
 * alternatives hold, or undefined (and adds nothing) when they would hold more than `budget`.
 */
export function compileGlob(glob: string, nfa: Nfa, budget: number): number | undefined {
  if (glob.length > budget) return undefined;
  const alternatives: string[] = [];
  const left = { chars: budget };
  if (!expandBraces(glob.toLowerCase(), alternatives, left)) return undefined;
  for (const a of alternatives) compileAlternative(a, nfa);
  return budget - left.chars;
}

/** `a{b,c}d` as `abd` and `acd`, nested braces too; stops as soon as the budget is spent. */
function expandBraces(pattern: string, out: string[], left: { chars: number }): boolean {
  const brace = firstBrace(pattern);
  if (!brace) {
    // An empty alternative still costs one, so that `{,}{,}{,}…` cannot multiply for free.
    left.chars -= Math.max(1, pattern.length);
    if (left.chars < 0) return false;
    out.push(pattern);
    return true;
  }
  const before = pattern.slice(0, brace.open);
  const after = pattern.slice(brace.close + 1);
  for (const option of brace.options) if (!expandBraces(before + option + after, out, left)) return false;
  return true;
}

/** The first `{…}` with a comma at its own level; a brace without one, or unclosed, is a plain character. */
function firstBrace(p: string): { open: number; close: number; options: string[] } | undefined {
  for (let open = 0; open < p.length; open++) {
    if (p[open] === '\\') {
      open++;
      continue;
    }
    if (p[open] !== '{') continue;
    let depth = 0;
    const cuts = [open];
    for (let i = open; i < p.length; i++) {
      const c = p[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === ',' && depth === 1) cuts.push(i);
      else if (c === '}' && --depth === 0) {
        if (cuts.length === 1) break;
        cuts.push(i);
        const options = cuts.slice(0, -1).map((cut, k) => p.slice(cut + 1, cuts[k + 1]));
        return { open, close: i, options };
      }
    }
  }
  return undefined;
}

function compileAlternative(s: string, nfa: Nfa): void {
  let cur = nfa.add();
  nfa.starts.push(cur);
  const step = (test: Test): void => {
    const next = nfa.add();
    nfa.edge(cur, test, next);
    cur = next;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '/' && s.slice(i) === '/**') {
      // `dir/**`: the folder itself and everything below it.
      nfa.states[cur].accept = true;
      step({ kind: 'char', code: SLASH });
      nfa.edge(cur, ANY, cur);
      break;
    }
    if (c === '*') {
      let j = i;
      while (s[j] === '*') j++;
      const wholeSegment = j - i >= 2 && (i === 0 || s[i - 1] === '/') && (j === s.length || s[j] === '/');
      if (wholeSegment && j === s.length) {
        nfa.edge(cur, ANY, cur);
      } else if (wholeSegment) {
        // `**/`: no folder, or any folders.
        const next = nfa.add();
        const inside = nfa.add();
        nfa.states[cur].free.push(next);
        nfa.edge(cur, ANY, inside);
        nfa.edge(inside, ANY, inside);
        nfa.edge(inside, { kind: 'char', code: SLASH }, next);
        cur = next;
        j++;
      } else {
        const next = nfa.add();
        nfa.edge(cur, SEGMENT, cur);
        nfa.states[cur].free.push(next);
        cur = next;
      }
      i = j;
      continue;
    }
    if (c === '?') {
      step(SEGMENT);
      i++;
      continue;
    }
    if (c === '[') {
      const parsed = parseClass(s, i);
      if (parsed) {
        step(parsed.test);
        i = parsed.end;
        continue;
      }
    }
    if (c === '\\' && i + 1 < s.length) i++;
    step({ kind: 'char', code: s.charCodeAt(i) });
    i++;
  }
  nfa.states[cur].accept = true;
}

/** `[a-z]`, `[!.]`, `[^0-9]`, `[]x]`; undefined when the bracket is not closed (it is then a plain `[`). */
function parseClass(s: string, at: number): { test: Test; end: number } | undefined {
  let i = at + 1;
  const negate = s[i] === '!' || s[i] === '^';
  if (negate) i++;
  const ranges: number[] = [];
  for (let first = true; i < s.length; first = false) {
    if (s[i] === ']' && !first) return { test: { kind: 'class', ranges, negate }, end: i + 1 };
    if (s[i] === '\\' && i + 1 < s.length) i++;
    const lo = s.charCodeAt(i);
    if (s[i + 1] === '-' && i + 2 < s.length && s[i + 2] !== ']') {
      let hiAt = i + 2;
      if (s[hiAt] === '\\' && hiAt + 1 < s.length) hiAt++;
      ranges.push(lo, s.charCodeAt(hiAt));
      i = hiAt + 1;
    } else {
      ranges.push(lo, lo);
      i++;
    }
  }
  return undefined;
}
