import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RunningEmulator } from '../../server/src/emulator';
import { makePlan, Plan, PlannedFile } from '../../server/src/fleet/planner';
import { Api } from '../../server/src/send/api';
import { apiAt, awsRequest, CREATE_FIELDS, emulator, PASSWORD, requestRepo, seed, USER } from './fleetHelpers';
import { serverPerTest } from './hostileServer';

/** What the planner makes of files, called as a function: a mutant of it costs a second, not a CLI run. */


/** The plan's files by file name (a fleet account by its label): what a user reads in `plan`. */
function byName(plan: Plan): Record<string, PlannedFile> {
  assert.ok(plan.ok, JSON.stringify(plan));
  return Object.fromEntries(plan.files.map((f) => [f.fleet ? f.fleet.label : basename(f.path), f]));
}

function errorsOf(plan: Plan): Record<string, string[]> {
  assert.ok(!plan.ok, 'the plan stops');
  return Object.fromEntries(plan.errors.map((e) => [e.shown, e.messages]));
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('planner: what each file comes to, against the emulator', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let calls: string[];
  beforeEach(async () => {
    ({ emu, calls } = await emulator());
  });
  afterEach(async () => {
    await emu.close();
  });

  it('each operation its action and note; only recorded updates and deletes are fetched, once per kind', async () => {
    await seed(emu.url, ['keep', 'edit', 'old', 'nightly']);
    const dir = requestRepo(
      {
        'new-create.qualys.json': awsRequest({ name: 'brand new', ...CREATE_FIELDS }),
        'keep.qualys.json': awsRequest({ name: 'keep', runFrequency: 240 }),
        'edit.qualys.json': awsRequest({ name: 'edit', runFrequency: 360, description: 'now described' }),
        'old.qualys.json': '{"ServiceRequest": {}}',
        'nightly.qualys.json': '{"ServiceRequest": {}}',
        'gone.qualys.json': '{"ServiceRequest": {}}',
        'missing.qualys.json': awsRequest({ runFrequency: 720 }),
        'by-filter.qualys.json': JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'EQUALS', value: 'keep' }] }, data: { AwsAssetDataConnector: { runFrequency: 480 } } } }),
        'delete-filter.qualys.json': JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'EQUALS', value: 'old' }] } } }),
        'look.qualys.json': JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'EQUALS', value: 'keep' }] } } }),
        'one.qualys.json': '{"ServiceRequest": {}}',
        'unknown.qualys.json': awsRequest({ description: 'no operation' }),
        'run-az.qualys.json': JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { authRecord: { authenticationKey: 'Sup3r-Secret-Key' } } } } }),
        'broken-delete.qualys.json': '{"ServiceRequest": {"data": ',
        'placeholder-delete.qualys.json': awsRequest({ name: 'aws-${Name}' }),
      },
      {
        'keep.qualys.json': { operation: 'update', id: 1672601, kind: 'aws' },
        'edit.qualys.json': { operation: 'update', id: 1672602, kind: 'aws' },
        'old.qualys.json': { operation: 'delete', id: 1672603, kind: 'aws' },
        'nightly.qualys.json': { operation: 'run', id: 1672604, kind: 'aws' },
        'gone.qualys.json': { operation: 'delete', id: 1672699, kind: 'aws' },
        'missing.qualys.json': { operation: 'update', id: 1672698, kind: 'aws' },
        'by-filter.qualys.json': { operation: 'update', kind: 'aws' },
        'delete-filter.qualys.json': { operation: 'delete', kind: 'aws' },
        'look.qualys.json': { operation: 'search', kind: 'aws' },
        'one.qualys.json': { operation: 'get', id: 1672604, kind: 'aws' },
        'run-az.qualys.json': { operation: 'run', id: 1672605, kind: 'azure' },
        'broken-delete.qualys.json': { operation: 'delete', id: 1672603, kind: 'aws' },
        'placeholder-delete.qualys.json': { operation: 'delete', id: 1672603, kind: 'aws' },
      },
    );
    calls.length = 0;
    const files = byName(await makePlan(['.'], dir, apiAt(emu.url)));
    const summary = Object.fromEntries(Object.entries(files).map(([name, f]) => [name, [f.action, f.id, f.note]]));
    assert.deepEqual(summary, {
      'by-filter.qualys.json': ['update-by-filter', undefined, undefined],
      'delete-filter.qualys.json': ['skip', undefined, 'a delete by filter: not applied (too broad to plan); send it on its own'],
      'edit.qualys.json': ['update', 1672602, undefined],
      'gone.qualys.json': ['gone', 1672699, 'connector 1672699 is already gone'],
      'keep.qualys.json': ['unchanged', 1672601, undefined],
      'look.qualys.json': ['skip', undefined, 'a search: reads only, not applied'],
      'missing.qualys.json': ['missing', 1672698, 'connector 1672698 does not exist (or is outside your scope): the update would fail'],
      'new-create.qualys.json': ['create', undefined, undefined],
      'nightly.qualys.json': ['run', 1672604, undefined],
      'old.qualys.json': ['delete', 1672603, undefined],
      'one.qualys.json': ['skip', 1672604, 'a get: reads only, not applied'],
      'unknown.qualys.json': ['skip', undefined, 'no operation recorded or inferred: not applied (record one with send or pull)'],
      'run-az.qualys.json': ['run', 1672605, undefined],
      'broken-delete.qualys.json': ['delete', 1672603, undefined],
      'placeholder-delete.qualys.json': ['delete', 1672603, undefined],
    });
    // Only a create lists its secrets: a run sends no body.
    assert.deepEqual(files['run-az.qualys.json'].changes, []);
    // Only what an update or a delete compares is fetched and hashed.
    assert.equal(files['nightly.qualys.json'].liveHash, undefined);
    assert.equal(files['one.qualys.json'].liveHash, undefined);
    assert.match(files['old.qualys.json'].liveHash ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(files['edit.qualys.json'].changes, [
      { path: 'runFrequency', action: 'value', before: 240, after: 360 },
      { path: 'description', action: 'value', before: undefined, after: 'now described' },
    ]);
    assert.deepEqual(files['keep.qualys.json'].changes, []);
    // One search of the recorded ids (updates and deletes only: not the run, not the get), one of the creates' names.
    const searches = calls.filter((c) => c.includes('/search/'));
    assert.equal(searches.length, 2, calls.join('\n'));
    assert.equal(calls.length, 2, calls.join('\n'));
    for (const f of Object.values(files)) assert.equal(f.contentHash, sha256(readFileSync(f.path, 'utf8')), f.path);
    assert.equal(files['new-create.qualys.json'].entry, undefined);
    assert.deepEqual(files['keep.qualys.json'].entry, { operation: 'update', id: 1672601, kind: 'aws' });
    assert.equal(files['keep.qualys.json'].root, dir);
  });

  it('a live connector\'s hash is of the fields the file sets, in any order: another field changing live leaves it, one of them changes it', async () => {
    await seed(emu.url, ['hashed']);
    const dir = requestRepo({ 'h.qualys.json': awsRequest({ runFrequency: 240, name: 'hashed' }) }, { 'h.qualys.json': { operation: 'update', id: 1672601, kind: 'aws' } });
    const first = byName(await makePlan(['.'], dir, apiAt(emu.url)))['h.qualys.json'];
    assert.match(first.liveHash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(first.liveHash, sha256(JSON.stringify({ name: 'hashed', runFrequency: 240 })));
    writeFileSync(join(dir, 'h.qualys.json'), awsRequest({ name: 'hashed', runFrequency: 240 }));
    assert.equal(byName(await makePlan(['.'], dir, apiAt(emu.url)))['h.qualys.json'].liveHash, first.liveHash, 'the order of the file\'s keys does not count');
    await seed(emu.url, []);
    const auth = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    const update = (fields: Record<string, unknown>): Promise<Response> => fetch(`${emu.url}/qps/rest/3.0/update/am/awsassetdataconnector/1672601`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' }, body: awsRequest(fields) });
    await update({ description: 'changed elsewhere' });
    assert.equal(byName(await makePlan(['.'], dir, apiAt(emu.url)))['h.qualys.json'].liveHash, first.liveHash, 'a field the file does not set');
    await update({ runFrequency: 480 });
    const after = byName(await makePlan(['.'], dir, apiAt(emu.url)))['h.qualys.json'];
    assert.notEqual(after.liveHash, first.liveHash);
    assert.equal(after.action, 'update');
  });

  it('a create lists its secrets as sent, never their value; nothing else of it is a change', async () => {
    const dir = requestRepo({ 'az-create.qualys.json': JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { name: 'az', authRecord: { applicationId: 'a0000000-0000-0000-0000-000000000000', directoryId: 'b0000000-0000-0000-0000-000000000000', subscriptionId: 'c0000000-0000-0000-0000-000000000000', authenticationKey: 'Sup3r-Secret-Key' } } } } }) });
    const f = byName(await makePlan(['.'], dir, apiAt(emu.url)))['az-create.qualys.json'];
    assert.equal(f.action, 'create');
    assert.deepEqual(f.changes.map((c) => [c.path, c.action]), [['authRecord.authenticationKey', 'secret']]);
    assert.ok(!JSON.stringify(f.changes).includes('Sup3r-Secret-Key'));
  });

  it('an update by filter lists the secrets it sends too, never their value', async () => {
    const body = { ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'EQUALS', value: 'az' }] }, data: { AzureAssetDataConnector: { description: 'rotated', authRecord: { authenticationKey: 'Sup3r-Secret-Key' } } } } };
    const dir = requestRepo({ 'az-rotate.qualys.json': JSON.stringify(body) }, { 'az-rotate.qualys.json': { operation: 'update', kind: 'azure' } });
    const f = byName(await makePlan(['.'], dir, apiAt(emu.url)))['az-rotate.qualys.json'];
    assert.equal(f.action, 'update-by-filter');
    assert.deepEqual(f.changes.map((c) => [c.path, c.action]), [['authRecord.authenticationKey', 'secret']]);
    assert.ok(!JSON.stringify(f.changes).includes('Sup3r-Secret-Key'));
  });

  it('a file it cannot read, a record it cannot read, a file with errors and a template on its own each stop the plan, with what to do', async () => {
    const dir = requestRepo({
      'bad.qualys.json': awsRequest({ name: 'bad', runFrequency: 'often', allRegions: 'yes', arn: 5, externalId: 6, isRemediationEnabled: 'no', description: 7 }),
      'tpl-create.qualys.json': awsRequest({ name: 'aws-${Name}', arn: 'arn:aws:iam::${Account}:role/R', externalId: '${Ext}', description: '${Fourth}', allRegions: true }),
      'sub/qualys-targets.json': '{"version": 1, "targets": ',
      'sub/x.qualys.json': awsRequest({ name: 'x', ...CREATE_FIELDS }),
      'qualys-targets.json': JSON.stringify({ version: 1, targets: { 'bad.qualys.json': { operation: 'update', id: 5, kind: 'aws' } } }),
    });
    execFileSync('mkfifo', [join(dir, 'pipe.qualys.json')]);
    calls.length = 0;
    const errors = errorsOf(await makePlan(['.', 'none.qualys.json', 'pipe.qualys.json'], dir, apiAt(emu.url)));
    assert.deepEqual(Object.keys(errors).sort(), ['./bad.qualys.json', './sub/x.qualys.json', './tpl-create.qualys.json', 'none.qualys.json', 'pipe.qualys.json']);
    assert.deepEqual(errors['none.qualys.json'], ['cannot read it: no such file']);
    assert.deepEqual(errors['pipe.qualys.json'], ['cannot read it: it is a named pipe, not a request file']);
    assert.equal(errors['./bad.qualys.json'].length, 5, errors['./bad.qualys.json'].join('\n'));
    for (const m of errors['./bad.qualys.json']) assert.match(m, /^[a-z-]+: \S/);
    assert.deepEqual(errors['./tpl-create.qualys.json'], ['it holds placeholders (${Name}, ${Account}, ${Ext}): it is a fleet\'s template, sent only for each account of its inventory; plan the fleet file that names it (a *.qualys-fleet.yaml beside it).']);
    assert.deepEqual(errors['./sub/x.qualys.json'], ['qualys-targets.json is not valid JSON (Unexpected end of JSON input), so no target is read from it.']);
    assert.deepEqual(calls, [], 'nothing fetched');
  });

  it('a file named on the command line is judged as a request, whatever its name: one that is not stops the plan', async () => {
    const dir = requestRepo({ 'notes.json': '{"name": "x"}' });
    assert.deepEqual(errorsOf(await makePlan(['notes.json'], dir, apiAt(emu.url))), { 'notes.json': ['not-a-request: Expected a ServiceRequest root; found "name".'] });
  });

  it('a delete by id or a run with findings in its body still plans: its body is not sent', async () => {
    await seed(emu.url, ['x']);
    const dir = requestRepo({ 'del.qualys.json': awsRequest({ runFrequency: 'often' }) }, { 'del.qualys.json': { operation: 'delete', id: 1672601, kind: 'aws' } });
    assert.equal(byName(await makePlan(['.'], dir, apiAt(emu.url)))['del.qualys.json'].action, 'delete');
  });

  it('with a root given, the record is looked for up to it and links are judged by it', async () => {
    const dir = requestRepo({ 'proj/a.qualys.json': awsRequest({ runFrequency: 360 }), 'qualys-targets.json': JSON.stringify({ version: 1, targets: { 'proj/a.qualys.json': { operation: 'update', id: 1672601, kind: 'aws' } } }) });
    await seed(emu.url, ['a']);
    mkdirSync(join(dir, 'proj', '.git'));
    assert.equal(byName(await makePlan(['.'], join(dir, 'proj'), apiAt(emu.url)))['a.qualys.json'].action, 'skip', 'the project of proj has no record');
    const f = byName(await makePlan(['.'], join(dir, 'proj'), apiAt(emu.url), '..'))['a.qualys.json'];
    assert.equal(f.action, 'update');
    assert.equal(f.root, dir);
  });
});

