import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FleetItem, FleetRead, readFleet } from '../../server/src/fleet/fleets';
import { RecordResolver } from '../../server/src/workspace/resolver';
import { tempDir } from '../harness';

/** What a fleet file stands for, read as a function: the accounts it plans, or why it plans none. */

const TEMPLATE = `ServiceRequest:
  data:
    AwsAssetDataConnector:
      name: "aws-\${Name}"
      arn: "arn:aws:iam::\${Id}:role/QualysRole"
      externalId: "qualys-\${Id}"
      allRegions: true
      runFrequency: 240
`;
const FLEET = 'template: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }\n';

function accounts(list: { Id: string; Name?: string; Status?: string }[]): string {
  return JSON.stringify({ Accounts: list.map((a) => ({ Status: 'ACTIVE', ...a })) });
}

/** A repository with a fleet, its template and its inventory (each replaceable), and a record when given. */
function fleetRepo(files: Record<string, string> = {}, targets?: Record<string, unknown>): string {
  const dir = tempDir('qc-fleetread-');
  mkdirSync(join(dir, '.git'));
  const all = { 'aws-account.qualys.yaml': TEMPLATE, 'org.qualys-fleet.yaml': FLEET, 'accounts.json': accounts([{ Id: '111111111111', Name: 'one' }, { Id: '222222222222', Name: '' }]), ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  if (targets) writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }));
  return dir;
}

function read(dir: string, fleet = 'org.qualys-fleet.yaml'): Promise<FleetRead> {
  return readFleet(join(dir, fleet), fleet, dir, new RecordResolver());
}

async function items(dir: string): Promise<FleetItem[]> {
  const r = await read(dir);
  assert.ok(r.ok, r.ok ? '' : r.messages.join('\n'));
  return r.items;
}

