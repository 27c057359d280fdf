import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { analyze } from '../core/analyze';
import { shownFindings } from '../core/fleet/checkFleet';
import { toDiagnostic } from '../service/diagnostics';
import { projectRoot, RECORD_FILE } from '../workspace/record';
import { RecordResolver } from '../workspace/resolver';
import { relative, resolve } from 'node:path';
import { explainCode, isFindingCode, RULE_TABLE } from '../core/findingCodes';
import { levelsFromFlags, RULE_CONFIG_FILE } from '../core/ruleLevels';
import { closest } from '../core/suggest';
import { RuleConfigResolver } from '../workspace/ruleConfig';
import { EXIT, oneOf, parseCommandArgs } from './args';
import { CliIo, UsageError } from './io';
import { defaultRoot, expand } from '../fleet/files';
import { readRequest, ReadRequest } from '../fleet/readRequest';
import { FileFindings, toSarif } from './sarif';

const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export const VALIDATE_USAGE = `Usage: qualys-connector validate [--format text|json|sarif] [--root DIR] [--rule CODE=LEVEL...] <files, folders or globs...>
       qualys-connector validate --explain CODE

Checks Qualys connector request files (XML, JSON or YAML) against the connector schemas and the
documented rules, each as the operation ${RECORD_FILE} records for it (looked for in the file's
folder and above, up to the project root: --root, else the folder with .git), as the editor does.
A folder stands for the *.qualys.{xml,json,yaml,yml} files under it.

  -f, --format F    text (path:line:col: severity code: message), json (LSP diagnostics, 0-based),
                    or sarif (SARIF 2.1.0 for code scanning, paths relative to this folder)
  --root DIR        the project root, where the search for ${RECORD_FILE} and ${RULE_CONFIG_FILE} stops
  --rule CODE=LEVEL a finding code's level: error, warning, information or off (repeatable; over
                    the project's ${RULE_CONFIG_FILE}, whose findings are listed too)
  --explain CODE    what a finding code means, its severity and the sources behind it

Exit status: 0 when no file has an error, 1 when one has, 2 on usage or read errors.`;

const FORMATS = ['text', 'json', 'sarif'] as const;

const VALIDATE_ARGS = {
  options: {
    format: { type: 'string', short: 'f' },
    root: { type: 'string' },
    rule: { type: 'string', multiple: true },
    explain: { type: 'string' },
  },
  positionals: { max: Infinity, what: 'file' },
} as const;

/** `records` reads each record once for all the files it holds (tests pass one that counts reads). */
export async function validateCommand(args: string[], io: CliIo, records = new RecordResolver(), ruleFiles = new RuleConfigResolver()): Promise<number> {
  const parsed = parseCommandArgs(args, VALIDATE_ARGS);
  if (parsed === 'help') {
    io.out(VALIDATE_USAGE);
    return EXIT.ok;
  }
  if (parsed.values.explain !== undefined) {
    const code = parsed.values.explain;
    if (!isFindingCode(code)) throw new UsageError(`"${code}" is not a finding code.${explainHint(code)}`);
    io.out(explainCode(code));
    return EXIT.ok;
  }
  const format = oneOf('--format', parsed.values.format ?? 'text', FORMATS);
  const flags = levelsFromFlags(parsed.values.rule ?? []);
  if ('problem' in flags) throw new UsageError(flags.problem);
  const root = parsed.values.root === undefined ? undefined : resolve(io.cwd, parsed.values.root);
  const patterns = parsed.positionals;
  if (patterns.length === 0) throw new UsageError('Name at least one file or glob to validate.');

  const files = await expand(patterns, io.cwd, root ?? defaultRoot(io.cwd), (shown, why) => io.err(`qualys-connector: skipped ${shown}: ${why}.`));
  const results: FileFindings[] = [];
  const configsShown = new Set<string>();
  let hasError = false;
  let readFailed = false;
  for (const file of files) {
    let read: ReadRequest;
    try {
      read = await readRequest(file.path);
    } catch (e) {
      io.err(`qualys-connector: cannot read ${file.shown}: ${reason(e)}`);
      readFailed = true;
      continue;
    }
    const document = TextDocument.create(file.shown, '', 0, read.text);
    const path = resolve(file.path);
    const fileRoot = root ?? projectRoot(path);
    const record = records.lookup(path, fileRoot);
    const config = ruleFiles.configFor(path, fileRoot);
    if (config && config.findings.length > 0 && !configsShown.has(config.file)) {
      // The rule file's own mistakes, once, as a file of the run: CI fails on them as the editor shows them.
      configsShown.add(config.file);
      const shown = relative(io.cwd, config.file) || config.file;
      const configDoc = TextDocument.create(shown, 'json', 0, config.text);
      results.push({ file: shown, path: config.file, diagnostics: config.findings.map((f) => toDiagnostic(configDoc, f)) });
      if (config.findings.some((f) => f.severity === 'error')) hasError = true;
    }
    const rules = ruleFiles.settingsFor(path, fileRoot, flags.levels);
    const analysis = analyze(read.text, file.shown, undefined, { size: read.size, record, rules });
    // A fleet's template: each placeholder stands for a value of the right shape (plan checks every account's request).
    const diagnostics = shownFindings(analysis, read.text).map((f) => toDiagnostic(document, f));
    if (diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) hasError = true;
    results.push({ file: file.shown, path, diagnostics });
  }

  if (format === 'json') {
    io.out(JSON.stringify(results.map(({ file, diagnostics }) => ({ file, diagnostics })), null, 2));
  } else if (format === 'sarif') {
    io.out(JSON.stringify(toSarif(results, io.cwd), null, 2));
  } else {
    for (const { file, diagnostics } of results) {
      for (const d of diagnostics) {
        io.out(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAME[d.severity ?? 1]} ${String(d.code)}: ${d.message}`);
      }
    }
    const count = (s: DiagnosticSeverity): number => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
    io.err(`${results.length} file${results.length === 1 ? '' : 's'} checked: ${count(DiagnosticSeverity.Error)} errors, ${count(DiagnosticSeverity.Warning)} warnings.`);
  }
  if (readFailed) return EXIT.usage;
  return hasError ? EXIT.failed : EXIT.ok;
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'it is a directory';
  return err.message ?? String(e);
}

function explainHint(code: string): string {
  const near = closest(code, Object.keys(RULE_TABLE));
  return near ? ` Did you mean "${near}"?` : ' The codes are listed in the README and in the SARIF log.';
}
