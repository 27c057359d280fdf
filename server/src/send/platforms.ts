/** The Qualys platforms and their API servers (qualys-api-notes.md). */
export const PLATFORMS = {
  US1: 'qualysapi.qualys.com',
  US2: 'qualysapi.qg2.apps.qualys.com',
  US3: 'qualysapi.qg3.apps.qualys.com',
  US4: 'qualysapi.qg4.apps.qualys.com',
  GOV1: 'qualysapi.gov1.qualys.us',
  EU1: 'qualysapi.qualys.eu',
  EU2: 'qualysapi.qg2.apps.qualys.eu',
  EU3: 'qualysapi.qg3.apps.qualys.it',
  IN1: 'qualysapi.qg1.apps.qualys.in',
  CA1: 'qualysapi.qg1.apps.qualys.ca',
  AE1: 'qualysapi.qg1.apps.qualys.ae',
  UK1: 'qualysapi.qg1.apps.qualys.co.uk',
  AU1: 'qualysapi.qg1.apps.qualys.com.au',
  KSA1: 'qualysapi.qg1.apps.qualysksa.com',
} as const;

export type PlatformId = keyof typeof PLATFORMS;

export interface ResolvedPlatform {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** A short name for messages and history: `US2`, or the custom host. */
  label: string;
  /** A known Qualys platform; false for a custom URL (private cloud, or the local emulator). */
  known: boolean;
  /** The server is on this machine (the emulator): no confirmation is needed for changes. */
  loopback: boolean;
}

export function isPlatformId(id: string): id is PlatformId {
  return Object.prototype.hasOwnProperty.call(PLATFORMS, id);
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The API server for a platform id or a custom URL. A custom URL must be https, except on this
 * machine: credentials never travel in clear text over a network.
 */
export function resolvePlatform(platform: string | undefined, customUrl?: string): ResolvedPlatform | { error: string } {
  if (customUrl) {
    let url: URL;
    try {
      url = new URL(customUrl);
    } catch {
      return { error: `"${customUrl}" is not a URL. Give the API server's address, such as https://qualysapi.example.com.` };
    }
    const loopback = isLoopback(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      return { error: `${url.protocol}//${url.host} is refused: credentials are sent only over https (http is allowed for localhost only).` };
    }
    if (url.username || url.password) return { error: 'Put credentials in the credential store, not in the URL.' };
    return { baseUrl: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`, label: url.host, known: false, loopback };
  }
  const id = (platform ?? '').toUpperCase();
  if (!isPlatformId(id)) return { error: `Unknown platform "${platform ?? ''}": choose one of ${Object.keys(PLATFORMS).join(', ')}, or give a custom URL.` };
  return { baseUrl: `https://${PLATFORMS[id]}`, label: id, known: true, loopback: false };
}