async function refused(dir: string, fleet?: string): Promise<string[]> {
  const r = await read(dir, fleet);
  assert.ok(!r.ok, 'the fleet is refused');
  return r.messages;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('fleet files: reading a fleet, its template and its inventory', () => {
  it('one request per selected account: a create without a record entry, an update of the recorded id; labelled, hashed, its template known', async () => {
    const dir = fleetRepo({}, { 'org.qualys-fleet.yaml#222222222222': { operation: 'update', id: 77, kind: 'aws' } });
    const r = await read(dir);
    assert.ok(r.ok, r.ok ? '' : r.messages.join('\n'));
    assert.equal(r.template, join(dir, 'aws-account.qualys.yaml'));
    const [one, two] = r.items;
    assert.equal(one.path, join(dir, 'org.qualys-fleet.yaml#111111111111'));
    assert.equal(one.shown, 'org.qualys-fleet.yaml [111111111111 one]');
    assert.deepEqual(one.fleet, { file: join(dir, 'org.qualys-fleet.yaml'), key: '111111111111', label: '[111111111111 one]' });
    assert.equal(one.prepared.operation, 'create');
    assert.equal(one.skip, undefined);
    assert.equal(two.shown, 'org.qualys-fleet.yaml [222222222222]');
    assert.equal(two.prepared.operation, 'update');
    assert.equal(two.prepared.id, 77);
    const hash = sha256(`${sha256(`${FLEET}\0${TEMPLATE}`)}\0${JSON.stringify({ Status: 'ACTIVE', Id: '111111111111', Name: 'one' })}`);
    assert.equal(one.contentHash, hash);
    assert.notEqual(two.contentHash, one.contentHash);
  });

  it('an account that left the inventory: disabled by default, deleted or kept as onRemoved says; one never answered is left for a look', async () => {
    const targets = {
      'org.qualys-fleet.yaml#111111111111': { operation: 'update', id: 71, kind: 'aws' },
      'org.qualys-fleet.yaml#999999999999': { operation: 'update', id: 79, kind: 'aws' },
      'org.qualys-fleet.yaml#888888888888': { operation: 'create', kind: 'aws', creating: '2026-12-05T01:02:03.000Z' },
    };
    for (const [onRemoved, operation, skip] of [
      ['', 'update', undefined],
      ['onRemoved: disable\n', 'update', undefined],
      ['onRemoved: delete\n', 'delete', undefined],
      ['onRemoved: keep\n', 'get', 'connector 79\'s account left the inventory: kept (onRemoved: keep)'],
    ] as const) {
      const dir = fleetRepo({ 'org.qualys-fleet.yaml': FLEET + onRemoved }, targets);
      const all = await items(dir);
      assert.deepEqual(all.map((i) => i.fleet.key), ['111111111111', '222222222222', '999999999999', '888888888888'], onRemoved);
      const gone = all[2];
      const expected = onRemoved === '' ? 'disable' : onRemoved.slice(11, -1);
      assert.deepEqual(gone.fleet, { file: join(dir, 'org.qualys-fleet.yaml'), key: '999999999999', label: '[999999999999]', removed: expected });
      assert.equal(gone.shown, 'org.qualys-fleet.yaml [999999999999]');
      assert.equal(gone.path, join(dir, 'org.qualys-fleet.yaml#999999999999'));
      assert.equal(gone.prepared.operation, operation, onRemoved);
      assert.equal(gone.skip, skip);
      if (operation === 'update') assert.deepEqual(JSON.parse(gone.prepared.body ?? '{}'), { ServiceRequest: { data: { AwsAssetDataConnector: { disabled: true } } } });
      if (operation !== 'get') assert.equal(gone.prepared.id, 79);
      assert.equal(gone.contentHash, sha256(`${sha256(`${FLEET + onRemoved}\0${TEMPLATE}`)}\x00999999999999`));
      const lost = all[3];
      assert.equal(lost.skip, 'its account left the inventory; its create was sent at 2026-12-05T01:02:03.000Z and never answered: check in Qualys whether it was made');
      assert.equal(lost.prepared.operation, 'get');
    }
  });

  it('a removed account recorded without a kind is planned for the template\'s kind; one journaled without a time says so', async () => {
    const dir = fleetRepo({}, { 'org.qualys-fleet.yaml#999999999999': { operation: 'update', id: 79 }, 'org.qualys-fleet.yaml#888888888888': { operation: 'create' }, 'org.qualys-fleet.yaml#777777777777': { operation: 'update', id: 77, kind: 'azure' } });
    const all = await items(dir);
    assert.equal(all[2].prepared.kind, 'aws');
    assert.equal(all[4].fleet.key, '777777777777');
    assert.equal(all[4].prepared.kind, 'azure', 'the kind its record gives');
    assert.deepEqual(JSON.parse(all[4].prepared.body ?? '{}'), { ServiceRequest: { data: { AzureAssetDataConnector: { disabled: true } } } });
    assert.equal(all[3].skip, 'its account left the inventory; its create was sent and never answered: check in Qualys whether it was made');
  });

  it('an empty selection plans nothing, so that a failed export never removes a fleet', async () => {
    assert.deepEqual(await refused(fleetRepo({ 'accounts.json': accounts([]) })), ['inventory accounts.json: it holds no account; nothing is planned, so that an empty inventory never disables or deletes a fleet.']);
    assert.deepEqual(await refused(fleetRepo({ 'accounts.json': accounts([{ Id: '111111111111', Status: 'SUSPENDED' }, { Id: '222222222222', Status: 'SUSPENDED' }]) })), ['inventory accounts.json: "where" selects none of its 2 accounts; nothing is planned, so that an empty inventory never disables or deletes a fleet.']);
  });

  it('says which line of a fleet file or a template is wrong, and which inventory is', async () => {
    assert.deepEqual(await refused(fleetRepo({ 'org.qualys-fleet.yaml': 'template: aws-account.qualys.yaml\ninventory: accounts.json\nonRemoved: forget\n' })), ['line 3: "onRemoved" is "forget"; expected keep, disable (the default: the connector stays, disabled) or delete.']);
    const template = await refused(fleetRepo({ 'aws-account.qualys.yaml': 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: [\n' }));
    assert.equal(template.length, 1);
    assert.match(template[0], /^template aws-account\.qualys\.yaml, line [45]: /);
    const inventory = await refused(fleetRepo({ 'accounts.json': '{"Accounts": 5}' }));
    assert.equal(inventory.length, 1);
    assert.match(inventory[0], /^inventory accounts\.json: /);
    const where = await refused(fleetRepo({ 'org.qualys-fleet.yaml': 'template: aws-account.qualys.yaml\ninventory: accounts.json\nkey: Nope\n' }));
    assert.equal(where.length, 1);
    assert.match(where[0], /^inventory accounts\.json: .*Nope/);
  });

  it('at most five problems of a fleet file, and three findings of an account\'s request, each said once', async () => {
    const six = await refused(fleetRepo({ 'org.qualys-fleet.yaml': 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n' }));
    assert.equal(six.length, 5);
    assert.deepEqual(six.slice(0, 2), ['line 1: Unknown field "a" in a fleet file; expected template, inventory, key, where, onRemoved.', 'line 2: Unknown field "b" in a fleet file; expected template, inventory, key, where, onRemoved.']);
    const findings = await refused(fleetRepo({ 'aws-account.qualys.yaml': TEMPLATE.replace('runFrequency: 240', 'runFrequency: often\n      allRegions2: 1\n      isRemediationEnabled: maybe\n      description: 5') }));
    assert.equal(findings.length, 3, findings.join('\n'));
    assert.equal(new Set(findings).size, 3);
    for (const m of findings) assert.match(m, /^for 111111111111 \(and 1 other account\): [a-z-]+: /);
  });

  it('a fleet file of exactly the size a request may be is read', async () => {
    const fleet = 'template: aws-account.qualys.yaml\ninventory: accounts.json\nwhere:\n  Status: ACTIVE\n#';
    const dir = fleetRepo({ 'org.qualys-fleet.yaml': fleet.padEnd(2 * 1024 * 1024, 'x') });
    assert.equal((await items(dir)).length, 2);
  });

  it('a root that does not exist holds no template', async () => {
    const dir = fleetRepo();
    const r = await readFleet(join(dir, 'org.qualys-fleet.yaml'), 'org.qualys-fleet.yaml', join(dir, 'gone'), new RecordResolver());
    assert.ok(!r.ok);
    assert.deepEqual(r.messages, [
      `its template aws-account.qualys.yaml is outside the workspace (${join(dir, 'aws-account.qualys.yaml')}); a fleet reads only files inside it.`,
      `its inventory accounts.json is outside the workspace (${join(dir, 'accounts.json')}); a fleet reads only files inside it.`,
    ]);
  });

  it('an account whose placeholder does not resolve is named with the placeholder, and nothing of the fleet is planned', async () => {
    const messages = await refused(fleetRepo({ 'aws-account.qualys.yaml': TEMPLATE.replace('aws-${Name}', 'aws-${Nickname}') }));
    assert.equal(messages.length, 1);
    assert.match(messages[0], /Nickname/);
    assert.match(messages[0], /111111111111/);
  });

  it('reads no template or inventory that does not exist or lies outside the workspace, through a link or a path', async () => {
    const outside = tempDir('qc-outside-');
    writeFileSync(join(outside, 'accounts.json'), accounts([{ Id: '111111111111' }]));
    writeFileSync(join(outside, 't.qualys.yaml'), TEMPLATE);
    const dir = fleetRepo({ 'org.qualys-fleet.yaml': 'template: missing.qualys.yaml\ninventory: nope.json\n' });
    assert.deepEqual(await refused(dir), ['its template missing.qualys.yaml does not exist (template paths are relative to the fleet file).', 'its inventory nope.json does not exist (inventory paths are relative to the fleet file).']);
    const linked = fleetRepo({ 'org.qualys-fleet.yaml': 'template: linked.qualys.yaml\ninventory: accounts.json\n' });
    symlinkSync(join(outside, 't.qualys.yaml'), join(linked, 'linked.qualys.yaml'));
    assert.deepEqual(await refused(linked), [`its template linked.qualys.yaml is outside the workspace (${join(outside, 't.qualys.yaml')}); a fleet reads only files inside it.`]);
    const away = fleetRepo({ 'org.qualys-fleet.yaml': 'template: aws-account.qualys.yaml\ninventory: away.json\n' });
    symlinkSync(join(outside, 'accounts.json'), join(away, 'away.json'));
    const r = await read(away);
    assert.ok(!r.ok);
    assert.deepEqual(r.messages, [`its inventory away.json is outside the workspace (${join(outside, 'accounts.json')}); a fleet reads only files inside it.`]);
    assert.ok(r.template?.endsWith('aws-account.qualys.yaml'), 'the template is known even when the fleet is refused');
  });

  it('a fleet file, template or inventory that cannot be read, or is too large, says which and why', async () => {
    const dir = fleetRepo();
    assert.deepEqual(await refused(dir, 'none.qualys-fleet.yaml'), ['cannot read it: ENOENT: no such file or directory, stat \'' + join(dir, 'none.qualys-fleet.yaml') + '\'']);
    mkdirSync(join(dir, 'folder.json'));
    writeFileSync(join(dir, 'f2.qualys-fleet.yaml'), 'template: aws-account.qualys.yaml\ninventory: folder.json\n');
    assert.deepEqual(await refused(dir, 'f2.qualys-fleet.yaml'), ['cannot read its template or inventory: it is a directory, not a request file']);
    const big = fleetRepo({ 'aws-account.qualys.yaml': TEMPLATE + `# ${'x'.repeat(5 * 1024 * 1024)}\n` });
    const messages = await refused(big);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^cannot read its template or inventory: aws-account\.qualys\.yaml is [\d,]+ bytes, more than the [\d,]+ a request may be$/);
  });

  it('a record that cannot be read, or an account entry this tool did not write, stops the fleet with the record\'s problem', async () => {
    const broken = fleetRepo({ 'qualys-targets.json': '{"version": 1, "targets": {"org.qualys-fleet.yaml#111111111111": {"id": -4}}}' });
    assert.deepEqual(await refused(broken), ['qualys-targets.json, entry "org.qualys-fleet.yaml#111111111111": the id -4 is not a connector id (a positive whole number up to 9007199254740991).']);
    const foreign = fleetRepo({}, { 'org.qualys-fleet.yaml#%E0%A4%A': { operation: 'update', id: 5, kind: 'aws' } });
    assert.deepEqual(await refused(foreign), ['qualys-targets.json, entry "org.qualys-fleet.yaml#%E0%A4%A": not an account key this tool wrote.']);
    const removedBad = fleetRepo({}, { 'org.qualys-fleet.yaml#999999999999': { operation: 'update', id: 'x', kind: 'aws' } });
    assert.deepEqual(await refused(removedBad), ['qualys-targets.json, entry "org.qualys-fleet.yaml#999999999999": the id "x" is not a connector id (a positive whole number up to 9007199254740991).']);
    const unreadable = fleetRepo({ 'qualys-targets.json': '{"version": 1, "targets": ' });
    assert.equal((await refused(unreadable)).length, 1);
  });
});
