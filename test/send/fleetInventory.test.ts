import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { CliIo } from '../../server/src/cli/io';
import { planCommand } from '../../server/src/cli/plan';
import { pullCommand } from '../../server/src/cli/pull';
import { tempDir } from '../harness';
import { cmd, emulator, liveNames, PASSWORD, USER } from './fleetHelpers';

const apply = (args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> => applyCommand(args, io, env);

const TEMPLATE = `ServiceRequest:
  data:
    AwsAssetDataConnector:
      name: "aws-\${Name}"
      description: "Account \${Id}"
      arn: "arn:aws:iam::\${Id}:role/QualysRole"
      externalId: "qualys-\${Id}"
      allRegions: true
      runFrequency: 240
`;

/** An organization as `aws organizations list-accounts --output json` prints it. */
function accounts(n: number, suspended: ReadonlySet<number> = new Set()): string {
  const list = Array.from({ length: n }, (_, i) => ({ Id: String(100000000000 + i), Arn: `arn:aws:organizations::111111111111:account/o-exampleorgid/${100000000000 + i}`, Email: `a${i}@example.com`, Name: `account-${i}`, Status: suspended.has(i) ? 'SUSPENDED' : 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: 1481830215.45 }));
  return JSON.stringify({ Accounts: list }, null, 2);
}

function fleetDir(fleet = 'template: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }\n'): string {
  const dir = tempDir('qc-inventory-');
  writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE);
  writeFileSync(join(dir, 'aws-accounts.qualys-fleet.yaml'), fleet);
  return dir;
}

