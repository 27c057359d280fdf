import assert from 'node:assert/strict';
import { secretsIn as found } from '../../server/src/send/secrets';

const secretsIn = (text: string): string[] => found(text).sort();

/** The secrets a request carries, found to be kept out of what is shown: as the server would read them, even from a broken body. */
describe('the secrets a request body carries', () => {
  it('reads the secret fields of a whole body, numbers and booleans as text, trimmed; an empty or nested value is none', () => {
    assert.deepEqual(secretsIn('{"authenticationKey": "  k3y-value  ", "password": 12345, "clientSecret": true, "secretKey": "", "privateKey": {"a": "b"}, "name": "not secret"}'), ['12345', 'k3y-value', 'true']);
    assert.deepEqual(secretsIn('name: n\n'), []);
  });

  it('still finds them in a body with a syntax error (sent with --force), decoded as its format would be', () => {
    assert.deepEqual(secretsIn('{"authenticationKey": "ab\\u00e7d", "password": 98765, "clientSecret": "bad\\xescape", "name": '), ['98765', 'abçd', 'bad\\xescape', 'badescape'], 'the tolerant parser\'s reading and the text\'s, both masked');
    assert.deepEqual(secretsIn('<ServiceRequest><authenticationKey><![CDATA[s3cr<et]]></authenticationKey><q:password>&#x41;BC&amp;</q:password><secretKey></secretKey><broken'), ['ABC&', 's3cr<et']);
    assert.deepEqual(secretsIn('authenticationKey: "quoted secret"\npassword: \'single one\'\nclientSecret: bare value\nlist: [unclosed\n'), ['bare value', 'quoted secret', 'single one']);
  });

  it('takes no null as a secret (else every "null" shown would be masked), and reads a body with no root', () => {
    assert.deepEqual(secretsIn('{"password": null, "clientSecret": "c"}'), ['c']);
    assert.deepEqual(secretsIn('<'), []);
    assert.deepEqual(secretsIn('["x", {"password": "p"}]'), ['p']);
  });

  it('keeps the quotes inside a broken value as written, and strips only the quotes around a YAML value', () => {
    assert.ok(secretsIn('{"password": "q\\"uote\\x", "a": ').includes('q\\"uote\\x'));
    const yaml = secretsIn('password: pass "word"\nclientSecret: "a" b\nx: [\n');
    assert.ok(yaml.includes('pass "word"') && yaml.includes('"a" b'), yaml.join(' | '));
  });
});
