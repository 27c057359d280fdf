import { formatOfName } from '../format';
import { parse } from '../parse';
import { SourceNode, Span } from '../tree';

/**
 * A fleet file, `NAME.qualys-fleet.yaml` (or `.yml`, `.json`): one template request, created once
 * for each selected entry of a cloud's inventory and kept in step with it.
 */
export const FLEET_NAME = /\.qualys-fleet\.(json|ya?ml)$/i;

/** Most fleet files looked at beside a template (the first by name): a folder holds a handful; a hostile one may hold thousands. */
export const MAX_FLEETS_BESIDE = 20;

export const ON_REMOVED = ['keep', 'disable', 'delete'] as const;
export type OnRemoved = (typeof ON_REMOVED)[number];

export interface FleetSpec {
  /** Relative to the fleet file's folder, as written. */
  template: string;
  inventory: string;
  key?: string;
  /** Field → the values it may have (one written alone is a list of one). */
  where: Map<string, string[]>;
  onRemoved: OnRemoved;
  /** Where each field's value is, for findings about it (the template's, the inventory's). */
  spans: Partial<Record<FleetField, Span>>;
}

const FIELDS = ['template', 'inventory', 'key', 'where', 'onRemoved'] as const;
type FleetField = (typeof FIELDS)[number];

export interface FleetProblem {
  span: Span;
  message: string;
}

export type FleetParse = { spec: FleetSpec; problems: [] } | { spec?: undefined; problems: FleetProblem[] };

const EXAMPLE = 'template: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }';

/** Reads a fleet file's text: every mistake is a problem on its key or value. */
export function parseFleet(text: string, fileName: string): FleetParse {
  const parsed = parse(text, formatOfName(fileName) === 'json' ? 'json' : 'yaml');
  const problems: FleetProblem[] = parsed.problems.map((p) => ({ span: p.span, message: p.message }));
  if (problems.length > 0) return { problems };
  const root = parsed.root;
  if (root?.type !== 'object') return { problems: [{ span: root?.span ?? { start: 0, end: 0 }, message: `A fleet file is an object such as:\n${EXAMPLE}` }] };
  const values = new Map<FleetField, SourceNode>();
  const spans: FleetSpec['spans'] = {};
  for (const p of root.properties) {
    const field = FIELDS.find((f) => f === p.key);
    if (!field) problems.push({ span: p.keySpan, message: `Unknown field "${p.key.slice(0, 60)}" in a fleet file; expected ${FIELDS.join(', ')}.` });
    else if (values.has(field)) problems.push({ span: p.keySpan, message: `"${field}" is written twice: only one may be given.` });
    else {
      values.set(field, p.value);
      spans[field] = p.value.span;
    }
  }
  const text_ = (field: FleetField, required: boolean): string | undefined => {
    const node = values.get(field);
    if (!node) {
      if (required) problems.push({ span: root.span, message: `A fleet file needs "${field}": ${field === 'template' ? 'the create request file made for each account' : 'the file of accounts, as the cloud\'s CLI prints it'}, relative to the fleet file.` });
      return undefined;
    }
    if (node.type !== 'scalar' || typeof node.value !== 'string' || node.value.trim() === '') {
      problems.push({ span: node.span, message: `"${field}" must be a non-empty text.` });
      return undefined;
    }
    return node.value;
  };
  const template = text_('template', true);
  const inventory = text_('inventory', true);
  const key = text_('key', false);
  for (const [field, path] of [['template', template], ['inventory', inventory]] as const) {
    if (path !== undefined && (path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path) || path.includes('\\') || path.includes('\0'))) {
      problems.push({ span: values.get(field)?.span as Span, message: `"${field}" must be a path relative to the fleet file, with /, inside the workspace; got ${JSON.stringify(path.slice(0, 80))}.` });
    }
  }
  const where = whereOf(values.get('where'), problems);
  const onRemoved = onRemovedOf(values.get('onRemoved'), problems);
  if (problems.length > 0 || template === undefined || inventory === undefined) return { problems };
  return { spec: { template, inventory, ...(key !== undefined ? { key } : {}), where, onRemoved, spans }, problems: [] };
}

function whereOf(node: SourceNode | undefined, problems: FleetProblem[]): Map<string, string[]> {
  const where = new Map<string, string[]>();
  if (!node) return where;
  if (node.type !== 'object') {
    problems.push({ span: node.span, message: '"where" must be an object of field: value (a list of values means any of them), such as { Status: ACTIVE }.' });
    return where;
  }
  for (const p of node.properties) {
    const items = p.value.type === 'array' ? p.value.items : [p.value];
    const allowed: string[] = [];
    for (const item of items) {
      if (item.type !== 'scalar' || item.value === null) problems.push({ span: item.span, message: `"where.${p.key.slice(0, 60)}" takes a value or a list of values (text, number or boolean).` });
      else allowed.push(String(item.value));
    }
    if (p.value.type === 'array' && items.length === 0) problems.push({ span: p.value.span, message: `"where.${p.key.slice(0, 60)}" is an empty list: it would select no entry.` });
    where.set(p.key, allowed);
  }
  return where;
}

function onRemovedOf(node: SourceNode | undefined, problems: FleetProblem[]): OnRemoved {
  if (!node) return 'disable';
  const v = node.type === 'scalar' ? node.value : undefined;
  const found = ON_REMOVED.find((o) => o === v);
  if (found) return found;
  problems.push({ span: node.span, message: `"onRemoved" is ${JSON.stringify(v ?? node.type).slice(0, 60)}; expected keep, disable (the default: the connector stays, disabled) or delete.` });
  return 'disable';
}
