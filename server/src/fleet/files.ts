import { stat } from 'node:fs/promises';
import { glob } from 'tinyglobby';
import { UsageError } from './errors';

export interface FileArg {
  path: string;
  shown: string;
}

/** What a folder argument stands for: the files that are always requests (README, "Which files"). */
const REQUESTS_UNDER = '**/*.qualys.{xml,json,yaml,yml}';

/**
 * The files that file, folder and glob arguments stand for, each once, in order. A path that exists
 * is taken as it is even when its name holds glob characters (a folder `prod[eu]` chosen in the
 * editor, or quoted in a shell), so it can never stand for other files.
 */
export async function expand(patterns: string[], cwd: string): Promise<FileArg[]> {
  const files: FileArg[] = [];
  const seen = new Set<string>();
  for (const p of patterns) {
    const isGlob = /[*?[\]{}]/.test(p) && !(await stat(absolute(p, cwd)).then(() => true, () => false));
    const matches = isGlob ? (await glob(p, { cwd, absolute: false, dot: false })).sort() : (await requestsIn(p, cwd)) ?? [p];
    if (isGlob && matches.length === 0) throw new UsageError(`No file matches ${p}.`);
    for (const m of matches) {
      if (seen.has(m)) continue;
      seen.add(m);
      files.push({ path: m.startsWith('/') ? m : `${cwd}/${m}`, shown: m });
    }
  }
  return files;
}

/** The request files under `p` when it is a folder (shown with `p` as typed); undefined when it is not. */
async function requestsIn(p: string, cwd: string): Promise<string[] | undefined> {
  const abs = absolute(p, cwd);
  const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
  if (!isDir) return undefined;
  const found = (await glob(REQUESTS_UNDER, { cwd: abs, dot: false, ignore: ['**/node_modules/**'] })).sort();
  if (found.length === 0) throw new UsageError(`No request files (*.qualys.xml, .json, .yaml or .yml) in ${p}.`);
  const prefix = p.endsWith('/') ? p : `${p}/`;
  return found.map((f) => `${prefix}${f}`);
}


function absolute(p: string, cwd: string): string {
  return p.startsWith('/') ? p : `${cwd}/${p}`;
}
