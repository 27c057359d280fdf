import assert from 'node:assert/strict';
import { MASK } from '../../server/src/core/secretFields';
import { redactBody, redactSecrets } from '../../server/src/send/redact';

/** Answers shown or kept after a send: the secrets they carry, in whatever form, never appear. */
describe('masking the secrets an answer echoes', () => {
  it('masks every secret field of a YAML answer in place, prefixed or not, and keeps the rest byte for byte', () => {
    const text = ['ServiceResponse:', '  data:', '    - AzureAssetDataConnector:', '        name: keep-me', '        authenticationKey: first-secret-value', '        q:password:   second secret value  ', '        description: kept too', '        clientSecret: x', ''].join('\n');
    assert.equal(redactBody(text), ['ServiceResponse:', '  data:', '    - AzureAssetDataConnector:', '        name: keep-me', `        authenticationKey: "${MASK}"`, `        q:password:   "${MASK}"`, '        description: kept too', `        clientSecret: "${MASK}"`, ''].join('\n'));
  });

  it('masks a secret inside a JSON or XML value, as the answer escapes it, and leaves a body without secrets as it is', () => {
    const secret = 'pässwörd-"quoted"&<b>';
    const json = JSON.stringify({ ServiceResponse: { responseErrorDetails: { errorMessage: `Refused: ${secret}.` }, name: 'n' } });
    const maskedJson = redactBody(json, [secret]);
    assert.equal(JSON.parse(maskedJson).ServiceResponse.responseErrorDetails.errorMessage, `Refused: ${MASK}.`);
    assert.equal(JSON.parse(maskedJson).ServiceResponse.name, 'n');
    const ascii = JSON.stringify({ m: `Refused: ${secret}.` }).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.ok(!redactSecrets(ascii, [secret]).includes('p\\u00e4ssw'), 'the secret JSON-escaped as ASCII');
    const xml = `<ServiceResponse><errorMessage>Refused: ${secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}.</errorMessage></ServiceResponse>`;
    assert.equal(redactBody(xml, [secret]), `<ServiceResponse><errorMessage>Refused: ${MASK}.</errorMessage></ServiceResponse>`);
    assert.equal(redactBody('{"a": "b", "n": 5}', []), '{"a": "b", "n": 5}');
    assert.equal(redactBody('{"a": "b"}', ['']), '{"a": "b"}', 'an empty secret masks nothing');
  });

  it('masks a secret URI-encoded, in base64, or as the lines of a multi-line key', () => {
    const secret = 'Zq3+secret/Value==';
    assert.equal(redactSecrets(`https://evil.example/?k=${encodeURIComponent(secret)}&x=1`, [secret]), `https://evil.example/?k=${MASK}&x=1`);
    assert.ok(!redactSecrets(`token ${Buffer.from(secret).toString('base64')} end`, [secret]).includes(Buffer.from(secret).toString('base64')));
    const pem = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'short', '-----END PRIVATE KEY-----'].join('\n');
    const shown = redactSecrets('the server echoed MIIEvQIBADANBgkqhkiG9w0BAQEFAASC and short and -----BEGIN PRIVATE KEY-----', [pem]);
    assert.ok(!shown.includes('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC') && !shown.includes('-----BEGIN PRIVATE KEY-----'), shown);
    assert.ok(shown.includes('and short and'), 'a line shorter than 16 characters is no secret alone');
  });
});
