import { ConnectorKind, KINDS, kindRow } from '../../core/model';
import { connectorFields } from '../../core/schema/connectors';
import { bool, choiceFrom, num, ObjectValue, text, Value } from './template';

export type SnippetKind = ConnectorKind;
export type SnippetOperation = 'create' | 'update';

/** One snippet, written once as a value; rendered to XML, JSON and YAML. */
export interface SnippetDefinition {
  name: string;
  prefix: string;
  description: string;
  /** `request`: the whole file; `connector-fields`: members placed inside the connector element. */
  scope: 'request' | 'connector-fields';
  /** The connector the snippet is for; none when it fits several. */
  kind?: SnippetKind;
  /** Every kind whose connector takes the snippet: a fragment fits the kinds whose schema has all its fields. */
  kinds: readonly SnippetKind[];
  /** For a whole request: the operation it is the body of. */
  operation?: SnippetOperation;
  /** The whole request, or the connector members of a fragment. */
  value: ObjectValue;
}

const MODULES = ['VM', 'PC', 'SCA', 'CERTVIEW', 'CLOUDVIEW'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const GUID = '00000000-0000-0000-0000-000000000000';

const arn = (): Value => text('arn:aws:iam::', text('123456789012'), ':role/', text('QualysConnectorRole'));

const defaultTags = (): ObjectValue => ({ set: { TagSimple: { id: num(12345) } } });

const activation = (): ObjectValue => ({ set: { ActivationModule: ['VM', 'PC', 'SCA'].map((m) => choiceFrom(MODULES, m)) } });

/** What the apps of each kind name as their identifier. */
const IDENTIFIER: Record<SnippetKind, () => Value> = {
  aws: () => text('arn:aws:iam::123456789012:role/QualysConnectorRole'),
  azure: () => text(GUID),
  gcp: () => text('my-project-123456'),
  oci: () => text('ocid1.tenancy.oc1..aaaaaaaaexampletenancy'),
};

/** The three apps, each in its own ConnectorAppInfoQList (the shape of the Azure create sample). */
const connectorAppInfos = (kind: SnippetKind): ObjectValue => ({
  set: {
    ConnectorAppInfoQList: ['AI', 'CI', 'CSA'].map((name) => ({
      set: { ConnectorAppInfo: { name, identifier: IDENTIFIER[kind](), tagId: num(12345) } },
    })),
  },
});

/** Each kind's own fields, in the order its documentation lists them; placeholders for every secret. */
const OWN_FIELDS: Record<SnippetKind, () => ObjectValue> = {
  aws: () => ({ allRegions: bool(true), disabled: bool(false), runFrequency: num(240), isRemediationEnabled: bool(false), arn: arn(), externalId: text('QUALYS_EXTERNAL_ID') }),
  azure: () => ({
    disabled: bool(false),
    runFrequency: num(240),
    isRemediationEnabled: bool(false),
    isGovCloudConfigured: bool(false),
    authRecord: { applicationId: text(GUID), directoryId: text(GUID), subscriptionId: text(GUID), authenticationKey: text('AZURE_APP_SECRET') },
  }),
  gcp: () => ({
    disabled: bool(false),
    runFrequency: num(240),
    isRemediationEnabled: bool(false),
    authRecord: {
      projectId: text('my-project-123456'),
      type: 'service_account',
      project_id: text('my-project-123456'),
      private_key_id: text('0123456789abcdef0123456789abcdef01234567'),
      private_key: text('GCP_SERVICE_ACCOUNT_PRIVATE_KEY'),
      client_email: text('qualys-connector@my-project-123456.iam.gserviceaccount.com'),
      client_id: text('123456789012345678901'),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: text('https://www.googleapis.com/robot/v1/metadata/x509/qualys-connector%40my-project-123456.iam.gserviceaccount.com'),
    },
  }),
  oci: () => ({
    homeRegion: text('us-ashburn-1'),
    disabled: bool(false),
    runFrequency: num(240),
    authRecord: {
      tenantId: text('ocid1.tenancy.oc1..aaaaaaaaexampletenancy'),
      userId: text('ocid1.user.oc1..aaaaaaaaexampleuser'),
      fingerprint: text('12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0'),
      privateKey: text('OCI_API_PRIVATE_KEY_PEM'),
    },
  }),
};

/** The shared fields the kind's connector has (GCP and OCI document no tags or activation). */
function connector(kind: SnippetKind, operation: SnippetOperation): ObjectValue {
  const label = kindRow(kind).label;
  const shared: ObjectValue = {
    name: text(`My ${label} connector`),
    description: text(operation === 'create' ? `${label} asset discovery` : `${label} asset discovery, updated`),
    defaultTags: defaultTags(),
    activation: activation(),
  };
  const fields = connectorFields(kind);
  const common = Object.fromEntries(Object.entries(shared).filter(([key]) => fields.has(key)));
  const all: ObjectValue = { ...common, ...OWN_FIELDS[kind]() };
  if (operation !== 'create') return all;
  // A GCP create sends type GCP: a third-party summary of the Create GCP page calls it required (gcp-create-type).
  const typed: ObjectValue = kind === 'gcp' ? { name: all.name, description: all.description, type: text('GCP'), ...all } : all;
  return { ...typed, connectorAppInfos: connectorAppInfos(kind) };
}

function request(kind: SnippetKind, operation: SnippetOperation): SnippetDefinition {
  const what = operation === 'create' ? `Create ${kindRow(kind).label} connector` : `Update ${kindRow(kind).label} connector`;
  const path = `POST /qps/rest/3.0/${operation}/am/${kindRow(kind).noun}${operation === 'update' ? '/<id>' : ''}`;
  return {
    name: `Qualys: ${what}`,
    prefix: `qualys-${kind}-${operation}`,
    description: `${what}: the whole request body (${path}).`,
    scope: 'request',
    kind,
    kinds: [kind],
    operation,
    value: { ServiceRequest: { data: { [kindRow(kind).element]: connector(kind, operation) } } },
  };
}

/** Cloud perimeter scan with a custom configuration; daysOfWeek goes with WEEKLY only. */
function customScan(weekly: boolean): ObjectValue {
  const schedule: ObjectValue = weekly ? { recurrence: 'WEEKLY', daysOfWeek: { set: { Day: [choiceFrom(DAYS, 'SAT'), choiceFrom(DAYS, 'SUN')] } } } : { recurrence: 'DAILY' };
  return {
    isCPSEnabled: true,
    connectorScanSetting: { isCustomScanConfigEnabled: true },
    connectorScanConfig: {
      set: {
        ConnectorScanConfiguration: {
          optionProfileId: num(123456),
          ...schedule,
          scanPrefix: text('cps'),
          startDate: text('01/31/2026'),
          startTime: text('22:00'),
          timezone: text('UTC'),
        },
      },
    },
  };
}

function fragment(prefix: string, name: string, description: string, value: ObjectValue, kind?: SnippetKind): SnippetDefinition {
  const kinds = kind ? [kind] : KINDS.map((k) => k.kind).filter((k) => Object.keys(value).every((f) => connectorFields(k).has(f)));
  return { name: `Qualys: ${name}`, prefix, description, scope: 'connector-fields', ...(kind ? { kind } : {}), kinds, value };
}

const APP_IDENTIFIER_IS: Record<SnippetKind, string> = { aws: 'the IAM role ARN', azure: 'the subscription ID', gcp: 'the project ID', oci: 'the tenancy OCID' };

export const DEFINITIONS: readonly SnippetDefinition[] = [
  ...KINDS.flatMap((k) => [request(k.kind, 'create'), request(k.kind, 'update')]),
  fragment('qualys-cps-weekly', 'Cloud perimeter scan, weekly', 'Cloud perimeter scan with a custom configuration, scheduled WEEKLY on the days listed in daysOfWeek.', customScan(true)),
  fragment('qualys-cps-daily', 'Cloud perimeter scan, daily', 'Cloud perimeter scan with a custom configuration, scheduled DAILY.', customScan(false)),
  fragment(
    'qualys-cps-global',
    'Cloud perimeter scan, global configuration',
    'Cloud perimeter scan with the global scan configuration (isCustomScanConfigEnabled false, no connectorScanConfig).',
    { isCPSEnabled: true, connectorScanSetting: { isCustomScanConfigEnabled: false } },
  ),
  ...KINDS.map((k) =>
    fragment(`qualys-app-infos-${k.kind}`, `connectorAppInfos (${k.label})`, `The AI, CI and CSA apps of ${/^[AEIO]/.test(k.label) ? 'an' : 'a'} ${k.label} connector; the identifier is ${APP_IDENTIFIER_IS[k.kind]}.`, { connectorAppInfos: connectorAppInfos(k.kind) }, k.kind),
  ),
  fragment('qualys-default-tags', 'defaultTags', 'Tags applied to every asset the connector discovers (replaces the current tags).', { defaultTags: defaultTags() }),
  fragment('qualys-activation', 'activation', 'The modules the discovered assets are activated for (replaces the current modules).', { activation: activation() }),
];
