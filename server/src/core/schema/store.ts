import { CONNECTOR_ELEMENTS, ConnectorKind, kindRow, BodySchema, SCHEMA_FILES, SEARCH_SCHEMA } from '../model';

/** The subset of JSON Schema (draft-07) the project's schemas use, plus their annotations. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $comment?: string;
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: string[];
  enumDescriptions?: string[];
  examples?: (string | number)[];
  pattern?: string;
  minimum?: number;
  minLength?: number;
  minProperties?: number;
  definitions?: Record<string, JsonSchema>;
  title?: string;
  /** The value may be one item or an array of them (`anyOf: [item, {type: array, items: item}]`). */
  'x-oneOrMany'?: boolean;
  /** An object whose keys are the set/add/remove/update wrappers. */
  'x-collection'?: boolean;
  /** Enum values the sources disagree on: accepted (a rule says why they are disputed), never offered, not listed as allowed. */
  'x-disputed'?: string[];
  'x-unit'?: string;
  /** What a value matching `pattern` looks like, for messages. */
  'x-patternHint'?: string;
  /** A check the rules apply beyond JSON Schema: guid, aws-role-arn, gcp-project-id, oci-ocid, oci-fingerprint, iana-timezone, date-mdy. */
  'x-format'?: string;
  'x-connectorKind'?: ConnectorKind;
  /** On a connector: the x-format its apps' `identifier` takes (an ARN for AWS, a GUID for Azure...). */
  'x-identifierFormat'?: string;
  /** With x-format oci-ocid: the resource type the OCID must name (tenancy, user). */
  'x-ocidType'?: string;
  'x-operation'?: BodySchema;
  /** The value is a secret: never echoed in messages, logs or responses. */
  'x-secret'?: boolean;
  /**
   * The documented type of a value the schema also lets be a string that parses as it
   * (`type: [boolean, string]` plus a pattern): Qualys takes `"true"` and `"240"` in JSON.
   */
  'x-quotable'?: 'boolean' | 'integer';
  /** Reported by Qualys in responses; not taken from a request (draft-07 `readOnly`). */
  readOnly?: boolean;
}

/** Every schema file by its $id, as shipped in `schemas/`. */
export const schemaFiles: ReadonlyMap<string, JsonSchema> = new Map(
  SCHEMA_FILES.map((s) => [s.$id, s as JsonSchema]),
);

export function requestSchemaId(kind: ConnectorKind, schema: BodySchema): string {
  return schema === 'search' ? SEARCH_SCHEMA.$id : kindRow(kind).schemas[schema].$id;
}

/** The connector schema of a kind: the fields a create or an update may carry. */
export function connectorSchema(kind: ConnectorKind): SchemaAt {
  let hit = connectorSchemas.get(kind);
  if (!hit) {
    hit = findConnectorSchema(kind);
    connectorSchemas.set(kind, hit);
  }
  return hit;
}

/** The schemas never change, and the rules ask at every identifier of a request. */
const connectorSchemas = new Map<ConnectorKind, SchemaAt>();

function findConnectorSchema(kind: ConnectorKind): SchemaAt {
  const data = propertySchema(propertySchema(requestSchema(kind, 'create'), 'ServiceRequest') as SchemaAt, 'data') as SchemaAt;
  return propertySchema(data, CONNECTOR_ELEMENTS[kind]) as SchemaAt;
}

/** The connector fields Qualys reports in answers but does not take from a request (`readOnly` in the schema). */
export function readOnlyFieldNames(kind: ConnectorKind): Set<string> {
  const connector = connectorSchema(kind);
  return new Set(Object.keys(connector.schema.properties ?? {}).filter((k) => propertySchema(connector, k)?.schema.readOnly === true));
}

/** A schema together with the file its relative `$ref`s resolve against. */
export interface SchemaAt {
  schema: JsonSchema;
  file: string;
  /** A description given beside a `$ref` wins over the target's own: it says what the use means. */
  description?: string;
  /** Names required beside a `$ref` (a create's mandatory fields), on top of the target's own `required`. */
  required?: readonly string[];
}

export function requestSchema(kind: ConnectorKind, schema: BodySchema): SchemaAt {
  const file = requestSchemaId(kind, schema);
  return { schema: schemaFiles.get(file) as JsonSchema, file, description: undefined };
}

