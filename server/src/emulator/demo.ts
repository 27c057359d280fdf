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
 * the examples are dropped on the way in, as for any create.
 */
export function addDemoConnectors(store: ConnectorStore): void {
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
      data.runFrequency = FREQUENCIES[n - 1] ?? FREQUENCIES[0];
      createConnector(store, kind, data);
    }
  }
}

function exampleData(kind: ConnectorKind): Obj {
  const request = EXAMPLES[kind];
  const data = isObject(request) && isObject(request.ServiceRequest) ? request.ServiceRequest.data : undefined;
  const connector = isObject(data) ? data[kindRow(kind).element] : undefined;
  if (!isObject(connector)) throw new Error(`examples/${kind}-create.qualys.json has no ${kindRow(kind).element}.`);
  return connector;
}
