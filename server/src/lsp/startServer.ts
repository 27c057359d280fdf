import {
  CancellationToken,
  Connection,
  Disposable,
  Diagnostic,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompareLiveRequest, ConvertRequest, DEFAULT_SETTINGS, DescribeFileRequest, LocatedField, LocateFieldRequest, PrepareSendRequest, ServerSettings } from '../protocol';
import { agreeingFinding, ApiAgreement, withAgreement } from '../service/apiAgreement';
import { LanguageService } from '../service/languageService';
import { FIX_ALL_KIND } from '../service/fixAll';
import { runSafe as runSafeWith } from '../runSafe';
import type { ProjectFiles } from './projectFiles';
import { RECORD_FILE } from '../workspace/recordEntries';
import { MAX_GLOB_CHARS } from '../core/limits';
import { levelsFromSetting, RULE_CONFIG_FILE, RuleLevels } from '../core/ruleLevels';
import { BackgroundCheckFactory, excludeGlobs, OpenDocumentsOnly, REQUEST_FILE_GLOBS } from './backgroundCheck';

export const SERVER_NAME = 'qualys-connector-ls';

/** Whether a watched path is a record of targets or a project's rule file (by its last segment). */
function isRecordOrRules(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  return name === RECORD_FILE || name === RULE_CONFIG_FILE;
}

/**
 * The watchers for `qualys.files.include`: each glob matches the end of a path, as the service
 * matches it, so a relative one is watched under any folder; at most the characters the matcher
 * takes, in order (a setting with more is said by the service).
 */
export function watchedGlobs(include: readonly string[]): string[] {
  const out: string[] = [];
  let budget = MAX_GLOB_CHARS;
  for (const glob of include) {
    if (glob === '' || glob.length > budget) continue;
    budget -= glob.length;
    out.push(glob.startsWith('/') || glob.startsWith('**/') ? glob : `**/${glob}`);
  }
  return out;
}

/** The `qualys` settings section as VS Code sends it. */
interface SettingsSection {
  validation?: { delay?: number; workspace?: boolean; workspaceMaxFiles?: number };
  files?: { include?: string[] };
  rules?: unknown;
}

/**
 * The language server on a connection: a thin layer that wires LSP handlers to the language
 * service. The process entry (`server.ts`) gives it stdio or IPC and the disk's project files; the
 * browser build (`serverWeb.ts`) a worker's messages and the files the editor reads for it; tests
 * can give it a pair of in-memory streams.
 */
