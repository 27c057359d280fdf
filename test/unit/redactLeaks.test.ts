import assert from 'node:assert/strict';
import { MASK } from '../../server/src/core/secretFields';
import { redactBody } from '../../server/src/send/redact';

/** The edges of masking: where a secret, or part of one, could still be read in what is shown or kept. */
describe('masking secrets at their edges', () => {
  it('masks a secret field of YAML under a key with no value, on a list item, spaced from its colon or with a longer prefix', () => {
    assert.equal(redactBody('authRecord:\n  password: hunter2\n'), `authRecord:\n  password: "${MASK}"\n`);
    assert.equal(redactBody('data:\n  - password: hunter2\n    name: x\n'), `data:\n  - password: "${MASK}"\n    name: x\n`);
    assert.equal(redactBody('clientSecret : abc\nns1:authenticationKey: def\n'), `clientSecret : "${MASK}"\nns1:authenticationKey: "${MASK}"\n`);
  });

  it('masks a numeric secret echoed as a JSON number as a string, so the body stays JSON', () => {
    const out = redactBody('{"pin": 123456, "n": 7}', ['123456']);
    assert.deepEqual(JSON.parse(out), { pin: MASK, n: 7 });
  });
});
