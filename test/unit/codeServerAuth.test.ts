import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

interface Auth {
  password: string;
  args: string[];
  env: Record<string, string>;
}

/** scripts/code-server.mjs's codeServerAuth(), called in a process of its own (the script is an ES module). */
function auths(n: number): Auth[] {
  const script = `import { codeServerAuth } from ${JSON.stringify(join(ROOT, 'scripts/code-server.mjs'))}; console.log(JSON.stringify(Array.from({ length: ${n} }, codeServerAuth)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Auth[];
}

describe('code-server is started with a password of its own (npm start, the e2e and UI harnesses)', () => {
  it('a new random password for each start, given in the environment, never on the command line', () => {
    const [a, b] = auths(2);
    assert.notEqual(a.password, b.password);
    assert.match(a.password, /^[A-Za-z0-9_-]{24}$/, '144 random bits');
    assert.deepEqual(a.args, ['--auth', 'password']);
    assert.deepEqual(a.env, { PASSWORD: a.password });
    assert.ok(!a.args.join(' ').includes(a.password));
  });

  it('npm start and the harness start code-server only through it: no --auth none anywhere', () => {
    for (const file of ['scripts/start.mjs', 'test/e2e/runCodeServer.ts', 'test/ui/ui.ts']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      assert.doesNotMatch(text, /'--auth',\s*'none'/, file);
    }
    assert.match(readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8'), /\.\.\.auth\.args/);
    assert.match(readFileSync(join(ROOT, 'test/e2e/runCodeServer.ts'), 'utf8'), /\.\.\.auth\.args[\s\S]*assertLoginRequired\(port\)/);
  });
});
