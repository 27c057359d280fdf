import assert from 'node:assert/strict';
import { Answer, cli, Hostile, serverPerTest } from './hostileServer';
import { tempDir } from '../harness';

const ENV = { QUALYS_USERNAME: 'tester', QUALYS_PASSWORD: 'S3cret-Pa55word!' };
const GET = (url: string, ...more: string[]): string[] => ['send', '--operation', 'get', '--id', '7', '--kind', 'aws', '--base-url', url, ...more];
const SUCCESS_JSON = '{"ServiceResponse": {"responseCode": "SUCCESS", "count": 1, "data": [{"AwsAssetDataConnector": {"id": 7, "name": "n"}}]}}';
const SUCCESS_XML = '<?xml version="1.0" encoding="UTF-8"?><ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><data><AwsAssetDataConnector><id>7</id><name>n</name></AwsAssetDataConnector></data></ServiceResponse>';

describe('answers from a hostile server: cut off, malformed, slow, huge', function () {
  this.timeout(30000);
  const cwd = tempDir('qc-hostile-');
  const start = serverPerTest();
  /** The test's server: closed when the test ends; a test may close it early to start another. */
  let server: Hostile | undefined;
  const serve = async (answer: Answer): Promise<string> => {
    server = await start(answer);
    return server.url;
  };

  for (const [format, whole] of [['JSON', SUCCESS_JSON], ['XML', SUCCESS_XML]] as const) {
    it(`a 200 ${format} SUCCESS cut in the middle is an error, not SUCCESS`, async () => {
      const cut = whole.slice(0, whole.indexOf('"name"') > 0 ? whole.indexOf('"name"') : whole.indexOf('<name>'));
      const url = await serve((_req, res) => res.writeHead(200, { 'Content-Type': format === 'JSON' ? 'application/json' : 'text/xml' }).end(cut));
      const r = await cli(GET(url), ENV, cwd);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`→ HTTP 200 · Unreadable answer`));
      assert.match(r.stderr, new RegExp(`could not be read as ${format}: .* \\(line 1\\)\\. It may have been cut off`));
      assert.doesNotMatch(r.stderr, /· SUCCESS ·/);
    });
  }

  it('the whole answer still reads as SUCCESS (the control case)', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(SUCCESS_JSON));
    const r = await cli(GET(url, '--timeout', '3600'), ENV, cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /HTTP 200 · SUCCESS · id 7/);
  });

  it('a connection closed in the middle of the answer is an error, never SUCCESS', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(SUCCESS_JSON);
      setImmediate(() => res.socket?.destroy());
    });
    const r = await cli(GET(url), ENV, cwd);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /closed the connection before its answer was complete/);
    await server?.close();
    // With a Content-Length, node-fetch 2 does not notice the close: the send ends at its timeout, as an error.
    const declared = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(SUCCESS_JSON.length + 100) });
      res.write(SUCCESS_JSON);
      setImmediate(() => res.socket?.destroy());
    });
    const d = await cli(GET(declared, '--timeout', '1'), ENV, cwd);
    assert.equal(d.code, 1, d.stderr);
    assert.match(d.stderr, /began answering but did not finish within 1 s/);
  });

  it('a server that trickles its answer cannot hold send --timeout 1 past its timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"ServiceResponse": {');
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    const r = await cli(GET(url, '--timeout', '1'), ENV, cwd);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /began answering but did not finish within 1 s/);
    assert.ok(r.ms < 8000, `took ${r.ms} ms`);
  });

  it('an answer past 20 MB is refused, whether it says so or floods', async () => {
    const declared = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(21 * 1024 * 1024) }).end());
    const early = await cli(GET(declared), ENV, cwd);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /The answer is larger than 20 MB/);
    await server?.close();
    const flood = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    const r = await cli(GET(flood, '--timeout', '60'), ENV, cwd);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The answer is larger than 20 MB/);
  });

  it('refuses a --timeout Node cannot keep, or that is not a number, before sending anything', async () => {
    const url = await serve((_req, res) => res.end(SUCCESS_JSON));
    for (const t of ['3000000', '3601', 'Infinity', '0', '-5', '1e3', 'abc']) {
      const r = await cli(GET(url, '--timeout', t), ENV, cwd);
      assert.equal(r.code, 2, t);
      assert.match(r.stderr, new RegExp(`--timeout must be a number of seconds above 0 and at most 3600; got "${t}"`), t);
    }
    assert.equal(server?.bodies.length, 0, 'nothing was sent');
  });
});
