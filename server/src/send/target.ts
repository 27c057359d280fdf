import { ConnectorKind } from '../core/schema/store';

export const OPERATIONS = ['create', 'update', 'get', 'search', 'delete', 'run'] as const;
export type SendOperation = (typeof OPERATIONS)[number];

/** Where a request goes: what the file itself cannot say (the operation and the connector id). */
export interface Target {
  operation: SendOperation;
  id?: number;
}

const NOUN: Record<ConnectorKind, string> = { aws: 'awsassetdataconnector', azure: 'azureassetdataconnector' };

export function isOperation(s: string): s is SendOperation {
  return (OPERATIONS as readonly string[]).includes(s);
}

/** Operations that change connectors: a real platform asks before they run. */
export function changes(operation: SendOperation): boolean {
  return operation === 'update' || operation === 'delete';
}

/** Operations that send the file as their body. */
export function hasBody(operation: SendOperation): boolean {
  return operation === 'create' || operation === 'update' || operation === 'search';
}

export interface RequestLine {
  method: 'GET' | 'POST';
  path: string;
}

/** The method and path of an operation, or what is missing to build them. */
export function requestLine(kind: ConnectorKind, target: Target, byFilter = false): RequestLine | { error: string } {
  const noun = NOUN[kind];
  const id = target.id;
  if (id !== undefined && (!Number.isInteger(id) || id <= 0)) return { error: `The connector id must be a positive whole number; got ${id}.` };
  const withId = (op: string): RequestLine | { error: string } =>
    id === undefined ? { error: `${op} needs the id of the connector.` } : { method: op === 'get' ? 'GET' : 'POST', path: `/qps/rest/3.0/${op}/am/${noun}/${id}` };
  switch (target.operation) {
    case 'create':
      return { method: 'POST', path: `/qps/rest/3.0/create/am/${noun}` };
    case 'search':
      return { method: 'POST', path: `/qps/rest/3.0/search/am/${noun}` };
    case 'update':
      if (id === undefined && byFilter) return { method: 'POST', path: `/qps/rest/3.0/update/am/${noun}` };
      return withId('update');
    case 'get':
    case 'delete':
    case 'run':
      return withId(target.operation);
  }
}
