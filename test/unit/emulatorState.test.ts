import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorCommand } from '../../server/src/cli/emulator';
import { CliIo, UsageError } from '../../server/src/cli/io';
import { KINDS } from '../../server/src/core/model';
import { isSecretField } from '../../server/src/core/secretFields';
import { EmulatorOptions, RunningEmulator, startEmulator } from '../../server/src/emulator';
import { DEMO_PER_KIND } from '../../server/src/emulator/demo';
import { DEMO_AUTH as AUTH, jsonCall as json, JsonAnswer } from './emulatorJson';
import { tempDir } from '../harness';

/** The emulator as a stand-in for Qualys in CI: demo data, paging, state kept in a file, and call counts. */
const ROOT = join(__dirname, '../../..');



const AWS = 'awsassetdataconnector';
const ids = (a: JsonAnswer): number[] => (a.data ?? []).map((d) => Object.values(d)[0].id as number);
const names = (a: JsonAnswer): string[] => (a.data ?? []).map((d) => Object.values(d)[0].name as string);
const search = (e: RunningEmulator, noun: string, request: Record<string, unknown>): Promise<JsonAnswer> => json(e, 'search', noun, { ServiceRequest: request });

/** Every secret value in the create examples the demo is built from. */
function exampleSecrets(): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (isSecretField(k) && typeof x === 'string') found.push(x);
        else walk(x);
      }
    }
  };
  for (const { kind } of KINDS) walk(JSON.parse(readFileSync(join(ROOT, `examples/${kind}-create.qualys.json`), 'utf8')));
  return found;
}

/** A data file as the emulator writes it, with `n` AWS connectors numbered from 1. */
function dataFileWith(dir: string, n: number): string {
  const file = join(dir, 'many.json');
  const connectors = Array.from({ length: n }, (_, i) => ({ id: i + 1, kind: 'aws', connectorState: 'QUEUED', fields: { name: `c${i + 1}`, disabled: false } }));
  writeFileSync(file, JSON.stringify({ format: 'qualys-connector-emulator/1', nextId: n + 1, connectors }));
  return file;
}

