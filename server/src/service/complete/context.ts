import { getLocation, Node as JsonNode, findNodeAtLocation, parseTree } from 'jsonc-parser';
import { PathSegment } from '../../core/schema/navigate';
import { indentOf, lineStartOf, previousLineStart } from '../lines';
import { Format, ObjectNode, SourceNode, Span } from '../../core/tree';

/** Where the cursor stands in a request, whatever the format. */
export interface CursorContext {
  /** Keys (and list indexes) from the root to the object whose key is typed, or to the key whose value is typed. */
  path: PathSegment[];
  at: 'key' | 'value';
  /** The text a completion replaces (the partial word, with its quotes in JSON, with `<` in XML). */
  replace: Span;
  /** Keys already present in the object, not to be offered again. */
  existing: string[];
  /** Leading whitespace of the cursor's line: inserted lines after the first are indented by it. */
  indent: string;
  /** JSON: a comma must follow the inserted property. */
  needsComma?: boolean;
  /** JSON: the value is inside an array (`["VM", |]`). */
  inArray?: boolean;
  /** XML: the user typed `<` and perhaps part of a name. */
  afterLt?: boolean;
  /** YAML: the line starts a list item (`- `): a key of an item object, or a scalar item. */
  listItem?: boolean;
}

/** `tree`: the document's parse (the analysis has it), so that JSON need not be parsed again to list an object's keys. */
export function cursorContext(text: string, offset: number, format: Format, tree?: SourceNode): CursorContext | undefined {
  switch (format) {
    case 'json':
      try {
        return jsonContext(text, offset, tree);
      } catch (e) {
        // jsonc-parser recurses per nesting level; thousands of levels are no request to complete in.
        if (e instanceof RangeError) return undefined;
        throw e;
      }
    case 'yaml':
      return yamlContext(text, offset);
    case 'xml':
      return xmlContext(text, offset);
  }
}

function wordAround(text: string, offset: number, word: RegExp): Span {
  let start = offset;
  let end = offset;
  while (start > 0 && word.test(text[start - 1])) start--;
  while (end < text.length && word.test(text[end])) end++;
  return { start, end };
}

