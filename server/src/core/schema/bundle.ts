import { JsonSchema, schemaFiles } from './store';

/** Keywords whose value is one schema, a map of schemas or a list of schemas (draft-07). */
const ONE = new Set(['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not']);
const MAP = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
const LIST = new Set(['allOf', 'anyOf', 'oneOf']);

export interface BundleOptions {
  /** Drop the project's own `x-*` keywords: a tool that is not this extension would not apply them. */
  dropExtensions?: boolean;
}

const short = (id: string): string => id.split('/').pop()?.replace(/\.schema\.json$/, '') ?? id;
const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * One schema with every `$ref` made internal, for tools that would otherwise fetch the schemas'
 * `$id` addresses (a host that does not exist). Only what the root reaches is kept: a definition
 * `d` of file `f` goes under `definitions` as `<f>__<d>`; a `$ref` to anything else in another
 * file (its root, a property) takes that whole file under `definitions` as `<f>`. The root file's
 * own layout stays where it is, so its other `$ref`s keep their pointers.
 */
export function bundleSchema(rootId: string, files: ReadonlyMap<string, JsonSchema> = schemaFiles, options: BundleOptions = {}): JsonSchema {
  const root = files.get(rootId);
  if (!root) throw new Error(`No schema ${rootId} to bundle`);
  const definitions: Record<string, unknown> = {};
  const pending: (() => void)[] = [];

  /** The internal pointer for `$ref` `ref` written in `file`, queueing what it needs copied. */
  const target = (ref: string, file: string): string => {
    const hash = ref.indexOf('#');
    const address = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const targetFile = address ? new URL(address, file).href : file;
    const schema = files.get(targetFile);
    if (!schema) throw new Error(`$ref "${ref}" in ${file} names ${targetFile}, which is not one of the schemas`);
    const parts = pointer.split('/').filter(Boolean).map(unescape);
    if (!resolves(schema, parts)) throw new Error(`$ref "${ref}" in ${file} points at nothing`);
    if (parts[0] === 'definitions' && parts.length >= 2) {
      const key = `${short(targetFile)}__${parts[1]}`;
      if (!(key in definitions)) {
        definitions[key] = null; // claimed before copying, so a cycle of definitions ends
        pending.push(() => (definitions[key] = copy(schema.definitions?.[parts[1]], targetFile)));
      }
      return `#/definitions/${[key, ...parts.slice(2)].map(escape).join('/')}`;
    }
    if (targetFile === rootId) return `#${pointer}`;
    const key = short(targetFile);
    if (!(key in definitions)) {
      definitions[key] = null;
      pending.push(() => (definitions[key] = copy(schema, targetFile)));
    }
    return `#/definitions/${[key, ...parts].map(escape).join('/')}`;
  };

  /** A copy of one schema node: `$ref`s rewritten, `$id`s and per-file definitions left out. */
  const copy = (node: unknown, file: string): unknown => {
    if (typeof node === 'boolean' || !node || typeof node !== 'object' || Array.isArray(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$id' || k === '$schema' || k === 'definitions') continue;
      if (options.dropExtensions && k.startsWith('x-')) continue;
      if (k === '$ref' && typeof v === 'string') out.$ref = target(v, file);
      else if (ONE.has(k)) out[k] = copy(v, file);
      else if (k === 'items') out[k] = Array.isArray(v) ? v.map((n) => copy(n, file)) : copy(v, file);
      else if (LIST.has(k) && Array.isArray(v)) out[k] = v.map((n) => copy(n, file));
      else if (MAP.has(k) && v && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, Array.isArray(s) ? s : copy(s, file)]));
      } else out[k] = v; // data (enum, examples, required...) and unknown keywords, as written
    }
    return out;
  };

  const body = copy(root, rootId) as JsonSchema;
  while (pending.length) pending.shift()?.();
  return Object.keys(definitions).length ? { ...body, definitions: definitions as Record<string, JsonSchema> } : body;
}

function resolves(schema: JsonSchema, parts: string[]): boolean {
  let node: unknown = schema;
  for (const part of parts) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== undefined;
}
