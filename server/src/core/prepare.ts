import { Analysis, retarget } from './analyze';
import { documentValue } from './bind';
import { Finding } from './finding';
import { ConnectorKind, Operation, operationRow } from './model';
import { serialize } from './serialize';
import { Recorded } from './target';

/** A request as it goes on the wire: what `execute` reads to send it. */
export interface WireRequest {
  kind: ConnectorKind;
  /** Undefined when nothing tells: the sender asks. */
  operation?: Operation;
  id?: number;
  /** No id: the operation acts on the connectors the body's filters select. */
  byFilter: boolean;
  body?: string;
  contentType?: string;
  accept: string;
}

/** A request file's wire request (the body exactly as written, YAML as JSON), with what the sender asks about before it goes. */
export interface PreparedRequest extends WireRequest {
  /** Whether the operation came from the record (or a flag) rather than the file itself. */
  recorded: boolean;
  hasFilters: boolean;
  /** The findings of error severity: a file with any is not sent without the user's say-so. */
  errors: Finding[];
}

/**
 * Builds the request from the analysed file: its target as `identify` decides it (the record, then
 * the inference rule), with `override` (a flag, a prompt's answer) over the record. The operation is
 * undefined when nothing tells.
 */
export function prepareRequest(text: string, analysis: Analysis, override: Recorded = {}): PreparedRequest {
  const target = retarget(analysis, override);
  const json = analysis.format !== 'xml';
  const prepared: PreparedRequest = {
    kind: target.kind,
    operation: target.operation,
    recorded: target.operationFrom === 'record',
    id: target.id,
    byFilter: target.byFilter,
    hasFilters: target.hasFilters,
    accept: json ? 'application/json' : 'application/xml',
    errors: analysis.findings.filter((f) => f.severity === 'error'),
  };
  const body = target.operation ? operationRow(target.operation).body : 'never';
  if (body === 'always' || (body === 'without-id' && target.id === undefined)) {
    prepared.body = analysis.format === 'yaml' && analysis.bound ? serialize(documentValue(analysis.bound), 'json') : text;
    prepared.contentType = json ? 'application/json' : 'text/xml';
  }
  return prepared;
}
