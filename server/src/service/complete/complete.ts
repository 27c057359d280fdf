import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, InsertTextMode, MarkupKind, Position } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../../core/analyze';
import { documentValueAt } from '../../core/bind';
import { describeField, describeValue } from '../describe';
import { criterionFieldSchema, objectSchema, PathSegment, schemaAtPath } from '../../core/schema/navigate';
import { deref, itemSchema, propertySchema, requestSchema, requiredNames, SchemaAt, typesOf } from '../../core/schema/store';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../../core/model';
import { Format } from '../../core/tree';
import { RULE_REQUIRED_ON_CREATE } from '../../core/validation/rules/fields';
import { timeZoneNames } from '../../core/validation/timezones';
import { CursorContext, cursorContext } from './context';
import { INDENT_UNIT, isObject, Skeleton } from './skeleton';
import { snippetItems, SnippetPreference } from './snippetItems';

/** Completion of the keys (elements) and values the schema allows at the cursor. */
export function doComplete(document: TextDocument, position: Position, analysis: Analysis, withSnippets = true): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const format = analysis.format;
  const empty = text.trim() === '';
  const ctx = empty ? undefined : cursorContext(text, offset, format, analysis.parsed.root);
  const items: CompletionItem[] = [];
  const add = (more: CompletionItem[]): void => {
    for (const item of more) items.push(item);
  };
  if (withSnippets && (empty || (ctx && ctx.at === 'key' && ctx.path.length === 0))) {
    add(snippetItems(document, offset, format, 'request', ctx?.indent ?? '', undefined, '', undefined, snippetPreference(analysis)));
  }
  if (!ctx) return { isIncomplete: false, items };
  const range = { start: document.positionAt(ctx.replace.start), end: document.positionAt(ctx.replace.end) };
  const replaced = text.slice(ctx.replace.start, ctx.replace.end);
  const taken = offeredElsewhere(analysis, ctx.path);
  const at = ctx.path.length === 0 ? requestSchema(analysis.kind, analysis.schema) : schemaAtPath(analysis.kind, analysis.schema, ctx.path);

  const valueAt = at && ctx.at === 'value' ? objectSchema(at) : undefined;
  const wantsKeys = ctx.at === 'key' || (valueAt !== undefined && isObject(valueAt) && format !== 'json');
  if (wantsKeys) {
    if (ctx.at === 'key' && ctx.listItem && at && !isObject(at)) {
      add(valueItems(at, ctx, format, range, replaced, taken));
    } else {
      add(keyItems(analysis, ctx, at, format, range));
      if (withSnippets && isConnectorPath(ctx.path)) {
        const fragments = snippetItems(document, offset, format, 'connector-fields', ctx.indent, ctx.replace, format === 'json' && ctx.needsComma ? ',' : '', analysis.kind);
        add(fragments);
      }
    }
  } else if (at) {
    add(valueItems(criterionValueAt(analysis, ctx.path) ?? at, ctx, format, range, replaced, taken));
  }
  return { isIncomplete: false, items };
}

/** A filter criterion's `value` compares with the field it names: `disabled` takes true or false, `name` any text. */
function criterionValueAt(analysis: Analysis, path: PathSegment[]): SchemaAt | undefined {
  if (path[path.length - 1] !== 'value' || !path.includes('Criteria')) return undefined;
  const field = (valueAtPath(analysis, path.slice(0, -1)) as Record<string, unknown> | undefined)?.field;
  return typeof field === 'string' ? (criterionFieldSchema(analysis.kind, field) ?? { schema: { type: 'string' }, file: '' }) : undefined;
}

/** What the document holds at a path (plain values, as bound). */
function valueAtPath(analysis: Analysis, path: PathSegment[]): unknown {
  return analysis.bound ? documentValueAt(analysis.bound, path) : undefined;
}

/**
 * The kind and operation a file's name or record says (not the default kind). An empty file named
 * `*update*` is not inferred an update (its body decides), but its snippets may lead with one.
 */
function snippetPreference(analysis: Analysis): SnippetPreference {
  const t = analysis.target;
  const operation = t.operation ?? (/update/i.test(analysis.name.split(/[\\/]/).pop() ?? '') ? 'update' : undefined);
  return { ...(t.kindFrom === 'name' || t.kindFrom === 'record' ? { kind: t.kind } : {}), ...(operation ? { operation } : {}) };
}

function isConnectorPath(path: PathSegment[]): boolean {
  return path.length === 3 && path[0] === 'ServiceRequest' && path[1] === 'data' && Object.values(CONNECTOR_ELEMENTS).includes(String(path[2]));
}

type Range = { start: Position; end: Position };

