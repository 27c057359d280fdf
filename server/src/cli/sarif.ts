import { relative, sep } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { homepage, version } from '../../../package.json';
import { describeCode, explainCode, isFindingCode, RULE_TABLE } from '../core/findingCodes';

/** What `validate` found in one file: its path as shown, its absolute path, and its diagnostics. */
export interface FileFindings {
  file: string;
  path: string;
  diagnostics: Diagnostic[];
}

const LEVEL: Record<number, 'error' | 'warning' | 'note'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

/**
 * A SARIF 2.1.0 log of the findings, for code scanning in CI: one rule per code that occurs (its
 * description from the code table), one result per finding, with 1-based regions. Columns count
 * UTF-16 code units, as LSP positions do. Paths are relative to `cwd` (`uriBaseId` SRCROOT), as
 * GitHub code scanning expects. Messages are the findings' own, which never quote a secret.
 */
export function toSarif(files: FileFindings[], cwd: string): object {
  const codes = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => String(d.code))))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => {
      const code = String(d.code);
      return {
        ruleId: code,
        ruleIndex: ruleIndex.get(code),
        level: LEVEL[d.severity ?? DiagnosticSeverity.Error],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: relativeUri(cwd, f.path), uriBaseId: 'SRCROOT' },
              region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
            },
          },
        ],
      };
    }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'qualys-connector',
            version,
            informationUri: homepage,
            rules: codes.map(sarifRule),
          },
        },
        // No `uri`: the base is where validate ran (the repository's root in CI), and the log names no absolute path.
        originalUriBaseIds: { SRCROOT: { description: { text: 'The folder validate ran in (the repository root in CI); every uri is relative to it.' } } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** A code's rule: its meaning, its evidence as help, and its table severity as the default level (a result's own level says what the settings made of it). */
function sarifRule(code: string): object {
  if (!isFindingCode(code)) return { id: code, shortDescription: { text: describeCode(code) }, help: { text: describeCode(code) } };
  const row = RULE_TABLE[code];
  return {
    id: code,
    shortDescription: { text: row.meaning },
    help: { text: explainCode(code) },
    defaultConfiguration: { level: LEVEL[SEVERITY[row.severity]] },
    properties: { tags: [...row.sources.map((s): string => s.kind), ...(row.disputed ? ['disputed'] : [])] },
  };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information } as const;

/** A relative URI reference: forward slashes, each segment percent-encoded (a space is %20). */
function relativeUri(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).map(encodeURIComponent).join('/');
}
