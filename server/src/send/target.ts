import { ConnectorKind, kindRow, operationRow, Operation } from '../core/model';

/** Where a request goes: what the file itself cannot say (the operation and the connector id). */
export interface Target {
  operation: Operation;
  id?: number;
}

export interface RequestLine {
  method: 'GET' | 'POST';
  path: string;
}

/** The method and path of an operation, or what is missing to build them. */
export function requestLine(kind: ConnectorKind, target: Target, byFilter = false): RequestLine | { error: string } {
  const noun = kindRow(kind).noun;
  const row = operationRow(target.operation);
  const id = target.id;
  if (id !== undefined && (!Number.isSafeInteger(id) || id <= 0)) return { error: `The connector id must be a positive whole number; got ${id}.` };
  const base = `/qps/rest/3.0/${row.name}/am/${noun}`;
  if (row.id === 'none') return { method: row.method, path: base };
  if (id !== undefined) return { method: row.method, path: `${base}/${id}` };
  if (row.id === 'optional' && byFilter) return { method: row.method, path: base };
  return { error: `${row.name} needs the id of the connector${row.id === 'optional' ? ', or filters in the file' : ''}.` };
}
