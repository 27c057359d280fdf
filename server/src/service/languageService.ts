import { CodeAction, CodeActionKind, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, MarkupContent, MarkupKind, Position, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from '../core/analyze';
import { checkFleet, fleetAccounts, fleetCheck, ReadFleetInput, shownFindings } from '../core/fleet/checkFleet';
import { FleetEntry } from '../core/fleet/select';
import { completePlaceholder, hoverPlaceholder } from './placeholders';
import { FLEET_NAME } from '../core/fleet/fleetFile';
import { documentValue } from '../core/bind';
import { getCodeActions } from './codeActions';
import { beforeSuppressions, fixAllActions } from './fixAll';
import { doComplete } from './complete/complete';
import { toDiagnostic } from './diagnostics';
import { globMatcher } from './globs';
import { doHover, findingsHover } from './hover';
import { serialize } from '../core/serialize';
import { findDocumentSymbols, getFoldingRanges } from './symbols';
import { locateField } from './locate';
import { prepareRequest } from '../core/prepare';
import { RecordLookup } from '../core/target';
import type { CompareLiveResult, FileDescription, LocatedField, PrepareSendParams, PrepareSendResult } from '../protocol';
import { connectorOf, diffConnector } from '../core/fleet/diff';
import { liveShaped } from './liveShaped';
import { Format } from '../core/tree';
import { readRuleConfig, RULE_CONFIG_FILE, RuleSettings } from '../core/ruleLevels';

/** Whether a document is a project's `.qualys-connector.json` (by its URI's last segment). */
function isRuleConfigUri(uri: string): boolean {
  return uri.slice(uri.lastIndexOf('/') + 1) === RULE_CONFIG_FILE;
}

export interface LanguageServiceOptions {
  /** Globs of files to treat as requests whatever their name or root. */
  include: string[];
  /** Languages whose editor offers the snippets itself: completion leaves them out there. */
  editorSnippetLanguages?: string[];
  /**
   * What the record of targets says of a document (the server reads `qualys-targets.json`; this
   * layer does no I/O). Asked at each analysis, so it must be cheap: the server caches it.
   */
  resolveRecord?: (uri: string) => RecordLookup;
  /** The rule levels for a document (its project's `.qualys-connector.json` and the setting): the server resolves and caches them. */
  resolveRules?: (uri: string) => RuleSettings;
  /** How a fleet file reads the template and inventory it names (the server reads them; this layer does no I/O). */
  readFleetInput?: (fleetUri: string) => ReadFleetInput;
  /** The fleet files that name a document as their template, with their texts and readers. */
  fleetsNaming?: (templateUri: string) => { name: string; text: string; read: ReadFleetInput }[];
}

/**
 * Every editing feature over one cached analysis per document version. No LSP wiring here: the
 * server calls it, and tests call it directly.
 */
export class LanguageService {
  private readonly cache = new Map<string, { version: number; text: string; record: string; analysis: Analysis }>();
  private included: (uri: string) => boolean = () => false;
  private includeKey = '';
  private editorSnippets = new Set<string>();
  private resolveRecord: (uri: string) => RecordLookup = () => ({});
  private resolveRules: (uri: string) => RuleSettings | undefined = () => undefined;
  private readFleetInput: ((fleetUri: string) => ReadFleetInput) | undefined;
  private fleetsNaming: NonNullable<LanguageServiceOptions['fleetsNaming']> = () => [];
  /** Include globs left out, and why: for the server's log. */
  refusedGlobs: string[] = [];

  constructor(options: LanguageServiceOptions) {
    this.configure(options);
  }

  /** New settings: the cached analyses stay unless what they depend on changed. */
  configure(options: LanguageServiceOptions): void {
    const includeKey = JSON.stringify(options.include);
    if (includeKey !== this.includeKey) {
      const globs = globMatcher(options.include);
      this.included = globs.matches;
      this.refusedGlobs = globs.refused;
      this.includeKey = includeKey;
      this.cache.clear();
    }
    this.editorSnippets = new Set(options.editorSnippetLanguages ?? []);
    if (options.resolveRecord) this.resolveRecord = options.resolveRecord;
    if (options.resolveRules) this.resolveRules = options.resolveRules;
    if (options.readFleetInput) this.readFleetInput = options.readFleetInput;
    if (options.fleetsNaming) this.fleetsNaming = options.fleetsNaming;
  }

  analysis(document: TextDocument): Analysis {
    const hit = this.cache.get(document.uri);
    const text = document.getText();
    const record = this.resolveRecord(document.uri);
    const rules = this.resolveRules(document.uri);
    const recordKey = JSON.stringify([record, rules && [...rules.levels], rules?.problem]);
    if (hit && hit.version === document.version && hit.text === text && hit.record === recordKey) return hit.analysis;
    const analysis = analyze(text, document.uri, document.languageId, { treatAsRequest: this.included(document.uri), record, rules });
    this.cache.set(document.uri, { version: document.version, text, record: recordKey, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** What the file is: the small question the client asks for its CodeLens and Set Target. */
  describeFile(document: TextDocument): FileDescription {
    const a = this.analysis(document);
    const t = a.target;
    const recordProblem = a.findings.find((f) => f.code === 'bad-record')?.message;
    return {
      isRequest: a.isRequest,
      kind: t.kind,
      ...(t.operation ? { operation: t.operation, recorded: t.operationFrom === 'record' } : { recorded: false }),
      ...(t.id !== undefined ? { id: t.id } : {}),
      ...(a.recorded.created !== undefined && a.recorded.id !== undefined ? { created: { id: a.recorded.id, at: a.recorded.created } } : {}),
      byFilter: t.byFilter,
      hasFilters: t.hasFilters,
      errors: a.findings.filter((f) => f.severity === 'error').length,
      ...(recordProblem !== undefined ? { recordProblem } : {}),
    };
  }

  doValidation(document: TextDocument): Diagnostic[] {
    // The project's rule file is checked as what it is: its unknown codes and levels are findings on it.
    if (isRuleConfigUri(document.uri)) return readRuleConfig(document.getText()).findings.map((f) => toDiagnostic(document, f));
    if (this.readFleetInput && FLEET_NAME.test(document.uri)) return checkFleet(document.getText(), document.uri, this.readFleetInput(document.uri)).map((f) => toDiagnostic(document, f));
    const analysis = this.analysis(document);
    const text = document.getText();
    // A template's placeholders stand for each account's value: its fleets check the values.
    const fleets = analysis.isRequest && text.includes('${') ? this.fleetsNaming(document.uri) : [];
    // A template on its own (no fleet beside names it) validates with each placeholder standing for a
    // value of the right shape; sending or planning it is still refused (its analysis keeps the errors).
    const uses = fleets.map((f) => ({ fleet: f.name, accounts: fleetCheck(f.text, f.name, f.read).accounts }));
    const findings = shownFindings(analysis, text, uses);
    return findings.map((f) => toDiagnostic(document, f));
  }

  doComplete(document: TextDocument, position: Position): CompletionList | null {
    const analysis = this.analysis(document);
    const placeholder = analysis.isRequest ? this.withAccounts(document, (accounts) => completePlaceholder(document, position, accounts)) : undefined;
    if (placeholder) return placeholder;
    if (!analysis.isRequest && document.getText().trim() !== '') return null;
    return doComplete(document, position, analysis, !this.editorSnippets.has(document.languageId));
  }

  doHover(document: TextDocument, position: Position): Hover | null {
    const analysis = this.analysis(document);
    if (!analysis.isRequest) return null;
    const placeholder = this.withAccounts(document, (accounts) => hoverPlaceholder(document, position, accounts));
    if (placeholder) return placeholder;
    const offset = document.offsetAt(position);
    const field = doHover(document, offset, analysis);
    const rules = findingsHover(analysis.findings, offset);
    if (!rules) return field;
    const text = field && MarkupContent.is(field.contents) ? `${rules}\n\n---\n\n${field.contents.value}` : rules;
    return { contents: { kind: MarkupKind.Markdown, value: text }, ...(field?.range ? { range: field.range } : {}) };
  }

  /** What `fn` makes of the accounts of the first fleet beside that names the document as its template; none when no fleet does. */
  private withAccounts<T>(document: TextDocument, fn: (accounts: FleetEntry[]) => T | undefined): T | undefined {
    if (!document.getText().includes('${')) return undefined;
    for (const fleet of this.fleetsNaming(document.uri)) {
      const accounts = fleetAccounts(fleet.text, fleet.name, fleet.read);
      if (accounts) return fn(accounts);
    }
    return undefined;
  }

  /** Quick fixes for `diagnostics`, with the "Fix all" ones; `only` (the kinds the client asks for) adds the file-wide source action. */
  getCodeActions(document: TextDocument, _range: Range, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
    const analysis = this.analysis(document);
    const fixes = only === undefined || only.includes(CodeActionKind.QuickFix) ? getCodeActions(document, diagnostics, analysis) : [];
    return beforeSuppressions(fixes, fixAllActions(document, diagnostics, () => this.doValidation(document), analysis, only));
  }

  findDocumentSymbols(document: TextDocument): DocumentSymbol[] {
    return findDocumentSymbols(document, this.analysis(document));
  }

  getFoldingRanges(document: TextDocument): FoldingRange[] {
    return getFoldingRanges(document, this.analysis(document));
  }

  /** The request in another format: its data exactly, comments and layout not kept. */
  convert(document: TextDocument, format: Format): { text: string } | { error: string } {
    const analysis = this.analysis(document);
    if (!analysis.isRequest || !analysis.bound) return { error: 'This file is not a Qualys connector request (no ServiceRequest root).' };
    const syntax = analysis.parsed.problems.find((p) => p.code === 'syntax');
    if (syntax) {
      const at = document.positionAt(syntax.span.start);
      return { error: `Fix the syntax error at line ${at.line + 1}, column ${at.character + 1} first: ${syntax.message}` };
    }
    return { text: serialize(documentValue(analysis.bound), format) };
  }

  /** The request as it goes on the wire (YAML as JSON), with its operation and id when known. */
  prepareSend(document: TextDocument, target: PrepareSendParams['target']): PrepareSendResult {
    const analysis = this.analysis(document);
    if (!analysis.isRequest) return { error: 'This file is not a Qualys connector request (no ServiceRequest root).' };
    const text = document.getText();
    const p = prepareRequest(text, analysis, target);
    const problem = analysis.findings.find((f) => f.code === 'bad-record');
    if (problem && !target.operation) return { error: problem.message };
    const errors = p.errors.map((f) => {
      const at = document.positionAt(f.span.start);
      return `line ${at.line + 1}: ${f.code}: ${f.message}`;
    });
    return { prepared: { ...p, errors } };
  }

  /**
   * What an update from this document (its unsaved edits included) would change on the live
   * connector, as `plan` compares: values, not key order, quoting or wrappers; secrets as not comparable.
   */
  compareLive(document: TextDocument, live: Record<string, unknown>): CompareLiveResult {
    const analysis = this.analysis(document);
    if (!analysis.isRequest || !analysis.bound) return { error: 'This file is not a Qualys connector request (no ServiceRequest root).' };
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return { error: 'The live connector is not an object.' };
    const changes = diffConnector(analysis.kind, connectorOf(documentValue(analysis.bound), analysis.kind), live);
    const shaped = liveShaped(document.getText(), analysis.format, analysis.bound, analysis.kind, changes);
    return { changes, ...(shaped !== undefined ? { shaped } : {}) };
  }

  /** The place of the field an API error message names. */
  locateField(document: TextDocument, message: string): LocatedField | null {
    const found = locateField(this.analysis(document), message);
    if (!found) return null;
    return { field: found.field, range: { start: document.positionAt(found.span.start), end: document.positionAt(found.span.end) } };
  }
}
