import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The latest mutation scores per folder, from Stryker's JSON reports (`npm run mutate` writes one
 * per folder to reports/mutation/<folder>.json; for a file in several, the newest report counts):
 * `npm run bench` prints them, and `npm run mutate:scores` alone.
 */

export const MUTATION_REPORTS = join(__dirname, '../../reports/mutation');

/** The folders issue 25 holds to 90% killed, in the order the README lists them. */
export const MUTATED_FOLDERS = ['server/src/core', 'server/src/send', 'server/src/fleet', 'server/src/workspace', 'server/src/emulator/limits.ts'];

export interface FolderScore {
  folder: string;
  killed: number;
  survived: number;
  noCoverage: number;
  /** Files of the folder with results: a run over some files of it scores those alone. */
  files: number;
  /** Killed (timeouts included) of those a test could kill: Stryker's mutation score, in percent. */
  score: number;
}

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Scores per folder and in all, or undefined when no report was written yet. */
export function mutationScores(dir = MUTATION_REPORTS): { date: string; folders: FolderScore[]; total: FolderScore } | undefined {
  const files: Report['files'] = {};
  let newest = 0;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'mutation.json');
  } catch {
    return undefined;
  }
  const reports = names.map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
  for (const r of reports) {
    try {
      Object.assign(files, (JSON.parse(readFileSync(r.path, 'utf8')) as Report).files);
      newest = Math.max(newest, r.mtime);
    } catch {
      // a report cut short (a run killed while it wrote) is skipped
    }
  }
  if (newest === 0) return undefined;
  const date = new Date(newest).toISOString();
  const parsed = { files };
  const tally = (folder: string, match: (file: string) => boolean): FolderScore => {
    let killed = 0;
    let survived = 0;
    let noCoverage = 0;
    let count = 0;
    for (const [file, { mutants }] of Object.entries(parsed.files)) {
      if (!match(file.split('\\').join('/'))) continue;
      count++;
      for (const m of mutants) {
        if (DETECTED.has(m.status)) killed++;
        else if (m.status === 'NoCoverage') noCoverage++;
        else if (UNDETECTED.has(m.status)) survived++;
      }
    }
    const valid = killed + survived + noCoverage;
    return { folder, killed, survived, noCoverage, files: count, score: valid === 0 ? NaN : Math.round((killed / valid) * 1000) / 10 };
  };
  const folders = MUTATED_FOLDERS.map((f) => tally(f, (file) => file === f || file.startsWith(`${f}/`))).filter((f) => f.killed + f.survived + f.noCoverage > 0);
  const total = tally('all', (file) => MUTATED_FOLDERS.some((f) => file === f || file.startsWith(`${f}/`)));
  return { date, folders, total };
}

/** The scores as lines of text, or a line saying mutation testing was not run. */
export function mutationLines(): string[] {
  const scores = mutationScores();
  if (!scores) return ['Mutation scores: not run (npm run mutate writes reports/mutation/<folder>.json).'];
  const row = (s: FolderScore): string => `  ${s.folder.padEnd(32)} ${String(s.score).padStart(5)}%  (${s.killed} killed, ${s.survived} survived, ${s.noCoverage} not covered; ${s.files} files)`;
  return [`Mutation scores (Stryker report of ${scores.date}; target: 90% killed):`, ...scores.folders.map(row), row(scores.total)];
}

if (require.main === module) for (const line of mutationLines()) console.log(line);
