import assert from 'node:assert/strict';
import { MASK } from '../../server/src/core/secretFields';
import { redactBody, redactSecrets } from '../../server/src/send/redact';
import { within } from '../fuzz/hostile';

const KEY = 'SECRET-azure-key-77';

/** The edges of masking: where a secret, or part of one, could still be read in what is shown or kept. */
describe('masking secrets at their edges', () => {
  it('masks a secret field of YAML under a key with no value, on a list item, spaced from its colon or with a longer prefix', () => {
    assert.equal(redactBody('authRecord:\n  password: hunter2\n'), `authRecord:\n  password: "${MASK}"\n`);
    assert.equal(redactBody('data:\n  - password: hunter2\n    name: x\n'), `data:\n  - password: "${MASK}"\n    name: x\n`);
    assert.equal(redactBody('-  password: p\n'), `-  password: "${MASK}"\n`);
    assert.equal(redactBody('clientSecret : abc\nns1:authenticationKey: def\n'), `clientSecret : "${MASK}"\nns1:authenticationKey: "${MASK}"\n`);
  });

  it('masks a secret field of YAML in a flow mapping or a block scalar, and leaves the lines after it', () => {
    assert.equal(redactBody('auth: {username: u, password: hunter2, n: 1}\n'), `auth: {username: u, password: "${MASK}", n: 1}\n`);
    assert.equal(redactBody('- {clientSecret: "s3", name: x}\n'), `- {clientSecret: "${MASK}", name: x}\n`);
    const block = 'authRecord:\n  privateKey: |\n    -----BEGIN KEY-----\n    c2VjcmV0\n  name: kept\n';
    assert.equal(redactBody(block), `authRecord:\n  privateKey: "${MASK}"\n  name: kept\n`);
    assert.equal(redactBody('password: >-\n  folded\n  words\nnext: 1\n'), `password: "${MASK}"\nnext: 1\n`);
    assert.equal(redactBody('auth: {username: u, n: 1}\npassword:\n'), 'auth: {username: u, n: 1}\npassword:\n', 'no secret, nothing masked');
  });

  it('masks an answer of 100,000 secret fields in linear time, YAML (both passes) and JSON alike', () => {
    const yaml = Array.from({ length: 100_000 }, (_, i) => `- password: secret${i}`).join('\n') + '\n';
    const maskedYaml = within(5000, 'masking the YAML answer', () => redactBody(yaml));
    assert.equal(maskedYaml, yaml.replace(/secret\d+/g, `"${MASK}"`));
    const json = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => ({ password: `secret${i}` })));
    const maskedJson = within(5000, 'masking the JSON answer', () => redactBody(json));
    assert.ok(!/secret\d/.test(maskedJson) && (JSON.parse(maskedJson) as { password: string }[]).every((o) => o.password === MASK));
  });

  it('masks a numeric secret echoed as a JSON number as a string, so the body stays JSON', () => {
    const out = redactBody('{"pin": 123456, "n": 7}', ['123456']);
    assert.deepEqual(JSON.parse(out), { pin: MASK, n: 7 });
    assert.deepEqual(JSON.parse(redactBody('{"enabled": true, "clientSecret": false, "x": null}', ['true'])), { enabled: MASK, clientSecret: MASK, x: null });
  });

  it('masks a secret of exactly 4 characters inside a word, and a shorter one only where it stands alone, escaped or not', () => {
    assert.equal(redactSecrets('xabcdx', ['abcd']), `x${MASK}x`);
    assert.equal(redactSecrets('q=%61bcdef', ['abcd']), `q=${MASK}ef`);
    assert.equal(redactSecrets('q=%61bout', ['ab']), 'q=%61bout', 'an escaped word holding a short secret is left as it is');
    assert.equal(redactSecrets('a+ here', ['a+']), `${MASK} here`, 'a short secret with a character regular expressions use');
  });

  it('masks a secret that holds another whole, not the shorter one inside it', () => {
    assert.equal(redactSecrets('xx abcdefgh-longer yy', ['abcd', 'abcdefgh-longer']), `xx ${MASK} yy`);
  });

  it('decodes character references, form encoding and broken escapes before it looks', () => {
    assert.equal(redactSecrets('echo &#83;ECRET-azure-key-77 end', [KEY]), `echo ${MASK} end`);
    assert.equal(redactSecrets('pass=my+s%65cret+phrase', ['my secret phrase']), `pass=${MASK}`);
    assert.equal(redactSecrets('pass=my+secret+phrase&x=1', ['my secret phrase']), `pass=${MASK}&x=1`, 'form encoding with no % escape to decode');
    assert.equal(redactSecrets('pass=my+secret+ph%C3%A9+2', ['my secret phé 2']), `pass=${MASK}`);
    assert.equal(redactSecrets('k=%53ECRET-azure-key-77%FF', [KEY]), `k=${MASK}ÿ`, 'a run that is not UTF-8 is still read');
    assert.equal(redactSecrets('bad &#x110000; ref', [KEY]), 'bad &#x110000; ref', 'a reference past Unicode stays as written');
  });

  it('masks base64url of a secret and leaves base64 that holds none', () => {
    const token = Buffer.from('tester:k>?~s3cr3t~???').toString('base64url');
    assert.match(token, /-.*_/);
    assert.equal(redactSecrets(`auth ${token} end`, ['k>?~s3cr3t~???']), `auth ${MASK} end`);
    const plain = `id ${Buffer.from('plain text here').toString('base64')} end`;
    assert.equal(redactSecrets(plain, [KEY]), plain);
  });

  it('masks secret fields inside lists, keeps an empty or null one as it is, and writes XML back escaped', () => {
    assert.equal(redactBody('{"data": [{"password": "anything"}]}'), `{"data": [{"password": "${MASK}"}]}`);
    assert.equal(redactBody('{"password": "", "secretKey": null}'), '{"password": "", "secretKey": null}');
    assert.equal(redactBody(`<a><b>x &amp; ${KEY}</b></a>`, [KEY]), `<a><b>x &amp; ${MASK}</b></a>`);
    assert.equal(redactBody('', [KEY]), '');
    assert.equal(redactBody('<', [KEY]), '<', 'an answer with no element');
    assert.equal(redactBody(`{ ${KEY}`, [KEY]), `{ ${MASK}`, 'a cut-off JSON answer');
  });

  it('looks for each line of 16 characters or more of a multi-line key alone, indented or not', () => {
    const key = 'header\n  ABCDEFGHIJKLMNOP  \nfooter';
    assert.equal(redactSecrets('echoed ABCDEFGHIJKLMNOP alone', [key]), `echoed ${MASK} alone`);
  });
});
