import { SCHEMA_SECRET_FIELDS } from './model';

/**
 * The request fields whose values are secrets: never stored by the emulator, never shown in an
 * outline, masked in every answer shown or kept. The schemas' `x-secret` fields (through the
 * model), and credentials whatever they belong to. Compared without case and without an XML
 * namespace prefix, as a server or a hand-written request may spell them.
 */
export const SECRET_FIELDS: readonly string[] = [...new Set([...SCHEMA_SECRET_FIELDS, 'password', 'secretKey', 'clientSecret'])];

const LOWER = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));

/** Whether a key (`authenticationKey`, `q:authenticationKey`, `AuthenticationKey`) names a secret. */
export function isSecretField(key: string): boolean {
  return LOWER.has(key.slice(key.lastIndexOf(':') + 1).toLowerCase());
}

/** What is shown in place of a secret. */
export const MASK = '••••••';
