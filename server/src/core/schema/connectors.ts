import { KINDS, kindRow } from '../model';
import { connectorSchema, deref, itemSchema, JsonSchema, propertySchema, SchemaAt } from './store';
import { ConnectorKind } from '../model';

/**
 * What each kind's connector schema holds, read from the schemas so that a new kind needs no
 * list here: its fields, and where a field of one kind lives, to say so when it turns up in another.
 */

/** The connector's own fields (its direct members). */
export function connectorFields(kind: ConnectorKind): ReadonlySet<string> {
  return new Set(Object.keys(connectorSchema(kind).schema.properties ?? {}));
}

/** The x-format a kind's `ConnectorAppInfo.identifier` takes (`x-identifierFormat` on the connector). */
export function identifierFormat(kind: ConnectorKind): string | undefined {
  return connectorSchema(kind).schema['x-identifierFormat'];
}

/** Where a field name occurs in one kind's connector: `arn`, `authRecord.projectId`. */
export interface FieldHome {
  kind: ConnectorKind;
  path: string;
}

/** Every field name anywhere under each kind's connector, with the dotted paths it has there. */
const NAMES: ReadonlyMap<ConnectorKind, ReadonlyMap<string, string[]>> = new Map(KINDS.map((k) => [k.kind, namesUnder(connectorSchema(k.kind))]));

function namesUnder(root: SchemaAt): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const seen = new Set<JsonSchema>();
  const walk = (at: SchemaAt, path: string): void => {
    const s = deref(at);
    if (seen.has(s.schema)) return; // shared definitions are walked once
    seen.add(s.schema);
    const item = itemSchema(s);
    if (item) return walk(item, path);
    for (const key of Object.keys(s.schema.properties ?? {})) {
      const child = `${path}${path ? '.' : ''}${key}`;
      names.set(key, [...(names.get(key) ?? []), child]);
      walk(propertySchema(s, key)!, child);
    }
  };
  walk(root, '');
  return names;
}

/**
 * The other kinds whose connectors have a field of this name, when this kind's connector has it
 * nowhere: `projectId` under AWS is GCP's `authRecord.projectId`. Empty for a plain unknown field.
 */
export function homesElsewhere(kind: ConnectorKind, key: string): FieldHome[] {
  if (NAMES.get(kind)?.has(key)) return [];
  return KINDS.flatMap((k) => (NAMES.get(k.kind)?.get(key) ?? []).slice(0, 1).map((path) => ({ kind: k.kind as ConnectorKind, path })));
}

/** "AWS connectors", "Azure connectors, at authRecord.applicationId", "AWS and Azure connectors": for messages. */
export function describeHomes(homes: readonly FieldHome[]): string {
  const list = (parts: string[]): string => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
  const paths = new Set(homes.map((h) => h.path));
  if (paths.size === 1) {
    const [path] = paths;
    return `${list(homes.map((h) => kindRow(h.kind).label))} connectors${path.includes('.') ? `, at ${path}` : ''}`;
  }
  return `${list(homes.map((h) => `${kindRow(h.kind).label} connectors (${h.path})`))}`;
}
