import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, SERVER } from '../test/protocol/lspClient';
import { analyze } from '../server/src/core/analyze';
import { requestSchemaId } from '../server/src/core/schema/store';
import { validateWith } from '../server/src/core/validation/ajv';
import { Format } from '../server/src/core/tree';
import { generateRequest } from './generate';

/**
 * What a user waits for in the editor (issue 23): a server started → its first squiggles, and
 * completion in a large request right after a keystroke. Over the real protocol, the server as
 * the client starts it (`dist/server.js`), with the default settings; medians.
 */

const FORMATS: Format[] = ['xml', 'json', 'yaml'];
/** The size of the large request the issue measured: 0.34 s a completion then. */
export const LARGE_BYTES = 365_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (n: number): number => Math.round(n * 10) / 10;

export interface StartupBreakdown {
  /** A Node process that does nothing: the floor of any server's start. */
  nodeMs: number;
  /** The same with the server bundle loaded (`dist/server.js --version`). */
  bundleMs: number;
  /** The schema checker built and one request schema compiled (ajv) at run time: what the server skips by loading the build's validators. */
  schemasMs: number;
  /** Loading those validators (`dist/validators.js`), as the server does at start. */
  validatorsMs: number;
  /** Then a first analysis of a 2 KB request: parse, bind, check, rules, each run for the first time. */
  firstAnalysisMs: number;
}

/** Where the time to the first squiggles goes; measured first, before this process has compiled or warmed anything. */
export function startupBreakdown(runs = 7): StartupBreakdown {
  const spawnMs = (args: string[]): number => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      spawnSync(process.execPath, args);
      xs.push(performance.now() - t);
    }
    return median(xs);
  };
  const nodeMs = spawnMs(['-e', '0']);
  const bundleMs = spawnMs([SERVER, '--version']);
  let t = performance.now();
  createRequire(__filename)(join(dirname(SERVER), 'validators.js'));
  const validatorsMs = performance.now() - t;
  t = performance.now();
  validateWith(requestSchemaId('aws', 'update'), {});
  const schemasMs = performance.now() - t;
  t = performance.now();
  analyze(generateRequest('yaml', 2_000), 'first.qualys.yaml');
  const firstAnalysisMs = performance.now() - t;
  return { nodeMs: round(nodeMs), bundleMs: round(bundleMs), schemasMs: round(schemasMs), validatorsMs: round(validatorsMs), firstAnalysisMs: round(firstAnalysisMs) };
}

export interface ColdStart {
  /** Process spawned → initialize answered. */
  initializeMs: number;
  /** Process spawned → the first publishDiagnostics of a 2 KB YAML request opened right after initialize. */
  firstDiagnosticsMs: number;
  runs: number;
}

/** A fresh server each run, started and spoken to as an editor does, with the default settings. */
export async function coldStartToDiagnostics(runs = 9): Promise<ColdStart> {
  const text = generateRequest('yaml', 2_000);
  const inits: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = new LspClient();
    try {
      await c.initialize();
      inits.push(performance.now() - t);
      const uri = 'file:///bench/cold.qualys.yaml';
      await c.open(uri, 'qualys-yaml', text);
      await c.diagnosticsFor(uri, 1, 60_000);
      firsts.push(performance.now() - t);
    } finally {
      await c.stop();
    }
  }
  return { initializeMs: round(median(inits)), firstDiagnosticsMs: round(median(firsts)), runs };
}

export interface LargeRequest {
  format: Format;
  bytes: number;
  /** A one-character edit (incremental, as an editor sends it), then completion at once deep inside: the request the issue measured. */
  completionAfterEditMs: number;
  /** Completion again on the same version (Ctrl+Space twice, or a second position). */
  completionSameVersionMs: number;
  /** The same edit → its diagnostics, with the default typing delay (200 ms) included. */
  diagnosticsAfterEditMs: number;
}

/** Where completion is asked: the value of the last connector app's name, about 1 KB before the end of the request. */
function deepPosition(text: string, format: Format): number {
  const key = format === 'xml' ? '<name>' : format === 'json' ? '"name": ' : 'name: ';
  return text.lastIndexOf(key) + key.length;
}

/** The large request in each format: completion and diagnostics after a keystroke, over the protocol. */
export async function largeRequest(runs = 9): Promise<LargeRequest[]> {
  const rows: LargeRequest[] = [];
  const c = new LspClient();
  try {
    await c.initialize();
    for (const format of FORMATS) {
      const uri = `file:///bench/large.qualys.${format}`;
      let doc = TextDocument.create(uri, format, 1, generateRequest(format, LARGE_BYTES));
      await c.open(uri, format, doc.getText());
      await c.diagnosticsFor(uri, 1, 120_000);
      const afterEdit: number[] = [];
      const same: number[] = [];
      const diagnostics: number[] = [];
      for (let i = 0; i < runs; i++) {
        // A keystroke in the description, near the top: the whole request changes version.
        const at = doc.positionAt(doc.getText().indexOf('Generated for') + 'Generated'.length);
        const change = { range: { start: at, end: at }, text: 'x' };
        doc = TextDocument.update(doc, [change], doc.version + 1);
        const position = doc.positionAt(deepPosition(doc.getText(), format));
        const published = c.published(uri);
        const t = performance.now();
        await c.edit(uri, doc.version, [change]);
        await c.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
        afterEdit.push(performance.now() - t);
        const s = performance.now();
        await c.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
        same.push(performance.now() - s);
        await c.diagnosticsFor(uri, published + 1, 120_000);
        diagnostics.push(performance.now() - t);
      }
      rows.push({ format, bytes: doc.getText().length, completionAfterEditMs: round(median(afterEdit)), completionSameVersionMs: round(median(same)), diagnosticsAfterEditMs: round(median(diagnostics)) });
      await c.close(uri);
      process.stderr.write(`  measured the large ${format} request\n`);
    }
  } finally {
    await c.stop();
  }
  return rows;
}
