import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/core/parse/xml';
import { interpret } from '../../server/src/send/response';
import { selfClosing, within } from '../fuzz/hostile';

describe('XML of many empty elements', () => {
  it('parses 80,000 <a/> in linear time (8.8 s before)', () => {
    const text = selfClosing(80_000);
    const parsed = within(1500, 'parsing', () => parseXml(text));
    assert.equal(parsed.problems.length, 0);
    const data = parsed.root?.type === 'object' ? parsed.root.properties[0].value : undefined;
    const inner = data?.type === 'object' ? data.properties[0].value : undefined;
    assert.equal(inner?.type === 'object' ? inner.properties.length : 0, 80_000);
  });

  it('parses a 1.6 MB answer of <a/> from a server in linear time (past 60 s before)', function () {
    this.timeout(30_000);
    const body = `<ServiceResponse><responseCode>SUCCESS</responseCode>${'<a/>'.repeat(400_000)}</ServiceResponse>`;
    within(5000, 'parsing the answer', () => parseXml(body));
    assert.equal(interpret({ status: 200, headers: {}, body, ms: 1, bytes: body.length }).responseCode, 'SUCCESS');
  });
});
