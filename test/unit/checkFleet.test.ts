import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { checkFleet, fleetAccounts, fleetCheck, FleetInput, MAX_EDITOR_ACCOUNTS, ReadFleetInput, shownFindings } from '../../server/src/core/fleet/checkFleet';

const TEMPLATE = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      runFrequency: "${Freq}"\n';

/** What a fleet file names, from memory, as the editor's server reads it from the workspace. */
function reader(files: Record<string, string>): ReadFleetInput {
  return (given, what): FleetInput => (given in files ? { text: files[given], size: Buffer.byteLength(files[given]), path: `/repo/${given}` } : { problem: `The ${what} ${given} does not exist (a path relative to the fleet file).` });
}

/** Each finding's code, the fleet file's text it lies on, and its message. */
function said(fleet: string, files: Record<string, string>, name = 'f.qualys-fleet.yaml'): [string, string, string][] {
  return checkFleet(fleet, name, reader(files)).map((f) => [f.code, fleet.slice(f.span.start, f.span.end), f.message]);
}

const FLEET = 'template: t.qualys.yaml\ninventory: accounts.csv\nkey: Name\n';

/** A fleet file in the editor, checked in process against its template and inventory: each problem where the user reads it. */
describe('a fleet file checked with its template and inventory', () => {
  it('a fleet file that does not parse says so on its mistake, and reads nothing', () => {
    let asked = 0;
    const found = checkFleet('template: [t.qualys.yaml\n', 'f.qualys-fleet.yaml', () => (asked++, { problem: 'x' }));
    assert.ok(found.length > 0 && found.every((f) => f.code === 'fleet-file' && f.severity === 'error'), JSON.stringify(found));
    assert.equal(asked, 0);
  });

  it('a template or inventory that cannot be read is said on its own line, both at once', () => {
    assert.deepEqual(said(FLEET, {}), [
      ['fleet-file', 't.qualys.yaml', 'The template t.qualys.yaml does not exist (a path relative to the fleet file).'],
      ['fleet-file', 'accounts.csv', 'The inventory accounts.csv does not exist (a path relative to the fleet file).'],
    ]);
  });

  it('a template that is no request, or an inventory of no known shape, is said on its line with its name', () => {
    const notRequest = said(FLEET, { 't.qualys.yaml': 'just: text\n', 'accounts.csv': 'Name,Freq\nprod,240\n' });
    assert.deepEqual(notRequest.map((f) => f.slice(0, 2)), [['fleet-file', 't.qualys.yaml']]);
    assert.match(notRequest[0][2], /^The template t\.qualys\.yaml: /);
    const shapeless = said('template: t.qualys.yaml\ninventory: accounts.json\n', { 't.qualys.yaml': TEMPLATE, 'accounts.json': '{"x": 1}' });
    assert.deepEqual(shapeless.map((f) => f.slice(0, 2)), [['fleet-file', 'accounts.json']]);
    assert.match(shapeless[0][2], /^The inventory accounts\.json: the inventory is none of the shapes this tool reads/);
  });

  it('a key the inventory lacks is said on the key; a selection of no account on where, or on the inventory without one', () => {
    const files = { 't.qualys.yaml': TEMPLATE, 'accounts.csv': 'Name,Freq,Status\nprod,240,ACTIVE\ndev,240,ACTIVE\n' };
    const noKey = said('template: t.qualys.yaml\ninventory: accounts.csv\nkey: Missing\n', files);
    assert.deepEqual(noKey.map((f) => f.slice(0, 2)), [['fleet-file', 'Missing']]);
    assert.match(noKey[0][2], /^The inventory accounts\.csv: /);
    const none = 'template: t.qualys.yaml\ninventory: accounts.csv\nkey: Name\nwhere: { Status: SUSPENDED }\n';
    assert.deepEqual(said(none, files), [['fleet-file', '{ Status: SUSPENDED }', 'No account selected (2 in the inventory): plan refuses a fleet with none, so that an empty export never disables or deletes its connectors.']]);
    const empty = said(FLEET, { ...files, 'accounts.csv': 'Name,Freq\n' });
    assert.deepEqual(empty.map((f) => f.slice(0, 2)), [['fleet-file', 'accounts.csv']]);
  });

  it('an account problem is said once on template:, naming the first account and how many others share it', () => {
    const files = { 't.qualys.yaml': TEMPLATE, 'accounts.csv': 'Name,Freq\nprod,240\ndev,often\nlab,never\n' };
    const found = said(FLEET, files);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual(found[0].slice(0, 2), ['fleet-account', 't.qualys.yaml']);
    assert.match(found[0][2], /^for dev \(and 1 other account\): ServiceRequest\.data\.AwsAssetDataConnector\.runFrequency: .*"often"/);
    const { accounts } = fleetCheck(FLEET, 'f.qualys-fleet.yaml', reader(files));
    assert.deepEqual(accounts.map((a) => [a.severity, a.path]), [['error', 'ServiceRequest.data.AwsAssetDataConnector.runFrequency']]);
    // A placeholder the inventory does not have.
    const unresolved = said(FLEET, { ...files, 't.qualys.yaml': TEMPLATE.replace('${Freq}', '${Frequency}') });
    assert.equal(unresolved.length, 1);
    assert.match(unresolved[0][2], /Frequency/);
  });

  it(`checks the requests of the first ${MAX_EDITOR_ACCOUNTS} accounts, every account's placeholders, and says so`, () => {
    const rows = Array.from({ length: MAX_EDITOR_ACCOUNTS + 2 }, (_, i) => `a${i},${i === MAX_EDITOR_ACCOUNTS + 1 ? 'often' : '240'}`);
    const found = checkFleet(FLEET, 'f.qualys-fleet.yaml', reader({ 't.qualys.yaml': TEMPLATE, 'accounts.csv': `Name,Freq\n${rows.join('\n')}\n` }));
    const info = found.filter((f) => f.severity === 'information');
    assert.deepEqual(info.map((f) => f.message), [`The requests of the first 2,000 of 2,002 accounts are checked here, and every account's placeholders; plan checks every request.`]);
    assert.ok(!found.some((f) => f.severity === 'error'), 'the wrong value of the last account is past the requests checked here');
    // Past the first 2,000, a placeholder that does not resolve is still said.
    const accounts = Array.from({ length: MAX_EDITOR_ACCOUNTS + 2 }, (_, i) => ({ Id: String(100000000000 + i), Name: `a${i}`, Status: 'ACTIVE', Email: 'x@example.com', ...(i <= MAX_EDITOR_ACCOUNTS ? { Late: 'ok' } : {}) }));
    const late = checkFleet('template: t.qualys.yaml\ninventory: accounts.json\n', 'f.qualys-fleet.yaml', reader({ 't.qualys.yaml': TEMPLATE.replace('"${Freq}"', '240').replace('aws-${Name}', 'aws-${Name}-${Late}'), 'accounts.json': JSON.stringify({ Accounts: accounts }) }));
    assert.ok(late.some((f) => f.severity === 'error' && f.message.includes(String(100000000000 + MAX_EDITOR_ACCOUNTS + 1)) && f.message.includes('Late')), JSON.stringify(late.map((f) => f.message)));
  });

  it('gives the accounts a fleet selects for completion and hover, and none when its inventory does not read or select', () => {
    const files = { 't.qualys.yaml': TEMPLATE, 'accounts.csv': 'Name,Freq\nprod,240\ndev,60\n' };
    assert.deepEqual(fleetAccounts(FLEET, 'f.qualys-fleet.yaml', reader(files))?.map((a) => a.key), ['prod', 'dev']);
    assert.equal(fleetAccounts(FLEET, 'f.qualys-fleet.yaml', reader({})), undefined);
    assert.equal(fleetAccounts('template: [', 'f.qualys-fleet.yaml', reader(files)), undefined);
    assert.equal(fleetAccounts('template: t.qualys.yaml\ninventory: accounts.csv\nkey: Nope\n', 'f.qualys-fleet.yaml', reader(files)), undefined);
    assert.equal(fleetAccounts(FLEET, 'f.qualys-fleet.yaml', reader({ ...files, 'accounts.csv': 'not,a\n"csv' })), undefined);
  });

  it('a template shows its fleets\' account problems on the field, one finding a line naming each fleet, and none on a placeholder alone', () => {
    const template = TEMPLATE + '      allRegions: maybe\n';
    const analysis = analyze(template, 't.qualys.yaml', undefined, { treatAsRequest: true, operation: 'create' });
    const path = 'ServiceRequest.data.AwsAssetDataConnector.runFrequency';
    const uses = [
      { fleet: 'a.qualys-fleet.yaml', accounts: [{ text: 'for dev: often', path, severity: 'error' as const }, { text: 'for all: no path', severity: 'error' as const }] },
      { fleet: 'b.qualys-fleet.yaml', accounts: [{ text: 'for lab: never', path, severity: 'error' as const }, { text: 'for lab: said by the template already', path: 'ServiceRequest.data.AwsAssetDataConnector.allRegions', severity: 'error' as const }] },
    ];
    const shown = shownFindings(analysis, template, uses).map((f) => [f.code, template.slice(f.span.start, f.span.end).split('\n')[0], f.message]);
    assert.deepEqual(shown, [
      ['fleet-account', 'data:', 'a.qualys-fleet.yaml: for all: no path'],
      ['fleet-account', '"${Freq}"', 'a.qualys-fleet.yaml: for dev: often Also b.qualys-fleet.yaml: for lab: never'],
      ['wrong-type', 'maybe', shown[2]?.[2] as string],
    ]);
    // Not a template (no placeholder): its own findings only.
    const plain = template.replace(/\$\{\w+\}/g, '240');
    const own = analyze(plain, 't.qualys.yaml', undefined, { treatAsRequest: true, operation: 'create' });
    assert.deepEqual(shownFindings(own, plain, uses), own.findings);
  });
});
