import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Format, Span } from '../../core/tree';
import { snippetsFor } from '../snippets';
import { ConnectorKind, Operation } from '../../core/model';

/** What the file's name and record say it is: the whole-request snippets that match come first. */
export interface SnippetPreference {
  kind?: ConnectorKind;
  operation?: Operation;
}

/** The project's snippets as completion items: whole requests at the root, fragments inside a connector. */
export function snippetItems(document: TextDocument, offset: number, format: Format, scope: 'request' | 'connector-fields', indent: string, replace?: Span, suffix = '', kind?: ConnectorKind, prefer: SnippetPreference = {}): CompletionItem[] {
  const span = replace ?? { start: offset, end: offset };
  const range = { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  // 0: the kind and operation the file says; 1: its kind; 2: its operation; 3: the rest.
  const rank = (s: { kind?: ConnectorKind; operation?: string }): number => (prefer.kind && s.kind !== prefer.kind ? 1 : 0) * 2 + (prefer.operation && s.operation !== prefer.operation ? 1 : 0);
  return snippetsFor(format)
    .filter((s) => s.scope === scope && (!kind || s.kinds.includes(kind)))
    .map((s, i) => {
      const lines = s.body.split('\n');
      const newText = lines.map((l, n) => (n === 0 || l === '' ? l : indent + l)).join('\n') + suffix;
      return {
        label: s.prefix,
        kind: CompletionItemKind.Snippet,
        detail: s.name,
        documentation: s.description,
        textEdit: { range, newText },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        sortText: `9${rank(s)}${String(i).padStart(3, '0')}`,
      };
    });
}
