import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { JsonSchema, schemaFiles } from '../schema/store';

/** The schemas' own annotations, declared so that ajv's strict mode still catches typos in real keywords. */
const ANNOTATIONS = ['x-oneOrMany', 'x-collection', 'x-unit', 'x-patternHint', 'x-format', 'x-connectorKind', 'x-identifierFormat', 'x-ocidType', 'x-operation', 'x-secret', 'x-quotable', 'x-disputed', 'enumDescriptions'];

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * The binder always makes one-or-many values arrays, so ajv sees `{type: array}` in place of
 * `anyOf: [item, array of item]`: its errors then name the real problem, not both branches.
 */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!node || typeof node !== 'object') return node;
  const schema = node as JsonSchema;
  if (schema['x-oneOrMany'] && schema.anyOf?.[1]) {
    return { ...forAjv(schema.anyOf[1]) as object, description: schema.description };
  }
  // The binder types a quoted value that parses ("240"), so what stays a string is wrong: ajv
  // then says "must be an integer", not "must match ^[1-9][0-9]*$".
  const quotable = schema['x-quotable'];
  if (quotable) {
    const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'pattern' && k !== 'x-quotable'));
    return forAjv({ ...rest, type: quotable });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'enum' || k === 'required' || k === 'examples' ? v : forAjv(v);
  return out;
}

/**
 * The checker over every schema file. `validateSchema`: check each file against draft-07 first,
 * which the tests do (`schemaChecker(true)`); the server and the CLI skip it, as it costs a
 * third of the time to the first diagnostics and the files ship as tested.
 */
export function schemaChecker(validateSchema: boolean, options: { source?: boolean } = {}): Ajv {
  const checker = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, validateSchema, ...(options.source ? { code: { source: true } } : {}) });
  for (const k of ANNOTATIONS) checker.addKeyword({ keyword: k, schemaType: ['boolean', 'string', 'array'] });
  for (const [id, schema] of schemaFiles) checker.addSchema(forAjv(schema) as object, id);
  return checker;
}

function instance(): Ajv {
  ajv ??= schemaChecker(false);
  return ajv;
}

/**
 * The validators the build compiled ahead of time (`dist/validators.js`, made by `aheadOfTime.ts`
 * from the same schemas as the bundle beside it): the server's entry installs them, so that its
 * first diagnostics need not wait for a compilation. A schema id they lack compiles as before.
 */
export interface CompiledValidators {
  /** Export name → schema id. */
  SCHEMA_IDS: Record<string, string>;
  [name: string]: unknown;
}

export function installCompiledValidators(validators: CompiledValidators): void {
  for (const [name, id] of Object.entries(validators.SCHEMA_IDS)) {
    const fn = validators[name];
    if (typeof fn === 'function' && !compiled.has(id)) compiled.set(id, fn as ValidateFunction);
  }
}

/** Validates a bound request against one of the request schemas; each schema compiles once. */
export function validateWith(schemaId: string, value: unknown): ErrorObject[] {
  let fn = compiled.get(schemaId);
  if (!fn) {
    const got = instance().getSchema(schemaId);
    if (!got) throw new Error(`No schema ${schemaId}`);
    fn = got;
    compiled.set(schemaId, fn);
  }
  return fn(value) ? [] : (fn.errors ?? []).slice();
}
