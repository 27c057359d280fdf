import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { locateField } from '../../server/src/service/locate';
import { resolvePlatform } from '../../server/src/send/platforms';
import { prepareRequest } from '../../server/src/core/prepare';
import { serialize } from '../../server/src/core/serialize';
import { MASK, redactBody as redact } from '../../server/src/send/redact';
import { secretsIn } from '../../server/src/send/secrets';
import { interpret } from '../../server/src/send/response';
import { requestLine } from '../../server/src/send/target';
import { fixture } from './helpers';

describe('send core', () => {
  describe('platforms', () => {
    it('knows the platforms and their API servers', () => {
      assert.deepEqual(resolvePlatform('US2'), { baseUrl: 'https://qualysapi.qg2.apps.qualys.com', label: 'US2', known: true, loopback: false });
      assert.deepEqual(resolvePlatform('ksa1'), { baseUrl: 'https://qualysapi.qg1.apps.qualysksa.com', label: 'KSA1', known: true, loopback: false });
      assert.match((resolvePlatform('US9') as { error: string }).error, /Unknown platform "US9"/);
    });

    it('takes a custom https URL, and http only on this machine', () => {
      assert.deepEqual(resolvePlatform('Custom', 'https://qualysapi.example.com/'), { baseUrl: 'https://qualysapi.example.com', label: 'qualysapi.example.com', known: false, loopback: false });
      assert.equal((resolvePlatform('Custom', 'http://127.0.0.1:8080') as { loopback: boolean }).loopback, true);
      assert.match((resolvePlatform('Custom', 'http://qualysapi.example.com') as { error: string }).error, /only over https/);
      assert.match((resolvePlatform('Custom', 'https://user:pw@example.com') as { error: string }).error, /not in the URL/);
      assert.match((resolvePlatform('Custom', 'not a url') as { error: string }).error, /is not a URL/);
    });
  });

  describe('request line', () => {
    it('builds each operation\'s path, and says what is missing', () => {
      assert.deepEqual(requestLine('aws', { operation: 'create' }), { method: 'POST', path: '/qps/rest/3.0/create/am/awsassetdataconnector' });
      assert.deepEqual(requestLine('azure', { operation: 'update', id: 12 }), { method: 'POST', path: '/qps/rest/3.0/update/am/azureassetdataconnector/12' });
      assert.deepEqual(requestLine('aws', { operation: 'update' }, true), { method: 'POST', path: '/qps/rest/3.0/update/am/awsassetdataconnector' });
      assert.deepEqual(requestLine('aws', { operation: 'get', id: 5 }), { method: 'GET', path: '/qps/rest/3.0/get/am/awsassetdataconnector/5' });
      assert.match((requestLine('aws', { operation: 'delete' }) as { error: string }).error, /delete needs the id/);
      assert.match((requestLine('aws', { operation: 'run', id: -1 }) as { error: string }).error, /positive whole number/);
    });
  });

  describe('prepare', () => {
    it('sends XML and JSON as written and YAML as JSON', () => {
      const xml = fixture('valid', 'aws-update-basic.xml');
      const px = prepareRequest(xml, analyze(xml, 'a.xml'), { id: 7 });
      assert.equal(px.operation, 'update');
      assert.equal(px.body, xml);
      assert.equal(px.contentType, 'text/xml');
      assert.equal(px.accept, 'application/xml');
      const yaml = fixture('valid', 'azure-create-multi-tag.yaml');
      const py = prepareRequest(yaml, analyze(yaml, 'azure-create.yaml'), {});
      assert.equal(py.operation, 'create');
      assert.equal(py.contentType, 'application/json');
      assert.deepEqual(JSON.parse(py.body as string), JSON.parse(fixture('valid', 'azure-create-multi-tag.json')));
    });

    it('sends quoted booleans and integers as written: checks read "240" as 240, the wire does not', () => {
      const yaml = fixture('valid', 'aws-create-terraform.yaml');
      const py = prepareRequest(yaml, analyze(yaml, 'aws-create-terraform.yaml'), {});
      assert.deepEqual(JSON.parse(py.body as string), JSON.parse(fixture('valid', 'aws-create-terraform.json')));
      const json = fixture('valid', 'aws-create-terraform.json');
      assert.equal(prepareRequest(json, analyze(json, 'aws-create-terraform.json'), {}).body, json);
    });

    it('infers update by filter, and leaves the operation open when nothing tells', () => {
      const text = '{"ServiceRequest": {"filters": {"Criteria": {"field": "name", "operator": "EQUALS", "value": "x"}}, "data": {"AwsAssetDataConnector": {"disabled": true}}}}';
      const p = prepareRequest(text, analyze(text, 'a.json'), {});
      assert.equal(p.operation, 'update');
      assert.equal(p.byFilter, true);
      const plain = fixture('valid', 'aws-update-json.json');
      assert.equal(prepareRequest(plain, analyze(plain, 'a.json'), {}).operation, undefined);
    });
  });

  describe('secrets', () => {
    it('finds and masks authentication keys in every format', () => {
      for (const f of ['xml', 'json', 'yaml']) {
        const text = fixture('valid', `azure-create-single-tag.${f}`);
        assert.deepEqual(secretsIn(text), ['02LCb8/RCn0lbGj6xxxxxxxxnoH01rog='], f);
        const masked = redact(text);
        assert.ok(!masked.includes('02LCb8'), f);
        assert.ok(masked.includes(MASK), f);
      }
      assert.equal(redact('the password is hunter22', ['hunter22']), `the password is ${MASK}`);
    });

    it('finds and masks GCP private_key and OCI privateKey and passphrase, multi-line PEM keys included', () => {
      const pem = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7PLANTED', 'yF3kPLANTEDsecondLINEofTHEkey0123456789', '-----END PRIVATE KEY-----'];
      const value = {
        ServiceRequest: {
          data: {
            OciAssetDataConnector: { name: 'oci', authRecord: { privateKey: pem.join('\n'), passphrase: 'PLANTED-oci-passphrase' } },
          },
        },
      };
      const gcp = { ServiceRequest: { data: { GcpAssetDataConnector: { name: 'gcp', authRecord: { private_key: pem.join('\n'), client_email: 'sa@p.iam.gserviceaccount.com' } } } } };
      for (const f of ['xml', 'json', 'yaml'] as const) {
        for (const text of [serialize(value, f), serialize(gcp, f)]) {
          const found = secretsIn(text);
          const masked = redact(text, found);
          for (const planted of [pem[1], pem[2]]) {
            assert.ok(found.some((v) => v.includes(planted)), `${f}: ${planted} found in\n${text}`);
            assert.ok(!masked.includes(planted), `${f}: ${planted} masked in\n${masked}`);
            assert.ok(!redact(`Qualys echoed ${planted} back`, found).includes(planted), f);
          }
          assert.ok(masked.includes(MASK), f);
          assert.ok(!found.includes('sa@p.iam.gserviceaccount.com'), 'client_email is not a secret');
        }
        assert.ok(!redact(serialize(value, f)).includes('PLANTED-oci-passphrase'), f);
      }
    });
  });

  describe('reading answers', () => {
    const http = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, body, headers, ms: 12, bytes: body.length });

    it('reads a SUCCESS with its id', () => {
      const r = interpret(http(200, '<?xml version="1.0"?><ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><data><AwsAssetDataConnector><id>843003</id></AwsAssetDataConnector></data></ServiceResponse>'));
      assert.equal(r.ok, true);
      assert.deepEqual(r.ids, [843003]);
      assert.equal(r.summary, 'SUCCESS · id 843003 · 12 ms');
      assert.match(r.pretty, /\n {2}<responseCode>SUCCESS/);
    });

    it('reads a JSON INVALID_REQUEST with its message', () => {
      const r = interpret(http(200, '{"ServiceResponse":{"responseCode":"INVALID_REQUEST","responseErrorDetails":{"errorMessage":"Invalid value for runFrequency","errorResolution":"Give minutes."}}}'));
      assert.equal(r.ok, false);
      assert.equal(r.problem, 'INVALID_REQUEST: Invalid value for runFrequency Give minutes.');
    });

    it('says which limit a 409 hit and when to retry', () => {
      const rate = interpret(http(409, '<ServiceResponse><responseCode>LIMIT_EXCEEDED</responseCode></ServiceResponse>', { 'x-ratelimit-limit': '300', 'x-ratelimit-window-sec': '3600', 'x-ratelimit-remaining': '0', 'x-ratelimit-towait-sec': '42' }));
      assert.match(rate.problem ?? '', /^Rate limit reached \(HTTP 409, code 1965\): 300 calls per 3600 s\. Retry in 42 s/);
      const conc = interpret(http(409, '<ServiceResponse><responseCode>LIMIT_EXCEEDED</responseCode><responseErrorDetails><errorMessage>code 1960</errorMessage></responseErrorDetails></ServiceResponse>', { 'x-concurrency-limit-limit': '2', 'x-concurrency-limit-running': '2' }));
      assert.match(conc.problem ?? '', /^Concurrency limit reached \(HTTP 409, code 1960\): the subscription allows 2 calls at once and 2 are running/);
      const gateway = interpret(http(429, '', { 'x-ratelimit-towait-sec': '5' }));
      assert.match(gateway.problem ?? '', /Rate limit reached \(HTTP 429\).*Retry in 5 s/);
    });

    it('explains 401 and an answer that is not Qualys', () => {
      assert.match(interpret(http(401, '')).problem ?? '', /refused the credentials/);
      assert.match(interpret(http(200, '<html>login</html>')).problem ?? '', /not a Qualys ServiceResponse/);
    });
  });

  describe('locating the field an API error names', () => {
    it('finds the key in the request', () => {
      const text = fixture('valid', 'aws-update-cps.yaml');
      const a = analyze(text, 'a.yaml');
      const found = locateField(a, 'Invalid value for field startTime: 25:99');
      assert.equal(found?.field, 'startTime');
      assert.equal(text.slice(found?.span.start, found?.span.end), 'startTime');
      assert.equal(locateField(a, 'Something else went wrong'), undefined);
    });

    it('follows a path in the message to the exact place', () => {
      const text = '{"ServiceRequest": {"filters": {"Criteria": [{"field": "name", "operator": "EQUALS", "value": "a"}, {"field": "colour", "operator": "EQUALS", "value": "x"}]}, "data": {"AwsAssetDataConnector": {"disabled": true}}}}';
      const found = locateField(analyze(text, 'a.json'), 'filters.Criteria[1]: unknown field "colour" for AwsAssetDataConnector.');
      assert.equal(found?.field, 'Criteria');
      assert.equal(found?.span.start, text.indexOf('{"field": "colour"'));
    });
  });
});
