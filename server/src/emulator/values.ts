/** Small helpers for the plain JSON values requests bind to. */
export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An object with no prototype, so that no key of a request can reach Object.prototype. */
export function blank(): Obj {
  return Object.create(null) as Obj;
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** A deep copy of a plain value, into prototype-less objects. */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x) as unknown) as T;
  if (isObject(v)) {
    const out = blank();
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}

export function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Equality as the API compares text: `1672601` equals "1672601", `true` equals "TRUE". */
export function sameValue(a: unknown, b: unknown): boolean {
  if (!isScalar(a) || !isScalar(b)) return false;
  const x = String(a).trim();
  const y = String(b).trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(x) && /^[-+]?\d+(\.\d+)?$/.test(y)) return Number(x) === Number(y);
  if (/^(true|false)$/i.test(x) && /^(true|false)$/i.test(y)) return x.toLowerCase() === y.toLowerCase();
  return x === y;
}
