import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningEmulator, startEmulator } from '../../server/src/emulator';
import { DEMO_AUTH as AUTH, jsonCall as json, JsonAnswer } from './emulatorJson';

/**
 * The emulator judges requests as the validator does, from the same evidence: what Qualys' own
 * automation sends is taken, and it answers as the Create AWS Connector 3.0 page says.
 */
const VALID = join(__dirname, '../../../test/fixtures/valid');
const INVALID = join(__dirname, '../../../test/fixtures/invalid');



const connectorOf = (r: JsonAnswer, element: string): Record<string, unknown> => r.data?.[0]?.[element] ?? {};
const unmark = (text: string): string => text.replace(/[«»]/g, '');

describe('emulator: judges requests as Qualys does', () => {
  let e: RunningEmulator;
  beforeEach(async () => {
    e = await startEmulator({ port: 0 });
  });
  afterEach(async () => {
    await e.close();
  });

  it('creates from Qualys\' own Terraform body, storing the quoted "true" and "240" as a boolean and an integer', async () => {
    const created = await json(e, 'create', 'awsassetdataconnector', readFileSync(join(VALID, 'aws-create-terraform.json'), 'utf8'));
    assert.equal(created.responseCode, 'SUCCESS', JSON.stringify(created.responseErrorDetails));
    const id = connectorOf(created, 'AwsAssetDataConnector').id as number;
    // XML shows the stored types without JSON's strings for booleans: an integer and true.
    const res = await fetch(`${e.url}/qps/rest/3.0/get/am/awsassetdataconnector/${id}`, { headers: { Authorization: AUTH } });
    const xml = await res.text();
    assert.match(xml, /<allRegions>true<\/allRegions>/);
    assert.match(xml, /<runFrequency>240<\/runFrequency>/);
    const search = await json(e, 'search', 'awsassetdataconnector', { ServiceRequest: { filters: { Criteria: [{ field: 'runFrequency', operator: 'GREATER', value: '200' }] } } });
    assert.equal(search.count, 1);
    assert.equal(search.hasMoreRecords, 'false', 'JSON answers carry hasMoreRecords as a string');
  });

  it('ignores the read-only fields of a body copied from a GET answer, and answers an update with the id only', async () => {
    const created = await json(e, 'create', 'awsassetdataconnector', { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'From GET' } } } });
    const id = connectorOf(created, 'AwsAssetDataConnector').id as number;
    const copied = unmark(readFileSync(join(INVALID, 'aws-update-read-only-fields.json'), 'utf8'));
    const updated = await json(e, 'update', 'awsassetdataconnector', copied, id);
    assert.deepEqual(updated, { responseCode: 'SUCCESS', count: 1, data: [{ AwsAssetDataConnector: { id } }] });
    const got = connectorOf(await json(e, 'get', 'awsassetdataconnector', undefined, id), 'AwsAssetDataConnector');
    assert.equal(got.id, id, 'the id in the body is not taken');
    assert.equal(got.connectorState, 'QUEUED', 'connectorState is not taken from a request');
    assert.equal(got.name, 'AWS connector from a GET answer');
    for (const field of ['lastSync', 'nextSync', 'lastError', 'awsAccountId', 'qualysAwsAccountId', 'tagMetadata', 'isDeleted']) assert.equal(got[field], undefined, field);
  });

  it('finds Azure connectors by authRecord.subscriptionId, as Qualys\' tag script searches', async () => {
    const created = await json(e, 'create', 'azureassetdataconnector', readFileSync(join(VALID, 'azure-create-multi-tag.json'), 'utf8'));
    assert.equal(created.responseCode, 'SUCCESS', JSON.stringify(created.responseErrorDetails));
    const subscription = (JSON.parse(readFileSync(join(VALID, 'azure-create-multi-tag.json'), 'utf8')) as { ServiceRequest: { data: { AzureAssetDataConnector: { authRecord: { subscriptionId: string } } } } })
      .ServiceRequest.data.AzureAssetDataConnector.authRecord.subscriptionId;
    const search = (value: string): Promise<JsonAnswer> =>
      json(e, 'search', 'azureassetdataconnector', { ServiceRequest: { filters: { Criteria: [{ field: 'authRecord.subscriptionId', operator: 'EQUALS', value }] } } });
    assert.equal((await search(subscription)).count, 1);
    assert.equal((await search('00000000-0000-0000-0000-000000000000')).count, 0);
    const byKey = await json(e, 'search', 'azureassetdataconnector', { ServiceRequest: { filters: { Criteria: [{ field: 'authRecord.authenticationKey', operator: 'CONTAINS', value: '0' }] } } });
    assert.equal(byKey.count, 0, 'the key is not stored, so nothing matches it');
  });

  it('searches everything for an empty body, and pages by startFromOffset', async () => {
    for (const name of ['one', 'two', 'three']) await json(e, 'create', 'awsassetdataconnector', { ServiceRequest: { data: { AwsAssetDataConnector: { name } } } });
    const all = await json(e, 'search', 'awsassetdataconnector', { ServiceRequest: {} });
    assert.equal(all.count, 3);
    const names = async (preferences: object): Promise<unknown[]> =>
      ((await json(e, 'search', 'awsassetdataconnector', { ServiceRequest: { preferences } })).data ?? []).map((d) => d.AwsAssetDataConnector.name);
    assert.deepEqual(await names({ limitResults: 2, startFromOffset: 0 }), ['one', 'two']);
    assert.deepEqual(await names({ limitResults: '2', startFromOffset: '3' }), ['three']);
    const bad = await json(e, 'search', 'awsassetdataconnector', { ServiceRequest: { preferences: { startFromOffset: 'next' } } });
    assert.equal(bad.responseCode, 'INVALID_REQUEST');
    assert.match(bad.responseErrorDetails?.errorMessage ?? '', /startFromOffset/);
  });

  it('answers an error, not SUCCESS, when a disabled connector is run', async () => {
    const created = await json(e, 'create', 'awsassetdataconnector', readFileSync(join(VALID, 'aws-create-gov-cloud.json'), 'utf8'));
    const id = connectorOf(created, 'AwsAssetDataConnector').id as number;
    const ran = await json(e, 'run', 'awsassetdataconnector', undefined, id);
    assert.equal(ran.responseCode, 'INVALID_REQUEST');
    assert.match(ran.responseErrorDetails?.errorMessage ?? '', /is disabled/);
    assert.equal(connectorOf(await json(e, 'get', 'awsassetdataconnector', undefined, id), 'AwsAssetDataConnector').connectorState, 'QUEUED');
    await json(e, 'update', 'awsassetdataconnector', { ServiceRequest: { data: { AwsAssetDataConnector: { disabled: 'false' } } } }, id);
    assert.equal((await json(e, 'run', 'awsassetdataconnector', undefined, id)).responseCode, 'SUCCESS', 'enabled by a quoted "false", it runs');
  });

  it('refuses an Azure create without authRecord, as the validator does', async () => {
    const body = unmark(readFileSync(join(INVALID, 'azure-create-missing-auth-record.json'), 'utf8'));
    const refused = await json(e, 'create', 'azureassetdataconnector', body);
    assert.equal(refused.responseCode, 'INVALID_REQUEST');
    assert.match(refused.responseErrorDetails?.errorMessage ?? '', /authRecord/);
  });
});
