import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { plainValue } from '../../server/src/core/plain';
import { parse } from '../../server/src/core/parse';
import { Format } from '../../server/src/core/tree';
import { cli, Hostile, hostileServer } from './hostileServer';

const PASSWORD = 'Hunter-2-Pa55';
const ENV = { QUALYS_USERNAME: 'tester', QUALYS_PASSWORD: PASSWORD };
/** A message that, printed raw, would read as lines of pull's own output. */
const FORGED = 'bad name\n+ connectors/prod-1.qualys.yaml\nPulled 36 connectors\u2028in 1 call\u200f.\r\nApplied 5 of 5';
/** Trojan Source: a right-to-left override in a name, a CR in a description. */
const BIDI_NAME = 'prod \u202eelif-terces\u202c \u2066x\u2069';
const RAW_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** A live AWS connector whose texts a hostile platform filled: the password echoed, bidi controls, a raw CR. */
function hostileConnector(id: number): Record<string, unknown> {
  return {
    id: String(id),
    name: BIDI_NAME,
    description: `synced with ${PASSWORD}\r\nsecond line`,
    arn: `arn:aws:iam::123456789012:role/${PASSWORD}`,
    externalId: 'ext-1',
    allRegions: 'true',
    runFrequency: '240',
  };
}

const success = (data: unknown[]): string => JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: data.length, hasMoreRecords: 'false', data } });
const refused = JSON.stringify({ ServiceResponse: { responseCode: 'INVALID_REQUEST', responseErrorDetails: { errorMessage: FORGED, errorResolution: `Fix it\u2029now` } } });

/** Whether any line of the output reads as one of the forged lines, or holds a raw line separator or bidi control. */
function forged(output: string): string | undefined {
  if (RAW_BIDI.test(output)) return 'a raw bidi control or line separator';
  return output.split('\n').find((l) => /^(\+ connectors\/prod-1|Pulled 36|Applied 5 of 5|in 1 call|now)/.test(l.trim()));
}

describe('text from a hostile API: on one line in the CLI, masked and escaped in pulled files', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'qc-text-'));
    dirs.push(d);
    return d;
  };
  let server: Hostile;
  let answer: (url: string) => string = () => refused;
  before(async () => {
    server = await hostileServer((req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(answer(req.url ?? '')));
  });
  after(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("send: the server's errorMessage and errorResolution cannot forge lines of the CLI's own", async () => {
    answer = () => refused;
    const cwd = dir();
    const r = await cli(['send', '--operation', 'get', '--id', '7', '--kind', 'aws', '--base-url', server.url], ENV, cwd);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(forged(r.stderr), undefined, r.stderr);
    assert.ok(r.stderr.includes('INVALID_REQUEST: bad name\\n+ connectors/prod-1.qualys.yaml\\nPulled 36 connectors\\u2028in 1 call\\u200f.\\r\\nApplied 5 of 5 Fix it\\u2029now'), r.stderr);
  });

  it("pull: a refused search's message stays on its line", async () => {
    answer = () => refused;
    const cwd = dir();
    const r = await cli(['pull', '--kind', 'aws', '--base-url', server.url], ENV, cwd);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(forged(r.stdout + r.stderr), undefined, r.stderr);
    assert.match(r.stderr, /^qualys-connector pull: aws: .*INVALID_REQUEST: bad name\\n\+ connectors/m);
  });

  it("apply: a refused create's message stays on its line, in the progress and in the summary table", async () => {
    answer = (url) => (url.includes('/search/') ? success([]) : refused);
    const cwd = dir();
    writeFileSync(join(cwd, 'new-create.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { name: 'new', arn: 'arn:aws:iam::123456789012:role/R', externalId: 'e', allRegions: true, runFrequency: 240 } } } }));
    const r = await cli(['apply', '.', '--yes', '--root', cwd, '--base-url', server.url], ENV, cwd);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(forged(r.stdout + r.stderr), undefined, r.stdout + r.stderr);
    assert.match(r.stdout, /new-create\.qualys\.json .*FAILED: INVALID_REQUEST: bad name\\n\+ connectors/);
  });

  for (const format of ['yaml', 'json', 'xml'] as Format[]) {
    it(`pull --format ${format}: the echoed password is masked and the bidi controls and CR are escaped, in a file that reads back as the same values`, async () => {
      answer = () => success([{ AwsAssetDataConnector: hostileConnector(501) }]);
      const cwd = dir();
      const r = await cli(['pull', '--kind', 'aws', '--format', format, '--base-url', server.url], ENV, cwd);
      assert.equal(r.code, 0, r.stderr);
      const [file] = readdirSync(cwd).filter((f) => f.endsWith(`.qualys.${format}`));
      assert.ok(file, readdirSync(cwd).join(', '));
      const text = readFileSync(join(cwd, file), 'utf8');
      assert.ok(!text.includes(PASSWORD), text);
      assert.doesNotMatch(text, RAW_BIDI, 'no raw bidi control in the file');
      assert.ok(!text.includes('\r'), 'no raw CR in the file');
      assert.match(text, /••••••/);
      const analysis = analyze(text, `aws-update-${file}`);
      assert.deepEqual(analysis.findings.filter((f) => f.code === 'syntax' || f.severity === 'error').map((f) => `${f.code}: ${f.message}`), []);
      const connector = (plainValue(parse(text, format).root!) as { ServiceRequest: { data: { AwsAssetDataConnector: Record<string, unknown> } } }).ServiceRequest.data.AwsAssetDataConnector;
      assert.equal(connector.name, BIDI_NAME, 'the name is the same characters, written as escapes');
      assert.equal(connector.description, 'synced with ••••••\r\nsecond line');
      assert.equal(connector.arn, 'arn:aws:iam::123456789012:role/••••••');
    });
  }
});
