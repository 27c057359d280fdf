import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../server/src/core/analyze';

/**
 * Invalid request fixtures: each file marks the exact span of every finding it must produce with
 * « and », and `cases.json` lists the expected codes in the order of the opening markers. A code
 * may be written `severity:code` to assert the severity too. Every finding is asserted: an extra
 * or a missing one fails the case.
 */
const DIR = path.join(__dirname, '../../../test/fixtures/invalid');
const MANIFEST = 'cases.json';
const OPEN = '\u00ab';
const CLOSE = '\u00bb';
const SEVERITIES = new Set(['error', 'warning', 'information']);

interface Marked {
  text: string;
  /** In the order of the opening markers. */
  spans: { start: number; end: number }[];
}

interface Expected {
  code: string;
  severity?: string;
}

interface Compared {
  code: string;
  start: number;
  end: number;
}

/** Removes the markers, giving the spans they enclose as offsets (UTF-16) into the stripped text. */
function stripMarkers(raw: string, file: string): Marked {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === OPEN) {
      open.push(spans.length);
      spans.push({ start: text.length, end: -1 });
    } else if (ch === CLOSE) {
      const index = open.pop();
      assert.ok(index !== undefined, `${file}: "${CLOSE}" at offset ${i} closes no "${OPEN}"`);
      spans[index].end = text.length;
    } else {
      text += ch;
    }
  }
  assert.strictEqual(open.length, 0, `${file}: ${open.length} "${OPEN}" marker(s) left unclosed`);
  return { text, spans };
}

function parseCode(entry: string, file: string): Expected {
  const colon = entry.indexOf(':');
  if (colon < 0) return { code: entry };
  const severity = entry.slice(0, colon);
  assert.ok(SEVERITIES.has(severity), `${file}: unknown severity "${severity}" in "${entry}"`);
  return { code: entry.slice(colon + 1), severity };
}

function byPlace<T extends Compared>(a: T, b: T): number {
  return a.start - b.start || a.end - b.end || a.code.localeCompare(b.code);
}

function readManifest(): Record<string, string[]> {
  return JSON.parse(fs.readFileSync(path.join(DIR, MANIFEST), 'utf8')) as Record<string, string[]>;
}

describe('invalid fixtures', () => {
  const manifest = readManifest();
  const files = fs.readdirSync(DIR).filter((f) => f !== MANIFEST).sort();

  it('lists every fixture file in cases.json, and only existing files', () => {
    assert.deepStrictEqual(
      files.filter((f) => !Object.prototype.hasOwnProperty.call(manifest, f)),
      [],
      'fixture files missing from cases.json',
    );
    assert.deepStrictEqual(
      Object.keys(manifest).filter((f) => !files.includes(f)),
      [],
      'cases.json entries without a fixture file',
    );
  });

  it('has at least 13 fixtures in each format', () => {
    for (const ext of ['.xml', '.json', '.yaml']) {
      const count = Object.keys(manifest).filter((f) => f.endsWith(ext)).length;
      assert.ok(count >= 13, `only ${count} ${ext} fixtures`);
    }
  });

  for (const [file, codes] of Object.entries(manifest)) {
    it(`${file}: ${codes.join(', ')}`, () => {
      const raw = fs.readFileSync(path.join(DIR, file), 'utf8');
      const { text, spans } = stripMarkers(raw, file);
      assert.strictEqual(spans.length, codes.length, `${file}: ${spans.length} marked span(s) but ${codes.length} code(s) in cases.json`);

      const expected = codes.map((c, i) => ({ ...parseCode(c, file), ...spans[i] })).sort(byPlace);
      const { findings } = analyze(text, file);
      assert.ok(findings.length > 0, `${file}: no findings`);
      for (const f of findings) {
        assert.ok(typeof f.message === 'string' && f.message.trim() !== '', `${file}: empty message for ${f.code} at [${f.span.start},${f.span.end}]`);
      }

      const actual = findings
        .map((f) => ({ code: f.code, start: f.span.start, end: f.span.end, severity: f.severity, message: f.message }))
        .sort(byPlace);
      const place = (f: Compared): Compared => ({ code: f.code, start: f.start, end: f.end });
      assert.deepStrictEqual(actual.map(place), expected.map(place), `${file}: findings differ\n${describeAll(text, actual)}`);

      // Same sort, same places and codes: the lists are aligned item by item.
      expected.forEach((e, i) => {
        if (e.severity !== undefined) {
          assert.strictEqual(actual[i].severity, e.severity, `${file}: ${e.code} at [${e.start},${e.end}] has severity ${actual[i].severity}, expected ${e.severity}`);
        }
      });
    });
  }
});

/** What the core reported, with the text under each span, to fix a fixture quickly. */
function describeAll(text: string, findings: (Compared & { severity: string; message: string })[]): string {
  return findings
    .map((f) => `  ${f.severity} ${f.code} [${f.start},${f.end}] ${JSON.stringify(text.slice(f.start, f.end))}: ${f.message}`)
    .join('\n');
}
