import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { MAX_FINDINGS } from '../../server/src/core/limits';
import { manyBadValues, within } from '../fuzz/hostile';

describe('files with many findings', () => {
  it(`lists ${MAX_FINDINGS} and says how many more, for 20,000 wrong values (2 s before)`, () => {
    const text = manyBadValues(20_000, 'json');
    const a = within(1500, 'analysis', () => analyze(text, 'r.qualys.json'));
    assert.equal(a.findings.length, MAX_FINDINGS + 1);
    assert.ok(a.findings.slice(0, MAX_FINDINGS).every((f) => f.code === 'invalid-enum' && /^Invalid ActivationModule "x": allowed values are /.test(f.message)));
    const last = a.findings[MAX_FINDINGS];
    assert.equal(last.code, 'too-many-findings');
    assert.equal(last.severity, 'error');
    assert.equal(last.message, '19,000 more findings from here on are not listed (19,000 errors): a file shows at most 1,000. Fix the ones above and check again.');
    assert.ok(last.span.start > a.findings[MAX_FINDINGS - 1].span.start, 'it stands where the unlisted ones begin');
  });

  it('does not overflow the stack on 140,000 (80 s and "Maximum call stack size exceeded" before)', () => {
    const text = JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { activation: { set: { ActivationModule: Array<string>(140_000).fill('x') } } } } } });
    const a = within(6000, 'analysis', () => analyze(text, 'r.qualys.json'));
    assert.equal(a.findings.length, MAX_FINDINGS + 1);
    assert.match(a.findings[MAX_FINDINGS].message, /^139,000 more findings/);
  });

  it('counts warnings apart from errors, and the count is as severe as the worst', () => {
    const tags = Array.from({ length: 1500 }, () => ({ id: 7 }));
    const a = analyze(JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { defaultTags: { set: { TagSimple: tags } } } } } }), 'r.qualys.json');
    const last = a.findings[a.findings.length - 1];
    assert.equal(last.code, 'too-many-findings');
    assert.equal(last.severity, 'warning');
    assert.match(last.message, /^499 more findings from here on are not listed \(499 warnings\)/);
  });
});
