import { SaxesParser } from 'saxes';
import { shortName } from '../finding';
import { MAX_DEPTH, ParseResult, ProblemCode, Property, SourceNode, Span, SyntaxProblem, tooDeep } from '../tree';

/** Most elements have no attributes and many no children: they share this list, never added to, until they do. */
const NONE: Property[] = [];

interface OpenElement {
  name: string;
  nameSpan: Span;
  start: number;
  contentStart: number;
  properties: Property[];
  text: string;
  /** Where non-blank text first appears, to point at it when it should not be there. */
  textSeen: boolean;
  attributes: Property[];
}

/**
 * Parses XML into the shared tree. The root element becomes a one-key object, so that
 * `<ServiceRequest>` reads like `{"ServiceRequest": ...}` in JSON. An element with child elements
 * is an object, an element with only text is an untyped scalar, and attributes become properties
 * (`<Criteria field="name" operator="EQUALS">x</Criteria>` reads as {field, operator, value}).
 * Repeated elements stay repeated keys; the schema binding turns them into lists.
 */
export function parseXml(text: string): ParseResult {
  const problems: SyntaxProblem[] = [];
  const parser = new SaxesParser({ position: true });
  const stack: OpenElement[] = [];
  let root: Property | undefined;
  let skippedDepth = 0;

  const problemAt = (message: string, code: ProblemCode = 'syntax'): void => {
    const pos = Math.min(parser.position, text.length);
    const start = Math.max(0, pos - 1);
    problems.push({ span: { start, end: Math.max(start + 1, pos) }, code, message });
  };

  parser.on('opentagstart', (tag) => {
    if (skippedDepth > 0 || stack.length > MAX_DEPTH) {
      if (skippedDepth === 0) problems.push(tooDeep(stack[stack.length - 1].nameSpan));
      skippedDepth++;
      return;
    }
    // saxes reports the tag once its name has been read, one or two characters past it
    // (`<name>` or `<name `): look there first, and search back only when that misses.
    const guess = parser.position - tag.name.length - 2;
    const lt = text.charCodeAt(guess) === 60 && text.startsWith(tag.name, guess + 1) ? guess : text.charCodeAt(guess - 1) === 60 && text.startsWith(tag.name, guess) ? guess - 1 : text.lastIndexOf('<' + tag.name, parser.position);
    const start = lt >= 0 ? lt : Math.max(0, parser.position - 1);
    stack.push({
      name: tag.name,
      nameSpan: { start: start + 1, end: start + 1 + tag.name.length },
      start,
      contentStart: parser.position,
      properties: NONE,
      text: '',
      textSeen: false,
      attributes: NONE,
    });
  });

  parser.on('attribute', (attr) => {
    const el = stack[stack.length - 1];
    if (skippedDepth > 0 || !el) return;
    if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:') || attr.name.startsWith('xsi:')) return;
    if (el.attributes === NONE) el.attributes = [];
    el.attributes.push(attributeProperty(text, parser.position, attr.name, attr.value));
  });

  parser.on('opentag', () => {
    const el = stack[stack.length - 1];
    if (skippedDepth > 0 || !el) return;
    el.contentStart = parser.position;
  });

  parser.on('text', (t) => appendText(t));
  parser.on('cdata', (t) => appendText(t));

  function appendText(t: string): void {
    const el = stack[stack.length - 1];
    if (skippedDepth > 0 || !el) return;
    el.text += t;
    if (!el.textSeen && t.trim() !== '') el.textSeen = true;
  }

  // saxes closes an unclosed child itself before it reports the mismatch: remember which it was.
  let lastClosed: { name: string; nameSpan: Span; position: number } | undefined;
  parser.on('closetag', () => {
    if (skippedDepth > 0) {
      skippedDepth--;
      return;
    }
    const el = stack.pop();
    if (!el) return;
    lastClosed = { name: el.name, nameSpan: el.nameSpan, position: parser.position };
    const end = parser.position;
    finish(el, end, closingTagStart(text, el.contentStart, end));
  });

  // saxes goes on after an error, and one mistake then cascades (one per character, one per
  // ancestor): the first error is the one that names the mistake.
  let reported = false;
  parser.on('error', (err) => {
    if (reported) return;
    reported = true;
    const message = cleanMessage(err.message);
    const open = lastClosed && lastClosed.position === parser.position ? lastClosed : stack[stack.length - 1];
    const stray = /unexpected close tag|unmatched closing tag/i.test(message) ? strayClosingTag() : undefined;
    if (stray) {
      const isOpen = open ? `, or correct its name (<${shortName(open.name)}> is open)` : '';
      problems.push({ span: stray, code: 'syntax', message: `XML syntax error: </${shortName(text.slice(stray.start, stray.end))}> closes no open element: remove it${isOpen}.` });
      return;
    }
    if (open && /unexpected close tag|unmatched closing tag|disallowed character in closing tag/i.test(message)) {
      problems.push({ span: open.nameSpan, code: 'syntax', message: `XML syntax error: <${shortName(open.name)}> is not closed: add </${shortName(open.name)}> before the next closing tag.` });
      return;
    }
    const innermost = stack[stack.length - 1];
    if (innermost && /unclosed tag/i.test(message)) {
      problems.push({ span: innermost.nameSpan, code: 'syntax', message: `XML syntax error: <${shortName(innermost.name)}> is not closed.` });
      return;
    }
    problemAt(`XML syntax error: ${message}`);
  });

  /**
   * The name of the closing tag just read when it names no element open (`<a><b></b></c></a>`): saxes
   * then closes every open element and names the outermost, but the mistake is the closing tag.
   */
  function strayClosingTag(): Span | undefined {
    const start = text.lastIndexOf('</', parser.position - 1) + 2;
    const name = text.slice(start, parser.position - 1).trim();
    // saxes stops closing at the element a tag names, so the one it reports is never that one.
    if (stack.some((el) => el.name === name)) return undefined;
    return { start, end: start + name.length };
  }

  function finish(el: OpenElement, end: number, contentEnd: number): void {
    const span = { start: el.start, end };
    let value: SourceNode;
    if (el.attributes.length === 0 && el.properties.length > 0) {
      // The common case, an element of elements: its children are its properties as they stand.
      if (el.textSeen) problems.push({ span: el.nameSpan, code: 'mixed-content', message: `<${shortName(el.name)}> mixes text with child elements: the text is ignored.` });
      value = { type: 'object', span, properties: el.properties };
    } else if (el.attributes.length > 0) {
      const properties = el.attributes;
      if (el.textSeen && el.properties.length === 0) {
        const trimmed = trimSpan(text, el.contentStart, contentEnd);
        properties.push({ key: 'value', keySpan: trimmed, value: { type: 'scalar', span: trimmed, value: el.text.trim(), untyped: true } });
      } else if (el.textSeen) {
        problems.push({ span: el.nameSpan, code: 'mixed-content', message: `<${shortName(el.name)}> mixes text with child elements: the text is ignored.` });
      }
      for (const p of el.properties) properties.push(p);
      value = { type: 'object', span, properties };
    } else if (el.textSeen) {
      const trimmed = trimSpan(text, el.contentStart, contentEnd);
      value = { type: 'scalar', span: trimmed, value: el.text, untyped: true };
    } else {
      // An empty element (`<authRecord/>`): the schema decides whether that is {} or "".
      value = { type: 'scalar', span, value: '', untyped: true };
    }
    const property: Property = { key: el.name, keySpan: el.nameSpan, value };
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.properties === NONE) parent.properties = [];
      parent.properties.push(property);
    }
    else if (!root) root = property;
  }

  const source = bareAmpersands(text, problems);
  if (problems.length > 0) reported = true;
  try {
    parser.write(source).close();
  } catch (e) {
    // saxes throws only when no error handler consumed the error; keep whatever was parsed.
    if (!reported) problemAt(`XML syntax error: ${cleanMessage(e instanceof Error ? e.message : String(e))}`);
  }
  // Elements left open by a truncated file still count, so that typing mid-file keeps its findings.
  if (stack.length > 0 && !reported) {
    const innermost = stack[stack.length - 1];
    problems.push({ span: innermost.nameSpan, code: 'syntax', message: `XML syntax error: <${shortName(innermost.name)}> is not closed.` });
  }
  while (stack.length > 0) {
    const el = stack.pop() as OpenElement;
    finish(el, text.length, text.length);
  }
  const rootNode: SourceNode | undefined = root
    ? { type: 'object', span: { start: root.keySpan.start - 1, end: root.value.span.end }, properties: [root] }
    : undefined;
  return { format: 'xml', root: rootNode, problems };
}

