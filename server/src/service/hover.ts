import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../core/analyze';
import { Located } from '../core/bind';
import { describeField, describeValue } from './describe';
import { fieldName } from '../core/validation/location';
import { Span } from '../core/tree';
import { Finding } from '../core/finding';
import { explainCode, RULE_TABLE } from '../core/findingCodes';

const within = (s: Span | undefined, offset: number): s is Span => s !== undefined && s.start <= offset && offset <= s.end && s.end > s.start;
const size = (s: Span): number => s.end - s.start;

/** Hover on a key (element) or an enum value: the documented description, type and allowed values. */
export function doHover(document: TextDocument, offset: number, analysis: Analysis): Hover | null {
  const index = analysis.bound?.index;
  if (!index) return null;
  if (analysis.format === 'xml') {
    const closing = closingTagAt(document.getText(), offset, index.values());
    if (closing?.loc.schema) {
      return {
        contents: { kind: MarkupKind.Markdown, value: describeField(closing.loc.name, closing.loc.schema) },
        range: { start: document.positionAt(closing.span.start), end: document.positionAt(closing.span.end) },
      };
    }
  }
  let best: { loc: Located; span: Span; onKey: boolean } | undefined;
  for (const loc of index.values()) {
    if (!loc.schema) continue;
    if (within(loc.keySpan, offset) && (!best || size(loc.keySpan) < size(best.span))) best = { loc, span: loc.keySpan, onKey: true };
    if (loc.node.type === 'scalar' && within(loc.node.span, offset) && (!best || size(loc.node.span) < size(best.span))) {
      best = { loc, span: loc.node.span, onKey: false };
    }
  }
  if (!best || !best.loc.schema) return null;
  const field = fieldName(best.loc);
  const value = !best.onKey && best.loc.node.type === 'scalar' ? best.loc.node.value : undefined;
  const text = (typeof value === 'string' ? describeValue(field, value.trim(), best.loc.schema) : undefined) ?? describeField(field, best.loc.schema);
  return {
    contents: { kind: MarkupKind.Markdown, value: text },
    range: { start: document.positionAt(best.span.start), end: document.positionAt(best.span.end) },
  };
}

/** `</name>` under the cursor, and the element it closes: the innermost one of that name it ends. */
function closingTagAt(text: string, offset: number, all: Iterable<Located>): { loc: Located; span: Span } | undefined {
  const lt = text.lastIndexOf('<', offset);
  if (lt < 0 || text[lt + 1] !== '/') return undefined;
  const m = /^<\/([\w:.-]+)\s*>/.exec(text.slice(lt, lt + 256));
  if (!m || offset > lt + m[0].length) return undefined;
  const closeEnd = lt + m[0].length;
  const span = { start: lt + 2, end: lt + 2 + m[1].length };
  let found: Located | undefined;
  for (const loc of all) {
    if (!loc.keySpan || loc.keySpan.start >= lt || loc.name !== m[1] || text.slice(loc.keySpan.start, loc.keySpan.end) !== m[1]) continue;
    const ends = loc.node.type === 'scalar' ? text.slice(loc.node.span.end, lt).trim() === '' : loc.node.span.end === closeEnd;
    if (ends && (!found || loc.keySpan.start > (found.keySpan as Span).start)) found = loc;
  }
  return found ? { loc: found, span } : undefined;
}

/**
 * The rules behind the findings under the cursor: each code's meaning, severity (and the level a
 * setting gave it) and sources, as `validate --explain` prints them. At most three: a hover is not a report.
 */
export function findingsHover(findings: readonly Finding[], offset: number): string | undefined {
  const codes = new Map<string, Finding>();
  for (const f of findings) if (f.span.start <= offset && offset <= f.span.end && !codes.has(f.code)) codes.set(f.code, f);
  if (codes.size === 0) return undefined;
  return [...codes.values()]
    .slice(0, 3)
    .map((f) => {
      const [title, ...rest] = explainCode(f.code, f.severity !== RULE_TABLE[f.code].severity ? f.severity : undefined).split('\n');
      return [`**${f.code}**${title.slice(f.code.length)}`, ...rest].join('\n');
    })
    .join('\n\n---\n\n');
}
