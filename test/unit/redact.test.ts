import assert from 'node:assert/strict';
import { MASK, redactBody, redactSecrets } from '../../server/src/send/redact';
import { secretsIn } from '../../server/src/send/secrets';

const KEY = 'SECRET-azure-key-77';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('masking secrets whatever their encoding', () => {
  it('finds the decoded secret values of a request: JSON escapes, character references, CDATA, namespace prefixes', () => {
    assert.deepEqual(secretsIn('{"ServiceRequest": {"data": {"authRecord": {"authenticationKey": "\\u0053ECRET-azure-key-77"}}}}'), [KEY]);
    assert.deepEqual(secretsIn('<ServiceRequest><authRecord><authenticationKey>&#83;ECRET-azure-&#x6b;ey-77</authenticationKey></authRecord></ServiceRequest>'), [KEY]);
    assert.deepEqual(secretsIn('<ServiceRequest><authenticationKey><![CDATA[SECRET-azure]]>-key-77</authenticationKey></ServiceRequest>'), [KEY]);
    assert.deepEqual(secretsIn('<q:ServiceRequest xmlns:q="urn:x"><q:authenticationKey>SECRET-azure-key-77</q:authenticationKey></q:ServiceRequest>'), [KEY]);
    assert.deepEqual(secretsIn('ServiceRequest:\n  data:\n    authRecord:\n      authenticationKey: "SECRET-azure-key-77"\n'), [KEY]);
    assert.deepEqual(secretsIn('ServiceRequest:\n  authRecord:\n    password: 123456\n'), ['123456']);
  });

  it('finds them in a body with a syntax error before them (such a body is sent with --force)', () => {
    assert.deepEqual(secretsIn('<ServiceRequest><a></b><q:authenticationKey>&#83;ECRET-azure-key-77</q:authenticationKey></ServiceRequest>'), [KEY]);
    assert.deepEqual(secretsIn('<ServiceRequest><a></b><authenticationKey><![CDATA[SECRET-azure-key-77]]></authenticationKey>'), [KEY]);
    assert.deepEqual(secretsIn('{"ServiceRequest": {"x": ]]], "authenticationKey": "\\u0053ECRET-azure-key-77"}}'), [KEY]);
  });

  it('masks a secret echoed raw, JSON-escaped, XML-escaped, URL-encoded or in base64', () => {
    const echoes = [
      KEY,
      '\\u0053\\u0045\\u0043\\u0052\\u0045\\u0054-azure-key-77',
      encodeURIComponent(KEY).replace(/-/g, '%2d'),
      `Authorization: Basic ${b64(`tester:${KEY}`)}`,
      `https://evil.example/?key=${encodeURIComponent(KEY)}&x=1`,
    ];
    for (const echo of echoes) {
      const out = redactSecrets(`before ${echo} after`, [KEY]);
      assert.ok(out.includes(MASK), echo);
      assert.doesNotMatch(out, /azure|key-77|2d77|tester:/, echo);
    }
  });

  it('masks secrets inside the values of a JSON or XML answer, written back in its escaping', () => {
    const json = redactBody(`{"echo": "\\u0053ECRET-azure-key-77 was sent", "n": "\\u0053"}`, [KEY]);
    assert.equal(json, `{"echo": "${MASK} was sent", "n": "\\u0053"}`);
    const xml = redactBody(`<a><b>&#83;ECRET-azure-key-77</b><c><![CDATA[SECRET-az]]><![CDATA[ure-key-77]]></c><d v="&#83;ECRET-azure-key-77"/></a>`, [KEY]);
    assert.equal(xml, `<a><b>${MASK}</b><c>${MASK}</c><d v="${MASK}"/></a>`);
    assert.equal(redactBody('<r><q:authenticationKey>anything at all</q:authenticationKey></r>'), `<r><q:authenticationKey>${MASK}</q:authenticationKey></r>`);
    assert.equal(redactBody('{"password": 1234}'), `{"password": "${MASK}"}`);
  });

  it('masks a password under 4 characters where it stands alone, not inside words', () => {
    assert.equal(redactSecrets('ab is wrong; about tables', ['ab']), `${MASK} is wrong; about tables`);
    assert.equal(redactSecrets('?user=x&password=ab&next=1', ['ab']), `?user=x&password=${MASK}&next=1`);
    assert.equal(redactSecrets(`Basic ${b64('tester:ab')}`, ['ab']), `Basic ${MASK}`);
    assert.equal(redactBody('{"echo": "ab", "word": "abc"}', ['ab']), `{"echo": "${MASK}", "word": "abc"}`);
    assert.equal(redactSecrets('x', ['x']), MASK);
  });

  it('masks every line of a private key echoed with other line endings', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(2)}\n${'Z3Jvb3Q6eDowOjA6cm9vdDovcm9vdDov'.repeat(2)}\n-----END PRIVATE KEY-----`;
    const out = redactSecrets(pem.replace(/\n/g, '\r\n'), [pem]);
    assert.doesNotMatch(out, /MIIEvQ|Z3Jvb3Q/);
  });

  it('leaves ordinary words alone when a short secret happens to decode from them', () => {
    const text = 'AwsAssetDataConnector connectorState QUEUED abcdefgh';
    assert.equal(redactSecrets(text, ['ab', 'Q']), text);
  });
});