/**
 * Where the closing tag that ends at `end` starts, searching no further back than the element's
 * content: an empty element (`<a/>`) has none, and a search past its start (lastIndexOf) made
 * 80,000 of them take seconds.
 */
function closingTagStart(text: string, contentStart: number, end: number): number {
  for (let k = end - 2; k >= contentStart; k--) if (text.charCodeAt(k) === 60 && text.charCodeAt(k + 1) === 47) return k;
  return contentStart;
}

function cleanMessage(message: string): string {
  return message.replace(/^\d+:\d+:\s*/, '').replace(/\.$/, '') + '.';
}

/** XML white space: space, tab, line feed, carriage return. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  for (let changed = true; changed; ) {
    changed = false;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    // Comments beside a value are not the value.
    if (text.startsWith('<!--', s)) {
      const close = text.indexOf('-->', s);
      if (close >= 0 && close + 3 <= e) {
        s = close + 3;
        changed = true;
      }
    }
    if (e - s >= 3 && text.slice(e - 3, e) === '-->') {
      const open = text.lastIndexOf('<!--', e - 3);
      if (open >= s) {
        e = open;
        changed = true;
      }
    }
  }
  return s < e ? { start: s, end: e } : { start, end: Math.max(start, end) };
}

function attributeProperty(text: string, position: number, name: string, value: string): Property {
  // saxes reports the attribute once its closing quote is read; find the quotes behind that point.
  let close = position - 1;
  while (close > 0 && text[close] !== '"' && text[close] !== "'") close--;
  const quote = text[close];
  const open = text.lastIndexOf(quote, close - 1);
  const nameStart = text.lastIndexOf(name, open);
  const keySpan = nameStart >= 0 ? { start: nameStart, end: nameStart + name.length } : { start: open, end: open };
  return { key: name, keySpan, value: { type: 'scalar', span: { start: open + 1, end: close }, value, untyped: true } };
}

/**
 * An `&` that starts no entity reference would make saxes read the rest of the file as an entity
 * name and report the error at the end. Reported where it stands, and parsed as if it were `&amp;`
 * (replaced by a character of the same length, so that every offset holds).
 */
function bareAmpersands(text: string, problems: SyntaxProblem[]): string {
  if (!text.includes('&')) return text;
  const skip = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;
  const bad = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9a-fA-F]+);)/g;
  let out = '';
  let last = 0;
  for (let m = skip.exec(text); ; m = skip.exec(text)) {
    const end = m ? m.index : text.length;
    out += text.slice(last, end).replace(bad, (_amp, offset: number) => {
      if (problems.length === 0) {
        const at = last + offset;
        problems.push({ span: { start: at, end: at + 1 }, code: 'syntax', message: 'XML syntax error: a bare "&" must be written &amp;.' });
      }
      return '_';
    });
    if (!m) break;
    out += m[0];
    last = m.index + m[0].length;
  }
  return out;
}
