import { Finding, shortName } from './finding';
import { deref, itemSchema, propertySchema, SchemaAt, typesOf } from './schema/store';
import { ArrayNode, Format, ObjectNode, Property, SourceNode, Span } from './tree';

/**
 * Where a value of the bound request came from, and what it is. The bound values form a tree;
 * paths are worked out from it only when asked for, so that binding a large request
 * builds no strings per value.
 */
export class Located {
  private cachedPath?: string;
  /** In document order; looked up by key only for the few values a finding names. */
  children?: Located[];
  /** The document wrote a one-or-many value as a single item (the binder made it a list). */
  single = false;
  /** JSON or YAML wrote a boolean or an integer as a string that parses as one (`"240"`); the value holds the parsed one. */
  quoted = false;

  constructor(
    readonly node: SourceNode,
    /** The key (or XML element name) that introduced the value, when it has one. */
    readonly keySpan: Span | undefined,
    readonly schema: SchemaAt | undefined,
    /** The value's key in its parent: a name, a list index, or '' for the root. */
    readonly key: string | number,
    readonly parent: Located | undefined,
    public value: unknown = undefined,
  ) {}

  /** Where in the request, format-free: `ServiceRequest.data.AwsAssetDataConnector.defaultTags.set.TagSimple[0].id`. */
  get path(): string {
    if (this.cachedPath === undefined) {
      const up = this.parent?.path ?? '';
      this.cachedPath = typeof this.key === 'number' ? `${up}[${this.key}]` : up ? `${up}.${this.key}` : this.key;
    }
    return this.cachedPath;
  }

  /** The name a user reads: the key, or for a list item the list's key. */
  get name(): string {
    return typeof this.key === 'number' ? (this.parent?.name ?? '') : this.key;
  }

  /** Children by key, built on the first lookup: a finding per item of a 20,000-item list must not scan it each time. */
  private byKey?: Map<string | number, Located>;
  private indexed = 0;

  child(key: string | number): Located | undefined {
    const kids = this.children;
    if (!kids) return undefined;
    // A list's items are its children in order.
    if (typeof key === 'number' && kids[key]?.key === key) return kids[key];
    if (kids.length <= 8) {
      for (const c of kids) if (c.key === key) return c;
      return undefined;
    }
    const byKey = (this.byKey ??= new Map());
    // Children are only ever appended: index the new ones, keeping the first of a key as the scan did.
    for (; this.indexed < kids.length; this.indexed++) if (!byKey.has(kids[this.indexed].key)) byKey.set(kids[this.indexed].key, kids[this.indexed]);
    return byKey.get(key);
  }
}

/** The bound values by pointer, and every one of them in document order. */
export class BoundIndex {
  constructor(readonly root: Located) {}

  /** Called once per schema error, which a hostile file has by the hundred thousand: no arrays, no regular expressions. */
  get(pointer: string): Located | undefined {
    let loc: Located | undefined = this.root;
    for (let start = 1; loc && start <= pointer.length; ) {
      const slash = pointer.indexOf('/', start);
      const end = slash < 0 ? pointer.length : slash;
      const part = pointer.slice(start, end);
      const key = part.includes('~') ? part.replace(/~1/g, '/').replace(/~0/g, '~') : part;
      const index: number = Array.isArray(loc.value) ? Number(key) : NaN;
      loc = Number.isInteger(index) && String(index) === key ? (loc.child(index) ?? loc.child(key)) : loc.child(key);
      start = end + 1;
    }
    return loc;
  }

