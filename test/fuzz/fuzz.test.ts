import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionRequest, DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LanguageService } from '../../server/src/service/languageService';
import { LspClient } from '../protocol/lspClient';
import { MAX_FINDINGS } from '../../server/src/core/limits';
import { hostileCorpus, hostileGlob } from './hostile';
import { Format, Mutant, mutants } from './mutate';
import { tempDir } from '../harness';

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
    let exitCode: number | null;
    try {
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
    } finally {
      // Stopped whatever happened above: a server left running kept mocha from exiting.
      exitCode = await client.stop();
    }
    assert.equal(exitCode, 0, `the server exited cleanly; stderr: ${client.stderr.slice(-2000)}`);
    assert.ok(!/RangeError|TypeError|at .*\.js:\d+/.test(client.stderr), client.stderr.slice(-2000));
  });

  it('the CLI checks every mutant as a file, with exit status 0 or 1 and no stack trace', () => {
    const dir = tempDir('qc-fuzz-');
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

/**
 * The hostile shapes (alias bombs, 80,000 empty elements, 20,000 findings, files past the size
 * limit, a backtracking glob) through every layer: each ends in the finding that names what was
 * refused, within HOSTILE_LIMIT_MS, and the server and the CLI within a 300 MB heap.
 */
// The aim is under a second of server time; twice that here, so that a loaded machine does not fail
// it, is still far below the seconds to minutes (or the crash) each of these cost before.
const HOSTILE_LIMIT_MS = 2000;
const HEAP = '--max-old-space-size=300';

describe('hostile files', function () {
  this.timeout(120_000);

  it('the language service answers each with the finding that names what was refused', () => {
    const service = new LanguageService({ include: [] });
    for (const h of hostileCorpus()) {
      const doc = TextDocument.create(`file:///hostile/request.qualys.${h.format}`, h.format, 1, h.text);
      const started = performance.now();
      const diagnostics = service.doValidation(doc);
      const ms = performance.now() - started;
      assert.ok(ms < HOSTILE_LIMIT_MS, `${h.name}: validation took ${Math.round(ms)} ms`);
      assert.ok(diagnostics.some((d) => d.code === h.code), `${h.name}: no ${h.code} among ${[...new Set(diagnostics.map((d) => d.code))].join(', ')}`);
      assert.ok(diagnostics.length <= MAX_FINDINGS + 1, `${h.name}: ${diagnostics.length} diagnostics`);
      const end = doc.positionAt(h.text.length);
      for (const p of [{ line: 0, character: 1 }, end]) {
        timed(`completion in ${h.name}`, () => service.doComplete(doc, p));
        timed(`hover in ${h.name}`, () => service.doHover(doc, p));
      }
      timed(`symbols of ${h.name}`, () => service.findDocumentSymbols(doc));
      service.forget(doc.uri);
    }
  });

  it('the server process publishes them within a 300 MB heap, and a backtracking include glob does not block it', async () => {
    const { glob, path } = hostileGlob();
    const client = new LspClient(['--stdio'], undefined, [HEAP]);
    let exitCode: number | null;
    try {
      const braces = '{a,b}'.repeat(20);
      await client.initialize({ validationDelay: 0, include: [glob, braces] });
      const named = `${path}.qualys.json`;
      await client.open(named, 'json', '{"ServiceRequest": {}}');
      await client.diagnosticsFor(named, 1, HOSTILE_LIMIT_MS * 2);
      // Logged while initializing, so before those diagnostics.
      assert.ok(client.logs.some((l) => l.startsWith(`qualys.files.include: "${braces.slice(0, 80)}…" is not used`)), client.logs.join('\n'));
      for (const [i, h] of hostileCorpus().entries()) {
        const uri = `file:///hostile/h${i}.qualys.${h.format}`;
        await client.open(uri, h.format, h.text);
        const diagnostics = await client.diagnosticsFor(uri, 1, 20_000);
        assert.ok(diagnostics.some((d) => d.code === h.code), `${h.name}: no ${h.code}`);
        await client.close(uri);
      }
    } finally {
      exitCode = await client.stop();
    }
    assert.equal(exitCode, 0, `the server exited cleanly; stderr: ${client.stderr.slice(-2000)}`);
  });

  it('the CLI reports each within a 300 MB heap', () => {
    const dir = tempDir('qc-hostile-');
    const corpus = hostileCorpus();
    corpus.forEach((h, i) => writeFileSync(join(dir, `h${i}.qualys.${h.format}`), h.text));
    const r = spawnSync(process.execPath, [HEAP, join(ROOT, 'dist/cli.js'), 'validate', '--format', 'json', '*.qualys.*'], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 1, `exit ${r.status}: ${r.stderr.slice(-2000)}`);
    const results = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string }[] }[];
    corpus.forEach((h, i) => {
      const result = results.find((x) => x.file === `h${i}.qualys.${h.format}`);
      assert.ok(result?.diagnostics.some((d) => d.code === h.code), `${h.name}: no ${h.code}`);
    });
  });
});
