import common from '../../../schemas/common.schema.json';
import search from '../../../schemas/search.schema.json';
import awsConnector from '../../../schemas/aws-connector.schema.json';
import awsCreate from '../../../schemas/aws-create.schema.json';
import awsUpdate from '../../../schemas/aws-update.schema.json';
import azureConnector from '../../../schemas/azure-connector.schema.json';
import azureCreate from '../../../schemas/azure-create.schema.json';
import azureUpdate from '../../../schemas/azure-update.schema.json';
import gcpConnector from '../../../schemas/gcp-connector.schema.json';
import gcpCreate from '../../../schemas/gcp-create.schema.json';
import gcpUpdate from '../../../schemas/gcp-update.schema.json';
import ociConnector from '../../../schemas/oci-connector.schema.json';
import ociCreate from '../../../schemas/oci-create.schema.json';
import ociUpdate from '../../../schemas/oci-update.schema.json';

/**
 * The connector API as one table: every layer (analysis, the language service, send, the
 * emulator, the client and the CLI) reads the kinds and operations from here. A new connector
 * kind is its schemas and one row of KINDS.
 */

/** A schema file as imported: the store reads it as JsonSchema. */
type SchemaFile = { $id: string };

export interface KindRow {
  /** The short name used in files, settings and flags. */
  kind: string;
  /** The element under `ServiceRequest.data`. */
  element: string;
  /** The object noun of the URL: `/qps/rest/3.0/<operation>/am/<noun>`. */
  noun: string;
  label: string;
  schemas: { connector: SchemaFile; create: SchemaFile; update: SchemaFile };
}

export const KINDS = [
  { kind: 'aws', element: 'AwsAssetDataConnector', noun: 'awsassetdataconnector', label: 'AWS', schemas: { connector: awsConnector, create: awsCreate, update: awsUpdate } },
  { kind: 'azure', element: 'AzureAssetDataConnector', noun: 'azureassetdataconnector', label: 'Azure', schemas: { connector: azureConnector, create: azureCreate, update: azureUpdate } },
  { kind: 'gcp', element: 'GcpAssetDataConnector', noun: 'gcpassetdataconnector', label: 'GCP', schemas: { connector: gcpConnector, create: gcpCreate, update: gcpUpdate } },
  { kind: 'oci', element: 'OciAssetDataConnector', noun: 'ociassetdataconnector', label: 'OCI', schemas: { connector: ociConnector, create: ociCreate, update: ociUpdate } },
] as const satisfies readonly KindRow[];

export type ConnectorKind = (typeof KINDS)[number]['kind'];

export interface OperationRow {
  name: string;
  method: 'GET' | 'POST';
  /** Whether the URL names one connector: never, optionally (else the body's filters select), or always. */
  id: 'none' | 'optional' | 'required';
  /** Whether the request file is sent: always, only when no id is given (filters select), or never. */
  body: 'always' | 'without-id' | 'never';
  /** What it does to connectors: nothing, makes one, or acts on existing ones (asked before on a real platform). */
  effect: 'reads' | 'creates' | 'acts';
  /** The schema a body sent with it is checked against. */
  schema?: 'create' | 'update' | 'search';
  /** For pickers: what the operation does to the file and the connector. */
  description: string;
}

/** In the order the API documentation lists them. */
export const OPERATIONS = [
  { name: 'create', method: 'POST', id: 'none', body: 'always', effect: 'creates', schema: 'create', description: 'Create a new connector from this file' },
  { name: 'update', method: 'POST', id: 'optional', body: 'always', effect: 'acts', schema: 'update', description: 'Change a connector, or those matching the filters, with the fields in this file' },
  { name: 'search', method: 'POST', id: 'none', body: 'always', effect: 'reads', schema: 'search', description: 'Find the connectors matching the filters in this file' },
  { name: 'get', method: 'GET', id: 'required', body: 'never', effect: 'reads', description: 'Read one connector; the file is not sent' },
  { name: 'delete', method: 'POST', id: 'optional', body: 'without-id', effect: 'acts', description: 'Delete one connector (the file is not sent), or those matching the filters in this file' },
  { name: 'run', method: 'POST', id: 'required', body: 'never', effect: 'acts', description: 'Start a run of one connector now; the file is not sent' },
] as const satisfies readonly OperationRow[];

