import { Finding, Severity, thousands } from './finding';
import { MAX_DOCUMENT_SIZE, MAX_FINDINGS } from './limits';
import { Span } from './tree';

const MIB = 1024 * 1024;

/** The one finding for a file past MAX_DOCUMENT_SIZE, on its first line (the file as a whole is the problem). */
export function tooLarge(size: number, text: string): Finding {
  const newline = text.indexOf('\n');
  const end = Math.min(newline >= 0 ? newline : text.length, 200);
  const span: Span = { start: 0, end: Math.max(end, Math.min(1, text.length)) };
  const shown = size >= MIB ? `${(size / MIB).toFixed(1)} MiB` : `${Math.round(size / 1024)} KiB`;
  return {
    span,
    severity: 'error',
    code: 'too-large',
    message: `This file is ${shown}; requests are checked up to ${MAX_DOCUMENT_SIZE / MIB} MiB (a connector request is a few KB), so it is not checked.`,
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2 };

/**
 * The first MAX_FINDINGS findings (sorted by place), then one that counts the rest where they
 * begin, as severe as the worst of them so that a CLI's exit status still tells the truth.
 */
export function capFindings(sorted: Finding[]): Finding[] {
  if (sorted.length <= MAX_FINDINGS) return sorted;
  const kept = sorted.slice(0, MAX_FINDINGS);
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  for (let i = MAX_FINDINGS; i < sorted.length; i++) counts[sorted[i].severity]++;
  const rest = sorted.length - MAX_FINDINGS;
  const worst = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).sort((a, b) => RANK[a] - RANK[b])[0];
  const parts = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).map((s) => `${thousands(counts[s])} ${s === 'information' ? 'notes' : `${s}s`}`);
  kept.push({
    span: sorted[MAX_FINDINGS].span,
    severity: worst,
    code: 'too-many-findings',
    message: `${thousands(rest)} more findings from here on are not listed (${parts.join(', ')}): a file shows at most ${thousands(MAX_FINDINGS)}. Fix the ones above and check again.`,
  });
  return kept;
}