export function startServer(connection: Connection, version: string, records: ProjectFiles, backgroundCheck: BackgroundCheckFactory = (host) => new OpenDocumentsOnly(host)): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = DEFAULT_SETTINGS;
  /** The `qualys.rules` setting, checked: over each project's `.qualys-connector.json`. */
  let settingLevels: RuleLevels = new Map();
  const warned = new Set<string>();
  const service = new LanguageService({
    include: [],
    editorSnippetLanguages: [],
    resolveRecord: (uri) => records.lookup(uri),
    resolveRules: (uri) => records.rules(uri, settingLevels),
    readFleetInput: (uri) => records.readFleetInput(uri),
    fleetsNaming: (uri) => records.fleetsNaming(uri),
  });
  let pullSettings = false;
  let canWatch = false;
  const workspace = backgroundCheck({
    isOpen: (uri) => documents.get(uri) !== undefined,
    validate: (document) => {
      const diagnostics = runSafe<Diagnostic[]>('Validation', [], undefined, () => service.doValidation(document));
      service.forget(document.uri);
      return diagnostics;
    },
    publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    warn: (message) => warnOnce(message, message),
  });

  /** Handlers answer their fallback, with a log line, when the service throws. */
  const runSafe = <T>(what: string, fallback: T, token: CancellationToken | undefined, fn: () => T): T => runSafeWith(connection.console, what, fallback, token, fn);

  connection.onInitialize((params) => {
    pullSettings = params.capabilities.workspace?.configuration === true;
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    records.setRoots(folders);
    const init = params.initializationOptions as Partial<ServerSettings> | undefined;
    if (init) applySettings(init);
    if (init?.rules !== undefined) applyRules(init.rules);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['<', '"', ':', ' ', '/'], resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });

  connection.onInitialized(() => {
    if (pullSettings) void refreshSettings();
    else workspace.restart();
    initialized = true;
    watchFiles();
  });

  /**
   * Registered by the server, so every client that can watch files (Neovim's too) tells it of record
   * and request file changes; registered again when `qualys.files.include` changes, so a file an
   * include glob names is followed on disk as a request file is. One registration at a time, in order.
   */
  let initialized = false;
  let watched: string | undefined;
  let registering: Promise<Disposable | undefined> = Promise.resolve(undefined);
  function watchFiles(): void {
    if (!canWatch || !initialized) return;
    const globs = watchedGlobs(settings.include);
    const key = JSON.stringify(globs);
    if (key === watched) return;
    watched = key;
    const watchers = [
      ...[RECORD_FILE, RULE_CONFIG_FILE, ...REQUEST_FILE_GLOBS].map((name) => ({ globPattern: `**/${name}` })),
      ...globs.map((globPattern) => ({ globPattern })),
      // A folder created or deleted is reported as itself, not as the request files it holds.
      { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
    ];
    registering = registering.then(async (previous) => {
      try {
        await previous?.dispose();
      } catch (e) {
        connection.console.warn(`Could not stop watching the previous files: ${e instanceof Error ? e.message : String(e)}`);
      }
      try {
        return await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
      } catch (e) {
        connection.console.warn(`Could not watch ${RECORD_FILE}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    });
  }

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let everything = false;
    for (const change of changes) {
      const deleted = change.type === FileChangeType.Deleted;
      if (workspace.isRequestFile(change.uri)) workspace.changed(change.uri, deleted);
      else if (isRecordOrRules(change.uri)) {
        records.invalidate(change.uri);
        everything = true;
      } else if (deleted) {
        // Any other path (the folder watcher): a deleted folder's request files lose their diagnostics.
        workspace.changed(change.uri, true);
      } else if (change.type === FileChangeType.Created) workspace.folderCreated(change.uri);
    }
    if (!everything) return;
    for (const doc of documents.all()) schedule(doc, 0);
    workspace.restart();
  });

  connection.onDidChangeConfiguration((change) => {
    if (pullSettings) {
      void refreshSettings();
      return;
    }
    const section = (change.settings as { qualys?: SettingsSection } | undefined)?.qualys;
    if (section) applySection(section);
  });

  async function refreshSettings(): Promise<void> {
    try {
      const [section, exclude] = (await connection.workspace.getConfiguration([{ section: 'qualys' }, { section: 'files.exclude' }])) as [SettingsSection | null, unknown];
      workspace.configure({ exclude: excludeGlobs(exclude) });
      applySection(section ?? {});
    } catch (e) {
      connection.console.warn(`Could not read settings: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function applySection(section: SettingsSection): void {
    applySettings({ validationDelay: section.validation?.delay, include: section.files?.include, workspaceValidation: section.validation?.workspace, workspaceMaxFiles: section.validation?.workspaceMaxFiles });
    applyRules(section.rules);
    for (const doc of documents.all()) schedule(doc, 0);
    workspace.restart();
  }

  function applyRules(raw: unknown): void {
    const rules = levelsFromSetting(raw);
    settingLevels = rules.levels;
    for (const problem of rules.problems) warnOnce(problem, `${problem} It is ignored; the other rule levels apply.`);
  }

  /** Said once per distinct mistake: a setting is read again on every change of any setting. */
  function warnOnce(logged: string, shown: string): void {
    if (warned.has(logged)) return;
    warned.add(logged);
    connection.console.warn(logged);
    // A notification, not a request: a client that cannot show messages must not turn this into a failure.
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: shown });
  }

  function applySettings(s: Partial<ServerSettings>): void {
    const delay = typeof s.validationDelay === 'number' && Number.isFinite(s.validationDelay) ? Math.min(Math.max(s.validationDelay, 0), 10_000) : settings.validationDelay;
    const include = Array.isArray(s.include) ? s.include.filter((g): g is string => typeof g === 'string') : settings.include;
    const editorSnippetLanguages = Array.isArray(s.editorSnippetLanguages) ? s.editorSnippetLanguages : settings.editorSnippetLanguages;
    const workspaceValidation = typeof s.workspaceValidation === 'boolean' ? s.workspaceValidation : settings.workspaceValidation;
    const workspaceMaxFiles = typeof s.workspaceMaxFiles === 'number' ? s.workspaceMaxFiles : settings.workspaceMaxFiles;
    settings = { validationDelay: delay, include, editorSnippetLanguages, workspaceValidation, workspaceMaxFiles };
    service.configure({ include, editorSnippetLanguages });
    workspace.configure({ include, enabled: workspaceValidation !== false, ...(workspaceMaxFiles !== undefined ? { maxFiles: workspaceMaxFiles } : {}) });
    for (const why of service.refusedGlobs) connection.console.warn(why);
    watchFiles();
  }

  // Diagnostics: at once on open, after a pause in typing on change, cleared on close.
  const pending = new Map<string, NodeJS.Timeout>();
  const agreements = new Map<string, ApiAgreement>();
  /** Documents just opened: the change event that follows an open is the open itself, not typing. */
  const justOpened = new Map<string, number>();

  function schedule(document: TextDocument, delay: number): void {
    const previous = pending.get(document.uri);
    if (previous) clearTimeout(previous);
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        // Where project files take a round trip to read (the browser), they are read first.
        if (records.ready) void records.ready(document.uri, document.getText()).then(() => validate(document.uri), () => validate(document.uri));
        else validate(document.uri);
      }, delay),
    );
  }

  function validate(uri: string): void {
    const document = documents.get(uri);
    if (!document) return;
    const diagnostics = runSafe<Diagnostic[]>('Validation', [], undefined, () => service.doValidation(document));
    // An answer the API gave for this very version: the local finding it agreed with says so (an edit drops it).
    const agreement = agreements.get(uri);
    if (agreement && agreement.version !== document.version) agreements.delete(uri);
    if (Array.isArray(diagnostics)) void connection.sendDiagnostics({ uri, version: document.version, diagnostics: withAgreement(diagnostics, agreements.get(uri)) });
  }

  documents.onDidOpen((e) => {
    justOpened.set(e.document.uri, e.document.version);
    schedule(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    const opened = justOpened.get(e.document.uri);
    justOpened.delete(e.document.uri);
    if (opened === e.document.version) return;
    schedule(e.document, settings.validationDelay);
  });
  documents.onDidClose((e) => {
    const timer = pending.get(e.document.uri);
    if (timer) clearTimeout(timer);
    pending.delete(e.document.uri);
    justOpened.delete(e.document.uri);
    agreements.delete(e.document.uri);
    service.forget(e.document.uri);
    // A workspace request file goes back to what its file on disk says; any other document is cleared.
    workspace.closed(e.document.uri);
  });

  const withDocument = <T>(uri: string, fallback: T, fn: (d: TextDocument) => T): T => {
    const d = documents.get(uri);
    return d ? fn(d) : fallback;
  };

  connection.onCompletion((p, token) => runSafe('Completion', null, token, () => withDocument(p.textDocument.uri, null, (d) => service.doComplete(d, p.position))));
  connection.onHover((p, token) => runSafe('Hover', null, token, () => withDocument(p.textDocument.uri, null, (d) => service.doHover(d, p.position))));
  connection.onCodeAction((p, token) => runSafe('Code actions', [], token, () => withDocument(p.textDocument.uri, [], (d) => service.getCodeActions(d, p.range, p.context.diagnostics, p.context.only))));
  connection.onDocumentSymbol((p, token) => runSafe('Document symbols', [], token, () => withDocument(p.textDocument.uri, [], (d) => service.findDocumentSymbols(d))));
  connection.onFoldingRanges((p, token) => runSafe('Folding ranges', [], token, () => withDocument(p.textDocument.uri, [], (d) => service.getFoldingRanges(d))));
  connection.onRequest(ConvertRequest.type, (p, token) =>
    runSafe('Convert', { error: 'The request could not be converted.' }, token, () =>
      withDocument(p.uri, { error: 'The document is not open.' }, (d) => service.convert(d, p.format)),
    ),
  );
  connection.onRequest(PrepareSendRequest.type, (p, token) =>
    runSafe('Prepare send', { error: 'The request could not be prepared.' }, token, () =>
      withDocument(p.uri, { error: 'The document is not open.' }, (d) => service.prepareSend(d, p.target)),
    ),
  );
  connection.onRequest(DescribeFileRequest.type, (p, token) => runSafe('Describe file', null, token, () => withDocument(p.uri, null, (d) => service.describeFile(d))));
  connection.onRequest(CompareLiveRequest.type, (p, token) =>
    runSafe('Compare with live', { error: 'The request could not be compared.' }, token, () =>
      withDocument(p.uri, { error: 'The document is not open.' }, (d) => service.compareLive(d, p.live)),
    ),
  );
  connection.onRequest(LocateFieldRequest.type, (p, token) => runSafe('Locate field', null, token, () => withDocument(p.uri, null, (d) => locateAnswer(d, p.message, p.code))));

  /** Where an API answer's complaint stands; reported (`code`), the local finding about the same field says the API agreed. */
  function locateAnswer(document: TextDocument, message: string, code: string | undefined): LocatedField | null {
    const found = service.locateField(document, message);
    if (!found || code === undefined) return found;
    const local = agreeingFinding(service.doValidation(document), found.field, found.range.start.line);
    if (!local) return found;
    agreements.set(document.uri, { version: document.version, field: found.field, line: found.range.start.line, code, message });
    validate(document.uri);
    return { ...found, local: String(local.code) };
  }

  documents.listen(connection);
  connection.listen();
}
