import type { Severity } from './finding';

/**
 * Every finding code: what it means, how severe it is by default, and the evidence behind it. The
 * one table behind the SARIF rules, `validate --explain`, the hover on a finding and the README's
 * table of codes (a test keeps the README's block equal to `codesTable()`). A new code gets its row
 * here: `Finding.code` takes only a key of this table, so a code without a row does not compile.
 */

/** Where a rule's evidence comes from, strongest first. */
export type SourceKind = 'documented' | 'qualys-tooling' | 'xsd' | 'third-party' | 'observed' | 'format' | 'tool';

const SOURCE_NAMES: Record<SourceKind, string> = {
  documented: 'documented',
  'qualys-tooling': "Qualys' own tooling",
  xsd: 'XSD',
  'third-party': 'third-party',
  observed: 'observed',
  format: 'file format',
  tool: "this tool's own limit",
};

export interface Source {
  kind: SourceKind;
  /** What this source says, and where: one sentence a user can check. */
  says: string;
}

export interface RuleInfo {
  /** One sentence: the SARIF rule's help, the README's "what". */
  meaning: string;
  /** The severity a finding of this code has when no setting changes it. */
  severity: Severity;
  /** Its sources; `disputed` when they disagree (the finding is then at most a warning and says so). */
  sources: readonly Source[];
  disputed?: true;
  /**
   * Off unless a setting turns it on (it then has `severity`): where an official sample contradicts
   * the rule, the samples keep their verdict and a team that follows the stricter source opts in.
   */
  optIn?: true;
  /** Neither a setting nor an inline comment can change it: the file cannot be checked, or the tool's own bookkeeping is broken. */
  fixed?: true;
}

const FORMAT: Source = { kind: 'format', says: 'The XML 1.0, JSON (RFC 8259) and YAML 1.2 specifications.' };
const PAGES: Source = {
  kind: 'documented',
  says: "The parameter tables and request samples of the Create and Update pages for each kind (Update AWS, Create Azure, Update GCP, Create OCI Connector 3.0), through the project's JSON Schemas (schemas/).",
};
const SAMPLES_SEND_QUOTED: Source = { kind: 'qualys-tooling', says: "Qualys' Terraform template and tag scripts (Qualys/TotalCloud) send \"true\" and \"240\" as strings, and Qualys accepts them." };
const CPS_PAGE: Source = { kind: 'documented', says: 'The Cloud Perimeter Scan parameters of the Update AWS and Create Azure pages: isCPSEnabled, connectorScanSetting.isCustomScanConfigEnabled and connectorScanConfig work together.' };
const DAYS_NOTE: Source = { kind: 'documented', says: 'daysOfWeek, on the Update AWS and Create Azure pages: "This field is applicable only if the recurrence field is set to WEEKLY."' };
const LIMIT = (says: string): Source => ({ kind: 'tool', says });

