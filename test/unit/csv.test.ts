import assert from 'node:assert/strict';
import { parseCsv } from '../../server/src/core/fleet/csv';

/** An inventory exported as CSV: what a spreadsheet or a cloud CLI writes, read as the user meant it, or refused on the right line. */
describe('CSV inventories', () => {
  it('reads a last field with no line break after it, a trailing comma, and a quoted empty field as a row', () => {
    assert.deepEqual(parseCsv('a,b'), { rows: [['a', 'b']] });
    assert.deepEqual(parseCsv('a,'), { rows: [['a', '']] });
    assert.deepEqual(parseCsv('a\n""\nb'), { rows: [['a'], [''], ['b']] }, 'a quoted empty field is a value, not a blank line');
    assert.deepEqual(parseCsv('a\n""'), { rows: [['a'], ['']] });
    assert.deepEqual(parseCsv('a\n\n\nb\n'), { rows: [['a'], ['b']] }, 'blank lines are no rows');
  });

  it('ends lines at LF, CRLF or a lone CR, and counts a CRLF as one line', () => {
    assert.deepEqual(parseCsv('a,b\rc,d\r\ne,f\n'), { rows: [['a', 'b'], ['c', 'd'], ['e', 'f']] });
    assert.deepEqual(parseCsv('a\r\nb\r\n"c'), { problem: 'a quoted field is never closed', line: 3 });
  });

  it('counts the lines inside a quoted field, so a later mistake is on its own line', () => {
    assert.deepEqual(parseCsv('"a\nb\nc",x\n"d'), { problem: 'a quoted field is never closed', line: 4 });
    assert.deepEqual(parseCsv('"multi\nline",x\ny,"z"w'), { problem: 'text after a quoted field\'s closing quote (a quote in a field is written "")', line: 3 });
  });

  it('refuses text after a closing quote and a quote inside a field, at the line of each', () => {
    assert.deepEqual(parseCsv('"a"b'), { problem: 'text after a quoted field\'s closing quote (a quote in a field is written "")', line: 1 });
    assert.deepEqual(parseCsv('ok\nab"c"'), { problem: 'a quote inside a field that does not start with one (write the field in quotes, and a quote in it as "")', line: 2 });
    assert.deepEqual(parseCsv('"a","b"\r\n"c"\r'), { rows: [['a', 'b'], ['c']] }, 'a closing quote before CR or CRLF ends its field');
  });
});
