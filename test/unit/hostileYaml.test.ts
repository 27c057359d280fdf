import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { MAX_ALIAS_EXPANSION } from '../../server/src/core/limits';
import { within, yamlAliasBomb, yamlLaughs } from '../fuzz/hostile';

describe('YAML aliases', () => {
  it('are budgeted by expanded size: the alias that would pass it is refused, on its exact span', () => {
    // 2,000 aliases of a 2,000-item list: 4 million values, under the old limit of 10,000 aliases.
    const text = yamlAliasBomb(2000, 2000);
    const a = within(2000, 'analysis', () => analyze(text, 'bomb.qualys.yaml'));
    const refused = a.findings.filter((f) => f.code === 'alias-too-large');
    assert.equal(refused.length, 1, JSON.stringify(a.findings.map((f) => f.code)));
    // Each alias stands for the list and its 2,000 items; four fit in 10,000, the fifth does not.
    const fifth = text.indexOf('*a', text.indexOf('b: [')) + 4 * '*a,'.length;
    assert.deepEqual(refused[0].span, { start: fifth, end: fifth + 2 });
    assert.equal(refused[0].severity, 'error');
    assert.equal(
      refused[0].message,
      `YAML alias *a is not expanded: it stands for 2,001 values, and aliases may add at most 10,000 to a request (1,996 left after the aliases before it), so that a small file cannot expand to millions. Nor are the 1,995 aliases after it that pass the limit.`,
    );
  });

  it('the 50 KB bomb of 10,000 × 9,999 and nested "billion laughs" end in that finding', () => {
    for (const text of [yamlAliasBomb(), yamlLaughs()]) {
      const a = within(3000, 'analysis', () => analyze(text, 'bomb.qualys.yaml'));
      assert.deepEqual(a.findings.filter((f) => f.code === 'alias-too-large').length, 1);
      assert.match(a.findings.find((f) => f.code === 'alias-too-large')?.message ?? '', new RegExp(`at most ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')}`));
    }
  });

  it('past 64 KiB, YAML the fast parser does not read is refused where it leaves plain block YAML', () => {
    const text = `ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: x\n      description: &d ${'y'.repeat(70 * 1024)}\n`;
    const a = within(1000, 'analysis', () => analyze(text, 'r.qualys.yaml'));
    assert.deepEqual(a.findings.map((f) => f.code), ['too-large']);
    const line = text.indexOf('description:');
    assert.deepEqual(a.findings[0].span, { start: line, end: line + 200 });
    assert.match(a.findings[0].message, /^This YAML is 70 KiB, and from this line on it is not plain block YAML \(an anchor, .*\): such YAML is checked up to 64 KiB, plain block YAML up to 2 MiB\. It is not checked\.$/);
  });

  it('still expand as before within the budget', () => {
    const text = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: &n prod\n      description: *n\n';
    const a = analyze(text, 'r.qualys.yaml');
    assert.deepEqual(a.findings.map((f) => f.code), []);
    assert.deepEqual(JSON.parse(JSON.stringify(a.bound?.value)), { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'prod', description: 'prod' } } } });
  });
});
