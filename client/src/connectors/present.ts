import type { ConnectorKind } from '../../../server/src/core/model';
import { REORDERING_CHARS } from '../../../server/src/core/displayText';
import { isConnectorId, kindRow } from '../../../server/src/core/model';
import { ApiError, LiveConnector } from '../../../server/src/send/connectors';
import { NetworkError } from '../../../server/src/send/http';
import { redactSecrets } from '../../../server/src/send/redact';
import type { ConnectorHome } from './homes';

/**
 * How the Connectors view shows a live connector: its label, description, icon, context value and
 * tooltip, and what a failed load means for the view. Free of `vscode` so it is unit-tested in plain
 * Node. Every text here comes from the platform's answer, which is treated as hostile: control and
 * bidi characters are made visible-harmless, secrets masked, and Markdown escaped.
 */

/** Longest text taken from an answer for a label or a line of a tooltip; a last error is shown in full up to this. */
const MAX_SHOWN = 2000;

/** Control characters (C0, C1, newlines too: a label is one line), line and paragraph separators and bidi controls: shown as U+FFFD. */
const UNSAFE_CHARS = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${REORDERING_CHARS}]`, 'g');

/** A value of the answer as one harmless line: a string (or number) only, unsafe characters replaced, cut at `max`. */
export function printable(value: unknown, secrets: readonly string[], max = 200): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  const clean = redactSecrets(text.slice(0, MAX_SHOWN), secrets).replace(UNSAFE_CHARS, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Every ASCII punctuation character backslash-escaped: the text cannot become a link, an image, HTML or a command. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:/"'=;@$%^?,]/g, (c) => `\\${c}`);
}

export type ConnectorIcon = 'error' | 'disabled' | 'syncing' | 'ok';

const SYNCING = /^(RUNNING|QUEUED|PROCESSING|PENDING)$/;

function stateOf(c: LiveConnector): string {
  return typeof c.connectorState === 'string' ? c.connectorState.toUpperCase() : '';
}

/** A last error is recorded, or the state ends in ERROR(S). */
export function isFailing(c: LiveConnector): boolean {
  return (typeof c.lastError === 'string' && c.lastError.trim() !== '') || /ERRORS?$/.test(stateOf(c));
}

export function isDisabled(c: LiveConnector): boolean {
  return c.disabled === true || String(c.disabled).toLowerCase() === 'true' || stateOf(c) === 'DISABLED';
}

/** Failing first (it needs attention), then disabled, then a sync under way. */
export function iconOf(c: LiveConnector): ConnectorIcon {
  if (isFailing(c)) return 'error';
  if (isDisabled(c)) return 'disabled';
  if (SYNCING.test(stateOf(c))) return 'syncing';
  return 'ok';
}

/**
 * The node's context value: what its menus may offer (`connector enabled failing hasFile`):
 * `hasFile` for a request file to compare, `inFleet` for a fleet's account (its fleet file is no
 * request to compare with).
 */
export function contextValueOf(c: LiveConnector, home: ConnectorHome | undefined): string {
  const kept = home === undefined ? [] : home.fleetKey === undefined ? ['hasFile'] : ['inFleet'];
  return ['connector', isDisabled(c) ? 'disabled' : 'enabled', ...(isFailing(c) ? ['failing'] : []), ...kept].join(' ');
}

/** `aws-accounts.qualys-fleet.yaml [111122223333]`: the fleet file's name and the account's key, both printable and bounded. */
export function fleetText(home: ConnectorHome & { fleetKey: string }, secrets: readonly string[]): string {
  const name = home.shown.slice(home.shown.lastIndexOf('/') + 1);
  return `${printable(name, secrets, 80)} [${printable(home.fleetKey, secrets, 60)}]`;
}

/** The connector is a fleet's account (not a request file's connector). */
export function inFleet(home: ConnectorHome | undefined): home is ConnectorHome & { fleetKey: string } {
  return home?.fleetKey !== undefined;
}

/** The connector's name, or `#id` when it has none. */
export function labelOf(c: LiveConnector, secrets: readonly string[]): string {
  return printable(c.name, secrets, 120) || `#${printable(c.id, secrets, 20)}`;
}

/** `#843003 · FINISHED_SUCCESS · synced 5 min ago`, then the fleet and key of a fleet's account. */
export function descriptionOf(c: LiveConnector, secrets: readonly string[], now: number, home?: ConnectorHome): string {
  const state = printable(c.connectorState, secrets, 40) || 'no state';
  const last = dateOf(c.lastSync);
  const fleet = inFleet(home) ? ` · ${fleetText(home, secrets)}` : '';
  return `#${printable(c.id, secrets, 20)} · ${state} · ${last ? `synced ${relativeTime(last, now)}` : 'never synced'}${fleet}`;
}

