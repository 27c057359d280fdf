import { isObj, Obj } from './values';

/**
 * `${Field}` in a template's string values: a dotted path into one inventory entry (`${Id}`,
 * `${tags.team}`, `${labels.env}`). A string that is one placeholder alone takes the entry's value
 * as it is (a number stays a number); inside other text the value is written in.
 */
const PLACEHOLDER = /\$\{([^${}]*)\}/g;

/** Past this a template is not one (requests nest about a dozen levels). */
const MAX_DEPTH = 64;

/** A placeholder that gave no value for an entry, and where in the template it is. */
export interface Unresolved {
  placeholder: string;
  /** The template's path to the string, as findings name it (`ServiceRequest.data.AwsAssetDataConnector.arn`). */
  at: string;
  why: string;
}

export type Expanded = { value: unknown } | { unresolved: Unresolved };

/** The dotted paths of every placeholder in a value, each once. */
export function placeholdersOf(value: unknown): string[] {
  const found = new Set<string>();
  walkStrings(value, '', 0, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) found.add(m[1].trim());
  });
  return [...found];
}

/** The entry's value at a dotted path, own properties only (`${constructor}` is no field of an account). */
export function valueAt(entry: Obj, path: string): unknown {
  let v: unknown = entry;
  for (const part of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
    else if (isObj(v) && Object.prototype.hasOwnProperty.call(v, part)) v = v[part];
    else return undefined;
  }
  return v;
}

/** The template with every placeholder replaced by the entry's value; the first that does not resolve, when one does not. */
export function expandTemplate(template: unknown, entry: Obj): Expanded {
  let unresolved: Unresolved | undefined;
  const expand = (v: unknown, at: string, depth: number): unknown => {
    if (unresolved || depth > MAX_DEPTH) return v;
    if (typeof v === 'string') return v.includes('${') ? expandString(v, at) : v;
    if (Array.isArray(v)) return v.map((item, i) => expand(item, `${at}[${i}]`, depth + 1));
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, expand(item, at === '' ? k : `${at}.${k}`, depth + 1)]));
    return v;
  };
  const expandString = (s: string, at: string): unknown => {
    const whole = /^\$\{([^${}]*)\}$/.exec(s);
    if (whole) {
      const v = scalarAt(whole[1].trim(), at);
      return v === undefined ? s : v;
    }
    return s.replace(PLACEHOLDER, (match, path: string) => {
      const v = scalarAt(path.trim(), at);
      return v === undefined ? match : String(v);
    });
  };
  const scalarAt = (path: string, at: string): string | number | boolean | undefined => {
    if (unresolved) return undefined;
    const v = path === '' ? undefined : valueAt(entry, path);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    const why = v === undefined || v === null ? `the entry has no field ${JSON.stringify(path)}` : `the entry's ${JSON.stringify(path)} is ${Array.isArray(v) ? 'a list' : 'an object'}, not a value`;
    unresolved = { placeholder: `\${${path}}`, at, why };
    return undefined;
  };
  const value = expand(template, '', 0);
  return unresolved ? { unresolved } : { value };
}

function walkStrings(v: unknown, at: string, depth: number, visit: (s: string, at: string) => void): void {
  if (depth > MAX_DEPTH) return;
  if (typeof v === 'string') visit(v, at);
  else if (Array.isArray(v)) v.forEach((item, i) => walkStrings(item, `${at}[${i}]`, depth + 1, visit));
  else if (isObj(v)) for (const [k, item] of Object.entries(v)) walkStrings(item, at === '' ? k : `${at}.${k}`, depth + 1, visit);
}
