import assert from 'node:assert/strict';
import { parseYamlLibrary } from '../../server/src/core/parse/yaml';
import { parseYamlFast, readYamlFast } from '../../server/src/core/parse/yamlFast';
import { MAX_DEPTH, SourceNode } from '../../server/src/core/tree';
import { agree } from './yamlTrees';

/** The fast parser's tree of a text it must read, after checking the library reads it the same. */
function reads(text: string): SourceNode | undefined {
  assert.ok(agree(text, JSON.stringify(text)), `the fast parser refused ${JSON.stringify(text)}`);
  return parseYamlFast(text)?.root;
}

/**
 * Where the fast parser leaves a text to the library: the start of the line it stopped on. A large
 * file is refused from that line on (too-large), so the place is what the user sees.
 */
function stop(text: string): number {
  const read = readYamlFast(text);
  assert.ok('stoppedAt' in read, `the fast parser read ${JSON.stringify(text)}`);
  return read.stoppedAt;
}

/** Each case: a text and the line content where the fast parser must stop (its first occurrence). */
function stopsAt(cases: [string, string][]): void {
  for (const [text, line] of cases) assert.equal(stop(text), text.indexOf(line), JSON.stringify(text));
}

function scalar(value: unknown, start: number, end: number): SourceNode {
  return { type: 'scalar', span: { start, end }, value } as SourceNode;
}

