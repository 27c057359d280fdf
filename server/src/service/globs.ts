import { MAX_GLOB_CHARS } from '../core/limits';
import { compileGlob, Nfa } from './globNfa';

export interface GlobMatcher {
  /** Whether a document URI or path matches one of the globs (matched against the path's end too, as `files.associations` does). */
  matches: (uriOrPath: string) => boolean;
  /** Why globs were left out, one line each, for the server's log. */
  refused: string[];
}

/**
 * The user's include globs, matched in time proportional to the path's length times the globs'
 * (braces expanded): a workspace's settings can set them, and a backtracking matcher (picomatch's
 * regular expressions) takes seconds to minutes on `*a*a*a…*b`. Supported: `*`, `**`, `?`,
 * `[a-z]`, `[!…]`, `{a,b}` and `\` escapes, case-insensitive, dot files included.
 */
export function globMatcher(globs: string[]): GlobMatcher {
  const nfa = new Nfa();
  const refused: string[] = [];
  let budget = MAX_GLOB_CHARS;
  for (const glob of globs) {
    // An empty glob would match every file (picomatch threw on it).
    if (glob === '') continue;
    const alternatives = compileGlob(glob, nfa, budget);
    if (alternatives === undefined) {
      refused.push(`qualys.files.include: "${glob.slice(0, 80)}${glob.length > 80 ? '…' : ''}" is not used: the include globs together, braces expanded, may hold at most ${MAX_GLOB_CHARS} characters.`);
      continue;
    }
    budget -= alternatives;
  }
  if (nfa.starts.length === 0) return { matches: () => false, refused };
  // Asked at every analysis of a document: worked out once per document (at the budget, a long path costs tens of ms).
  const known = new Map<string, boolean>();
  return {
    matches: (uriOrPath) => {
      let hit = known.get(uriOrPath);
      if (hit === undefined) {
        if (known.size >= MEMO_PATHS) known.clear();
        hit = nfa.matchesSuffix(pathOf(uriOrPath));
        known.set(uriOrPath, hit);
      }
      return hit;
    },
    refused,
  };
}

const MEMO_PATHS = 10_000;

function pathOf(uriOrPath: string): string {
  const path = uriOrPath.replace(/^[a-z][\w+.-]*:\/\//i, '/').replace(/^\/+/, '/');
  try {
    return decodeURIComponent(path).toLowerCase();
  } catch {
    // A malformed escape: match the text as it stands.
    return path.toLowerCase();
  }
}