function jsonContext(text: string, offset: number, tree: SourceNode | undefined): CursorContext | undefined {
  const location = getLocation(text, offset);
  const node = location.previousNode;
  const inString = node && node.type === 'string' && offset > node.offset && offset < node.offset + node.length;
  const replace = inString && node ? { start: node.offset, end: node.offset + node.length } : wordAround(text, offset, /[\w"-]/);
  const path = location.path;
  const indent = indentOf(text, offset, offset);
  if (location.isAtPropertyKey) {
    const parentPath = path.slice(0, -1);
    const existing = tree ? keysAround(tree, offset, text.length) : keysAt(text, parentPath);
    const after = text.slice(replace.end).match(/^\s*(\S)/)?.[1];
    return { path: parentPath, at: 'key', replace, existing, indent, needsComma: after === '"' || after === '{' };
  }
  const inArray = typeof path[path.length - 1] === 'number';
  return { path, at: 'value', replace, existing: [], indent, inArray };
}

/** The keys of the innermost object of the parsed tree that holds the offset (a value cut off by the end of the text holds it too). */
function keysAround(tree: SourceNode, offset: number, length: number): string[] {
  const holds = (n: SourceNode): boolean => n.span.start <= offset && (offset < n.span.end || n.span.end === length);
  // Past the root's end, the root's keys, as jsonc-parser places the cursor there.
  let object: ObjectNode | undefined = tree.type === 'object' ? tree : undefined;
  let node: SourceNode | undefined = tree;
  while (node && holds(node)) {
    if (node.type === 'object') object = node;
    node = node.type === 'object' ? node.properties.find((p) => holds(p.value))?.value : node.type === 'array' ? node.items.find(holds) : undefined;
  }
  return object ? object.properties.map((p) => p.key) : [];
}

/** The keys of the object at a path, parsing the text: for a document with no parse at hand. */
function keysAt(text: string, path: PathSegment[]): string[] {
  const root = parseTree(text);
  const parent: JsonNode | undefined = root ? (path.length ? findNodeAtLocation(root, path) : root) : undefined;
  return parent?.type === 'object' ? (parent.children ?? []).map((p) => String(p.children?.[0]?.value ?? '')) : [];
}

/** Block YAML by indentation: the cursor line's key or value, and the keys of the lines it nests under. */
function yamlContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = lineStartOf(text, offset);
  const before = text.slice(lineStart, offset);
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl === -1 ? text.length : nl;
  const m = /^(\s*)(-\s+)?(?:([\w.-]+)(:\s*)?)?(.*)$/.exec(before);
  if (!m) return undefined;
  const [, lead, dash, key, colon, rest] = m;
  const dashColumn = lead.length;
  const keyColumn = dashColumn + (dash?.length ?? 0);
  // The list item the cursor line opens, if it starts with `- `.
  const container: PathSegment[] = dash ? [...yamlParents(text, lineStart, dashColumn, true), 0] : yamlParents(text, lineStart, keyColumn, false);
  const indent = ' '.repeat(keyColumn);
  if (key !== undefined && colon !== undefined) {
    // `key: |` or `key: val|`: the value of key.
    return { path: [...container, key], at: 'value', replace: { start: offset - rest.length, end: lineEnd }, existing: [], indent };
  }
  if (rest.trim() !== '' && key === undefined) {
    // `- "quoted` or other text that is not a key: a list item's value.
    return dash ? { path: container, at: 'value', replace: { start: offset - rest.length, end: lineEnd }, existing: [], indent } : undefined;
  }
  // A key being typed (or nothing yet): keys of the containing object. A bare `- ` may also be a scalar list item: completion decides by the schema.
  const replace = wordAround(text, offset, /[\w.-]/);
  const existing = dash ? [] : yamlSiblings(text, lineStart, keyColumn);
  return { path: container, at: 'key', replace, existing, indent, listItem: dash !== undefined };
}

interface YamlLine {
  column: number;
  key?: string;
  dash: boolean;
  /** Column of the key when the line is `- key: ...`. */
  keyColumn: number;
  /** The line is `key:` with nothing after it: its value is the block below. */
  opensBlock: boolean;
}

function parseYamlLine(text: string, start: number): YamlLine | undefined {
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end === -1 ? text.length : end);
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  const m = /^(\s*)(-\s+)?(?:([\w.-]+|"[^"]*"|'[^']*')\s*:(?=\s|$))?(.*)$/.exec(line);
  if (!m) return undefined;
  const column = m[1].length;
  const key = m[3]?.replace(/^["']|["']$/g, '');
  return { column, key, dash: m[2] !== undefined, keyColumn: column + (m[2]?.length ?? 0), opensBlock: key !== undefined && /^\s*(#.*)?$/.test(m[4]) };
}

/**
 * Keys of the lines above that a line at `column` nests under, outermost first (list items as 0).
 * `afterDash`: the line is a list item, which may sit at its parent key's own column.
 */
function yamlParents(text: string, lineStart: number, column: number, afterDash: boolean): PathSegment[] {
  const path: PathSegment[] = [];
  let limit = column;
  let dashSeen = afterDash;
  let pos = lineStart;
  for (;;) {
    pos = previousLineStart(text, pos);
    if (pos < 0) break;
    const line = parseYamlLine(text, pos);
    if (!line) continue;
    if (line.dash && line.column < limit) {
      // `- key: ...` above: the cursor is inside that list item, under `key` when deeper than it.
      if (line.key && line.keyColumn < limit) path.unshift(line.key);
      path.unshift(0);
      limit = line.column;
      dashSeen = true;
    } else if (!line.dash && line.key && (line.column < limit || (dashSeen && line.column === limit && line.opensBlock))) {
      path.unshift(line.key);
      limit = line.column;
      dashSeen = false;
    }
    if (limit === 0 && !dashSeen) break;
  }
  return path;
}

/** Keys at the same column as the cursor line in the same block. */
function yamlSiblings(text: string, lineStart: number, column: number): string[] {
  const keys: string[] = [];
  for (const dir of [-1, 1]) {
    let pos = lineStart;
    for (;;) {
      if (dir < 0) {
        pos = previousLineStart(text, pos);
        if (pos < 0) break;
      } else {
        const nl = text.indexOf('\n', pos);
        if (nl === -1) break;
        pos = nl + 1;
      }
      const line = parseYamlLine(text, pos);
      if (!line) continue;
      if (line.keyColumn === column && line.key) {
        keys.push(line.key);
        if (line.dash) break;
      } else if (line.keyColumn < column) break;
    }
  }
  return keys;
}

const XML_TOKEN = /<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\/([\w:.-]+)\s*>|<([\w:.-]+)(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>/g;

/** XML: the open elements before the cursor, and whether the cursor is at a tag name or in text. */
function xmlContext(text: string, offset: number): CursorContext | undefined {
  const before = text.slice(0, offset);
  const stack: { name: string; children: string[] }[] = [];
  let lastEnd = 0;
  XML_TOKEN.lastIndex = 0;
  for (let m = XML_TOKEN.exec(before); m; m = XML_TOKEN.exec(before)) {
    lastEnd = m.index + m[0].length;
    if (m[1]) {
      // The innermost open element of that name (no array per closing tag: a large request has tens of thousands).
      let at = stack.length - 1;
      while (at >= 0 && stack[at].name !== m[1]) at--;
      if (at >= 0) stack.length = at;
      stack[stack.length - 1]?.children.push(m[1]);
    } else if (m[2]) {
      if (m[3] === '/') stack[stack.length - 1]?.children.push(m[2]);
      else stack.push({ name: m[2], children: [] });
    }
  }
  const tail = before.slice(lastEnd);
  const indent = indentOf(text, offset, offset);
  const path = stack.map((s) => s.name);
  const existing = stack[stack.length - 1]?.children ?? [];
  const open = /<([\w:.-]*)$/.exec(tail);
  if (open) {
    const start = offset - open[0].length;
    let end = offset;
    while (end < text.length && /[\w:.-]/.test(text[end])) end++;
    if (text[end] === '>') end++;
    return { path, at: 'key', replace: { start, end }, existing, indent, afterLt: true };
  }
  if (tail.includes('<')) return undefined; // inside a tag's attributes, a comment or a closing tag
  const textEnd = text.indexOf('<', offset) === -1 ? text.length : text.indexOf('<', offset);
  const trimmedTail = tail.replace(/^\s+/, '');
  const valueStart = offset - trimmedTail.length;
  const nextIsClose = text.startsWith(`</${path[path.length - 1] ?? ''}`, textEnd);
  if (nextIsClose && (trimmedTail.length > 0 || !/\n/.test(tail))) {
    return { path, at: 'value', replace: { start: valueStart, end: trimEnd(text, offset, textEnd) }, existing: [], indent };
  }
  return { path, at: 'key', replace: wordAround(text, offset, /[\w:.-]/), existing, indent };
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(text[end - 1])) end--;
  return end;
}
