import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Finding } from '../core/finding';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export const SOURCE = 'qualys';

export function toDiagnostic(document: TextDocument, f: Finding): Diagnostic {
  return {
    range: { start: document.positionAt(f.span.start), end: document.positionAt(f.span.end) },
    severity: SEVERITY[f.severity],
    code: f.code,
    source: SOURCE,
    message: f.message,
    data: { path: f.path, ...(f.fix ? { fix: f.fix } : {}) },
  };
}
