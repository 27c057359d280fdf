let canonical: Map<string, string> | undefined;

/** IANA zone names Node knows, by lower-case name. */
function zones(): Map<string, string> {
  if (!canonical) {
    const names = (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
    canonical = new Map([...names, 'UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'].map((n) => [n.toLowerCase(), n]));
  }
  return canonical;
}

let names: readonly string[] | undefined;

/** The canonical names, one list for the life of the process (suggestions are remembered per list). */
export function timeZoneNames(): readonly string[] {
  names ??= [...new Set(zones().values())];
  return names;
}

export type ZoneCheck = { ok: true } | { ok: false; suggestion?: string };

/** Whether `name` is an IANA time zone name: a canonical one or a known alias (US/Eastern, Asia/Calcutta). */
export function checkTimeZone(name: string): ZoneCheck {
  const known = zones().get(name.toLowerCase());
  if (known === name) return { ok: true };
  if (known) return { ok: false, suggestion: known };
  if (/^[A-Z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(name)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      return { ok: true };
    } catch {
      // not a zone: fall through to the suggestion
    }
  }
  return { ok: false };
}
