import { Node as JsonNode, ParseError, ParseErrorCode, parseTree } from 'jsonc-parser';
import { MAX_DEPTH, ParseResult, SourceNode, SyntaxProblem, tooDeep } from '../tree';

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
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const problems: SyntaxProblem[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    let start = Math.min(e.offset, Math.max(text.length - 1, 0));
    let end = Math.min(Math.max(e.offset + e.length, start + 1), text.length);
    let message = messages[e.error] ?? 'unexpected input.';
    // `{"a": 1,}`: the parser stumbles on the brace, but the mistake is the comma before it.
    const trailing = /,\s*$/.exec(text.slice(0, e.offset));
    if ((e.error === ParseErrorCode.PropertyNameExpected || e.error === ParseErrorCode.ValueExpected) && trailing && /[}\]]/.test(text[e.offset] ?? '')) {
      start = trailing.index;
      end = start + 1;
      message = 'Trailing comma: remove it, JSON allows no comma after the last item.';
    }
    if (seen.has(start)) continue;
    seen.add(start);
    problems.push({ span: { start, end }, code: 'syntax', message: `JSON syntax error: ${message}` });
  }
  const root = tree ? convert(tree, 0, problems) : undefined;
  return { format: 'json', root, problems };
}

function convert(node: JsonNode, depth: number, problems: SyntaxProblem[]): SourceNode {
  const span = { start: node.offset, end: node.offset + node.length };
  if (depth > MAX_DEPTH && (node.type === 'object' || node.type === 'array')) {
    problems.push(tooDeep(span));
    return { type: 'scalar', span, value: null };
  }
  switch (node.type) {
    case 'object': {
      const properties = [];
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const keySpan = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
        const value: SourceNode = valueNode
          ? convert(valueNode, depth + 1, problems)
          : { type: 'scalar', span: { start: keySpan.end, end: keySpan.end }, value: null };
        properties.push({ key: keyNode.value, keySpan, value });
      }
      return { type: 'object', span, properties };
    }
    case 'array':
      return { type: 'array', span, items: (node.children ?? []).map((c) => convert(c, depth + 1, problems)) };
    default:
      return { type: 'scalar', span, value: (node.value as string | number | boolean | null | undefined) ?? null };
  }
}
