import assert from 'node:assert/strict';
import { interpret } from '../../server/src/send/response';

const answer = (status: number, body: string, headers: Record<string, string> = {}) => interpret({ status, headers, body, ms: 12, bytes: Buffer.byteLength(body) });

/** What the response view and the CLI say of an answer: its summary line and, when it failed, the problem. */
describe('reading an answer for the user', () => {
  it('sums up what a search or a create answered: the code, one id or how many, the state, the time', () => {
    const many = answer(200, JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: 3, data: [{ AwsAssetDataConnector: [{ id: 5, connectorState: 'QUEUED' }, { id: 6 }] }, { AzureAssetDataConnector: { id: '7', connectorState: 'FINISHED_SUCCESS' } }, null, 'x'] } }));
    assert.deepEqual([many.ok, many.summary, many.ids, many.count, many.connectorState, many.problem], [true, 'SUCCESS · 3 connectors · FINISHED_SUCCESS · 12 ms', [5, 6, 7], 3, 'FINISHED_SUCCESS', undefined]);
    const one = answer(200, '<?xml version="1.0"?>\n<ServiceResponse><responseCode> SUCCESS </responseCode><count>1</count><data><AwsAssetDataConnector><id>843003</id></AwsAssetDataConnector></data></ServiceResponse>');
    assert.deepEqual([one.ok, one.format, one.summary, one.count], [true, 'xml', 'SUCCESS · id 843003 · 12 ms', 1]);
    const none = answer(200, '{"ServiceResponse": {"responseCode": "SUCCESS", "data": [{"AwsAssetDataConnector": {"name": "no id", "connectorState": 5}}]}}');
    assert.deepEqual([none.summary, none.ids, none.count, none.connectorState], ['SUCCESS · 12 ms', [], undefined, undefined]);
  });

  it('names the problem of each refusal: 403, 404, a server failure, a Qualys code with its message and resolution', () => {
    assert.equal(answer(403, '{}').problem, 'The account may not do this (HTTP 403): changing connectors needs a Manager with full scope.');
    assert.equal(answer(404, '<html>no</html>').problem, 'Not found (HTTP 404): this path does not exist on the server. Check the platform setting (the API server, not the web UI address).');
    assert.equal(answer(503, '').problem, 'The server failed (HTTP 503). Try again later; if it persists, check the Qualys status page.');
    const refused = answer(200, JSON.stringify({ ServiceResponse: { responseCode: 'INVALID_REQUEST', responseErrorDetails: { errorMessage: 'name is required', errorResolution: 'Give a name.' } } }));
    assert.deepEqual([refused.ok, refused.problem, refused.summary], [false, 'INVALID_REQUEST: name is required Give a name.', 'INVALID_REQUEST · 12 ms']);
    assert.equal(answer(200, '{"ServiceResponse": {"responseCode": "NOT_FOUND"}}').problem, 'NOT_FOUND');
    assert.equal(answer(200, 'plain text').problem, 'The answer (HTTP 200) is not a Qualys ServiceResponse. Check the platform setting.');
    assert.equal(answer(200, 'plain text').format, 'text');
    assert.equal(answer(200, '  \n {"ServiceResponse": {"responseCode": "SUCCESS"}}').format, 'json', 'read after leading space');
  });

  it('says where a cut-off answer stops, and trusts no code in it', () => {
    const cut = answer(200, '{\n  "ServiceResponse": {\n    "responseCode": "SUCCESS",\n    "data": [');
    assert.equal(cut.ok, false);
    assert.equal(cut.responseCode, undefined);
    assert.match(cut.unreadable ?? '', /\(line 4\)$/);
    assert.equal(cut.summary, 'Unreadable answer · HTTP 200 · 12 ms');
    assert.match(cut.problem ?? '', /^The answer \(HTTP 200, \d+ bytes\) could not be read as JSON: .* \(line 4\)\. It may have been cut off on the way/);
    const mixed = answer(200, '<ServiceResponse>text <responseCode>SUCCESS</responseCode></ServiceResponse>');
    assert.equal(mixed.ok, true, 'text around elements is harmless');
  });

  it('says which limit a 409 hit: the calls at once, one of them, or some', () => {
    const at = (h: Record<string, string>, body = '{}') => answer(409, body, h).problem;
    assert.equal(at({ 'x-concurrency-limit-limit': '1', 'x-concurrency-limit-running': '1' }), 'Concurrency limit reached (HTTP 409, code 1960): the subscription allows 1 call at once and 1 are running. Retry when one finishes.');
    assert.equal(at({ 'x-concurrency-limit-limit': '2', 'x-concurrency-limit-running': '2' }), 'Concurrency limit reached (HTTP 409, code 1960): the subscription allows 2 calls at once and 2 are running. Retry when one finishes.');
    assert.equal(at({}, '{"ServiceResponse": {"responseErrorDetails": {"errorMessage": "code 1960"}}}'), 'Concurrency limit reached (HTTP 409, code 1960): the subscription allows a number of calls at once. Retry when one finishes.');
    assert.equal(answer(200, '{}', { 'x-ratelimit-remaining': '4' }).limits.rateRemaining, 4);
    assert.equal(answer(200, '{}', { 'x-ratelimit-remaining': '' }).limits.rateRemaining, undefined);
  });
});
