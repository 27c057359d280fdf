import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ErrorObject, ValidateFunction } from 'ajv';
import { analyze } from '../../server/src/core/analyze';
import { requestSchemaId } from '../../server/src/core/schema/store';
import { requestSchemaIds } from '../../server/src/core/schema/standalone';
import { CompiledValidators, schemaChecker } from '../../server/src/core/validation/ajv';
import { fixture, fixtureNames, marked } from './helpers';
import { tempDir } from '../harness';

/** The validators the build compiled ahead of time, as the server loads them from beside its bundle. */
const BUILT = join(__dirname, '../../../dist/validators.js');
const load = (): CompiledValidators => createRequire(__filename)(BUILT) as CompiledValidators;

/** What a finding is made of: where, which check, its parameters, the value, and the schema it names. */
const shape = (errors: ErrorObject[]): unknown[] =>
  errors.map((e) => [e.instancePath, e.keyword, e.params, e.data, e.message, Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {})]);

describe('validators compiled ahead of time (dist/validators.js)', () => {
  it('exist after the build and name every request schema', () => {
    assert.ok(existsSync(BUILT), `${BUILT} is missing: npm run build makes it`);
    const built = load();
    assert.deepEqual(Object.values(built.SCHEMA_IDS).sort(), requestSchemaIds().sort());
    for (const name of Object.keys(built.SCHEMA_IDS)) assert.equal(typeof built[name], 'function', name);
  });

  it('find exactly what the schemas compiled at run time find, on every fixture, valid and invalid', () => {
    const built = load();
    const ahead = new Map(Object.entries(built.SCHEMA_IDS).map(([name, id]) => [id, built[name] as ValidateFunction]));
    const checker = schemaChecker(false);
    let compared = 0;
    let withErrors = 0;
    for (const dir of ['valid', 'invalid']) {
      for (const name of fixtureNames(dir)) {
        const a = analyze(marked(fixture(dir, name)).text, name);
        if (!a.bound) continue;
        const id = requestSchemaId(a.target.kind, a.target.schema);
        const runtime = checker.getSchema(id) as ValidateFunction;
        const fn = ahead.get(id) as ValidateFunction;
        const mine = fn(a.bound.value) ? [] : (fn.errors ?? []);
        const theirs = runtime(a.bound.value) ? [] : (runtime.errors ?? []);
        assert.deepEqual(shape(mine), shape(theirs), `${dir}/${name}`);
        compared++;
        if (theirs.length > 0) withErrors++;
      }
    }
    // The comparison means something only over requests both accept and requests both refuse.
    assert.ok(compared > 100 && withErrors > 20, `${compared} compared, ${withErrors} with errors`);
  });

  it('are loaded by the CLI from beside its bundle, and one that fails to load is said, the check still made', () => {
    const dir = tempDir('qc-cli-');
    copyFileSync(join(BUILT, '../cli.js'), join(dir, 'cli.js'));
    const requests = ['examples/aws-create.qualys.json', 'examples/mistakes.qualys.yaml'].map((f) => join(__dirname, '../../..', f));
    const validate = () => spawnSync(process.execPath, [join(dir, 'cli.js'), 'validate', '--format', 'json', ...requests], { encoding: 'utf8', timeout: 20000 });
    const none = validate();
    assert.ok(none.status === 1 && (JSON.parse(none.stdout) as { diagnostics: unknown[] }[]).some((f) => f.diagnostics.length > 0), none.stdout);
    copyFileSync(BUILT, join(dir, 'validators.js'));
    const built = validate();
    assert.deepEqual([built.status, built.stderr, built.stdout], [none.status, '', none.stdout]);
    writeFileSync(join(dir, 'validators.js'), "throw new Error('broken on purpose');\n");
    const broken = validate();
    assert.equal(broken.stderr, 'qualys-connector: the precompiled validators could not be loaded (broken on purpose); schemas compile on first use.\n');
    assert.deepEqual([broken.status, broken.stdout], [none.status, none.stdout]);
  });
});
