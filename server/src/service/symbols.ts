import { DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../core/analyze';
import { isSecretField, MASK } from '../core/secretFields';
import { SourceNode, Span } from '../core/tree';

/** Past this many symbols an outline is no help, and building it only costs time. */
const MAX_SYMBOLS = 5000;

/** The request's structure as an outline: a symbol per key, nested as in the file. */
export function findDocumentSymbols(document: TextDocument, analysis: Analysis): DocumentSymbol[] {
  const root = analysis.parsed.root;
  if (!analysis.isRequest || !root) return [];
  const budget = { left: MAX_SYMBOLS };
  return childSymbols(document, root, budget);
}

function childSymbols(document: TextDocument, node: SourceNode, budget: { left: number }): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const entries: [string, Span | undefined, SourceNode][] =
    node.type === 'object' ? node.properties.map((p) => [p.key, p.keySpan, p.value]) : node.type === 'array' ? node.items.map((n, i) => [String(i), undefined, n]) : [];
  for (const [name, keySpan, value] of entries) {
    if (budget.left-- <= 0) break;
    const start = Math.min(keySpan?.start ?? value.span.start, value.span.start);
    const end = Math.max(keySpan?.end ?? 0, value.span.end);
    const range = { start: document.positionAt(start), end: document.positionAt(end) };
    const selection = keySpan ?? value.span;
    out.push({
      name,
      detail: value.type === 'scalar' ? detail(name, value.value) : undefined,
      kind: kindOf(value),
      range,
      selectionRange: { start: document.positionAt(selection.start), end: document.positionAt(selection.end) },
      children: value.type === 'scalar' ? undefined : childSymbols(document, value, budget),
    });
  }
  return out;
}

function detail(name: string, value: string | number | boolean | null): string {
  if (isSecretField(name)) return MASK;
  const s = String(value ?? '').trim();
  return s.length > 40 ? s.slice(0, 37) + '…' : s;
}

function kindOf(node: SourceNode): SymbolKind {
  if (node.type === 'object') return SymbolKind.Object;
  if (node.type === 'array') return SymbolKind.Array;
  if (typeof node.value === 'number') return SymbolKind.Number;
  if (typeof node.value === 'boolean') return SymbolKind.Boolean;
  return SymbolKind.String;
}

/** A fold for every object and list that spans lines. */
export function getFoldingRanges(document: TextDocument, analysis: Analysis): FoldingRange[] {
  const root = analysis.parsed.root;
  if (!analysis.isRequest || !root) return [];
  const ranges: FoldingRange[] = [];
  const closesOnOwnLine = analysis.format !== 'yaml';
  const visit = (node: SourceNode, from: number, depth: number): void => {
    if (node.type === 'scalar' || depth > 64 || ranges.length > MAX_SYMBOLS) return;
    const startLine = document.positionAt(from).line;
    let endLine = document.positionAt(Math.max(from, node.span.end - 1)).line;
    if (closesOnOwnLine) endLine -= 1;
    if (endLine > startLine) ranges.push({ startLine, endLine });
    if (node.type === 'object') for (const p of node.properties) visit(p.value, Math.min(p.keySpan.start, p.value.span.start), depth + 1);
    else for (const item of node.items) visit(item, item.span.start, depth + 1);
  };
  if (root.type === 'object') for (const p of root.properties) visit(p.value, Math.min(p.keySpan.start, p.value.span.start), 0);
  else visit(root, root.span.start, 0);
  return ranges;
}
