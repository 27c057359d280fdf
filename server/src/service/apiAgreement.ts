import { Diagnostic } from 'vscode-languageserver-types';
import { SOURCE } from './diagnostics';

/** An API answer's complaint, placed on the field it names, for one version of a document. */
export interface ApiAgreement {
  version: number;
  field: string;
  line: number;
  /** The answer's code and message, as the API gave them. */
  code: string;
  message: string;
}

/** The local finding on the field's line about that field, if there is one: the API said the same thing. */
export function agreeingFinding(diagnostics: readonly Diagnostic[], field: string, line: number): Diagnostic | undefined {
  return diagnostics.find((d) => d.source === SOURCE && d.range.start.line === line && lastSegment((d.data as { path?: string } | undefined)?.path) === field);
}

/** The diagnostics with the agreeing finding saying the API agreed: one finding per cause, not the API's beside the local one. */
export function withAgreement(diagnostics: Diagnostic[], agreement: ApiAgreement | undefined): Diagnostic[] {
  if (!agreement) return diagnostics;
  const local = agreeingFinding(diagnostics, agreement.field, agreement.line);
  if (!local) return diagnostics;
  return diagnostics.map((d) => (d === local ? { ...d, message: `${d.message} The Qualys API agreed (${agreement.code}: ${agreement.message}).` } : d));
}

function lastSegment(path: string | undefined): string | undefined {
  return path?.replace(/\[\d+\]$/, '').split('.').pop();
}
