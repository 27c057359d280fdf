import assert from 'node:assert/strict';
import { Finding } from '../../server/src/core/finding';
import { describeCode, explainCode, FindingCode, RULE_TABLE } from '../../server/src/core/findingCodes';
import { applySuppressions, checkLevel, levelsFromFlags, levelsFromSetting, readRuleConfig, suppressionComment } from '../../server/src/core/ruleLevels';

/** A finding of `code` at `text`'s first `at`, as a check would give it. */
function finding(text: string, at: string, code: FindingCode = 'suspicious-arn'): Finding {
  const start = text.indexOf(at);
  assert.ok(start >= 0, at);
  return { span: { start, end: start + at.length }, severity: 'warning', code, message: `${code} here` };
}

/** What is left of `found` after the comments of `text`: each finding's code and the text it covers. */
function left(text: string, format: 'yaml' | 'xml' | 'json', found: Finding[]): [string, string, string][] {
  return applySuppressions(found, text, format).map((f) => [f.code, text.slice(f.span.start, f.span.end), f.message]);
}

/** The words a user reads for each way a level, a flag, a setting or a rule file is wrong; and suppressions at their edges. */
describe('rule levels and suppressions at their edges', () => {
  it('names a level that is not one as the user wrote it: quoted text, JSON of anything else, cut to 40 characters', () => {
    const problem = (level: unknown): string => {
      const r = checkLevel('suspicious-arn', level);
      return 'problem' in r ? r.problem : 'accepted';
    };
    assert.equal(problem('loud'), '"loud" is not a level for suspicious-arn: use error, warning, information or off.');
    assert.equal(problem(3), '3 is not a level for suspicious-arn: use error, warning, information or off.');
    assert.equal(problem(undefined), 'undefined is not a level for suspicious-arn: use error, warning, information or off.');
    assert.equal(problem({ level: 'x'.repeat(60) }), `{"level":"${'x'.repeat(30)} is not a level for suspicious-arn: use error, warning, information or off.`);
    assert.equal(problem('warning'), 'accepted');
    const unknown = checkLevel('zzzzzzzzzzzzzzzz', 'off');
    assert.deepEqual(unknown, { problem: '"zzzzzzzzzzzzzzzz" is not a finding code. See qualys-connector validate --explain.' });
  });

  it('reads --rule flags only as CODE=LEVEL, an empty code included, and says which flag is wrong', () => {
    assert.deepEqual(levelsFromFlags(['suspicious-arn']), { problem: '--rule suspicious-arn: write CODE=LEVEL, such as --rule suspicious-arn=off.' });
    const empty = levelsFromFlags(['=off']);
    assert.ok('problem' in empty && empty.problem.startsWith('--rule =off: "" is not a finding code'), JSON.stringify(empty));
    assert.deepEqual(levelsFromFlags([' suspicious-arn = off ']), { levels: new Map([['suspicious-arn', 'off']]) });
  });

  it('takes a setting of null or none as no levels, refuses a list or a scalar, and reads at most twice as many entries as there are codes', () => {
    for (const none of [undefined, null]) assert.deepEqual(levelsFromSetting(none), { levels: new Map(), problems: [] });
    for (const wrong of [['suspicious-arn'], 'off', 7]) assert.deepEqual(levelsFromSetting(wrong).problems, ['qualys.rules must be an object of finding codes and levels, such as { "suspicious-arn": "off" }.']);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`not-a-code-${i}`, 'off']));
    const read = levelsFromSetting(many);
    assert.ok(read.problems.length > 0 && read.problems.length < 1000, `${read.problems.length} entries read of 5,000`);
    assert.equal(read.problems[0], 'qualys.rules: "not-a-code-0" is not a finding code. See qualys-connector validate --explain.');
  });

  it('says what is wrong with a rule file, on the key or value at fault, and reads no level from a broken one', () => {
    const said = (text: string): [string, string, string][] => readRuleConfig(text).findings.map((f) => [f.code, text.slice(f.span.start, f.span.end), f.message]);
    assert.deepEqual(said(''), [['bad-rule-config', '', '.qualys-connector.json is empty: write { "rules": { "<code>": "off" } }.']]);
    const broken = said('{"rules": {"suspicious-arn": "off"');
    assert.equal(broken.at(-1)?.[2], '.qualys-connector.json is not valid JSON, so no rule level is read from it.');
    assert.equal(broken.at(-1)?.[0], 'bad-rule-config');
    assert.equal(broken[0][0], 'syntax');
    assert.equal(readRuleConfig('{"rules": {"suspicious-arn": "off"').levels.size, 0);
    assert.deepEqual(said('[1]'), [['bad-rule-config', '[1]', '.qualys-connector.json must be an object: { "rules": { "<code>": "error" | "warning" | "information" | "off" } }.']]);
    assert.deepEqual(said('{"extends": "x", "rules": ["off"]}'), [
      ['bad-rule-config', '"extends"', 'Only "rules" is read from .qualys-connector.json; "extends" is not.'],
      ['bad-rule-config', '["off"]', '"rules" must be an object of finding codes and levels, such as { "suspicious-arn": "off" }.'],
    ]);
    assert.deepEqual(said('{"rules": {"syntax": "off", "suspicous-arn": "off", "suspicious-arn": 1}}'), [
      ['bad-rule-config', '"syntax"', 'syntax cannot be changed: it says the file could not be checked, or that the tool\'s own files are broken.'],
      ['bad-rule-config', '"suspicous-arn"', '"suspicous-arn" is not a finding code. Did you mean "suspicious-arn"?'],
      ['bad-rule-config', '1', '1 is not a level for suspicious-arn: use error, warning, information or off.'],
    ]);
  });

  it('writes the comment a quick fix adds, in YAML and XML, and none in JSON', () => {
    assert.equal(suppressionComment('yaml', ['suspicious-arn', 'read-only-field']), '# qualys-ignore-next-line suspicious-arn, read-only-field');
    assert.equal(suppressionComment('xml', ['suspicious-arn']), '<!-- qualys-ignore-next-line suspicious-arn -->');
    assert.equal(suppressionComment('json', ['suspicious-arn']), undefined);
  });

  it('suppresses the next line only, from a comment alone on its line, with CRLF, any spacing, or at the last line', () => {
    const crlf = 'a: 1\r\n#qualys-ignore-next-line suspicious-arn\r\narn: bad\r\narn: bad too\r\n';
    assert.deepEqual(left(crlf, 'yaml', [finding(crlf, 'bad\r'), finding(crlf, 'bad too')]).map((f) => f[1]), ['bad too']);
    const spaced = '  #   qualys-ignore-next-line   suspicious-arn\narn: bad';
    assert.deepEqual(left(spaced, 'yaml', [finding(spaced, 'bad')]), []);
    // A comment after a value is no suppression: it is part of the line it ends.
    const trailing = 'arn: x # qualys-ignore-next-line suspicious-arn\narn: bad\n';
    assert.deepEqual(left(trailing, 'yaml', [finding(trailing, 'bad')]).map((f) => f[1]), ['bad']);
    const xmlTrailing = '<a/><!-- qualys-ignore-next-line suspicious-arn -->\n<arn>bad</arn>\n<!-- qualys-ignore-next-line suspicious-arn --> <b/>\n<arn>bad2</arn>';
    assert.deepEqual(left(xmlTrailing, 'xml', [finding(xmlTrailing, 'bad<'), finding(xmlTrailing, 'bad2')]).map((f) => f[1]), ['bad<', 'bad2']);
    // The last line, with no line break after it, is a suppression with nothing under it.
    const last = 'arn: bad\n# qualys-ignore-next-line suspicious-arn';
    assert.deepEqual(left(last, 'yaml', [finding(last, 'bad')]), [
      ['suspicious-arn', 'bad', 'suspicious-arn here'],
      ['unused-suppression', 'suspicious-arn', 'No suspicious-arn finding on the next line: this suppression does nothing (remove it).'],
    ]);
    // A finding at the very start of the next line is on it.
    const atStart = '# qualys-ignore-next-line suspicious-arn\nbad: 1\n';
    assert.deepEqual(left(atStart, 'yaml', [finding(atStart, 'bad')]), []);
  });

  it('says what a suppression names that does nothing, on the code, and a comment that names none on the comment', () => {
    const text = 'x: 1\n# qualys-ignore-next-line syntax, suspicous-arn, zzzzzzzzzzzz\narn: bad\n# qualys-ignore-next-line\ny: 2\n';
    assert.deepEqual(left(text, 'yaml', [finding(text, 'bad', 'syntax')]), [
      ['syntax', 'bad', 'syntax here'],
      ['unused-suppression', 'syntax', 'syntax cannot be suppressed.'],
      ['unused-suppression', 'suspicous-arn', '"suspicous-arn" is not a finding code: did you mean "suspicious-arn"?'],
      ['unused-suppression', 'zzzzzzzzzzzz', '"zzzzzzzzzzzz" is not a finding code.'],
      ['unused-suppression', 'qualys-ignore-next-line', 'qualys-ignore-next-line names no code: write the codes to suppress on the next line, such as qualys-ignore-next-line suspicious-arn.'],
    ]);
    // A comment is read only in YAML and XML; in JSON the text is left alone.
    const json = '{"a": "# qualys-ignore-next-line suspicious-arn"}';
    const f = finding(json, '"a"');
    assert.deepEqual(applySuppressions([f], json, 'json'), [f]);
  });

  it('explains every code in the same layout, each source a sentence of its own, and the level a setting gave it', () => {
    for (const code of Object.keys(RULE_TABLE) as FindingCode[]) {
      const row = RULE_TABLE[code];
      const lines = explainCode(code).split('\n');
      assert.equal(lines[0], `${code}: ${row.meaning}`);
      assert.deepEqual([lines[1], lines[3]], ['', ''], code);
      assert.match(lines[2], /^Severity: (error|warning|information|off \(turned on, it is a (error|warning|information)\))\.( It cannot be changed or suppressed\.)?$/, code);
      assert.equal(lines[4], row.disputed ? 'Sources (they disagree, so the finding says so and is at most a warning):' : 'Sources:');
      assert.equal(lines.length, 5 + row.sources.length, code);
      for (const [i, source] of row.sources.entries()) {
        assert.ok(source.says.trim().length >= 10, `${code}: a source says nothing`);
        assert.ok(lines[5 + i].startsWith('- ') && lines[5 + i].endsWith(`: ${source.says}`), lines[5 + i]);
      }
    }
    assert.equal(explainCode('suspicious-arn', 'off').split('\n')[2], 'Severity: off (set by the rule settings; by default warning).');
    assert.equal(explainCode('suspicious-arn', 'error').split('\n')[2], 'Severity: error (set by the rule settings; by default warning).');
    assert.equal(describeCode('no-such-code'), 'Finding no-such-code.');
    assert.equal(describeCode('syntax'), RULE_TABLE.syntax.meaning);
  });
});

