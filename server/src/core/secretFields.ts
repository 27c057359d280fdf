/**
 * The request fields whose values are secrets: never stored by the emulator, never shown in an
 * outline, masked in every answer shown or kept. One list, read everywhere (to be derived from the
 * schemas' `x-secret` marks). Compared without case and without an XML namespace prefix, as a
 * server or a hand-written request may spell them.
 */
export const SECRET_FIELDS: readonly string[] = ['authenticationKey', 'password', 'secretKey', 'clientSecret', 'privateKey', 'private_key', 'passphrase'];

const LOWER = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));

/** Whether a key (`authenticationKey`, `q:authenticationKey`, `AuthenticationKey`) names a secret. */
export function isSecretField(key: string): boolean {
  return LOWER.has(key.slice(key.lastIndexOf(':') + 1).toLowerCase());
}

/** What is shown in place of a secret. */
export const MASK = '••••••';
