import assert from 'node:assert/strict';
import { parseJson } from '../../server/src/core/parse/json';
import { MAX_DEPTH, SourceNode } from '../../server/src/core/tree';

/** Each problem as [start, end, message without the "JSON syntax error: " prefix]. */
function problems(text: string): [number, number, string][] {
  return parseJson(text).problems.map((p) => [p.span.start, p.span.end, p.message.replace(/^JSON syntax error: /, '')]);
}

function keys(node: SourceNode | undefined): string[] {
  return node?.type === 'object' ? node.properties.map((p) => p.key) : [];
}

/** `depth` nested arrays around `inner`. */
function nested(depth: number, inner = ''): string {
  return '['.repeat(depth) + inner + ']'.repeat(depth);
}

describe('parseJson: where a squiggle lands and what it says', () => {
  it('names each mistake with its own message, on the characters at fault', () => {
    const cases: [string, [number, number, string][]][] = [
      ['{"a" 1}', [[5, 6, 'Expected a colon after the property name.']]],
      ['{"a": 1 "b": 2}', [[8, 11, 'Expected a comma between items.']]],
      ['[1 2]', [[3, 4, 'Expected a comma between items.']]],
      ['{"a": [1}', [[8, 9, 'Expected "]" to close the array opened on line 1; found "}".']]],
      ['[\n  {"a": 1]\n]', [[11, 12, 'Expected "}" to close the object opened on line 2; found "]".'], [13, 14, 'Expected a value.']]],
      ['{1: 2}', [[1, 2, 'Expected a property name in double quotes.'], [5, 6, 'Expected a value.']]],
      ['{"a": }', [[6, 7, 'Expected a value.']]],
      ['{"a": tru}', [[6, 9, 'Invalid symbol: JSON allows only objects, arrays, strings, numbers, true, false and null here.'], [9, 10, 'Expected a value.']]],
      ['[1', [[1, 2, 'Expected "]" to close the array.']]],
      ['1 2', [[2, 3, 'Expected the end of the file: a JSON file holds one value.']]],
      ['// note\n{}', [[0, 7, 'Comments are not allowed in JSON requests.']]],
      ['"abc', [[0, 4, 'Unterminated string: add the closing double quote.']]],
      ['{"a": 1.}', [[6, 8, 'Unexpected end of number.']]],
      ['{"a": "\\u12"}', [[6, 12, 'Invalid unicode escape sequence.']]],
      ['{"a": "\\q"}', [[6, 10, 'Invalid escape character in string.']]],
      ['{"a": "x\ty"}', [[6, 11, 'Invalid character in string: control characters must be escaped.']]],
    ];
    for (const [text, expected] of cases) assert.deepEqual(problems(text), expected, text);
  });

  it('marks the last character of a file cut short, not a place past its end', () => {
    assert.deepEqual(problems('{"a": 1'), [[6, 7, 'Expected "}" to close the object.']]);
  });

  it('an unterminated comment is one finding, not two at the same place', () => {
    assert.deepEqual(problems('/* x'), [[0, 4, 'Comments are not allowed in JSON requests.']]);
  });

  it('a trailing comma is named and marked where it stands, before the brace or bracket', () => {
    const trailing = 'Trailing comma: remove it, JSON allows no comma after the last item.';
    assert.deepEqual(problems('{"a": 1,}'), [[7, 8, trailing]]);
    assert.deepEqual(problems('[1,]'), [[2, 3, trailing]]);
    assert.deepEqual(problems('{"a": 1,  \n  }'), [[7, 8, trailing]]);
    // The last comma, not the first one before it.
    assert.deepEqual(problems('{"a": 1, "b": 2,}'), [[15, 16, trailing]]);
    assert.deepEqual(problems('[1,}'), [[2, 3, trailing], [3, 4, 'Expected "]" to close the array.']]);
  });

  it('a trailing comma far into a file is marked where it stands', () => {
    const text = `{"description": "${'x'.repeat(400)}",\n}`;
    const comma = text.lastIndexOf(',');
    assert.deepEqual(problems(text), [[comma, comma + 1, 'Trailing comma: remove it, JSON allows no comma after the last item.']]);
  });

  it('a comma followed by something else than a closing brace is no trailing comma', () => {
    assert.deepEqual(problems('[1, ,2]'), [[4, 5, 'Expected a value.']]);
    assert.deepEqual(problems('{"a": 1,,}'), [[8, 9, 'Expected a property name in double quotes.']]);
    assert.deepEqual(problems('{"a",}'), [[4, 5, 'Expected a colon after the property name.']]);
  });
});

