import type { Plan } from '../planner';
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
