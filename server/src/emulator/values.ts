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
  const x = comparable(a);
  return x !== undefined && x === comparable(b);
}

/**
 * One string per class of values `sameValue` calls equal (numbers by value, booleans by case-free
 * text, other text as written, trimmed); undefined for what equals nothing. Lists of thousands of
 * items are matched through a Map of these in one pass, where pairwise comparison took minutes.
 */
export function comparable(v: unknown): string | undefined {
  if (!isScalar(v)) return undefined;
  const x = String(v).trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(x)) return `n:${Number(x)}`;
  if (/^(true|false)$/i.test(x)) return `b:${x.toLowerCase()}`;
  return `s:${x}`;
}
