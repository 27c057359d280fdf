import { FindingCode } from './findingCodes';
import { Span } from './tree';

export type Severity = 'error' | 'warning' | 'information';

/** One problem found in a request, before it becomes an LSP diagnostic or a CLI line. */
export interface Finding {
  span: Span;
  severity: Severity;
  /** A key of the finding-code table (findingCodes.ts): a misspelt code does not compile. */
  code: FindingCode;
  message: string;
  /** Where in the request, format-free: `ServiceRequest.data.AwsAssetDataConnector.defaultTags.set.TagSimple[0].id`. */
  path?: string;
  /** What a quick fix needs: the replacement a "did you mean" proposes, for instance. */
  fix?: { replacement?: string };
}

/** A name as a message shows it: a key can be anything a user (or a broken file) wrote. */
export function shortName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}…` : name;
}

/** 12,345: without toLocaleString, whose first call loads ICU data for a tenth of a second. */
export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}
