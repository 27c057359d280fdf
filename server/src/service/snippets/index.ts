import { Format } from '../../core/tree';
import { DEFINITIONS, SnippetDefinition, SnippetKind, SnippetOperation } from './definitions';
import { renderBody } from './render';

export { DEFINITIONS } from './definitions';
export type { SnippetDefinition, SnippetKind, SnippetOperation } from './definitions';

export const SNIPPET_FORMATS: readonly Format[] = ['xml', 'json', 'yaml'];

export interface Snippet {
  name: string;
  prefix: string;
  description: string;
  /** VS Code snippet syntax. A fragment is at column 0, 2 spaces a level; a JSON fragment has no trailing comma. */
  body: string;
  /** 'request' for whole files, 'connector-fields' for fragments placed inside the connector element */
  scope: 'request' | 'connector-fields';
  kind?: SnippetKind;
  /** Every kind whose connector takes it. */
  kinds: readonly SnippetKind[];
  /** For a whole request: create or update. */
  operation?: SnippetOperation;
}

export type SnippetFile = Record<string, { prefix: string; description: string; body: string[] }>;

const cache = new Map<Format, Snippet[]>();

function render(def: SnippetDefinition, format: Format): Snippet {
  const { value, ...rest } = def;
  return { ...rest, body: renderBody(value, format, def.scope === 'request' ? 'request' : 'fields') };
}

/** Every snippet in a format, in a fixed order: whole requests first, then the fragments. */
export function snippetsFor(format: Format): Snippet[] {
  let list = cache.get(format);
  if (!list) {
    list = DEFINITIONS.map((d) => render(d, format));
    cache.set(format, list);
  }
  return list.map((s) => ({ ...s }));
}

/** The content of the VS Code snippet file `snippets/<format>.json`, keyed by snippet name. */
export function renderSnippetFile(format: Format): SnippetFile {
  const file: SnippetFile = {};
  for (const s of snippetsFor(format)) file[s.name] = { prefix: s.prefix, description: s.description, body: s.body.split('\n') };
  return file;
}

/** The text of `snippets/<format>.json` exactly as written to the repository. */
export function snippetFileText(format: Format): string {
  return JSON.stringify(renderSnippetFile(format), null, 2) + '\n';
}
