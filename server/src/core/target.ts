import { ConnectorKind, isConnectorId, KINDS, kindOfElement, BodySchema, operationRow, Operation, takesId } from './model';
import { SourceNode } from './tree';

/**
 * What a request file is: which connector kind, which operation, which connector. Decided here
 * and nowhere else, for the editor, `validate`, `send` and the emulator alike.
 */

/** What `qualys-targets.json` (or a flag, or a prompt's answer) says about a file. Already checked. */
export interface Recorded {
  operation?: Operation;
  id?: number;
  kind?: ConnectorKind;
  /**
   * When `apply` sent this file's create, until its answer was recorded: a create that was sent and
   * never answered (a killed apply, a lost connection) leaves it, so that the next plan may adopt the
   * connector it made, and nothing else.
   */
  creating?: string;
}

/** The record's answer for one file: what it says, or why it cannot be used. */
export interface RecordLookup {
  recorded?: Recorded;
  /** Why the record could not be read or its entry for this file is wrong: shown as a finding. */
  problem?: string;
  /** The record file, for messages. */
  file?: string;
}

export interface FileTarget {
  /** From the connector element in the body, else the record, else the file's name, else `aws`. */
  kind: ConnectorKind;
  /** Undefined when neither the record nor the file says: the sender asks. */
  operation?: Operation;
  operationFrom?: 'record' | 'inferred';
  /** The schema the body is checked against. */
  schema: BodySchema;
  id?: number;
  /** No id, and the operation takes filters instead (an update or delete of the connectors they select). */
  byFilter: boolean;
  hasData: boolean;
  hasFilters: boolean;
}

/** The connector kind the body names under `ServiceRequest.data`, if any. */
export function bodyKind(envelope: SourceNode | undefined): ConnectorKind | undefined {
  const data = envelope?.type === 'object' ? envelope.properties.find((p) => p.key === 'data')?.value : undefined;
  if (data?.type !== 'object') return undefined;
  for (const p of data.properties) {
    const kind = kindOfElement(p.key);
    if (kind) return kind;
  }
  return undefined;
}

/** A kind named in the file's own name (`azure-prod.qualys.yaml`), for bodies that name none (search). */
function kindInName(name: string): ConnectorKind | undefined {
  const base = baseName(name).toLowerCase();
  return KINDS.find((k) => base.includes(k.kind))?.kind;
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/**
 * The one inference rule, for files the record says nothing about: a body of filters or
 * preferences without data is a search, a file named `*create*` a create, data with filters an
 * update by filter and data with a known connector id an update of it; anything else is not known (the sender asks, the editor checks it as an update).
 */
export function inferOperation(hasData: boolean, hasFilters: boolean, hasPreferences: boolean, name: string, hasId = false): Operation | undefined {
  if (!hasData && (hasFilters || hasPreferences)) return 'search';
  if (/create/i.test(baseName(name)) && !hasId) return 'create';
  if (hasData && (hasFilters || hasId)) return 'update';
  return undefined;
}

/** Decides a file's target from its body (`ServiceRequest`'s value), its record and, last, its name. */
export function identify(envelope: SourceNode | undefined, name: string, recorded: Recorded = {}): FileTarget {
  const keys = new Set(envelope?.type === 'object' ? envelope.properties.map((p) => p.key) : []);
  const hasData = keys.has('data');
  const hasFilters = keys.has('filters');
  const kind = bodyKind(envelope) ?? recorded.kind ?? kindInName(name) ?? 'aws';
  const inferred = recorded.operation ? undefined : inferOperation(hasData, hasFilters, keys.has('preferences'), name, isConnectorId(recorded.id));
  const op = recorded.operation ?? inferred;
  const id = op && takesId(op) && isConnectorId(recorded.id) ? recorded.id : undefined;
  const row = op ? operationRow(op) : undefined;
  const inferredSchema = inferOperation(hasData, hasFilters, keys.has('preferences'), name);
  const schema = row?.schema ?? (inferredSchema ? operationRow(inferredSchema).schema : undefined) ?? 'update';
  return {
    kind,
    ...(op ? { operation: op, operationFrom: recorded.operation ? 'record' : 'inferred' } : {}),
    schema,
    ...(id !== undefined ? { id } : {}),
    byFilter: row?.id === 'optional' && id === undefined && hasFilters,
    hasData,
    hasFilters,
  } as FileTarget;
}
