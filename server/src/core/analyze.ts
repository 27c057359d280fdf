import { bind, Bound } from './bind';
import { capFindings, tooLarge } from './caps';
import { MAX_DOCUMENT_SIZE } from './limits';
import { Finding, shortName } from './finding';
import { formatOf, parse } from './parse';
import { CONNECTOR_ELEMENTS, ConnectorKind, Operation, requestSchema, requestSchemaId } from './schema/store';
import { ruleFindings } from './validation/rules';
import { schemaFindings } from './validation/schemaFindings';
import { Format, ParseResult, SourceNode } from './tree';

export interface Analysis {
  format: Format;
  /** Whether the file is a Qualys request at all (a ServiceRequest root, or a `*.qualys.*` name). */
  isRequest: boolean;
  kind: ConnectorKind;
  operation: Operation;
  parsed: ParseResult;
  bound?: Bound;
  findings: Finding[];
}

export interface AnalyzeOptions {
  /** Check the file as a request whatever its name and content (a file matched by the user's include globs). */
  treatAsRequest?: boolean;
  /** What the request is for, when recorded elsewhere (qualys-targets.json): it wins over the file name. */
  operation?: Operation;
  /**
   * The file's whole size when `text` is only its beginning: the CLI reads no more of a file larger
   * than MAX_DOCUMENT_SIZE than it needs to tell whether it is a request.
   */
  size?: number;
}

/** How a broken file still shows that it meant to be a request. */
const ROOT_MARK: Record<Format, RegExp> = {
  xml: /<ServiceRequest[\s>]/,
  json: /^\s*\{\s*"ServiceRequest"/,
  yaml: /^\s*ServiceRequest\s*:/m,
};

/** Findings a file with syntax errors would show only because it is cut short while being typed. */
const INCOMPLETE_CODES = new Set(['missing-field', 'empty-collection']);

export function isQualysFileName(fileName: string): boolean {
  return /\.qualys\.(xml|json|ya?ml)$/i.test(fileName);
}

/** Parses, binds and checks a request: the one pipeline behind the language server and the CLI. */
export function analyze(text: string, fileName: string, languageId?: string, options: AnalyzeOptions = {}): Analysis {
  const format = formatOf(fileName, text, languageId);
  const named = options.treatAsRequest === true || isQualysFileName(fileName);
  if (!named && !text.slice(0, 4096).includes('ServiceRequest')) {
    // Not a request, and not worth parsing: package.json and friends pass through here too.
    return { format, isRequest: false, kind: 'aws', operation: 'update', parsed: { format, root: undefined, problems: [] }, findings: [] };
  }
  const size = Math.max(options.size ?? 0, text.length);
  if (size > MAX_DOCUMENT_SIZE) {
    // Parsing tens of MB takes seconds and gigabytes; no request is anywhere near this size.
    const parsed: ParseResult = { format, root: undefined, problems: [] };
    return { format, isRequest: true, kind: kindOf(undefined, fileName), operation: options.operation ?? operationOf(undefined, fileName), parsed, findings: [tooLarge(size, text)] };
  }
  const parsed = parse(blankBom(text), format);
  const root = parsed.root;
  const envelope = root?.type === 'object' ? root.properties.find((p) => p.key === 'ServiceRequest') : undefined;
  const looksLikeRequest = envelope !== undefined || (parsed.problems.length > 0 && ROOT_MARK[format].test(text.slice(0, 4096)));
  const kind = kindOf(envelope?.value, fileName);
  const operation = options.operation ?? operationOf(envelope?.value, fileName);
  const result: Analysis = { format, isRequest: named || looksLikeRequest, kind, operation, parsed, findings: [] };
  if (!result.isRequest) return result;

  const findings: Finding[] = parsed.problems.map((p): Finding => ({ span: p.span, severity: p.code === 'mixed-content' || p.code === 'multiple-documents' ? 'warning' : 'error', code: p.code, message: p.message }));
  if (!envelope) {
    if (root && parsed.problems.length === 0) {
      const first = root.type === 'object' ? root.properties[0] : undefined;
      const found = first ? `"${shortName(first.key)}"` : 'no ServiceRequest';
      findings.push({ span: first?.keySpan ?? root.span, severity: 'error', code: 'not-a-request', message: `Expected a ServiceRequest root; found ${found}.` });
    }
    result.findings = sortFindings(findings);
    return result;
  }
  const bound = bind(root as SourceNode, requestSchema(kind, operation), format);
  result.bound = bound;
  // concat, not push(...): a hostile file can have a hundred thousand findings, past the stack's room for arguments.
  const all = findings.concat(bound.findings, schemaFindings(requestSchemaId(kind, operation), kind, bound), ruleFindings(bound, kind, operation));
  const incomplete = parsed.problems.length > 0;
  result.findings = sortFindings(all.filter((f) => !(incomplete && INCOMPLETE_CODES.has(f.code))));
  return result;
}

/** A byte order mark is not content; blanking it keeps every offset where the editor has it. */
function blankBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
}

function kindOf(envelope: SourceNode | undefined, fileName: string): ConnectorKind {
  const data = envelope?.type === 'object' ? envelope.properties.find((p) => p.key === 'data')?.value : undefined;
  if (data?.type === 'object') {
    for (const p of data.properties) {
      for (const [kind, element] of Object.entries(CONNECTOR_ELEMENTS)) if (p.key === element) return kind as ConnectorKind;
    }
  }
  return /azure/i.test(fileName) ? 'azure' : 'aws';
}

/**
 * Which schema: a body with no data but filters or preferences is a search; otherwise the file
 * name says create (`*create*`), and anything else is an update (filters make it one by filter).
 */
function operationOf(envelope: SourceNode | undefined, fileName: string): Operation {
  if (envelope?.type === 'object') {
    const keys = new Set(envelope.properties.map((p) => p.key));
    if (!keys.has('data') && (keys.has('filters') || keys.has('preferences'))) return 'search';
  }
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /create/i.test(base) ? 'create' : 'update';
}

/** Past this a message is no longer read; whatever a finding quotes from the file is cut to fit. */
const MAX_MESSAGE = 500;

function sortFindings(findings: Finding[]): Finding[] {
  for (const f of findings) if (f.message.length > MAX_MESSAGE) f.message = `${f.message.slice(0, MAX_MESSAGE - 1)}…`;
  // Codes are ASCII: compared directly, as localeCompare would cost a collator call per pair of 100,000 findings.
  return capFindings(findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
}
