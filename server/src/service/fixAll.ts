import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../core/analyze';
import { getCodeActions } from './codeActions';
import { SOURCE } from './diagnostics';

/** The kind of the file-wide fix: asked for by "Fix All" and by `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.qualys`;

/** One finding's safe fix: its edits as offsets, to tell the fixes that overlap. */
interface SafeFix {
  code: string;
  edits: { start: number; end: number; edit: TextEdit }[];
}

/** Fixes one at a time only: a day-first date may be what the platform expects (the finding says to check). */
const NOT_FOR_ALL = new Set(['date-day-first']);

/**
 * A finding's safe fix is its preferred quick fix: the one remedy its message proposes (a "did you
 * mean", a typed value, a field that cannot be sent). Taking out an unknown field nothing resembles
 * is preferred for one finding but not safe for many: it may be a field this extension does not know.
 */
function safeFixes(document: TextDocument, diagnostics: Diagnostic[], analysis: Analysis): SafeFix[] {
  const wanted = diagnostics.filter((d) => d.source === SOURCE && !NOT_FOR_ALL.has(String(d.code)));
  // One pass over the file's fixes (each action names its one diagnostic), not one per finding.
  const preferred = new Map<Diagnostic, CodeAction>();
  for (const a of getCodeActions(document, wanted, analysis)) {
    const d = a.diagnostics?.[0];
    if (d && a.isPreferred && a.kind === CodeActionKind.QuickFix && a.command === undefined && !preferred.has(d)) preferred.set(d, a);
  }
  const fixes: SafeFix[] = [];
  for (const d of wanted) {
    const action = preferred.get(d);
    const edits = action?.edit?.changes?.[document.uri];
    if (!edits || (d.code === 'unknown-field' && action?.title.startsWith('Remove '))) continue;
    fixes.push({ code: String(d.code), edits: edits.map((edit) => ({ start: document.offsetAt(edit.range.start), end: document.offsetAt(edit.range.end), edit })) });
  }
  return fixes;
}

/** The edits of every fix that touches no text another taken fix touches, in the file's order: one edit of the file. */
function merged(fixes: SafeFix[]): TextEdit[] {
  const taken: { start: number; end: number }[] = [];
  const out: { start: number; edit: TextEdit }[] = [];
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start === b.start || (a.start < b.end && b.start < a.end);
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    for (const e of fix.edits) {
      taken.push(e);
      out.push(e);
    }
  }
  return out.sort((a, b) => a.start - b.start).map((e) => e.edit);
}

function fixAction(document: TextDocument, title: string, kind: string, fixes: SafeFix[], diagnostics: Diagnostic[]): CodeAction | undefined {
  const edits = merged(fixes);
  if (edits.length === 0) return undefined;
  return { title, kind, diagnostics, edit: { changes: { [document.uri]: edits } } };
}

/** The quick fixes with the "Fix all" ones after the fixes and before the "Ignore … on this line" ones. */
export function beforeSuppressions(fixes: CodeAction[], fixAll: CodeAction[]): CodeAction[] {
  const ignore = (a: CodeAction): boolean => a.title.startsWith('Ignore ');
  return [...fixes.filter((a) => !ignore(a)), ...fixAll, ...fixes.filter(ignore)];
}

/** Whether the client asked for the fix-all kind (`source`, `source.fixAll` or the extension's own). */
export function asksFixAll(only: string[] | undefined): boolean {
  return only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`)) ?? false;
}

/**
 * "Fix all" actions over a file's findings (`all`): the file-wide source action every safe fix
 * makes at once, and beside a finding's own fix, "Fix all CODE problems in this file" when more
 * than one finding of its code has a safe fix. Fixes that would touch the same text are left to a
 * second run.
 */
export function fixAllActions(document: TextDocument, requested: Diagnostic[], all: () => Diagnostic[], analysis: Analysis, only: string[] | undefined): CodeAction[] {
  const out: CodeAction[] = [];
  const wantsSource = asksFixAll(only);
  const wantsQuickFix = only === undefined || only.includes(CodeActionKind.QuickFix);
  const codes = new Set(requested.filter((d) => d.source === SOURCE).map((d) => String(d.code)));
  if (!wantsSource && (!wantsQuickFix || codes.size === 0)) return out;
  const diagnostics = all();
  if (wantsQuickFix) {
    for (const code of codes) {
      const ofCode = diagnostics.filter((d) => d.source === SOURCE && String(d.code) === code);
      if (ofCode.length < 2) continue;
      const fixes = safeFixes(document, ofCode, analysis);
      if (fixes.length < 2) continue;
      const action = fixAction(document, `Fix all ${code} problems in this file`, CodeActionKind.QuickFix, fixes, ofCode);
      if (action) out.push(action);
    }
  }
  if (wantsSource) {
    const action = fixAction(document, 'Fix all Qualys problems with a safe fix', FIX_ALL_KIND, safeFixes(document, diagnostics, analysis), []);
    if (action) out.push(action);
  }
  return out;
}
