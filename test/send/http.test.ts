import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { httpRequest, HttpRequest, MAX_RESPONSE_BYTES, NetworkError } from '../../server/src/send/http';
import { WireRequest } from '../../server/src/core/prepare';
import { execute, ExecuteOptions, SetupError } from '../../server/src/send/execute';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { tempDir } from '../harness';
import { serverPerTest } from './hostileServer';

/** The wire under the send: one HTTP exchange, in process, against a server that answers as each test says. */
describe('one HTTP exchange with the platform', function () {
  this.timeout(20_000);
  const serve = serverPerTest();

  const request = (url: string, more: Partial<HttpRequest> = {}): HttpRequest => ({ baseUrl: url, method: 'POST', path: '/qps/rest/3.0/get/am/awsassetdataconnector/1', accept: 'application/json', username: 'ann', password: 'pässword', timeoutMs: 5000, ...more });
  const failure = async (req: HttpRequest): Promise<NetworkError> => {
    try {
      await httpRequest(req);
    } catch (e) {
      assert.ok(e instanceof NetworkError, String(e));
      return e;
    }
    assert.fail('the request succeeded');
  };
  const host = (url: string): string => new URL(url).host;

  it('sends the credentials as HTTP Basic (UTF-8), the Accept and the body, and gives back the status, the headers in lower case and the body', async () => {
    const seen: Record<string, string | undefined>[] = [];
    const server = await serve((req, res, body) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, accept: req.headers.accept, type: req.headers['content-type'], by: String(req.headers['x-requested-with']), body });
      res.writeHead(201, { 'X-RateLimit-Remaining': '7', 'Content-Type': 'application/json' });
      res.end('{"é": 1}');
    });
    const before = performance.now();
    const got = await httpRequest(request(server.url, { body: '{"a": 1}', contentType: 'application/json' }));
    const took = performance.now() - before;
    assert.deepEqual([got.status, got.headers['x-ratelimit-remaining'], got.headers['content-type'], got.body, got.bytes], [201, '7', 'application/json', '{"é": 1}', 9]);
    assert.ok(got.ms >= 0 && got.ms <= Math.ceil(took) && Number.isInteger(got.ms), `${got.ms} ms of ${took}`);
    await httpRequest(request(server.url, { method: 'GET', accept: 'application/xml' }));
    assert.deepEqual(seen, [
      { method: 'POST', url: '/qps/rest/3.0/get/am/awsassetdataconnector/1', auth: `Basic ${Buffer.from('ann:pässword', 'utf8').toString('base64')}`, accept: 'application/json', type: 'application/json', by: 'qualys-connector-vscode', body: '{"a": 1}' },
      { method: 'GET', url: '/qps/rest/3.0/get/am/awsassetdataconnector/1', auth: `Basic ${Buffer.from('ann:pässword', 'utf8').toString('base64')}`, accept: 'application/xml', type: undefined, by: 'qualys-connector-vscode', body: '' },
    ]);
  });

  it('reads a compressed answer (a proxy or the platform may gzip it) as its text, and lets go of the cancel signal after', async () => {
    const json = '{"ServiceResponse": {"responseCode": "SUCCESS", "count": 0}}';
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(json));
    });
    const cancel = new AbortController();
    assert.equal((await httpRequest(request(server.url, { signal: cancel.signal }))).body, json);
    assert.equal(getEventListeners(cancel.signal, 'abort').length, 0, 'a finished exchange no longer listens for a cancel');
  });

  it('never follows a redirect (3xx), so the credentials stay with the host; a 4xx is an answer', async () => {
    const server = await serve((req, res) => {
      const status = Number(req.url?.split('/').pop());
      res.writeHead(status, status === 399 ? {} : { Location: 'https://elsewhere.example/qps' });
      res.end('{}');
    });
    for (const status of [300, 302, 308]) {
      const e = await failure(request(server.url, { path: `/x/${status}` }));
      assert.equal(e.kind, 'redirect', String(status));
      assert.equal(e.message, `${host(server.url)} redirected the request to https://elsewhere.example/qps; it was not followed, so your credentials stay with ${host(server.url)}. Check the platform setting: use the API server's final address.`);
    }
    assert.match((await failure(request(server.url, { path: '/x/399' }))).message, /redirected the request to another address;/);
    assert.equal((await httpRequest(request(server.url, { path: '/x/400' }))).status, 400);
    assert.equal((await httpRequest(request(server.url, { path: '/x/299' }))).status, 299);
  });

  it(`reads an answer of exactly ${MAX_RESPONSE_BYTES / 1048576} MB, and refuses one byte more, announced or streamed`, async () => {
    const server = await serve((req, res) => {
      const size = req.url?.endsWith('/over') ? MAX_RESPONSE_BYTES + 1 : MAX_RESPONSE_BYTES;
      if (req.url === '/announced/over') {
        res.writeHead(200, { 'Content-Length': String(size) });
        res.write('{');
        return; // never ends: the client must refuse it by its length
      }
      res.writeHead(200, req.url?.startsWith('/announced') ? { 'Content-Length': String(size) } : { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      for (let sent = 0; sent < size; sent += chunk.length) res.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
      res.end();
    });
    assert.equal((await httpRequest(request(server.url, { path: '/streamed/max' }))).bytes, MAX_RESPONSE_BYTES);
    assert.equal((await httpRequest(request(server.url, { path: '/announced/max' }))).bytes, MAX_RESPONSE_BYTES);
    for (const path of ['/streamed/over', '/announced/over']) {
      const e = await failure(request(server.url, { path }));
      assert.deepEqual([e.kind, e.message], ['too-large', 'The answer is larger than 20 MB; it is not a connector response. Check the platform setting.'], path);
    }
  });

  it('gives up at its timeout, saying whether the server had begun answering; a timeout of 0 is one millisecond, one past what a timer holds is an hour', async () => {
    const server = await serve((req, res) => {
      if (req.url?.endsWith('/silent')) return;
      if (req.url?.endsWith('/slow')) {
        setTimeout(() => res.end('{}'), 100);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"ServiceResponse": ');
    });
    const silent = await failure(request(server.url, { path: '/silent', timeoutMs: 600 }));
    assert.deepEqual([silent.kind, silent.message], ['timeout', `${host(server.url)} did not answer within 1 s. Check your network or proxy, or raise the timeout setting (qualys.send.timeout).`]);
    const trickled = await failure(request(server.url, { path: '/trickle', timeoutMs: 1400 }));
    assert.equal(trickled.message, `${host(server.url)} began answering but did not finish within 1 s. Check your network or proxy, or raise the timeout setting (qualys.send.timeout).`);
    assert.match((await failure(request(server.url, { path: '/slow', timeoutMs: 0 }))).message, /did not answer within 0 s/);
    assert.equal((await httpRequest(request(server.url, { path: '/slow', timeoutMs: 2 ** 31 }))).body, '{}', 'a timeout too long for a timer is an hour, not an instant failure');
  });

  it('says a cancelled request was cancelled, before it went or while it waited', async () => {
    const server = await serve(() => undefined);
    const before = new AbortController();
    before.abort();
    const early = await failure(request(server.url, { signal: before.signal }));
    assert.deepEqual([early.kind, early.message], ['cancelled', 'The request was cancelled.']);
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    assert.equal((await failure(request(server.url, { signal: during.signal }))).kind, 'cancelled');
  });

  it('names what failed when nothing answers or the connection breaks mid-answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await failure(request(`http://127.0.0.1:${port}`));
    assert.deepEqual([refused.kind, refused.message], ['refused', `Nothing answers at 127.0.0.1:${port} (connection refused). Check the platform setting; for the local emulator, check that it is running.`]);
    const dns = await failure(request('http://qc-no-such-host.invalid'));
    assert.deepEqual([dns.kind, dns.message], ['dns', 'Cannot find qc-no-such-host.invalid (DNS lookup failed). Check the platform setting, your network and your proxy (http.proxy).']);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"ServiceResponse"');
      setImmediate(() => res.socket?.destroy());
    });
    const cut = await failure(request(server.url));
    assert.deepEqual([cut.kind, cut.message], ['network', `${host(server.url)} closed the connection before its answer was complete, so the answer could not be read. Check in Qualys whether the call took effect before sending it again.`]);
    const plain = await failure(request(server.url.replace('http:', 'https:')));
    assert.deepEqual([plain.kind, plain.message], ['network', `The request to ${host(server.url)} failed (EPROTO). Check your network and proxy settings.`], 'TLS spoken to a plain HTTP server');
  });

  it('says when the TLS certificate is not accepted (a self-signed one, a TLS-inspecting proxy)', async function () {
    const dir = tempDir('qc-tls-');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    } catch {
      this.skip(); // no openssl to make a certificate with
    }
    const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const at = `127.0.0.1:${(tls.address() as AddressInfo).port}`;
      const e = await failure(request(`https://${at}`));
      assert.deepEqual([e.kind, e.message], ['tls', `The TLS certificate of ${at} was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT). Check the platform URL; behind a TLS-inspecting proxy, give Node its CA (NODE_EXTRA_CA_CERTS) or see http.proxyStrictSSL.`]);
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });
});