describe('planner: a create against the live connectors of its name', function () {
  this.timeout(20_000);
  const serve = serverPerTest();
  type Live = { id: unknown; name: string } & Record<string, unknown>;

  /** A server whose name searches find `live` (of the names asked) and whose id searches find `byId`; each search's body kept. */
  async function qualys(live: Live[], options: { refuse?: boolean; drop?: boolean; byId?: Live[]; raw?: string } = {}): Promise<{ api: Api; searches: unknown[] }> {
    const searches: unknown[] = [];
    const server = await serve((req, res, body) => {
      const asked = JSON.parse(body) as { ServiceRequest: { filters?: { Criteria: { field: string; value: string }[] } } };
      searches.push(asked.ServiceRequest.filters?.Criteria);
      const criterion = asked.ServiceRequest.filters?.Criteria[0];
      if (options.drop) return void req.socket.destroy();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (options.refuse) return void res.end('{"ServiceResponse":{"responseCode":"INVALID_REQUEST","responseErrorDetails":{"errorMessage":"name is not searchable"}}}');
      const names = criterion?.field === 'name' ? criterion.value.split(',') : [];
      const found = criterion?.field === 'id' ? (options.byId ?? []) : live.filter((c) => names.includes(c.name));
      const element = req.url?.includes('azure') ? 'AzureAssetDataConnector' : 'AwsAssetDataConnector';
      res.end(options.raw ?? JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: found.length, hasMoreRecords: 'false', data: found.map((c) => ({ [element]: { ...(element === 'AwsAssetDataConnector' ? CREATE_FIELDS : {}), ...c } })) } }));
    });
    return { api: apiAt(server.url), searches };
  }

  const journaled = { operation: 'create', kind: 'aws', creating: '2026-12-05T01:02:03.000Z' };

  it('one search of every create\'s name per kind; names IN cannot hold (a comma, spaces at an end, none) are not looked up', async () => {
    const { api, searches } = await qualys([{ id: 9, name: ' padded' }, { id: 10, name: 'a,b' }]);
    const dir = requestRepo({
      'a-create.qualys.json': awsRequest({ name: 'alpha', ...CREATE_FIELDS }),
      'b-create.qualys.json': awsRequest({ name: 'beta', ...CREATE_FIELDS }),
      'c-create.qualys.json': awsRequest({ name: 'a,b', ...CREATE_FIELDS }),
      'd-create.qualys.json': awsRequest({ name: ' padded', ...CREATE_FIELDS }),
      'e-create.qualys.json': awsRequest({ name: 'trailing ', ...CREATE_FIELDS }),
      'g-create.qualys.json': awsRequest({ ...CREATE_FIELDS }),
    });
    const files = byName(await makePlan(['.'], dir, api));
    assert.deepEqual(Object.values(files).map((f) => f.action), Array(6).fill('create'));
    assert.deepEqual(searches, [[{ field: 'name', operator: 'IN', value: 'alpha,beta' }]]);
  });

  it('a name taken stops the create and says by which ids (five, then how many more), which are recorded, and how to take one over', async () => {
    const { api } = await qualys([1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, name: 'Team Prod' })));
    const dir = requestRepo({ 'team-create.qualys.json': awsRequest({ name: 'Team Prod', ...CREATE_FIELDS }), 'other.qualys.json': awsRequest({ description: 'x' }) }, { 'other.qualys.json': { operation: 'update', id: 2, kind: 'azure' } });
    const errors = errorsOf(await makePlan(['team-create.qualys.json'], dir, api));
    assert.deepEqual(errors, {
      'team-create.qualys.json': ['a AWS connector named "Team Prod" already exists (id 1, 2 (recorded for another file), 3, 4, 5 and 2 more): this create would make another one. To manage the existing connector with this file, pull it (qualys-connector pull) or record its id for this file in qualys-targets.json ({"operation": "update", "id": 1}); to create a new one, give it another name.'],
    });
  });

  it('five connectors of the name are all named, with no "more"', async () => {
    const { api } = await qualys([1, 2, 3, 4, 5].map((id) => ({ id, name: 'Team Prod' })));
    const dir = requestRepo({ 'team-create.qualys.json': awsRequest({ name: 'Team Prod', ...CREATE_FIELDS }) });
    assert.match(errorsOf(await makePlan(['.'], dir, api))['./team-create.qualys.json'][0], /\(id 1, 2, 3, 4, 5\): this create/);
  });

  it('a name left empty (its rule turned off) is not looked up', async () => {
    const { api, searches } = await qualys([]);
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'alpha', ...CREATE_FIELDS }), 'e-create.qualys.json': awsRequest({ name: '', ...CREATE_FIELDS }), '.qualys-connector.json': '{"rules": {"empty-value": "off"}}' });
    assert.deepEqual(Object.values(byName(await makePlan(['.'], dir, api))).map((f) => f.action), ['create', 'create']);
    assert.deepEqual(searches, [[{ field: 'name', operator: 'IN', value: 'alpha' }]]);
  });

  it('a live connector is hashed as sorted JSON, nested values too, whatever order the answer gives its keys', async () => {
    const file = { name: 'n', runFrequency: 240, defaultTags: { set: { TagSimple: [{ id: 7 }] } }, description: 'd' };
    const answer = (tags: unknown): string => JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: 1, hasMoreRecords: 'false', data: [{ AwsAssetDataConnector: { id: 5, description: null, defaultTags: tags, name: 'n', runFrequency: 240 } }] } });
    const hashes: (string | undefined)[] = [];
    for (const tags of [{ list: { TagSimple: [{ name: 'b', id: 7 }, { id: 8, name: 'a' }] }, count: 2 }, { count: 2, list: { TagSimple: [{ id: 7, name: 'b' }, { name: 'a', id: 8 }] } }]) {
      const { api } = await qualys([], { raw: answer(tags) });
      const dir = requestRepo({ 'u.qualys.json': awsRequest(file) }, { 'u.qualys.json': { operation: 'update', id: 5, kind: 'aws' } });
      hashes.push(byName(await makePlan(['.'], dir, api))['u.qualys.json'].liveHash);
    }
    assert.equal(hashes[0], sha256('{"defaultTags":{"count":2,"list":{"TagSimple":[{"id":7,"name":"b"},{"id":8,"name":"a"}]}},"description":null,"name":"n","runFrequency":240}'));
    assert.equal(hashes[1], hashes[0]);
  });

  it('an adopted create\'s secrets are not changes: with nothing else to change, it is only recorded', async () => {
    const auth = { applicationId: 'a0000000-0000-0000-0000-000000000000', directoryId: 'b0000000-0000-0000-0000-000000000000', subscriptionId: 'c0000000-0000-0000-0000-000000000000' };
    const { api } = await qualys([{ id: 43, name: 'az', authRecord: auth }]);
    const dir = requestRepo({ 'az-create.qualys.json': JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { name: 'az', authRecord: { ...auth, authenticationKey: 'Sup3r-Secret-Key' } } } } }) }, { 'az-create.qualys.json': { ...journaled, kind: 'azure' } });
    const f = byName(await makePlan(['.'], dir, api))['az-create.qualys.json'];
    assert.deepEqual([f.action, f.id, f.changes], ['adopt', 43, []]);
  });

  it('a connector of another name, or of the name only in another case, takes nothing', async () => {
    const { api } = await qualys([{ id: 1, name: 'team prod' }]);
    const dir = requestRepo({ 'team-create.qualys.json': awsRequest({ name: 'Team Prod', ...CREATE_FIELDS }) });
    assert.equal(byName(await makePlan(['.'], dir, api))['team-create.qualys.json'].action, 'create');
  });

  it('a create sent and never answered adopts the one unrecorded connector of its name, compared as an update; the note says why', async () => {
    const { api } = await qualys([{ id: 41, name: 'Lost', runFrequency: 720 }, { id: 40, name: 'Lost' }]);
    const dir = requestRepo({ 'lost-create.qualys.json': awsRequest({ name: 'Lost', ...CREATE_FIELDS }), 'first.qualys.json': awsRequest({ description: 'd' }) }, { 'lost-create.qualys.json': journaled, 'first.qualys.json': { operation: 'update', id: 40, kind: 'aws' } });
    const f = byName(await makePlan(['lost-create.qualys.json'], dir, api))['lost-create.qualys.json'];
    assert.equal(f.action, 'adopt');
    assert.equal(f.id, 41);
    assert.equal(f.note, 'connector 41 has this file\'s name, no file records it, and an apply sent this file\'s create at 2026-12-05T01:02:03.000Z without seeing the answer: adopted, not created again');
    assert.deepEqual(f.changes, [{ path: 'runFrequency', action: 'value', before: 720, after: 240 }]);
    assert.equal(f.liveHash, sha256(JSON.stringify({ allRegions: true, arn: CREATE_FIELDS.arn, externalId: 'ext-1', name: 'Lost', runFrequency: 720 })));
  });

  it('adopts nothing when it cannot tell which: two unrecorded of the name, an id that is none, two files of the name, or a create never journaled', async () => {
    const cases: [string, Live[], Record<string, unknown>, Record<string, string>][] = [
      ['two unrecorded', [{ id: 41, name: 'Lost' }, { id: 42, name: 'Lost' }], { 'lost-create.qualys.json': journaled }, {}],
      ['an id that is no connector id', [{ id: 'x41', name: 'Lost' }], { 'lost-create.qualys.json': journaled }, {}],
      ['not journaled', [{ id: 41, name: 'Lost' }], { 'lost-create.qualys.json': { operation: 'create', kind: 'aws' } }, {}],
      ['two files of the name', [{ id: 41, name: 'Lost' }], { 'lost-create.qualys.json': journaled, 'again-create.qualys.json': journaled }, { 'again-create.qualys.json': awsRequest({ name: 'Lost', ...CREATE_FIELDS, externalId: 'ext-2' }) }],
    ];
    for (const [what, live, targets, more] of cases) {
      const { api } = await qualys(live);
      const dir = requestRepo({ 'lost-create.qualys.json': awsRequest({ name: 'Lost', ...CREATE_FIELDS }), ...more }, targets);
      const errors = errorsOf(await makePlan(['.'], dir, api));
      assert.ok(errors['./lost-create.qualys.json'], what);
      const journal = (targets['lost-create.qualys.json'] as { creating?: string }).creating;
      const said = errors['./lost-create.qualys.json'][0];
      if (journal) assert.ok(said.includes(` this create would make another one. An apply sent this create at ${journal}, but which connector it made cannot be told. To manage`), `${what}: ${said}`);
      else assert.ok(!said.includes('An apply sent'), `${what}: ${said}`);
    }
  });

  it('records it cannot all read, when a create\'s name is taken, stop that create with why, rather than guess which are recorded', async () => {
    const { api } = await qualys([{ id: 41, name: 'Lost' }]);
    const dir = requestRepo({ 'lost-create.qualys.json': awsRequest({ name: 'Lost', ...CREATE_FIELDS }), 'free-create.qualys.json': awsRequest({ name: 'Free', ...CREATE_FIELDS }) });
    for (let i = 0; i <= 1000; i++) {
      mkdirSync(join(dir, 'many', String(i)), { recursive: true });
      writeFileSync(join(dir, 'many', String(i), 'qualys-targets.json'), '{"version": 1, "targets": {}}');
    }
    const errors = errorsOf(await makePlan(['lost-create.qualys.json', 'free-create.qualys.json'], dir, api));
    assert.deepEqual(errors, { 'lost-create.qualys.json': [`more than 1000 qualys-targets.json files under ${dir}; plan a smaller folder (--root).`] });
  });

  it('a fleet: its template planned once as a note naming the first fleet; an account\'s connector without a disabled field is not enabled, though one without another field the template sets is updated; a removed account\'s connector disabled, or already gone', async () => {
    const template = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      arn: "arn:aws:iam::${Id}:role/R"\n      externalId: "ext-1"\n      allRegions: true\n      runFrequency: 240\n      isRemediationEnabled: false\n';
    const fleet = 'template: t.qualys.yaml\ninventory: accounts.json\n';
    const { api, searches } = await qualys([], {
      byId: [
        { id: 61, name: 'aws-one', arn: 'arn:aws:iam::111111111111:role/R' },
        { id: 65, name: 'aws-five', arn: 'arn:aws:iam::555555555555:role/R', disabled: true, isRemediationEnabled: false },
        { id: 69, name: 'aws-gone', arn: 'arn:aws:iam::999999999999:role/R', disabled: false },
        { id: 67, name: 'aws-seven', arn: 'arn:aws:iam::777777777777:role/R' },
        { id: 70, name: 'plain', arn: 'arn:aws:iam::101010101010:role/R' },
      ],
    });
    const dir = requestRepo(
      { 't.qualys.yaml': template, 'a.qualys-fleet.yaml': fleet, 'b.qualys-fleet.yaml': fleet, 'accounts.json': JSON.stringify({ Accounts: [{ Id: '111111111111', Name: 'one', Status: 'ACTIVE' }, { Id: '555555555555', Name: 'five', Status: 'ACTIVE' }] }), 'plain.qualys.json': awsRequest({ disabled: false }) },
      {
        'plain.qualys.json': { operation: 'update', id: 70, kind: 'aws' },
        'a.qualys-fleet.yaml#111111111111': { operation: 'update', id: 61, kind: 'aws' },
        'a.qualys-fleet.yaml#555555555555': { operation: 'update', id: 65, kind: 'aws' },
        'a.qualys-fleet.yaml#777777777777': { operation: 'update', id: 67, kind: 'aws' },
        'a.qualys-fleet.yaml#999999999999': { operation: 'update', id: 69, kind: 'aws' },
        'a.qualys-fleet.yaml#888888888888': { operation: 'update', id: 68, kind: 'aws' },
        'b.qualys-fleet.yaml#111111111111': { operation: 'update', id: 61, kind: 'aws' },
      },
    );
    const plan = await makePlan(['.'], dir, api);
    assert.ok(plan.ok, JSON.stringify(plan));
    const shown = Object.fromEntries(plan.files.map((f) => [f.shown, [f.action, f.note, f.changes.map((c) => `${c.path}: ${String(c.before)} → ${String(c.after)}`)]]));
    assert.deepEqual(shown, {
      './t.qualys.yaml': ['skip', 'the template of ./a.qualys-fleet.yaml: planned once per account of its inventory, not as a request of its own', []],
      './plain.qualys.json': ['update', undefined, ['disabled: undefined → false']],
      './a.qualys-fleet.yaml [111111111111 one]': ['update', undefined, ['isRemediationEnabled: undefined → false']],
      './a.qualys-fleet.yaml [555555555555 five]': ['update', undefined, ['disabled: true → false']],
      './a.qualys-fleet.yaml [999999999999]': ['update', undefined, ['disabled: false → true']],
      './a.qualys-fleet.yaml [888888888888]': ['gone', 'connector 68 is already gone', []],
      './a.qualys-fleet.yaml [777777777777]': ['update', undefined, ['disabled: undefined → true']],
      './b.qualys-fleet.yaml [111111111111 one]': ['update', undefined, ['isRemediationEnabled: undefined → false']],
      './b.qualys-fleet.yaml [555555555555 five]': ['create', undefined, []],
    });
    assert.deepEqual(searches, [[{ field: 'id', operator: 'IN', value: '61,65,67,68,69,70' }], [{ field: 'name', operator: 'IN', value: 'aws-five' }]]);
    const template1 = plan.files.find((f) => f.shown === './t.qualys.yaml');
    assert.equal(template1?.templateOf, './a.qualys-fleet.yaml');
    assert.equal(plan.files.find((f) => f.shown === './a.qualys-fleet.yaml [999999999999]')?.fleet?.removed, 'disable');
  });

  it('a fleet with a problem stops the plan with its messages; its template is still not planned as a request', async () => {
    const { api } = await qualys([]);
    const dir = requestRepo({ 't.qualys.yaml': 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n', 'a.qualys-fleet.yaml': 'template: t.qualys.yaml\ninventory: accounts.json\n', 'accounts.json': JSON.stringify({ Accounts: [] }) });
    assert.deepEqual(errorsOf(await makePlan(['.'], dir, api)), { './a.qualys-fleet.yaml': ['inventory accounts.json: it holds no account; nothing is planned, so that an empty inventory never disables or deletes a fleet.'] });
  });

  it('a platform that refuses the name search loses only that check; one that does not answer stops the plan', async () => {
    const refusing = await qualys([], { refuse: true });
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'alpha', ...CREATE_FIELDS }) });
    assert.equal(byName(await makePlan(['.'], dir, refusing.api))['a-create.qualys.json'].action, 'create');
    const dropping = await qualys([], { drop: true });
    await assert.rejects(makePlan(['.'], dir, dropping.api));
  });
});
