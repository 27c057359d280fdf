import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { isOperation, Target } from './target';

/**
 * Where each request file goes (operation and connector id), kept beside the requests in
 * `qualys-targets.json` so that the body is never touched and the CLI reads the same record.
 * The platform is not kept here: a cloned repository must not choose where credentials go.
 */
export const TARGETS_FILE = 'qualys-targets.json';

interface TargetsFile {
  version: 1;
  targets: Record<string, Target>;
}

/** The nearest `qualys-targets.json` in the file's folder or above it, up to `root`. */
export function findTargetsFile(file: string, root?: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 64; i++) {
    const candidate = join(dir, TARGETS_FILE);
    if (existsSync(candidate)) return candidate;
    if ((root && dir === root) || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
  return undefined;
}

const keyOf = (targetsFile: string, file: string): string => relative(dirname(targetsFile), file).split(sep).join('/');

async function load(targetsFile: string): Promise<TargetsFile> {
  try {
    const parsed = JSON.parse(await readFile(targetsFile, 'utf8')) as Partial<TargetsFile>;
    return { version: 1, targets: parsed.targets && typeof parsed.targets === 'object' ? parsed.targets : {} };
  } catch {
    return { version: 1, targets: {} };
  }
}

export async function readTarget(file: string, root?: string): Promise<Target | undefined> {
  const targetsFile = findTargetsFile(file, root);
  if (!targetsFile) return undefined;
  const t = (await load(targetsFile)).targets[keyOf(targetsFile, file)];
  if (!t || !isOperation(String(t.operation))) return undefined;
  return { operation: t.operation, ...(Number.isInteger(t.id) && (t.id as number) > 0 ? { id: t.id } : {}) };
}

/** Records a file's target in the nearest targets file, or a new one in `defaultDir`. */
export async function writeTarget(file: string, target: Target, defaultDir: string, root?: string): Promise<string> {
  const targetsFile = findTargetsFile(file, root) ?? join(defaultDir, TARGETS_FILE);
  const data = await load(targetsFile);
  data.targets[keyOf(targetsFile, file)] = target.id !== undefined ? { operation: target.operation, id: target.id } : { operation: target.operation };
  const sorted = Object.fromEntries(Object.entries(data.targets).sort(([a], [b]) => a.localeCompare(b)));
  await mkdir(dirname(targetsFile), { recursive: true });
  await writeFile(targetsFile, JSON.stringify({ version: 1, targets: sorted }, null, 2) + '\n');
  return targetsFile;
}

const syncCache = new Map<string, { mtimeMs: number; targets: Record<string, Target> }>();

/** The recorded target of a file, read synchronously (the language server asks at every keystroke; cached by modification time). */
export function readTargetSync(file: string): Target | undefined {
  const targetsFile = findTargetsFile(file);
  if (!targetsFile) return undefined;
  try {
    const mtimeMs = statSync(targetsFile).mtimeMs;
    let hit = syncCache.get(targetsFile);
    if (!hit || hit.mtimeMs !== mtimeMs) {
      const parsed = JSON.parse(readFileSync(targetsFile, 'utf8')) as Partial<TargetsFile>;
      hit = { mtimeMs, targets: parsed.targets && typeof parsed.targets === 'object' ? parsed.targets : {} };
      syncCache.set(targetsFile, hit);
    }
    const t = hit.targets[keyOf(targetsFile, file)];
    return t && isOperation(String(t.operation)) ? { operation: t.operation } : undefined;
  } catch {
    return undefined;
  }
}
