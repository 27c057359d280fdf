import { createHash, timingSafeEqual } from 'node:crypto';

/** The user a request authenticates as, or undefined when its HTTP Basic credentials are missing or wrong. */
export type Authenticator = (authorization: string | undefined) => string | undefined;

export function basicAuthenticator(username: string, password: string): Authenticator {
  const expectedUser = digest(username);
  const expectedPassword = digest(password);
  return (authorization) => {
    const credentials = decodeBasic(authorization);
    if (!credentials) return undefined;
    // Both comparisons always run, on equal-length digests, so timing tells nothing about either part.
    const userOk = timingSafeEqual(digest(credentials.username), expectedUser);
    const passwordOk = timingSafeEqual(digest(credentials.password), expectedPassword);
    return userOk && passwordOk ? username : undefined;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function decodeBasic(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^\s*Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m || m[1].length > 8192) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
