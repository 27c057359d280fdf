import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionRequest } from 'vscode-languageserver-protocol/node';
import { LanguageService } from '../server/src/service/languageService';
import { Format } from '../server/src/service/tree';
import { LspClient } from '../test/protocol/lspClient';
import { generateRequest } from './generate';

/**
 * `npm run bench`: server time for diagnostics and completion after a keystroke, in process (the
 * language service alone) and over stdio (the real server, as an editor sees it). Medians.
 */
const FORMATS: Format[] = ['xml', 'json', 'yaml'];
const SIZES = [2_000, 10_000];
const RUNS = 40;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number): number => Math.round(n * 1000) / 1000;

/** A cursor where completion is asked: after `runFrequency` (a value) in the request. */
function cursorOf(text: string, format: Format): number {
  const key = format === 'xml' ? '<runFrequency>' : format === 'json' ? '"runFrequency": ' : 'runFrequency: ';
  return text.indexOf(key) + key.length;
}

interface Row {
  format: Format;
  bytes: number;
  diagnosticsMs: number;
  completionMs: number;
  wireDiagnosticsMs?: number;
  wireCompletionMs?: number;
}

function inProcess(format: Format, text: string): Omit<Row, 'format' | 'bytes'> {
  const service = new LanguageService({ include: [] });
  const diag: number[] = [];
  const comp: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A keystroke: a new version with one character changed, so nothing is served from the cache.
    const edited = text.replace('Benchmark connector', `Benchmark connector ${i}`);
    const doc = TextDocument.create(`file:///bench/r.${format}`, format, i + 1, edited);
    let t = performance.now();
    service.doValidation(doc);
    diag.push(performance.now() - t);
    const doc2 = TextDocument.create(`file:///bench/r.${format}`, format, i + 1000, edited + ' ');
    t = performance.now();
    service.doComplete(doc2, doc2.positionAt(cursorOf(edited, format)));
    comp.push(performance.now() - t);
  }
  return { diagnosticsMs: ms(median(diag)), completionMs: ms(median(comp)) };
}

async function overTheWire(client: LspClient, format: Format, text: string, id: number): Promise<{ wireDiagnosticsMs: number; wireCompletionMs: number }> {
  const uri = `file:///bench/wire-${id}.${format}`;
  await client.open(uri, format, text);
  await client.diagnosticsFor(uri, 1);
  const diag: number[] = [];
  const comp: number[] = [];
  for (let i = 0; i < RUNS / 2; i++) {
    const edited = text.replace('Benchmark connector', `Benchmark connector ${i}`);
    let t = performance.now();
    await client.change(uri, i + 2, edited);
    await client.diagnosticsFor(uri, i + 2);
    diag.push(performance.now() - t);
    const pos = TextDocument.create(uri, format, 0, edited).positionAt(cursorOf(edited, format));
    t = performance.now();
    await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos });
    comp.push(performance.now() - t);
  }
  await client.close(uri);
  return { wireDiagnosticsMs: ms(median(diag)), wireCompletionMs: ms(median(comp)) };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const client = new LspClient();
  await client.initialize({ validationDelay: 0 });
  let id = 0;
  for (const bytes of SIZES) {
    for (const format of FORMATS) {
      const text = generateRequest(format, bytes);
      inProcess(format, text); // warm-up: schema compilation and JIT
      const row: Row = { format, bytes: text.length, ...inProcess(format, text), ...(await overTheWire(client, format, text, id++)) };
      rows.push(row);
    }
  }
  await client.stop();
  console.log('Median milliseconds per keystroke (service = server time in process; wire = round trip over stdio, validation delay 0)');
  console.table(rows.map((r) => ({ format: r.format, bytes: r.bytes, 'diagnostics (service)': r.diagnosticsMs, 'completion (service)': r.completionMs, 'diagnostics (wire)': r.wireDiagnosticsMs, 'completion (wire)': r.wireCompletionMs })));
  const worst = Math.max(...rows.filter((r) => r.bytes <= 11_000).flatMap((r) => [r.diagnosticsMs, r.completionMs]));
  console.log(`Typical request (<= 10 KB): worst median server time ${worst} ms (target: under 10 ms).`);
  const out = join(__dirname, '../../bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, rows }, null, 2) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
