import { Bound, Located } from '../bind';
import { Finding, Severity, shortName } from '../finding';
import { FindingCode } from '../findingCodes';
import { BodySchema, CONNECTOR_ELEMENTS, ConnectorKind } from '../model';
import { connectorFields, identifierFormat } from '../schema/connectors';
import { closest } from '../suggest';
import { describe, keyOrStart, valueSpan } from './location';
import { fieldFindings } from './requestFields';
import { checkTimeZone, timeZoneNames } from './timezones';

const WRAPPERS = ['set', 'add', 'update', 'remove'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Google's rule for project IDs: 6 to 30 characters, lowercase letters, digits and hyphens, a letter first, no hyphen last. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** ocid1.<resource type>.<realm>.[region][.future use].<unique id> (Oracle's documented OCID syntax). */
const OCID = /^ocid1\.([a-z0-9_]+)\.[a-z0-9]+\.[a-z0-9-]*(\.[a-z0-9-]+)?\.[a-z0-9]+$/;
const FINGERPRINT = /^[0-9a-f]{2}(:[0-9a-f]{2}){15}$/i;

/** The rules the documentation states in prose, which JSON Schema cannot say. */
export function ruleFindings(bound: Bound, kind: ConnectorKind, schema: BodySchema): Finding[] {
  const findings: Finding[] = [];
  const at = (pointer: string): Located | undefined => bound.index.get(pointer);
  const valueAt = (pointer: string): unknown => bound.index.get(pointer)?.value;
  const push = (loc: Located, severity: Severity, code: FindingCode, message: string, onKey = false, fix?: Finding['fix']): void => {
    findings.push({ span: onKey ? keyOrStart(loc) : valueSpan(loc), severity, code, message, path: loc.path, ...(fix ? { fix } : {}) });
  };

  const conn = `/ServiceRequest/data/${CONNECTOR_ELEMENTS[kind]}`;

  // Cloud perimeter scan: the flags and the configuration they call for.
  const cps = at(`${conn}/isCPSEnabled`);
  const setting = at(`${conn}/connectorScanSetting`);
  const custom = at(`${conn}/connectorScanSetting/isCustomScanConfigEnabled`);
  const config = at(`${conn}/connectorScanConfig`);
  if (cps && cps.value === true && !setting) {
    push(cps, 'warning', 'cps-without-setting', 'isCPSEnabled is true but connectorScanSetting is missing: add connectorScanSetting with isCustomScanConfigEnabled (false applies the global scan configuration).');
  }
  if (custom && custom.value === true && !config) {
    push(custom, 'error', 'missing-scan-config', 'isCustomScanConfigEnabled is true but there is no connectorScanConfig: add connectorScanConfig with a ConnectorScanConfiguration, or set isCustomScanConfigEnabled to false to use the global scan configuration.');
  }
  if (config && custom && custom.value === false) {
    push(config, 'warning', 'scan-config-unused', 'connectorScanConfig is ignored because isCustomScanConfigEnabled is false: the global scan configuration applies.', true);
  }

  for (const wrapper of WRAPPERS) {
    const list = valueAt(`${conn}/connectorScanConfig/${wrapper}/ConnectorScanConfiguration`);
    if (!Array.isArray(list)) continue;
    list.forEach((_, i) => {
      const base = `${conn}/connectorScanConfig/${wrapper}/ConnectorScanConfiguration/${i}`;
      const recurrence = valueAt(`${base}/recurrence`);
      const days = at(`${base}/daysOfWeek`);
      const recurrenceLoc = at(`${base}/recurrence`);
      if (days && recurrence !== 'WEEKLY') {
        const now = typeof recurrence === 'string' ? `recurrence is ${shortName(recurrence)} here` : 'recurrence is not set';
        push(days, 'warning', 'days-without-weekly', `daysOfWeek applies only when recurrence is WEEKLY; ${now}, so the days are ignored.`, true);
      }
      if (recurrenceLoc && recurrence === 'WEEKLY' && !days && wrapper !== 'remove') {
        push(recurrenceLoc, 'warning', 'weekly-without-days', 'recurrence is WEEKLY but daysOfWeek is missing: say on which days to scan.');
      }
    });
  }

  if (connectorFields(kind).has('allRegions') && valueAt(`${conn}/allRegions`) === true) {
    const endpoints = at(`${conn}/endpoints`);
    if (endpoints) push(endpoints, 'warning', 'endpoints-ignored', 'endpoints is ignored because allRegions is true: every region is scanned.', true);
  }

  if (schema === 'update') {
    const criteria = valueAt('/ServiceRequest/filters/Criteria');
    if (Array.isArray(criteria)) {
      criteria.forEach((c, i) => {
        const op = at(`/ServiceRequest/filters/Criteria/${i}/operator`);
        if (op && c && typeof c === 'object' && (c as Record<string, unknown>).operator === 'NOT EQUALS') {
          push(op, 'error', 'not-equals-update', 'NOT EQUALS is refused for updates: it could update unknown connectors without warning. Filter with EQUALS, IN or CONTAINS.');
        }
      });
    }
  }

  // Checks by format, wherever the schema asks for one; and tag lists without repeats.
  for (const loc of bound.checked) {
    const value = loc.value;
    const format = loc.schema?.schema['x-format'] ?? (loc.name === 'identifier' ? identifierFormat(kind) : undefined);
    if (typeof value === 'string' && format) {
      const f = formatFinding(format, value, loc);
      if (f) findings.push(f);
    }
    if (loc.name === 'TagSimple' && Array.isArray(value)) duplicateTags(loc, value, findings);
  }
  for (const f of fieldFindings(bound, kind, schema)) findings.push(f);
  return findings;
}

