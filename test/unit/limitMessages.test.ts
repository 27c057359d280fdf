import assert from 'node:assert/strict';
import { interpret, limitsOf } from '../../server/src/send/response';
import { requestLine } from '../../server/src/send/target';

const answer = (status: number, headers: Record<string, string>, body = '<ServiceResponse><responseCode>SUCCESS</responseCode></ServiceResponse>') => interpret({ status, headers, body, ms: 5, bytes: body.length });
const refused = (code: number, message: string) => `<ServiceResponse><responseCode>LIMIT_EXCEEDED</responseCode><responseErrorDetails><errorMessage>${message} (${code})</errorMessage></responseErrorDetails></ServiceResponse>`;

describe('what a user reads when Qualys refuses a call for its limits', () => {
  it('names the concurrency limit, in the singular for one, with the calls running', () => {
    const one = answer(409, { 'x-concurrency-limit-limit': '1', 'x-concurrency-limit-running': '1' }, refused(1960, 'Concurrency limit'));
    assert.equal(one.problem, 'Concurrency limit reached (HTTP 409, code 1960): the subscription allows 1 call at once and 1 are running. Retry when one finishes.');
    const two = answer(409, { 'x-concurrency-limit-limit': '2' }, refused(1960, 'Concurrency limit'));
    assert.equal(two.problem, 'Concurrency limit reached (HTTP 409, code 1960): the subscription allows 2 calls at once. Retry when one finishes.');
    const full = answer(409, { 'x-concurrency-limit-limit': '2', 'x-concurrency-limit-running': '2' }, refused(2000, 'Busy'));
    assert.match(full.problem ?? '', /^Concurrency limit reached/, 'all slots taken, no code: the concurrency limit');
    const notFull = answer(409, { 'x-concurrency-limit-limit': '2', 'x-concurrency-limit-running': '1' }, refused(2000, 'Busy'));
    assert.match(notFull.problem ?? '', /^Rate limit reached/);
  });

  it('names the rate limit and when to retry, and says "later" when the answer does not tell', () => {
    const rate = answer(409, { 'x-ratelimit-limit': '300', 'x-ratelimit-window-sec': '3600', 'x-ratelimit-towait-sec': '42', 'x-concurrency-limit-limit': '2', 'x-concurrency-limit-running': '2' }, refused(1965, 'Rate limit'));
    assert.match(rate.problem ?? '', /^Rate limit reached \(HTTP 409, code 1965\): 300 calls per 3600 s\. Retry in 42 s \(after .+\)\.$/);
    const later = answer(429, { 'x-ratelimit-limit': '300' }, refused(1965, 'Rate limit'));
    assert.equal(later.problem, 'Rate limit reached (HTTP 429): the rate limit. Retry later.');
  });

  it('reads only whole numbers from the limit headers, and takes only a 2xx SUCCESS as done', () => {
    assert.deepEqual(limitsOf({ 'x-ratelimit-limit': '', 'x-ratelimit-remaining': 'many', 'x-ratelimit-towait-sec': '7' }), { rateLimit: undefined, rateWindowSec: undefined, rateRemaining: undefined, rateToWaitSec: 7, concurrencyLimit: undefined, concurrencyRunning: undefined });
    assert.equal(answer(200, {}).ok, true);
    assert.equal(answer(300, {}).ok, false);
    assert.equal(answer(199, {}).ok, false);
  });

  it('refuses an id of 0 and names filters as the other way for an update', () => {
    assert.deepEqual(requestLine('aws', { operation: 'get', id: 0 }), { error: 'The connector id must be a positive whole number; got 0.' });
    assert.deepEqual(requestLine('aws', { operation: 'update' }), { error: 'update needs the id of the connector, or filters in the file.' });
    assert.deepEqual(requestLine('aws', { operation: 'run' }), { error: 'run needs the id of the connector.' });
  });
});
