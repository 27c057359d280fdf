import assert from 'node:assert/strict';
import { interpret } from '../../server/src/send/response';

const answer = (status: number, body: string, headers: Record<string, string> = {}) => interpret({ status, headers, body, ms: 12, bytes: Buffer.byteLength(body) });

/** What the response view shows of an answer: the body laid out, the summary, the problem and when to retry. */
describe('showing an answer to the user', () => {
  it('lays out a one-line XML answer by depth, and keeps one already laid out', () => {
    const one = '<?xml version="1.0"?><ServiceResponse><responseCode>SUCCESS</responseCode><data> <Aws><id>1</id></Aws><Bb/><!-- c --></data></ServiceResponse>';
    assert.equal(answer(200, one).pretty, ['<?xml version="1.0"?>', '<ServiceResponse>', '  <responseCode>SUCCESS</responseCode>', '  <data>', '    <Aws>', '      <id>1</id>', '    </Aws>', '    <Bb/>', '    <!-- c -->', '  </data>', '</ServiceResponse>'].join('\n'));
    assert.equal(answer(200, '<?xml version="1.0"?>\n<root><ab>1</ab></root>\n').pretty, '<?xml version="1.0"?>\n<root>\n  <ab>1</ab>\n</root>\n', 'three lines are laid out');
    const laidOut = '<root>\n<ab>1</ab>\n</root>\n';
    assert.equal(answer(200, laidOut).pretty, laidOut, 'four lines are kept');
  });

  it('indents under an element whose name is one letter, as under a longer one', () => {
    assert.equal(answer(200, '<a><b x="1"><c>1</c><d/></b></a>').pretty, ['<a>', '  <b x="1">', '    <c>1</c>', '    <d/>', '  </b>', '</a>'].join('\n'));
  });

  it('indents a JSON answer, and keeps a broken one as it came', () => {
    assert.equal(answer(200, '{"ServiceResponse":{"responseCode":"SUCCESS","count":1}}').pretty, '{\n  "ServiceResponse": {\n    "responseCode": "SUCCESS",\n    "count": 1\n  }\n}');
    assert.equal(answer(200, '{"ServiceResponse":').pretty, '{"ServiceResponse":');
    assert.equal(answer(200, 'plain\ttext').pretty, 'plain\ttext');
  });

  it('reads no id or state from an empty connector, and keeps the last state that is text', () => {
    const r = answer(200, '{"ServiceResponse": {"responseCode": "SUCCESS", "data": [{"AwsAssetDataConnector": null}, {"AwsAssetDataConnector": [{"id": 1, "connectorState": "QUEUED"}, {"id": 2, "connectorState": 5}]}]}}');
    assert.deepEqual([r.ids, r.connectorState, r.summary], [[1, 2], 'QUEUED', 'SUCCESS · 2 connectors · QUEUED · 12 ms']);
  });

  it('names a 401 and a 500, and says the HTTP status when the answer has no code', () => {
    assert.match(answer(401, '').problem ?? '', /^Qualys refused the credentials \(HTTP 401\): check the username and password/);
    assert.equal(answer(500, '').problem, 'The server failed (HTTP 500). Try again later; if it persists, check the Qualys status page.');
    assert.equal(answer(404, '<html>no</html>').summary, 'HTTP 404 · 12 ms');
  });

  it('says when to retry after a rate refusal, in the local time the wait ends, and no rate it was not told', () => {
    const before = Date.now();
    const problem = answer(409, '{}', { 'x-ratelimit-towait-sec': '3600', 'x-ratelimit-window-sec': '60' }).problem ?? '';
    const after = Date.now();
    const times = [before, after].map((t) => new Date(t + 3600_000).toLocaleTimeString());
    assert.ok(times.some((t) => problem.endsWith(`Retry in 3600 s (after ${t}).`)), problem);
    assert.match(problem, /: the rate limit\./);
  });
});
