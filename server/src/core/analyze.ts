import { bind, Bound } from './bind';
import { capFindings, tooLarge } from './caps';
import { MAX_DOCUMENT_SIZE } from './limits';
import { Finding, shortName } from './finding';
import { FindingCode, RULE_TABLE } from './findingCodes';
import { formatOfFile } from './format';
import { parse } from './parse';
import { BodySchema, ConnectorKind, Operation, operationRow } from './model';
import { requestSchema, requestSchemaId } from './schema/store';
import { FileTarget, identify, Recorded, RecordLookup } from './target';
import { ruleFindings } from './validation/rules';
import { responseAsRequest } from './fleet/pasted';
import { applyLevels, applySuppressions, RuleSettings } from './ruleLevels';
import { schemaFindings } from './validation/schemaFindings';
import { Format, ParseResult, SourceNode } from './tree';

export interface Analysis {
  format: Format;
  /** Whether the file is a Qualys request at all (a ServiceRequest root, or a `*.qualys.*` name). */
  isRequest: boolean;
  kind: ConnectorKind;
  /** The schema the body was checked against. */
  schema: BodySchema;
  /** What the file is: kind, operation and id, from the body, the record and the one inference rule. */
  target: FileTarget;
  /** What the record said, for a second decision with a flag or a prompt's answer on top (`retarget`). */
  recorded: Recorded;
  /** The name the inference rule reads (and completion, to put the snippets it names first). */
  name: string;
  /** The value of the ServiceRequest key, when there is one. */
  envelope?: SourceNode;
  parsed: ParseResult;
  bound?: Bound;
  findings: Finding[];
}

export interface AnalyzeOptions {
  /** Check the file as a request whatever its name and content (a file matched by the user's include globs). */
  treatAsRequest?: boolean;
  /** What `qualys-targets.json` says of the file (found and checked by the caller: this layer does no I/O). */
  record?: RecordLookup;
  /** Shorthand for a record that gives only the operation. */
  operation?: Operation;
  /**
   * The file's whole size when `text` is only its beginning: the CLI reads no more of a file larger
   * than MAX_DOCUMENT_SIZE than it needs to tell whether it is a request.
   */
  size?: number;
  /**
   * The rule levels that apply to this file (its project's `.qualys-connector.json`, a setting or
   * flags), and why the project's rule file is not used if it is not: found by the caller.
   */
  rules?: RuleSettings;
}

