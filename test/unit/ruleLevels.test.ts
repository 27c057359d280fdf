import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { levelsFromFlags, levelsFromSetting, readRuleConfig, RuleLevels } from '../../server/src/core/ruleLevels';
import { run } from '../../server/src/cli/main';
import { readRuleConfigFile, RuleConfigResolver } from '../../server/src/workspace/ruleConfig';
import { tempDir } from '../harness';

const AWS = (extra: string): string => `ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "x"\n${extra}`;
const BAD_ARN = AWS('      arn: "arn:aws:iam:::12345678911/role:testrole"\n');
const codes = (text: string, file = 'a.qualys.yaml', levels?: RuleLevels): string[] => analyze(text, file, undefined, levels ? { rules: { levels } } : {}).findings.map((f) => `${f.severity} ${f.code}`);

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('rules users can tune', () => {
  describe('levels', () => {
    it('turns a code off, or changes its severity; the codes that say a file could not be checked stay', () => {
      assert.deepEqual(codes(BAD_ARN), ['warning suspicious-arn']);
      assert.deepEqual(codes(BAD_ARN, 'a.qualys.yaml', new Map([['suspicious-arn', 'off']])), []);
      assert.deepEqual(codes(BAD_ARN, 'a.qualys.yaml', new Map([['suspicious-arn', 'error']])), ['error suspicious-arn']);
      assert.deepEqual(codes('ServiceRequest: [', 'a.qualys.yaml', new Map([['syntax', 'off'], ['wrong-type', 'off']])), ['error syntax']);
    });

    it('leaves an opt-in rule off until a level turns it on', () => {
      const pcSca = AWS('      activation:\n        set:\n          ActivationModule: ["PC", "SCA"]\n      runFrequency: 500\n');
      assert.deepEqual(codes(pcSca), []);
      assert.deepEqual(codes(pcSca, 'a.qualys.yaml', new Map([['pc-with-sca', 'warning'], ['unlisted-run-frequency', 'information']])), ['warning pc-with-sca', 'information unlisted-run-frequency']);
    });

    it('checks flags and the setting: unknown codes (with a did-you-mean), unknown levels and fixed codes are refused by name', () => {
      assert.deepEqual(levelsFromFlags(['suspicious-arn=off', 'quoted-value = error']), { levels: new Map([['suspicious-arn', 'off'], ['quoted-value', 'error']]) });
      assert.deepEqual(levelsFromFlags(['suspicious-arm=off']), { problem: '--rule suspicious-arm=off: "suspicious-arm" is not a finding code. Did you mean "suspicious-arn"?' });
      assert.deepEqual(levelsFromFlags(['suspicious-arn']), { problem: '--rule suspicious-arn: write CODE=LEVEL, such as --rule suspicious-arn=off.' });
      assert.match(JSON.stringify(levelsFromFlags(['syntax=off'])), /syntax cannot be changed/);
      const setting = levelsFromSetting({ 'suspicious-arn': 'off', 'read-only-field': 'loud', nope: 'off', 'bad-record': 'off' });
      assert.deepEqual([...setting.levels], [['suspicious-arn', 'off']]);
      assert.equal(setting.problems.length, 3);
      assert.match(setting.problems[0], /"loud" is not a level for read-only-field: use error, warning, information or off/);
      assert.deepEqual(levelsFromSetting(['x']).problems, ['qualys.rules must be an object of finding codes and levels, such as { "suspicious-arn": "off" }.']);
    });
  });

  describe('.qualys-connector.json', () => {
    it('reads only rules; every other key, unknown code or level is a finding at its place', () => {
      const text = '{ "rules": { "suspicious-arn": "off", "nope": "off", "quoted-value": 3, "syntax": "off" }, "extends": "x" }';
      const read = readRuleConfig(text);
      assert.deepEqual([...read.levels], [['suspicious-arn', 'off']]);
      assert.deepEqual(
        read.findings.map((f) => [f.code, text.slice(f.span.start, f.span.end)]),
        [
          ['bad-rule-config', '"nope"'],
          ['bad-rule-config', '3'],
          ['bad-rule-config', '"syntax"'],
          ['bad-rule-config', '"extends"'],
        ],
      );
      assert.deepEqual(readRuleConfig('{ "rules": ').findings.map((f) => f.code).slice(-1), ['bad-rule-config']);
      assert.deepEqual(readRuleConfig('[]').findings.map((f) => f.message), ['.qualys-connector.json must be an object: { "rules": { "<code>": "error" | "warning" | "information" | "off" } }.']);
      assert.equal(readRuleConfig('{"rules": []}').levels.size, 0);
    });

    it('is read as hostile: a link, a folder or a file past 64 KiB is not used, and every request under it says why', () => {
      const root = tempDir('qc-rules-');
      const outside = tempDir('qc-rules-out-');
      writeFileSync(join(outside, 'rules.json'), '{"rules": {"missing-field": "off"}}');
      const cases: [string, () => void, RegExp][] = [
        ['link', () => symlinkSync(join(outside, 'rules.json'), join(root, 'link', '.qualys-connector.json')), /is a symbolic link: the rule settings file must be a regular file in the workspace/],
        ['folder', () => mkdirSync(join(root, 'folder', '.qualys-connector.json')), /is not a regular file/],
        ['huge', () => writeFileSync(join(root, 'huge', '.qualys-connector.json'), `{"rules": {}, "x": "${'a'.repeat(70_000)}"}`), /more than the 65536/],
      ];
      const resolver = new RuleConfigResolver();
      for (const [name, make, problem] of cases) {
        mkdirSync(join(root, name));
        make();
        const file = join(root, name, 'a.qualys.yaml');
        const settings = resolver.settingsFor(file, root);
        assert.equal(settings.levels.size, 0, name);
        assert.match(settings.problem ?? '', problem, name);
        const findings = analyze(AWS(''), file, undefined, { rules: settings }).findings;
        assert.deepEqual(findings.map((f) => f.code), ['bad-rule-config'], name);
        const read = resolver.configFor(file, root);
        assert.deepEqual([read?.findings, read?.text], [[], ''], `${name}: nothing of a refused file is shown on it`);
      }
      assert.equal(readRuleConfigFile(join(root, 'none.json'), root).problem, 'none.json could not be read. Its rule levels do not apply.');
    });
  });

  describe('inline suppressions', () => {
    it('in YAML: a comment suppresses the codes it names on the next line only', () => {
      const text = AWS('      # qualys-ignore-next-line suspicious-arn\n      arn: "arn:aws:iam:::12345678911/role:testrole"\n');
      assert.deepEqual(codes(text), []);
      const twoLinesDown = AWS('      # qualys-ignore-next-line suspicious-arn\n      description: "d"\n      arn: "arn:aws:iam:::12345678911/role:testrole"\n');
      assert.deepEqual(codes(twoLinesDown), ['information unused-suppression', 'warning suspicious-arn']);
    });

    it('in XML, with several codes', () => {
      const xml = '<ServiceRequest><data><AwsAssetDataConnector>\n<!-- qualys-ignore-next-line suspicious-arn, read-only-field -->\n<arn>arn:aws:iam:::1/role:x</arn><id>5</id>\n</AwsAssetDataConnector></data></ServiceRequest>';
      assert.deepEqual(codes(xml, 'a.qualys.xml'), []);
    });

    it('says when a suppression does nothing: a finding already gone, a code that does not exist, a code that cannot be suppressed', () => {
      const text = AWS('      # qualys-ignore-next-line suspicious-arm, syntax\n      arn: "arn:aws:iam::123456789012:role/Good"\n');
      const findings = analyze(text, 'a.qualys.yaml').findings;
      assert.deepEqual(
        findings.map((f) => [f.code, f.message]),
        [
          ['unused-suppression', '"suspicious-arm" is not a finding code: did you mean "suspicious-arn"?'],
          ['unused-suppression', 'syntax cannot be suppressed.'],
        ],
      );
      assert.equal(text.slice(findings[0].span.start, findings[0].span.end), 'suspicious-arm');
    });

    it('is not read from JSON, which Qualys parses strictly (a comment there is a syntax error)', () => {
      assert.deepEqual(codes('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x", "arn": "arn:aws:iam:::1/role:x"}}}}', 'a.qualys.json'), ['warning suspicious-arn']);
    });
  });

  describe('validate', () => {
    it('honours the project file and --rule over it, lists the file\'s own mistakes, and SARIF carries the levels', async () => {
      const dir = tempDir('qc-rules-cli-');
      mkdirSync(join(dir, '.git'));
      writeFileSync(join(dir, 'a.qualys.yaml'), BAD_ARN + '      id: 5\n');
      writeFileSync(join(dir, '.qualys-connector.json'), '{"rules": {"suspicious-arn": "error", "nope": "off"}}');
      const first = await cli(dir, 'validate', 'a.qualys.yaml');
      assert.equal(first.code, 1);
      assert.deepEqual(first.out.split('\n').map((l) => /^\S+ \S+ [a-z-]+/.exec(l)?.[0]), [
        '.qualys-connector.json:1:39: error bad-rule-config',
        'a.qualys.yaml:5:12: error suspicious-arn',
        'a.qualys.yaml:6:7: warning read-only-field',
      ]);
      writeFileSync(join(dir, '.qualys-connector.json'), '{"rules": {"suspicious-arn": "error"}}');
      const flagged = await cli(dir, 'validate', '--rule', 'suspicious-arn=off', '--rule', 'read-only-field=information', 'a.qualys.yaml');
      assert.equal(flagged.code, 0);
      assert.deepEqual(flagged.out.split('\n').map((l) => /^\S+ \S+ [a-z-]+/.exec(l)?.[0]), ['a.qualys.yaml:6:7: info read-only-field']);
      const sarif = JSON.parse((await cli(dir, 'validate', '--format', 'sarif', 'a.qualys.yaml')).out) as { runs: { results: { ruleId: string; level: string }[]; tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } } }[] };
      assert.deepEqual(sarif.runs[0].results.map((r) => [r.ruleId, r.level]), [['suspicious-arn', 'error'], ['read-only-field', 'warning']]);
      assert.deepEqual(sarif.runs[0].tool.driver.rules.find((r) => r.id === 'suspicious-arn')?.defaultConfiguration, { level: 'warning' });
      const bad = await cli(dir, 'validate', '--rule', 'nope=off', 'a.qualys.yaml');
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--rule nope=off: "nope" is not a finding code/);
    });

    it('--explain prints a code\'s rule and sources; an unknown code is a usage error with a did-you-mean', async () => {
      const dir = tempDir('qc-rules-explain-');
      const ok = await cli(dir, 'validate', '--explain', 'empty-set');
      assert.equal(ok.code, 0);
      assert.match(ok.out, /^empty-set: /);
      assert.match(ok.out, /third-party: sjackson0109\/terraform-provider-qualys/);
      const bad = await cli(dir, 'validate', '--explain', 'empty-sets');
      assert.equal(bad.code, 2);
      assert.match(bad.err, /"empty-sets" is not a finding code\. Did you mean "empty-set"\?/);
    });
  });
});

