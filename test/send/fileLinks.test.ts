import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { planCommand } from '../../server/src/cli/plan';
import { validateCommand } from '../../server/src/cli/validate';
import { RunningEmulator } from '../../server/src/emulator';
import { cli } from './hostileServer';
import { cmd, emulator, ENV } from './fleetHelpers';

const create = (name: string): string => JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { name, arn: 'arn:aws:iam::123456789012:role/R', externalId: 'e', allRegions: true, runFrequency: 240 } } } });

/**
 * A repository (with .git, so it is the root) whose connectors/ folder holds one request of its own
 * and links planted by whoever wrote it: to a folder outside with a "secret" request, to a request
 * file outside, and inside the repository to a folder and a file of its own (those are fine).
 */
function hostileRepo(): { repo: string; outside: string } {
  const repo = mkdtempSync(join(tmpdir(), 'qc-links-'));
  const outside = mkdtempSync(join(tmpdir(), 'qc-outside-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'connectors'));
  mkdirSync(join(repo, 'shared'));
  writeFileSync(join(repo, 'connectors', 'mine-create.qualys.json'), create('mine'));
  writeFileSync(join(repo, 'shared', 'common-create.qualys.json'), create('common'));
  writeFileSync(join(outside, 'secret-create.qualys.json'), create('secret from outside'));
  symlinkSync(outside, join(repo, 'connectors', 'elsewhere'));
  symlinkSync(join(outside, 'secret-create.qualys.json'), join(repo, 'connectors', 'stolen-create.qualys.json'));
  symlinkSync(join(repo, 'shared'), join(repo, 'connectors', 'shared'));
  symlinkSync(join(repo, 'connectors'), join(repo, 'connectors', 'loop'));
  return { repo, outside };
}

describe('links in a repository: validate, plan and apply never follow one out of the root', function () {
  this.timeout(30000);
  const made: string[] = [];
  let emu: RunningEmulator;
  let calls: string[];
  before(async () => {
    ({ emu, calls } = await emulator());
  });
  after(async () => {
    await emu.close();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  const fresh = (): { repo: string; outside: string } => {
    const r = hostileRepo();
    made.push(r.repo, r.outside);
    return r;
  };

  it('validate of a folder: its own files and links inside the root, once each; the links out are skipped and named', async () => {
    const { repo } = fresh();
    const r = await cmd((args, io) => validateCommand(args, io), ['--format', 'json', 'connectors'], repo);
    assert.equal(r.code, 0, r.err);
    const files = (JSON.parse(r.out) as { file: string }[]).map((f) => f.file);
    assert.deepEqual(files, ['connectors/mine-create.qualys.json', 'connectors/shared/common-create.qualys.json']);
    assert.match(r.err, /skipped connectors\/elsewhere: a link to a folder outside .*; not followed/);
    assert.match(r.err, /skipped connectors\/stolen-create\.qualys\.json: a link to a file outside/);
    assert.doesNotMatch(r.out + r.err, /secret from outside/);
  });

  it('a link to / is not walked: validate answers at once', async () => {
    const { repo } = fresh();
    symlinkSync('/', join(repo, 'connectors', 'root'));
    const started = Date.now();
    const r = await cli(['validate', 'connectors'], {}, repo);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started < 10000, `${Date.now() - started} ms`);
    assert.match(r.stderr, /skipped connectors\/root: a link to a folder outside/);
  });

  it('plan and apply refuse, fetch nothing and send nothing, when a folder holds a link out of the root', async () => {
    const { repo } = fresh();
    calls.length = 0;
    const plan = await cmd(planCommand, ['connectors', '--base-url', emu.url], repo);
    assert.equal(plan.code, 1, plan.out + plan.err);
    assert.doesNotMatch(plan.out, /\+ .*elsewhere|secret/);
    assert.match(plan.err, /connectors\/elsewhere: a link to a folder outside/);
    const apply = await cmd(applyCommand, ['connectors', '--yes', '--base-url', emu.url], repo);
    assert.equal(apply.code, 1, apply.out + apply.err);
    assert.deepEqual(calls, [], 'nothing fetched, nothing sent');
  });

  it('a file or folder named on the command line may be a link only when its real path is inside the root', async () => {
    const { repo } = fresh();
    const out = await cli(['validate', 'connectors/stolen-create.qualys.json'], {}, repo);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /connectors\/stolen-create\.qualys\.json leads out of .* through a link/);
    const through = await cli(['validate', 'connectors/elsewhere/secret-create.qualys.json'], {}, repo);
    assert.equal(through.code, 2);
    assert.match(through.stderr, /leads out of .* through a link/);
    const folder = await cli(['plan', 'connectors/elsewhere', '--base-url', emu.url], ENV, repo);
    assert.equal(folder.code, 1);
    assert.match(folder.stderr, /connectors\/elsewhere leads out of .* through a link/);
    const inside = await cmd((args, io) => validateCommand(args, io), ['--format', 'json', 'connectors/shared/common-create.qualys.json'], repo);
    assert.equal(inside.code, 0, inside.err);
    assert.deepEqual((JSON.parse(inside.out) as { file: string }[]).map((f) => f.file), ['connectors/shared/common-create.qualys.json']);
  });

  it('a glob takes no link: it does not descend into a folder link, nor take a file link', async () => {
    const { repo } = fresh();
    const r = await cmd((args, io) => validateCommand(args, io), ['--format', 'json', 'connectors/**/*.qualys.json'], repo);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((f) => f.file), ['connectors/mine-create.qualys.json']);
  });
});
