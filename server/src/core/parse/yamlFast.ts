import { ArrayNode, MAX_DEPTH, ObjectNode, ParseResult, Property, SourceNode, Span } from '../tree';

/**
 * A fast parser for the block YAML that requests are written in: mappings, sequences, plain and
 * quoted one-line scalars, comments, `{}` and `[]`. It builds the shared tree straight from the
 * lines, several times faster than the general YAML library. Anything outside that subset (anchors,
 * tags, block or multi-line scalars, flow collections with content, several documents, syntax
 * errors) makes it return undefined, and the general parser takes the file: so both always agree.
 */
export function parseYamlFast(text: string): ParseResult | undefined {
  const read = readYamlFast(text);
  return 'stoppedAt' in read ? undefined : read;
}

/** The fast parse, or where (the offset of the line) the text left the subset it reads. */
export function readYamlFast(text: string): ParseResult | { stoppedAt: number } {
  const p = new Parser(text);
  try {
    const root = p.document();
    return root === FAIL ? { stoppedAt: p.offset() } : { format: 'yaml', root, problems: [] };
  } catch (e) {
    if (e instanceof RangeError) return { stoppedAt: p.offset() };
    throw e;
  }
}

const FAIL = Symbol('not in the subset');
type Result<T> = T | typeof FAIL;

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its last character, before the line break. */
  end: number;
  /** Offset just past the line break (the next line's start). */
  next: number;
  indent: number;
  /** Offset where the content starts (after the indentation); `end` for a blank line. */
  content: number;
  /** Offset where the content ends, before a trailing comment and spaces. */
  contentEnd: number;
}

