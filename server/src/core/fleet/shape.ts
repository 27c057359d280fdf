import { ConnectorKind } from '../model';
import { connectorSchema, itemSchema, propertySchema, SchemaAt, typesOf } from '../schema/store';
import { isSecretField } from '../secretFields';
import { elementsAsObject, isObj, Obj } from './values';

/**
 * A live connector as an update request would write it: `list` in answers becomes `set`, fields an
 * update does not take (read-only, or unknown to the update schema) go, secrets go (Qualys returns
 * none, and none may reach a file), booleans and numbers that JSON answers send as strings become
 * the documented types, and empty records (`authRecord: {}`) go.
 */
export function liveAsRequest(kind: ConnectorKind, live: Obj): Obj {
  return (reshape(live, connectorSchema(kind), 0) as Obj | undefined) ?? {};
}

function reshape(value: unknown, at: SchemaAt | undefined, depth: number): unknown {
  if (depth > 32) return undefined;
  if (Array.isArray(value)) {
    // An answer's list of `{Element: item}` where a request takes one object of elements.
    const merged = at && !typesOf(at).includes('array') ? single(elementsAsObject(value)) : undefined;
    if (merged) return reshape(merged, at, depth + 1);
    const item = at ? (itemSchema(at) ?? at) : undefined;
    const out = value.map((v) => reshape(v, item, depth + 1)).filter((v) => v !== undefined);
    return out.length > 0 ? out : undefined;
  }
  if (isObj(value)) {
    if (!at) return undefined;
    const out: Obj = {};
    for (const [rawKey, v] of Object.entries(value)) {
      const key = rawKey === 'list' ? 'set' : rawKey;
      if (isSecretField(key)) continue;
      const child = propertySchema(at, key) ?? oneOrManyItem(at, key);
      if (!child || child.schema.readOnly === true) continue;
      const shaped = reshape(v, child, depth + 1);
      if (shaped !== undefined) out[key] = shaped;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (value === null || value === undefined) return undefined;
  return typed(value, at);
}

/** An item schema reached through a one-or-many value (`set: [{TagSimple: ...}]` in an answer's list). */
function oneOrManyItem(at: SchemaAt, key: string): SchemaAt | undefined {
  const item = itemSchema(at);
  return item ? propertySchema(item, key) : undefined;
}

function typed(value: unknown, at: SchemaAt | undefined): unknown {
  if (typeof value !== 'string' || !at) return value;
  const types = typesOf(at);
  const t = value.trim();
  if (types.includes('boolean') && /^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if ((types.includes('integer') || types.includes('number')) && /^-?\d{1,15}$/.test(t)) return Number(t);
  return value;
}

/** `{E: [x]}` as `{E: x}`: one item is written as one element, as the samples do. */
function single(merged: Obj | undefined): Obj | undefined {
  if (!merged) return undefined;
  const [name, values] = Object.entries(merged)[0] ?? [];
  return name !== undefined && Array.isArray(values) && values.length === 1 ? { [name]: values[0] } : merged;
}
