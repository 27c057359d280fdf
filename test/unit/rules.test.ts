import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';

type Kind = 'aws' | 'azure' | 'gcp' | 'oci';
const ELEMENT: Record<Kind, string> = { aws: 'AwsAssetDataConnector', azure: 'AzureAssetDataConnector', gcp: 'GcpAssetDataConnector', oci: 'OciAssetDataConnector' };

/** The rule findings (code: message) of a connector body sent as an operation, as the editor lists them. */
function said(kind: Kind, connector: Record<string, unknown>, operation: 'create' | 'update' = 'update', only?: string): string[] {
  const text = JSON.stringify({ ServiceRequest: { data: { [ELEMENT[kind]]: connector } } });
  return analyze(text, `${kind}.qualys.json`, undefined, { record: { recorded: operation === 'update' ? { operation, id: 5 } : { operation } } })
    .findings.filter((f) => (only ? f.code === only : true))
    .map((f) => `${f.code}: ${f.message}`);
}

describe('rules beyond the schema, in the words a user reads', () => {
  it('notes a boolean or an integer written in quotes, with the value Qualys reads', () => {
    assert.deepEqual(said('aws', { allRegions: 'true', runFrequency: '240' }, 'update', 'quoted-value'), [
      'quoted-value: allRegions is a boolean written as the string "true": Qualys reads it as true, and the request is sent as written. Drop the quotes to match the documented type.',
      'quoted-value: runFrequency is an integer written as the string "240": Qualys reads it as 240, and the request is sent as written. Drop the quotes to match the documented type.',
    ]);
    assert.deepEqual(said('aws', { allRegions: true, runFrequency: 240 }, 'update', 'quoted-value'), []);
  });

  it('warns of the fields Qualys only reports, saying why for id', () => {
    const lines = said('aws', { id: 5, lastSync: '2024-01-01', name: 'x' }, 'update', 'read-only-field');
    assert.deepEqual(lines, [
      'read-only-field: id is reported by Qualys in its answers; Qualys does not take it from a request (an update names its connector in the URL), so it is ignored here. A body copied from a GET answer carries such fields: remove them.',
      'read-only-field: lastSync is reported by Qualys in its answers; Qualys does not take it from a request, so it is ignored here. A body copied from a GET answer carries such fields: remove them.',
    ]);
  });

  it('asks an Azure create for its credentials or the id of an existing record, and nothing else for one', () => {
    const needs = 'an Azure create needs applicationId, directoryId, subscriptionId and authenticationKey, or the id of an existing authentication record.';
    assert.deepEqual(said('azure', { name: 'a' }, 'create', 'missing-field'), [`missing-field: AzureAssetDataConnector is missing the required field "authRecord": ${needs.replace('an Azure create needs', 'an Azure create needs one, with')}`]);
    assert.deepEqual(said('azure', { name: 'a', authRecord: { applicationId: 'x', directoryId: 'y' } }, 'create', 'missing-field'), [
      `missing-field: authRecord is missing the required field "subscriptionId": ${needs}`,
      `missing-field: authRecord is missing the required field "authenticationKey": ${needs}`,
    ]);
    assert.deepEqual(said('azure', { name: 'a', authRecord: { id: 12 } }, 'create', 'missing-field'), []);
    assert.deepEqual(said('azure', { name: 'a' }, 'update', 'missing-field'), [], 'an update changes what it names');
    assert.deepEqual(said('aws', { name: 'a' }, 'create', 'missing-field'), [], 'AWS takes an ARN instead');
    for (const authRecord of ['x', null, [], 5]) {
      assert.deepEqual(said('azure', { name: 'a', authRecord }, 'create', 'missing-field'), [], `the schema says what is wrong with ${JSON.stringify(authRecord)}`);
    }
  });

  it('says what a cloud perimeter scan flag calls for', () => {
    assert.deepEqual(said('aws', { isCPSEnabled: true }, 'update', 'cps-without-setting'), [
      'cps-without-setting: isCPSEnabled is true but connectorScanSetting is missing: add connectorScanSetting with isCustomScanConfigEnabled (false applies the global scan configuration).',
    ]);
    assert.deepEqual(said('aws', { isCPSEnabled: false }, 'update', 'cps-without-setting'), []);
    assert.deepEqual(said('aws', { isCPSEnabled: true, connectorScanSetting: { isCustomScanConfigEnabled: false } }, 'update', 'cps-without-setting'), []);
    assert.deepEqual(said('aws', { connectorScanSetting: { isCustomScanConfigEnabled: true } }, 'update', 'missing-scan-config').length, 1);
    const config = { set: { ConnectorScanConfiguration: { optionProfileId: 2, recurrence: 'DAILY', scanPrefix: 'p', startDate: '05/31/2022', startTime: '15:45', timezone: 'Africa/Cairo' } } };
    assert.deepEqual(said('aws', { connectorScanSetting: { isCustomScanConfigEnabled: false }, connectorScanConfig: config }, 'update', 'scan-config-unused'), [
      'scan-config-unused: connectorScanConfig is ignored because isCustomScanConfigEnabled is false: the global scan configuration applies.',
    ]);
    assert.deepEqual(said('aws', { connectorScanSetting: { isCustomScanConfigEnabled: true }, connectorScanConfig: config }, 'update', 'scan-config-unused'), []);
    assert.deepEqual(said('aws', { connectorScanConfig: config }, 'update', 'scan-config-unused'), []);
  });

  it('warns of a tag listed twice, naming the tag and the list, once per repeat', () => {
    const tags = { set: { TagSimple: [{ id: 1 }, { id: 2 }, { id: 1 }, { name: 'n' }, { id: 2 }] } };
    assert.deepEqual(said('aws', { defaultTags: tags }, 'update', 'duplicate-tag'), [
      'duplicate-tag: Tag 1 is listed more than once in defaultTags.set.TagSimple.',
      'duplicate-tag: Tag 2 is listed more than once in defaultTags.set.TagSimple.',
    ]);
    assert.deepEqual(said('aws', { defaultTags: { set: { TagSimple: [{ id: 1 }, { id: 2 }] } } }, 'update', 'duplicate-tag'), []);
    assert.deepEqual(said('aws', { defaultTags: { set: { TagSimple: [null, 'x', { id: 3 }, { id: 3 }] } } }, 'update', 'duplicate-tag'), ['duplicate-tag: Tag 3 is listed more than once in defaultTags.set.TagSimple.'], 'past items that are not tags');
  });

  it('says endpoints are ignored when every region is scanned', () => {
    const endpoints = { add: { AwsEndpointSimple: { regionCode: 'us-east-1' } } };
    assert.deepEqual(said('aws', { allRegions: true, endpoints }, 'update', 'endpoints-ignored'), ['endpoints-ignored: endpoints is ignored because allRegions is true: every region is scanned.']);
    assert.deepEqual(said('aws', { allRegions: false, endpoints }, 'update', 'endpoints-ignored'), []);
    assert.deepEqual(said('aws', { allRegions: true }, 'update', 'endpoints-ignored'), []);
  });
});