describe('the fast YAML parser: the block YAML requests are written in', () => {
  it('mappings in mappings, with every key and value on its characters and each collection to its last line', () => {
    const text = 'a:\n  b:\n    c: 1\n  d: x\ne: 2\n';
    assert.deepEqual(reads(text), {
      type: 'object',
      span: { start: 0, end: 29 },
      properties: [
        {
          key: 'a',
          keySpan: { start: 0, end: 1 },
          value: {
            type: 'object',
            span: { start: 5, end: 24 },
            properties: [
              { key: 'b', keySpan: { start: 5, end: 6 }, value: { type: 'object', span: { start: 12, end: 17 }, properties: [{ key: 'c', keySpan: { start: 12, end: 13 }, value: scalar(1, 15, 16) }] } },
              { key: 'd', keySpan: { start: 19, end: 20 }, value: scalar('x', 22, 23) },
            ],
          },
        },
        { key: 'e', keySpan: { start: 24, end: 25 }, value: scalar(2, 27, 28) },
      ],
    });
  });

  it('a file without a final line break ends its collections at its end', () => {
    assert.deepEqual(reads('a:\n  b: x'), {
      type: 'object',
      span: { start: 0, end: 9 },
      properties: [{ key: 'a', keySpan: { start: 0, end: 1 }, value: { type: 'object', span: { start: 5, end: 9 }, properties: [{ key: 'b', keySpan: { start: 5, end: 6 }, value: scalar('x', 8, 9) }] } }],
    });
  });

  it('sequences: of scalars, of mappings, nested, and a list at its key\'s own column', () => {
    assert.deepEqual(reads('- a: 1\n  b: 2\n- c\n'), {
      type: 'array',
      span: { start: 0, end: 18 },
      items: [
        { type: 'object', span: { start: 2, end: 14 }, properties: [{ key: 'a', keySpan: { start: 2, end: 3 }, value: scalar(1, 5, 6) }, { key: 'b', keySpan: { start: 9, end: 10 }, value: scalar(2, 12, 13) }] },
        scalar('c', 16, 17),
      ],
    });
    assert.deepEqual(reads('a:\n- x\n- y\nb: 1'), {
      type: 'object',
      span: { start: 0, end: 15 },
      properties: [
        { key: 'a', keySpan: { start: 0, end: 1 }, value: { type: 'array', span: { start: 3, end: 11 }, items: [scalar('x', 5, 6), scalar('y', 9, 10)] } },
        { key: 'b', keySpan: { start: 11, end: 12 }, value: scalar(1, 14, 15) },
      ],
    });
    // Several spaces after the dash; an empty item is null where its line ends; an item's list below it.
    assert.deepEqual(reads('-   x\n-\n- # c\n  - y'), {
      type: 'array',
      span: { start: 0, end: 19 },
      items: [scalar('x', 4, 5), scalar(null, 7, 7), { type: 'array', span: { start: 16, end: 19 }, items: [scalar('y', 18, 19)] }],
    });
    reads('-\n - x');
    reads('a:\n  - b:\n      - c: 1\n        d: [x]\n    e: 2\n  - f\n');
  });

  it('a key with nothing after it is null where its comment or line end stands, or holds the block below it', () => {
    assert.deepEqual(reads('a:\nb:   # c\nc: 1'), {
      type: 'object',
      span: { start: 0, end: 16 },
      properties: [
        { key: 'a', keySpan: { start: 0, end: 1 }, value: scalar(null, 2, 2) },
        { key: 'b', keySpan: { start: 3, end: 4 }, value: scalar(null, 8, 8) },
        { key: 'c', keySpan: { start: 12, end: 13 }, value: scalar(1, 15, 16) },
      ],
    });
    const below = reads('a:   # c\n\n  # d\n  b: 1') as SourceNode;
    assert.deepEqual(below.type === 'object' ? below.properties[0].value.span : undefined, { start: 18, end: 22 });
  });

  it('blank lines, comment lines, a "---" line and CRLF between entries', () => {
    reads('\n\n  \n# c\na: x\n\n# c\n\nb: y\n');
    reads('---\na: 1');
    reads('--- # c\na: 1');
    reads('---   \n\na: 1');
    reads('a: 1\r\nb:\r\n  - x\r\n  - "y"\r\n');
    assert.deepEqual(readYamlFast('---\n# only a comment\n'), { format: 'yaml', root: undefined, problems: [] });
    assert.deepEqual(readYamlFast(''), { format: 'yaml', root: undefined, problems: [] });
    assert.deepEqual(readYamlFast('# c\n\n'), { format: 'yaml', root: undefined, problems: [] });
  });

  it('quoted keys and values, with their escapes, and comments after them', () => {
    assert.deepEqual(reads('"a b": 1\n\'c\': 2\n"d":\n'), {
      type: 'object',
      span: { start: 0, end: 21 },
      properties: [
        { key: 'a b', keySpan: { start: 0, end: 5 }, value: scalar(1, 7, 8) },
        { key: 'c', keySpan: { start: 9, end: 12 }, value: scalar(2, 14, 15) },
        { key: 'd', keySpan: { start: 16, end: 19 }, value: scalar(null, 20, 20) },
      ],
    });
    const text = 'a: "x\\"y" #c\nb: \'it\'\'s\'  # c\nc: "\\\\ \\/ \\n \\t \\r \\0"\nd: \'\'\ne: ""\nf: \'a\'\'\'\n';
    const root = reads(text);
    assert.deepEqual(
      root?.type === 'object' ? root.properties.map((p) => [p.value.type === 'scalar' ? p.value.value : undefined, text.slice(p.value.span.start, p.value.span.end)]) : [],
      [
        ['x"y', '"x\\"y"'],
        ["it's", "'it''s'"],
        ['\\ / \n \t \r \0', '"\\\\ \\/ \\n \\t \\r \\0"'],
        ['', "''"],
        ['', '""'],
        ["a'", "'a'''"],
      ],
    );
  });

  it('plain values: typed as the library types them, up to a comment, trailing blanks left out', () => {
    const text = 'a: True\nb: FALSE\nc: Null\nd: NULL\ne: ~\nf: +12\ng: 1.\nh: -.5\ni: 007\nj: tRUE\nk: x#y # c\nl: x   \nm: -1\nn: null\no: true\np: false\nq: 1.5e\nr: 2022-05-31\ns: 15:45\nt: .5\nu: -7\nv: a b  c\nw: 1.5\nx: 12.25\ny: .55\nz: x1.5\naa: 1.5x\nab: xtrue\nac: truex\nad: xnull\nae: nullx\naf: x1e3\nag: x #y\nah: x# y\nai: "x\'\'y"\naj: \'x\\ny\'\nServiceRequest_2.x-y: k\nak: 1e3x\n';
    const root = reads(text);
    assert.deepEqual(root?.type === 'object' ? root.properties.map((p) => [p.key, p.value.type === 'scalar' ? p.value.value : undefined, text.slice(p.value.span.start, p.value.span.end)]) : [], [
      ['a', true, 'True'],
      ['b', false, 'FALSE'],
      ['c', null, 'Null'],
      ['d', null, 'NULL'],
      ['e', null, '~'],
      ['f', 12, '+12'],
      ['g', 1, '1.'],
      ['h', -0.5, '-.5'],
      ['i', 7, '007'],
      ['j', 'tRUE', 'tRUE'],
      ['k', 'x#y', 'x#y'],
      ['l', 'x', 'x'],
      ['m', -1, '-1'],
      ['n', null, 'null'],
      ['o', true, 'true'],
      ['p', false, 'false'],
      ['q', '1.5e', '1.5e'],
      ['r', '2022-05-31', '2022-05-31'],
      ['s', '15:45', '15:45'],
      ['t', 0.5, '.5'],
      ['u', -7, '-7'],
      ['v', 'a b  c', 'a b  c'],
      ['w', 1.5, '1.5'],
      ['x', 12.25, '12.25'],
      ['y', 0.55, '.55'],
      ['z', 'x1.5', 'x1.5'],
      ['aa', '1.5x', '1.5x'],
      ['ab', 'xtrue', 'xtrue'],
      ['ac', 'truex', 'truex'],
      ['ad', 'xnull', 'xnull'],
      ['ae', 'nullx', 'nullx'],
      ['af', 'x1e3', 'x1e3'],
      ['ag', 'x', 'x'],
      ['ah', 'x# y', 'x# y'],
      ['ai', "x''y", '"x\'\'y"'],
      ['aj', 'x\\ny', "'x\\ny'"],
      ['ServiceRequest_2.x-y', 'k', 'k'],
      ['ak', '1e3x', '1e3x'],
    ]);
  });

  it('empty and one-line flow collections', () => {
    const text = 'a: {}  # c\nb: [ ]\nc: { }\nd: [VM, "PC", \'x\' , -1, .5, ~]  # c\ne: []\nf: [x]\ng: [a b , c  ]\n';
    const root = reads(text);
    assert.deepEqual(root?.type === 'object' ? root.properties.map((p) => [p.value.type, text.slice(p.value.span.start, p.value.span.end)]) : [], [
      ['object', '{}'],
      ['array', '[ ]'],
      ['object', '{ }'],
      ['array', '[VM, "PC", \'x\' , -1, .5, ~]'],
      ['array', '[]'],
      ['array', '[x]'],
      ['array', '[a b , c  ]'],
    ]);
    const spaced = root?.type === 'object' ? root.properties[6].value : undefined;
    assert.deepEqual(spaced?.type === 'array' ? spaced.items.map((i) => [i.type === 'scalar' ? i.value : undefined, text.slice(i.span.start, i.span.end)]) : [], [
      ['a b', 'a b'],
      ['c', 'c'],
    ]);
    const list = root?.type === 'object' ? root.properties[3].value : undefined;
    assert.deepEqual(list?.type === 'array' ? list.items.map((i) => [i.type === 'scalar' ? i.value : undefined, text.slice(i.span.start, i.span.end)]) : [], [
      ['VM', 'VM'],
      ['PC', '"PC"'],
      ['x', "'x'"],
      [-1, '-1'],
      [0.5, '.5'],
      [null, '~'],
    ]);
  });
});

