import { Plan, PlannedFile, SENDS } from '../planner';
import { blockers, stateOf } from '../policy';
import { planLines, summaryLine } from '../render';
import { errorsClause, missingClause } from './text';

/*
 * The plan as Markdown, for a pull request's comment or a job summary: the terminal's plan lines in
 * a fenced block (so nothing a repository wrote is read as Markdown), the summary, and why apply
 * would refuse or that nothing would change, all from the engine's facts.
 */
export function renderPlanMarkdown(plan: Plan, platform: string): string {
  const out = [`### Qualys plan for ${escaped(platform)}`, ''];
  const block: string[] = plan.ok ? planLines(plan.files) : [];
  const notes: string[] = [];
  for (const blocker of blockers(plan)) {
    if (blocker.reason === 'missing') {
      const n = blocker.files.length;
      notes.push(`**Apply refuses** while ${missingClause(n)}`);
      continue;
    }
    const n = blocker.errors.length;
    notes.push(`**${n} file${n === 1 ? '' : 's'} with errors**: ${errorsClause(n)}.`);
    for (const e of blocker.errors) {
      block.push(`x ${e.shown}: ${e.messages[0] ?? 'error'}`);
      for (const m of e.messages.slice(1)) block.push(`    ${m}`);
    }
  }
  if (plan.ok) out.push(summaryLine(plan.files), '');
  const rows = plan.ok ? plan.files.filter((f) => SENDS.has(f.action) || f.action === 'missing') : [];
  if (rows.length > 0) {
    out.push('| File | Action | Connector | Fields |', '|---|---|---|---|');
    for (const f of rows.slice(0, MAX_ROWS)) out.push(`| ${cell(f.shown)} | ${f.action} | ${f.id !== undefined ? `${f.kind} ${f.id}` : f.kind} | ${cell(fieldsOf(f))} |`);
    if (rows.length > MAX_ROWS) out.push(`| … ${rows.length - MAX_ROWS} more | | | |`);
    out.push('');
  }
  if (block.length > 0) {
    const fence = '`'.repeat(Math.max(3, longestRun(block, '`') + 1));
    out.push(`${fence}diff`);
    for (const line of block) out.push(line);
    out.push(fence, '');
  }
  if (stateOf(plan) === 'same') notes.push(`No changes. The requests match ${escaped(platform)}.`);
  for (const note of notes) out.push(note, '');
  return out.join('\n');
}

/** Rows of the table at most: a job summary holds 1 MB, and a reviewer reads the block below for the rest. */
const MAX_ROWS = 200;

/** The fields a file changes, as the table names them: the first few, then how many more. */
function fieldsOf(f: PlannedFile): string {
  const paths = [...new Set(f.changes.map((c) => c.path))];
  return paths.length > 5 ? `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more` : paths.join(', ');
}

/** A table cell: escaped, on one line, and short. */
function cell(text: string): string {
  return escaped(text.length > 120 ? `${text.slice(0, 119)}…` : text);
}

/** The longest run of `char` in any line: a fence must be longer to hold them. */
function longestRun(lines: readonly string[], char: string): number {
  let longest = 0;
  for (const line of lines) {
    let run = 0;
    for (const c of line) {
      run = c === char ? run + 1 : 0;
      if (run > longest) longest = run;
    }
  }
  return longest;
}

/** Text outside the block, with Markdown's punctuation taken literally. */
function escaped(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}
