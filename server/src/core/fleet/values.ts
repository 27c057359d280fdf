/** Plain JSON values as requests and answers bind to, compared the way the API compares them. */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function asList(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The wrappers a collection field is written with in a request. */
export const WRAPPERS = ['set', 'add', 'remove', 'update'] as const;
export type Wrapper = (typeof WRAPPERS)[number];

/**
 * One string per value as Qualys reads it: numbers by value, booleans without case ("true" in a JSON
 * answer is `true`), one item the same as a list of it (one-or-many), and lists without order (the
 * collections are sets). `[{"E": a}, {"E": b}]` and `{"E": [a, b]}` are the same items.
 */
export function canonical(v: unknown, depth = 0): string {
  if (depth > 64) return '…';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    const x = String(v).trim();
    if (/^[-+]?\d+(\.\d+)?$/.test(x)) return `n:${Number(x)}`;
    if (/^(true|false)$/i.test(x)) return `b:${x.toLowerCase()}`;
    return `s:${x}`;
  }
  if (Array.isArray(v)) {
    const merged = v.length > 1 ? elementsAsObject(v) : undefined;
    if (merged) return canonical(merged, depth + 1);
    if (v.length === 1) return canonical(v[0], depth + 1);
    return `[${v.map((x) => canonical(x, depth + 1)).sort().join(',')}]`;
  }
  if (isObj(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k], depth + 1)}`).join(',')}}`;
  }
  return 'null';
}

/** `[{"E": a}, {"E": [b]}]` as `{"E": [a, b]}` when every item is one element of the same name. */
export function elementsAsObject(list: unknown[]): Obj | undefined {
  let name: string | undefined;
  const values: unknown[] = [];
  for (const item of list) {
    if (!isObj(item)) return undefined;
    const keys = Object.keys(item);
    if (keys.length !== 1 || (name !== undefined && keys[0] !== name)) return undefined;
    name = keys[0];
    for (const x of asList(item[name])) values.push(x);
  }
  return name === undefined ? undefined : { [name]: values };
}

/** The items under one wrapper: `{TagSimple: item or [items]}`, or a list of such. */
export function itemsOf(content: unknown): unknown[] {
  const out: unknown[] = [];
  for (const c of asList(content)) {
    if (!isObj(c)) continue;
    for (const v of Object.values(c)) for (const x of asList(v)) out.push(x);
  }
  return out;
}

/** Whether an object is a collection as written in a request: only wrapper keys. */
export function isWrapped(v: unknown): v is Partial<Record<Wrapper, unknown>> {
  return isObj(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => (WRAPPERS as readonly string[]).includes(k));
}
