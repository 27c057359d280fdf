import { Finding } from './finding';
import { deref, itemSchema, propertySchema, SchemaAt, typesOf } from './schema/store';
import { ArrayNode, Format, ObjectNode, Property, SourceNode, Span } from './tree';

/** Where a value of the bound request came from. */
export interface Located {
  pointer: string;
  path: string;
  node: SourceNode;
  /** The key (or XML element name) that introduced the value, when it has one. */
  keySpan?: Span;
  schema?: SchemaAt;
}

export interface Bound {
  value: unknown;
  /** By JSON pointer into `value`, the form ajv reports (`instancePath`). */
  index: Map<string, Located>;
  findings: Finding[];
  /** Pointers of one-or-many values the document wrote as a single item (the binder made them lists). */
  single: Set<string>;
}

interface Context {
  format: Format;
  index: Map<string, Located>;
  findings: Finding[];
  /** Key spans of the elements a repeated XML element was gathered from, per item. */
  itemKeys: Map<SourceNode, Span>;
  single: Set<string>;
}

/**
 * Turns the parsed tree into the plain JSON value the schemas describe, guided by the schema:
 * XML text is typed (`120` becomes a number where an integer is expected), repeated XML elements
 * become arrays, and one-or-many values are always arrays, so that every format yields the same
 * value and the same paths. Every value is indexed by pointer to find its place in the text.
 */
export function bind(root: SourceNode, schema: SchemaAt, format: Format): Bound {
  const ctx: Context = { format, index: new Map(), findings: [], itemKeys: new Map(), single: new Set() };
  const value = bindNode(ctx, root, schema, '', '', undefined);
  return { value, index: ctx.index, findings: ctx.findings, single: ctx.single };
}

function bindNode(ctx: Context, node: SourceNode, schema: SchemaAt | undefined, pointer: string, path: string, keySpan: Span | undefined): unknown {
  const s = schema && deref(schema);
  ctx.index.set(pointer, { pointer, path, node, keySpan, schema: s });
  if (s && (s.schema['x-oneOrMany'] || node.type === 'array')) {
    const item = itemSchema(s);
    const nodes = node.type === 'array' ? node.items : [node];
    if (node.type !== 'array') ctx.single.add(pointer);
    return nodes.map((n, i) => bindNode(ctx, n, item, `${pointer}/${i}`, `${path}[${i}]`, ctx.itemKeys.get(n) ?? (n === node ? keySpan : undefined)));
  }
  switch (node.type) {
    case 'object':
      return bindObject(ctx, node, s, pointer, path);
    case 'array':
      return node.items.map((n, i) => bindNode(ctx, n, undefined, `${pointer}/${i}`, `${path}[${i}]`, undefined));
    case 'scalar':
      return node.untyped ? typeText(String(node.value ?? ''), s) : node.value;
  }
}

function bindObject(ctx: Context, node: ObjectNode, schema: SchemaAt | undefined, pointer: string, path: string): unknown {
  const groups = new Map<string, Property[]>();
  for (const p of node.properties) {
    const group = groups.get(p.key);
    if (group) group.push(p);
    else groups.set(p.key, [p]);
  }
  const result: Record<string, unknown> = Object.create(null);
  for (const [key, props] of groups) {
    const child = schema ? propertySchema(schema, key) : undefined;
    const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const childPath = path ? `${path}.${key}` : key;
    let chosen = props[props.length - 1];
    if (props.length > 1) {
      const listAllowed = ctx.format === 'xml' && (!child || typesOf(child).includes('array'));
      if (listAllowed) {
        result[key] = bindNode(ctx, gather(ctx, props), child, childPointer, childPath, props[0].keySpan);
        continue;
      }
      for (const dup of props.slice(1)) ctx.findings.push(duplicate(ctx.format, key, props.length, dup.keySpan, childPath));
      chosen = props[props.length - 1];
    }
    result[key] = bindNode(ctx, chosen.value, child, childPointer, childPath, chosen.keySpan);
  }
  return result;
}

/** The repeated elements `<Day>SUN</Day><Day>MON</Day>` as one list, each item keeping its tag. */
function gather(ctx: Context, props: Property[]): ArrayNode {
  for (const p of props) ctx.itemKeys.set(p.value, p.keySpan);
  const first = props[0];
  const last = props[props.length - 1];
  return { type: 'array', span: { start: first.keySpan.start - 1, end: last.value.span.end }, items: props.map((p) => p.value) };
}

function duplicate(format: Format, key: string, count: number, span: Span, path: string): Finding {
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
  if ((types.includes('integer') || types.includes('number')) && /^[-+]?\d+$/.test(t)) return Number(t);
  if (types.includes('number') && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (types.includes('boolean') && (t === 'true' || t === 'false')) return t === 'true';
  if (types.includes('string')) return text;
  return text;
}

/** The request as the document wrote it: a single item stays single (as the API's own JSON samples send it). */
export function documentValue(bound: Bound): unknown {
  const walk = (value: unknown, pointer: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((v, i) => walk(v, `${pointer}/${i}`));
      return bound.single.has(pointer) && items.length === 1 ? items[0] : items;
    }
    if (value !== null && typeof value === 'object') {
      // fromEntries defines keys as data, so a key named __proto__ stays a key.
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`)]));
    }
    return value;
  };
  return walk(bound.value, '');
}
