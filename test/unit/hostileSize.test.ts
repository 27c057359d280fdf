import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { MAX_DOCUMENT_SIZE } from '../../server/src/core/limits';
import { readYamlFast } from '../../server/src/core/parse/yamlFast';
import { oversized, within } from '../fuzz/hostile';
import { tempDir } from '../harness';

const CLI = join(__dirname, '../../../dist/cli.js');

describe('files past the size limit', () => {
  describe('size', () => {
    it(`refuses a request past ${MAX_DOCUMENT_SIZE / 1048576} MiB with one finding (9.6 s and 2.1 GB for 50 MB before)`, () => {
      const text = oversized(50 * 1024 * 1024, 'xml');
      const a = within(1000, 'analysis', () => analyze(text, 'big.qualys.xml'));
      assert.deepEqual(a.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), ['error too-large: This file is 50.0 MiB; requests are checked up to 2 MiB (a connector request is a few KB), so it is not checked.']);
      assert.deepEqual(a.findings[0].span, { start: 0, end: text.indexOf('\n') });
    });

    it('checks a request just under the limit in under a second, in every format', () => {
      for (const format of ['xml', 'json', 'yaml'] as const) {
        const text = oversized(MAX_DOCUMENT_SIZE - 1, format);
        assert.equal(text.length, MAX_DOCUMENT_SIZE - 1);
        const a = within(1000, `analysis of ${format}`, () => analyze(text, `big.qualys.${format}`));
        assert.deepEqual(a.findings, [], format);
        const description = (a.bound?.value as { ServiceRequest: { data: { AwsAssetDataConnector: { description: string } } } }).ServiceRequest.data.AwsAssetDataConnector.description;
        assert.ok(/^x+$/.test(description) && description.length > MAX_DOCUMENT_SIZE - 1000, format);
      }
    });

    it('reads a quoted 4 MB YAML value in linear time (a string per character took over a second)', () => {
      const text = oversized(4 * 1024 * 1024, 'yaml');
      assert.ok(text.includes('description: "xxx'), 'the value is quoted');
      const read = within(300, 'the fast YAML parser', () => readYamlFast(text));
      assert.ok(!('stoppedAt' in read));
    });

    it('leaves a large file alone when it is not a request', () => {
      assert.deepEqual(analyze(`{"name": "${'x'.repeat(MAX_DOCUMENT_SIZE)}"}`, 'package.json').findings, []);
    });
  });

  describe('the CLI', () => {
    let dir: string;
    before(() => {
      dir = tempDir('qc-hostile-');
      writeFileSync(join(dir, 'big.qualys.xml'), oversized(50 * 1024 * 1024, 'xml'));
    });
    const run = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, ['--max-old-space-size=300', CLI, 'validate', ...args], { cwd: dir, encoding: 'utf8', timeout: 8000 });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    it('refuses a 50 MB file with one finding, without reading it whole', () => {
      const r = run(['big.qualys.xml']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout.trim(), 'big.qualys.xml:1:1: error too-large: This file is 50.0 MiB; requests are checked up to 2 MiB (a connector request is a few KB), so it is not checked.');
    });

    it('refuses a named pipe and a device instead of waiting on them forever', () => {
      assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.qualys.yaml')]).status, 0, 'mkfifo');
      const r = run(['pipe.qualys.yaml', '/dev/zero']);
      assert.equal(r.code, 2, `exit ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, /cannot read pipe\.qualys\.yaml: it is a named pipe, not a request file/);
      assert.match(r.stderr, /cannot read \/dev\/zero: it is a device, not a request file/);
    });
  });
});
