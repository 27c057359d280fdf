import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, Analysis } from './analyze';

/**
 * One analysis per document version, shared by diagnostics, completion, hover, symbols and
 * code actions: a keystroke is parsed once whatever asks.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();

  get(document: TextDocument): Analysis {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version) return hit.analysis;
    const analysis = analyze(document.getText(), document.uri, document.languageId);
    this.entries.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
