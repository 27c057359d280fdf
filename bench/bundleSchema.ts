import { JsonSchema, schemaFiles } from '../server/src/core/schema/store';

/**
 * One request schema with every `$ref` made internal, for tools that would otherwise fetch the
 * schemas' `$id` addresses (yaml-language-server in the benchmark): the definitions of every file
 * go under `definitions` as `<file>__<name>`.
 */
export function bundleSchema(rootId: string): JsonSchema {
  const short = (id: string): string => id.split('/').pop()?.replace(/\.schema\.json$/, '') ?? id;
  const rewrite = (node: unknown, file: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, file));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const [target, pointer = ''] = v.split('#');
        const targetFile = target ? new URL(target, file).href : file;
        out.$ref = `#/definitions/${short(targetFile)}__${pointer.replace(/^\/definitions\//, '')}`;
      } else if (k !== '$id' && k !== 'definitions') {
        out[k] = rewrite(v, file);
      }
    }
    return out;
  };
  const definitions: Record<string, unknown> = {};
  for (const [id, schema] of schemaFiles) {
    for (const [name, def] of Object.entries(schema.definitions ?? {})) definitions[`${short(id)}__${name}`] = rewrite(def, id);
  }
  const root = rewrite(schemaFiles.get(rootId), rootId) as JsonSchema;
  return { ...root, definitions } as JsonSchema;
}
