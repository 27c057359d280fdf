import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorCommand } from '../../server/src/cli/emulator';
import { CliIo, UsageError } from '../../server/src/cli/io';
import { EmulatorOptions, RunningEmulator, startEmulator } from '../../server/src/emulator';
import { parseXml } from '../../server/src/core/parse/xml';
import { JsonAnswer } from './emulatorJson';

const VALID = join(__dirname, '../../../test/fixtures/valid');
const AWS = '/qps/rest/3.0/%s/am/awsassetdataconnector';
const AZURE = '/qps/rest/3.0/%s/am/azureassetdataconnector';
const FIRST_ID = 1672601;

const basic = (user: string, password: string): string => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const DEMO = basic('demo', 'demo-password');
const at = (template: string, action: string, id?: number): string => template.replace('%s', action) + (id !== undefined ? `/${id}` : '');

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The responseCode, from XML or JSON. */
  code: string | undefined;
}

interface CallOptions {
  method?: string;
  body?: string;
  json?: boolean;
  auth?: string | null;
}

async function call(e: RunningEmulator, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.auth !== null) headers.Authorization = o.auth ?? DEMO;
  if (o.json) {
    headers['Content-Type'] = 'application/json';
    headers.Accept = 'application/json';
  } else if (o.body !== undefined) {
    headers['Content-Type'] = 'text/xml';
  }
  const res = await fetch(e.url + path, { method: o.method ?? 'POST', headers, body: o.body });
  const text = await res.text();
  const code = o.json ? (JSON.parse(text) as JsonResponse).ServiceResponse.responseCode : /<responseCode>(\w+)<\/responseCode>/.exec(text)?.[1];
  return { status: res.status, headers: res.headers, text, code };
}

interface JsonResponse {
  ServiceResponse: JsonAnswer;
}

const parsed = (a: Answer): JsonResponse['ServiceResponse'] => (JSON.parse(a.text) as JsonResponse).ServiceResponse;
const xmlIds = (text: string): number[] => [...text.matchAll(/<AwsAssetDataConnector>\s*<id>(\d+)<\/id>/g)].map((m) => Number(m[1]));
const listOf = (field: unknown, element: string): unknown[] => ((field as { list: Record<string, unknown>[] }).list ?? []).map((entry) => entry[element]);

const awsXml = (name: string, extra = ''): string =>
  `<ServiceRequest><data><AwsAssetDataConnector><name>${name}</name><arn>arn:aws:iam::123456789012:role/QualysRole</arn>` +
  `<externalId>ext-1</externalId><allRegions>true</allRegions><defaultTags><set><TagSimple><id>11</id></TagSimple></set></defaultTags>${extra}` +
  `</AwsAssetDataConnector></data></ServiceRequest>`;

