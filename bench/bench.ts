import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseTree } from 'jsonc-parser';
import { SaxesParser } from 'saxes';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionRequest, DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { LanguageService } from '../server/src/service/languageService';
import { requestSchemaId } from '../server/src/core/schema/store';
import { Format } from '../server/src/core/tree';
import { LspClient } from '../test/protocol/lspClient';
import { bundleSchema } from '../server/src/core/schema/bundle';
import { fleetBudget } from './fleet';
import { generateRequest } from './generate';
import { mutationLines, mutationScores } from './mutation';
import { coldStartToDiagnostics, LARGE_BYTES, largeRequest, startupBreakdown } from './editor';

/**
 * `npm run bench`: the language server as an editor drives it (a process over stdio), beside
 * yaml-language-server on the same YAML documents and schema, and each format's bare parser as
 * the floor. Medians; one table printed, the same written to bench/results.json.
 */
const FORMATS: Format[] = ['xml', 'json', 'yaml'];
const SIZES = [2_000, 10_000, 100_000, 1_000_000];
// Resolved through the package, not a path inside it: its layout moved between 1.x and 2.x.
const YLS_MAIN = require.resolve('yaml-language-server');
const YLS = join(dirname(require.resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (n: number): number => Math.round(n * 100) / 100;
const runsFor = (bytes: number): number => (bytes >= 1_000_000 ? 5 : bytes >= 100_000 ? 9 : 25);

function time(fn: () => void, runs: number): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return round(median(xs));
}

const BARE: Record<Format, { library: string; parse: (t: string) => void }> = {
  xml: {
    library: 'saxes (events only: it builds no tree)',
    parse: (t) => {
      const p = new SaxesParser({ position: true });
      p.on('opentag', () => undefined);
      p.on('text', () => undefined);
      p.on('closetag', () => undefined);
      p.write(t).close();
    },
  },
  json: { library: 'jsonc-parser parseTree', parse: (t) => parseTree(t, []) },
  yaml: { library: 'yaml parseDocument', parse: (t) => parseDocument(t) },
};

function cursorOf(text: string, format: Format): number {
  const key = format === 'xml' ? '<runFrequency>' : format === 'json' ? '"runFrequency": ' : 'runFrequency: ';
  return text.indexOf(key) + key.length;
}

/** A keystroke: the same request with one character more in its name. */
const edit = (text: string, i: number): string => text.replace('Benchmark connector', `Benchmark connector${'x'.repeat((i % 5) + 1)}`);

function serviceTimes(format: Format, text: string, runs: number): { diagnostics: number; completion: number } {
  const service = new LanguageService({ include: [] });
  let v = 0;
  const diagnostics = time(() => {
    v++;
    service.doValidation(TextDocument.create(`file:///bench/s.${format}`, format, v, edit(text, v)));
  }, runs);
  const completion = time(() => {
    v++;
    const doc = TextDocument.create(`file:///bench/c.${format}`, format, v, edit(text, v));
    service.doComplete(doc, doc.positionAt(cursorOf(doc.getText(), format)));
  }, runs);
  return { diagnostics, completion };
}

async function wireTimes(client: LspClient, uri: string, format: Format, text: string, runs: number, withCompletion: boolean): Promise<{ diagnostics: number; completion?: number }> {
  await client.open(uri, format, text);
  await client.diagnosticsFor(uri, 1, 120_000);
  const diag: number[] = [];
  const comp: number[] = [];
  for (let i = 0; i < runs; i++) {
    const next = edit(text, i);
    const count = client.published(uri) + 1;
    const t = performance.now();
    await client.change(uri, i + 2, next);
    await client.diagnosticsFor(uri, count, 120_000);
    diag.push(performance.now() - t);
    if (withCompletion) {
      const position = TextDocument.create(uri, format, 0, next).positionAt(cursorOf(next, format));
      const c = performance.now();
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      comp.push(performance.now() - c);
    }
  }
  await client.close(uri);
  return { diagnostics: round(median(diag)), ...(withCompletion ? { completion: round(median(comp)) } : {}) };
}

interface YlsService {
  configure(settings: object): void;
  doValidation(doc: TextDocument, isKubernetes: boolean): Promise<unknown[]>;
}

/** yaml-language-server's own language service in this process: its server time, without its fixed 200 ms validation delay. */
async function ylsService(schema: object): Promise<YlsService> {
  const mod = (await import(pathToFileURL(YLS_MAIN).href)) as { getLanguageService(params: object): YlsService };
  const ls = mod.getLanguageService({ schemaRequestService: async () => JSON.stringify(schema), workspaceContext: { resolveRelativePath: (p: string) => p }, clientCapabilities: {} });
  ls.configure({ validate: true, completion: true, hover: true, schemas: [{ uri: 'file:///bench/schema.json', fileMatch: ['*.yaml'], schema }] });
  return ls;
}

let ylsDocs = 0;

async function ylsServiceTime(ls: YlsService, text: string, runs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i <= runs; i++) {
    // A new URI every time: its document cache is keyed by URI and version.
    const doc = TextDocument.create(`file:///bench/yls${ylsDocs++}.yaml`, 'yaml', 1, edit(text, i));
    const t = performance.now();
    await ls.doValidation(doc, false);
    if (i > 0) xs.push(performance.now() - t);
  }
  return round(median(xs));
}

