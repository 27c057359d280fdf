import { connectorSchema, deref, itemSchema, propertySchema, requestSchema, SchemaAt, typesOf } from './store';
import { BodySchema, ConnectorKind } from '../model';

export type PathSegment = string | number;

/**
 * The schema that applies at a path of keys (and list indexes) from the document root. Lists and
 * one-or-many values are looked through: `TagSimple` then `id` finds the item's `id` whether the
 * document wrote one object or a list.
 */
export function schemaAtPath(kind: ConnectorKind, schema: BodySchema, path: PathSegment[]): SchemaAt | undefined {
  let at: SchemaAt | undefined = requestSchema(kind, schema);
  for (const segment of path) {
    if (!at) return undefined;
    if (typeof segment === 'number') {
      at = itemSchema(at) ?? at;
      continue;
    }
    at = objectSchema(at);
    at = at && propertySchema(at, segment);
  }
  return at;
}

/** The object schema a key lookup applies to: a one-or-many or list value's item. */
export function objectSchema(at: SchemaAt): SchemaAt | undefined {
  const s = deref(at);
  if (s.schema['x-oneOrMany'] || s.schema.items) return itemSchema(s);
  return s;
}

/**
 * The schema of the connector field a filter criterion names (`disabled`, `authRecord.subscriptionId`):
 * what its `value` compares with. Undefined for a name the connector does not have, or an object.
 */
export function criterionFieldSchema(kind: ConnectorKind, field: string): SchemaAt | undefined {
  let at: SchemaAt | undefined = connectorSchema(kind);
  for (const segment of field.split('.')) {
    const obj: SchemaAt | undefined = at && objectSchema(at);
    at = obj && propertySchema(obj, segment);
  }
  return at && !typesOf(at).some((t) => t === 'object' || t === 'array') ? at : undefined;
}
