import { connectorSchema, propertySchema } from '../core/schema/store';
import { CONNECTOR_ELEMENTS, ConnectorKind, KINDS } from '../core/model';
import { StoredConnector } from './store';
import { connectorType } from './view';
import { asArray, comparable, isObject, isScalar, sameValue } from './values';

export const OPERATORS = ['EQUALS', 'NOT EQUALS', 'CONTAINS', 'GREATER', 'LESSER', 'IN', 'NONE'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Criterion {
  field: string;
  operator: Operator;
  value: string;
}

/**
 * The fields a filter may name: the connector's own (read-only ones included), and the fields of a
 * nested record with a dot, as Qualys' own scripts search by `authRecord.subscriptionId`.
 */
const FIELDS: ReadonlyMap<ConnectorKind, Set<string>> = (() => {
  const fields = (kind: ConnectorKind): Set<string> => {
    const connector = connectorSchema(kind);
    const names = new Set<string>();
    for (const key of Object.keys(connector.schema.properties ?? {})) {
      names.add(key);
      const child = propertySchema(connector, key)?.schema;
      if (child?.type === 'object' && !child['x-collection']) for (const sub of Object.keys(child.properties ?? {})) names.add(`${key}.${sub}`);
    }
    return names;
  };
  return new Map(KINDS.map((k) => [k.kind, fields(k.kind)]));
})();

export type CriteriaResult = { ok: true; criteria: Criterion[] } | { ok: false; message: string };

/**
 * Reads `filters.Criteria` (one or many `{field, operator, value}`, XML attributes included).
 * For an update, NOT EQUALS is refused: it could update unknown connectors without warning.
 */
export function readCriteria(filters: unknown, kind: ConnectorKind, forUpdate: boolean): CriteriaResult {
  if (filters === undefined) return { ok: true, criteria: [] };
  if (!isObject(filters)) return { ok: false, message: 'filters must hold Criteria elements: <Criteria field="name" operator="EQUALS">value</Criteria>.' };
  const criteria: Criterion[] = [];
  for (const [i, c] of asArray(filters.Criteria).entries()) {
    const where = `filters.Criteria[${i}]`;
    if (!isObject(c)) return { ok: false, message: `${where} must have a field, an operator and a value.` };
    const field = c.field;
    const operator = typeof c.operator === 'string' ? c.operator.trim().toUpperCase().replace(/\s+/g, ' ') : undefined;
    if (typeof field !== 'string' || field.trim() === '') return { ok: false, message: `${where} has no field: say which connector field to filter on (name, id, ...).` };
    if (!FIELDS.get(kind)?.has(field.trim())) return { ok: false, message: `${where}: unknown field "${field.slice(0, 60)}" for ${CONNECTOR_ELEMENTS[kind]}.` };
    if (!isOperator(operator)) return { ok: false, message: `${where}: operator must be one of ${OPERATORS.join(', ')}; got ${describe(c.operator)}.` };
    if (forUpdate && operator === 'NOT EQUALS') {
      return { ok: false, message: `${where}: NOT EQUALS is not supported for update actions: it could update unknown connectors without warning.` };
    }
    if (c.value !== undefined && !isScalar(c.value)) return { ok: false, message: `${where}: value must be text or a number.` };
    criteria.push({ field: field.trim(), operator, value: c.value === undefined ? '' : String(c.value).trim() });
  }
  return { ok: true, criteria };
}

/** Whether a connector matches every criterion. */
export function matchesAll(c: StoredConnector, criteria: Criterion[]): boolean {
  return criteria.every((criterion) => matches(fieldValue(c, criterion.field), criterion));
}

/** The values of an IN or NONE criterion as `comparable` classes, made once per criterion: a search of 250 ids over 10,000 connectors compares 10,000 times, not 2.5 million. */
const listed = new WeakMap<Criterion, ReadonlySet<string>>();

function inList(actual: unknown, criterion: Criterion): boolean {
  let set = listed.get(criterion);
  if (!set) {
    set = new Set(criterion.value.split(',').map((v) => v.trim()).filter((v) => v !== '').flatMap((v) => comparable(v) ?? []));
    listed.set(criterion, set);
  }
  const x = comparable(actual);
  return x !== undefined && set.has(x);
}

function matches(actual: unknown, criterion: Criterion): boolean {
  const { operator, value } = criterion;
  switch (operator) {
    case 'EQUALS':
      return sameValue(actual, value);
    case 'NOT EQUALS':
      return !sameValue(actual, value);
    case 'CONTAINS':
      return isScalar(actual) && String(actual).toLowerCase().includes(value.toLowerCase());
    case 'GREATER':
    case 'LESSER': {
      const a = Number(actual);
      const b = Number(value);
      if (!isScalar(actual) || String(actual).trim() === '' || value === '' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
      return operator === 'GREATER' ? a > b : a < b;
    }
    case 'IN':
      return inList(actual, criterion);
    case 'NONE':
      // None of the comma-separated values (the counterpart of IN).
      return !inList(actual, criterion);
  }
}

function fieldValue(c: StoredConnector, field: string): unknown {
  if (field === 'id') return c.id;
  if (field === 'connectorState') return c.connectorState;
  if (field === 'type') return connectorType(c.kind);
  let value: unknown = c.fields;
  for (const part of field.split('.')) value = isObject(value) && Object.prototype.hasOwnProperty.call(value, part) ? value[part] : undefined;
  return value;
}

function isOperator(s: string | undefined): s is Operator {
  return (OPERATORS as readonly string[]).includes(s ?? '');
}

function describe(v: unknown): string {
  return isScalar(v) ? `"${String(v).slice(0, 40)}"` : 'nothing';
}
