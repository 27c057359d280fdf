import awsCreate from '../../../examples/aws-create.qualys.json';
import azureCreate from '../../../examples/azure-create.qualys.json';
import gcpCreate from '../../../examples/gcp-create.qualys.json';
import ociCreate from '../../../examples/oci-create.qualys.json';
import { ConnectorKind, kindRow, KINDS } from '../core/model';
import { createConnector } from './operations';
import { ConnectorStore } from './store';
import { clone, isObject, Obj } from './values';

/** The create examples users start from (examples/), so that demo connectors look like theirs. */
const EXAMPLES: Record<ConnectorKind, unknown> = { aws: awsCreate, azure: azureCreate, gcp: gcpCreate, oci: ociCreate };

/** Connectors per kind: enough for a second page at limitResults 5, and for filters to pick a few. */
export const DEMO_PER_KIND = 9;

const STAGES = ['production', 'staging', 'development'] as const;
const FREQUENCIES = [240, 720, 1440] as const;

/**
 * Fills the store with DEMO_PER_KIND connectors of every kind, built from the create examples:
 * names such as "AWS production 2", every third one disabled, run frequencies varied. Secrets in
 * the examples are dropped on the way in, as for any create. Their sync status is as Qualys
 * reports it: the enabled ones synced (FINISHED_SUCCESS) but one per kind (FINISHED_ERRORS with a
 * lastError), the disabled ones DISABLED.
 */
export function addDemoConnectors(store: ConnectorStore, now = Date.now()): void {
  for (const { kind } of KINDS) {
    const example = exampleData(kind);
    const label = kindRow(kind).label;
    for (let i = 0; i < DEMO_PER_KIND; i++) {
      const stage = STAGES[i % STAGES.length];
      const n = Math.floor(i / STAGES.length) + 1;
      const data = clone(example);
      data.name = `${label} ${stage} ${n}`;
      data.description = `Demo ${label} connector for ${stage} account ${n}`;
      data.disabled = i % 3 === 2;
      const frequency = FREQUENCIES[n - 1] ?? FREQUENCIES[0];
      data.runFrequency = frequency;
      const c = createConnector(store, kind, data);
      const last = new Date(now - (i + 1) * 37 * MINUTE);
      const synced = { lastSync: iso(last), nextSync: iso(new Date(last.getTime() + frequency * MINUTE)) };
      if (data.disabled) c.connectorState = 'DISABLED';
      else if (i === FAILING) {
        c.connectorState = 'FINISHED_ERRORS';
        c.sync = { ...synced, lastError: LAST_ERRORS[kind] };
      } else {
        c.connectorState = 'FINISHED_SUCCESS';
        c.sync = synced;
      }
    }
  }
}

const MINUTE = 60_000;

/** The one connector of each kind whose last sync failed ("staging 1"), with an error as Qualys words them. */
const FAILING = 1;
const LAST_ERRORS: Record<ConnectorKind, string> = {
  aws: 'Unable to assume role arn:aws:iam::205767712438:role/QualysAssetRole: AccessDenied. Check the external id in the role trust policy.',
  azure: 'AADSTS7000215: Invalid client secret provided. The authentication key of the application has expired.',
  gcp: "Permission 'cloudasset.assets.listResource' denied on the project. Grant the service account the Cloud Asset Viewer role.",
  oci: 'NotAuthenticated: the API key fingerprint does not match any key of the user.',
};

/** Qualys' time format: ISO 8601 in UTC, to the second. */
function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function exampleData(kind: ConnectorKind): Obj {
  const request = EXAMPLES[kind];
  const data = isObject(request) && isObject(request.ServiceRequest) ? request.ServiceRequest.data : undefined;
  const connector = isObject(data) ? data[kindRow(kind).element] : undefined;
  if (!isObject(connector)) throw new Error(`examples/${kind}-create.qualys.json has no ${kindRow(kind).element}.`);
  return connector;
}
