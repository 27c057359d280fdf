import { Bound, Located } from '../../bind';
import { Finding, Severity } from '../../finding';
import { FindingCode } from '../../findingCodes';
import { BodySchema, CONNECTOR_ELEMENTS, ConnectorKind } from '../../model';
import { identifierFormat } from '../../schema/connectors';
import { keyOrStart, valueSpan } from '../location';

/**
 * One rule the documentation states in prose, which JSON Schema cannot say. A rule makes findings
 * of one code at one severity, both stated here and not in its check, so that a table of rules can
 * say what each rule raises (the evidence behind it, a user's severity) without reading its code.
 */
export interface Rule {
  readonly code: FindingCode;
  readonly severity: Severity;
  check(request: RequestView, report: Report): void;
}

/** A finding at a value, with what a quick fix needs. */
export type Report = (loc: Located, message: string, how?: How) => void;

export interface How {
  /** At the value's key: for a field as a whole (ignored, read-only, missing a part) rather than its value. */
  onKey?: boolean;
  fix?: Finding['fix'];
}

/** A text value the schema gives a format to (x-format; a connector app's identifier, its kind's). */
export interface Formatted {
  loc: Located;
  value: string;
}

/** The bound request as the rules read it: what it is, its values by JSON pointer, and by format. */
export class RequestView {
  readonly connector: string;
  private formats: Map<string, Formatted[]> | undefined;

  constructor(readonly bound: Bound, readonly kind: ConnectorKind, readonly schema: BodySchema) {
    this.connector = `/ServiceRequest/data/${CONNECTOR_ELEMENTS[kind]}`;
  }

  at(pointer: string): Located | undefined {
    return this.bound.index.get(pointer);
  }

  /** A value inside the connector element: `field('connectorScanSetting/isCustomScanConfigEnabled')`. */
  field(below: string): Located | undefined {
    return this.bound.index.get(`${this.connector}/${below}`);
  }

  /** The values of one format, in document order: grouped in one pass for every rule that checks a format. */
  withFormat(format: string): readonly Formatted[] {
    if (!this.formats) {
      this.formats = new Map();
      for (const loc of this.bound.checked) {
        const f = loc.schema?.schema['x-format'] ?? (loc.name === 'identifier' ? identifierFormat(this.kind) : undefined);
        if (typeof loc.value !== 'string' || !f) continue;
        let list = this.formats.get(f);
        if (!list) this.formats.set(f, (list = []));
        list.push({ loc, value: loc.value });
      }
    }
    return this.formats.get(format) ?? [];
  }
}

/** What is wrong with one value: the message, and the replacement a quick fix proposes. */
export interface Verdict {
  message: string;
  fix?: Finding['fix'];
}

/** A rule on every text value of one format: `judge` says what is wrong with a value, or nothing. */
export function formatRule(code: FindingCode, severity: Severity, format: string, judge: (value: string, loc: Located) => Verdict | undefined): Rule {
  return {
    code,
    severity,
    check(request, report) {
      for (const { loc, value } of request.withFormat(format)) {
        const verdict = judge(value, loc);
        if (verdict) report(loc, verdict.message, { fix: verdict.fix });
      }
    },
  };
}

/** The one way a rule's finding is made: its code and severity from the rule, its place from the value. */
export function finding(rule: Rule, loc: Located, message: string, how: How = {}): Finding {
  return { span: how.onKey ? keyOrStart(loc) : valueSpan(loc), severity: rule.severity, code: rule.code, message, path: loc.path, ...(how.fix ? { fix: how.fix } : {}) };
}
