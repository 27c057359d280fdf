import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkEntry, findRecord, lookupRecord, MAX_RECORD_BYTES, projectRoot, readRecord, writeRecord } from '../../server/src/workspace/record';
import { run } from '../../server/src/cli/main';
import { tempDir } from '../harness';

const fresh = (name: string): string => tempDir(`qc-${name}-`);
const targets = (t: object): string => JSON.stringify({ version: 1, targets: t });

describe('qualys-targets.json from a hostile repository', () => {
  it('is not read or written through a symbolic link (nothing lands in ~/.bashrc)', async () => {
    const home = fresh('home');
    const victim = join(home, '.bashrc');
    writeFileSync(victim, 'export PATH=$PATH\n');
    const repo = fresh('repo');
    symlinkSync(victim, join(repo, 'qualys-targets.json'));
    const request = join(repo, '$(cd;touch PWNED).qualys.xml');
    writeFileSync(request, '<ServiceRequest/>');
    assert.match(lookupRecord(request, repo).problem ?? '', /is a symbolic link/);
    await assert.rejects(writeRecord(request, { operation: 'update', id: 1 }, repo), /symbolic link/);
    assert.equal(readFileSync(victim, 'utf8'), 'export PATH=$PATH\n', 'the link target is untouched');
  });

  it('refuses a record whose folder leads outside the workspace, and a request outside it', async () => {
    const outside = fresh('outside');
    writeFileSync(join(outside, 'qualys-targets.json'), targets({ 'a.qualys.xml': { operation: 'delete', id: 5 } }));
    const repo = fresh('repo');
    symlinkSync(outside, join(repo, 'linked'));
    const request = join(repo, 'linked', 'a.qualys.xml');
    writeFileSync(request, '<ServiceRequest/>');
    assert.match(lookupRecord(request, repo).problem ?? '', /outside the workspace/);
    await assert.rejects(writeRecord(request, { operation: 'update', id: 1 }, repo), /outside the workspace/);
    await assert.rejects(writeRecord(join(outside, 'b.qualys.xml'), { operation: 'update', id: 1 }, repo), /outside the workspace/);
  });

  it('is written atomically, beside the requests, with nothing left over', async () => {
    const repo = fresh('repo');
    mkdirSync(join(repo, 'aws'));
    const request = join(repo, 'aws', 'prod.qualys.json');
    writeFileSync(request, '{}');
    const written = await writeRecord(request, { operation: 'update', id: 843003 }, repo);
    assert.equal(written, join(repo, 'qualys-targets.json'));
    assert.deepEqual(JSON.parse(readFileSync(written, 'utf8')), { version: 1, targets: { 'aws/prod.qualys.json': { operation: 'update', id: 843003 } } });
    await writeRecord(join(repo, 'aws', 'b.qualys.json'), { operation: 'run', id: 7 }, repo);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(written, 'utf8')).targets), ['aws/b.qualys.json', 'aws/prod.qualys.json']);
    assert.deepEqual(readdirSync(repo).sort(), ['aws', 'qualys-targets.json'], 'no temporary file is left');
  });

  it('leaves a record that is not valid JSON as it is', async () => {
    const repo = fresh('repo');
    writeFileSync(join(repo, 'qualys-targets.json'), '{"targets": ');
    await assert.rejects(writeRecord(join(repo, 'a.qualys.xml'), { operation: 'create' }, repo), /not valid JSON/);
    assert.equal(readFileSync(join(repo, 'qualys-targets.json'), 'utf8'), '{"targets": ');
  });

  it('reads only a small regular file: not /dev/zero, a FIFO, or 2 GB', function () {
    this.timeout(10_000);
    const repo = fresh('repo');
    const request = join(repo, 'a.qualys.xml');
    symlinkSync('/dev/zero', join(repo, 'qualys-targets.json'));
    assert.match(lookupRecord(request, repo).problem ?? '', /symbolic link/);

    const fifoRepo = fresh('fifo');
    execFileSync('mkfifo', [join(fifoRepo, 'qualys-targets.json')]);
    const started = Date.now();
    assert.match(lookupRecord(join(fifoRepo, 'a.qualys.xml'), fifoRepo).problem ?? '', /not a regular file/);
    assert.ok(Date.now() - started < 1000, 'a FIFO with no writer is not waited on');

    const bigRepo = fresh('big');
    writeFileSync(join(bigRepo, 'qualys-targets.json'), '');
    truncateSync(join(bigRepo, 'qualys-targets.json'), 2 * 1024 ** 3);
    const big = readRecord(join(bigRepo, 'qualys-targets.json'), bigRepo);
    assert.match(big.problem ?? '', new RegExp(`more than the ${MAX_RECORD_BYTES}`));
    assert.equal(big.entries.size, 0);
  });

  it('is looked for up to the project root and no higher', () => {
    const above = fresh('above');
    writeFileSync(join(above, 'qualys-targets.json'), targets({ 'project/a.qualys.xml': { operation: 'delete', id: 5 } }));
    const project = join(above, 'project');
    mkdirSync(join(project, '.git'), { recursive: true });
    const request = join(project, 'a.qualys.xml');
    assert.equal(projectRoot(request), project);
    assert.equal(findRecord(request, projectRoot(request)), undefined);
    assert.deepEqual(lookupRecord(request, projectRoot(request)), {});
    // Given explicitly, the folder above is the root.
    assert.deepEqual(lookupRecord(request, above).recorded, { operation: 'delete', id: 5 });
  });

  it('refuses unknown operations and ids that are not safe whole numbers, never ignoring them', () => {
    assert.deepEqual(checkEntry({ operation: 'update', id: 843003 }), { operation: 'update', id: 843003 });
    assert.match((checkEntry({ operation: 'delete\n' }) as { problem: string }).problem, /unknown operation "delete\\n"/);
    assert.match((checkEntry({ operation: 'DELETE' }) as { problem: string }).problem, /unknown operation/);
    // eslint-disable-next-line no-loss-of-precision -- exactly what a hand-written record may hold
    for (const id of [9007199254740993, 1e21, '0x10', '12', 0, -3, 1.5]) {
      assert.match((checkEntry({ operation: 'get', id }) as { problem: string }).problem, /is not a connector id/, String(id));
    }
    assert.match((checkEntry({ operation: 'get', kind: 'gcp-ish' }) as { problem: string }).problem, /unknown connector kind/);
    assert.match((checkEntry('update') as { problem: string }).problem, /must be an object/);
    const repo = fresh('repo');
    writeFileSync(join(repo, 'qualys-targets.json'), '{"targets": {"a.qualys.json": {"operation": "update", "id": 9007199254740993}}}');
    assert.match(lookupRecord(join(repo, 'a.qualys.json'), repo).problem ?? '', /entry "a.qualys.json": the id 9007199254740992 is not a connector id/);
  });
});

