import { ConnectorKind, KINDS, parseConnectorId } from '../../../server/src/core/model';
import type { LiveConnector } from '../../../server/src/send/connectors';
import { labelOf, printable } from './present';

/** A connector the Connectors view has loaded, with its kind. */
export interface CachedConnector {
  kind: ConnectorKind;
  connector: LiveConnector;
}

/** One row of the connector-id pick list: a connector (`id`), "Enter an id…" (`enter`) or, for an update by filter, "No id" (`none`). */
export interface ConnectorPick {
  label: string;
  description?: string;
  detail?: string;
  id?: number;
  enter?: true;
  none?: true;
}

/** Most connectors listed: the view loads 100 a page; a long list is searched by typing anyway. */
export const MAX_PICKS = 500;

/**
 * The pick list of the connector-id prompt from the Connectors view's cache: "Enter an id…" first,
 * then "No id" when an update by filter may go without one, then the connectors of the file's kind
 * (all kinds when it is not known) by name, the current one first and marked, each with its kind,
 * id and state, printable and bounded, the password never shown.
 */
export function connectorPicks(cached: readonly CachedConnector[], secrets: readonly string[], options: { kind?: ConnectorKind; current?: number; optional?: boolean }): ConnectorPick[] {
  const picks: ConnectorPick[] = [{ label: '$(edit) Enter an id…', description: 'type a connector id', enter: true }];
  if (options.optional) picks.push({ label: '$(filter) No id', description: "update the connectors the file's filters match", none: true });
  const seen = new Set<number>();
  const rows: { id: number; pick: ConnectorPick }[] = [];
  for (const { kind, connector } of cached) {
    if (options.kind !== undefined && kind !== options.kind) continue;
    const id = parseConnectorId(String(connector.id));
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const state = printable(connector.connectorState, secrets, 40) || 'no state';
    const current = id === options.current ? ' · current' : '';
    rows.push({ id, pick: { label: labelOf(connector, secrets), description: `${KIND_LABEL.get(kind) ?? kind} · #${id} · ${state}${current}`, id } });
  }
  rows.sort((a, b) => Number(b.id === options.current) - Number(a.id === options.current) || a.pick.label.localeCompare(b.pick.label) || a.id - b.id);
  for (const row of rows.slice(0, MAX_PICKS)) picks.push(row.pick);
  return picks;
}

const KIND_LABEL = new Map<string, string>(KINDS.map((k) => [k.kind, k.label]));