describe('the fast YAML parser: what it leaves to the library, from the line it stops on', () => {
  it('structure it does not read, stopping at the line', () => {
    stopsAt([
      ['a: 1\rb: 2', 'a: 1'],
      [' a: 1', 'a: 1'],
      ['a: 1\n b: 2', 'b: 2'],
      ['a: 1\n- x', '- x'],
      ['a:\n  - x\n b: 1', 'b: 1'],
      ['- x\n - y', '- y'],
      ['- x\n  - y', '- y'],
      ['a:\n  b: 1\n   c: 2', 'c: 2'],
      ['a: 1\n---\n', '---'],
      ['---x\na: 1', '---x'],
      ['--- a: 1\n', '--- a'],
      ['a: 1\nb: 2\n...\n', '...'],
      ['- - x', '- - x'],
      ['- x\n-y', '-y'],
      ['a: b\n  c\n', 'c\n'],
      ['a: x\n  b: 1\n', 'b: 1'],
      ['- x\n  y\n', 'y\n'],
      ['a: 1\nb: x\ry', 'a: 1'],
      ['- a\nb c', 'b c'],
      ['- a\nb', 'b'],
      ['a:\n  b:\n- x', '- x'],
      ['a:\nb', 'b'],
      ['- \tx', '- '],
      ['-\tx', '-\t'],
    ]);
  });

  it('keys it does not read', () => {
    stopsAt([
      ['-x: 1', '-x'],
      ['a:b', 'a:b'],
      ['a b: 1', 'a b'],
      ['a', 'a'],
      ['"a":1', '"a"'],
      ['"a" : 1', '"a"'],
      ['"a\\\\b": 1', '"a'],
      ['"it\'s": 1', '"it'],
      ['"a: 1', '"a'],
      ['"a\n": 1', '"a'],
      ['x: 1\n\'a\': 1\n\'b', "'b"],
      ['a : 1', 'a :'],
      ['a$: 1', 'a$'],
      ['ab$: 1', 'ab$'],
      ['? a\n: 1\n', '? a'],
      ['a: 1\n[b]: 2\n', '[b]'],
    ]);
  });

  it('values it does not read', () => {
    stopsAt([
      ['a: \t1', 'a:'],
      ['a: "x" y', 'a:'],
      ['a: "x"#c', 'a:'],
      ['a: "x', 'a:'],
      ['a: "\\x41"', 'a:'],
      ['a: "x\ny"', 'a:'],
      ['a: {} x', 'a:'],
      ['a: [] x', 'a:'],
      ['a: {}#c', 'a:'],
      ['a: {b: 1}', 'a:'],
      ['a: 1\nb: -x', 'b:'],
      ['a: x:y\nb: x: y', 'b:'],
      ['a: x:', 'a:'],
      ['a: x\ty', 'a:'],
      ['a: &x 1\nb: *x\n', 'a:'],
      ['a: |\n  text\n', 'a:'],
      ['a: >\n  text\n', 'a:'],
      ['a: !tag 1\n', 'a:'],
      ['a: @x\n', 'a:'],
      ['a: `x\n', 'a:'],
      ['a: %x\n', 'a:'],
      ['a: ?x\n', 'a:'],
      ['a: ,x\n', 'a:'],
      ['a: ]x\n', 'a:'],
      ['a: }x\n', 'a:'],
      ['a: :x\n', 'a:'],
      ['a: -\n', 'a:'],
      ['- x\n- - y', '- - y'],
      ['- "x" y', '- "x"'],
      ['a: *1', 'a:'],
      ['a: &1 x', 'a:'],
      ['a: !1', 'a:'],
      ['a: {x, y]', 'a:'],
      ['a: {x}', 'a:'],
      ['a: "x""y"', 'a:'],
      ['a: "x"\'y"', 'a:'],
    ]);
  });

  it('flow lists it does not read', () => {
    stopsAt([
      ['a: [x,]', 'a:'],
      ['a: [x', 'a:'],
      ['a: [x,', 'a:'],
      ['a: ["x"', 'a:'],
      ['a: ["x', 'a:'],
      ['a: [, x]', 'a:'],
      ['a: [x] y', 'a:'],
      ['a: [x]#c', 'a:'],
      ['a: [a:b]', 'a:'],
      ['a: [-x]', 'a:'],
      ['a: [x\ty]', 'a:'],
      ['a: [1, [2]]', 'a:'],
      ['a: [{}]', 'a:'],
      ['a: [x #c]', 'a:'],
      ['a: [  ,]', 'a:'],
      ['a: ["x" y]', 'a:'],
      ['a: [&a x]', 'a:'],
      ['a: [*1]', 'a:'],
      ['a: [x\n]', 'a:'],
      ['a: [x\n, y]', 'a:'],
    ]);
  });

  it('numbers the library reads in forms of its own, on the line they stand', () => {
    stopsAt([
      ['a: 1\nb: 0x1F', 'b:'],
      ['a: 1\nb: 0o17', 'b:'],
      ['a: 1e3', 'a:'],
      ['a: 1.5E-3', 'a:'],
      ['a: .inf', 'a:'],
      ['a: -.Inf', 'a:'],
      ['a: .NaN', 'a:'],
      ['a: [1, 0x1F]', 'a:'],
      ['- 1\n- 2e3', '- 2e3'],
      ['a: .5e3', 'a:'],
      ['a: .55e3', 'a:'],
      ['a: 12e3', 'a:'],
      ['a: 1.25e3', 'a:'],
      ['a: 1.e3', 'a:'],
      ['a: 1e33', 'a:'],
      ['a: 1e+3', 'a:'],
      ['a: -1E-33', 'a:'],
      ['a: +.INF', 'a:'],
      ['a: .nan', 'a:'],
      ['a: 0o7', 'a:'],
      ['a: 0xff', 'a:'],
      ['a: [.5e3]', 'a:'],
    ]);
  });

  it(`nesting the library reports as deeper than ${MAX_DEPTH} levels, whatever the innermost collection (it read 64 before)`, () => {
    const maps = (levels: number, leaf: string): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k:\n`).join('') + `${'  '.repeat(levels)}${leaf}\n`;
    const lists = (levels: number, leaf: string): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}-\n`).join('') + `${'  '.repeat(levels)}${leaf}\n`;
    // A key's list at the key's own column: `k:` then `- k:` one level in, each a mapping in a list in a mapping.
    const keyLists = (levels: number, leaf: string): string => `k:\n${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- k:\n`).join('')}${'  '.repeat(levels)}${leaf}\n`;
    for (const [nest, from] of [[maps, MAX_DEPTH - 3], [lists, MAX_DEPTH - 3], [keyLists, MAX_DEPTH / 2 - 3]] as const) {
      for (const leaf of ['v: 1', '- 1', 'v: [1]', 'v: []', '- a: 1', '- [1]']) {
        const seen = new Set<boolean>();
        for (let levels = from; levels <= from + 5; levels++) {
          const text = nest(levels, leaf);
          const deep = parseYamlLibrary(text).problems.some((p) => p.code === 'too-deep');
          seen.add(deep);
          if (deep) assert.equal(parseYamlFast(text), undefined, `${levels} levels of ${leaf}`);
          else reads(text);
        }
        assert.equal(seen.size, 2, `${leaf}: both sides of the limit`);
      }
    }
  });
});
