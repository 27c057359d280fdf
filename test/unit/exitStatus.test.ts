import assert from 'node:assert/strict';
import { applyCommand } from '../../server/src/cli/apply';
import { CliIo } from '../../server/src/cli/io';
import { run } from '../../server/src/cli/main';
import { planCommand } from '../../server/src/cli/plan';

function capture(): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return { out: () => undefined, err: (l) => errors.push(l), cwd: process.cwd(), errors };
}

describe('CLI exit statuses', () => {
  it('an unexpected error exits 1, never the 2 that plan uses for changes', async () => {
    const io = capture();
    const broken: CliIo = { ...io, out: () => { throw new Error('stdout closed'); } };
    assert.equal(await run(['--help'], broken), 1);
    assert.match(io.errors.join('\n'), /stdout closed/);
  });

  it('plan and apply exit 1 on a usage error, with the pointer to their --help', async () => {
    for (const [command, fn] of [['plan', planCommand], ['apply', applyCommand]] as const) {
      const io = capture();
      assert.equal(await fn(['--no-such-flag'], io, {}), 1, command);
      assert.match(io.errors.join('\n'), new RegExp(`See qualys-connector ${command} --help`), command);
    }
  });

  it('other commands keep 2 for usage errors', async () => {
    const io = capture();
    assert.equal(await run(['validate', '--no-such-flag'], io), 2);
  });
});
