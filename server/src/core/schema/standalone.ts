import { KINDS, SEARCH_SCHEMA } from '../model';
import { bundleSchema } from './bundle';
import { JsonSchema, schemaFiles } from './store';

/** Where the standalone schemas say they live; `schemas/standalone/` in the repository and the .vsix. */
export const STANDALONE_BASE = 'https://schemas.qualys-connector.dev/standalone/';

export interface Standalone {
  /** `aws-update`: the file is `schemas/standalone/<name>.schema.json`. */
  name: string;
  schema: JsonSchema;
  /** The `$id` of the schema in `schemas/` it is made from. */
  source: string;
  /** The file's text, as committed. */
  text: string;
}

/** The request schemas: one a kind and body operation, and the search. */
export function requestSchemaIds(): string[] {
  return [...new Set([...KINDS.flatMap((k) => [k.schemas.create.$id, k.schemas.update.$id]), SEARCH_SCHEMA.$id])];
}

/**
 * Each request schema as one self-contained draft-07 file, for other tools (yaml-language-server,
 * VS Code's `json.schemas`, any validator): no `$ref` leaves the file, and the project's `x-*`
 * keywords are left out because only this extension applies the rules they drive.
 */
export function standaloneSchemas(files: ReadonlyMap<string, JsonSchema> = schemaFiles, ids: readonly string[] = requestSchemaIds()): Standalone[] {
  return ids.map((id) => {
    const source = files.get(id);
    const name = id.split('/').pop()?.replace(/\.schema\.json$/, '') ?? id;
    const { title, description, ...rest } = bundleSchema(id, files, { dropExtensions: true });
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `${STANDALONE_BASE}${name}.schema.json`,
      $comment: `Generated from schemas/${name}.schema.json by \`npm run schemas\`: edit that file, not this one. The Qualys Connector extension checks more than JSON Schema can say (prose rules, XML).`,
      title: title ?? source?.title ?? `Qualys connector request: ${name}`,
      description: description ?? source?.description ?? `A Qualys connector API request body (${name}).`,
      ...rest,
    } as JsonSchema;
    return { name, schema, source: id, text: `${JSON.stringify(schema, null, 2)}\n` };
  });
}