/** Follows `$ref`s (across files too) to the schema that says something. */
export function deref(at: SchemaAt): SchemaAt {
  // Already said something: binding and completion ask again at every value of a large request, so
  // no copy is made (the answer is the same, and no caller changes a SchemaAt).
  if (!at.schema.$ref && (at.description !== undefined || at.schema.description === undefined) && (at.required === undefined || at.required.length > 0)) return at;
  let current = at;
  let description = at.description ?? at.schema.description;
  const required = [...(at.required ?? [])];
  for (let hops = 0; current.schema.$ref && hops < 32; hops++) {
    for (const name of current.schema.required ?? []) required.push(name);
    const [filePart, pointer = ''] = current.schema.$ref.split('#');
    const file = filePart ? new URL(filePart, current.file).href : current.file;
    const target = resolvePointer(schemaFiles.get(file), pointer);
    if (!target) throw new Error(`Unresolvable $ref ${current.schema.$ref} in ${current.file}`);
    current = { schema: target, file };
    description ??= target.description;
  }
  return { schema: current.schema, file: current.file, description: description ?? current.schema.description, ...(required.length > 0 ? { required } : {}) };
}

/** The names an object requires: its own `required` and any given beside the `$ref` that led to it. */
export function requiredNames(at: SchemaAt): Set<string> {
  return new Set([...(at.schema.required ?? []), ...(at.required ?? [])]);
}

function resolvePointer(root: JsonSchema | undefined, pointer: string): JsonSchema | undefined {
  let node: unknown = root;
  for (const part of pointer.split('/').filter(Boolean)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node as JsonSchema | undefined;
}

/** The schema of one item of a one-or-many value or an array, dereferenced. */
export function itemSchema(at: SchemaAt): SchemaAt | undefined {
  const s = deref(at);
  // Asked at every one-or-many value: each item of a list of objects asks again for its own.
  let bySchema = itemCache.get(s.schema);
  if (!bySchema) {
    bySchema = new Map();
    itemCache.set(s.schema, bySchema);
  }
  const key = `${s.file}\n${s.description ?? ''}`;
  if (bySchema.has(key)) return bySchema.get(key);
  const item = findItemSchema(s);
  bySchema.set(key, item);
  return item;
}

const itemCache = new WeakMap<JsonSchema, Map<string, SchemaAt | undefined>>();

function findItemSchema(s: SchemaAt): SchemaAt | undefined {
  if (s.schema['x-oneOrMany'] && s.schema.anyOf?.[0]) {
    const item = deref({ schema: s.schema.anyOf[0], file: s.file });
    return { ...item, description: s.description ?? item.description };
  }
  if (s.schema.items) return deref({ schema: s.schema.items, file: s.file });
  return undefined;
}

/** Property lookups by object schema: the schemas never change, and binding asks at every value. */
const propertyCache = new WeakMap<JsonSchema, Map<string, SchemaAt>>();

/** The schema of property `key` of an object schema, dereferenced; undefined when not allowed. */
export function propertySchema(at: SchemaAt, key: string): SchemaAt | undefined {
  const s = deref(at);
  let cache = propertyCache.get(s.schema);
  if (!cache) {
    cache = new Map();
    propertyCache.set(s.schema, cache);
  }
  const hit = cache.get(key);
  if (hit) return hit;
  const prop = s.schema.properties && Object.prototype.hasOwnProperty.call(s.schema.properties, key) ? s.schema.properties[key] : undefined;
  if (!prop) return undefined; // unknown keys are not kept: they are whatever a document holds, without bound
  const result = deref({ schema: prop, file: s.file, description: prop.$ref ? prop.description : undefined });
  cache.set(key, result);
  return result;
}

/**
 * The JSON types a schema admits, looking through one-or-many to its item, and through a
 * quotable value to its documented type: the string form is tolerated, never proposed.
 */
export function typesOf(at: SchemaAt): string[] {
  const s = deref(at).schema;
  if (s['x-oneOrMany']) return ['array'];
  if (s['x-quotable']) return [s['x-quotable']];
  if (Array.isArray(s.type)) return s.type;
  return s.type ? [s.type] : [];
}