/** How a broken file still shows that it meant to be a request. */
const ROOT_MARK: Record<Format, RegExp> = {
  xml: /<ServiceRequest[\s>]/,
  json: /^\s*\{\s*"ServiceRequest"/,
  yaml: /^\s*ServiceRequest\s*:/m,
};

/** Findings a file with syntax errors would show only because it is cut short while being typed. */
const INCOMPLETE_CODES = new Set<FindingCode>(['missing-field', 'empty-collection']);

export function isQualysFileName(fileName: string): boolean {
  return /\.qualys\.(xml|json|ya?ml)$/i.test(fileName);
}

/** Parses, binds and checks a request file: the one pipeline behind the language server and the CLI. */
export function analyze(text: string, fileName: string, languageId?: string, options: AnalyzeOptions = {}): Analysis {
  const format = formatOfFile(fileName, text, languageId);
  const named = options.treatAsRequest === true || isQualysFileName(fileName);
  const record: RecordLookup = options.record ?? (options.operation ? { recorded: { operation: options.operation } } : {});
  const recorded = record.recorded ?? {};
  if (!named && !text.slice(0, 4096).includes('ServiceRequest')) {
    // Not a request, and not worth parsing: package.json and friends pass through here too.
    const target = identify(undefined, fileName, recorded);
    return { format, isRequest: false, kind: target.kind, schema: target.schema, target, recorded, name: fileName, parsed: { format, root: undefined, problems: [] }, findings: [] };
  }
  const size = Math.max(options.size ?? 0, text.length);
  if (size > MAX_DOCUMENT_SIZE) {
    // Parsing tens of MB takes seconds and gigabytes; no request is anywhere near this size.
    const target = identify(undefined, fileName, recorded);
    const parsed: ParseResult = { format, root: undefined, problems: [] };
    return { format, isRequest: true, kind: target.kind, schema: target.schema, target, recorded, name: fileName, parsed, findings: [tooLarge(size, text)] };
  }
  return check(parse(blankBom(text), format), text, fileName, named, record, options.rules);
}

/**
 * Checks a body whose kind and operation are known from elsewhere (the emulator's URL): the body's
 * own connector element still decides which connector's schema applies.
 */
export function analyzeAs(text: string, format: Format, target: { kind: ConnectorKind; operation: Operation }): Analysis {
  return check(parse(blankBom(text), format), text, '', true, { recorded: { kind: target.kind, operation: target.operation } });
}

function check(parsed: ParseResult, text: string, name: string, named: boolean, record: RecordLookup, rules?: AnalyzeOptions['rules']): Analysis {
  const format = parsed.format;
  const root = parsed.root;
  const recorded = record.recorded ?? {};
  const envelope = root?.type === 'object' ? root.properties.find((p) => p.key === 'ServiceRequest') : undefined;
  const looksLikeRequest = envelope !== undefined || (parsed.problems.length > 0 && ROOT_MARK[format].test(text.slice(0, 4096)));
  const target = identify(envelope?.value, name, recorded);
  const result: Analysis = { format, isRequest: named || looksLikeRequest, kind: target.kind, schema: target.schema, target, recorded, name, envelope: envelope?.value, parsed, findings: [] };
  if (!result.isRequest) return result;

  /** Inline suppressions first, then the levels: a finding suppressed in the file uses its comment even when a level turns the code off. */
  const finish = (all: Finding[]): Finding[] => sortFindings(applyLevels(applySuppressions(all, text, format), rules?.levels));
  const findings: Finding[] = parsed.problems.map((p): Finding => ({ span: p.span, severity: RULE_TABLE[p.code].severity, code: p.code, message: p.message }));
  if (record.problem) {
    const span = envelope?.keySpan ?? root?.span ?? { start: 0, end: 0 };
    findings.push({ span, severity: 'error', code: 'bad-record', message: record.problem });
  }
  if (rules?.problem) findings.push({ span: envelope?.keySpan ?? root?.span ?? { start: 0, end: 0 }, severity: 'error', code: 'bad-rule-config', message: rules.problem });
  if (!envelope) {
    if (root && parsed.problems.length === 0) {
      const first = root.type === 'object' ? root.properties[0] : undefined;
      const found = first ? `"${shortName(first.key)}"` : 'no ServiceRequest';
      if (first?.key === 'ServiceResponse') {
        const pasted = responseAsRequest(first.value, format);
        const message =
          'problem' in pasted
            ? `This is a Qualys answer (ServiceResponse), not a request. ${pasted.problem}`
            : `This is a Qualys answer (ServiceResponse), not a request: the quick fix makes it the update request of ${pasted.kind} connector ${pasted.id} (list becomes set; read-only and unknown fields go) and records the id.`;
        findings.push({ span: first.keySpan ?? root.span, severity: 'error', code: 'pasted-response', message });
      } else findings.push({ span: first?.keySpan ?? root.span, severity: 'error', code: 'not-a-request', message: `Expected a ServiceRequest root; found ${found}.` });
    }
    result.findings = finish(findings);
    return result;
  }
  const bound = bind(root as SourceNode, requestSchema(target.kind, target.schema), format);
  result.bound = bound;
  const unsent = target.operation ? unsentBody(target.operation, target.id) : undefined;
  if (unsent) {
    // The file is still read (its syntax, its duplicate keys), but what it holds never reaches Qualys.
    findings.push({ span: envelope?.keySpan ?? (root as SourceNode).span, severity: 'information', code: 'body-not-sent', message: unsent });
    result.findings = finish(findings.concat(bound.findings));
    return result;
  }
  // Not while the file is unfinished (`{"ServiceRequest"` typed so far): its syntax error says enough.
  if (target.operationFrom !== 'record' && target.schema === 'update' && isEmpty(envelope.value) && parsed.problems.length === 0) {
    // Nothing in it and nothing recorded: "missing data" would send the user the wrong way.
    const message = `This request is empty and no operation is recorded for it, so it is checked as an update, which needs data. If it is a run, a get or a delete of one id, record that (Set Request Target, or qualys-connector send --operation) and the body is not checked; otherwise give it data.`;
    findings.push({ span: envelope.keySpan ?? envelope.value.span, severity: 'error', code: 'empty-request', message });
    result.findings = finish(findings.concat(bound.findings));
    return result;
  }
  // concat, not push(...): a hostile file can have a hundred thousand findings, past the stack's room for arguments.
  const all = findings.concat(bound.findings, schemaFindings(requestSchemaId(target.kind, target.schema), target.kind, bound), ruleFindings(bound, target.kind, target.schema));
  const incomplete = parsed.problems.length > 0;
  // A value not typed yet (`"data": ` at the end of an unfinished file) is read as an empty null: no wrong type until it is written.
  const unwritten = new Set<string>();
  if (incomplete) for (const loc of bound.index.values()) if (loc.node.type === 'scalar' && loc.node.value === null && loc.node.span.start === loc.node.span.end) unwritten.add(loc.path);
  result.findings = finish(all.filter((f) => !(incomplete && (INCOMPLETE_CODES.has(f.code) || (f.code === 'wrong-type' && f.path !== undefined && unwritten.has(f.path))))));
  return result;
}

/** Why a file's body is not checked: its operation sends only the URL (a run, a get, a delete of one id). */
function unsentBody(operation: Operation, id: number | undefined): string | undefined {
  const body = operationRow(operation).body;
  if (body === 'always' || (body === 'without-id' && id === undefined)) return undefined;
  const what = operation === 'delete' ? `a delete of connector ${id}` : `a ${operation}`;
  return `This file is ${what}: only the URL is sent, not this body, so the body is not checked. Record another operation for it (Set Request Target) to send its body.`;
}

/** `<ServiceRequest/>`, `ServiceRequest: {}`, `{"ServiceRequest": null}`: an envelope with nothing in it. */
function isEmpty(node: SourceNode): boolean {
  if (node.type === 'object') return node.properties.length === 0;
  return node.type === 'scalar' && (node.value === null || node.value === '');
}

/** The same file's target with a flag's or a prompt's answer over what the record says. */
export function retarget(analysis: Analysis, override: Recorded): FileTarget {
  const given = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  return identify(analysis.envelope, analysis.name, { ...analysis.recorded, ...given });
}

/** A byte order mark is not content; blanking it keeps every offset where the editor has it. */
function blankBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

/** Past this a message is no longer read; whatever a finding quotes from the file is cut to fit. */
const MAX_MESSAGE = 500;

function sortFindings(findings: Finding[]): Finding[] {
  for (const f of findings) if (f.message.length > MAX_MESSAGE) f.message = `${f.message.slice(0, MAX_MESSAGE - 1)}…`;
  // Codes are ASCII: compared directly, as localeCompare would cost a collator call per pair of 100,000 findings.
  return capFindings(findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
}