describe('fleet files: one template, every account of an inventory, against the emulator', function () {
  this.timeout(60_000);

  it('creates each ACTIVE account, plans nothing after, disables a removed account and creates an added one', async () => {
    const { emu } = await emulator();
    try {
      const dir = fleetDir();
      const base = ['--base-url', emu.url];
      writeFileSync(join(dir, 'accounts.json'), accounts(5, new Set([3])));
      const planned = await cmd(planCommand, [...base, '.'], dir);
      assert.equal(planned.code, 2, planned.err);
      assert.equal(
        planned.out,
        [
          '  ./aws-account.qualys.yaml: the template of ./aws-accounts.qualys-fleet.yaml: planned once per account of its inventory, not as a request of its own',
          '+ ./aws-accounts.qualys-fleet.yaml [100000000000 account-0]: create aws connector',
          '+ ./aws-accounts.qualys-fleet.yaml [100000000001 account-1]: create aws connector',
          '+ ./aws-accounts.qualys-fleet.yaml [100000000002 account-2]: create aws connector',
          '+ ./aws-accounts.qualys-fleet.yaml [100000000004 account-4]: create aws connector',
          'Plan: 4 to create, 0 to update, 0 to delete, 0 to run; 0 unchanged, 1 not applied (searches, gets, templates, files without an operation).',
        ].join('\n'),
      );
      const applied = await cmd(apply, [...base, '.', '--yes'], dir);
      assert.equal(applied.code, 0, applied.err + applied.out);
      assert.deepEqual((await liveNames(emu.url)).sort(), ['aws-account-0', 'aws-account-1', 'aws-account-2', 'aws-account-4']);
      const record = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { id: number }> };
      assert.deepEqual(Object.keys(record.targets), ['aws-accounts.qualys-fleet.yaml#100000000000', 'aws-accounts.qualys-fleet.yaml#100000000001', 'aws-accounts.qualys-fleet.yaml#100000000002', 'aws-accounts.qualys-fleet.yaml#100000000004']);

      const again = await cmd(planCommand, [...base, '.'], dir);
      assert.equal(again.code, 0, again.out + again.err);
      assert.match(again.out, /Plan: 0 to create, 0 to update, 0 to delete, 0 to run; 4 unchanged/);

      // Account 1 leaves the organization, account 5 joins.
      const list = JSON.parse(accounts(6, new Set([3]))) as { Accounts: { Id: string }[] };
      list.Accounts.splice(1, 1);
      writeFileSync(join(dir, 'accounts.json'), JSON.stringify(list));
      const changed = await cmd(planCommand, [...base, 'aws-accounts.qualys-fleet.yaml'], dir);
      assert.equal(changed.code, 2, changed.err);
      const id1 = record.targets['aws-accounts.qualys-fleet.yaml#100000000001'].id;
      assert.equal(
        changed.out,
        [
          '+ aws-accounts.qualys-fleet.yaml [100000000005 account-5]: create aws connector',
          `~ aws-accounts.qualys-fleet.yaml [100000000001]: disable aws connector ${id1}: its account is no longer in the inventory (onRemoved: disable)`,
          '    disabled: false → true',
          'Plan: 1 to create, 1 to update (1 to disable), 0 to delete, 0 to run; 3 unchanged.',
        ].join('\n'),
      );
      const deletes = emu.calls.byOperation.delete ?? 0;
      assert.equal((await cmd(apply, [...base, 'aws-accounts.qualys-fleet.yaml', '--yes'], dir)).code, 0);
      assert.equal((emu.calls.byOperation.delete ?? 0) - deletes, 0, 'disabled, not deleted');
      assert.equal((await liveNames(emu.url)).length, 5);
      const after = await cmd(planCommand, [...base, 'aws-accounts.qualys-fleet.yaml'], dir);
      assert.equal(after.code, 0, after.out);
      const pulled = await cmd(pullCommand, [...base, '--kind', 'aws'], dir);
      assert.match(pulled.err, /Pulled 0 connectors in 1 call: 0 new, 0 changed, 0 unchanged; 5 managed by fleet files, not written\./);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.qualys.yaml')), ['aws-account.qualys.yaml'], 'no request file for a fleet\'s connector');

      // The template changes: every account's connector is updated, field by field.
      writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE.replace('runFrequency: 240', 'runFrequency: 360'));
      const updated = await cmd(planCommand, [...base, '.'], dir);
      assert.equal(updated.code, 2);
      assert.match(updated.out, /~ .\/aws-accounts.qualys-fleet.yaml \[100000000000 account-0\]: update aws connector \d+\n {4}runFrequency: 240 → 360/);
      assert.match(updated.out, /Plan: 0 to create, 4 to update, 0 to delete, 0 to run; 1 unchanged, 1 not applied/);
    } finally {
      await emu.close();
    }
  });

  it('an organization of 120 accounts, 3 suspended: 117 creates, then nothing; a new runFrequency and 2 accounts gone: 115 updates and 2 disables; onRemoved: delete deletes those 2', async () => {
    const { emu } = await emulator();
    try {
      const dir = fleetDir();
      const base = ['--base-url', emu.url, 'aws-accounts.qualys-fleet.yaml'];
      writeFileSync(join(dir, 'accounts.json'), accounts(120, new Set([7, 50, 99])));
      assert.match((await cmd(planCommand, base, dir)).out, /Plan: 117 to create, 0 to update, 0 to delete, 0 to run; 0 unchanged\.$/);
      assert.equal((await cmd(apply, [...base, '--yes'], dir)).code, 0);
      assert.equal((await liveNames(emu.url)).length, 117);
      assert.match((await cmd(planCommand, base, dir)).out, /^Plan: 0 to create, 0 to update, 0 to delete, 0 to run; 117 unchanged\.$/);

      writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE.replace('runFrequency: 240', 'runFrequency: 720'));
      const list = JSON.parse(accounts(120, new Set([7, 50, 99]))) as { Accounts: unknown[] };
      list.Accounts.splice(10, 2);
      writeFileSync(join(dir, 'accounts.json'), JSON.stringify(list));
      const planned = await cmd(planCommand, base, dir);
      assert.match(planned.out, /Plan: 0 to create, 117 to update \(2 to disable\), 0 to delete, 0 to run; 0 unchanged\.$/);
      assert.equal((planned.out.match(/: disable aws connector/g) ?? []).length, 2);
      const updates = emu.calls.byOperation.update;
      assert.equal((await cmd(apply, [...base, '--yes'], dir)).code, 0);
      assert.equal(emu.calls.byOperation.update - updates, 117);
      assert.equal((emu.calls.byOperation.delete ?? 0), 0, 'disabled, not deleted');
      assert.equal((await liveNames(emu.url)).length, 117);
      assert.match((await cmd(planCommand, base, dir)).out, /117 unchanged\.$/);

      writeFileSync(join(dir, 'aws-accounts.qualys-fleet.yaml'), 'template: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }\nonRemoved: delete\n');
      assert.match((await cmd(planCommand, base, dir)).out, /Plan: 0 to create, 0 to update, 2 to delete, 0 to run; 115 unchanged\.$/);
      assert.equal((await cmd(apply, [...base, '--yes'], dir)).code, 0);
      assert.equal((await liveNames(emu.url)).length, 115);
    } finally {
      await emu.close();
    }
  });

  it('onRemoved: delete deletes and forgets the account; an account that comes back is enabled again', async () => {
    const { emu } = await emulator();
    try {
      const dir = fleetDir('template: aws-account.qualys.yaml\ninventory: accounts.json\nonRemoved: delete\n');
      const base = ['--base-url', emu.url, 'aws-accounts.qualys-fleet.yaml'];
      writeFileSync(join(dir, 'accounts.json'), accounts(3));
      assert.equal((await cmd(apply, [...base, '--yes'], dir)).code, 0);
      writeFileSync(join(dir, 'accounts.json'), accounts(2));
      const planned = await cmd(planCommand, base, dir);
      assert.match(planned.out, /^- aws-accounts.qualys-fleet.yaml \[100000000002\]: delete aws connector \d+: its account is no longer in the inventory \(onRemoved: delete\)$/m);
      assert.equal((await cmd(apply, [...base, '--yes'], dir)).code, 0);
      assert.deepEqual((await liveNames(emu.url)).sort(), ['aws-account-0', 'aws-account-1']);
      const record = readFileSync(join(dir, 'qualys-targets.json'), 'utf8');
      assert.ok(!record.includes('100000000002'), 'the deleted account leaves the record');
      assert.equal((await cmd(planCommand, base, dir)).code, 0);

      // Disabled when it left, enabled when it is back.
      writeFileSync(join(dir, 'aws-accounts.qualys-fleet.yaml'), 'template: aws-account.qualys.yaml\ninventory: accounts.json\n');
      writeFileSync(join(dir, 'accounts.json'), accounts(1));
      assert.equal((await cmd(apply, [...base, '--yes'], dir)).code, 0);
      writeFileSync(join(dir, 'accounts.json'), accounts(2));
      const back = await cmd(planCommand, base, dir);
      assert.match(back.out, /^~ aws-accounts.qualys-fleet.yaml \[100000000001 account-1\]: update aws connector \d+\n {4}disabled: true → false$/m);

      // An account that left when its connector was already deleted by hand: nothing to disable, nothing blocks apply.
      const ids = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { id: number }> };
      const auth = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
      await fetch(`${emu.url}/qps/rest/3.0/delete/am/awsassetdataconnector/${ids.targets['aws-accounts.qualys-fleet.yaml#100000000000'].id}`, { method: 'POST', headers: { Authorization: auth } });
      writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ Accounts: (JSON.parse(accounts(2)) as { Accounts: unknown[] }).Accounts.slice(1) }));
      const gone = await cmd(planCommand, base, dir);
      assert.equal(gone.code, 2, gone.err);
      assert.doesNotMatch(gone.out, /100000000000/);
      assert.match(gone.out, /Plan: 0 to create, 1 to update, 0 to delete, 0 to run; 0 unchanged, 1 already deleted\.$/);
    } finally {
      await emu.close();
    }
  });

  it('an apply stopped by --max-calls goes on where it stopped; a create sent and never answered is adopted, not made twice; a saved plan is applied as planned', async () => {
    const { emu } = await emulator();
    try {
      const dir = fleetDir();
      const base = ['--base-url', emu.url, 'aws-accounts.qualys-fleet.yaml'];
      writeFileSync(join(dir, 'accounts.json'), accounts(6));
      const stopped = await cmd(apply, [...base, '--yes', '--max-calls', '4'], dir);
      assert.equal(stopped.code, 3, stopped.err);
      const first = await liveNames(emu.url);
      assert.ok(first.length > 0 && first.length < 6, `${first.length} created before the stop`);
      // As if the apply had been killed after sending account-5's create: the create is journaled, then made.
      const record = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { version: number; targets: Record<string, unknown> };
      record.targets['aws-accounts.qualys-fleet.yaml#100000000005'] = { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' };
      writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify(record));
      await seedNamed(emu.url, 'aws-account-5');
      const planned = await cmd(planCommand, [...base, '--out', 'plan.json'], dir);
      assert.equal(planned.code, 2, planned.err);
      assert.match(planned.out, /^~ aws-accounts.qualys-fleet.yaml \[100000000005 account-5\]: adopt aws connector \d+/m);
      const applied = await cmd(apply, ['--base-url', emu.url, '--plan', 'plan.json'], dir);
      assert.equal(applied.code, 0, applied.err + applied.out);
      const names = await liveNames(emu.url);
      assert.equal(names.length, 6, names.join());
      assert.equal(new Set(names).size, 6, 'no account has two connectors');
      assert.equal((await cmd(planCommand, base, dir)).code, 0);
    } finally {
      await emu.close();
    }
  });

  it('refuses, naming the account and the placeholder, a template whose placeholder does not resolve, and sends nothing', async () => {
    const { emu } = await emulator();
    try {
      const dir = fleetDir();
      writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE.replace('${Name}', '${Owner}').replace('runFrequency: 240', 'runFrequency: "${Name}"'));
      writeFileSync(join(dir, 'accounts.json'), accounts(3));
      const planned = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.equal(planned.code, 1);
      assert.match(planned.err, /aws-accounts.qualys-fleet.yaml: for 100000000000 \(and 2 other accounts\): \$\{Owner\} at ServiceRequest.data.AwsAssetDataConnector.name: the entry has no field "Owner"/);
      writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE.replace('runFrequency: 240', 'runFrequency: "${Name}"'));
      const typed = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.doesNotMatch(typed.err, /^\.\/aws-account\.qualys\.yaml/m, 'the template is not checked as a request of its own');
      assert.match(typed.err, /for 100000000000 \(and 2 other accounts\): wrong-type: /);
      writeFileSync(join(dir, 'accounts.json'), '{"Accounts": []}');
      writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE);
      const empty = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.match(empty.err, /it holds no account; nothing is planned, so that an empty inventory never disables or deletes a fleet/);
      // The template planned without its fleet is refused: it would create "aws-${Name}".
      writeFileSync(join(dir, 'onboard-create.qualys.yaml'), TEMPLATE);
      const alone = await cmd(planCommand, ['--base-url', emu.url, 'onboard-create.qualys.yaml'], dir);
      assert.equal(alone.code, 1);
      assert.match(alone.err, /it holds placeholders \(\$\{Name\}, \$\{Id\}\): it is a fleet's template/);
      assert.equal(emu.calls.total, 0, 'nothing was fetched or sent');
    } finally {
      await emu.close();
    }
  });

  it('reads no template or inventory outside the workspace, through a link or a path', async () => {
    const outside = tempDir('qc-outside-');
    writeFileSync(join(outside, 'accounts.json'), accounts(1));
    const dir = fleetDir(`template: aws-account.qualys.yaml\ninventory: ../${basename(outside)}/accounts.json\n`);
    mkdirSync(join(dir, '.git'));
    const planned = await cmd(planCommand, ['--base-url', 'http://127.0.0.1:9'], dir);
    assert.equal(planned.code, 1);
    assert.match(planned.err, /its inventory \.\.\/qc-outside-\w+\/accounts.json is outside the workspace/);
    symlinkSync(join(outside, 'accounts.json'), join(dir, 'accounts.json'));
    writeFileSync(join(dir, 'aws-accounts.qualys-fleet.yaml'), 'template: aws-account.qualys.yaml\ninventory: accounts.json\n');
    const linked = await cmd(planCommand, ['--base-url', 'http://127.0.0.1:9'], dir);
    assert.equal(linked.code, 1);
    assert.match(linked.err, /its inventory accounts.json is outside the workspace \(.*accounts.json\); a fleet reads only files inside it/);
  });
});

/** A connector made by hand (or by an apply whose answer was lost), of this name. */
async function seedNamed(url: string, name: string): Promise<void> {
  const auth = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  const body = { ServiceRequest: { data: { AwsAssetDataConnector: { name, arn: 'arn:aws:iam::100000000005:role/QualysRole', externalId: 'qualys-100000000005', allRegions: true, runFrequency: 240 } } } };
  const res = await fetch(`${url}/qps/rest/3.0/create/am/awsassetdataconnector`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
}
