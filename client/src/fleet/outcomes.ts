import type { Applied, Outcome } from '../../../server/src/fleet/apply';
import { summarize } from '../../../server/src/fleet/outcomes';
import { redactSecrets } from '../../../server/src/send/redact';
import { secretsIn } from '../../../server/src/send/secrets';
import type { ConnectorChange } from '../connectors/changes';

/*
 * What an apply's outcomes come to in the editor, free of `vscode` so it is unit-tested in plain
 * Node: the Connectors view's refresh, the "Qualys" channel's apply lines and the closing message, rendered
 * from the engine's one summary (`summarize`) that the CLI's table renders too.
 */

/** The connectors one applied file touched: an update by filter may have touched any of its kind. */
export function changeOf(o: Outcome): ConnectorChange {
  const ids = o.file.action === 'update-by-filter' || o.id === undefined ? [] : [o.id];
  return { kind: o.file.kind, ids, ...(o.file.action === 'delete' ? { deleted: true } : {}) };
}

/**
 * One line per file: file, action, ok/FAILED/not sent, detail. Details are the platform's words,
 * so they are redacted with the password and the secrets the file sent.
 */
export function outcomeLines(applied: Applied, password: string): string[] {
  return summarize(applied).rows.map((r) => {
    const detail = r.result === 'not sent' ? r.detail : redactSecrets(r.detail, [password, ...secretsIn(r.file.prepared.body ?? '')]);
    return `${r.file.shown}  ${r.file.action}  ${r.result}  ${detail}`;
  });
}

/** "Applied 5 of 5 on US1." or what failed and what was not sent; `problems` says which message to show. */
export function applySummary(applied: Applied, label: string): { summary: string; problems: boolean } {
  const { applied: ok, failed, notSent, total } = summarize(applied);
  const problems = [...(failed > 0 ? [`${failed} failed`] : []), ...(notSent > 0 ? [`${notSent} not sent (cancelled)`] : [])];
  return { summary: `Applied ${ok} of ${total} on ${label}${problems.length > 0 ? `: ${problems.join(', ')}` : ''}.`, problems: problems.length > 0 };
}
