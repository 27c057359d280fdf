import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { explainCode, FINDING_CODES, FindingCode } from '../../server/src/core/findingCodes';
import { run } from '../../server/src/cli/main';
import { FIXTURES, marked } from './helpers';
import { tempDir } from '../harness';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; shortDescription: { text: string }; help: { text: string } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Region } }[] }[];
  }[];
}

const FIXTURE = 'azure-create-cps-bad-date-time.yaml';

/** validate --format sarif in-process, in `cwd`. */
async function sarif(cwd: string, ...files: string[]): Promise<{ code: number; text: string; log: SarifLog }> {
  const out: string[] = [];
  const code = await run(['validate', '--format', 'sarif', ...files], { out: (l) => out.push(l), err: () => undefined, cwd });
  const text = out.join('\n');
  return { code, text, log: JSON.parse(text) as SarifLog };
}

/** 1-based line and column (UTF-16 units) of an offset, as SARIF counts them. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('validate --format sarif', () => {
  let dir: string;
  let fixtureText: string;
  let spans: { start: number; end: number }[];
  before(() => {
    dir = tempDir('qc-sarif-');
    ({ text: fixtureText, spans } = marked(readFileSync(join(FIXTURES, 'invalid', FIXTURE), 'utf8')));
    mkdirSync(join(dir, 'my requests'));
    writeFileSync(join(dir, 'my requests', FIXTURE), fixtureText);
    writeFileSync(join(dir, 'good.qualys.json'), readFileSync(join(FIXTURES, 'valid', 'aws-create-gov-cloud.json')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names no absolute path: the base of its relative URIs has no URI of its own, as code scanning expects (the repository)', async () => {
    const { text, log } = await sarif(dir, `my requests/${FIXTURE}`);
    assert.ok(!text.includes(dir), 'the working folder is not in the log');
    assert.doesNotMatch(text, /file:/);
    const run = log.runs[0] as SarifLog['runs'][0] & { originalUriBaseIds?: Record<string, { uri?: string; description?: { text: string } }> };
    assert.equal(run.originalUriBaseIds?.SRCROOT?.uri, undefined);
    assert.match(run.originalUriBaseIds?.SRCROOT?.description?.text ?? '', /folder validate ran in/);
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, `my%20requests/${FIXTURE}`);
  });

  it('is a SARIF 2.1.0 log: the tool, a rule per code with its help, a result per finding with level and message', async () => {
    const { code, log } = await sarif(dir, `my requests/${FIXTURE}`, 'good.qualys.json');
    assert.equal(code, 1, 'errors found: exit 1, as with the other formats');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'qualys-connector');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.equal(driver.informationUri, 'https://github.com/qualys-connector-tools/qualys-connector#readme', "the package's homepage, from package.json");
    assert.deepEqual(driver.rules.map((r) => r.id), ['date-day-first', 'invalid-enum', 'invalid-format', 'unknown-timezone']);
    for (const rule of driver.rules) {
      assert.equal(rule.shortDescription.text, FINDING_CODES[rule.id]);
      assert.equal(rule.help.text, explainCode(rule.id as FindingCode));
      assert.match(rule.help.text, /Sources/);
    }
    const results = log.runs[0].results;
    assert.deepEqual(results.map((r) => [r.ruleId, r.level]), [['invalid-enum', 'error'], ['date-day-first', 'warning'], ['invalid-format', 'error'], ['unknown-timezone', 'error']]);
    for (const r of results) {
      assert.equal(driver.rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at the rule');
      assert.ok(r.message.text.length > 10, r.message.text);
      assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, `my%20requests/${FIXTURE}`, 'relative to the working folder, as a URI');
    }
  });

  it('puts each result on the exact span the fixture marks, 1-based, end exclusive', async () => {
    const { log } = await sarif(dir, `my requests/${FIXTURE}`);
    const regions = log.runs[0].results.map((r) => r.locations[0].physicalLocation.region);
    const expected = spans.map(({ start, end }) => {
      const s = position(fixtureText, start);
      const e = position(fixtureText, end);
      return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
    });
    assert.deepEqual(regions, expected);
    assert.deepEqual(regions[0], { startLine: 18, startColumn: 28, endLine: 18, endColumn: 36 }, 'THURSDAY, by hand');
  });

  it('holds no secret of the file it checks', async () => {
    const { text } = await sarif(dir, `my requests/${FIXTURE}`);
    const key = /authenticationKey: (\S+)/.exec(fixtureText)?.[1] ?? '';
    assert.ok(key.length > 10);
    assert.ok(!text.includes(key), 'the Azure authenticationKey is not in the log');
  });

  it('an empty log when nothing is found: no rules, no results, exit 0', async () => {
    const { code, log } = await sarif(dir, 'good.qualys.json');
    assert.equal(code, 0);
    assert.deepEqual([log.runs[0].tool.driver.rules, log.runs[0].results], [[], []]);
  });

  it('describes every code the fixtures raise and every code the README lists', () => {
    const raised = new Set<string>();
    for (const sub of ['valid', 'invalid']) {
      for (const name of readdirSync(join(FIXTURES, sub)).filter((f) => /\.(xml|json|ya?ml)$/.test(f) && f !== 'cases.json')) {
        for (const f of analyze(marked(readFileSync(join(FIXTURES, sub, name), 'utf8')).text, name).findings) raised.add(f.code);
      }
    }
    const readme = readFileSync(join(FIXTURES, '../../README.md'), 'utf8');
    const listed = readme.split('\n').filter((l) => l.startsWith('| `')).flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
    assert.ok(raised.size >= 15 && listed.length >= 30, `${raised.size} raised, ${listed.length} listed`);
    for (const code of [...raised, ...listed.filter((c) => /^[a-z]+(-[a-z]+)*$/.test(c) && !c.startsWith('qualys'))]) assert.ok(FINDING_CODES[code], `no description for ${code}`);
  });
});
