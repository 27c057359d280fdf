import { Analysis } from '../core/analyze';
import { documentValue } from '../core/bind';
import { Finding } from '../core/finding';
import { ConnectorKind } from '../core/schema/store';
import { serialize } from '../core/serialize';
import { hasBody, SendOperation, Target } from './target';

/** What goes over the wire for a request file: the body exactly as written (YAML as JSON). */
export interface PreparedRequest {
  kind: ConnectorKind;
  operation?: SendOperation;
  id?: number;
  byFilter: boolean;
  body?: string;
  contentType?: string;
  accept: string;
  /** The findings of error severity: a file with any is not sent without the user's say-so. */
  errors: Finding[];
}

/**
 * Builds the request from the file. The operation comes from the target when given; otherwise a
 * body with filters and no data is a search, filters with data an update by filter, a file named
 * `*create*` a create, and a known id an update. Undefined when none of that tells.
 */
export function prepareRequest(text: string, analysis: Analysis, target: Partial<Target>): PreparedRequest {
  const envelope = (analysis.bound ? (documentValue(analysis.bound) as { ServiceRequest?: Record<string, unknown> }) : {}).ServiceRequest ?? {};
  const hasFilters = envelope.filters !== undefined;
  const hasData = envelope.data !== undefined;
  let operation = target.operation;
  if (!operation) {
    if (hasFilters && !hasData) operation = 'search';
    else if (hasFilters) operation = 'update';
    else if (analysis.operation === 'create' && hasData && target.id === undefined) operation = 'create';
    else if (target.id !== undefined && hasData) operation = 'update';
  }
  const json = analysis.format !== 'xml';
  const prepared: PreparedRequest = {
    kind: analysis.kind,
    operation,
    id: target.id,
    byFilter: hasFilters && target.id === undefined,
    accept: json ? 'application/json' : 'application/xml',
    errors: analysis.findings.filter((f) => f.severity === 'error'),
  };
  if (operation && hasBody(operation)) {
    prepared.body = analysis.format === 'yaml' && analysis.bound ? serialize(documentValue(analysis.bound), 'json') : text;
    prepared.contentType = json ? 'application/json' : 'text/xml';
  }
  return prepared;
}