async function startYls(schemaPath: string): Promise<LspClient> {
  const yls = new LspClient(['--stdio'], YLS);
  await yls.initialize();
  await yls.connection.sendNotification(DidChangeConfigurationNotification.type, {
    settings: { yaml: { validate: true, hover: true, completion: true, schemas: { [`file://${schemaPath}`]: ['*.yaml'] }, schemaStore: { enable: false } } },
  });
  return yls;
}

async function coldStart(make: () => LspClient, init: (c: LspClient) => Promise<unknown>, text: string, ext: string): Promise<{ initialize: number; firstDiagnostics: number }> {
  const inits: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const c = make();
    await init(c);
    inits.push(performance.now() - t);
    await c.open(`file:///bench/cold.${ext}`, ext, text);
    await c.diagnosticsFor(`file:///bench/cold.${ext}`, 1, 60_000);
    firsts.push(performance.now() - t);
    await c.stop();
  }
  return { initialize: round(median(inits)), firstDiagnostics: round(median(firsts)) };
}

/** Open → first diagnostics on a running server with the default settings (typing delay 200 ms): an open must not wait for it. */
async function openToDiagnostics(text: string, ext: string): Promise<number> {
  const c = new LspClient();
  await c.initialize();
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const uri = `file:///bench/open-${i}.${ext}`;
    const t = performance.now();
    await c.open(uri, ext, text);
    await c.diagnosticsFor(uri, 1, 60_000);
    times.push(performance.now() - t);
  }
  await c.stop();
  return round(median(times));
}

