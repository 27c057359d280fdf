import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionRequest, DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LanguageService } from '../../server/src/service/languageService';
import { LspClient } from '../protocol/lspClient';
import { Format, Mutant, mutants } from './mutate';

/**
 * Robustness: every fixture, mutated (byte flips, truncations, deleted and duplicated lines,
 * 10,000-deep nesting, a 5 MB line, invalid UTF-8, a BOM, CRLF, NUL bytes), goes through the
 * language service, the server over the protocol, the converter and the CLI: no crash, no hang
 * (each input answered within a second), memory bounded. `npm test` runs a fixed seed;
 * `npm run fuzz` runs longer (FUZZ_PER_FIXTURE, FUZZ_SEED).
 */
const ROOT = join(__dirname, '../../..');
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const PER_FIXTURE = Number(process.env.FUZZ_PER_FIXTURE ?? 3);
const LIMIT_MS = 1000;

const fixtures: { name: string; format: Format; text: string }[] = [];
for (const dir of ['valid', 'invalid']) {
  for (const name of readdirSync(join(ROOT, 'test/fixtures', dir)).filter((n) => /\.(xml|json|yaml)$/.test(n))) {
    const format = name.split('.').pop() as Format;
    fixtures.push({ name: `${dir}/${name}`, format, text: readFileSync(join(ROOT, 'test/fixtures', dir, name), 'utf8').replace(/[«»]/g, '') });
  }
}

/** The mutants, made one fixture at a time: all of them at once (5 MB lines included) would not fit in memory. */
function* corpus(): Generator<{ fixture: string; format: Format; mutant: Mutant; index: number }> {
  let index = 0;
  for (const [i, f] of fixtures.entries()) {
    for (const mutant of mutants(f.text, f.format, SEED + i, PER_FIXTURE)) yield { fixture: f.name, format: f.format, mutant, index: index++ };
  }
}
const TOTAL = fixtures.length * PER_FIXTURE;

function timed<T>(what: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  assert.ok(ms < LIMIT_MS, `${what} took ${Math.round(ms)} ms`);
  return result;
}

describe(`fuzzing (seed ${SEED}, ${PER_FIXTURE} mutants per fixture)`, function () {
  this.timeout(3_600_000);

  it(`the language service answers every one of ${TOTAL} mutants within ${LIMIT_MS} ms, without throwing`, () => {
    const service = new LanguageService({ include: [] });
    const heapBefore = process.memoryUsage().heapUsed;
    let version = 0;
    for (const { fixture, format, mutant } of corpus()) {
      const what = `${fixture} (${mutant.name})`;
      const doc = TextDocument.create(`file:///fuzz/request.qualys.${format}`, format, ++version, mutant.text);
      const diagnostics = timed(`validation of ${what}`, () => service.doValidation(doc));
      for (const d of diagnostics) {
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        assert.ok(d.range.start.line <= d.range.end.line, what);
        assert.ok(message.length > 0 && message.length < 2000, `${what}: message of ${message.length} chars: ${message.slice(0, 200)}`);
      }
      const text = doc.getText();
      const positions = [0, Math.floor(text.length / 3), Math.floor(text.length / 2), text.length].map((o) => doc.positionAt(o));
      for (const p of positions) {
        timed(`completion in ${what}`, () => service.doComplete(doc, p));
        timed(`hover in ${what}`, () => service.doHover(doc, p));
      }
      timed(`symbols of ${what}`, () => service.findDocumentSymbols(doc));
      timed(`folding of ${what}`, () => service.getFoldingRanges(doc));
      timed(`code actions of ${what}`, () => service.getCodeActions(doc, diagnostics[0]?.range ?? { start: positions[0], end: positions[0] }, diagnostics));
      for (const to of ['xml', 'json', 'yaml'] as const) timed(`convert ${what} to ${to}`, () => service.convert(doc, to));
      timed(`prepare-send of ${what}`, () => service.prepareSend(doc, {}));
      service.forget(doc.uri);
    }
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    assert.ok(growthMb < 512, `heap grew by ${Math.round(growthMb)} MB`);
  });

  it('the server process answers every mutant over the protocol and stays up', async () => {
    const client = new LspClient();
    await client.initialize({ validationDelay: 0 });
    for (const { format, mutant, index } of corpus()) {
      if (index % 3 !== 0) continue;
      const uri = `file:///fuzz/p${index}.qualys.${format}`;
      await client.open(uri, format, mutant.text);
      await client.diagnosticsFor(uri, 1, 10_000);
      const position = { line: 1, character: 2 };
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      await client.close(uri);
    }
    assert.equal(await client.stop(), 0, `the server exited cleanly; stderr: ${client.stderr.slice(-2000)}`);
    assert.ok(!/RangeError|TypeError|at .*\.js:\d+/.test(client.stderr), client.stderr.slice(-2000));
  });

  it('the CLI checks every mutant as a file, with exit status 0 or 1 and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qc-fuzz-'));
    let written = 0;
    let large = 0;
    for (const { format, mutant, index } of corpus()) {
      if (index % 2 !== 0) continue;
      // A few 5 MB files make the point; hundreds would only fill the disk.
      if (mutant.text.length > 1_000_000 && ++large > 5) continue;
      writeFileSync(join(dir, `m${index}.qualys.${format}`), mutant.text);
      written++;
    }
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'validate', '--format', 'json', '*.qualys.*'], { cwd: dir, encoding: 'utf8', timeout: 120_000, maxBuffer: 512 * 1024 * 1024 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(-2000)}`);
    assert.ok(!/\n\s+at /.test(r.stderr), r.stderr.slice(-2000));
    const results = JSON.parse(r.stdout) as unknown[];
    assert.equal(results.length, written);
  });
});
