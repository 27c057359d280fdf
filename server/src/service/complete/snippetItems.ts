import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Format, Span } from '../../core/tree';
import { snippetsFor } from '../snippets';
import { ConnectorKind } from '../../core/model';

/** The project's snippets as completion items: whole requests at the root, fragments inside a connector. */
export function snippetItems(document: TextDocument, offset: number, format: Format, scope: 'request' | 'connector-fields', indent: string, replace?: Span, suffix = '', kind?: ConnectorKind): CompletionItem[] {
  const span = replace ?? { start: offset, end: offset };
  const range = { start: document.positionAt(span.start), end: document.positionAt(span.end) };
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
        sortText: `9${String(i).padStart(3, '0')}`,
      };
    });
}