describe('emulator (Qualys QPS REST 3.0 connector API)', () => {
  let emulators: RunningEmulator[] = [];
  const start = async (options: EmulatorOptions = {}): Promise<RunningEmulator> => {
    const e = await startEmulator({ port: 0, ...options });
    emulators.push(e);
    return e;
  };
  afterEach(async () => {
    await Promise.all(emulators.map((e) => e.close()));
    emulators = [];
  });

  it('creates, gets, updates (by id and by filter), searches, runs and deletes an AWS connector', async () => {
    const e = await start();
    assert.match(e.url, /^http:\/\/127\.0\.0\.1:\d+$/);

    const created = await call(e, at(AWS, 'create'), { body: awsXml('Emulator AWS') });
    assert.equal(created.status, 200);
    assert.match(created.headers.get('content-type') ?? '', /xml/);
    assert.match(created.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<ServiceResponse /);
    assert.equal(created.code, 'SUCCESS');
    assert.match(created.text, /<count>1<\/count>/);
    assert.deepEqual(xmlIds(created.text), [FIRST_ID]);
    assert.match(created.text, /<connectorState>QUEUED<\/connectorState>\s*<type>AWS<\/type>/);
    assert.match(created.text, /<defaultTags>\s*<list>\s*<TagSimple>\s*<id>11<\/id>/);

    const got = await call(e, at(AWS, 'get', FIRST_ID), { method: 'GET' });
    assert.equal(got.code, 'SUCCESS');
    assert.match(got.text, /<name>Emulator AWS<\/name>/);

    const update = {
      ServiceRequest: {
        data: {
          AwsAssetDataConnector: {
            name: 'Renamed',
            defaultTags: { add: { TagSimple: [{ id: 12 }, { id: 13 }] } },
            activation: { set: { ActivationModule: ['VM', 'PC'] } },
            runFrequency: 600,
          },
        },
      },
    };
    const updated = await call(e, at(AWS, 'update', FIRST_ID), { body: JSON.stringify(update), json: true });
    assert.match(updated.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(parsed(updated), { responseCode: 'SUCCESS', count: 1, data: [{ AwsAssetDataConnector: { id: FIRST_ID } }] });

    const after = parsed(await call(e, at(AWS, 'get', FIRST_ID), { method: 'GET', json: true }));
    const conn = after.data?.[0].AwsAssetDataConnector ?? {};
    assert.equal(conn.name, 'Renamed');
    assert.equal(conn.runFrequency, 600);
    assert.equal(conn.allRegions, 'true', 'JSON answers carry booleans as strings, as the API samples do');
    assert.deepEqual(listOf(conn.defaultTags, 'TagSimple'), [{ id: 11 }, { id: 12 }, { id: 13 }]);
    assert.deepEqual(listOf(conn.activation, 'ActivationModule'), ['VM', 'PC']);

    // A second connector that the filter must leave alone.
    assert.deepEqual(xmlIds((await call(e, at(AWS, 'create'), { body: awsXml('Other') })).text), [FIRST_ID + 1]);
    const byFilter = await call(e, at(AWS, 'update'), {
      body:
        '<ServiceRequest><filters><Criteria field="name" operator="EQUALS">Renamed</Criteria></filters>' +
        '<data><AwsAssetDataConnector><description>set by filter</description>' +
        '<defaultTags><remove><TagSimple><id>11</id></TagSimple></remove></defaultTags></AwsAssetDataConnector></data></ServiceRequest>',
    });
    assert.equal(byFilter.code, 'SUCCESS');
    assert.match(byFilter.text, /<count>1<\/count>/);
    assert.deepEqual(xmlIds(byFilter.text), [FIRST_ID]);

    const search = { ServiceRequest: { filters: { Criteria: [{ field: 'description', operator: 'CONTAINS', value: 'BY FILTER' }] } } };
    const found = parsed(await call(e, at(AWS, 'search'), { body: JSON.stringify(search), json: true }));
    assert.equal(found.count, 1);
    assert.equal(found.hasMoreRecords, 'false', 'JSON answers carry hasMoreRecords as a string');
    const hit = found.data?.[0].AwsAssetDataConnector ?? {};
    assert.equal(hit.id, FIRST_ID);
    assert.equal(hit.description, 'set by filter');
    assert.deepEqual(listOf(hit.defaultTags, 'TagSimple'), [{ id: 12 }, { id: 13 }]);

    const paged = await call(e, at(AWS, 'search'), { body: '<ServiceRequest><preferences><limitResults>1</limitResults></preferences></ServiceRequest>' });
    assert.match(paged.text, /<count>1<\/count>\s*<hasMoreRecords>true<\/hasMoreRecords>\s*<lastId>1672601<\/lastId>/);
    const next = await call(e, at(AWS, 'search'), { body: `<ServiceRequest><preferences><startFromId>${FIRST_ID + 1}</startFromId></preferences></ServiceRequest>` });
    assert.deepEqual(xmlIds(next.text), [FIRST_ID + 1]);
    const single = { ServiceRequest: { filters: { Criteria: { field: 'id', operator: 'IN', value: `1, ${FIRST_ID + 1}` } } } };
    assert.equal(parsed(await call(e, at(AWS, 'search'), { body: JSON.stringify(single), json: true })).count, 1);

    const ran = await call(e, at(AWS, 'run', FIRST_ID));
    assert.match(ran.text, /<id>1672601<\/id>\s*<connectorState>RUNNING<\/connectorState>/);

    const deleted = await call(e, at(AWS, 'delete', FIRST_ID));
    assert.equal(deleted.code, 'SUCCESS');
    assert.deepEqual(xmlIds(deleted.text), [FIRST_ID]);
    const gone = await call(e, at(AWS, 'get', FIRST_ID), { method: 'GET' });
    assert.equal(gone.status, 200);
    assert.equal(gone.code, 'OBJECT_NOT_FOUND');
    assert.equal((await call(e, at(AWS, 'update', FIRST_ID), { body: awsXml('x') })).code, 'OBJECT_NOT_FOUND');
    assert.equal((await call(e, at(AZURE, 'get', FIRST_ID + 1), { method: 'GET' })).code, 'OBJECT_NOT_FOUND', 'an AWS id is not an Azure connector');
    assert.equal(e.requests, 15);
  });

  it('creates Azure connectors from the documentation samples, QUEUED, without echoing the authentication key', async () => {
    const e = await start();
    const xml = readFileSync(join(VALID, 'azure-create-single-tag.xml'), 'utf8');
    const fromXml = await call(e, at(AZURE, 'create'), { body: xml });
    assert.equal(fromXml.code, 'SUCCESS');
    assert.match(fromXml.text, /<id>1672601<\/id>[\s\S]*<connectorState>QUEUED<\/connectorState>\s*<type>AZURE<\/type>/);
    assert.match(fromXml.text, /<authRecord\/>/);
    assert.match(fromXml.text, /<connectorAppInfos>\s*<list>\s*<ConnectorAppInfoQList>\s*<list>\s*<ConnectorAppInfo>\s*<name>AI<\/name>/);

    const json = readFileSync(join(VALID, 'azure-create-multi-tag.json'), 'utf8');
    const fromJson = await call(e, at(AZURE, 'create'), { body: json, json: true });
    const conn = parsed(fromJson).data?.[0].AzureAssetDataConnector ?? {};
    assert.equal(conn.id, FIRST_ID + 1);
    assert.equal(conn.connectorState, 'QUEUED');
    assert.equal(conn.type, 'AZURE');
    assert.deepEqual(conn.authRecord, {});

    const stored = await call(e, at(AZURE, 'get', FIRST_ID + 1), { method: 'GET', json: true });
    for (const text of [fromXml.text, fromJson.text, stored.text]) {
      assert.doesNotMatch(text, /authenticationKey/);
      assert.doesNotMatch(text, /02LCb8/);
    }
    const wrongKind = await call(e, at(AWS, 'create'), { body: xml });
    assert.equal(wrongKind.code, 'INVALID_REQUEST');
    assert.match(wrongKind.text, /takes AwsAssetDataConnector/);
  });

  it('refuses an invalid request with INVALID_REQUEST naming the field and its path', async () => {
    const e = await start();
    const body = JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { naem: 'x', runFrequency: 'often' } } } });
    const typo = parsed(await call(e, at(AWS, 'create'), { body, json: true }));
    assert.equal(typo.responseCode, 'INVALID_REQUEST');
    assert.match(typo.responseErrorDetails?.errorMessage ?? '', /"naem".*Did you mean "name"\?.*ServiceRequest\.data\.AwsAssetDataConnector\.naem/);
    assert.ok(typo.responseErrorDetails?.errorResolution);

    const text = await call(e, at(AWS, 'create'), { body: '<ServiceRequest><data><AwsAssetDataConnector><runFrequency>often</runFrequency></AwsAssetDataConnector></data></ServiceRequest>' });
    assert.equal(text.status, 200);
    assert.equal(text.code, 'INVALID_REQUEST');
    assert.match(text.text, /<errorMessage>runFrequency must be an integer \(minutes\); found "often"\. \(at ServiceRequest\.data\.AwsAssetDataConnector\.runFrequency/);

    await call(e, at(AWS, 'create'), { body: awsXml('one') });
    const notEquals = await call(e, at(AWS, 'update'), {
      body: '<ServiceRequest><filters><Criteria field="name" operator="NOT EQUALS">one</Criteria></filters><data><AwsAssetDataConnector><name>all</name></AwsAssetDataConnector></data></ServiceRequest>',
    });
    assert.equal(notEquals.code, 'INVALID_REQUEST');
    assert.match(notEquals.text, /NOT EQUALS/);
    const noFilter = await call(e, at(AWS, 'update'), { body: awsXml('all') });
    assert.equal(noFilter.code, 'INVALID_REQUEST');
    assert.match((await call(e, at(AWS, 'get', FIRST_ID), { method: 'GET' })).text, /<name>one<\/name>/, 'nothing was updated');
  });

  it('answers malformed bodies with INVALID_REQUEST saying where the syntax error is', async () => {
    const e = await start();
    const xml = await call(e, at(AWS, 'create'), { body: '<ServiceRequest>\n  <data><AwsAssetDataConnector><name>x</AwsAssetDataConnector></data></ServiceRequest>' });
    assert.equal(xml.code, 'INVALID_REQUEST');
    assert.match(xml.text, /XML syntax error: &lt;name&gt; is not closed.*line 2, column \d+/);
    const json = parsed(await call(e, at(AWS, 'create'), { body: '{"ServiceRequest": {"data": }', json: true }));
    assert.equal(json.responseCode, 'INVALID_REQUEST');
    assert.match(json.responseErrorDetails?.errorMessage ?? '', /JSON syntax error.*line 1, column \d+/);
    assert.equal((await call(e, at(AWS, 'create'), { body: '' })).code, 'INVALID_REQUEST');
    assert.equal((await call(e, at(AWS, 'search'), { body: '<ServiceRequest><filters>' })).code, 'INVALID_REQUEST');
  });

  it('answers 401 UNAUTHORIZED to a wrong password and to no credentials, without counting them against the rate', async () => {
    const e = await start({ rateLimit: 5 });
    for (const auth of [basic('demo', 'wrong-password'), basic('someone', 'demo-password'), null, 'Bearer abc']) {
      const a = await call(e, at(AWS, 'search'), { auth });
      assert.equal(a.status, 401);
      assert.equal(a.code, 'UNAUTHORIZED');
      assert.equal(a.headers.get('www-authenticate'), 'Basic realm="Qualys"');
      assert.equal(a.headers.get('x-ratelimit-remaining'), '5');
    }
    const json = await call(e, at(AWS, 'search'), { auth: null, json: true, body: '{}' });
    assert.equal(json.code, 'UNAUTHORIZED');
    assert.equal((await call(e, at(AWS, 'search'))).headers.get('x-ratelimit-remaining'), '4');
  });

  it('answers 409 LIMIT_EXCEEDED (code 1965) past the rate limit, with the limit headers', async () => {
    const e = await start({ rateLimit: 3, rateWindowSec: 60 });
    for (let i = 0; i < 3; i++) {
      const ok = await call(e, at(AWS, 'search'));
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('x-ratelimit-remaining'), String(2 - i));
      // After the last call of the window, the next one must wait.
      assert.equal(ok.headers.get('x-ratelimit-towait-sec') === '0', i < 2);
    }
    const blocked = await call(e, at(AWS, 'search'));
    assert.equal(blocked.status, 409);
    assert.equal(blocked.code, 'LIMIT_EXCEEDED');
    assert.match(blocked.text, /1965/);
    assert.equal(blocked.headers.get('x-ratelimit-limit'), '3');
    assert.equal(blocked.headers.get('x-ratelimit-window-sec'), '60');
    assert.equal(blocked.headers.get('x-ratelimit-remaining'), '0');
    const wait = Number(blocked.headers.get('x-ratelimit-towait-sec'));
    assert.ok(wait > 0 && wait <= 60, `ToWait ${wait}`);
    assert.equal(blocked.headers.get('x-concurrency-limit-limit'), '2');
    assert.ok(blocked.headers.has('x-concurrency-limit-running'));
  });

  it('answers 409 LIMIT_EXCEEDED (code 1960) past the concurrency limit', async () => {
    const e = await start({ concurrencyLimit: 1, delayMs: 200 });
    const both = await Promise.all([call(e, at(AWS, 'search')), call(e, at(AWS, 'search'))]);
    assert.deepEqual(both.map((a) => a.status).sort(), [200, 409]);
    const blocked = both.find((a) => a.status === 409) as Answer;
    assert.equal(blocked.code, 'LIMIT_EXCEEDED');
    assert.match(blocked.text, /1960/);
    assert.equal(blocked.headers.get('x-concurrency-limit-limit'), '1');
    assert.equal(blocked.headers.get('x-concurrency-limit-running'), '1');
    assert.equal((await call(e, at(AWS, 'search'))).status, 200, 'the slot is free again');
  });

  it('answers 404 to unknown paths and INVALID_API_VERSION to another version', async () => {
    const e = await start();
    for (const path of ['/', '/qps/rest/3.0/create/am/ibmassetdataconnector', '/qps/rest/3.0/frobnicate/am/awsassetdataconnector', `${at(AWS, 'get')}/abc`, at(AWS, 'run')]) {
      const a = await call(e, path);
      assert.equal(a.status, 404, path);
      assert.equal(a.code, 'OTHER_ERROR', path);
    }
    const version = await call(e, '/qps/rest/2.0/search/am/awsassetdataconnector', { json: true, body: '{}' });
    assert.equal(version.status, 404);
    assert.equal(version.code, 'INVALID_API_VERSION');
    const method = await call(e, at(AWS, 'create'), { method: 'GET' });
    assert.equal(method.status, 405);
    assert.equal(method.headers.get('allow'), 'POST');
  });

  it('answers 413 to a body over 1 MB and keeps serving', async () => {
    const e = await start();
    const big = await call(e, at(AWS, 'create'), { body: '<ServiceRequest>' + 'x'.repeat(1024 * 1024) + '</ServiceRequest>' });
    assert.equal(big.status, 413);
    assert.match(big.text, /1 MB/);
    assert.equal((await call(e, at(AWS, 'search'))).code, 'SUCCESS');
  });

  it('survives hostile input', async () => {
    const e = await start();
    const bodies = [
      '<'.repeat(5000),
      '<a>'.repeat(3000),
      '['.repeat(5000),
      '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"__proto__": {"x": 1}, "constructor": 1}}}}',
      '{"ServiceRequest": {"filters": {"Criteria": {"field": "__proto__", "operator": "EQUALS", "value": 1}}}}',
      '\u0000\uffff\ud800',
      '<ServiceRequest><preferences><limitResults>-1</limitResults></preferences></ServiceRequest>',
      '{"ServiceRequest": 5}',
    ];
    for (const body of bodies) {
      for (const action of ['create', 'update', 'search', 'delete']) {
        const a = await call(e, at(AWS, action), { body, json: body.startsWith('{') });
        assert.equal(a.status, 200, `${action} ${body.slice(0, 30)}`);
        if (!body.startsWith('{')) assert.deepEqual(parseXml(a.text).problems, [], 'the answer is well-formed XML');
        // A search ignores what it does not use (data); everything else is refused.
        if (!(action === 'search' && body.includes('"data"'))) assert.equal(a.code, 'INVALID_REQUEST', `${action} ${body.slice(0, 30)}`);
      }
    }
    assert.equal((await call(e, at(AWS, 'search'))).code, 'SUCCESS');
  });

  it('logs one line per request, never a password or an authentication key', async () => {
    const lines: string[] = [];
    const e = await start({ password: 's3cret-Pa55', log: (line) => lines.push(line) });
    const key = 'PLANTED-azure-KEY-0123456789=';
    const body = readFileSync(join(VALID, 'azure-create-single-tag.xml'), 'utf8').replace(/<authenticationKey>[^<]*</, `<authenticationKey>${key}<`);
    assert.equal((await call(e, at(AZURE, 'create'), { body, auth: basic('demo', 's3cret-Pa55') })).code, 'SUCCESS');
    assert.equal((await call(e, at(AZURE, 'create'), { body: body.replace('<name>', '<naem>').replace('</name>', '</naem>'), auth: basic('demo', 's3cret-Pa55') })).code, 'INVALID_REQUEST');
    assert.equal((await call(e, at(AZURE, 'create'), { body, auth: basic('demo', key) })).status, 401);
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^POST \/qps\/rest\/3\.0\/create\/am\/azureassetdataconnector 200 SUCCESS \d+ms$/);
    assert.match(lines[1], / 200 INVALID_REQUEST \d+ms$/);
    assert.match(lines[2], / 401 UNAUTHORIZED \d+ms$/);
    for (const line of lines) {
      assert.ok(!line.includes('s3cret') && !line.includes(key) && !line.includes('Basic'), line);
    }
  });

  it('listens on loopback only and checks its options', async () => {
    await assert.rejects(startEmulator({ host: '0.0.0.0' }), /loopback/);
    await assert.rejects(startEmulator({ rateLimit: 0 }), /rateLimit/);
    await assert.rejects(startEmulator({ username: 'a:b' }), /username/);
    await assert.rejects(startEmulator({ clock: {} as never }), /^RangeError: clock must have a now\(\) function\.$/);
  });

  describe('qualys-connector emulator', () => {
    const io = (): CliIo & { lines: string[] } => {
      const lines: string[] = [];
      return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), cwd: process.cwd() };
    };

    it('prints the base URL first, then the demo credentials and limits, then the request log; SIGTERM stops it', async () => {
      const out = io();
      const done = emulatorCommand(['--port', '0', '--rate-limit', '50', '--delay', '0'], out);
      while (out.lines.length === 0) await new Promise((r) => setTimeout(r, 5));
      const url = out.lines[0];
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(out.lines.includes('username: demo'));
      assert.ok(out.lines.includes('password: demo-password'));
      assert.ok(out.lines.some((l) => /rate limit: 50 calls per 3600 s/.test(l)));
      const res = await fetch(`${url}${at(AWS, 'search')}`, { method: 'POST', headers: { Authorization: DEMO } });
      assert.equal(res.status, 200);
      await res.text();
      assert.match(out.lines[out.lines.length - 1], /^POST \/qps\/rest\/3\.0\/search\/am\/awsassetdataconnector 200 SUCCESS \d+ms$/);
      process.emit('SIGTERM');
      assert.equal(await done, 0);
      await assert.rejects(fetch(url), 'the server is closed');
    });

    it('prints usage for --help and refuses bad options', async () => {
      const out = io();
      assert.equal(await emulatorCommand(['--help'], out), 0);
      assert.match(out.lines.join('\n'), /^Usage: qualys-connector emulator/);
      await assert.rejects(emulatorCommand(['--port', 'x'], io()), UsageError);
      await assert.rejects(emulatorCommand(['--bogus'], io()), UsageError);
      await assert.rejects(emulatorCommand(['--username', 'a:b'], io()), UsageError);
    });
  });
});