function formatFinding(format: string, value: string, loc: Located): Finding | undefined {
  const field = loc.name;
  const make = (severity: Severity, code: FindingCode, message: string, fix?: Finding['fix']): Finding => ({ span: valueSpan(loc), severity, code, message, path: loc.path, ...(fix ? { fix } : {}) });
  switch (format) {
    case 'guid':
      return GUID.test(value) ? undefined : make('warning', 'suspicious-guid', `${field} ${describe(value)} does not look like an Azure GUID (8-4-4-4-12 hexadecimal digits, such as 11111111-2222-3333-4444-555555555555).`);
    case 'aws-role-arn':
      return ROLE_ARN.test(value) ? undefined : make('warning', 'suspicious-arn', `${field} ${describe(value)} does not look like an IAM role ARN (arn:aws:iam::<12-digit account>:role/<role name>).`);
    case 'gcp-project-id':
      return PROJECT_ID.test(value) ? undefined : make('warning', 'suspicious-project-id', `${field} ${describe(value)} does not look like a GCP project ID (6 to 30 lowercase letters, digits or hyphens, starting with a letter, such as my-project-123456).`);
    case 'oci-ocid':
      return ocidFinding(value, loc.schema?.schema['x-ocidType'], field, make);
    case 'oci-fingerprint':
      return FINGERPRINT.test(value) ? undefined : make('warning', 'suspicious-fingerprint', `${field} ${describe(value)} does not look like an OCI API key fingerprint (16 pairs of hexadecimal digits separated by colons, such as 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0).`);
    case 'iana-timezone': {
      const check = checkTimeZone(value);
      if (check.ok) return undefined;
      const suggestion = check.suggestion ?? closest(value, timeZoneNames());
      return make('error', 'unknown-timezone', `Unknown timezone ${describe(value)}: expected an IANA time zone name such as Africa/Cairo.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, suggestion ? { replacement: suggestion } : undefined);
    }
    case 'date-mdy':
      return dateFinding(value, make);
    default:
      return undefined;
  }
}

type Make = (severity: Severity, code: FindingCode, message: string, fix?: Finding['fix']) => Finding;

function ocidFinding(value: string, type: string | undefined, field: string, make: Make): Finding | undefined {
  const m = OCID.exec(value);
  const example = `ocid1.${type ?? 'tenancy'}.oc1..<unique id>`;
  if (!m) return make('warning', 'suspicious-ocid', `${field} ${describe(value)} does not look like an OCI OCID (${example}).`);
  if (type && m[1] !== type) return make('warning', 'suspicious-ocid', `${field} ${describe(value)} is the OCID of a ${m[1]}; ${field} takes the OCID of a ${type} (${example}).`);
  return undefined;
}

function dateFinding(value: string, make: (severity: Severity, code: FindingCode, message: string, fix?: Finding['fix']) => Finding): Finding | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!m) return undefined; // the schema's pattern reports the shape
  const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (realDate(year, a, b)) return undefined;
  if (realDate(year, b, a)) {
    const fixed = `${m[2].padStart(2, '0')}/${m[1].padStart(2, '0')}/${m[3]}`;
    return make('warning', 'date-day-first', `startDate "${value}" reads as dd/mm/yyyy; the documented form is mm/dd/yyyy (${fixed}). The documentation's own samples send dd/mm/yyyy, so check which your platform expects.`, { replacement: fixed });
  }
  return make('error', 'invalid-date', `startDate "${value}" is not a real date: expected mm/dd/yyyy, such as 05/31/2022.`);
}

function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function duplicateTags(list: Located, tags: unknown[], findings: Finding[]): void {
  const seen = new Set<unknown>();
  tags.forEach((tag, i) => {
    const id = tag && typeof tag === 'object' ? (tag as Record<string, unknown>).id : undefined;
    if (id === undefined) return;
    if (seen.has(id)) {
      const loc = list.child(i)?.child('id');
      if (loc) {
        findings.push({ span: valueSpan(loc), severity: 'warning', code: 'duplicate-tag', message: `Tag ${describe(id)} is listed more than once in ${shortName(list.path.replace(/^ServiceRequest\.data\.\w+\./, ''))}.`, path: loc.path });
      }
    }
    seen.add(id);
  });
}
