import assert from 'node:assert/strict';
import { lineIndexAt } from '../../server/src/core/lines';

describe('the line an offset is on', () => {
  it('counts the newlines before the offset: a newline belongs to the line it ends', () => {
    const text = 'a\nbc\n\nd';
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((o) => lineIndexAt(text, o)), [0, 0, 1, 1, 1, 2, 3, 3]);
    assert.equal(lineIndexAt('\n\n', 0), 0, 'a text that starts with a newline: offset 0 is line 0');
    assert.equal(lineIndexAt(text, 1000), 3, 'past the end: the last line');
    assert.equal(lineIndexAt('', 0), 0);
  });
});
