import { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { isInside, projectRoot } from '../workspace/record';
import { UsageError } from './errors';

export interface FileArg {
  path: string;
  shown: string;
}

/** Told of each link left out: the path as shown, and why. */
export type SkippedLink = (shown: string, why: string, path: string) => void;

/** What a folder argument stands for: the files that are always requests (README, "Which files"). */
const REQUEST_NAME = /\.qualys\.(xml|json|yaml|yml)$/;
/** For plan and apply, fleet files too. */
const REQUEST_OR_FLEET_NAME = /\.qualys\.(xml|json|yaml|yml)$|\.qualys-fleet\.(json|yaml|yml)$/;

/** The root the links of a selection must stay in when none is given: the project of `cwd` (the folder with .git). */
export function defaultRoot(cwd: string): string {
  // projectRoot looks from a file's folder up: a name in cwd starts the search at cwd itself.
  return projectRoot(join(cwd, 'any-file'));
}

/**
 * The files that file, folder and glob arguments stand for, each once, in order. A path that exists
 * is taken as it is even when its name holds glob characters (a folder `prod[eu]` chosen in the
 * editor, or quoted in a shell), so it can never stand for other files.
 *
 * A repository's links are not trusted: a link (to a folder or a file) is followed only when its
 * real path is inside `root`; others are left out and `skipped` is told why. A glob takes no link
 * at all. A path named on the command line that leads out of the root through a link is refused.
 */
export async function expand(patterns: string[], cwd: string, root = defaultRoot(cwd), skipped: SkippedLink = () => undefined, withFleets = false): Promise<FileArg[]> {
  const realRoot = await realpath(root).catch(() => resolve(root));
  const scope: Scope = { root, realRoot, skipped, names: withFleets ? REQUEST_OR_FLEET_NAME : REQUEST_NAME };
  const files: FileArg[] = [];
  const seen = new Set<string>();
  for (const p of patterns) {
    const abs = absolute(p, cwd);
    const exists = await stat(abs).then(() => true, () => false);
    const isGlob = /[*?[\]{}]/.test(p) && !exists;
    if (!isGlob) await refuseLinkOut(p, abs, scope);
    const matches = isGlob ? await globbed(p, cwd) : ((await requestsIn(p, abs, scope)) ?? [p]);
    if (isGlob && matches.length === 0) throw new UsageError(`No file matches ${p}.`);
    for (const m of matches) {
      if (seen.has(m)) continue;
      seen.add(m);
      files.push({ path: m.startsWith('/') ? m : `${cwd}/${m}`, shown: m });
    }
  }
  return files;
}

interface Scope {
  root: string;
  realRoot: string;
  skipped: SkippedLink;
  /** The names a folder stands for. */
  names: RegExp;
}

/** A path inside the root that a link takes out of it (`connectors/root` → `/`) is not read. */
async function refuseLinkOut(p: string, abs: string, scope: Scope): Promise<void> {
  const real = await realpath(abs).catch(() => undefined);
  if (real === undefined || !isInside(scope.root, resolve(abs)) || isInside(scope.realRoot, real)) return;
  throw new UsageError(`${p} leads out of ${scope.root} through a link (to ${real}); links are followed only inside it.`);
}

/** A glob's matches: with links not followed, the glob library leaves links out altogether (to folders and to files). */
async function globbed(p: string, cwd: string): Promise<string[]> {
  return (await glob(p, { cwd, absolute: false, dot: false, followSymbolicLinks: false })).sort();
}

/** The request files under `p` when it is a folder (shown with `p` as typed); undefined when it is not. */
async function requestsIn(p: string, abs: string, scope: Scope): Promise<string[] | undefined> {
  const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
  if (!isDir) return undefined;
  const prefix = p.endsWith('/') ? p : `${p}/`;
  const found = await walk(abs, prefix, scope);
  if (found.length === 0) throw new UsageError(`No request files (*.qualys.xml, .json, .yaml or .yml)${scope.names === REQUEST_NAME ? '' : ' or fleet files (*.qualys-fleet.yaml, .json)'} in ${p}.`);
  return found.map((f) => `${prefix}${f}`);
}

/**
 * The request files under a folder, as paths relative to it, sorted: dot files and node_modules
 * left out, as the glob did; a link followed only when its real path is inside the root, and a
 * folder walked once whatever leads to it, so neither `ln -s / connectors/root` nor a loop of links
 * takes the walk anywhere else.
 */
async function walk(top: string, prefix: string, scope: Scope): Promise<string[]> {
  const out: string[] = [];
  const startReal = await realpath(top);
  const visited = new Set([startReal]);
  const stack: { dir: string; real: string; rel: string }[] = [{ dir: top, real: startReal, rel: '' }];
  while (stack.length > 0) {
    const { dir, real, rel } = stack.pop() as { dir: string; real: string; rel: string };
    const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const path = join(dir, e.name);
      const relPath = rel === '' ? e.name : `${rel}/${e.name}`;
      let what: 'file' | 'folder' | undefined = e.isFile() ? 'file' : e.isDirectory() ? 'folder' : undefined;
      let realPath = join(real, e.name);
      if (e.isSymbolicLink()) {
        what = await linkTarget(path, `${prefix}${relPath}`, scope);
        realPath = (await realpath(path).catch(() => undefined)) ?? realPath;
      }
      if (what === 'file' && scope.names.test(e.name)) out.push(relPath);
      if (what === 'folder' && !visited.has(realPath)) {
        visited.add(realPath);
        stack.push({ dir: path, real: realPath, rel: relPath });
      }
    }
  }
  return out.sort();
}

/** What a link leads to when that is inside the root; undefined (and said) when it leads out, or nowhere. */
async function linkTarget(path: string, shown: string, scope: Scope): Promise<'file' | 'folder' | undefined> {
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined) return undefined; // dangling: nothing to read
  const info = await stat(real);
  const what = info.isDirectory() ? 'folder' : info.isFile() ? 'file' : undefined;
  if (what === undefined) return undefined;
  if (isInside(scope.realRoot, real)) return what;
  if (what === 'folder' || scope.names.test(shown)) scope.skipped(shown, `a link to a ${what} outside ${scope.root} (${real}); not followed, links are followed only inside the root`, path);
  return undefined;
}

function absolute(p: string, cwd: string): string {
  return p.startsWith('/') ? p : `${cwd}/${p}`;
}