function keyItems(analysis: Analysis, ctx: CursorContext, at: SchemaAt | undefined, format: Format, range: Range): CompletionItem[] {
  const kind = analysis.kind;
  const candidates: [string, SchemaAt][] = [];
  const obj = at && objectSchema(at);
  const last = ctx.path[ctx.path.length - 1];
  if (last === 'data' && ctx.path.length === 2) {
    // Either connector may start here; the schema of the document's kind alone would hide the other.
    for (const k of Object.keys(CONNECTOR_ELEMENTS) as ConnectorKind[]) {
      const s = schemaAtPath(k, analysis.schema === 'update' ? 'update' : 'create', ['ServiceRequest', 'data', CONNECTOR_ELEMENTS[k]]);
      if (s) candidates.push([CONNECTOR_ELEMENTS[k], s]);
    }
  } else if (ctx.path.length === 0) {
    candidates.push(['ServiceRequest', propertySchema(requestSchema(kind, 'update'), 'ServiceRequest') as SchemaAt]);
  } else {
    for (const key of Object.keys(obj?.schema.properties ?? {})) {
      const child = obj && propertySchema(obj, key);
      if (child) candidates.push([key, child]);
    }
  }
  const required = obj ? requiredNames(obj) : new Set<string>();
  if (analysis.schema === 'create' && ctx.path.length >= 3 && isConnectorPath(ctx.path.slice(0, 3))) {
    const below = ctx.path.slice(3).filter((p) => typeof p === 'string').join('.');
    for (const name of RULE_REQUIRED_ON_CREATE[kind]?.[below] ?? []) required.add(name);
  }
  const existing = new Set(ctx.existing);
  const valueOnNextLine = ctx.at === 'value';
  return candidates
    // Fields Qualys only reports (id, connectorState, lastSync…) are never offered: a request does not take them.
    .filter(([, child]) => child.schema.readOnly !== true)
    .filter(([key, child]) => !existing.has(key) || (format === 'xml' && typesOf(child).includes('array')))
    .map(([key, child], i) => {
      const skeleton = new Skeleton(format, true, kind, refusedBy(analysis));
      const indent = valueOnNextLine ? ctx.indent + INDENT_UNIT : ctx.indent;
      let newText = skeleton.property(key, child, indent);
      if (valueOnNextLine) newText = `\n${indent}${newText}`;
      if (format === 'json' && ctx.needsComma) newText += ',';
      const item: CompletionItem = {
        label: key,
        kind: isObject(child) ? CompletionItemKind.Module : CompletionItemKind.Property,
        ...(required.has(key) ? { detail: 'required', labelDetails: { description: 'required' } } : {}),
        documentation: { kind: MarkupKind.Markdown, value: describeField(key, child) },
        textEdit: { range, newText },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
        filterText: format === 'json' ? `"${key}"` : format === 'xml' && ctx.afterLt ? `<${key}` : key,
        sortText: `${required.has(key) ? '0' : '1'}${String(i).padStart(3, '0')}`,
      };
      return item;
    });
}

/** The filter operators the operation refuses: NOT EQUALS in an update, which Qualys refuses. */
function refusedBy(analysis: Analysis): ReadonlySet<string> {
  return new Set(analysis.schema === 'update' ? ['NOT EQUALS'] : []);
}

/**
 * Values not to offer at the cursor: the items a list already holds (ActivationModule: VM, PC), and
 * what the operation refuses (NOT EQUALS in an update's filters, which Qualys refuses).
 */
function offeredElsewhere(analysis: Analysis, path: PathSegment[]): Set<string> {
  const taken = new Set<string>();
  if (path.includes('filters') && path[path.length - 1] === 'operator') for (const v of refusedBy(analysis)) taken.add(v);
  // A list item's path ends with its index: the list is one step up.
  const node = valueAtPath(analysis, typeof path[path.length - 1] === 'number' ? path.slice(0, -1) : path);
  if (Array.isArray(node)) for (const item of node) if (typeof item === 'string') taken.add(item);
  return taken;
}

function valueItems(at: SchemaAt, ctx: CursorContext, format: Format, range: Range, replaced: string, taken: ReadonlySet<string>): CompletionItem[] {
  const field = String([...ctx.path].reverse().find((p) => typeof p === 'string') ?? '');
  const s = deref(at);
  const schema = (s.schema['x-oneOrMany'] || s.schema.items ? itemSchema(s) : s) ?? s;
  if (format === 'json' && isObject(schema)) {
    const skeleton = new Skeleton('json', true);
    return [
      {
        label: '{…}',
        kind: CompletionItemKind.Module,
        documentation: { kind: MarkupKind.Markdown, value: describeField(field, at) },
        textEdit: { range, newText: skeleton.jsonValue(schema, ctx.indent) },
        insertTextFormat: InsertTextFormat.Snippet,
        insertTextMode: InsertTextMode.asIs,
      },
    ];
  }
  const values: { value: string; doc?: string; quoted: boolean }[] = [];
  if (schema.schema.enum) {
    for (const v of schema.schema.enum) if (!taken.has(v) && !schema.schema['x-disputed']?.includes(v)) values.push({ value: v, doc: describeValue(field, v, schema), quoted: true });
  } else if (typesOf(schema).includes('boolean')) {
    values.push({ value: 'true', quoted: false }, { value: 'false', quoted: false });
  } else if (schema.schema['x-format'] === 'iana-timezone') {
    for (const z of timeZoneNames()) values.push({ value: z, quoted: true });
  } else if (schema.schema.examples) {
    for (const e of schema.schema.examples) values.push({ value: String(e), quoted: typeof e === 'string' });
  }
  // YAML: a value typed in quotes keeps them, and is filtered with its opening quote (VS Code filters
  // an item by the text its edit replaces, which starts at the quote).
  const yamlQuote = format === 'yaml' ? /^["']/.exec(replaced)?.[0] : undefined;
  return values.map(({ value, doc, quoted }, i) => {
    const json = format === 'json' && quoted;
    const newText = json ? JSON.stringify(value) : yamlQuote && quoted ? yamlQuoted(value, yamlQuote) : value;
    return {
      label: value,
      kind: CompletionItemKind.Value,
      documentation: { kind: MarkupKind.Markdown, value: doc ?? describeField(field, at) },
      textEdit: { range, newText },
      filterText: json ? `"${value}"` : yamlQuote ? `${yamlQuote}${value}` : value,
      sortText: String(i).padStart(4, '0'),
    };
  });
}

/** A YAML scalar in the quotes the user chose: double quotes escape as JSON does, single quotes double a quote. */
function yamlQuoted(value: string, quote: string): string {
  return quote === '"' ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
}