function rssKb(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface Row {
  format: Format;
  bytes: number;
  service: { diagnostics: number; completion: number };
  wire: { diagnostics: number; completion?: number };
  bareParse: number;
  ratioToBare: number;
  yls?: { diagnostics: number; completion?: number };
  ylsService?: number;
  /** yaml-language-server's server time over ours, for YAML diagnostics. */
  ratioToYls?: number;
}

/** The editor's waits (issue 23): first squiggles after a start, and a large request's completion after a keystroke. */
async function editorWaits(): Promise<{ startup: ReturnType<typeof startupBreakdown>; coldStart: Awaited<ReturnType<typeof coldStartToDiagnostics>>; large: Awaited<ReturnType<typeof largeRequest>> }> {
  // First, before this process has compiled a schema or warmed a parser.
  const startup = startupBreakdown();
  const coldStart = await coldStartToDiagnostics();
  const large = await largeRequest();
  return { startup, coldStart, large };
}

function printEditorWaits(w: Awaited<ReturnType<typeof editorWaits>>): void {
  const s = w.startup;
  console.log(`Start → first squiggles (2 KB YAML, default settings, ${w.coldStart.runs} fresh servers): initialize answered ${w.coldStart.initializeMs} ms, first diagnostics ${w.coldStart.firstDiagnosticsMs} ms (target: within 500 ms of the window being ready).`);
  console.log(`  where it goes: Node itself ${s.nodeMs} ms, + the server bundle ${round(s.bundleMs - s.nodeMs)} ms; the build's validators loaded ${s.validatorsMs} ms (compiling one schema at run time instead: ${s.schemasMs} ms); a first analysis (parse, bind, check, rules) ${s.firstAnalysisMs} ms.`);
  console.table(
    w.large.map((r) => ({ format: r.format, bytes: r.bytes, 'keystroke → completion': r.completionAfterEditMs, 'completion, same version': r.completionSameVersionMs, 'keystroke → diagnostics (200 ms delay)': r.diagnosticsAfterEditMs })),
  );
  console.log(`A ${Math.round(LARGE_BYTES / 1000)} KB request, completion deep inside right after a one-character edit (over the protocol): worst median ${Math.max(...w.large.map((r) => r.completionAfterEditMs))} ms (target: under 100 ms).`);
}

async function main(): Promise<void> {
  const out = join(__dirname, '../../bench');
  if (process.argv.includes('--editor')) {
    // `npm run bench -- --editor`: only the editor's waits, in a minute; written beside the full results.
    const waits = await editorWaits();
    printEditorWaits(waits);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'results-editor.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, ...waits }, null, 2) + '\n');
    return;
  }
  const editor = await editorWaits();
  const dir = mkdtempSync(join(tmpdir(), 'qualys-bench-'));
  const schemaPath = join(dir, 'aws-update.bundled.schema.json');
  const bundled = bundleSchema(requestSchemaId('aws', 'update'));
  writeFileSync(schemaPath, JSON.stringify(bundled));
  const ylsLs = await ylsService(bundled);
  const typicalYaml = generateRequest('yaml', 2_000);

  const cold = {
    ours: await coldStart(() => new LspClient(), (c) => c.initialize({ validationDelay: 0 }), typicalYaml, 'yaml'),
    yls: await coldStart(() => new LspClient(['--stdio'], YLS), async (c) => {
      await c.initialize();
      await c.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { yaml: { validate: true, schemas: { [`file://${schemaPath}`]: ['*.yaml'] }, schemaStore: { enable: false } } } });
    }, typicalYaml, 'yaml'),
  };

  const openMs = await openToDiagnostics(typicalYaml, 'yaml');

  const ours = new LspClient();
  await ours.initialize({ validationDelay: 0 });
  const yls = await startYls(schemaPath);
  const rows: Row[] = [];
  let n = 0;
  for (const bytes of SIZES) {
    for (const format of FORMATS) {
      const text = generateRequest(format, bytes);
      const runs = runsFor(bytes);
      const bareParse = time(() => BARE[format].parse(text), runs);
      const service = serviceTimes(format, text, runs);
      const wire = await wireTimes(ours, `file:///bench/r${n++}.${format}`, format, text, Math.min(runs, 9), true);
      const row: Row = { format, bytes: text.length, service, wire, bareParse, ratioToBare: round(service.diagnostics / bareParse) };
      if (format === 'yaml') {
        row.yls = await wireTimes(yls, `file:///bench/y${n++}.yaml`, 'yaml', text, Math.min(runs, 9), bytes < 1_000_000);
        row.ylsService = await ylsServiceTime(ylsLs, text, runs);
        row.ratioToYls = round(row.ylsService / service.diagnostics);
      }
      rows.push(row);
      process.stderr.write(`  measured ${format} ${text.length} bytes\n`);
    }
  }
  await yls.stop();

  // Memory: 200 typical requests open at once.
  const before = rssKb(ours.pid);
  for (let i = 0; i < 200; i++) {
    const format = FORMATS[i % 3];
    const uri = `file:///bench/mem${i}.${format}`;
    await ours.open(uri, format, edit(generateRequest(format, 2_000 + (i % 7) * 1_000), i));
    await ours.diagnosticsFor(uri, 1, 60_000);
  }
  const after = rssKb(ours.pid);
  await ours.stop();

  const large = (f: Format): Row | undefined => rows.find((r) => r.format === f && r.bytes >= 1_000_000);
  const mid = (f: Format): Row | undefined => rows.find((r) => r.format === f && r.bytes >= 100_000 && r.bytes < 1_000_000);
  const linearity = Object.fromEntries(FORMATS.map((f) => [f, round((large(f)?.service.diagnostics ?? 0) / (mid(f)?.service.diagnostics ?? 1) / ((large(f)?.bytes ?? 1) / (mid(f)?.bytes ?? 1)))]));
  const typical = rows.filter((r) => r.bytes <= 11_000);

  console.log('\nMedian milliseconds. service = server time in process; wire = round trip over stdio (validation delay 0); bare = the format\'s parser alone.');
  console.table(
    rows.map((r) => ({
      format: r.format,
      bytes: r.bytes,
      'diag (service)': r.service.diagnostics,
      'compl (service)': r.service.completion,
      'diag (wire)': r.wire.diagnostics,
      'compl (wire)': r.wire.completion,
      'bare parse': r.bareParse,
      'x bare': r.ratioToBare,
      'yaml-ls diag (service)': r.ylsService ?? '',
      'yaml-ls / ours': r.ratioToYls ?? '',
      'yaml-ls diag (wire)*': r.yls?.diagnostics ?? '',
    })),
  );
  console.log('* yaml-language-server waits a fixed 200 ms after a change before it validates (validationDelayMs, not configurable); its service time is measured in process without that wait.');
  console.log(`Open → diagnostics (YAML, 2 KB, default settings: typing delay 200 ms): ${openMs} ms.`);
  const fleet = await fleetBudget();
  console.log(`Connectors as code: plan over 500 connectors ${fleet.plan500.calls} calls in ${fleet.plan500.ms} ms (target: at most 6); apply of 500 files with 10 changed ${fleet.apply500with10Changed.sends} sends (target: 10), ${fleet.apply500with10Changed.calls} calls in ${fleet.apply500with10Changed.ms} ms.`);
  const k = fleet.fleet10k;
  console.log(`10,000 connectors: pull ${k.pull.calls} calls in ${k.pull.ms} ms (target: at most 11, 30 s); validate ${k.validateMs} ms (target: 15 s); plan with no change ${k.plan.calls} calls in ${k.plan.ms} ms (target: at most 41, 15 s).`);
  const inv = fleet.inventory5k;
  console.log(`A fleet file over 5,000 accounts, all recorded: plan with no change ${inv.calls} calls in ${inv.ms} ms, ${inv.unchanged} unchanged (target: at most 21 calls, 15 s).`);
  console.log(`200 creates within 2 at once and 50 calls a 1 s window: ${fleet.create200.calls} calls in ${fleet.create200.ms} ms; the limits allow ${fleet.create200.floorMs} ms at best (${Math.round(fleet.create200.overFloor * 100)}% over; target: within 10%).`);
  console.log(`Cold start (YAML, 2 KB): ours initialize ${cold.ours.initialize} ms, first diagnostics ${cold.ours.firstDiagnostics} ms; yaml-language-server ${cold.yls.initialize} / ${cold.yls.firstDiagnostics} ms.`);
  console.log(`Memory: RSS ${before} kB at start of the memory run, ${after} kB with 200 requests open.`);
  console.log(`Growth 100 KB -> 1 MB (1.0 = linear): ${JSON.stringify(linearity)}`);
  console.log(`Typical request (<= 10 KB): worst median server time ${Math.max(...typical.flatMap((r) => [r.service.diagnostics, r.service.completion]))} ms (target: under 5 ms).`);
  for (const f of FORMATS) console.log(`1 MB ${f}: ${large(f)?.ratioToBare}x the bare parse (${BARE[f].library}; target: within 2x).`);
  const ylsRatios = rows.filter((r) => r.ratioToYls !== undefined).map((r) => `${r.bytes} B: ${r.ratioToYls}x`);
  console.log(`YAML diagnostics, yaml-language-server server time / ours (target: at least 2x): ${ylsRatios.join(', ')}`);
  printEditorWaits(editor);
  for (const line of mutationLines()) console.log(line);

  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'results.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, editor, bareParsers: Object.fromEntries(FORMATS.map((f) => [f, BARE[f].library])), cold, openToDiagnosticsMs: openMs, fleet, memory: { rssKbBefore: before, rssKbWith200Open: after }, linearity, mutation: mutationScores() ?? 'not run', rows }, null, 2) + '\n',
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
