import { Finding, Severity, shortName } from './finding';
import { FindingCode, isFindingCode, RULE_TABLE } from './findingCodes';
import { parse } from './parse';
import { closest } from './suggest';
import { Format, Span } from './tree';

/**
 * Rules users can tune, the way linters work: a level per finding code, from the project file
 * (`.qualys-connector.json`), the `qualys.rules` setting or `validate --rule`, and inline
 * `qualys-ignore-next-line` comments. Only severities change: no level adds a finding, and the codes
 * that mean the file could not be checked (`fixed` in the table) stay as they are.
 */
export type Level = Severity | 'off';
export const LEVELS: readonly Level[] = ['error', 'warning', 'information', 'off'];

/** Levels by code; a code absent keeps its table's severity. */
export type RuleLevels = ReadonlyMap<FindingCode, Level>;

/** The rule settings a request file is checked with: its levels, and why its project's rule file is not used, if it is not. */
export interface RuleSettings {
  levels: RuleLevels;
  problem?: string;
}

export const RULE_CONFIG_FILE = '.qualys-connector.json';
/** A project's rule file is a few hundred bytes; a hostile one costs at most this much to read. */
export const MAX_RULE_CONFIG_BYTES = 64 * 1024;

const CODES = Object.keys(RULE_TABLE);

/** One `code: level` pair checked: the pair, or what is wrong with it, in a sentence. */
export function checkLevel(code: string, level: unknown): { code: FindingCode; level: Level } | { problem: string } {
  if (!isFindingCode(code)) {
    const near = closest(code, CODES);
    return { problem: `"${shortName(code)}" is not a finding code.${near ? ` Did you mean "${near}"?` : ' See qualys-connector validate --explain.'}` };
  }
  if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
    const shown = typeof level === 'string' ? `"${shortName(level)}"` : (JSON.stringify(level) ?? String(level)).slice(0, 40);
    return { problem: `${shown} is not a level for ${code}: use error, warning, information or off.` };
  }
  if (RULE_TABLE[code].fixed) return { problem: `${code} cannot be changed: it says the file could not be checked, or that the tool's own files are broken.` };
  return { code, level: level as Level };
}

/** `--rule CODE=LEVEL` values, or the first problem with them. */
export function levelsFromFlags(flags: readonly string[]): { levels: Map<FindingCode, Level> } | { problem: string } {
  const levels = new Map<FindingCode, Level>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq < 0) return { problem: `--rule ${shortName(flag)}: write CODE=LEVEL, such as --rule suspicious-arn=off.` };
    const checked = checkLevel(flag.slice(0, eq).trim(), flag.slice(eq + 1).trim());
    if ('problem' in checked) return { problem: `--rule ${shortName(flag)}: ${checked.problem}` };
    levels.set(checked.code, checked.level);
  }
  return { levels };
}

/** The `qualys.rules` setting as VS Code sends it (any JSON): its levels, and what was ignored. */
export function levelsFromSetting(value: unknown): { levels: Map<FindingCode, Level>; problems: string[] } {
  const levels = new Map<FindingCode, Level>();
  const problems: string[] = [];
  if (value === undefined || value === null) return { levels, problems };
  if (typeof value !== 'object' || Array.isArray(value)) return { levels, problems: ['qualys.rules must be an object of finding codes and levels, such as { "suspicious-arn": "off" }.'] };
  for (const [code, level] of Object.entries(value).slice(0, CODES.length * 2)) {
    const checked = checkLevel(code, level);
    if ('problem' in checked) problems.push(`qualys.rules: ${checked.problem}`);
    else levels.set(checked.code, checked.level);
  }
  return { levels, problems };
}

/**
 * `.qualys-connector.json`'s text: its levels and the findings on the file itself (each on the key or
 * value at fault). Nothing but `rules` is read; a file that does not parse sets no level.
 */
export function readRuleConfig(text: string): { levels: Map<FindingCode, Level>; findings: Finding[] } {
  const levels = new Map<FindingCode, Level>();
  const parsed = parse(text, 'json');
  const findings: Finding[] = parsed.problems.map((p) => ({ span: p.span, severity: RULE_TABLE[p.code].severity, code: p.code, message: p.message }));
  const bad = (span: Span, message: string): number => findings.push({ span, severity: 'error', code: 'bad-rule-config', message });
  const root = parsed.root;
  if (findings.length > 0 || !root) {
    if (findings.length === 0) bad({ start: 0, end: 0 }, `${RULE_CONFIG_FILE} is empty: write { "rules": { "<code>": "off" } }.`);
    else findings.push({ ...findings[0], code: 'bad-rule-config', message: `${RULE_CONFIG_FILE} is not valid JSON, so no rule level is read from it.` });
    return { levels, findings };
  }
  if (root.type !== 'object') {
    bad(root.span, `${RULE_CONFIG_FILE} must be an object: { "rules": { "<code>": "error" | "warning" | "information" | "off" } }.`);
    return { levels, findings };
  }
  for (const p of root.properties) {
    if (p.key !== 'rules') {
      bad(p.keySpan, `Only "rules" is read from ${RULE_CONFIG_FILE}; "${shortName(p.key)}" is not.`);
      continue;
    }
    if (p.value.type !== 'object') {
      bad(p.value.span, `"rules" must be an object of finding codes and levels, such as { "suspicious-arn": "off" }.`);
      continue;
    }
    for (const entry of p.value.properties) {
      const level = entry.value.type === 'scalar' ? entry.value.value : undefined;
      const checked = checkLevel(entry.key, level);
      if ('problem' in checked) bad(isFindingCode(entry.key) && !RULE_TABLE[entry.key].fixed ? entry.value.span : entry.keySpan, checked.problem);
      else levels.set(checked.code, checked.level);
    }
  }
  return { levels, findings };
}

