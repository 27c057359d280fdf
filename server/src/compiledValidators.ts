import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CompiledValidators, installCompiledValidators } from './core/validation/ajv';

/**
 * Installs the schemas' validators the build compiled ahead of time (`dist/validators.js`) from the
 * folder the running bundle is in (the language server's and the CLI's): a check then waits for no
 * compilation. Run from out/ (as tests do) there are none, and each schema compiles on first use, as
 * it always may; a file that is there but does not load is said on standard error by `who`.
 */
export function installValidatorsBeside(dir: string, who: string): void {
  try {
    installCompiledValidators(createRequire(join(dir, 'x.js'))(join(dir, 'validators.js')) as CompiledValidators);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') process.stderr.write(`${who}: the precompiled validators could not be loaded (${e instanceof Error ? e.message : String(e)}); schemas compile on first use.\n`);
  }
}
