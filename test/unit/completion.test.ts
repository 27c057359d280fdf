import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { errorsOf } from './helpers';
import { accept, labels } from './service';

const AWS_JSON = (inner: string): string => `{"ServiceRequest": {"data": {"AwsAssetDataConnector": {${inner}}}}}`;

describe('completion', () => {
  describe('JSON', () => {
    it('offers the AWS fields not yet present, and no Azure field', () => {
      const got = labels(AWS_JSON('"name": "x", |'), 'r.json');
      for (const k of ['arn', 'externalId', 'allRegions', 'endpoints', 'defaultTags', 'isCPSEnabled', 'isGovCloudConfigured']) assert.ok(got.includes(k), k);
      for (const k of ['authRecord', 'subscriptionName', 'name']) assert.ok(!got.includes(k), k);
    });

    it('offers the Azure fields under an Azure connector', () => {
      const got = labels('{"ServiceRequest": {"data": {"AzureAssetDataConnector": {|}}}}', 'r.json');
      assert.ok(got.includes('authRecord'));
      assert.ok(got.includes('isGovCloudConfigured'));
      assert.ok(!got.includes('arn'));
    });

    it('inserts a key with its value, quotes and a comma before the next key', () => {
      assert.equal(accept(AWS_JSON('| "name": "x"'), 'r.json', 'runFrequency'), AWS_JSON('"runFrequency": 240, "name": "x"'));
    });

    it('replaces a partly typed quoted key and inserts the collection skeleton', () => {
      const text = accept('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {\n  "defa|"\n}}}}', 'r.json', 'defaultTags');
      assert.equal(
        text,
        '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {\n  "defaultTags": {\n    "set": {\n      "TagSimple": {\n        "id": 1\n      }\n    }\n  }\n}}}}',
      );
      assert.deepEqual(errorsOf(analyze(text, 'r.json').findings), []);
    });

    it('offers enum values inside an array and quotes them', () => {
      const src = AWS_JSON('"activation": {"set": {"ActivationModule": ["VM", |]}}');
      // VM is in the list already: not offered again.
      assert.deepEqual(labels(src, 'r.json'), ['PC', 'SCA', 'CERTVIEW', 'CLOUDVIEW']);
      assert.equal(accept(src, 'r.json', 'PC'), AWS_JSON('"activation": {"set": {"ActivationModule": ["VM", "PC"]}}'));
    });

    it('offers booleans for a boolean field', () => {
      assert.deepEqual(labels(AWS_JSON('"allRegions": |'), 'r.json'), ['true', 'false']);
    });

    it('offers every connector kind under data', () => {
      const got = labels('{"ServiceRequest": {"data": {|}}}', 'r.json');
      assert.deepEqual(got.filter((l) => l.endsWith('Connector')), ['AwsAssetDataConnector', 'AzureAssetDataConnector', 'GcpAssetDataConnector', 'OciAssetDataConnector']);
    });

    it('offers the whole-request snippets in an empty file', () => {
      const got = labels('|', 'new.qualys.json');
      assert.ok(got.includes('qualys-aws-create') && got.includes('qualys-azure-update'), got.join());
    });

    it('offers the OCI region names for homeRegion', () => {
      const got = labels('{"ServiceRequest": {"data": {"OciAssetDataConnector": {"homeRegion": |}}}}', 'r.json');
      assert.ok(got.some((l) => l.includes('us-ashburn-1')) && got.some((l) => l.includes('ap-singapore-1')), got.join());
    });

    it('offers GCP and OCI whole-request snippets, and in their connectors only the fragments their schemas take', () => {
      const top = labels('|', 'new.qualys.json');
      for (const p of ['qualys-gcp-create', 'qualys-gcp-update', 'qualys-oci-create', 'qualys-oci-update']) assert.ok(top.includes(p), `${p} in ${top.join()}`);
      const gcp = labels('{"ServiceRequest": {"data": {"GcpAssetDataConnector": {|}}}}', 'r.json').filter((l) => l.startsWith('qualys-'));
      assert.deepEqual(gcp, ['qualys-app-infos-gcp']);
      const aws = labels('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {|}}}}', 'r.json').filter((l) => l.startsWith('qualys-'));
      assert.ok(aws.includes('qualys-cps-weekly') && aws.includes('qualys-default-tags') && !aws.includes('qualys-app-infos-gcp'), aws.join());
    });
  });

  describe('YAML', () => {
    const azure = 'ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      name: x\n      |\n';

    it('offers the Azure fields at the cursor indentation', () => {
      const got = labels(azure, 'r.yaml');
      assert.ok(got.includes('authRecord') && !got.includes('arn') && !got.includes('name'));
    });

    it('inserts a nested skeleton, indented', () => {
      assert.equal(
        accept(azure, 'r.yaml', 'defaultTags'),
        'ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      name: x\n      defaultTags:\n        set:\n          TagSimple:\n            id: 1\n',
      );
    });

    it('offers enum values after a key', () => {
      const src =
        'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      connectorScanConfig:\n        set:\n          ConnectorScanConfiguration:\n            recurrence: |\n';
      assert.deepEqual(labels(src, 'r.yaml'), ['DAILY', 'WEEKLY']);
      assert.match(accept(src, 'r.yaml', 'WEEKLY'), /recurrence: WEEKLY\n$/);
    });

    it('offers list item values under a list key', () => {
      const src = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      activation:\n        set:\n          ActivationModule:\n            - VM\n            - |\n';
      assert.deepEqual(labels(src, 'r.yaml'), ['PC', 'SCA', 'CERTVIEW', 'CLOUDVIEW']);
    });

    it('offers the keys of an object inside a list item', () => {
      const src = [
        'ServiceRequest:',
        '  data:',
        '    AzureAssetDataConnector:',
        '      connectorAppInfos:',
        '        set:',
        '          ConnectorAppInfoQList:',
        '            - set:',
        '                ConnectorAppInfo:',
        '                  name: AI',
        '                  |',
        '',
      ].join('\n');
      assert.deepEqual(labels(src, 'r.yaml'), ['identifier', 'tagId']);
    });

    it('completes at the very start of a file that begins with an empty line (no endless scan)', () => {
      const got = labels('|\nServiceRequest:\n  data:\n', 'r.qualys.yaml');
      assert.ok(got.includes('qualys-aws-create'), got.join());
    });

    it('offers IANA time zones for timezone', () => {
      const src =
        'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      connectorScanConfig:\n        set:\n          ConnectorScanConfiguration:\n            timezone: Africa/C|\n';
      assert.ok(labels(src, 'r.yaml').includes('Africa/Cairo'));
      assert.match(accept(src, 'r.yaml', 'Africa/Cairo'), /timezone: Africa\/Cairo\n$/);
    });
  });

  describe('XML', () => {
    const aws = (inner: string): string => `<ServiceRequest>\n  <data>\n    <AwsAssetDataConnector>\n${inner}\n    </AwsAssetDataConnector>\n  </data>\n</ServiceRequest>`;

    it('offers elements after <, and closes the element', () => {
      const src = aws('      <name>x</name>\n      <|');
      const got = labels(src, 'r.xml');
      assert.ok(got.includes('arn') && !got.includes('authRecord') && !got.includes('name'));
      assert.equal(accept(src, 'r.xml', 'allRegions'), aws('      <name>x</name>\n      <allRegions>true</allRegions>'));
    });

    it('inserts an element skeleton between elements', () => {
      assert.equal(
        accept(aws('      |'), 'r.xml', 'activation'),
        aws('      <activation>\n        <set>\n          <ActivationModule>VM</ActivationModule>\n        </set>\n      </activation>'),
      );
    });

    it('offers values inside an element', () => {
      const src = aws('      <activation><set><ActivationModule>C|</ActivationModule></set></activation>');
      assert.deepEqual(labels(src, 'r.xml'), ['VM', 'PC', 'SCA', 'CERTVIEW', 'CLOUDVIEW']);
      assert.equal(accept(src, 'r.xml', 'CERTVIEW'), aws('      <activation><set><ActivationModule>CERTVIEW</ActivationModule></set></activation>'));
    });

    it('offers the ConnectorAppInfo names with their meaning', () => {
      const src = aws('      <connectorAppInfos><set><ConnectorAppInfoQList><set><ConnectorAppInfo><name>|</name></ConnectorAppInfo></set></ConnectorAppInfoQList></set></connectorAppInfos>');
      assert.deepEqual(labels(src, 'r.xml'), ['AI', 'CI', 'CSA']);
    });

    it('offers the connector-field snippets of the connector kind at hand', () => {
      const got = labels(aws('      |'), 'r.xml');
      assert.ok(got.includes('qualys-cps-weekly'));
      assert.ok(got.includes('qualys-app-infos-aws') && !got.includes('qualys-app-infos-azure'));
    });
  });
});
