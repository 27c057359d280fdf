import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RunningEmulator } from '../../server/src/emulator';
import { Applied, applyPlan, Outcome, toApply } from '../../server/src/fleet/apply';
import { makePlan, PlannedFile } from '../../server/src/fleet/planner';
import { Api } from '../../server/src/send/api';
import { apiAt, awsRequest, CREATE_FIELDS, emulator, requestRepo, seed } from './fleetHelpers';
import { serverPerTest } from './hostileServer';

/** What apply does with a plan, called as a function: what it sends, what it says and what it records. */


async function planned(dir: string, api: Api): Promise<PlannedFile[]> {
  const plan = await makePlan(['.'], dir, api);
  assert.ok(plan.ok, JSON.stringify(plan));
  return plan.files;
}

function targets(dir: string): Record<string, Record<string, unknown>> {
  return (JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, Record<string, unknown>> }).targets;
}

/** Each outcome by file name: ok, id and what it says. */
function said(applied: Applied): Record<string, [boolean, number | undefined, string]> {
  return Object.fromEntries(applied.outcomes.map((o) => [basename(o.file.path), [o.ok, o.id, o.detail]]));
}

describe('apply: what each planned file comes to, against the emulator', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  beforeEach(async () => {
    ({ emu } = await emulator());
  });
  afterEach(async () => {
    await emu.close();
  });

  it('sends only what sends, once each; records each create\'s id as an update; says what each did', async () => {
    await seed(emu.url, ['edit', 'old', 'nightly', 'same']);
    const dir = requestRepo(
      {
        'new-create.qualys.json': awsRequest({ name: 'brand new', ...CREATE_FIELDS }),
        'edit.qualys.json': awsRequest({ runFrequency: 360 }),
        'old.qualys.json': '{"ServiceRequest": {}}',
        'nightly.qualys.json': '{"ServiceRequest": {}}',
        'same.qualys.json': awsRequest({ runFrequency: 240 }),
        'look.qualys.json': '{"ServiceRequest": {}}',
      },
      {
        'edit.qualys.json': { operation: 'update', id: 1672601, kind: 'aws' },
        'old.qualys.json': { operation: 'delete', id: 1672602, kind: 'aws' },
        'nightly.qualys.json': { operation: 'run', id: 1672603, kind: 'aws' },
        'same.qualys.json': { operation: 'update', id: 1672604, kind: 'aws' },
        'look.qualys.json': { operation: 'get', id: 1672604, kind: 'aws' },
      },
    );
    const api = apiAt(emu.url);
    const files = await planned(dir, api);
    const todo = toApply(files);
    assert.deepEqual(todo.map((f) => basename(f.path)).sort(), ['edit.qualys.json', 'new-create.qualys.json', 'nightly.qualys.json', 'old.qualys.json']);
    const before = emu.calls.byOperation;
    const seen: Outcome[] = [];
    const applied = await applyPlan(todo, api, { onOutcome: (o) => seen.push(o) });
    assert.deepEqual(said(applied), {
      'new-create.qualys.json': [true, 1672605, 'created connector 1672605 (recorded)'],
      'edit.qualys.json': [true, 1672601, 'update aws connector 1672601: SUCCESS'],
      'old.qualys.json': [true, 1672602, 'delete aws connector 1672602: SUCCESS'],
      'nightly.qualys.json': [true, 1672603, 'run aws connector 1672603: SUCCESS'],
    });
    assert.deepEqual(seen, applied.outcomes, 'each outcome told as it is known');
    assert.deepEqual(applied.notSent, []);
    const after = emu.calls.byOperation;
    assert.deepEqual([after.create - before.create, after.update - before.update, after.delete - before.delete, after.run - before.run], [1, 1, 1, 1]);
    assert.deepEqual(targets(dir)['new-create.qualys.json'], { operation: 'update', id: 1672605, kind: 'aws' });
    assert.deepEqual(targets(dir)['old.qualys.json'], { operation: 'delete', id: 1672602, kind: 'aws' }, 'a file\'s delete keeps its entry');
    const again = await planned(dir, api);
    assert.deepEqual(again.filter((f) => f.action !== 'skip').map((f) => [basename(f.path), f.action]).sort(), [
      ['edit.qualys.json', 'unchanged'],
      ['new-create.qualys.json', 'unchanged'],
      ['nightly.qualys.json', 'run'],
      ['old.qualys.json', 'gone'],
      ['same.qualys.json', 'unchanged'],
    ]);
  });

  it('an apply cancelled before it starts sends nothing and returns every file as not sent', async () => {
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }), 'b-create.qualys.json': awsRequest({ name: 'b', ...CREATE_FIELDS }) });
    const api = apiAt(emu.url);
    const todo = toApply(await planned(dir, api));
    const stop = new AbortController();
    stop.abort();
    const applied = await applyPlan(todo, api, { signal: stop.signal });
    assert.deepEqual(applied, { outcomes: [], notSent: todo });
    assert.equal(emu.calls.byOperation.create, 0);
  });

  it('an apply stopped by its call budget returns the files it did not send, untouched, for the next apply', async () => {
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }), 'b-create.qualys.json': awsRequest({ name: 'b', ...CREATE_FIELDS }), 'c-create.qualys.json': awsRequest({ name: 'c', ...CREATE_FIELDS }) });
    const todo = toApply(await planned(dir, apiAt(emu.url)));
    const api = apiAt(emu.url, { maxCalls: 1 });
    const applied = await applyPlan(todo, api);
    assert.equal(applied.outcomes.length, 1);
    assert.ok(applied.outcomes[0].ok);
    assert.deepEqual(applied.notSent, todo.filter((f) => f !== applied.outcomes[0].file));
    assert.equal(emu.calls.byOperation.create, 1);
    assert.deepEqual(Object.keys(targets(dir)), [basename(applied.outcomes[0].file.path)], 'no journal left for a create not sent');
  });

  it('20 files: every one sent once, none twice, and each told', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`c${i}-create.qualys.json`] = awsRequest({ name: `c${i}`, ...CREATE_FIELDS });
    const dir = requestRepo(files);
    const api = apiAt(emu.url);
    const applied = await applyPlan(toApply(await planned(dir, api)), api);
    assert.equal(applied.outcomes.length, 20);
    assert.ok(applied.outcomes.every((o) => o.ok));
    assert.equal(new Set(applied.outcomes.map((o) => o.id)).size, 20);
    assert.equal(emu.calls.byOperation.create, 20);
    assert.equal(Object.keys(targets(dir)).length, 20);
  });
});

