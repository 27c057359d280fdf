import { relative, resolve, sep } from 'node:path';
import { Action, PlannedFile } from './planner';

/**
 * A plan saved to be applied as reviewed (`plan --out`, then `apply --plan`), as `terraform plan
 * -out` is: what was planned, never a secret value (each file as a hash of its text, each live
 * connector as a hash of what was compared). Applying it plans again and refuses when anything
 * differs: a file, a live connector, or what apply would do.
 */
export const SAVED_PLAN_FORMAT = 'qualys-connector-plan';
export const SAVED_PLAN_VERSION = 1;
/** A saved plan larger than this is not one this tool wrote (10,000 files take about 3 MB). */
export const MAX_SAVED_PLAN_BYTES = 32 * 1024 * 1024;

export interface SavedFile {
  /** Relative to the folder the plan was made in, with `/`. */
  file: string;
  action: Action;
  kind: string;
  id?: number;
  contentHash: string;
  liveHash?: string;
  /** The changed fields' paths, for a reader of the file: no values. */
  fields: string[];
}

export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT;
  version: typeof SAVED_PLAN_VERSION;
  created: string;
  platform: string;
  /** What was planned, as given: apply plans the same again. */
  patterns: string[];
  root?: string;
  files: SavedFile[];
}

export function savePlan(files: readonly PlannedFile[], cwd: string, patterns: string[], platform: string, root?: string): SavedPlan {
  return {
    format: SAVED_PLAN_FORMAT,
    version: SAVED_PLAN_VERSION,
    created: new Date().toISOString(),
    platform,
    patterns,
    ...(root !== undefined ? { root } : {}),
    files: files.map((f) => ({
      file: fromCwd(cwd, f.path),
      action: f.action,
      kind: f.kind,
      ...(f.id !== undefined ? { id: f.id } : {}),
      contentHash: f.contentHash,
      ...(f.liveHash !== undefined ? { liveHash: f.liveHash } : {}),
      fields: [...new Set(f.changes.map((c) => c.path))],
    })),
  };
}

/** A saved plan read back, checked field by field; a problem names what is wrong. */
export function readSavedPlan(text: string): SavedPlan | { problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { problem: `it is not JSON (${(e as Error).message}).` };
  }
  const o = v as Partial<SavedPlan> | null;
  if (!o || typeof o !== 'object' || o.format !== SAVED_PLAN_FORMAT) return { problem: `it is not a saved plan (no "format": "${SAVED_PLAN_FORMAT}").` };
  if (o.version !== SAVED_PLAN_VERSION) return { problem: `it is version ${JSON.stringify(o.version)}; this tool reads version ${SAVED_PLAN_VERSION}. Plan again.` };
  if (!Array.isArray(o.patterns) || !o.patterns.every((p) => typeof p === 'string')) return { problem: '"patterns" must be a list of strings.' };
  if (o.root !== undefined && typeof o.root !== 'string') return { problem: '"root" must be a string.' };
  if (typeof o.platform !== 'string' || !Array.isArray(o.files)) return { problem: '"platform" and "files" are missing.' };
  for (const f of o.files as unknown[]) {
    const s = f as Partial<SavedFile> | null;
    if (!s || typeof s.file !== 'string' || typeof s.action !== 'string' || typeof s.contentHash !== 'string') return { problem: 'each file needs "file", "action" and "contentHash".' };
  }
  return o as SavedPlan;
}

/**
 * Why a saved plan may not be applied now: one line per file that differs from the plan just made
 * (its text, its live connector, what apply would do, files added or gone) and for a platform
 * other than the one planned against. None when they are the same.
 */
export function staleness(saved: SavedPlan, now: readonly PlannedFile[], cwd: string, platform: string): string[] {
  const out: string[] = [];
  if (saved.platform !== platform) out.push(`the plan was made against ${saved.platform}, not ${platform}`);
  const current = new Map(now.map((f) => [fromCwd(cwd, f.path), f]));
  for (const s of saved.files) {
    const f = current.get(s.file);
    current.delete(s.file);
    if (!f) out.push(`${s.file}: gone since the plan`);
    else if (f.contentHash !== s.contentHash) out.push(`${s.file}: changed since the plan`);
    else if (f.action !== s.action || f.id !== s.id) out.push(`${s.file}: was ${what(s.action, s.id)}, is now ${what(f.action, f.id)}`);
    else if (f.liveHash !== s.liveHash) out.push(`${s.file}: its connector${f.id !== undefined ? ` ${f.id}` : ''} changed on the platform since the plan`);
  }
  for (const file of current.keys()) out.push(`${file}: new since the plan`);
  return out;
}

function what(action: string, id: number | undefined): string {
  return id !== undefined ? `${action} ${id}` : action;
}

function fromCwd(cwd: string, path: string): string {
  return relative(resolve(cwd), path).split(sep).join('/');
}
