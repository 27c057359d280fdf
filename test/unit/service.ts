import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { expandSnippet } from './helpers';

export const service = new LanguageService({ include: [] });

const LANGUAGE: Record<string, string> = { xml: 'xml', json: 'json', yaml: 'yaml' };

/** A document from text with a `|` cursor; the cursor's offset. */
export function withCursor(source: string, fileName: string): { document: TextDocument; offset: number } {
  const offset = source.indexOf('|');
  if (offset < 0) throw new Error('no | cursor in the test text');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const ext = fileName.split('.').pop() ?? '';
  return { document: TextDocument.create(`file:///test/${fileName}`, LANGUAGE[ext] ?? ext, 1, text), offset };
}

export function completions(source: string, fileName: string): { document: TextDocument; items: CompletionItem[] } {
  const { document, offset } = withCursor(source, fileName);
  const list = service.doComplete(document, document.positionAt(offset));
  return { document, items: list?.items ?? [] };
}

/** The whole text after accepting the item labelled `label`, its snippet expanded with defaults. */
export function accept(source: string, fileName: string, label: string): string {
  const { document, items } = completions(source, fileName);
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no completion "${label}"; got ${items.map((i) => i.label).join(', ')}`);
  const edit = item.textEdit as TextEdit;
  const newText = item.insertTextFormat === 2 ? expandSnippet(edit.newText).text : edit.newText;
  return TextDocument.applyEdits(document, [{ range: edit.range, newText }]);
}

export function labels(source: string, fileName: string): string[] {
  return completions(source, fileName).items.map((i) => String(i.label));
}