describe('emulator: demo data, paging, a data file and call counts', () => {
  let dir: string;
  const running: RunningEmulator[] = [];
  const start = async (options: EmulatorOptions): Promise<RunningEmulator> => {
    const e = await startEmulator({ port: 0, ...options });
    running.push(e);
    return e;
  };
  beforeEach(() => {
    dir = tempDir('qc-emu-');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });

  it('--demo: connectors of every kind from the create examples, varied names, some disabled, no secret', async () => {
    const e = await start({ demo: true });
    const secrets = exampleSecrets();
    assert.ok(secrets.length >= 3, 'the examples hold secrets to leave out');
    for (const { noun, element, label } of KINDS) {
      const found = await search(e, noun, {});
      assert.equal(found.responseCode, 'SUCCESS');
      assert.equal(found.count, DEMO_PER_KIND, noun);
      const connectors = (found.data ?? []).map((d) => d[element]);
      assert.equal(new Set(names(found)).size, DEMO_PER_KIND, 'names differ');
      assert.ok(names(found).every((n) => n.startsWith(`${label} `)), names(found).join());
      const disabled = connectors.filter((c) => c.disabled === 'true').length;
      assert.ok(disabled > 0 && disabled < DEMO_PER_KIND, `${noun}: ${disabled} disabled`);
      assert.ok(connectors.every((c) => c.connectorAppInfos !== undefined), 'built from the examples: their apps are kept');
      const text = JSON.stringify(found);
      for (const s of secrets) assert.ok(!text.includes(s), `${noun} answers a secret`);
    }
  });

  it('pages as Qualys does: 100 by default, at most 1000, startFromId = lastId + 1 until hasMoreRecords is "false"', async () => {
    const e = await start({ dataFile: dataFileWith(dir, 1050) });
    const first = await search(e, AWS, {});
    assert.equal(first.count, 100);
    assert.equal(first.hasMoreRecords, 'true');
    assert.equal(first.lastId, 100);
    const seen: number[] = [];
    let request: Record<string, unknown> = { preferences: { limitResults: 1000 } };
    const pages: [number | undefined, string | undefined][] = [];
    for (let page = 0; page < 5; page++) {
      const answer = await search(e, AWS, request);
      pages.push([answer.count, answer.hasMoreRecords]);
      seen.push(...ids(answer));
      if (answer.hasMoreRecords === 'false') break;
      assert.equal(answer.lastId, ids(answer).at(-1), 'lastId is the last id returned');
      request = { preferences: { limitResults: 1000, startFromId: (answer.lastId ?? 0) + 1 } };
    }
    assert.deepEqual(pages, [[1000, 'true'], [50, 'false']]);
    assert.deepEqual(seen, Array.from({ length: 1050 }, (_, i) => i + 1), 'every connector once, in id order');
    const tooMany = await search(e, AWS, { preferences: { limitResults: 1001 } });
    assert.equal(tooMany.responseCode, 'INVALID_REQUEST');
    assert.match(tooMany.responseErrorDetails?.errorMessage ?? '', /limitResults must be an integer from 1 to 1000/);
  });

  it('pages a filtered search by startFromId, the filter applying to every page', async () => {
    const e = await start({ demo: true });
    const enabled = { filters: { Criteria: [{ field: 'disabled', operator: 'EQUALS', value: 'false' }] } };
    const all = ids(await search(e, AWS, enabled));
    const firstPage = await search(e, AWS, { ...enabled, preferences: { limitResults: 4 } });
    assert.deepEqual([firstPage.count, firstPage.hasMoreRecords], [4, 'true']);
    const second = await search(e, AWS, { ...enabled, preferences: { limitResults: 4, startFromId: (firstPage.lastId ?? 0) + 1 } });
    assert.equal(second.hasMoreRecords, 'false');
    assert.deepEqual([...ids(firstPage), ...ids(second)], all);
  });

  it('IN takes comma-separated values, in XML and JSON, on nested fields too', async () => {
    const e = await start({ demo: true });
    const xml = async (criteria: string): Promise<string> => {
      const res = await fetch(`${e.url}/qps/rest/3.0/search/am/${AWS}`, {
        method: 'POST',
        headers: { Authorization: AUTH, 'Content-Type': 'text/xml' },
        body: `<ServiceRequest><filters>${criteria}</filters></ServiceRequest>`,
      });
      return res.text();
    };
    const [a, b, c] = ids(await search(e, AWS, {}));
    const byXml = await xml(`<Criteria field="id" operator="IN">${a},${c}, 999</Criteria>`);
    assert.deepEqual([...byXml.matchAll(/<AwsAssetDataConnector>\s*<id>(\d+)<\/id>/g)].map((m) => Number(m[1])), [a, c]);
    const byName = await search(e, AWS, { filters: { Criteria: [{ field: 'name', operator: 'IN', value: 'AWS staging 1,AWS production 2' }] } });
    assert.deepEqual(names(byName).sort(), ['AWS production 2', 'AWS staging 1']);
    const withOther = await search(e, AWS, { filters: { Criteria: [{ field: 'id', operator: 'IN', value: `${b}` }, { field: 'name', operator: 'IN', value: 'AWS staging 1' }] } });
    assert.deepEqual(ids(withOther), [b], 'criteria all apply');
    const subscription = (JSON.parse(readFileSync(join(ROOT, 'examples/azure-create.qualys.json'), 'utf8')) as { ServiceRequest: { data: { AzureAssetDataConnector: { authRecord: { subscriptionId: string } } } } })
      .ServiceRequest.data.AzureAssetDataConnector.authRecord.subscriptionId;
    const nested = await search(e, 'azureassetdataconnector', { filters: { Criteria: [{ field: 'authRecord.subscriptionId', operator: 'IN', value: `nothing,${subscription}` }] } });
    assert.equal(nested.count, DEMO_PER_KIND);
  });

  it('--data: connectors survive a restart, ids keep counting up, the file is written whole and holds no secret', async () => {
    const file = join(dir, 'state', 'emulator.json');
    mkdirSync(join(dir, 'state'));
    const key = 'Very-Secret-Azure-Key-42';
    const first = await start({ dataFile: file });
    const created = await json(first, 'create', 'azureassetdataconnector', {
      ServiceRequest: { data: { AzureAssetDataConnector: { name: 'kept', authRecord: { applicationId: 'a', directoryId: 'd', subscriptionId: 's', authenticationKey: key } } } },
    });
    const id = ids(created)[0];
    await json(first, 'update', 'azureassetdataconnector', { ServiceRequest: { data: { AzureAssetDataConnector: { description: 'changed' } } } }, id);
    await first.close();
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(key), 'the key is not stored');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(dir, 'state')), ['emulator.json'], 'no temporary file is left');

    const second = await start({ dataFile: file });
    const got = (await json(second, 'get', 'azureassetdataconnector', undefined, id)).data?.[0]?.AzureAssetDataConnector;
    assert.deepEqual([got?.name, got?.description], ['kept', 'changed']);
    const next = ids(await json(second, 'create', AWS, { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'later' } } } }))[0];
    assert.ok(next > id, 'an id is never handed out twice');
    await json(second, 'delete', 'azureassetdataconnector', undefined, id);
    await second.close();
    const third = await start({ dataFile: file, demo: true });
    assert.equal((await search(third, 'azureassetdataconnector', {})).count, 0, 'a deleted connector stays deleted; --demo fills only an empty store');
    assert.equal((await search(third, AWS, {})).count, 1);
  });

  it('--data: a missing file starts empty; a corrupt or foreign one stops the start with a clear message', async () => {
    const missing = join(dir, 'new.json');
    const e = await start({ dataFile: missing });
    assert.equal((await search(e, AWS, {})).count, 0);
    assert.ok(statSync(missing).isFile(), 'written at start');
    const broken = join(dir, 'broken.json');
    const cut = '{"format": "qualys-connector-emulator/1", "connectors": [';
    writeFileSync(broken, cut);
    await assert.rejects(startEmulator({ dataFile: broken }), /Cannot use the data file .*broken\.json: it is not JSON/);
    assert.equal(readFileSync(broken, 'utf8'), cut, 'a file it cannot read is left as it was');
    const foreign = join(dir, 'package.json');
    writeFileSync(foreign, '{"name": "x"}');
    await assert.rejects(startEmulator({ dataFile: foreign }), /it is not an emulator data file/);
    const badEntry = join(dir, 'bad.json');
    writeFileSync(badEntry, JSON.stringify({ format: 'qualys-connector-emulator/1', connectors: [{ id: -1, kind: 'aws', connectorState: 'QUEUED', fields: {} }] }));
    await assert.rejects(startEmulator({ dataFile: badEntry }), /connectors\[0\] must have an id/);
    await assert.rejects(startEmulator({ dataFile: dir }), /it is not a regular file/);
  });

  it('counts the calls it served, per operation, refused ones included', async () => {
    const e = await start({ demo: true });
    assert.deepEqual(e.calls, { total: 0, byOperation: { create: 0, update: 0, search: 0, get: 0, delete: 0, run: 0 } });
    await search(e, AWS, {});
    await search(e, AWS, { preferences: { limitResults: 0 } });
    await json(e, 'get', AWS, undefined, 1);
    await fetch(`${e.url}/qps/rest/3.0/search/am/${AWS}`, { method: 'POST' });
    await fetch(`${e.url}/not-an-api`, { headers: { Authorization: AUTH } });
    const calls = e.calls;
    assert.deepEqual(calls, { total: 4, byOperation: { create: 0, update: 0, search: 3, get: 1, delete: 0, run: 0 } });
    assert.equal(e.callSummary(), 'calls: 4 (search 3, get 1)');
    await search(e, AWS, {});
    assert.equal(calls.total, 4, 'a snapshot does not change under the test');
  });

  it('qualys-connector emulator --demo --data FILE prints the calls served when it stops', async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: dir };
    const done = emulatorCommand(['--port', '0', '--demo', '--data', 'state.json'], io);
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 5));
    const res = await fetch(`${lines[0]}/qps/rest/3.0/search/am/${AWS}`, { method: 'POST', headers: { Authorization: AUTH } });
    assert.match(await res.text(), new RegExp(`<count>${DEMO_PER_KIND}</count>`));
    process.emit('SIGTERM');
    assert.equal(await done, 0);
    assert.equal(lines.at(-1), 'calls: 1 (search 1)');
    assert.equal((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { connectors: unknown[] }).connectors.length, DEMO_PER_KIND * KINDS.length);
    writeFileSync(join(dir, 'bad.json'), 'nope');
    await assert.rejects(emulatorCommand(['--port', '0', '--data', 'bad.json'], io), (err: unknown) => err instanceof UsageError && /Cannot use the data file .*bad\.json: it is not JSON/.test(err.message));
  });
});
