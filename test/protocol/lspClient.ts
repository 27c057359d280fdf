import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  RegistrationRequest,
  UnregistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { track } from '../harness';

export const SERVER = join(__dirname, '../../../dist/server.js');

/** The real server process, spoken to over stdio as an editor does. */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  readonly logs: string[] = [];
  /** What the server asked the editor to show (`window/showMessage`). */
  readonly messages: string[] = [];
  stderr = '';

  /** `nodeArgs` go to node itself: `--max-old-space-size=300` holds the server to a memory budget. */
  constructor(args: string[] = ['--stdio'], script = SERVER, nodeArgs: string[] = []) {
    this.process = track(spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }));
    this.process.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** How many times diagnostics were published for a document so far. */
  published(uri: string): number {
    return this.diagnostics.get(uri)?.length ?? 0;
  }

  /** The diagnostics last published for a document, if any were. */
  latest(uri: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri)?.at(-1)?.diagnostics;
  }

  /** What the server registered dynamically (`client/registerCapability`), by method. */
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  /** The ids the server unregistered (`client/unregisterCapability`). */
  readonly unregistrations: string[] = [];

  /**
   * `watchFiles` says the client can watch files for the server (as VS Code does); `folders` are
   * the workspace folders' URIs.
   */
  async initialize(initializationOptions: object = {}, options: { watchFiles?: boolean; folders?: string[] } = {}): Promise<InitializeResult> {
    this.connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
    });
    this.connection.onRequest(UnregistrationRequest.type, (p) => {
      this.unregistrations.push(...p.unregisterations.map((u) => u.id));
    });
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.folders?.map((uri, i) => ({ uri, name: `folder${i}` })) ?? null,
      capabilities: {
        textDocument: { completion: { completionItem: { snippetSupport: true } } },
        ...(options.watchFiles ? { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } : {}),
      },
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Incremental changes, as an editor sends a keystroke. */
  edit(uri: string, version: number, changes: { range: Range; text: string }[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Waits (by event, with a deadline) for the nth publication of diagnostics for a document. */
  async diagnosticsFor(uri: string, count = 1, timeoutMs = 5000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const list = this.diagnostics.get(uri) ?? [];
      if (list.length >= count) return list[count - 1].diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics #${count} for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Asks the server to shut down and exit; a server already gone (it crashed, or was stopped) is not waited for. */
  async stop(): Promise<number | null> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) {
      this.connection.dispose();
      return this.process.exitCode;
    }
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** Polls `check` (every 20 ms) until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