describe('parseJson: the tree', () => {
  it('keys, values and containers carry their spans', () => {
    const text = '{"x": 1, "y": [true, null, "s", {}]}';
    const { root, problems: found } = parseJson(text);
    assert.deepEqual(found, []);
    assert.deepEqual(root, {
      type: 'object',
      span: { start: 0, end: 36 },
      properties: [
        { key: 'x', keySpan: { start: 1, end: 4 }, value: { type: 'scalar', span: { start: 6, end: 7 }, value: 1 } },
        {
          key: 'y',
          keySpan: { start: 9, end: 12 },
          value: {
            type: 'array',
            span: { start: 14, end: 35 },
            items: [
              { type: 'scalar', span: { start: 15, end: 19 }, value: true },
              { type: 'scalar', span: { start: 21, end: 25 }, value: null },
              { type: 'scalar', span: { start: 27, end: 30 }, value: 's' },
              { type: 'object', span: { start: 32, end: 34 }, properties: [] },
            ],
          },
        },
      ],
    });
  });

  it('a key whose value is not typed yet counts, with null at the end of the key', () => {
    const { root } = parseJson('{"a": , "b": 2}');
    assert.deepEqual(root, {
      type: 'object',
      span: { start: 0, end: 15 },
      properties: [
        { key: 'a', keySpan: { start: 1, end: 4 }, value: { type: 'scalar', span: { start: 4, end: 4 }, value: null } },
        { key: 'b', keySpan: { start: 8, end: 11 }, value: { type: 'scalar', span: { start: 13, end: 14 }, value: 2 } },
      ],
    });
  });

  it('a file cut short ends what is still open where the text ends, keys without values included', () => {
    const text = '{"a": [1, {"b": ';
    const { root } = parseJson(text);
    assert.deepEqual(root, {
      type: 'object',
      span: { start: 0, end: text.length },
      properties: [
        {
          key: 'a',
          keySpan: { start: 1, end: 4 },
          value: {
            type: 'array',
            span: { start: 6, end: text.length },
            items: [
              { type: 'scalar', span: { start: 7, end: 8 }, value: 1 },
              { type: 'object', span: { start: 10, end: text.length }, properties: [{ key: 'b', keySpan: { start: 11, end: 14 }, value: { type: 'scalar', span: { start: 14, end: 14 }, value: null } }] },
            ],
          },
        },
      ],
    });
  });

  it('a value without a key of its own is dropped, not given the previous key', () => {
    const { root } = parseJson('{"a": 1 2}');
    assert.deepEqual(keys(root), ['a']);
    assert.equal(root?.type === 'object' && root.properties[0].value.type === 'scalar' && root.properties[0].value.value, 1);
  });

  it('a second value after the first is not the root', () => {
    assert.deepEqual(parseJson('1 2').root, { type: 'scalar', span: { start: 0, end: 1 }, value: 1 });
  });

  it('an empty file has no root and no problem', () => {
    assert.deepEqual(parseJson(''), { format: 'json', root: undefined, problems: [] });
  });
});

describe('parseJson: nesting', () => {
  const deepMessage = `Nesting deeper than ${MAX_DEPTH} levels: the content below this point is not checked.`;

  it(`${MAX_DEPTH + 1} levels are read, one more is reported once, at its opening bracket`, () => {
    assert.deepEqual(parseJson(nested(MAX_DEPTH + 1)).problems, []);
    const over = parseJson(nested(MAX_DEPTH + 6));
    assert.deepEqual(over.problems, [{ span: { start: MAX_DEPTH + 1, end: MAX_DEPTH + 2 }, code: 'too-deep', message: deepMessage }]);
  });

  it('nothing below the limit lands in the level above it, and what follows it is read again', () => {
    // Level 65 is an object; inside, a too-deep array holds an object with a key and a literal.
    const inner = '{"keep": [[{"x": 1}, 2, [3]]], "after": 4}';
    const text = `{"a": ${nested(MAX_DEPTH - 1, inner)}, "b": 5}`;
    const { root, problems: found } = parseJson(text);
    assert.deepEqual(found.map((p) => p.code), ['too-deep']);
    assert.deepEqual(keys(root), ['a', 'b']);
    let node = root?.type === 'object' ? root.properties[0].value : undefined;
    while (node?.type === 'array') node = node.items[0];
    assert.equal(node?.type, 'object');
    assert.deepEqual(keys(node), ['keep', 'after']);
    const kept = node?.type === 'object' ? node.properties[0].value : undefined;
    // The too-deep value itself is not read: its key stands, with nothing in it.
    assert.deepEqual(kept?.type === 'scalar' ? kept.value : kept, null);
    const after = node?.type === 'object' ? node.properties[1].value : undefined;
    assert.deepEqual(after, { type: 'scalar', span: { start: text.indexOf('4}'), end: text.indexOf('4}') + 1 }, value: 4 });
  });

  it('an object too deep is marked at its opening brace', () => {
    assert.deepEqual(parseJson(nested(MAX_DEPTH + 1, '{}')).problems, [{ span: { start: MAX_DEPTH + 1, end: MAX_DEPTH + 2 }, code: 'too-deep', message: deepMessage }]);
  });

  it('two branches too deep are two findings', () => {
    const found = parseJson(`[${nested(MAX_DEPTH + 2)}, ${nested(MAX_DEPTH + 2)}]`).problems;
    assert.deepEqual(found.map((p) => p.code), ['too-deep', 'too-deep']);
  });
});