const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const EXOTIC_NUMBER = /^[-+]?(?:0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;

class Parser {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      let nl = text.indexOf('\n', start);
      if (nl === -1) nl = text.length;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let c = start;
      while (c < end && text.charCodeAt(c) === 32) c++;
      this.lines.push({ start, end, next: nl + 1, indent: c - start, content: c, contentEnd: end });
      if (nl >= text.length) break;
      start = nl + 1;
    }
  }

  /** Where the parser stands: the start of the current line's content. */
  offset(): number {
    const l = this.lines[Math.min(this.i, this.lines.length - 1)];
    return l ? l.content : 0;
  }

  document(): Result<SourceNode | undefined> {
    // A carriage return that ends no line is left to the library.
    if (/\r(?!\n)/.test(this.text)) return FAIL;
    this.skipBlank();
    if (this.i < this.lines.length && this.at('---')) {
      const l = this.lines[this.i];
      if (l.content + 3 !== l.end && !/^---\s*(#.*)?$/.test(this.text.slice(l.content, l.end))) return FAIL;
      this.i++;
      this.skipBlank();
    }
    if (this.i >= this.lines.length) return undefined;
    const first = this.lines[this.i];
    if (first.indent !== 0) return FAIL;
    const root = this.block(0, 0);
    if (root === FAIL) return FAIL;
    this.skipBlank();
    return this.i < this.lines.length ? FAIL : root;
  }

  private at(prefix: string): boolean {
    const l = this.lines[this.i];
    return this.text.startsWith(prefix, l.content);
  }

  /** Skips blank and comment-only lines; refuses tabs and characters this parser does not read. */
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      const ch = this.text[l.content];
      if (l.content < l.end && ch !== '#') break;
      this.i++;
    }
  }

  /** A mapping or a sequence whose entries start at column `indent`. */
  private block(indent: number, depth: number): Result<ObjectNode | ArrayNode> {
    const l = this.lines[this.i];
    const c = this.text[l.content];
    if (c === '-' && this.isDash(l.content)) return this.sequence(indent, depth);
    return this.mapping(indent, l.content, depth);
  }

  private isDash(at: number): boolean {
    const next = this.text[at + 1];
    return next === ' ' || at + 1 >= this.lines[this.i].end;
  }

  /** Entries at column `indent`; the first may start mid-line (`- key: value`), at `firstAt`. */
  private mapping(indent: number, firstAt: number, depth: number): Result<ObjectNode> {
    if (tooDeepFor(depth)) return FAIL;
    const properties: Property[] = [];
    let pos = firstAt;
    const start = firstAt;
    let end = firstAt;
    for (;;) {
      const l = this.lines[this.i];
      const key = this.key(pos, l.end);
      if (key === FAIL) return FAIL;
      const afterColon = key.colon + 1;
      const rest = this.restOfLine(afterColon, l.end);
      if (rest === FAIL) return FAIL;
      let value: SourceNode;
      if (rest.empty) {
        // A key's list may stand at the key's own column.
        const v = this.valueBelow(indent, depth, rest.start, true);
        if (v === FAIL) return FAIL;
        value = v;
      } else {
        const v = this.inlineValue(rest.start, rest.end, depth + 1);
        if (v === FAIL) return FAIL;
        value = v;
        this.i++;
        this.skipBlank();
      }
      properties.push({ key: key.name, keySpan: key.span, value });
      end = this.endOf(value);
      const next = this.lines[this.i];
      if (!next || next.indent !== indent) {
        if (next && next.indent > indent) return FAIL;
        break;
      }
      if (this.text[next.content] === '-' && this.isDash(next.content)) break;
      pos = next.content;
    }
    return { type: 'object', span: { start, end }, properties };
  }

  private sequence(indent: number, depth: number): Result<ArrayNode> {
    if (tooDeepFor(depth)) return FAIL;
    const items: SourceNode[] = [];
    const start = this.lines[this.i].content;
    let end = start;
    for (;;) {
      const l = this.lines[this.i];
      const dash = l.content;
      let after = dash + 1;
      while (after < l.end && this.text.charCodeAt(after) === 32) after++;
      let item: SourceNode;
      const rest = this.restOfLine(after, l.end);
      if (rest === FAIL) return FAIL;
      if (rest.empty) {
        const v = this.valueBelow(indent, depth, rest.start, false);
        if (v === FAIL) return FAIL;
        item = v;
      } else if (this.looksLikeKey(after, l.end)) {
        const v = this.mapping(after - l.start, after, depth + 1);
        if (v === FAIL) return FAIL;
        item = v;
      } else {
        if (this.text[after] === '-' && this.isDash(after)) return FAIL;
        const v = this.inlineValue(rest.start, rest.end, depth + 1);
        if (v === FAIL) return FAIL;
        item = v;
        this.i++;
        this.skipBlank();
      }
      items.push(item);
      end = this.endOf(item);
      const next = this.lines[this.i];
      if (!next || next.indent !== indent || !(this.text[next.content] === '-' && this.isDash(next.content))) {
        if (next && next.indent > indent) return FAIL;
        break;
      }
    }
    return { type: 'array', span: { start, end }, items };
  }

  /**
   * The value of a key or list item that ends its line: the block on the lines below it when they
   * are more indented (or, for a key, a list at its own column), else null where the line's next
   * token stands.
   */
  private valueBelow(indent: number, depth: number, nullAt: number, listAtSameColumn: boolean): Result<SourceNode> {
    this.i++;
    this.skipBlank();
    const next = this.lines[this.i];
    if (next && next.indent > indent) return this.block(next.indent, depth + 1);
    if (listAtSameColumn && next && next.indent === indent && this.text[next.content] === '-' && this.isDash(next.content)) return this.sequence(indent, depth + 1);
    return { type: 'scalar', span: { start: nullAt, end: nullAt }, value: null };
  }

  /** Where a collection ends: after the line break of the line its last value ends on. */
  private endOf(value: SourceNode): number {
    if (value.type !== 'scalar') return value.span.end;
    const nl = this.text.indexOf('\n', value.span.end);
    return nl === -1 ? this.text.length : nl + 1;
  }

  private looksLikeKey(at: number, end: number): boolean {
    const k = this.key(at, end);
    return k !== FAIL;
  }

  /** `name:` (plain or quoted) followed by a space or the end of the line. */
  private key(at: number, end: number): Result<{ name: string; span: Span; colon: number }> {
    const t = this.text;
    const q = t[at];
    if (q === '"' || q === "'") {
      const close = t.indexOf(q, at + 1);
      if (close === -1 || close >= end) return FAIL;
      const raw = t.slice(at + 1, close);
      if (raw.includes('\\') || raw.includes("'")) return FAIL;
      if (t[close + 1] !== ':' || !(close + 2 >= end || t[close + 2] === ' ')) return FAIL;
      return { name: raw, span: { start: at, end: close + 1 }, colon: close + 1 };
    }
    let colon = at;
    while (colon < end && t[colon] !== ':') colon++;
    if (colon >= end || !(colon + 1 >= end || t[colon + 1] === ' ')) return FAIL;
    const name = t.slice(at, colon);
    if (!PLAIN_KEY.test(name)) return FAIL;
    return { name, span: { start: at, end: colon }, colon };
  }

  /** What follows on the line: nothing (a comment at most), or a value between start and end. */
  private restOfLine(at: number, lineEnd: number): Result<{ empty: true; start: number } | { empty: false; start: number; end: number }> {
    const t = this.text;
    let s = at;
    while (s < lineEnd && t.charCodeAt(s) === 32) s++;
    // An empty value stands where the next token (a comment, the line break) does, as the library has it.
    if (s >= lineEnd || t[s] === '#') return { empty: true, start: s };
    if (t.charCodeAt(s) === 9) return FAIL;
    return { empty: false, start: s, end: lineEnd };
  }

  /** A one-line scalar, `{}` or `[]`, from `start` to the end of its line (less a comment), at `depth`. */
  private inlineValue(start: number, lineEnd: number, depth: number): Result<SourceNode> {
    const t = this.text;
    const c = t[start];
    if (c === '"' || c === "'") {
      const q = this.quoted(start, lineEnd);
      if (q === FAIL) return FAIL;
      if (!this.onlyComment(q.end, lineEnd)) return FAIL;
      return { type: 'scalar', span: { start, end: q.end }, value: q.value };
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let e = start + 1;
      while (e < lineEnd && t.charCodeAt(e) === 32) e++;
      if (t[e] === close) {
        if (!this.onlyComment(e + 1, lineEnd)) return FAIL;
        const span = { start, end: e + 1 };
        return c === '{' ? { type: 'object', span, properties: [] } : { type: 'array', span, items: [] };
      }
      return c === '[' && !tooDeepFor(depth) ? this.flowList(start, lineEnd) : FAIL;
    }
    if ('-?:,]}#&*!|>%@`'.includes(c) && !(c === '-' && /[0-9.]/.test(t[start + 1] ?? ''))) return FAIL;
    let e = start;
    // A plain scalar ends before ` #` (a comment); `: ` inside would make it a mapping.
    while (e < lineEnd) {
      const ch = t[e];
      if (ch === '#' && t[e - 1] === ' ') break;
      if (ch === ':' && (e + 1 >= lineEnd || t[e + 1] === ' ')) return FAIL;
      if (ch === '\t') return FAIL;
      e++;
    }
    while (e > start && t.charCodeAt(e - 1) === 32) e--;
    // A line more indented than its block after this would continue the scalar: the callers refuse it.
    const raw = t.slice(start, e);
    return { type: 'scalar', span: { start, end: e }, value: typed(raw) };
  }

  /** `[VM, PC, "SCA"]` on one line: a list of one-line scalars (nothing nested, no empty items). */
  private flowList(start: number, lineEnd: number): Result<ArrayNode> {
    const t = this.text;
    const items: SourceNode[] = [];
    let k = start + 1;
    for (;;) {
      while (k < lineEnd && t.charCodeAt(k) === 32) k++;
      if (k >= lineEnd) return FAIL;
      const c = t[k];
      let item: SourceNode;
      if (c === '"' || c === "'") {
        const q = this.quoted(k, lineEnd);
        if (q === FAIL) return FAIL;
        item = { type: 'scalar', span: { start: k, end: q.end }, value: q.value };
        k = q.end;
      } else {
        if ('-?:,[]{}#&*!|>%@`'.includes(c) && !(c === '-' && /[0-9.]/.test(t[k + 1] ?? ''))) return FAIL;
        let e = k;
        while (e < lineEnd && !',[]{}#'.includes(t[e])) {
          if (t[e] === ':' || t[e] === '\t') return FAIL;
          e++;
        }
        let end = e;
        while (end > k && t.charCodeAt(end - 1) === 32) end--;
        if (end === k) return FAIL;
        item = { type: 'scalar', span: { start: k, end }, value: typed(t.slice(k, end)) };
        k = e;
      }
      items.push(item);
      while (k < lineEnd && t.charCodeAt(k) === 32) k++;
      if (t[k] === ',') {
        k++;
        continue;
      }
      if (t[k] !== ']' || !this.onlyComment(k + 1, lineEnd)) return FAIL;
      return { type: 'array', span: { start, end: k + 1 }, items };
    }
  }

  private onlyComment(from: number, lineEnd: number): boolean {
    let s = from;
    while (s < lineEnd && this.text.charCodeAt(s) === 32) s++;
    return s >= lineEnd || (this.text[s] === '#' && s > from);
  }

  private quoted(start: number, lineEnd: number): Result<{ value: string; end: number }> {
    const t = this.text;
    const q = t[start];
    // The value is sliced between escapes: one string per character (+=) took a second and gigabytes of garbage on a 4 MB value.
    let out = '';
    let from = start + 1;
    let k = from;
    while (k < lineEnd) {
      const ch = t[k];
      if (ch === q) {
        out += t.slice(from, k);
        if (q === "'" && t[k + 1] === "'") {
          out += "'";
          k += 2;
          from = k;
          continue;
        }
        return { value: out, end: k + 1 };
      }
      if (q === '"' && ch === '\\') {
        const esc = t[k + 1];
        const simple: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };
        if (esc in simple) {
          out += t.slice(from, k) + simple[esc];
          k += 2;
          from = k;
          continue;
        }
        return FAIL;
      }
      k++;
    }
    return FAIL; // unterminated, or going on over lines: the library reports or reads it
  }
}

/**
 * A collection at `depth` holds values one level deeper, which the library reports as too deep
 * past MAX_DEPTH: such a file is left to it, so that both cut it off alike.
 */
function tooDeepFor(depth: number): boolean {
  return depth >= MAX_DEPTH;
}

/** YAML 1.2 core schema, as the library types plain scalars; its rarer forms go to the library. */
function typed(raw: string): string | number | boolean | null {
  if (raw === '' || NULL.test(raw)) return null;
  if (BOOL.test(raw)) return raw[0] === 't' || raw[0] === 'T';
  if (INT.test(raw)) return Number(raw);
  if (FLOAT.test(raw)) return Number(raw);
  if (EXOTIC_NUMBER.test(raw)) throw new RangeError('left to the library');
  return raw;
}
