import standaloneCode from 'ajv/dist/standalone';
import { requestSchemaIds } from '../schema/standalone';
import { schemaChecker } from './ajv';

/**
 * The request schemas' validators as one CommonJS module's source (ajv's standalone code, the
 * checker's options and schemas exactly), with `SCHEMA_IDS` naming the schema of each export.
 * The build bundles it into `dist/validators.js`; `installCompiledValidators` takes it. Only the
 * build runs this: the server and the CLI never import it.
 */
export function validatorsCode(): string {
  const checker = schemaChecker(false, { source: true });
  const names: Record<string, string> = {};
  requestSchemaIds().forEach((id, i) => {
    if (!checker.getSchema(id)) throw new Error(`No schema ${id}`);
    names[`v${i}`] = id;
  });
  return `${standaloneCode(checker, names)}\nexports.SCHEMA_IDS = ${JSON.stringify(names)};\n`;
}
