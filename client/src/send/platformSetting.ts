import { isPlatformId, PLATFORMS, ResolvedPlatform, resolvePlatform } from '../../../server/src/send/platforms';

/** The `qualys.platform` value that means "use `qualys.platformUrl`". */
export const CUSTOM_PLATFORM = 'Custom';

/** The values `qualys.platform` offers (package.json lists the same). */
export const PLATFORM_SETTING_VALUES: readonly string[] = [...Object.keys(PLATFORMS), CUSTOM_PLATFORM];

/** Where requests go, from the two settings; the error names the setting to change. */
export function resolveConfigured(platform: string, platformUrl: string): ResolvedPlatform | { error: string } {
  if (platform === CUSTOM_PLATFORM) {
    const url = platformUrl.trim();
    if (!url) return { error: 'qualys.platform is "Custom" but qualys.platformUrl is empty: give the API server\'s URL (https://…, or http://localhost:<port> for the local emulator).' };
    const r = resolvePlatform(undefined, url);
    return 'error' in r ? { error: `qualys.platformUrl: ${r.error}` } : r;
  }
  const r = resolvePlatform(platform, undefined);
  return 'error' in r ? { error: `qualys.platform: ${r.error}` } : r;
}

/** The SecretStorage key of a platform's credentials: one login per platform (`US2`, or the custom host). */
export function credentialKey(label: string): string {
  return `qualys.credentials.${label}`;
}

/**
 * The platform label a script names: a platform id (`us2` → `US2`), a URL (→ its host, as
 * resolvePlatform labels it), or a host label as shown in messages; otherwise an error to show.
 */
export function platformLabelOf(arg: string): string | { error: string } {
  const t = arg.trim();
  if (isPlatformId(t.toUpperCase())) return t.toUpperCase();
  if (t.includes('://')) {
    const r = resolvePlatform(undefined, t);
    return 'error' in r ? r : r.label;
  }
  if (/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:]+\](:\d+)?$/.test(t)) return t.toLowerCase();
  return { error: `"${t}" is not a platform: give one of ${Object.keys(PLATFORMS).join(', ')}, a URL or a host.` };
}

export interface CredentialArgs {
  username: string;
  password: string;
  platform?: string;
}

/** `{username, password, platform?}` given to qualys.setCredentials by a script; undefined when the caller gave none (prompt instead). */
export function parseCredentialArgs(arg: unknown): CredentialArgs | { error: string } | undefined {
  if (!arg || typeof arg !== 'object' || !('username' in arg || 'password' in arg)) return undefined;
  const { username, password, platform } = arg as Record<string, unknown>;
  if (typeof username !== 'string' || username.trim() === '') return { error: 'username must be a non-empty string.' };
  if (typeof password !== 'string' || password === '') return { error: 'password must be a non-empty string.' };
  if (platform !== undefined && typeof platform !== 'string') return { error: 'platform must be a string.' };
  return { username: username.trim(), password, ...(platform ? { platform } : {}) };
}

/** The stored JSON, read defensively: a damaged entry is treated as missing (the user is asked again). */
export function parseStoredCredentials(text: string | undefined): { username: string; password: string } | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { username?: unknown; password?: unknown };
    return typeof v.username === 'string' && typeof v.password === 'string' && v.username && v.password ? { username: v.username, password: v.password } : undefined;
  } catch {
    return undefined;
  }
}
