import { SaxesParser } from 'saxes';
import { MAX_DEPTH, ParseResult, Property, SourceNode, Span, SyntaxProblem, tooDeep } from '../tree';

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

  const problemAt = (message: string, code = 'syntax'): void => {
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
    const lt = text.lastIndexOf('<' + tag.name, parser.position);
    const start = lt >= 0 ? lt : Math.max(0, parser.position - 1);
    stack.push({
      name: tag.name,
      nameSpan: { start: start + 1, end: start + 1 + tag.name.length },
      start,
      contentStart: parser.position,
      properties: [],
      text: '',
      textSeen: false,
      attributes: [],
    });
  });

  parser.on('attribute', (attr) => {
    const el = stack[stack.length - 1];
    if (skippedDepth > 0 || !el) return;
    if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:') || attr.name.startsWith('xsi:')) return;
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

  parser.on('closetag', () => {
    if (skippedDepth > 0) {
      skippedDepth--;
      return;
    }
    const el = stack.pop();
    if (!el) return;
    const end = parser.position;
    const closeLt = text.lastIndexOf('</', end);
    const contentEnd = closeLt >= el.contentStart ? closeLt : el.contentStart;
    finish(el, end, contentEnd);
  });

  parser.on('error', (err) => {
    problemAt(`XML syntax error: ${cleanMessage(err.message)}`);
  });

  function finish(el: OpenElement, end: number, contentEnd: number): void {
    const span = { start: el.start, end };
    let value: SourceNode;
    if (el.properties.length > 0 || el.attributes.length > 0) {
      const properties = [...el.attributes];
      const trimmed = trimSpan(text, el.contentStart, contentEnd);
      if (el.textSeen && el.properties.length === 0) {
        properties.push({ key: 'value', keySpan: trimmed, value: { type: 'scalar', span: trimmed, value: el.text.trim(), untyped: true } });
      } else if (el.textSeen) {
        problems.push({ span: el.nameSpan, code: 'mixed-content', message: `<${el.name}> mixes text with child elements: the text is ignored.` });
      }
      properties.push(...el.properties);
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
    if (parent) parent.properties.push(property);
    else if (!root) root = property;
  }

  try {
    parser.write(text).close();
  } catch (e) {
    // saxes throws only when no error handler consumed the error; keep whatever was parsed.
    problemAt(`XML syntax error: ${cleanMessage(e instanceof Error ? e.message : String(e))}`);
  }
  // Elements left open by a truncated file still count, so that typing mid-file keeps its findings.
  while (stack.length > 0) {
    const el = stack.pop() as OpenElement;
    finish(el, text.length, text.length);
  }
  const rootNode: SourceNode | undefined = root
    ? { type: 'object', span: { start: root.keySpan.start - 1, end: root.value.span.end }, properties: [root] }
    : undefined;
  return { format: 'xml', root: rootNode, problems };
}

function cleanMessage(message: string): string {
  return message.replace(/^\d+:\d+:\s*/, '').replace(/\.$/, '') + '.';
}

function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
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