const TABLE = {
  syntax: { meaning: 'Malformed XML, JSON or YAML, at the mistake.', severity: 'error', sources: [FORMAT], fixed: true },
  'unknown-field': { meaning: 'A field the connector does not have (with a "did you mean").', severity: 'error', sources: [PAGES] },
  'wrong-connector-field': { meaning: 'A field of another connector kind (arn under GCP, projectId under AWS, homeRegion under Azure).', severity: 'error', sources: [PAGES] },
  'unknown-connector-kind': { meaning: 'data holds something other than an AWS, Azure, GCP or OCI asset data connector.', severity: 'error', sources: [PAGES] },
  'not-a-request': { meaning: 'The file is not a Qualys connector request: its root is not ServiceRequest.', severity: 'error', sources: [PAGES] },
  'pasted-response': {
    meaning: 'A Qualys answer (ServiceResponse, copied from a GET or a search) where a request is due: a quick fix turns it into an update of that connector.',
    severity: 'error',
    sources: [PAGES, { kind: 'observed', says: 'GET and search answers hold the connector under data with list where a request writes set, and read-only fields.' }],
  },
  'empty-request': {
    meaning: 'An empty ServiceRequest in a file with no recorded operation: checked as an update, which needs data. Record what it is (a run, a get, a delete of one id) or give it data.',
    severity: 'error',
    sources: [PAGES, { kind: 'documented', says: 'The Run, Get and Delete pages send no body for one id (the URL carries it).' }],
  },
  'wrong-type': { meaning: 'A value of the wrong type (text where an integer or a boolean is documented, say).', severity: 'error', sources: [PAGES] },
  'invalid-enum': { meaning: 'A value that is not among the allowed values.', severity: 'error', sources: [PAGES] },
  'invalid-format': { meaning: 'A value of the wrong shape (a time that is not HH:MM, say).', severity: 'error', sources: [PAGES] },
  'invalid-value': { meaning: 'A value the schema does not accept.', severity: 'error', sources: [PAGES] },
  'out-of-range': { meaning: 'A number or text too small or too large for the field.', severity: 'error', sources: [PAGES] },
  'empty-value': { meaning: 'An empty value where the field needs one.', severity: 'error', sources: [PAGES] },
  'missing-field': {
    meaning: 'A required field is missing (an Azure create needs its authRecord with all four credentials, or the id of an existing one).',
    severity: 'error',
    sources: [PAGES, { kind: 'documented', says: 'Create Azure Connector 3.0: applicationId, directoryId, subscriptionId and authenticationKey, or an authRecord id.' }],
  },
  'empty-collection': { meaning: 'A collection (daysOfWeek, defaultTags...) with no set, add or remove in it.', severity: 'error', sources: [PAGES] },
  'empty-set': {
    meaning: 'A set that holds nothing, to clear a collection: the Terraform provider sends it, no Qualys source shows it.',
    severity: 'warning',
    disputed: true,
    sources: [
      { kind: 'third-party', says: 'sjackson0109/terraform-provider-qualys sends an empty set on every create and update to clear a collection (not verified against a live platform).' },
      { kind: 'documented', says: 'No Qualys page or sample sends an empty set; the samples give set one item or more.' },
    ],
  },
  'duplicate-key': { meaning: 'A key written twice: only the last would count.', severity: 'error', sources: [FORMAT] },
  'duplicate-element': { meaning: 'An element written twice where only one is allowed: only the last would count.', severity: 'error', sources: [PAGES] },
  'missing-scan-config': { meaning: 'isCustomScanConfigEnabled is true with no connectorScanConfig.', severity: 'error', sources: [CPS_PAGE] },
  'not-equals-update': {
    meaning: 'NOT EQUALS in the filters of an update: Qualys refuses it; quick fixes change it to EQUALS or remove that filter.',
    severity: 'error',
    sources: [{ kind: 'documented', says: 'Update AWS Connector 3.0: "we do not support NOT EQUALS operator for update actions."' }],
  },
  'invalid-date': { meaning: 'startDate is not a real date.', severity: 'error', sources: [PAGES] },
  'unknown-timezone': { meaning: 'timezone is not an IANA time zone name.', severity: 'error', sources: [PAGES, { kind: 'documented', says: 'The IANA time zone database (the pages\' samples use names such as "Asia/Kolkata").' }] },
  'date-day-first': {
    meaning: 'startDate reads as dd/mm/yyyy where mm/dd/yyyy is documented.',
    severity: 'warning',
    disputed: true,
    sources: [
      { kind: 'documented', says: 'The startDate row of the Update AWS and Create Azure pages: "in mm/dd/yyyy format".' },
      { kind: 'documented', says: 'The same pages\' CPS samples send 31/05/2022 (day first).' },
    ],
  },
  'days-without-weekly': { meaning: 'daysOfWeek is given but recurrence is not WEEKLY: the days are ignored.', severity: 'warning', sources: [DAYS_NOTE] },
  'weekly-without-days': { meaning: 'recurrence is WEEKLY with no daysOfWeek.', severity: 'warning', sources: [DAYS_NOTE] },
  'recurrence-monthly': {
    meaning: "recurrence MONTHLY: Qualys' own TenantConnector accepts it, the documented values are DAILY and WEEKLY.",
    severity: 'warning',
    disputed: true,
    sources: [
      { kind: 'qualys-tooling', says: 'Qualys/TotalCloud Connectors/Azure/TenantConnector accepts WEEKLY or MONTHLY.' },
      { kind: 'documented', says: 'The recurrence row of the Update AWS and Create Azure pages: "on DAILY or WEEKLY basis".' },
      { kind: 'xsd', says: 'The models derived from the QPS XSD allow DAILY and WEEKLY.' },
      { kind: 'third-party', says: "sjackson0109/terraform-provider-qualys' summary of the pages: DAILY or WEEKLY." },
    ],
  },
  'unlisted-run-frequency': {
    meaning: "A runFrequency outside the values Qualys' own TenantConnector offers (60, 120, 180, 240, 360, 480, 720, 1440); off unless turned on, as the Update GCP sample sends 500.",
    severity: 'warning',
    optIn: true,
    disputed: true,
    sources: [
      { kind: 'qualys-tooling', says: 'Qualys/TotalCloud Connectors/Azure/TenantConnector refuses any runFrequency but 60, 120, 180, 240, 360, 480, 720 and 1440.' },
      { kind: 'documented', says: 'The pages say only "specified in minutes"; the Update GCP Connector 3.0 sample sends 500.' },
    ],
  },
  'pc-with-sca': {
    meaning: "PC and SCA activated together: Qualys' own TenantConnector refuses it; off unless turned on, as the Update AWS sample sends it.",
    severity: 'warning',
    optIn: true,
    disputed: true,
    sources: [
      { kind: 'qualys-tooling', says: 'Qualys/TotalCloud Connectors/Azure/TenantConnector refuses PC and SCA together.' },
      { kind: 'documented', says: 'The Update AWS Connector JSON sample activates "SCA" and "PC" together; the activation rule the pages state is about Cloud Agent.' },
    ],
  },
  'gcp-create-type': {
    meaning: 'A GCP create without type GCP: a third-party summary of the Create GCP page calls it required, no Qualys source seen does.',
    severity: 'information',
    disputed: true,
    sources: [
      { kind: 'third-party', says: 'sjackson0109/terraform-provider-qualys summarises the official Create GCP page with type (= GCP) as mandatory, and its code sends it ("documented as required, unlike AWS and Azure").' },
      { kind: 'documented', says: 'The Update GCP Connector 3.0 page does not list type; no stored copy of the Create GCP page was found to confirm it.' },
      { kind: 'observed', says: 'Answers carry type for every kind; for AWS, Azure and OCI it is only reported (read-only-field).' },
    ],
  },
  'cps-without-setting': { meaning: 'A CPS scan configuration without the setting that turns it on.', severity: 'warning', sources: [CPS_PAGE] },
  'scan-config-unused': { meaning: 'A scan configuration that will not be used.', severity: 'warning', sources: [CPS_PAGE] },
  'endpoints-ignored': {
    meaning: 'Regions listed while allRegions is true: they are ignored.',
    severity: 'warning',
    sources: [{ kind: 'documented', says: 'allRegions on the Update AWS page: "If true, the end point\'s collection is ignored and all the AWS regions scanned."' }],
  },
  'suspicious-arn': {
    meaning: 'An AWS role ARN that does not look like an IAM role ARN (a documentation placeholder?).',
    severity: 'warning',
    sources: [{ kind: 'documented', says: "AWS IAM's identifiers reference: arn:aws:iam::<12-digit account>:role/<name> (the pages' samples use placeholders such as arn:aws:iam:::12345678911/role:testrole)." }],
  },
  'suspicious-guid': { meaning: 'An Azure id that does not look like a GUID (a documentation placeholder?).', severity: 'warning', sources: [{ kind: 'documented', says: "Microsoft Entra and Azure: tenant, application and subscription ids are GUIDs (the Create Azure page's samples use xxxxxxxxx placeholders)." }] },
  'suspicious-project-id': { meaning: 'A GCP project id that does not look like one (a documentation placeholder?).', severity: 'warning', sources: [{ kind: 'documented', says: "Google Cloud's project id rules: 6 to 30 lower-case letters, digits and hyphens, starting with a letter." }] },
  'suspicious-ocid': { meaning: 'An OCI OCID that does not look like the one due (a user OCID where a tenancy OCID is due?).', severity: 'warning', sources: [{ kind: 'documented', says: "Oracle Cloud's resource identifiers: ocid1.<type>.<realm>...; the Create OCI page asks for the tenancy's and the user's." }] },
  'suspicious-fingerprint': { meaning: 'An OCI key fingerprint that does not look like one.', severity: 'warning', sources: [{ kind: 'documented', says: "Oracle Cloud's API signing keys: the fingerprint is 16 colon-separated hex pairs." }] },
  'duplicate-tag': { meaning: 'The same tag id listed twice.', severity: 'warning', sources: [{ kind: 'documented', says: 'The Create Azure page\'s Sample 2 lists tag 135718404 twice; a tag is applied once.' }] },
  'read-only-field': {
    meaning: 'A field Qualys only reports (id, connectorState, type, lastSync, nextSync, lastError, awsAccountId, qualysAwsAccountId, tagMetadata, isDeleted, cloudviewUuid) copied from a GET answer into a create or update; one quick fix removes them all.',
    severity: 'warning',
    sources: [
      { kind: 'documented', says: 'The Get and Search pages list these fields in answers only; the Create and Update tables do not take them.' },
      { kind: 'third-party', says: 'sjackson0109/terraform-provider-qualys marks them computed and never sends them.' },
    ],
  },
  'quoted-value': { meaning: 'A JSON or YAML string that parses as the documented boolean or integer ("true", "240", tag ids from a CSV): accepted, sent as written, with a quick fix to the typed value ("yes" is wrong-type).', severity: 'information', sources: [PAGES, SAMPLES_SEND_QUOTED] },
  'mixed-content': { meaning: 'An XML element that mixes text with child elements: the text is ignored.', severity: 'warning', sources: [FORMAT] },
  'multiple-documents': { meaning: 'A YAML file with more than one document: only the first is a request.', severity: 'warning', sources: [FORMAT] },
  'too-deep': { meaning: 'Nesting too deep: the content below this point is not checked.', severity: 'error', sources: [LIMIT('Nesting past 64 levels is not checked: no request is that deep.')] },
  'too-large': { meaning: 'A file too large to check (over 2 MiB, or YAML the fast parser cannot read past 64 KiB).', severity: 'error', sources: [LIMIT('2 MiB a file; 64 KiB of YAML past what the fast parser reads.')], fixed: true },
  'alias-too-large': { meaning: 'YAML aliases that would expand to too many values: the alias is not expanded.', severity: 'error', sources: [LIMIT('10,000 values a document (a "billion laughs" is refused).')], fixed: true },
  'too-many-findings': { meaning: 'More findings than a file lists: this one counts the rest, as severe as the worst of them.', severity: 'error', sources: [LIMIT('1,000 findings a file.')], fixed: true },
  'bad-record': { meaning: "The file's entry in qualys-targets.json, or the record itself, cannot be used.", severity: 'error', sources: [LIMIT('qualys-targets.json: a regular file inside the project, at most 4 MB, every entry checked.')], fixed: true },
  'body-not-sent': {
    meaning: 'The file is a run, a get or a delete of one id: only the URL is sent, so its body is not checked.',
    severity: 'information',
    sources: [{ kind: 'documented', says: 'The Run, Get and Delete Connector pages: the connector id is in the URL and no body is sent.' }],
  },
  'fleet-file': {
    meaning: 'A fleet file that cannot be planned: a mistake in it, or its template or inventory missing, outside the workspace, unreadable or of no known shape, a key missing or repeated.',
    severity: 'error',
    sources: [LIMIT('Fleet files (NAME.qualys-fleet.yaml): template, inventory, key, where, onRemoved; inventories in the clouds\' own CLI output or CSV.')],
  },
  'fleet-account': {
    meaning: "An account's request made from a fleet's template has a problem (a placeholder that does not resolve, a value the field does not take): said once, with the first account and how many others.",
    severity: 'error',
    sources: [PAGES, LIMIT('Each account of a fleet is checked as the create its template makes for it.')],
  },
  'bad-rule-config': {
    meaning: 'A rule setting that cannot be used: an unknown code or level in .qualys-connector.json, qualys.rules or --rule, or a code that cannot be changed.',
    severity: 'error',
    sources: [LIMIT('Rule levels are error, warning, information or off, for the codes of this table.')],
    fixed: true,
  },
  'unused-suppression': {
    meaning: 'A qualys-ignore-next-line comment that suppresses nothing (no such finding on the next line, or no such code).',
    severity: 'information',
    sources: [LIMIT('A suppression names the codes of findings on the line after it.')],
  },
} satisfies Readonly<Record<string, RuleInfo>>;