  *values(): IterableIterator<Located> {
    const stack: Located[] = [this.root];
    while (stack.length > 0) {
      const loc = stack.pop() as Located;
      yield loc;
      const kids = loc.children;
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }
}

export interface Bound {
  value: unknown;
  index: BoundIndex;
  findings: Finding[];
  /** Values the rules look at beyond JSON Schema (an `x-format`, an identifier, a tag list, a set, a recurrence, a quoted value), gathered while binding. */
  checked: Located[];
}

interface Context {
  format: Format;
  findings: Finding[];
  /** Key spans of the elements a repeated XML element was gathered from, per item. */
  itemKeys: Map<SourceNode, Span>;
  /** deref() per schema object: the same schemas are met at every item of a list. */
  derefs: Map<object, SchemaAt>;
  checked: Located[];
}

/**
 * Turns the parsed tree into the plain JSON value the schemas describe, guided by the schema:
 * XML text is typed (`120` becomes a number where an integer is expected), repeated XML elements
 * become arrays, and one-or-many values are always arrays, so that every format yields the same
 * value and the same paths. Every value keeps its place in the text.
 */
export function bind(root: SourceNode, schema: SchemaAt, format: Format): Bound {
  const ctx: Context = { format, findings: [], itemKeys: new Map(), derefs: new Map(), checked: [] };
  const top = bindNode(ctx, root, schema, '', undefined, undefined);
  return { value: top.value, index: new BoundIndex(top), findings: ctx.findings, checked: ctx.checked };
}

function derefCached(ctx: Context, at: SchemaAt): SchemaAt {
  if (at.description !== undefined) return deref(at);
  let hit = ctx.derefs.get(at.schema);
  if (!hit || hit.file !== at.file) {
    hit = deref(at);
    ctx.derefs.set(at.schema, hit);
  }
  return hit;
}

function attach(parent: Located | undefined, loc: Located): Located {
  if (parent) (parent.children ??= []).push(loc);
  return loc;
}

function bindNode(ctx: Context, node: SourceNode, schema: SchemaAt | undefined, key: string | number, keySpan: Span | undefined, parent: Located | undefined): Located {
  const s = schema && derefCached(ctx, schema);
  const loc = attach(parent, new Located(node, keySpan, s, key, parent));
  if (s?.schema['x-format'] || key === 'identifier' || key === 'TagSimple' || key === 'set' || key === 'recurrence') ctx.checked.push(loc);
  if (s && (s.schema['x-oneOrMany'] || node.type === 'array')) {
    const item = itemSchema(s);
    const nodes = node.type === 'array' ? node.items : [node];
    loc.single = node.type !== 'array';
    loc.value = nodes.map((n, i) => bindNode(ctx, n, item, i, ctx.itemKeys.get(n) ?? (n === node ? keySpan : undefined), loc).value);
    return loc;
  }
  switch (node.type) {
    case 'object':
      loc.value = bindObject(ctx, node, s, loc);
      break;
    case 'array':
      loc.value = node.items.map((n, i) => bindNode(ctx, n, undefined, i, ctx.itemKeys.get(n), loc).value);
      break;
    case 'scalar':
      loc.value = node.untyped ? typeText(String(node.value ?? ''), s) : node.value;
      if (typeof node.value === 'string' && !node.untyped && s?.schema['x-quotable']) unquote(ctx, loc, node.value, s.schema['x-quotable']);
      break;
  }
  return loc;
}

function bindObject(ctx: Context, node: ObjectNode, schema: SchemaAt | undefined, loc: Located): unknown {
  // Prototype-less: a key named __proto__ is a key like any other.
  const result: Record<string, unknown> = Object.create(null);
  if (!hasRepeatedKey(node.properties)) {
    // The usual object, bound without grouping: a large request has tens of thousands of them.
    for (const p of node.properties) result[p.key] = bindNode(ctx, p.value, schema ? propertySchema(schema, p.key) : undefined, p.key, p.keySpan, loc).value;
    return result;
  }
  const groups = new Map<string, Property[]>();
  for (const p of node.properties) {
    const group = groups.get(p.key);
    if (group) group.push(p);
    else groups.set(p.key, [p]);
  }
  for (const [key, props] of groups) {
    const child = schema ? propertySchema(schema, key) : undefined;
    if (props.length > 1) {
      const listAllowed = ctx.format === 'xml' && (!child || typesOf(child).includes('array'));
      if (listAllowed) {
        result[key] = bindNode(ctx, gather(ctx, props), child, key, props[0].keySpan, loc).value;
        continue;
      }
      for (const dup of props.slice(1)) ctx.findings.push(duplicate(ctx.format, key, props.length, dup.keySpan, loc.path ? `${loc.path}.${key}` : key));
    }
    const chosen = props[props.length - 1];
    result[key] = bindNode(ctx, chosen.value, child, key, chosen.keySpan, loc).value;
  }
  return result;
}

function hasRepeatedKey(props: readonly Property[]): boolean {
  if (props.length > 8) return new Set(props.map((p) => p.key)).size < props.length;
  for (let i = 1; i < props.length; i++) for (let j = 0; j < i; j++) if (props[i].key === props[j].key) return true;
  return false;
}

/** The repeated elements `<Day>SUN</Day><Day>MON</Day>` as one list, each item keeping its tag. */
function gather(ctx: Context, props: Property[]): ArrayNode {
  for (const p of props) ctx.itemKeys.set(p.value, p.keySpan);
  const first = props[0];
  const last = props[props.length - 1];
  return { type: 'array', span: { start: first.keySpan.start - 1, end: last.value.span.end }, items: props.map((p) => p.value) };
}

function duplicate(format: Format, name: string, count: number, span: Span, path: string): Finding {
  const key = shortName(name);
  const message =
    format === 'xml'
      ? `<${key}> may appear only once here; it appears ${count} times and only the last one counts.`
      : `Duplicate key "${key}": it appears ${count} times and only the last one counts.`;
  return { span, severity: 'error', code: format === 'xml' ? 'duplicate-element' : 'duplicate-key', message, path };
}

/** XML text typed by what the schema expects; text that fits no expected type stays a string for the schema to reject. */
function typeText(text: string, schema: SchemaAt | undefined): unknown {
  if (!schema) return text;
  const types = typesOf(schema);
  const t = text.trim();
  if (t === '' && types.includes('object')) return {};
  if (types.includes('number') && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  for (const type of ['integer', 'boolean'] as const) {
    const typed = types.includes(type) ? parseAs(t, type) : undefined;
    if (typed !== undefined) return typed;
  }
  return text;
}

/** Text read as a boolean or an integer, the way XML text and quoted JSON values are read; undefined when it is not one. */
function parseAs(text: string, type: 'boolean' | 'integer'): boolean | number | undefined {
  if (type === 'boolean') return text === 'true' || text === 'false' ? text === 'true' : undefined;
  return /^[-+]?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * A JSON or YAML string where a boolean or an integer is documented: Qualys takes `"true"` and
 * `"240"` (its own Terraform template sends them), so one that parses is bound as the typed value
 * and noted for an information finding; one that does not stays a string for the schema to reject.
 */
function unquote(ctx: Context, loc: Located, text: string, type: 'boolean' | 'integer'): void {
  const typed = parseAs(text.trim(), type);
  if (typed === undefined) return;
  loc.value = typed;
  loc.quoted = true;
  ctx.checked.push(loc);
}

/** The request as the document wrote it: a single item stays single (as the API's own JSON samples send it). */
export function documentValue(bound: Bound): unknown {
  return writtenValue(bound.index.root);
}

/**
 * What the document holds at a path of keys and list indexes, as `documentValue` would give it,
 * building only that value: completion asks at every keystroke, and a large request is megabytes.
 */
export function documentValueAt(bound: Bound, path: readonly (string | number)[]): unknown {
  let loc: Located | undefined = bound.index.root;
  for (const segment of path) {
    // A single item is written (and so read) as the item itself, not as a list of one.
    if (loc.single && loc.children?.length === 1) loc = loc.children[0];
    const key: string | number = Array.isArray(loc.value) ? Number(segment) : String(segment);
    loc = Array.isArray(loc.value) && !(Number.isInteger(key) && String(key) === String(segment)) ? undefined : loc.child(key);
    if (!loc) return undefined;
  }
  return writtenValue(loc);
}

function writtenValue(loc: Located): unknown {
  // A quoted "240" is sent and converted as written; only checks and the emulator read it as 240.
  if (loc.quoted && loc.node.type === 'scalar') return loc.node.value;
  const value = loc.value;
  if (Array.isArray(value)) {
    const items = value.map((v, i) => {
      const child = loc.child(i);
      return child ? writtenValue(child) : v;
    });
    return loc.single && items.length === 1 ? items[0] : items;
  }
  if (value !== null && typeof value === 'object') {
    // fromEntries defines keys as data, so a key named __proto__ stays a key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      const child = loc.child(k);
      return [k, child ? writtenValue(child) : v];
    }));
  }
  return value;
}