/** What a finding underlines, and the replacement its quick fix offers. */
function marks(kind: Kind, connector: Record<string, unknown>, code: string, operation: 'create' | 'update' = 'update'): { under: string; fix?: string }[] {
  const text = JSON.stringify({ ServiceRequest: { data: { [ELEMENT[kind]]: connector } } });
  return analyze(text, `${kind}.qualys.json`, undefined, { record: { recorded: operation === 'update' ? { operation, id: 5 } : { operation } } })
    .findings.filter((f) => f.code === code)
    .map((f) => ({ under: text.slice(f.span.start, f.span.end), ...(f.fix?.replacement !== undefined ? { fix: f.fix.replacement } : {}) }));
}

describe('where a rule finding sits, and the fix it offers', () => {
  const config = { optionProfileId: 2, recurrence: 'DAILY', scanPrefix: 'p', startTime: '15:45', timezone: 'Africa/Cairo' };

  it('underlines the key of a field judged as a whole: ignored, reported only, or missing a part', () => {
    assert.deepEqual(marks('aws', { allRegions: true, endpoints: { add: { AwsEndpointSimple: { regionCode: 'us-east-1' } } } }, 'endpoints-ignored'), [{ under: '"endpoints"' }]);
    assert.deepEqual(marks('aws', { connectorScanSetting: { isCustomScanConfigEnabled: false }, connectorScanConfig: { set: { ConnectorScanConfiguration: config } } }, 'scan-config-unused'), [{ under: '"connectorScanConfig"' }]);
    assert.deepEqual(marks('aws', { connectorScanConfig: { set: { ConnectorScanConfiguration: { ...config, daysOfWeek: { set: { Day: ['MON'] } } } } } }, 'days-without-weekly'), [{ under: '"daysOfWeek"' }]);
    assert.deepEqual(marks('aws', { lastSync: 'x' }, 'read-only-field'), [{ under: '"lastSync"' }]);
    assert.deepEqual(marks('azure', { name: 'a' }, 'missing-field', 'create'), [{ under: '"AzureAssetDataConnector"' }]);
    assert.deepEqual(marks('azure', { name: 'a', authRecord: { applicationId: 'x', directoryId: 'y', subscriptionId: 'z' } }, 'missing-field', 'create'), [{ under: '"authRecord"' }]);
  });

  it('underlines the value of a flag or a value judged by itself', () => {
    assert.deepEqual(marks('aws', { isCPSEnabled: true }, 'cps-without-setting'), [{ under: 'true' }]);
    assert.deepEqual(marks('aws', { connectorScanConfig: { set: { ConnectorScanConfiguration: { ...config, recurrence: 'WEEKLY' } } } }, 'weekly-without-days'), [{ under: '"WEEKLY"' }]);
    assert.deepEqual(marks('aws', { defaultTags: { set: { TagSimple: [{ id: 1 }, { id: 1 }] } } }, 'duplicate-tag'), [{ under: '1' }]);
  });

  it('offers the value Qualys reads, the documented date and the closest zone as fixes', () => {
    assert.deepEqual(marks('aws', { allRegions: 'true' }, 'quoted-value'), [{ under: '"true"', fix: 'true' }]);
    assert.deepEqual(marks('aws', { connectorScanConfig: { set: { ConnectorScanConfiguration: { ...config, startDate: '31/05/2022' } } } }, 'date-day-first'), [{ under: '"31/05/2022"', fix: '05/31/2022' }]);
    assert.deepEqual(marks('aws', { connectorScanConfig: { set: { ConnectorScanConfiguration: { ...config, timezone: 'Europe/Pariss' } } } }, 'unknown-timezone'), [{ under: '"Europe/Pariss"', fix: 'Europe/Paris' }]);
    assert.deepEqual(marks('aws', { connectorScanConfig: { set: { ConnectorScanConfiguration: { ...config, timezone: 'zzzzzzzzzzzzzzzzzzzzz' } } } }, 'unknown-timezone'), [{ under: '"zzzzzzzzzzzzzzzzzzzzz"' }], 'nothing close: no fix');
  });

  it('refuses NOT EQUALS in an update only, criterion by criterion', () => {
    const filters = (operator: string) => JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'EQUALS', value: 'a' }, { field: 'name', operator, value: 'b' }] }, data: { AwsAssetDataConnector: { description: 'x' } } } });
    const codes = (text: string, operation: 'update' | 'delete') =>
      analyze(text, 'aws.qualys.json', undefined, { record: { recorded: { operation } } })
        .findings.filter((f) => f.code === 'not-equals-update')
        .map((f) => text.slice(f.span.start, f.span.end));
    assert.deepEqual(codes(filters('NOT EQUALS'), 'update'), ['"NOT EQUALS"']);
    assert.deepEqual(codes(filters('CONTAINS'), 'update'), []);
    const withNull = JSON.stringify({ ServiceRequest: { filters: { Criteria: [null, 'x', { field: 'name', operator: 'NOT EQUALS', value: 'b' }] }, data: { AwsAssetDataConnector: { description: 'x' } } } });
    assert.deepEqual(codes(withNull, 'update'), ['"NOT EQUALS"'], 'past criteria that are not objects');
  });
});
