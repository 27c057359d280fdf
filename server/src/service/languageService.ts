import { CodeAction, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from '../core/analyze';
import { documentValue } from '../core/bind';
import { readTargetSync } from '../send/targets';
import { Operation } from '../core/schema/store';
import { fileURLToPath } from 'node:url';
import { getCodeActions } from './codeActions';
import { doComplete } from './complete/complete';
import { toDiagnostic } from './diagnostics';
import { globMatcher } from './globs';
import { doHover } from './hover';
import { serialize } from '../core/serialize';
import { findDocumentSymbols, getFoldingRanges } from './symbols';
import { locateField } from './locate';
import { prepareRequest } from '../send/prepare';
import { secretsIn } from '../send/response';
import type { LocatedField, PrepareSendParams, PrepareSendResult } from '../protocol';
import { Format } from '../core/tree';

export interface LanguageServiceOptions {
  /** Globs of files to treat as requests whatever their name or root. */
  include: string[];
  /** Languages whose editor offers the snippets itself: completion leaves them out there. */
  editorSnippetLanguages?: string[];
}

/**
 * Every editing feature over one cached analysis per document version. No LSP wiring here: the
 * server calls it, and tests call it directly.
 */
export class LanguageService {
  private readonly cache = new Map<string, { version: number; text: string; analysis: Analysis }>();
  private readonly included: (uri: string) => boolean;
  private readonly editorSnippets: Set<string>;
  /** Include globs left out, and why: for the server's log. */
  readonly refusedGlobs: string[];

  constructor(options: LanguageServiceOptions) {
    const globs = globMatcher(options.include);
    this.included = globs.matches;
    this.refusedGlobs = globs.refused;
    this.editorSnippets = new Set(options.editorSnippetLanguages ?? []);
  }

  analysis(document: TextDocument): Analysis {
    const hit = this.cache.get(document.uri);
    const text = document.getText();
    if (hit && hit.version === document.version && hit.text === text) return hit.analysis;
    const analysis = analyze(text, document.uri, document.languageId, { treatAsRequest: this.included(document.uri), operation: recordedOperation(document.uri) });
    this.cache.set(document.uri, { version: document.version, text, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  doValidation(document: TextDocument): Diagnostic[] {
    return this.analysis(document).findings.map((f) => toDiagnostic(document, f));
  }

  doComplete(document: TextDocument, position: Position): CompletionList | null {
    const analysis = this.analysis(document);
    if (!analysis.isRequest && document.getText().trim() !== '') return null;
    return doComplete(document, position, analysis, !this.editorSnippets.has(document.languageId));
  }

  doHover(document: TextDocument, position: Position): Hover | null {
    const analysis = this.analysis(document);
    return analysis.isRequest ? doHover(document, document.offsetAt(position), analysis) : null;
  }

  getCodeActions(document: TextDocument, _range: Range, diagnostics: Diagnostic[]): CodeAction[] {
    return getCodeActions(document, diagnostics, this.analysis(document));
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
    const errors = p.errors.map((f) => {
      const at = document.positionAt(f.span.start);
      return `line ${at.line + 1}: ${f.code}: ${f.message}`;
    });
    return { prepared: { kind: p.kind, operation: p.operation, id: p.id, byFilter: p.byFilter, body: p.body, contentType: p.contentType, accept: p.accept, errors, secrets: secretsIn(text) } };
  }

  /** The place of the field an API error message names. */
  locateField(document: TextDocument, message: string): LocatedField | null {
    const found = locateField(this.analysis(document), message);
    if (!found) return null;
    return { field: found.field, range: { start: document.positionAt(found.span.start), end: document.positionAt(found.span.end) } };
  }
}

/** The schema a file's recorded target calls for: create, update or search (get, delete and run send no body). */
function recordedOperation(uri: string): Operation | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  const op = readTargetSync(path)?.operation;
  return op === 'create' || op === 'update' || op === 'search' ? op : undefined;
}