describe('the rule files of many requests', () => {
  it('reads a rule file once, again when it changes on disk or is invalidated, and says why a refused one does not apply', () => {
    const root = tempDir('qc-rules-cache-');
    const rules = join(root, '.qualys-connector.json');
    const file = join(root, 'a.qualys.yaml');
    writeFileSync(rules, '{"rules": {"suspicious-arn": "off"}}');
    const resolver = new RuleConfigResolver();
    assert.deepEqual([...resolver.settingsFor(file, root).levels], [['suspicious-arn', 'off']]);
    assert.equal(resolver.configFor(file, root), resolver.configFor(file, root), 'the same read, not a new one');
    writeFileSync(rules, '{"rules": {"suspicious-arn": "error", "quoted-value": "off"}}');
    assert.deepEqual([...resolver.settingsFor(file, root).levels], [['suspicious-arn', 'error'], ['quoted-value', 'off']], 'a changed file is read again');
    const before = resolver.configFor(file, root);
    resolver.invalidate(rules);
    assert.notEqual(resolver.configFor(file, root), before, 'invalidated: read again');
    const read = resolver.configFor(file, root);
    resolver.invalidate();
    assert.notEqual(resolver.configFor(file, root), read, 'all invalidated: read again');
    assert.deepEqual([...resolver.settingsFor(file, root, new Map([['quoted-value', 'warning']])).levels], [['suspicious-arn', 'error'], ['quoted-value', 'warning']], 'a setting or flags over the file');
    assert.equal(resolver.configFor(join(tempDir('qc-rules-none-'), 'b.qualys.yaml'), root), undefined, 'a file outside the root has none');
    mkdirSync(join(root, 'sub'));
    mkdirSync(join(root, 'sub', '.qualys-connector.json'));
    assert.equal(resolver.settingsFor(join(root, 'sub', 'c.qualys.yaml'), root).problem, '.qualys-connector.json is not a regular file, so it is not used. Its rule levels do not apply.');
  });
});
