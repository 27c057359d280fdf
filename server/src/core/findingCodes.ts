/**
 * What each finding code means, in one sentence: the help of a SARIF rule, and the meaning column of
 * the README's findings table. A new code gets its row here: `Finding.code` takes only a key of this
 * table, so a code without a row does not compile (and a test checks that every code the README
 * lists has one).
 */
const MEANINGS = {
  syntax: 'Malformed XML, JSON or YAML, at the mistake.',
  'unknown-field': 'A field the connector does not have (with a "did you mean").',
  'wrong-connector-field': 'A field of another connector kind (arn under GCP, projectId under AWS, homeRegion under Azure).',
  'unknown-connector-kind': 'data holds something other than an AWS, Azure, GCP or OCI asset data connector.',
  'not-a-request': 'The file is not a Qualys connector request: its root is not ServiceRequest.',
  'wrong-type': 'A value of the wrong type (text where an integer or a boolean is documented, say).',
  'invalid-enum': 'A value that is not among the allowed values.',
  'invalid-format': 'A value of the wrong shape (a time that is not HH:MM, say).',
  'invalid-value': 'A value the schema does not accept.',
  'out-of-range': 'A number or text too small or too large for the field.',
  'empty-value': 'An empty value where the field needs one.',
  'missing-field': 'A required field is missing.',
  'empty-collection': 'A set, add or remove that holds nothing.',
  'duplicate-key': 'A key written twice: only the last would count.',
  'duplicate-element': 'An element written twice where only one is allowed: only the last would count.',
  'missing-scan-config': 'isCustomScanConfigEnabled is true with no connectorScanConfig.',
  'not-equals-update': 'NOT EQUALS in the filters of an update: Qualys refuses it.',
  'invalid-date': 'startDate is not a real date.',
  'unknown-timezone': 'timezone is not an IANA time zone name.',
  'date-day-first': 'startDate reads as dd/mm/yyyy where mm/dd/yyyy is documented.',
  'days-without-weekly': 'daysOfWeek is given but recurrence is not WEEKLY: the days are ignored.',
  'weekly-without-days': 'recurrence is WEEKLY with no daysOfWeek.',
  'cps-without-setting': 'A CPS scan configuration without the setting that turns it on.',
  'scan-config-unused': 'A scan configuration that will not be used.',
  'endpoints-ignored': 'Regions listed while allRegions is true: they are ignored.',
  'suspicious-arn': 'An AWS role ARN that does not look like an IAM role ARN (a documentation placeholder?).',
  'suspicious-guid': 'An Azure id that does not look like a GUID (a documentation placeholder?).',
  'suspicious-project-id': 'A GCP project id that does not look like one (a documentation placeholder?).',
  'suspicious-ocid': 'An OCI OCID that does not look like the one due (a user OCID where a tenancy OCID is due?).',
  'suspicious-fingerprint': 'An OCI key fingerprint that does not look like one.',
  'duplicate-tag': 'The same tag id listed twice.',
  'read-only-field': 'A field Qualys only reports (id, connectorState, lastSync...) copied into a create or update.',
  'quoted-value': 'A quoted boolean or integer ("true", "240"): accepted and sent as written.',
  'mixed-content': 'An XML element that mixes text with child elements: the text is ignored.',
  'multiple-documents': 'A YAML file with more than one document: only the first is a request.',
  'too-deep': 'Nesting too deep: the content below this point is not checked.',
  'too-large': 'A file too large to check (over 2 MiB, or YAML the fast parser cannot read past 64 KiB).',
  'alias-too-large': 'YAML aliases that would expand to too many values: the alias is not expanded.',
  'too-many-findings': 'More findings than a file lists: this one counts the rest.',
  'bad-record': "The file's entry in qualys-targets.json, or the record itself, cannot be used.",
  'body-not-sent': 'The file is a run, a get or a delete of one id: only the URL is sent, so its body is not checked.',
  'fleet-file': 'A fleet file that cannot be planned: a mistake in it, or its template or inventory missing, outside the workspace, unreadable or of no known shape, a key missing or repeated.',
  'fleet-account': "An account's request made from a fleet's template has a problem (a placeholder that does not resolve, a value the field does not take): said once, with the first account and how many others.",
} satisfies Readonly<Record<string, string>>;

/** A finding's stable identifier: tests, quick fixes and users' suppressions key on it. */
export type FindingCode = keyof typeof MEANINGS;

/** Looked up by any text too: a code read back from a diagnostic, a SARIF log or a user's setting is only a string. */
export const FINDING_CODES: Readonly<Record<string, string>> = MEANINGS;

/** The description of a code; a plain one for a code without a row, so that output never fails for want of one. */
export function describeCode(code: string): string {
  return Object.prototype.hasOwnProperty.call(FINDING_CODES, code) ? FINDING_CODES[code] : `Finding ${code}.`;
}
