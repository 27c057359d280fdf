import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../harness';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');

/** Runs the bundled CLI as a real process, as a CI pipeline would. */
function cli(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('qualys-connector validate (the bundled CLI)', () => {
  let dir: string;
  before(() => {
    dir = tempDir('qc-cli-');
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { naem: 'x', runFrequency: 'often' } } } }, null, 2),
    );
    writeFileSync(join(dir, 'good.xml'), '<ServiceRequest><data><AwsAssetDataConnector><name>ok</name></AwsAssetDataConnector></data></ServiceRequest>');
    writeFileSync(join(dir, 'other.json'), '{"compilerOptions": {}}');
  });

  it('exits 0 on the documentation samples and reports their warnings', () => {
    const r = cli(['validate', 'test/fixtures/valid/*.{xml,json,yaml}']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^test\/fixtures\/valid\/azure-create-cps\.xml:\d+:\d+: warning date-day-first: /m);
    assert.match(r.stderr, /45 files checked: 0 errors, \d+ warnings\./);
  });

  it('prints path:line:col: severity code: message and exits 1 on errors', () => {
    const r = cli(['validate', 'bad.json', 'good.xml', 'other.json'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      'bad.json:5:9: error unknown-field: Unknown field "naem" in AwsAssetDataConnector. Did you mean "name"?',
      'bad.json:6:25: error wrong-type: runFrequency must be an integer (minutes); found "often".',
    ]);
  });

  it('prints LSP diagnostics as JSON with 0-based ranges', () => {
    const r = cli(['validate', '--format', 'json', 'bad.json', 'other.json'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { file: string; diagnostics: { range: { start: { line: number; character: number } }; code: string; source: string; severity: number }[] }[];
    assert.deepEqual(out.map((f) => f.file), ['bad.json', 'other.json']);
    assert.deepEqual(out[0].diagnostics[0].range.start, { line: 4, character: 8 });
    assert.equal(out[0].diagnostics[0].code, 'unknown-field');
    assert.equal(out[0].diagnostics[0].source, 'qualys');
    assert.equal(out[0].diagnostics[0].severity, 1);
    assert.deepEqual(out[1].diagnostics, [], 'a file that is not a request gets no findings');
  });

  it('exits 2 with a clear message on usage and read errors', () => {
    const missing = cli(['validate', 'nope.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope\.json: no such file/);
    const noMatch = cli(['validate', '*.yaml'], dir);
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /No file matches \*\.yaml/);
    const badFormat = cli(['validate', '--format', 'xml', 'bad.json'], dir);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be one of text, json, sarif; got "xml"/);
    const noArgs = cli(['validate'], dir);
    assert.equal(noArgs.code, 2);
    assert.match(noArgs.stderr, /Name at least one file/);
    const unknown = cli(['frobnicate'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
  });

  it('checks the request files under a folder, as the README\'s first command does (validate examples/)', () => {
    const r = cli(['validate', 'examples/']);
    assert.equal(r.code, 1, 'examples/mistakes.qualys.yaml has errors on purpose');
    const files = new Set(r.stdout.trim().split('\n').map((l) => l.split(':')[0]));
    assert.deepEqual([...files], ['examples/mistakes.qualys.yaml']);
    const requests = readdirSync(join(ROOT, 'examples')).filter((f) => /\.qualys\.(xml|json|ya?ml)$/.test(f)).length;
    assert.ok(r.stderr.includes(`${requests} files checked: `), r.stderr);
    const empty = tempDir('qc-cli-');
    writeFileSync(join(empty, 'notes.json'), '{}');
    const none = cli(['validate', empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No request files \(\*\.qualys\.xml, \.json, \.yaml or \.yml\) in /);
  });

  it('takes a file whose name holds glob characters as itself, never as a pattern for other files', () => {
    const base = tempDir('qc-cli-');
    writeFileSync(join(base, 'prod[eu].qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { naem: 'x' } } } }));
    // As a pattern, prod[eu].qualys.json also stands for prode.qualys.json: it must not be checked.
    writeFileSync(join(base, 'prode.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { naem: 'y' } } } }));
    const r = cli(['validate', 'prod[eu].qualys.json'], base);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^prod\[eu\]\.qualys\.json:1:\d+: error unknown-field/m);
    assert.ok(!r.stdout.includes('prode.qualys.json'), r.stdout);
    assert.match(r.stderr, /^1 file checked/m);
  });
});
