import assert from 'node:assert/strict';
import { runSafe } from '../../server/src/runSafe';

describe('runSafe (every server handler runs inside it)', () => {
  it('answers the fallback and logs once when the handler throws', () => {
    const logged: string[] = [];
    const result = runSafe({ error: (m) => logged.push(m) }, 'Hover', null, undefined, () => {
      throw new TypeError('boom');
    });
    assert.equal(result, null);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^Hover failed: TypeError: boom/);
  });

  it('does not run a request that was cancelled', () => {
    let ran = false;
    const result = runSafe({ error: () => undefined }, 'Completion', [], { isCancellationRequested: true }, () => {
      ran = true;
      return [1];
    });
    assert.deepEqual(result, []);
    assert.equal(ran, false);
  });

  it('passes the answer through when all is well', () => {
    assert.deepEqual(runSafe({ error: () => assert.fail('no log') }, 'Symbols', [], undefined, () => [42]), [42]);
  });
});