/** The levels of a project's rule file (its levels, or why it is not used), with `over` (a setting, flags) on top. */
export function settingsOver(read: { levels: RuleLevels; problem?: string } | undefined, over?: RuleLevels): RuleSettings {
  const levels = new Map(read?.levels ?? []);
  for (const [code, level] of over ?? []) levels.set(code, level);
  return { levels, ...(read?.problem ? { problem: read.problem } : {}) };
}

/** Why a rule file is not used (as its reader says), as a request it would apply to is told. */
export function ruleFileUnused(problem: string): string {
  return `${problem} Its rule levels do not apply.`;
}

/** Findings at the levels set: `off` drops a finding, a level replaces its severity; an opt-in code counts only when a level turns it on. */
export function applyLevels(findings: Finding[], levels: RuleLevels | undefined): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const row = RULE_TABLE[f.code];
    const level = row.fixed ? undefined : levels?.get(f.code);
    if (level === 'off' || (level === undefined && row.optIn)) continue;
    out.push(level && level !== f.severity ? { ...f, severity: level } : f);
  }
  return out;
}

const MARK = 'qualys-ignore-next-line';
const COMMENT: Partial<Record<Format, RegExp>> = {
  yaml: /^[ \t]*#[ \t]*qualys-ignore-next-line\b([^\n]*)$/,
  xml: /^[ \t]*<!--[ \t]*qualys-ignore-next-line\b(.*?)-->[ \t]*$/,
};

/** One `qualys-ignore-next-line` comment: the codes it names and where they are written. */
interface Suppression {
  line: number;
  codes: { code: string; span: Span }[];
  span: Span;
  used: Set<string>;
}

/** The comment a quick fix writes above a line: `# qualys-ignore-next-line CODE` or its XML form. */
export function suppressionComment(format: Format, codes: readonly string[]): string | undefined {
  if (format === 'yaml') return `# ${MARK} ${codes.join(', ')}`;
  if (format === 'xml') return `<!-- ${MARK} ${codes.join(', ')} -->`;
  return undefined;
}

/** The suppressions in a YAML or XML text, by the line each applies to (the line after the comment). */
function suppressions(text: string, format: Format): Map<number, Suppression> {
  const byLine = new Map<number, Suppression>();
  const pattern = COMMENT[format];
  if (!pattern || !text.includes(MARK)) return byLine;
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const raw = text.slice(start, end).replace(/\r$/, '');
    if (raw.includes(MARK)) {
      const m = pattern.exec(raw);
      if (m) {
        const listAt = start + raw.indexOf(MARK) + MARK.length;
        const codes: Suppression['codes'] = [];
        for (const c of m[1].matchAll(/[^\s,]+/g)) codes.push({ code: c[0], span: { start: listAt + (c.index ?? 0), end: listAt + (c.index ?? 0) + c[0].length } });
        byLine.set(line + 1, { line: line + 1, codes, span: { start: start + raw.indexOf(MARK), end: start + raw.length }, used: new Set() });
      }
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return byLine;
}

/**
 * The findings that inline comments do not suppress, plus one `unused-suppression` finding for each
 * code a comment names that suppresses nothing there (a typo, a fixed code, a finding already fixed).
 */
export function applySuppressions(findings: Finding[], text: string, format: Format): Finding[] {
  const byLine = suppressions(text, format);
  if (byLine.size === 0) return findings;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const kept: Finding[] = [];
  for (const f of findings) {
    const s = RULE_TABLE[f.code].fixed ? undefined : byLine.get(lineOf(f.span.start));
    if (s && s.codes.some((c) => c.code === f.code)) s.used.add(f.code);
    else kept.push(f);
  }
  for (const s of byLine.values()) {
    if (s.codes.length === 0) kept.push(unused(s.span, `${MARK} names no code: write the codes to suppress on the next line, such as ${MARK} suspicious-arn.`));
    for (const { code, span } of s.codes) {
      if (s.used.has(code)) continue;
      let why: string;
      if (!isFindingCode(code)) {
        const near = closest(code, CODES);
        why = `"${shortName(code)}" is not a finding code${near ? `: did you mean "${near}"?` : '.'}`;
      } else if (RULE_TABLE[code].fixed) why = `${code} cannot be suppressed.`;
      else why = `No ${code} finding on the next line: this suppression does nothing (remove it).`;
      kept.push(unused(span, why));
    }
  }
  return kept;
}

function unused(span: Span, message: string): Finding {
  return { span, severity: RULE_TABLE['unused-suppression'].severity, code: 'unused-suppression', message };
}