describe('the CLI and the record', () => {
  const cli = async (args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await run(args, { out: (l) => (out += l + '\n'), err: (l) => (err += l + '\n'), cwd });
    return { code, out, err };
  };

  it('validate checks each file as its record says, as the editor does', async () => {
    const repo = fresh('repo');
    const body = '{"ServiceRequest": {"filters": {"Criteria": {"field": "name", "operator": "EQUALS", "value": "x"}}, "data": {"AwsAssetDataConnector": {"disabled": true}}}}';
    writeFileSync(join(repo, 'prod.qualys.json'), body);
    assert.equal((await cli(['validate', 'prod.qualys.json'], repo)).code, 0);
    writeFileSync(join(repo, 'qualys-targets.json'), targets({ 'prod.qualys.json': { operation: 'create' } }));
    const asCreate = await cli(['validate', 'prod.qualys.json'], repo);
    assert.equal(asCreate.code, 1);
    assert.match(asCreate.out, /prod\.qualys\.json:1:\d+: error unknown-field/);
    writeFileSync(join(repo, 'qualys-targets.json'), targets({ 'prod.qualys.json': { operation: 'delete\n' } }));
    const bad = await cli(['validate', 'prod.qualys.json'], repo);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /prod\.qualys\.json:1:2: error bad-record: qualys-targets\.json, entry "prod\.qualys\.json": unknown operation/);
  });

  it('send refuses ids and operations that are not exact, before anything is sent', async () => {
    const env = { QUALYS_USERNAME: 'u', QUALYS_PASSWORD: 'p' };
    for (const id of ['0x10', '1e21', '9007199254740993', '-1', '']) {
      const r = spawnSync(process.execPath, [join(__dirname, '../../../dist/cli.js'), 'send', '--operation', 'get', '--id', id, '--kind', 'aws', '--base-url', 'http://127.0.0.1:9'], { encoding: 'utf8', env: { ...process.env, ...env } });
      assert.equal(r.status, 2, id);
      assert.match(r.stderr, /--id must be a connector id/, id);
    }
    const r = spawnSync(process.execPath, [join(__dirname, '../../../dist/cli.js'), 'send', '--operation', 'delete\n', '--id', '5', '--kind', 'aws', '--base-url', 'http://127.0.0.1:9'], { encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--operation must be one of create, update, search, get, delete, run; got "delete\\n"/);
  });

  it('send will not act on a record it cannot trust', async () => {
    const repo = fresh('repo');
    writeFileSync(join(repo, 'a.qualys.json'), '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x"}}}}');
    writeFileSync(join(repo, 'qualys-targets.json'), targets({ 'a.qualys.json': { operation: 'delete\n', id: 5 } }));
    const saved = { u: process.env.QUALYS_USERNAME, p: process.env.QUALYS_PASSWORD };
    process.env.QUALYS_USERNAME = 'u';
    process.env.QUALYS_PASSWORD = 'p';
    const r = await cli(['send', 'a.qualys.json', '--base-url', 'http://127.0.0.1:9'], repo).finally(() => {
      for (const [k, v] of [['QUALYS_USERNAME', saved.u], ['QUALYS_PASSWORD', saved.p]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    assert.ok(existsSync(join(repo, 'a.qualys.json')));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /unknown operation "delete\\n".*give --operation/);
  });
});