export type Operation = (typeof OPERATIONS)[number]['name'];
/** What a request body is checked as: the schema operations. */
export type BodySchema = 'create' | 'update' | 'search';

export const OPERATION_NAMES: readonly Operation[] = OPERATIONS.map((o) => o.name);
export const KIND_NAMES: readonly ConnectorKind[] = KINDS.map((k) => k.kind);

const byName = new Map<string, OperationRow>(OPERATIONS.map((o) => [o.name, o]));
const byKind = new Map<string, KindRow>(KINDS.map((k) => [k.kind, k]));
const byElement = new Map<string, KindRow>(KINDS.map((k) => [k.element, k]));
const byNoun = new Map<string, KindRow>(KINDS.map((k) => [k.noun, k]));

export function isOperation(s: unknown): s is Operation {
  return typeof s === 'string' && byName.has(s);
}

export function isKind(s: unknown): s is ConnectorKind {
  return typeof s === 'string' && byKind.has(s);
}

export function operationRow(name: Operation): OperationRow {
  return byName.get(name) as OperationRow;
}

export function kindRow(kind: ConnectorKind): KindRow {
  return byKind.get(kind) as KindRow;
}

export function kindOfElement(element: string): ConnectorKind | undefined {
  return byElement.get(element)?.kind as ConnectorKind | undefined;
}

export function kindOfNoun(noun: string): ConnectorKind | undefined {
  return byNoun.get(noun)?.kind as ConnectorKind | undefined;
}

/** The element name of each kind, for code that maps kinds to elements. */
export const CONNECTOR_ELEMENTS = Object.fromEntries(KINDS.map((k) => [k.kind, k.element])) as Record<ConnectorKind, string>;

/** Every schema file, each kind's and the shared ones. */
export const SCHEMA_FILES: readonly SchemaFile[] = [common, search, ...KINDS.flatMap((k) => [k.schemas.connector, k.schemas.create, k.schemas.update])];

export const SEARCH_SCHEMA: SchemaFile = search;

/** Whether an operation addresses one connector by id (an update without id goes by filter). */
export function needsId(op: Operation, byFilter: boolean): boolean {
  const row = operationRow(op);
  return row.id === 'required' || (row.id === 'optional' && !byFilter);
}

/** Whether an id may be given at all. */
export function takesId(op: Operation): boolean {
  return operationRow(op).id !== 'none';
}

/** Whether the request file goes as the body. */
export function sendsBody(op: Operation): boolean {
  return operationRow(op).body !== 'never';
}

/**
 * A connector id as Qualys takes it: a positive whole number that JavaScript holds exactly.
 * `1e21`, `0x10`, `9007199254740993` and `"12"` in JSON are not ids.
 */
export function isConnectorId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/** A connector id typed by a person or a flag: digits only, then the same check. */
export function parseConnectorId(text: string): number | undefined {
  const t = text.trim();
  if (!/^[1-9][0-9]*$/.test(t)) return undefined;
  const n = Number(t);
  return isConnectorId(n) ? n : undefined;
}

/** Names of the request fields the schemas mark `x-secret`; `SECRET_FIELDS` (secretFields.ts) adds credentials whatever they belong to. */
export const SCHEMA_SECRET_FIELDS: ReadonlySet<string> = collectSecretFields(SCHEMA_FILES);

function collectSecretFields(files: readonly unknown[]): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 64) return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, depth + 1);
      return;
    }
    const props = (node as { properties?: Record<string, unknown> }).properties;
    if (props && typeof props === 'object') {
      for (const [key, schema] of Object.entries(props)) if ((schema as { 'x-secret'?: boolean })?.['x-secret'] === true) found.add(key);
    }
    for (const v of Object.values(node)) walk(v, depth + 1);
  };
  for (const f of files) walk(f, 0);
  return found;
}