describe('apply: what it says and records when Qualys answers oddly or the record cannot be written', function () {
  this.timeout(20_000);
  const serve = serverPerTest();

  /** A Qualys whose searches find nothing and whose other calls `answer` gives (the operation, the path). */
  async function qualys(answer: (operation: string, path: string) => string | 'drop' | 'refuse', found: Record<string, unknown>[] = []): Promise<{ api: Api; sent: string[] }> {
    const sent: string[] = [];
    const server = await serve((req, res) => {
      const operation = /\/qps\/rest\/3\.0\/(\w+)\//.exec(req.url ?? '')?.[1] ?? '';
      const a = operation === 'search' ? JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: found.length, hasMoreRecords: 'false', data: found.map((c) => ({ AwsAssetDataConnector: c })) } }) : answer(operation, req.url ?? '');
      if (operation !== 'search') sent.push(req.url ?? '');
      if (a === 'drop') return void req.socket.destroy();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(a === 'refuse' ? '{"ServiceResponse":{"responseCode":"INVALID_REQUEST","responseErrorDetails":{"errorMessage":"arn is not valid"}}}' : a);
    });
    return { api: apiAt(server.url), sent };
  }
  const created = (id: unknown): string => JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: 1, data: [{ AwsAssetDataConnector: { id } }] } });
  const SUCCESS = '{"ServiceResponse":{"responseCode":"SUCCESS","count":1}}';
  /** An update by filter, inferred from its body: no record entry. */
  const BY_FILTER = JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'EQUALS', value: 'x' }] }, data: { AwsAssetDataConnector: { runFrequency: 360 } } } });

  it('an update refused is said as Qualys said it, and writes no record', async () => {
    const { api } = await qualys(() => 'refuse');
    const dir = requestRepo({ 'u.qualys.json': BY_FILTER });
    const applied = await applyPlan(toApply(await planned(dir, api)), api);
    assert.deepEqual(said(applied), { 'u.qualys.json': [false, undefined, 'INVALID_REQUEST: arn is not valid'] });
    assert.ok(!existsSync(join(dir, 'qualys-targets.json')));
  });

  it('a create refused puts back the entry the file had; one without an entry leaves none', async () => {
    const { api } = await qualys(() => 'refuse');
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }), 'b-create.qualys.json': awsRequest({ name: 'b', ...CREATE_FIELDS }) }, { 'a-create.qualys.json': { operation: 'create', kind: 'aws' } });
    const applied = await applyPlan(toApply(await planned(dir, api)), api);
    assert.deepEqual(said(applied), { 'a-create.qualys.json': [false, undefined, 'INVALID_REQUEST: arn is not valid'], 'b-create.qualys.json': [false, undefined, 'INVALID_REQUEST: arn is not valid'] });
    assert.deepEqual(targets(dir), { 'a-create.qualys.json': { operation: 'create', kind: 'aws' } });
  });

  it('a create answered without an id, or with one that is no connector id, is not recorded and says to search before applying again', async () => {
    for (const [answer, detail] of [
      [SUCCESS, 'created, but the answer names no id; it is not recorded. Search for it before applying again.'],
      [created(1e21), 'created, but the answer\'s id 1e+21 is not a connector id (a positive whole number); it is not recorded. Search for it before applying again.'],
    ]) {
      const { api } = await qualys(() => answer);
      const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }) });
      const applied = await applyPlan(toApply(await planned(dir, api)), api);
      assert.deepEqual(said(applied), { 'a-create.qualys.json': [false, undefined, detail] });
      assert.match(String(targets(dir)['a-create.qualys.json'].creating), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'the journal stays: the next plan adopts it');
    }
  });

  it('no answer: a create says to check whether it was made and keeps its journal; an update says only what failed', async () => {
    const { api } = await qualys(() => 'drop');
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }), 'u.qualys.json': BY_FILTER });
    const applied = await applyPlan(toApply(await planned(dir, api)), api);
    const [create, update] = [said(applied)['a-create.qualys.json'], said(applied)['u.qualys.json']];
    assert.equal(create[0], false);
    assert.match(create[2], /\. Check in Qualys whether it was created before applying again\.$/);
    assert.equal(update[0], false);
    assert.match(update[2], /^The request to 127\.0\.0\.1:\d+ failed \(ECONNRESET\)\. Check your network and proxy settings\.$/);
    assert.deepEqual(Object.keys(targets(dir)), ['a-create.qualys.json']);
    assert.deepEqual({ ...targets(dir)['a-create.qualys.json'], creating: 'when' }, { operation: 'create', kind: 'aws', creating: 'when' });
  });

  it('a create whose journal cannot be written is not sent, and says why', async () => {
    const { api, sent } = await qualys(() => created(5));
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }) });
    const todo = toApply(await planned(dir, api));
    mkdirSync(join(dir, 'qualys-targets.json'));
    const calls = api.calls;
    const applied = await applyPlan(todo, api);
    assert.equal(applied.outcomes.length, 1);
    assert.equal(applied.outcomes[0].ok, false);
    assert.match(applied.outcomes[0].detail, /^not sent: qualys-targets\.json could not be written before the create \(.+\)\.$/);
    assert.deepEqual(sent, []);
    assert.equal(api.calls, calls, 'a call not sent is not counted');
  });

  it('a record that cannot be written after the create, or after a refusal, says what to fix by hand', async () => {
    // The answer comes after the journal: the record is made unwritable while the call is in flight.
    let dir = '';
    const breakRecord = (): void => {
      rmSync(join(dir, 'qualys-targets.json'));
      mkdirSync(join(dir, 'qualys-targets.json'));
    };
    const ok = await qualys(() => (breakRecord(), created(77)));
    dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }) });
    let applied = await applyPlan(toApply(await planned(dir, ok.api)), ok.api);
    assert.deepEqual(said(applied)['a-create.qualys.json'].slice(0, 2), [false, 77]);
    assert.match(said(applied)['a-create.qualys.json'][2], /^connector 77 exists, but qualys-targets\.json could not be written \(.+\): record it before applying again\.$/);

    const refused = await qualys(() => (breakRecord(), 'refuse'));
    dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }) });
    applied = await applyPlan(toApply(await planned(dir, refused.api)), refused.api);
    assert.equal(said(applied)['a-create.qualys.json'][0], false);
    assert.match(said(applied)['a-create.qualys.json'][2], /^not created, but qualys-targets\.json still says its create was sent \(.+\): remove "creating" from its entry\.$/);
  });

  it('an adopted connector is recorded; with changes its file goes as an update of it, told as the adopt', async () => {
    const { api, sent } = await qualys(() => SUCCESS);
    const dir = requestRepo({ 'a-create.qualys.json': awsRequest({ name: 'a', ...CREATE_FIELDS }), 'b-create.qualys.json': awsRequest({ name: 'b', ...CREATE_FIELDS }) });
    const todo = toApply(await planned(dir, api));
    const [a, b] = todo;
    const adopted = [
      { ...a, action: 'adopt' as const, id: 51, changes: [] },
      { ...b, action: 'adopt' as const, id: 52, changes: [{ path: 'runFrequency', action: 'value' as const, before: 720, after: 240 }] },
    ];
    const applied = await applyPlan(adopted, api);
    assert.deepEqual(said(applied), {
      'a-create.qualys.json': [true, 51, 'adopted connector 51 (recorded)'],
      'b-create.qualys.json': [true, 52, 'update aws connector 52: SUCCESS'],
    });
    assert.equal(applied.outcomes.find((o) => o.id === 52)?.file, adopted[1], 'told as the planned file');
    assert.deepEqual(sent, ['/qps/rest/3.0/update/am/awsassetdataconnector/52']);
    assert.deepEqual(targets(dir), { 'a-create.qualys.json': { operation: 'update', id: 51, kind: 'aws' }, 'b-create.qualys.json': { operation: 'update', id: 52, kind: 'aws' } });
  });

  it('an adopt whose record cannot be written sends nothing and says so', async () => {
    const { api, sent } = await qualys(() => SUCCESS);
    const dir = requestRepo({ 'b-create.qualys.json': awsRequest({ name: 'b', ...CREATE_FIELDS }) });
    const [b] = toApply(await planned(dir, api));
    mkdirSync(join(dir, 'qualys-targets.json'));
    const applied = await applyPlan([{ ...b, action: 'adopt', id: 52, changes: [{ path: 'runFrequency', action: 'value', before: 720, after: 240 }] }], api);
    assert.equal(applied.outcomes[0].ok, false);
    assert.match(applied.outcomes[0].detail, /^connector 52 exists, but qualys-targets\.json could not be written/);
    assert.deepEqual(sent, []);
  });

  it('a removed account\'s connector deleted leaves the record; a record that cannot be written then says to remove its entry', async () => {
    const fleet = {
      't.qualys.yaml': 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      arn: "arn:aws:iam::${Id}:role/R"\n      externalId: "ext-1"\n      allRegions: true\n',
      'a.qualys-fleet.yaml': 'template: t.qualys.yaml\ninventory: accounts.json\nonRemoved: delete\n',
      'accounts.json': JSON.stringify({ Accounts: [{ Id: '111111111111', Name: 'one', Status: 'ACTIVE' }] }),
    };
    const records = { 'a.qualys-fleet.yaml#111111111111': { operation: 'update', id: 61, kind: 'aws' }, 'a.qualys-fleet.yaml#999999999999': { operation: 'update', id: 69, kind: 'aws' } };
    const live = [{ id: 61, name: 'aws-one', arn: 'arn:aws:iam::111111111111:role/R', externalId: 'ext-1', allRegions: true, disabled: false }, { id: 69, name: 'aws-gone' }];
    let dir = '';
    let breakRecord = false;
    const { api, sent } = await qualys(() => {
      if (breakRecord) {
        rmSync(join(dir, 'qualys-targets.json'));
        mkdirSync(join(dir, 'qualys-targets.json'));
      }
      return SUCCESS;
    }, live);
    dir = requestRepo(fleet, records);
    let applied = await applyPlan(toApply(await planned(dir, api)), api);
    assert.deepEqual(applied.outcomes.map((o) => [o.ok, o.id, o.detail]), [[true, 69, 'delete aws connector 69: its account is no longer in the inventory (onRemoved: delete): SUCCESS']]);
    assert.deepEqual(sent, ['/qps/rest/3.0/delete/am/awsassetdataconnector/69']);
    assert.deepEqual(targets(dir), { 'a.qualys-fleet.yaml#111111111111': { operation: 'update', id: 61, kind: 'aws' } });

    dir = requestRepo(fleet, records);
    const todo = toApply(await planned(dir, api));
    breakRecord = true;
    applied = await applyPlan(todo, api);
    assert.equal(applied.outcomes.length, 1);
    assert.deepEqual([applied.outcomes[0].ok, applied.outcomes[0].id], [false, 69]);
    assert.match(applied.outcomes[0].detail, /^connector 69 was deleted, but qualys-targets\.json could not be written \(.+\): remove its entry\.$/);
  });
});
