import assert from 'node:assert/strict';
import { escapeForDisplay, escapeInFile } from '../../server/src/core/displayText';
import { plainValue } from '../../server/src/core/plain';
import { parse } from '../../server/src/core/parse';
import { serialize } from '../../server/src/core/serialize';
import { Format } from '../../server/src/core/tree';
import { changeLine } from '../../server/src/fleet/render';

const REORDERING = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u2028', '\u2029'];

describe('text from a server, shown and written', () => {
  it('escapeForDisplay: one line, every line break and bidi control escaped, tabs and ordinary text kept', () => {
    assert.equal(escapeForDisplay('a\nb\r\nc'), 'a\\nb\\r\\nc');
    for (const c of REORDERING) assert.equal(escapeForDisplay(`x${c}y`), `x\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}y`);
    assert.equal(escapeForDisplay('\u001b[2J\u009b'), '\\u001b[2J\\u009b');
    assert.equal(escapeForDisplay('tab\there, é ü 漢字'), 'tab\there, é ü 漢字');
  });

  for (const format of ['yaml', 'json', 'xml'] as Format[]) {
    it(`escapeInFile (${format}): no raw bidi control, line separator or (XML) CR, and the file reads back as the same value`, () => {
      const value = { ServiceRequest: { data: { AwsAssetDataConnector: { name: `n${REORDERING.join('')}`, description: 'a\r\nb\rc' } } } };
      const text = escapeInFile(serialize(value, format), format);
      assert.doesNotMatch(text, new RegExp(`[${REORDERING.join('')}]`));
      if (format === 'xml') assert.ok(!text.includes('\r'), text);
      const parsed = parse(text, format);
      assert.deepEqual(parsed.problems.filter((p) => p.code !== 'mixed-content'), []);
      const back = plainValue(parsed.root!) as typeof value;
      assert.equal(back.ServiceRequest.data.AwsAssetDataConnector.name, value.ServiceRequest.data.AwsAssetDataConnector.name);
      assert.equal(back.ServiceRequest.data.AwsAssetDataConnector.description, value.ServiceRequest.data.AwsAssetDataConnector.description);
    });
  }

  it("a plan's change line shows the live connector's texts with their bidi controls and line separators escaped", () => {
    const line = changeLine({ path: 'name', action: 'value', before: 'prod\u202e1\u20282', after: 'prod' });
    assert.equal(line, 'name: "prod\\u202e1\\u20282" → "prod"');
  });
});
