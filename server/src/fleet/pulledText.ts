import { escapeInFile } from '../core/displayText';
import { pulledRequest } from '../core/fleet/pulled';
import { ConnectorKind } from '../core/model';
import { Format } from '../core/tree';
import { redactSecrets } from '../send/redact';

/**
 * The text of a live connector written as an update request: what pull and Open as Request write
 * and Compare with Live shows. A server's answer is hostile text: a secret it echoes (the account's
 * password in a `description` or an `arn`) is masked in every value as answers are masked, and the
 * bidi controls and line separators in its strings are written as escapes, so the file holds the
 * same values but no line of it reads differently from what it is.
 */
export function pulledText(kind: ConnectorKind, live: Record<string, unknown>, format: Format, secrets: readonly string[]): string {
  return escapeInFile(pulledRequest(kind, masked(live, secrets, 0) as Record<string, unknown>, format), format);
}

function masked(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  // Deeper than any connector: left for the shaping, which drops it.
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => masked(v, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, secrets, depth + 1)]));
}
