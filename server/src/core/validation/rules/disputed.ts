import { Located } from '../../bind';
import { shortName } from '../../finding';
import { describe } from '../location';
import { RequestView, Rule } from './rule';

/**
 * The rules where sources disagree (see the evidence in findingCodes.ts): each finding is at most a
 * warning and says which source says what, never claiming more certainty than the sources give.
 */

/** Whether a value is a `set` whose lists are all empty (`set: {}` or `set: {TagSimple: []}`): what clears a collection. */
export function isEmptySet(loc: Located): boolean {
  if (loc.key !== 'set' || !loc.value || typeof loc.value !== 'object' || Array.isArray(loc.value)) return false;
  return Object.values(loc.value).every((v) => Array.isArray(v) && v.length === 0);
}

export const emptySet: Rule = {
  code: 'empty-set',
  severity: 'warning',
  check(request, report) {
    for (const loc of request.bound.checked) {
      if (!isEmptySet(loc) || !loc.parent?.schema?.schema['x-collection']) continue;
      const collection = shortName(loc.parent.name);
      report(
        loc,
        `An empty set clears ${collection}: the third-party Terraform provider sends one on every create and update to do that, but no Qualys page or script shows it, and it is not verified against a live platform. To take items out, list them under remove.`,
        { onKey: true },
      );
    }
  },
};

export const recurrenceMonthly: Rule = {
  code: 'recurrence-monthly',
  severity: 'warning',
  check(request, report) {
    for (const loc of request.bound.checked) {
      if (loc.key !== 'recurrence' || loc.value !== 'MONTHLY') continue;
      report(loc, `recurrence MONTHLY: Qualys' own TenantConnector script accepts it, but the Update AWS and Create Azure pages, the XSD-derived models and the Terraform provider allow only DAILY or WEEKLY. Qualys may refuse it.`);
    }
  },
};

const OFFERED_FREQUENCIES = [60, 120, 180, 240, 360, 480, 720, 1440];

export const unlistedRunFrequency: Rule = {
  code: 'unlisted-run-frequency',
  severity: 'warning',
  check(request, report) {
    const loc = connectorField(request, 'runFrequency');
    if (!loc || typeof loc.value !== 'number' || !Number.isInteger(loc.value) || OFFERED_FREQUENCIES.includes(loc.value)) return;
    report(loc, `runFrequency ${describe(loc.value)}: Qualys' own TenantConnector only offers ${OFFERED_FREQUENCIES.join(', ')} minutes, while the pages say only "in minutes" and the Update GCP sample sends 500.`);
  },
};

export const pcWithSca: Rule = {
  code: 'pc-with-sca',
  severity: 'warning',
  check(request, report) {
    for (const wrapper of ['set', 'add']) {
      const list = connectorField(request, `activation/${wrapper}/ActivationModule`);
      const modules = Array.isArray(list?.value) ? list.value : [];
      if (list && modules.includes('PC') && modules.includes('SCA')) {
        report(list, `PC and SCA are activated together: Qualys' own TenantConnector refuses that, while the Update AWS page's JSON sample sends both (the activation rule the pages state is about Cloud Agent).`, { onKey: true });
      }
    }
  },
};

export const gcpCreateType: Rule = {
  code: 'gcp-create-type',
  severity: 'information',
  check(request, report) {
    if (request.kind !== 'gcp' || request.schema !== 'create') return;
    const connector = request.at(request.connector);
    if (!connector || !connector.value || typeof connector.value !== 'object') return;
    const type = connector.child('type');
    const source = `the Terraform provider's summary of the Create GCP page calls type (GCP) required and sends it; no Qualys source seen here confirms it`;
    if (!type) report(connector, `${connector.name} has no type: ${source}. Add type: GCP to be safe.`, { onKey: true });
    else if (type.value !== 'GCP') report(type, `type ${describe(type.value)} in a GCP create: ${source}, with the value GCP.`, { fix: { replacement: 'GCP' } });
  },
};

function connectorField(request: RequestView, below: string): Located | undefined {
  return request.schema === 'search' ? undefined : request.field(below);
}
