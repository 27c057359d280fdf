import { ParseErrorCode, visit } from 'jsonc-parser';
import { lineIndexAt } from '../lines';
import { ArrayNode, MAX_DEPTH, ObjectNode, ParseResult, SourceNode, Span, SyntaxProblem, tooDeep } from '../tree';

const messages: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Invalid symbol: JSON allows only objects, arrays, strings, numbers, true, false and null here.',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number.',
  [ParseErrorCode.PropertyNameExpected]: 'Expected a property name in double quotes.',
  [ParseErrorCode.ValueExpected]: 'Expected a value.',
  [ParseErrorCode.ColonExpected]: 'Expected a colon after the property name.',
  [ParseErrorCode.CommaExpected]: 'Expected a comma between items.',
  [ParseErrorCode.CloseBraceExpected]: 'Expected "}" to close the object.',
  [ParseErrorCode.CloseBracketExpected]: 'Expected "]" to close the array.',
  [ParseErrorCode.EndOfFileExpected]: 'Expected the end of the file: a JSON file holds one value.',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed in JSON requests.',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment.',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string: add the closing double quote.',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unexpected end of number.',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape sequence.',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character in string.',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in string: control characters must be escaped.',
};

export function parseJson(text: string): ParseResult {
  const problems: SyntaxProblem[] = [];
  const seen = new Set<number>();
  const report = (error: ParseErrorCode, offset: number, length: number): void => {
    let start = Math.min(offset, Math.max(text.length - 1, 0));
    let end = Math.min(Math.max(offset + length, start + 1), text.length);
    let message = messages[error] ?? 'unexpected input.';
    // `{"a": 1,}`: the parser stumbles on the brace, but the mistake is the comma before it.
    const trailing = /,\s*$/.exec(text.slice(Math.max(0, offset - 256), offset));
    if ((error === ParseErrorCode.PropertyNameExpected || error === ParseErrorCode.ValueExpected) && trailing && /[}\]]/.test(text[offset] ?? '')) {
      start = Math.max(0, offset - 256) + trailing.index;
      end = start + 1;
      message = 'Trailing comma: remove it, JSON allows no comma after the last item.';
    }
    // `{"a": [1}`: the parser wants a comma, but the user closed the wrong bracket: say which one is open.
    const top = skipped === 0 ? stack[stack.length - 1] : undefined;
    const found = text[offset];
    if (error === ParseErrorCode.CommaExpected && top && (found === '}' || found === ']') && found !== (top.node.type === 'array' ? ']' : '}')) {
      message = `Expected "${top.node.type === 'array' ? ']' : '}'}" to close the ${top.node.type} opened on line ${lineIndexAt(text, top.node.span.start) + 1}; found "${found}".`;
    }
    if (seen.has(start)) return;
    seen.add(start);
    problems.push({ span: { start, end }, code: 'syntax', message: `JSON syntax error: ${message}` });
  };

  // Built straight from the parser's events: no intermediate tree, as this runs on every keystroke.
  interface Open {
    node: ObjectNode | ArrayNode;
    /** The key waiting for its value, in an object. */
    key?: { key: string; keySpan: Span };
  }
  const stack: Open[] = [];
  let root: SourceNode | undefined;
  let skipped = 0;
  const add = (value: SourceNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= value;
      return;
    }
    if (top.node.type === 'array') top.node.items.push(value);
    else if (top.key) {
      top.node.properties.push({ key: top.key.key, keySpan: top.key.keySpan, value });
      top.key = undefined;
    }
  };
  const open = (node: ObjectNode | ArrayNode): void => {
    if (skipped > 0 || stack.length > MAX_DEPTH) {
      if (skipped === 0) problems.push(tooDeep(node.span));
      skipped++;
      return;
    }
    add(node);
    stack.push({ node });
  };
  /** A key whose value never came (`{"a": }` while typing) still counts, with a null value. */
  const flushKey = (top: Open): void => {
    if (top.key && top.node.type === 'object') {
      top.node.properties.push({ key: top.key.key, keySpan: top.key.keySpan, value: { type: 'scalar', span: { start: top.key.keySpan.end, end: top.key.keySpan.end }, value: null } });
      top.key = undefined;
    }
  };
  const close = (offset: number, length: number): void => {
    if (skipped > 0) {
      skipped--;
      return;
    }
    const top = stack.pop();
    if (top) {
      top.node.span.end = offset + length;
      flushKey(top);
    }
  };
  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => open({ type: 'object', span: { start: offset, end: offset + 1 }, properties: [] }),
        onObjectEnd: close,
        onArrayBegin: (offset) => open({ type: 'array', span: { start: offset, end: offset + 1 }, items: [] }),
        onArrayEnd: close,
        onObjectProperty: (property, offset, length) => {
          if (skipped > 0) return;
          const top = stack[stack.length - 1];
          if (top?.node.type !== 'object') return;
          flushKey(top);
          top.key = { key: property, keySpan: { start: offset, end: offset + length } };
        },
        onLiteralValue: (value: unknown, offset, length) => {
          if (skipped > 0) return;
          const v = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
          add({ type: 'scalar', span: { start: offset, end: offset + length }, value: v });
        },
        onError: report,
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true },
    );
  } catch (e) {
    // jsonc-parser recurses per nesting level: thousands of levels overflow the stack. What was
    // built up to there stands; the rest is reported as too deep.
    if (!(e instanceof RangeError)) throw e;
    if (!problems.some((p) => p.code === 'too-deep')) problems.push(tooDeep({ start: stack[stack.length - 1]?.node.span.start ?? 0, end: text.length }));
  }
  // A file cut short: what is still open ends where the text does.
  while (stack.length > 0) close(text.length, 0);
  return { format: 'json', root, problems };
}
