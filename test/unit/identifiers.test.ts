import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';

/** The warning codes a value gets in a field of an update of a kind: what the user sees under it. */
function codes(kind: 'aws' | 'azure' | 'gcp' | 'oci', field: string, value: string): string[] {
  const element = { aws: 'AwsAssetDataConnector', azure: 'AzureAssetDataConnector', gcp: 'GcpAssetDataConnector', oci: 'OciAssetDataConnector' }[kind];
  const connector = kind === 'aws' ? { [field]: value } : { authRecord: { [field]: value } };
  const text = JSON.stringify({ ServiceRequest: { data: { [element]: connector } } });
  return analyze(text, `${kind}.qualys.json`, undefined, { record: { recorded: { operation: 'update', id: 5 } } })
    .findings.filter((f) => f.code.startsWith('suspicious-'))
    .map((f) => f.code);
}

function judge(kind: 'aws' | 'azure' | 'gcp' | 'oci', field: string, code: string, good: string[], bad: string[]): void {
  for (const v of good) assert.deepEqual(codes(kind, field, v), [], `${field} ${JSON.stringify(v)} looks right`);
  for (const v of bad) assert.deepEqual(codes(kind, field, v), [code], `${field} ${JSON.stringify(v)} looks wrong`);
}

const HEX8 = '0123abcd';
describe('identifiers that do not look like one (a placeholder left in place)', () => {
  it('an Azure GUID: 8-4-4-4-12 hexadecimal digits, in either case', () => {
    judge('azure', 'directoryId', 'suspicious-guid', [`${HEX8}-4567-89ab-cdef-0123456789ab`, '0123ABCD-4567-89AB-CDEF-0123456789AB'], [
      `x${HEX8}-4567-89ab-cdef-0123456789ab`,
      `${HEX8}-4567-89ab-cdef-0123456789abc`,
      `${HEX8}-4567-89ab-cdef-0123456789a`,
      '0123abc-4567-89ab-cdef-0123456789ab',
      `${HEX8}-456-89ab-cdef-0123456789ab`,
      `${HEX8}-4567-89a-cdef-0123456789ab`,
      `${HEX8}-4567-89ab-cde-0123456789ab`,
      `${HEX8}-4567-89ab-cdeg-0123456789ab`,
      'gggggggg-hhhh-iiii-jjjj-kkkkkkkkkkkk',
      '<directory id>',
    ]);
  });

  it('an IAM role ARN, in any partition, with every character a role name takes', () => {
    judge('aws', 'arn', 'suspicious-arn', ['arn:aws:iam::123456789012:role/x', 'arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f/g-h_i', 'arn:aws-cn:iam::123456789012:role/r', `arn:aws:iam::123456789012:role/${'r'.repeat(512)}`], [
      'arn:aws:iam::12345678901:role/x',
      'arn:aws:iam::1234567890123:role/x',
      'arn:aws:iam::abcdefghijkl:role/x',
      'arn:aws:iam::123456789012:role/',
      `arn:aws:iam::123456789012:role/${'r'.repeat(513)}`,
      'arn:aws:iam::123456789012:role/a b',
      'xarn:aws:iam::123456789012:role/x',
      'arn:aws-eu:iam::123456789012:role/x',
      'arn:aws:iam::123456789012:user/x',
    ]);
  });

  it("a GCP project ID: Google's rule of 6 to 30 characters", () => {
    judge('gcp', 'projectId', 'suspicious-project-id', ['my-project-123456', 'abcdef', `a${'b'.repeat(28)}c`, 'a1-b2c'], [
      'abcde',
      `a${'b'.repeat(29)}c`,
      '1abcdef',
      'abcdef-',
      'My-project',
      'my_project',
      '-abcdef',
      'ab cdef',
    ]);
  });

  it('an OCI API key fingerprint: 16 pairs of hexadecimal digits', () => {
    const pairs = (n: number, pair = 'a1') => Array.from({ length: n }, () => pair).join(':');
    judge('oci', 'fingerprint', 'suspicious-fingerprint', [pairs(16), pairs(16, 'B2')], [pairs(15), pairs(17), pairs(16, 'g1'), `x${pairs(16)}`, `${pairs(16)}:`, pairs(16, 'a'), pairs(16, 'abc')]);
  });

  it("an OCID, of the resource type the field takes", () => {
    judge('oci', 'tenantId', 'suspicious-ocid', ['ocid1.tenancy.oc1..aaaaexample', 'ocid1.tenancy.oc1.phx.aaaa', 'ocid1.tenancy.oc1.phx.future.aaaa1'], [
      'ocid1.user.oc1..aaaa',
      'ocid2.tenancy.oc1..aaaa',
      'ocid1.tenancy.oc1..',
      'xocid1.tenancy.oc1..aaaa',
      'ocid1.tenancy.oc1..aaaa.',
      'ocid1.tenancy..phx.aaaa',
      'ocid1..oc1..aaaa',
      'ocid1.TENANCY.oc1..aaaa',
    ]);
    judge('oci', 'userId', 'suspicious-ocid', ['ocid1.user.oc1..aaaa'], ['ocid1.tenancy.oc1..aaaa']);
  });

  it('names the field, the value and the resource type in the message', () => {
    const text = JSON.stringify({ ServiceRequest: { data: { OciAssetDataConnector: { authRecord: { tenantId: 'ocid1.user.oc1..aaaa', userId: 'nope' } } } } });
    const messages = analyze(text, 'oci.qualys.json', undefined, { record: { recorded: { operation: 'update', id: 5 } } })
      .findings.filter((f) => f.code === 'suspicious-ocid')
      .map((f) => f.message);
    assert.deepEqual(messages.sort(), [
      'tenantId "ocid1.user.oc1..aaaa" is the OCID of a user; tenantId takes the OCID of a tenancy (ocid1.tenancy.oc1..<unique id>).',
      'userId "nope" does not look like an OCI OCID (ocid1.user.oc1..<unique id>).',
    ]);
  });
});

describe('what a suspicious identifier finding says', () => {
  const message = (kind: 'aws' | 'azure' | 'gcp' | 'oci', field: string, value: string) => {
    const connector = kind === 'aws' ? { [field]: value } : { authRecord: { [field]: value } };
    const element = { aws: 'AwsAssetDataConnector', azure: 'AzureAssetDataConnector', gcp: 'GcpAssetDataConnector', oci: 'OciAssetDataConnector' }[kind];
    return analyze(JSON.stringify({ ServiceRequest: { data: { [element]: connector } } }), `${kind}.qualys.json`, undefined, { record: { recorded: { operation: 'update', id: 5 } } })
      .findings.filter((f) => f.code.startsWith('suspicious-'))
      .map((f) => f.message);
  };

  it('names the field, the value and what it should look like, with an example', () => {
    assert.deepEqual(message('azure', 'directoryId', '<id>'), ['directoryId "<id>" does not look like an Azure GUID (8-4-4-4-12 hexadecimal digits, such as 11111111-2222-3333-4444-555555555555).']);
    assert.deepEqual(message('aws', 'arn', 'arn'), ['arn "arn" does not look like an IAM role ARN (arn:aws:iam::<12-digit account>:role/<role name>).']);
    assert.deepEqual(message('gcp', 'projectId', 'P'), ['projectId "P" does not look like a GCP project ID (6 to 30 lowercase letters, digits or hyphens, starting with a letter, such as my-project-123456).']);
    assert.deepEqual(message('oci', 'fingerprint', 'f'), [
      'fingerprint "f" does not look like an OCI API key fingerprint (16 pairs of hexadecimal digits separated by colons, such as 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0).',
    ]);
  });
});
