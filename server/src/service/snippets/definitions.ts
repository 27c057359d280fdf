import { kindRow } from '../../core/model';
import { bool, choiceFrom, num, ObjectValue, text, Value } from './template';

export type SnippetKind = 'aws' | 'azure';
export type SnippetOperation = 'create' | 'update';

/** One snippet, written once as a value; rendered to XML, JSON and YAML. */
export interface SnippetDefinition {
  name: string;
  prefix: string;
  description: string;
  /** `request`: the whole file; `connector-fields`: members placed inside the connector element. */
  scope: 'request' | 'connector-fields';
  /** The connector the snippet is for; none when it fits both. */
  kind?: SnippetKind;
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

/** The three apps, each in its own ConnectorAppInfoQList (the shape of the Azure create sample). */
const connectorAppInfos = (kind: SnippetKind): ObjectValue => ({
  set: {
    ConnectorAppInfoQList: ['AI', 'CI', 'CSA'].map((name) => ({
      set: { ConnectorAppInfo: { name, identifier: text(kind === 'aws' ? 'arn:aws:iam::123456789012:role/QualysConnectorRole' : GUID), tagId: num(12345) } },
    })),
  },
});

function connector(kind: SnippetKind, operation: SnippetOperation): ObjectValue {
  const common = {
    name: text(`My ${kindRow(kind).label} connector`),
    description: text(operation === 'create' ? `${kindRow(kind).label} asset discovery` : `${kindRow(kind).label} asset discovery, updated`),
    defaultTags: defaultTags(),
    activation: activation(),
  };
  const fields: ObjectValue =
    kind === 'aws'
      ? {
          ...common,
          allRegions: bool(true),
          disabled: bool(false),
          runFrequency: num(240),
          isRemediationEnabled: bool(false),
          arn: arn(),
          externalId: text('QUALYS_EXTERNAL_ID'),
        }
      : {
          ...common,
          disabled: bool(false),
          runFrequency: num(240),
          isRemediationEnabled: bool(false),
          isGovCloudConfigured: bool(false),
          authRecord: { applicationId: text(GUID), directoryId: text(GUID), subscriptionId: text(GUID), authenticationKey: text('AZURE_APP_SECRET') },
        };
  return operation === 'create' ? { ...fields, connectorAppInfos: connectorAppInfos(kind) } : fields;
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
  return { name: `Qualys: ${name}`, prefix, description, scope: 'connector-fields', ...(kind ? { kind } : {}), value };
}

export const DEFINITIONS: readonly SnippetDefinition[] = [
  request('aws', 'create'),
  request('aws', 'update'),
  request('azure', 'create'),
  request('azure', 'update'),
  fragment('qualys-cps-weekly', 'Cloud perimeter scan, weekly', 'Cloud perimeter scan with a custom configuration, scheduled WEEKLY on the days listed in daysOfWeek.', customScan(true)),
  fragment('qualys-cps-daily', 'Cloud perimeter scan, daily', 'Cloud perimeter scan with a custom configuration, scheduled DAILY.', customScan(false)),
  fragment(
    'qualys-cps-global',
    'Cloud perimeter scan, global configuration',
    'Cloud perimeter scan with the global scan configuration (isCustomScanConfigEnabled false, no connectorScanConfig).',
    { isCPSEnabled: true, connectorScanSetting: { isCustomScanConfigEnabled: false } },
  ),
  fragment('qualys-app-infos-aws', 'connectorAppInfos (AWS)', 'The AI, CI and CSA apps of an AWS connector; the identifier is the IAM role ARN.', { connectorAppInfos: connectorAppInfos('aws') }, 'aws'),
  fragment('qualys-app-infos-azure', 'connectorAppInfos (Azure)', 'The AI, CI and CSA apps of an Azure connector; the identifier is the subscription ID.', { connectorAppInfos: connectorAppInfos('azure') }, 'azure'),
  fragment('qualys-default-tags', 'defaultTags', 'Tags applied to every asset the connector discovers (replaces the current tags).', { defaultTags: defaultTags() }),
  fragment('qualys-activation', 'activation', 'The modules the discovered assets are activated for (replaces the current modules).', { activation: activation() }),
];
