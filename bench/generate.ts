import { serialize } from '../server/src/core/serialize';
import { Format } from '../server/src/core/tree';

/** A valid AWS update request of about `bytes` bytes in the format: many tags, apps and regions. */
export function generateRequest(format: Format, bytes: number): string {
  const build = (n: number): string => {
    const ids = Array.from({ length: n }, (_, i) => ({ id: 1000 + i }));
    const apps = Array.from({ length: Math.max(1, Math.floor(n / 4)) }, (_, i) => ({
      set: { ConnectorAppInfo: { name: ['AI', 'CI', 'CSA'][i % 3], identifier: `arn:aws:iam::123456789012:role/Role${i}`, tagId: 2000 + i } },
    }));
    const value = {
      ServiceRequest: {
        data: {
          AwsAssetDataConnector: {
            name: 'Benchmark connector',
            description: 'Generated for npm run bench',
            defaultTags: { set: { TagSimple: ids } },
            activation: { set: { ActivationModule: ['VM', 'PC', 'SCA'] } },
            allRegions: false,
            endpoints: { add: { AwsEndpointSimple: [{ regionCode: 'us-east-1' }, { regionCode: 'eu-west-2' }] } },
            disabled: false,
            runFrequency: 240,
            isRemediationEnabled: false,
            arn: 'arn:aws:iam::123456789012:role/QualysConnectorRole',
            externalId: 'QUALYS-EXTERNAL-ID',
            connectorAppInfos: { set: { ConnectorAppInfoQList: apps } },
            isCPSEnabled: true,
            connectorScanSetting: { isCustomScanConfigEnabled: true },
            connectorScanConfig: {
              set: {
                ConnectorScanConfiguration: {
                  daysOfWeek: { set: { Day: ['SUN', 'WED'] } },
                  optionProfileId: 2,
                  recurrence: 'WEEKLY',
                  scanPrefix: 'bench',
                  startDate: '05/31/2022',
                  startTime: '15:45',
                  timezone: 'Africa/Cairo',
                },
              },
            },
          },
        },
      },
    };
    return serialize(value, format);
  };
  // Grow the lists until the text reaches the size asked for.
  let n = 1;
  let text = build(n);
  while (text.length < bytes) {
    n = Math.max(n + 1, Math.ceil((n * bytes) / text.length));
    text = build(n);
  }
  return text;
}
