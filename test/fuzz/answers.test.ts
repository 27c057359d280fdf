import assert from 'node:assert/strict';
import { printable } from '../../server/src/cli/printable';
import { parseJson } from '../../server/src/core/parse/json';
import { parseXml } from '../../server/src/core/parse/xml';
import { plainValue } from '../../server/src/core/plain';
import { analyze } from '../../server/src/core/analyze';
import { Format } from '../../server/src/core/tree';
import { pulledText } from '../../server/src/fleet/pulledText';
import { interpret } from '../../server/src/send/response';
import { hostileAnswers, SECRETS, USER } from './hostileAnswers';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const COUNT = Number(process.env.FUZZ_PER_FIXTURE ?? 3) * 25;

/** Every string a text holds once decoded: the text itself and, for XML or JSON, its values as a parser reads them. */
function decodedViews(text: string): string[] {
  const t = text.trimStart();
  const parsed = t.startsWith('<') ? parseXml(text) : t.startsWith('{') ? parseJson(text) : undefined;
  return [text, parsed?.root ? JSON.stringify(plainValue(parsed.root)) : '', Buffer.from(text.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1')];
}

function leaks(text: string): string | undefined {
  for (const view of decodedViews(text)) {
    if (view.includes(SECRETS[0]) || JSON.stringify(view).includes(JSON.stringify(SECRETS[0]).slice(1, -1))) return SECRETS[0];
    if (new RegExp(`(?<![\\p{L}\\p{N}])${SECRETS[1]}(?![\\p{L}\\p{N}])`, 'u').test(view)) return SECRETS[1];
    if (view.includes(`${USER}:`)) return 'Basic credentials';
  }
  return undefined;
}

/** A line break or a character that reorders a line: none may stand raw in a one-line message or a pulled file. */
const LINE_FORGING = /[\n\r\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe(`fuzzing hostile answers (seed ${SEED}, ${COUNT * 6} answers)`, () => {
  it('no secret is shown in any encoding, no control character reaches the terminal, nothing cut off reads as SUCCESS', () => {
    for (const a of hostileAnswers(SEED, COUNT)) {
      const r = interpret({ status: 200, body: a.body, headers: {}, ms: 1, bytes: a.body.length }, a.secrets);
      const shown = [r.pretty, r.summary, r.problem ?? '', r.errorMessage ?? '', r.responseCode ?? ''];
      for (const text of shown) {
        const leaked = leaks(text);
        assert.equal(leaked, undefined, `${a.name}: ${leaked} shown in ${JSON.stringify(text.slice(0, 300))}`);
        // eslint-disable-next-line no-control-regex -- none may reach the terminal
        assert.doesNotMatch(printable(text), /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/, a.name);
      }
      // What the server says is one line each: it cannot forge lines of the CLI's own, nor reorder one.
      for (const line of [r.summary, r.problem ?? '', r.errorMessage ?? '', r.responseCode ?? '']) assert.doesNotMatch(line, LINE_FORGING, `${a.name}: ${JSON.stringify(line)}`);
      if (a.truncated) assert.ok(!r.ok, `${a.name}: ${JSON.stringify(a.body)} read as ${r.summary}`);
      if (r.ok) assert.equal(r.responseCode, 'SUCCESS', a.name);
    }
  });

  it('a pulled file (pull, Open as Request) holds no echoed secret and no raw line-reordering character, and reads back clean', () => {
    for (const a of hostileAnswers(SEED, COUNT)) {
      if (!a.connector) continue;
      for (const format of ['yaml', 'json', 'xml'] as Format[]) {
        const text = pulledText('aws', a.connector, format, a.secrets);
        assert.equal(leaks(text), undefined, `${a.name} (${format}): ${text}`);
        // YAML and JSON hold line breaks only between their lines, escaped in strings; XML may keep a newline in text.
        for (const line of text.split('\n')) assert.doesNotMatch(line, LINE_FORGING, `${a.name} (${format}): ${JSON.stringify(line)}`);
        const findings = analyze(text, `aws-update.qualys.${format}`).findings.filter((f) => f.code === 'syntax');
        assert.deepEqual(findings, [], `${a.name} (${format}): ${text}`);
      }
    }
  });
});
