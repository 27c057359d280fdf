import { describe } from '../location';
import { formatRule, Rule } from './rule';

// Identifiers that do not look like one: most often a documentation placeholder left in place.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Google's rule for project IDs: 6 to 30 characters, lowercase letters, digits and hyphens, a letter first, no hyphen last. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** ocid1.<resource type>.<realm>.[region][.future use].<unique id> (Oracle's documented OCID syntax). */
const OCID = /^ocid1\.([a-z0-9_]+)\.[a-z0-9]+\.[a-z0-9-]*(\.[a-z0-9-]+)?\.[a-z0-9]+$/;
const FINGERPRINT = /^[0-9a-f]{2}(:[0-9a-f]{2}){15}$/i;

/** A warning for each value of `format` that `shape` does not match. */
function shapeRule(code: Rule['code'], format: string, shape: RegExp, expected: string): Rule {
  return formatRule(code, 'warning', format, (value, loc) => (shape.test(value) ? undefined : { message: `${loc.name} ${describe(value)} does not look like ${expected}.` }));
}

export const suspiciousGuid = shapeRule('suspicious-guid', 'guid', GUID, 'an Azure GUID (8-4-4-4-12 hexadecimal digits, such as 11111111-2222-3333-4444-555555555555)');
export const suspiciousArn = shapeRule('suspicious-arn', 'aws-role-arn', ROLE_ARN, 'an IAM role ARN (arn:aws:iam::<12-digit account>:role/<role name>)');
export const suspiciousProjectId = shapeRule('suspicious-project-id', 'gcp-project-id', PROJECT_ID, 'a GCP project ID (6 to 30 lowercase letters, digits or hyphens, starting with a letter, such as my-project-123456)');
export const suspiciousFingerprint = shapeRule('suspicious-fingerprint', 'oci-fingerprint', FINGERPRINT, 'an OCI API key fingerprint (16 pairs of hexadecimal digits separated by colons, such as 12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0)');

/** Not an OCID, or the OCID of another resource type than the field takes (x-ocidType): a user's where the tenancy's is due. */
export const suspiciousOcid = formatRule('suspicious-ocid', 'warning', 'oci-ocid', (value, loc) => {
  const type = loc.schema?.schema['x-ocidType'];
  const field = loc.name;
  const m = OCID.exec(value);
  const example = `ocid1.${type ?? 'tenancy'}.oc1..<unique id>`;
  if (!m) return { message: `${field} ${describe(value)} does not look like an OCI OCID (${example}).` };
  if (type && m[1] !== type) return { message: `${field} ${describe(value)} is the OCID of a ${m[1]}; ${field} takes the OCID of a ${type} (${example}).` };
  return undefined;
});