describe('a request file sent (execute)', function () {
  this.timeout(20_000);
  const serve = serverPerTest();
  const KEY = 'Zq3+secretAuthKey/Value==';
  const wire = (more: Partial<WireRequest> = {}): WireRequest => ({ kind: 'azure', operation: 'create', byFilter: false, body: JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { name: 'n', authRecord: { applicationId: 'a', authenticationKey: KEY } } } } }), contentType: 'application/json', accept: 'application/json', ...more });
  const options = (url: string, password = 'pa55-word!'): ExecuteOptions => ({ platform: resolvePlatform('Custom', url) as ResolvedPlatform, credentials: { username: 'ann', password }, timeoutMs: 5000 });

  it('sends nothing without an operation, the id an operation needs, or credentials, and says which', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    await assert.rejects(execute(wire({ operation: undefined }), options(server.url)), (e: Error) => e instanceof SetupError && e.message === 'Which operation? Give one of create, update, get, search, delete, run.');
    await assert.rejects(execute(wire({ operation: 'get' }), options(server.url)), (e: Error) => e instanceof SetupError && /needs the id of the connector/.test(e.message));
    for (const credentials of [{ username: '', password: 'p' }, { username: 'ann', password: '' }]) {
      await assert.rejects(execute(wire(), { ...options(server.url), credentials }), (e: Error) => e instanceof SetupError && e.message === 'No credentials for this platform: set a username and password first.');
    }
    assert.equal(server.bodies.length, 0, 'nothing went');
  });

  it('sends the body to the operation\'s path, and masks the password and the body\'s keys in what a failure says', async () => {
    const server = await serve((req, res) => {
      if (req.url?.includes('/create/')) {
        res.writeHead(302, { Location: `https://evil.example/?p=pa55-word!&k=${KEY}` });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ServiceResponse": {"responseCode": "SUCCESS", "count": 0}}');
    });
    let failed: unknown;
    await execute(wire(), options(server.url)).catch((e: unknown) => (failed = e));
    assert.ok(failed instanceof NetworkError && failed.kind === 'redirect', String(failed));
    assert.equal(failed.message.includes(KEY) || failed.message.includes('pa55-word!'), false, failed.message);
    assert.match(failed.message, /\?p=••••••&k=••••••;/);
    assert.equal(server.bodies[0], wire().body, 'the body went as written');
    const done = await execute(wire({ operation: 'get', id: 7, body: undefined, contentType: undefined }), options(server.url));
    assert.deepEqual([done.url, done.line.method, done.response.status, done.body, done.secrets], [`${server.url}/qps/rest/3.0/get/am/azureassetdataconnector/7`, 'GET', 200, '{"ServiceResponse": {"responseCode": "SUCCESS", "count": 0}}', ['pa55-word!']]);
  });
});
