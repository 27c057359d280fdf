import { CompletionItem, CompletionItemKind, CompletionList, Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { valueAt } from '../core/fleet/placeholders';
import { FleetEntry } from '../core/fleet/select';
import { isObj } from '../core/fleet/values';

/** Entries looked at for the fields completion offers: an inventory's entries share their shape. */
const SAMPLED = 50;
/** Entries whose values a hover shows. */
const SHOWN = 5;

/** The `${…` the cursor is in on its line: where it starts, and what is typed of the path so far. */
function openPlaceholder(document: TextDocument, position: Position): { start: number; typed: string } | undefined {
  const offset = document.offsetAt(position);
  const line = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const m = /\$\{([\w.-]*)$/.exec(line);
  return m ? { start: offset - m[1].length, typed: m[1] } : undefined;
}

/** Completion after `${` in a template: the dotted fields of the inventory's entries (nested objects too, two levels). */
export function completePlaceholder(document: TextDocument, position: Position, accounts: readonly FleetEntry[]): CompletionList | undefined {
  const open = openPlaceholder(document, position);
  if (!open) return undefined;
  const fields = new Map<string, unknown>();
  const walk = (v: unknown, prefix: string, depth: number): void => {
    if (!isObj(v)) return;
    for (const [k, item] of Object.entries(v)) {
      const path = prefix === '' ? k : `${prefix}.${k}`;
      if (isObj(item) && depth < 2) walk(item, path, depth + 1);
      else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') if (!fields.has(path)) fields.set(path, item);
    }
  };
  for (const a of accounts.slice(0, SAMPLED)) walk(a.entry, '', 0);
  const range = { start: document.positionAt(open.start), end: position };
  const items: CompletionItem[] = [...fields].map(([path, example]) => ({ label: path, kind: CompletionItemKind.Field, detail: `e.g. ${JSON.stringify(example).slice(0, 60)}`, textEdit: { range, newText: path } }));
  return { isIncomplete: false, items };
}

/** Hover on a `${path}` in a template: its value for the first accounts. */
export function hoverPlaceholder(document: TextDocument, position: Position, accounts: readonly FleetEntry[]): Hover | undefined {
  const lineText = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  for (const m of lineText.matchAll(/\$\{([^${}]*)\}/g)) {
    const from = m.index ?? 0;
    if (position.character < from || position.character > from + m[0].length) continue;
    const path = m[1].trim();
    const rows = accounts.slice(0, SHOWN).map((a) => {
      const v = valueAt(a.entry, path);
      return `- ${a.key}: ${v === undefined || v === null ? '*(no such field)*' : `\`${JSON.stringify(v).slice(0, 80)}\``}`;
    });
    const more = accounts.length > SHOWN ? `\n\n…and ${accounts.length - SHOWN} more accounts` : '';
    return {
      contents: { kind: MarkupKind.Markdown, value: `**\${${path}}** for the first accounts:\n\n${rows.join('\n')}${more}` },
      range: { start: { line: position.line, character: from }, end: { line: position.line, character: from + m[0].length } },
    };
  }
  return undefined;
}