/** A finding's stable identifier: tests, quick fixes and users' suppressions key on it. */
export type FindingCode = keyof typeof TABLE;

/** Every code's row, looked up by any text too: a code read back from a diagnostic, a SARIF log or a user's setting is only a string. */
export const RULE_TABLE: Readonly<Record<string, RuleInfo>> = TABLE;

/** Each code's meaning alone (the SARIF rules' text). */
export const FINDING_CODES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TABLE).map(([code, row]) => [code, row.meaning]));

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(TABLE, code);
}

/** The description of a code; a plain one for a code without a row, so that output never fails for want of one. */
export function describeCode(code: string): string {
  return isFindingCode(code) ? TABLE[code].meaning : `Finding ${code}.`;
}

/**
 * What `validate --explain CODE` prints and a hover on a finding shows: the rule, its severity (and
 * the one a setting gave it), whether it can be changed, and its sources, in Markdown that reads as
 * plain text too.
 */
export function explainCode(code: FindingCode, level?: Severity | 'off'): string {
  const row: RuleInfo = TABLE[code];
  const byDefault = row.optIn ? `off (turned on, it is a ${row.severity})` : row.severity;
  const severity = level ? `${level === 'off' ? 'off' : level} (set by the rule settings; by default ${byDefault})` : byDefault;
  const lines = [`${code}: ${row.meaning}`, '', `Severity: ${severity}.${row.fixed ? ' It cannot be changed or suppressed.' : ''}`];
  lines.push('', row.disputed ? 'Sources (they disagree, so the finding says so and is at most a warning):' : 'Sources:');
  for (const s of row.sources) lines.push(`- ${SOURCE_NAMES[s.kind]}: ${s.says}`);
  return lines.join('\n');
}

/** The README's table of codes, one row a code, made from this table (a test keeps the README's copy equal). */
export function codesTable(): string {
  const rows = Object.entries(TABLE).map(([code, row]: [string, RuleInfo]) => {
    const evidence = [...new Set(row.sources.map((s) => SOURCE_NAMES[s.kind]))].join(', ') + (row.disputed ? ' (disputed)' : '');
    return `| \`${code}\` | ${row.optIn ? `off (opt-in ${row.severity})` : row.severity}${row.fixed ? ' (fixed)' : ''} | ${row.meaning.replace(/\|/g, '\\|')} | ${evidence} |`;
  });
  return ['| code | severity | what | evidence |', '|---|---|---|---|', ...rows].join('\n');
}
