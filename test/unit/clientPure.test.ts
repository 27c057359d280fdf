import assert from 'node:assert/strict';
import { interpret } from '../../server/src/send/response';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_TIMEOUT_SEC } from '../../server/src/send/http';
import { createAgainMessage } from '../../server/src/send/target';
import { formats, html, operations, platformSetting, timeoutSetting } from './clientModules';

const answer = (status: number, body: string, headers: Record<string, string> = {}) => interpret({ status, body, headers, ms: 41, bytes: body.length }, ['hunter22-secret']);

describe('client modules without VS Code', () => {
  it('keeps qualys.send.timeout within 1 s and an hour, as package.json declares (3,000,000 overflowed Node\'s timer)', () => {
    assert.equal(timeoutSetting.timeoutSecOf(3_000_000), MAX_TIMEOUT_SEC);
    assert.equal(timeoutSetting.timeoutSecOf(0), 1);
    assert.equal(timeoutSetting.timeoutSecOf(90), 90);
    assert.equal(timeoutSetting.timeoutSecOf(Infinity), 60);
    assert.equal(timeoutSetting.timeoutSecOf('120'), 60);
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { maximum?: number }> } } };
    assert.equal(manifest.contributes.configuration.properties['qualys.send.timeout'].maximum, MAX_TIMEOUT_SEC);
  });

  it('offers the formats with qualys.connectors.format first, marked', () => {
    assert.deepEqual(formats.formatChoices('json').map((c) => [c.value, c.description]), [['json', 'qualys.connectors.format'], ['xml', undefined], ['yaml', undefined]]);
    assert.deepEqual(formats.formatChoices('toml').map((c) => c.value), ['xml', 'json', 'yaml'], 'an unknown setting: the fixed order');
  });

  it('asks before a second create from a file with the time of the first, its date only when not today', () => {
    const at = new Date(2026, 11, 5, 22, 7).toISOString();
    assert.equal(createAgainMessage(1672637, at, new Date(2026, 11, 5, 23, 0)), 'This file created connector #1672637 at 22:07: create another?');
    assert.equal(createAgainMessage(1672637, at, new Date(2026, 11, 6, 9, 0)), 'This file created connector #1672637 on 2026-12-05 at 22:07: create another?');
  });

  it('renders the response view: status, time, limits, code, escaped body, strict CSP', () => {
    const r = answer(
      200,
      '<ServiceResponse><responseCode>SUCCESS</responseCode><data><AwsAssetDataConnector><id>843003</id><name>&lt;script&gt;alert(1)&lt;/script&gt; hunter22-secret</name></AwsAssetDataConnector></data></ServiceResponse>',
      { 'x-ratelimit-limit': '300', 'x-ratelimit-window-sec': '3600', 'x-ratelimit-remaining': '299', 'x-concurrency-limit-limit': '2', 'x-concurrency-limit-running': '1' },
    );
    const page = html.renderResponseHtml(r, { line: { method: 'POST', path: '/qps/rest/3.0/update/am/awsassetdataconnector/843003' }, platform: 'US2', nonce: 'abc123' });
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-abc123';">/);
    assert.ok(!/<script/i.test(page), 'no script element, not even from the body');
    assert.match(page, /SUCCESS · id 843003 · 41 ms/);
    assert.match(page, /300/);
    assert.match(page, /&lt;responseCode&gt;SUCCESS&lt;\/responseCode&gt;/);
    assert.ok(!page.includes('hunter22-secret'), 'a known secret is masked');
  });

  it('shows the bidi controls of an answer in the response view as visible escapes, never applied', () => {
    const r = answer(200, '{"ServiceResponse": {"responseCode": "SUCCESS", "data": [{"AwsAssetDataConnector": {"id": 1, "name": "prod \u202eelif\u202c \u2066x\u2069 \u200f\u2028end"}}]}}');
    const page = html.renderResponseHtml(r, { platform: 'US2', nonce: 'n' });
    assert.doesNotMatch(page, /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/);
    assert.ok(page.includes('prod \\u202eelif\\u202c \\u2066x\\u2069 \\u200f\\u2028end'), page);
  });

  it('shows a cut-off SUCCESS as an error in the view and in the history, without its code', () => {
    const r = answer(200, '<ServiceResponse><responseCode>SUCCESS</responseCode><data><AwsAssetDataConnector><id>843');
    assert.equal(r.ok, false);
    assert.equal(r.responseCode, undefined);
    assert.match(r.summary, /^Unreadable answer · HTTP 200/);
    const page = html.renderResponseHtml(r, { platform: 'US2', nonce: 'n' });
    assert.match(page, /<h1 class="bad">Unreadable answer/);
    assert.match(page, /could not be read as XML: XML syntax error: .* It may have been cut off/);
    const kept = html.viewOfHistory({ time: '2026-01-01T00:00:00Z', file: 'f', platform: 'US2', operation: 'create', status: r.status, responseCode: r.responseCode, summary: r.summary, problem: r.problem, ms: r.ms, body: r.pretty });
    assert.equal(kept.ok, false);
  });

  it('shows which limit a 409 hit in the view', () => {
    const r = answer(409, '<ServiceResponse><responseCode>LIMIT_EXCEEDED</responseCode></ServiceResponse>', { 'x-ratelimit-limit': '2', 'x-ratelimit-window-sec': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-towait-sec': '30' });
    const page = html.renderResponseHtml(r, { platform: '127.0.0.1:9', nonce: 'n' });
    assert.match(page, /Rate limit reached \(HTTP 409, code 1965\): 2 calls per 60 s\. Retry in 30 s/);
  });

  it('asks before changes on a real platform only', () => {
    assert.match(operations.confirmChangeMessage('update', 843003, false, 'US2') ?? '', /843003.*US2/);
    assert.equal(operations.confirmChangeMessage('create', undefined, false, 'US2'), undefined);
    assert.equal(operations.needsId('update', false), true);
    assert.equal(operations.needsId('update', true), false);
    assert.equal(operations.needsId('create', false), false);
  });

  it('reads the platform settings, refusing clear-text credentials to other hosts', () => {
    assert.equal((platformSetting.resolveConfigured('US2', '') as { label: string }).label, 'US2');
    assert.match((platformSetting.resolveConfigured('Custom', 'http://qualys.example.com') as { error: string }).error, /only over https/);
    assert.equal(platformSetting.credentialKey('US2'), 'qualys.credentials.US2');
    assert.equal(platformSetting.parseStoredCredentials('not json'), undefined);
  });
});
