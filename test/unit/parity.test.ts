import assert from 'node:assert/strict';
import { serialize } from '../../server/src/core/serialize';
import { Format } from '../../server/src/core/tree';
import { codesAndPaths } from './helpers';

/** Mistakes that every format can express; each must give the same findings (codes and paths) in all three. */
const CASES: Record<string, unknown> = {
  'unknown field with a near miss': { AwsAssetDataConnector: { naem: 'x', runFrequency: 240 } },
  'Azure field under AWS': { AwsAssetDataConnector: { name: 'x', authRecord: { applicationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } } },
  'AWS field under Azure': { AzureAssetDataConnector: { name: 'x', arn: 'arn:aws:iam::123456789012:role/Q', allRegions: true } },
  'wrong enum casing': { AwsAssetDataConnector: { activation: { set: { ActivationModule: ['VM', 'pc'] } } } },
  'text where a number goes': { AwsAssetDataConnector: { runFrequency: 'hourly', disabled: 'nope' } },
  'tag without id, tag repeated': { AzureAssetDataConnector: { defaultTags: { add: { TagSimple: [{ id: 7 }, { id: 7 }, {}] } } } },
  'CPS rules': {
    AzureAssetDataConnector: {
      isCPSEnabled: true,
      connectorScanConfig: {
        set: {
          ConnectorScanConfiguration: {
            daysOfWeek: { set: { Day: ['SUN', 'MON'] } },
            recurrence: 'DAILY',
            startDate: '02/30/2022',
            startTime: '24:10',
            timezone: 'Mars/Olympus',
          },
        },
      },
    },
  },
  'custom scan config missing': { AwsAssetDataConnector: { isCPSEnabled: true, connectorScanSetting: { isCustomScanConfigEnabled: true } } },
  'apps with bad names': {
    AzureAssetDataConnector: {
      connectorAppInfos: { set: { ConnectorAppInfoQList: [{ set: { ConnectorAppInfo: { name: 'AX', identifier: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } } }] } },
    },
  },
  'unknown connector kind': { IbmAssetDataConnector: { name: 'x' } },
  'read-only fields copied from a GET answer': {
    AzureAssetDataConnector: { id: 5, name: 'x', connectorState: 'QUEUED', type: 'AZURE', lastSync: '2024-05-31T10:00:00Z', tagMetadata: { id: 1, name: 'Azure' } },
  },
  'base-type fields on both kinds, a named tag, but an Azure field under AWS': {
    AwsAssetDataConnector: { isGovCloudConfigured: true, isChinaConfigured: false, subscriptionName: 'x', defaultTags: { set: { TagSimple: { id: 7, name: 'Prod' } } } },
  },
};

const FORMATS: Format[] = ['xml', 'json', 'yaml'];

describe('parity: the same request gives the same findings in XML, JSON and YAML', () => {
  for (const [title, connector] of Object.entries(CASES)) {
    it(title, () => {
      const value = { ServiceRequest: { data: connector } };
      const [xml, json, yaml] = FORMATS.map((f) => codesAndPaths(serialize(value, f), `request.${f}`));
      assert.ok(json.length > 0, 'the case must have findings');
      assert.deepEqual(xml, json, 'XML');
      assert.deepEqual(yaml, json, 'YAML');
    });
  }

  it('an Azure create without authRecord, or with part of one', () => {
    for (const [connector, expected] of [
      [{ name: 'x' }, ['error missing-field ServiceRequest.data.AzureAssetDataConnector']],
      [{ name: 'x', authRecord: { subscriptionId: '16fd2706-8baf-433b-82eb-8c7fada847da' } }, ['applicationId', 'directoryId', 'authenticationKey'].map(() => 'error missing-field ServiceRequest.data.AzureAssetDataConnector.authRecord')],
      [{ name: 'x', authRecord: { id: 77 } }, []],
    ] as const) {
      const value = { ServiceRequest: { data: { AzureAssetDataConnector: connector } } };
      for (const f of FORMATS) assert.deepEqual(codesAndPaths(serialize(value, f), `azure-create.${f}`), expected, f);
    }
  });

  it('quoted booleans and integers: noted in JSON and YAML, nothing to say in XML, which has no quotes', () => {
    const value = { ServiceRequest: { data: { AwsAssetDataConnector: { allRegions: 'true', runFrequency: '240', disabled: 'yes', defaultTags: { set: { TagSimple: [{ id: '12345' }] } } } } } };
    const [xml, json, yaml] = FORMATS.map((f) => codesAndPaths(serialize(value, f), `request.${f}`));
    assert.deepEqual(json, [
      'error wrong-type ServiceRequest.data.AwsAssetDataConnector.disabled',
      'information quoted-value ServiceRequest.data.AwsAssetDataConnector.allRegions',
      'information quoted-value ServiceRequest.data.AwsAssetDataConnector.defaultTags.set.TagSimple[0].id',
      'information quoted-value ServiceRequest.data.AwsAssetDataConnector.runFrequency',
    ]);
    assert.deepEqual(yaml, json);
    assert.deepEqual(xml, json.filter((f) => !f.includes(' quoted-value ')));
  });

  it('update by filter, with attributes in XML', () => {
    const value = {
      ServiceRequest: {
        filters: { Criteria: [{ field: 'name', operator: 'NOT EQUALS', value: 'prod' }, { field: 'id', operator: 'EQUALS' }] },
        data: { AwsAssetDataConnector: { disabled: true } },
      },
    };
    const xmlText = serialize(value, 'xml');
    assert.match(xmlText, /<Criteria field="name" operator="NOT EQUALS">prod<\/Criteria>/);
    const [xml, json, yaml] = FORMATS.map((f) => codesAndPaths(serialize(value, f), `request.${f}`));
    assert.deepEqual(json, [
      'error missing-field ServiceRequest.filters.Criteria[1]',
      'error not-equals-update ServiceRequest.filters.Criteria[0].operator',
    ]);
    assert.deepEqual(xml, json);
    assert.deepEqual(yaml, json);
  });
});
