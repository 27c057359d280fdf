import type { Applied, Outcome } from '../../../server/src/fleet/apply';
import { redactSecrets } from '../../../server/src/send/redact';
import { secretsIn } from '../../../server/src/send/secrets';
import type { ConnectorChange } from '../connectors/changes';

/*
 * What an apply's outcomes come to in the editor, free of `vscode` so it is unit-tested in plain
 * Node: the Connectors view's refresh, the "Qualys Apply" lines and the closing message.
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
export function outcomeLines({ outcomes, notSent }: Applied, password: string): string[] {
  return [
    ...[...outcomes]
      .sort((a, b) => (a.file.shown < b.file.shown ? -1 : 1))
      .map((o) => `${o.file.shown}  ${o.file.action}  ${o.ok ? 'ok' : 'FAILED'}  ${redactSecrets(o.detail, [password, ...secretsIn(o.file.prepared.body ?? '')])}`),
    ...notSent.map((f) => `${f.shown}  ${f.action}  not sent  cancelled before it was sent`),
  ];
}

/** "Applied 5 of 5 on US1." or what failed and what was not sent; `problems` says which message to show. */
export function applySummary({ outcomes, notSent }: Applied, label: string): { summary: string; problems: boolean } {
  const failed = outcomes.filter((o) => !o.ok).length;
  const total = outcomes.length + notSent.length;
  const problems = [...(failed > 0 ? [`${failed} failed`] : []), ...(notSent.length > 0 ? [`${notSent.length} not sent (cancelled)`] : [])];
  return { summary: `Applied ${outcomes.length - failed} of ${total} on ${label}${problems.length > 0 ? `: ${problems.join(', ')}` : ''}.`, problems: problems.length > 0 };
}
