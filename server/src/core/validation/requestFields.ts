import { Bound, Located } from '../bind';
import { Finding, shortName } from '../finding';
import { CONNECTOR_ELEMENTS, ConnectorKind, BodySchema } from '../model';
import { keyOrStart, valueSpan } from './location';

/** What an Azure create's authRecord needs when it does not name an existing record by id. */
const AZURE_AUTH_FIELDS = ['applicationId', 'directoryId', 'subscriptionId', 'authenticationKey'];

/**
 * Fields judged as Qualys judges them, beyond what the schema says: quoted booleans and integers
 * (accepted, noted: Qualys' own Terraform template sends `"allRegions": "true"`), fields Qualys only
 * reports (ignored, warned: a body copied from a GET answer carries them), and what an Azure create
 * needs (the XSD makes authRecord required; an existing record is "looked up by the ID field").
 */
export function fieldFindings(bound: Bound, kind: ConnectorKind, schema: BodySchema): Finding[] {
  const findings: Finding[] = [];
  // A read-only field gets its own warning and goes; how it is quoted no longer matters.
  for (const loc of bound.checked) if (loc.quoted && loc.schema?.schema.readOnly !== true) findings.push(quotedFinding(loc));
  const connector = bound.index.get(`/ServiceRequest/data/${CONNECTOR_ELEMENTS[kind]}`);
  if (connector && schema !== 'search') {
    for (const field of readOnlyFields(connector)) findings.push(readOnlyFinding(field));
    if (kind === 'azure' && schema === 'create') for (const f of azureAuthFindings(connector)) findings.push(f);
  }
  return findings;
}

/** The fields of a connector that Qualys reports but does not take: what a body copied from a GET answer carries. */
export function readOnlyFields(connector: Located): Located[] {
  return (connector.children ?? []).filter((c) => c.schema?.schema.readOnly === true);
}

function quotedFinding(loc: Located): Finding {
  const typed = String(loc.value);
  const kind = typeof loc.value === 'boolean' ? 'a boolean' : 'an integer';
  return {
    span: valueSpan(loc),
    severity: 'information',
    code: 'quoted-value',
    message: `${shortName(loc.name)} is ${kind} written as the string "${typed}": Qualys reads it as ${typed}, and the request is sent as written. Drop the quotes to match the documented type.`,
    path: loc.path,
    fix: { replacement: typed },
  };
}

function readOnlyFinding(loc: Located): Finding {
  const where = loc.name === 'id' ? ' (an update names its connector in the URL)' : '';
  return {
    span: keyOrStart(loc),
    severity: 'warning',
    code: 'read-only-field',
    message: `${shortName(loc.name)} is reported by Qualys in its answers; Qualys does not take it from a request${where}, so it is ignored here. A body copied from a GET answer carries such fields: remove them.`,
    path: loc.path,
  };
}

function azureAuthFindings(connector: Located): Finding[] {
  const missing = (message: string, loc: Located): Finding => ({ span: keyOrStart(loc), severity: 'error', code: 'missing-field', message, path: loc.path });
  const auth = connector.child('authRecord');
  const needs = `applicationId, directoryId, subscriptionId and authenticationKey, or the id of an existing authentication record`;
  if (!auth) return [missing(`${connector.name} is missing the required field "authRecord": an Azure create needs one, with ${needs}.`, connector)];
  const value = auth.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return []; // the schema reports the wrong type
  const given = value as Record<string, unknown>;
  if (given.id !== undefined) return [];
  return AZURE_AUTH_FIELDS.filter((f) => given[f] === undefined).map((f) =>
    missing(`authRecord is missing the required field "${f}": an Azure create needs ${needs}.`, auth),
  );
}
