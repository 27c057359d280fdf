import { Located } from '../../bind';
import { shortName } from '../../finding';
import { ConnectorKind } from '../../model';
import { Rule, RequestView } from './rule';

/*
 * Fields judged as Qualys judges them, beyond what the schema says: quoted booleans and integers
 * (accepted, noted: Qualys' own Terraform template sends `"allRegions": "true"`), fields Qualys only
 * reports (ignored, warned: a body copied from a GET answer carries them), and what an Azure create
 * needs (the XSD makes authRecord required; an existing record is "looked up by the ID field").
 */

/** What an Azure create's authRecord needs when it does not name an existing record by id. */
const AZURE_AUTH_FIELDS: readonly string[] = ['applicationId', 'directoryId', 'subscriptionId', 'authenticationKey'];

/** The fields of a connector that Qualys reports but does not take: what a body copied from a GET answer carries. */
export function readOnlyFields(connector: Located): Located[] {
  return (connector.children ?? []).filter((c) => c.schema?.schema.readOnly === true);
}

/** The connector element of a body that Qualys reads fields from (a search has none of its own). */
function bodyConnector(request: RequestView): Located | undefined {
  return request.schema === 'search' ? undefined : request.at(request.connector);
}

export const quotedValue: Rule = {
  code: 'quoted-value',
  severity: 'information',
  check(request, report) {
    // A read-only field gets its own warning and goes; how it is quoted no longer matters.
    for (const loc of request.bound.checked) {
      if (!loc.quoted || loc.schema?.schema.readOnly === true) continue;
      const typed = String(loc.value);
      const kind = typeof loc.value === 'boolean' ? 'a boolean' : 'an integer';
      report(loc, `${shortName(loc.name)} is ${kind} written as the string "${typed}": Qualys reads it as ${typed}, and the request is sent as written. Drop the quotes to match the documented type.`, { fix: { replacement: typed } });
    }
  },
};

export const readOnlyField: Rule = {
  code: 'read-only-field',
  severity: 'warning',
  check(request, report) {
    const connector = bodyConnector(request);
    for (const loc of connector ? readOnlyFields(connector) : []) {
      // A GCP create's type is disputed, not read-only: gcp-create-type weighs it.
      if (loc.name === 'type' && request.kind === 'gcp' && request.schema === 'create') continue;
      const where = loc.name === 'id' ? ' (an update names its connector in the URL)' : '';
      report(loc, `${shortName(loc.name)} is reported by Qualys in its answers; Qualys does not take it from a request${where}, so it is ignored here. A body copied from a GET answer carries such fields: remove them.`, { onKey: true });
    }
  },
};

/**
 * A create's fields that a rule requires where the schema cannot (Azure's authRecord: "these fields,
 * unless an id names an existing record"): completion marks them required as the rule will.
 */
export const RULE_REQUIRED_ON_CREATE: Readonly<Partial<Record<ConnectorKind, Readonly<Record<string, readonly string[]>>>>> = {
  // By the path below the connector element ('' for its own fields).
  azure: { '': ['authRecord'], authRecord: AZURE_AUTH_FIELDS },
};

/** An Azure create's authRecord: the schema cannot say "these fields, unless an id names an existing record". */
export const missingAzureAuth: Rule = {
  code: 'missing-field',
  severity: 'error',
  check(request, report) {
    const connector = bodyConnector(request);
    if (!connector || request.kind !== 'azure' || request.schema !== 'create') return;
    // An empty (null) connector is reported as the wrong type it is: one finding for the one cause.
    if (connector.value === null || typeof connector.value !== 'object' || Array.isArray(connector.value)) return;
    const auth = connector.child('authRecord');
    const needs = `applicationId, directoryId, subscriptionId and authenticationKey, or the id of an existing authentication record`;
    if (!auth) return report(connector, `${connector.name} is missing the required field "authRecord": an Azure create needs one, with ${needs}.`, { onKey: true });
    const value = auth.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return; // the schema reports the wrong type
    const given = value as Record<string, unknown>;
    if (given.id !== undefined) return;
    for (const f of AZURE_AUTH_FIELDS) if (given[f] === undefined) report(auth, `authRecord is missing the required field "${f}": an Azure create needs ${needs}.`, { onKey: true });
  },
};