/**
 * The tooltip's Markdown: name, id, kind, state, syncs (absolute and relative), the last error in
 * full, and the workspace's file for it (request file, or fleet file and account key), all escaped.
 */
export function tooltipOf(c: LiveConnector, kind: ConnectorKind, secrets: readonly string[], now: number, home?: ConnectorHome): string {
  const line = (label: string, text: string): string => `**${label}:** ${escapeMarkdown(text)}`;
  const sync = (value: unknown): string => {
    const d = dateOf(value);
    return d ? `${d.toISOString()} (${relativeTime(d, now)})` : printable(value, secrets, 60) || 'none';
  };
  const lines = [
    `**${escapeMarkdown(labelOf(c, secrets))}**`,
    line('Id', printable(c.id, secrets, 20)),
    line('Kind', kindRow(kind).label),
    line('State', printable(c.connectorState, secrets, 40) || 'none'),
    line('Last sync', sync(c.lastSync)),
    line('Next sync', sync(c.nextSync)),
  ];
  if (typeof c.lastError === 'string' && c.lastError.trim() !== '') lines.push(line('Last error', printable(c.lastError, secrets, MAX_SHOWN)));
  if (inFleet(home)) lines.push(line('Fleet', printable(home.shown, secrets, 300)), line('Account key', printable(home.fleetKey, secrets, 300)));
  else if (home) lines.push(line('Request file', printable(home.shown, secrets, 300)));
  return lines.join('\n\n');
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `5 min ago`, `in 2 h`, `just now`: the largest unit that fits. */
export function relativeTime(date: Date, now: number): string {
  const sec = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(sec);
  if (abs < 45) return 'just now';
  const units: [number, string][] = [
    [86_400 * 365, 'y'],
    [86_400 * 30, 'mo'],
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
  ];
  const [size, unit] = units.find(([s]) => abs >= s) ?? [60, 'min'];
  const n = Math.max(1, Math.round(abs / size));
  return sec < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** What the whole view says instead of connectors: Restricted Mode, no setting, no credentials, no consent, no answer, refused credentials. */
export type ViewState = 'ready' | 'untrusted' | 'noPlatform' | 'noCredentials' | 'hostNotConfirmed' | 'unreachable' | 'refused';

/**
 * What a failed call means: the platform cannot be reached or refuses the credentials (the whole
 * view says so once, not every kind), or a problem of this one call (shown under its kind).
 */
export function problemOf(e: unknown, platformLabel: string, secrets: readonly string[]): { state: 'unreachable' | 'refused' | undefined; message: string } {
  const text = (m: string): string => printable(m.replace(/^\/qps\/\S+: /, ''), secrets, 400);
  if (e instanceof NetworkError) return { state: e.kind === 'cancelled' ? undefined : 'unreachable', message: text(`Cannot reach ${platformLabel}: ${e.message}`) };
  if (e instanceof ApiError) return { state: e.status === 401 ? 'refused' : undefined, message: text(e.message) };
  return { state: undefined, message: text(e instanceof Error ? e.message : String(e)) };
}

/**
 * A page of connectors added to those already shown: the view registers each by its id, and VS Code
 * refuses a tree with an id twice, so a connector whose id is not a connector id, or whose id is
 * already shown (a page that repeats one), is left out and counted.
 */
export function mergePage(shown: readonly LiveConnector[], page: readonly LiveConnector[]): { connectors: LiveConnector[]; skipped: number } {
  const ids = new Set(shown.map((c) => Number(c.id)));
  const connectors = [...shown];
  let skipped = 0;
  for (const c of page) {
    const id = Number(c.id);
    if (!isConnectorId(id) || ids.has(id)) {
      skipped++;
      continue;
    }
    ids.add(id);
    connectors.push(c);
  }
  return { connectors, skipped };
}

/**
 * Where the next page of a kind starts after a page that started at `from` and brought `added` new
 * connectors: paging that does not move on (a `lastId` not past the page's start, or a page of
 * connectors already listed) ends, with why, since "Load more…" would bring the same page again
 * without end.
 */
export function nextPage(from: number | undefined, next: number | undefined, added: number): { next?: number; stuck?: string } {
  if (next === undefined) return {};
  if ((from !== undefined && next <= from) || added === 0) return { stuck: `The platform's paging did not advance past connector ${next - 1}: no more pages are loaded.` };
  return { next };
}

/** The one line the view shows for the connectors it left out, or undefined when it left none. */
export function skippedNotice(skipped: number): string | undefined {
  if (skipped === 0) return undefined;
  return `${skipped} connector${skipped === 1 ? '' : 's'} not shown: the platform sent ${skipped === 1 ? 'it' : 'them'} without a valid id, or with an id already listed.`;
}
