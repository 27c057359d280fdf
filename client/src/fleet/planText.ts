import type { Plan, PlannedFile } from '../../../server/src/fleet/planner';
import { blockers, stateOf, tally } from '../../../server/src/fleet/policy';
import { planLines, summaryLine } from '../../../server/src/fleet/render';
import { errorsClause, missingClause } from '../../../server/src/fleet/views/text';

/*
 * The plan document's text and links, free of `vscode` so it is unit-tested in plain Node: the
 * editor's view of the engine's facts. Its body is exactly the CLI's plan (`planLines` and
 * `summaryLine`), and why apply refuses is the engine's `blockers`, so the editor and a terminal
 * never disagree about what apply would do.
 */

/** A file path in the document, by line and columns, and the file it stands for. */
export interface PlanLink {
  line: number;
  start: number;
  end: number;
  path: string;
}

export interface PlanText {
  text: string;
  links: PlanLink[];
}

/** Where and when the plan was made: the header line. */
export interface PlanHeader {
  platform: string;
  time: string;
  folders: string[];
}

/** The text for a plan, or for the files whose errors kept it from being made. */
export function planText(header: PlanHeader, body: Plan): PlanText {
  const lines = [`Qualys plan for ${header.platform} · ${header.time} · ${header.folders.join(', ')}`, ''];
  const targets = new Map<string, string>();
  if (body.ok) {
    // A fleet's account links to its fleet file (its path is its record entry, FLEET#KEY).
    for (const f of body.files) targets.set(f.shown, f.fleet?.file ?? f.path);
    lines.push(...planLines(body.files));
    if (lines.length > 2) lines.push('');
    lines.push(summaryLine(body.files));
  }
  for (const blocker of blockers(body)) {
    if (blocker.reason === 'missing') {
      lines.push(`Apply refuses while ${missingClause(blocker.files.length)}`);
      continue;
    }
    const n = blocker.errors.length;
    lines.push(`${n} file${n === 1 ? '' : 's'} with errors: ${errorsClause(n)} (the Problems panel shows where).`, '');
    for (const e of blocker.errors) {
      targets.set(e.shown, e.path);
      lines.push(`x ${e.shown}: ${e.messages[0] ?? 'error'}`);
      for (const m of e.messages.slice(1)) lines.push(`    ${m}`);
    }
  }
  if (stateOf(body) === 'same') lines.push(`No changes. The requests match ${header.platform}.`);
  return { text: lines.join('\n') + '\n', links: linksIn(lines, targets) };
}

/**
 * The file paths at the start of the plan's file lines (`<mark> <path>: …`): the longest known path
 * that the line holds there, so a path containing ": " is still found whole.
 */
export function linksIn(lines: readonly string[], targets: ReadonlyMap<string, string>): PlanLink[] {
  const shown = [...targets.keys()].sort((a, b) => b.length - a.length);
  const links: PlanLink[] = [];
  lines.forEach((line, i) => {
    if (!/^[+~\-!x] /.test(line)) return;
    const match = shown.find((s) => line.startsWith(`${s}:`, 2));
    if (match !== undefined) links.push({ line: i, start: 2, end: 2 + match.length, path: targets.get(match) ?? '' });
  });
  return links;
}

/** The modal's counts: "1 create, 2 updates". */
export function countsOf(files: readonly PlannedFile[]): string {
  const t = tally(files);
  const counts = [
    [t.create, 'create', 'creates'],
    [t.adopt, 'adoption', 'adoptions'],
    [t.update, 'update', 'updates'],
    [t.delete, 'delete', 'deletes'],
    [t.run, 'run', 'runs'],
  ] as const;
  return counts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
    .join(', ');
}

/** A local time to the second, as the header shows it. */
export function clockTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
