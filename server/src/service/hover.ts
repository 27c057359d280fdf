import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from './analyze';
import { Located } from './bind';
import { describeField, describeValue } from './describe';
import { fieldName } from './validation/schemaFindings';
import { Span } from './tree';

const within = (s: Span | undefined, offset: number): s is Span => s !== undefined && s.start <= offset && offset <= s.end && s.end > s.start;
const size = (s: Span): number => s.end - s.start;

/** Hover on a key (element) or an enum value: the documented description, type and allowed values. */
export function doHover(document: TextDocument, offset: number, analysis: Analysis): Hover | null {
  const index = analysis.bound?.index;
  if (!index) return null;
  let best: { loc: Located; span: Span; onKey: boolean } | undefined;
  for (const loc of index.values()) {
    if (!loc.schema) continue;
    if (within(loc.keySpan, offset) && (!best || size(loc.keySpan) < size(best.span))) best = { loc, span: loc.keySpan, onKey: true };
    if (loc.node.type === 'scalar' && within(loc.node.span, offset) && (!best || size(loc.node.span) < size(best.span))) {
      best = { loc, span: loc.node.span, onKey: false };
    }
  }
  if (!best || !best.loc.schema) return null;
  const field = fieldName(best.loc.path);
  const value = !best.onKey && best.loc.node.type === 'scalar' ? best.loc.node.value : undefined;
  const text = (typeof value === 'string' ? describeValue(field, value.trim(), best.loc.schema) : undefined) ?? describeField(field, best.loc.schema);
  return {
    contents: { kind: MarkupKind.Markdown, value: text },
    range: { start: document.positionAt(best.span.start), end: document.positionAt(best.span.end) },
  };
}
