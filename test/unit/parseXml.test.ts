import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/core/parse/xml';
import { MAX_DEPTH, Property, SourceNode, Span } from '../../server/src/core/tree';

/** Each problem as [the text it marks, its start, its code, its message without the "XML syntax error: " prefix]. */
function problems(text: string): [string, number, string, string][] {
  return parseXml(text).problems.map((p) => [text.slice(p.span.start, p.span.end), p.span.start, p.code, p.message.replace(/^XML syntax error: /, '')]);
}

/** The root element's property: `<a>…</a>` read as `{"a": …}`. */
function rootElement(text: string): Property {
  const { root } = parseXml(text);
  assert.equal(root?.type, 'object', text);
  if (root?.type !== 'object') throw new Error('no root');
  assert.equal(root.properties.length, 1);
  return root.properties[0];
}

function props(node: SourceNode): Property[] {
  assert.equal(node.type, 'object');
  return node.type === 'object' ? node.properties : [];
}

/** What a span marks, with where it starts: a squiggle one character off shows as other text. */
function at(text: string, span: Span): [string, number] {
  return [text.slice(span.start, span.end), span.start];
}

/** Key, the text its key span marks, the value's type, the text its span marks and the value. */
function entry(text: string, p: Property): [string, [string, number], string, [string, number], unknown] {
  return [p.key, at(text, p.keySpan), p.value.type, at(text, p.value.span), p.value.type === 'scalar' ? p.value.value : undefined];
}

describe('parseXml: the tree and where each key and value lands', () => {
  it('reads the root element as a one-key object, its children as properties, text as untyped scalars', () => {
    const text = '<a>\n  <b>1</b>\n  <c>x y</c>\n  <b>2</b>\n</a>';
    const { root, problems: found, format } = parseXml(text);
    assert.equal(format, 'xml');
    assert.deepEqual(found, []);
    assert.deepEqual(root?.span, { start: 0, end: text.length });
    const a = rootElement(text);
    assert.deepEqual(entry(text, a).slice(0, 4), ['a', ['a', 1], 'object', [text, 0]]);
    assert.deepEqual(props(a.value).map((p) => entry(text, p)), [
      ['b', ['b', 7], 'scalar', ['1', 9], '1'],
      ['c', ['c', 18], 'scalar', ['x y', 20], 'x y'],
      ['b', ['b', 31], 'scalar', ['2', 33], '2'],
    ]);
    const first = props(a.value)[0].value;
    assert.equal(first.type === 'scalar' && first.untyped, true);
  });

  it('marks a value without the blanks and comments around it, and keeps its text as written', () => {
    const cases: [string, string, number, string][] = [
      ['<a> x </a>', 'x', 4, ' x '],
      ['<a>\n\t x y \r\n</a>', 'x y', 6, '\n\t x y \n'],
      ['<a><!-- c --> x <!-- d --></a>', 'x', 14, ' x '],
      ['<a><!--c-->x</a>', 'x', 11, 'x'],
      ['<a>x<!--c--></a>', 'x', 3, 'x'],
      ['<a> <!--1--> <!--2--> x <!--3--> <!--4--> </a>', 'x', 22, '   x   '],
      ['<a><![CDATA[ <x> & ]]></a>', '<![CDATA[ <x> & ]]>', 3, ' <x> & '],
      // A comment inside the value is part of what is marked, not of the value.
      ['<a>x<!--c-->y</a>', 'x<!--c-->y', 3, 'xy'],
      ['<a> x <!--c--> y </a>', 'x <!--c--> y', 4, ' x  y '],
      ['<a><!--1--> <!--2--> x</a>', 'x', 21, '  x'],
      // `-->` in text is text, even after a comment.
      ['<a><!--c-->x--></a>', 'x-->', 11, 'x-->'],
    ];
    for (const [text, marked, start, value] of cases) {
      assert.deepEqual(entry(text, rootElement(text)).slice(3), [[marked, start], value], text);
    }
  });

  it('a comment that does not close before the value ends is not trimmed away', () => {
    // `-->` inside the text without its `<!--` is text; `<!--` without its `-->` past the value neither.
    const text = '<a>x --></a>';
    assert.deepEqual(entry(text, rootElement(text)).slice(3), [['x -->', 3], 'x -->']);
  });

  it('a file cut short inside a comment marks the value from the comment on', () => {
    const text = '<a><!-- c';
    assert.equal(rootElement(text).value.span.start, 3);
  });

  it('an element that holds only blanks or comments marks the whole element, with an empty value', () => {
    for (const text of ['<a>  <!-- only --> </a>', '<a></a>', '<a/>', '<a>\n</a>']) {
      assert.deepEqual(entry(text, rootElement(text)).slice(2), ['scalar', [text, 0], ''], text);
    }
    const text = '<r><a/><b>\n  </b></r>';
    assert.deepEqual(props(rootElement(text).value).map((p) => entry(text, p)), [
      ['a', ['a', 4], 'scalar', ['<a/>', 3], ''],
      ['b', ['b', 8], 'scalar', ['<b>\n  </b>', 7], ''],
    ]);
  });

  it('attributes become properties on the key and the value between the quotes, text becomes "value"', () => {
    const text = '<r>\n  <b id="1"\n     name = \'x"y\'>v</b>\n</r>';
    assert.deepEqual(props(props(rootElement(text).value)[0].value).map((p) => entry(text, p)), [
      ['id', ['id', 9], 'scalar', ['1', 13], '1'],
      ['name', ['name', 21], 'scalar', ['x"y', 29], 'x"y'],
      ['value', ['v', 34], 'scalar', ['v', 34], 'v'],
    ]);
  });

  it('attribute values and the text beside them are untyped, as element text is: the schema types them', () => {
    const text = '<a k="120">true</a>';
    assert.deepEqual(props(rootElement(text).value).map((p) => [p.key, p.value.type === 'scalar' && p.value.untyped]), [['k', true], ['value', true]]);
  });

  it('an attribute value is marked between its own quotes, whatever quotes follow the tag', () => {
    const text = '<a k="1">"q"</a>';
    assert.deepEqual(props(rootElement(text).value).map((p) => entry(text, p)), [
      ['k', ['k', 3], 'scalar', ['1', 6], '1'],
      ['value', ['"q"', 9], 'scalar', ['"q"', 9], '"q"'],
    ]);
  });

  it('the text beside attributes is trimmed, and marked without its blanks', () => {
    const text = '<Criteria field="name" operator="EQUALS">\n  my connector \n</Criteria>';
    assert.deepEqual(props(rootElement(text).value).map((p) => entry(text, p)), [
      ['field', ['field', 10], 'scalar', ['name', 17], 'name'],
      ['operator', ['operator', 23], 'scalar', ['EQUALS', 33], 'EQUALS'],
      ['value', ['my connector', 44], 'scalar', ['my connector', 44], 'my connector'],
    ]);
  });

  it('an attribute named like text before it is found at its own place', () => {
    const text = '<r k="k"><e name="name" k="name">t</e></r>';
    const e = props(rootElement(text).value).find((p) => p.key === 'e');
    assert.ok(e);
    assert.deepEqual(props(e.value).map((p) => entry(text, p)), [
      ['name', ['name', 12], 'scalar', ['name', 18], 'name'],
      ['k', ['k', 24], 'scalar', ['name', 27], 'name'],
      ['value', ['t', 33], 'scalar', ['t', 33], 't'],
    ]);
  });

  it('an element with attributes and children holds both, attributes first; with no text it is no mixed content', () => {
    const text = '<a k="1"><b>2</b></a>';
    const found = parseXml(text).problems;
    assert.deepEqual(found, []);
    assert.deepEqual(props(rootElement(text).value).map((p) => entry(text, p)), [
      ['k', ['k', 3], 'scalar', ['1', 6], '1'],
      ['b', ['b', 10], 'scalar', ['2', 12], '2'],
    ]);
  });

  it('an element with only attributes is an object of them, marked as the whole element', () => {
    const text = '<a k="1" j="2"/>';
    assert.deepEqual(entry(text, rootElement(text)).slice(2, 4), ['object', [text, 0]]);
    assert.deepEqual(props(rootElement(text).value).map((p) => p.key), ['k', 'j']);
    const tagged = '<a k="1"></a>';
    assert.deepEqual(props(rootElement(tagged).value).map((p) => entry(tagged, p)), [['k', ['k', 3], 'scalar', ['1', 6], '1']]);
  });

  it('namespace declarations and xsi attributes are not properties; a prefixed name is kept whole', () => {
    const text = '<ns:a xmlns:ns="u" xmlns="v" xsi:type="t" xmlnsx="w" k="1"/>';
    const a = rootElement(text);
    assert.deepEqual(at(text, a.keySpan), ['ns:a', 1]);
    assert.deepEqual(props(a.value).map((p) => entry(text, p)), [
      ['xmlnsx', ['xmlnsx', 42], 'scalar', ['w', 50], 'w'],
      ['k', ['k', 53], 'scalar', ['1', 56], '1'],
    ]);
    // Only declarations: nothing is left, so it reads as an empty element.
    const only = '<a xmlns="v" xsi:nil="true"/>';
    assert.deepEqual(entry(only, rootElement(only)).slice(2), ['scalar', [only, 0], '']);
  });

  it('keys land on their names after line breaks, CRLF, tabs, astral characters and in tags split over lines', () => {
    const cases: string[] = [
      '<a>\r\n<b>1</b>\r\n<c k="2">3</c></a>',
      '<a>\n\t<b\n>1</b><c\n\tk="2"\n>3</c></a>',
      '<a><!--😀😀--><b>1</b><c k="2">3</c></a>',
      '<a><b>😀1</b><c k="😀">3</c></a>',
      '<a><b\r\n>1</b><c\r\n k="2"\r\n/></a>',
    ];
    for (const text of cases) {
      const keys = props(rootElement(text).value).map((p) => at(text, p.keySpan));
      assert.deepEqual(keys, [['b', text.indexOf('<b') + 1], ['c', text.indexOf('<c') + 1]], text);
    }
  });

  it('a child named like a prefix of its parent gets its own place', () => {
    const text = '<ab><a>1</a><abc/></ab>';
    assert.deepEqual(props(rootElement(text).value).map((p) => at(text, p.keySpan)), [['a', 5], ['abc', 13]]);
  });

  it('an element whose text holds a character reference or entity is read as that text', () => {
    const text = '<a>&amp;&lt;&#65;&#x42;&quot;</a>';
    assert.deepEqual(entry(text, rootElement(text)).slice(3), [['&amp;&lt;&#65;&#x42;&quot;', 3], '&<AB"']);
    assert.deepEqual(parseXml(text).problems, []);
  });
});

describe('parseXml: what it says about a broken file, and where', () => {
  it('names each mistake on the characters at fault', () => {
    const cases: [string, [string, number, string, string][]][] = [
      ['<a><b>x</a>', [['b', 4, 'syntax', '<b> is not closed: add </b> before the next closing tag.']]],
      ['<a><b><c>x</c></a>', [['b', 4, 'syntax', '<b> is not closed: add </b> before the next closing tag.']]],
      ['<a><b>x', [['b', 4, 'syntax', '<b> is not closed.']]],
      ['<a><b>x</b>', [['a', 1, 'syntax', '<a> is not closed.']]],
      ['<a><b>x</b', [['b', 4, 'syntax', '<b> is not closed.']]],
      ['<a x=1/>', [['1', 5, 'syntax', 'unquoted attribute value.']]],
      ['<a></a><b/>', [['/', 9, 'syntax', 'documents may contain only one root.']]],
      ['', [['', 0, 'syntax', 'document must contain a root element.']]],
      ['hello', [['o', 4, 'syntax', 'text data outside of root node.']]],
      ['<a>x</a>junk', [['k', 11, 'syntax', 'text data outside of root node.']]],
      ['<a>&foo;</a>', [[';', 7, 'syntax', 'undefined entity.']]],
      // A closing tag cut short before the next tag: the element it meant to close is named.
      ['<a><b></b\n<c/></a>', [['b', 4, 'syntax', '<b> is not closed: add </b> before the next closing tag.']]],
    ];
    for (const [text, expected] of cases) assert.deepEqual(problems(text), expected, text);
  });

  it('a closing tag that names no open element is named itself, not an element it happened to close', () => {
    const cases: [string, [string, number, string, string][]][] = [
      ['<a><b></b></c></a>', [['c', 12, 'syntax', '</c> closes no open element: remove it, or correct its name (<a> is open).']]],
      ['<a></b></a>', [['b', 5, 'syntax', '</b> closes no open element: remove it, or correct its name (<a> is open).']]],
      ['<a><b></c ></a>', [['c', 8, 'syntax', '</c> closes no open element: remove it, or correct its name (<b> is open).']]],
      ['<a><bb></b></a>', [['b', 9, 'syntax', '</b> closes no open element: remove it, or correct its name (<bb> is open).']]],
      ['<a><b>1</b></b></a>', [['b', 13, 'syntax', '</b> closes no open element: remove it, or correct its name (<a> is open).']]],
      // After the root element, nothing is open.
      ['<a></a></b>', [['b', 9, 'syntax', '</b> closes no open element: remove it.']]],
      // A closing tag of an element still open names the one left unclosed, as before.
      ['<a><b><c></a>', [['c', 7, 'syntax', '<c> is not closed: add </c> before the next closing tag.']]],
    ];
    for (const [text, expected] of cases) assert.deepEqual(problems(text), expected, text);
    const name = 'n'.repeat(70);
    assert.equal(problems(`<${name}></x${name}></${name}>`)[0][3], `</x${'n'.repeat(56)}…> closes no open element: remove it, or correct its name (<${'n'.repeat(57)}…> is open).`);
  });

  it('the library\'s line and column and its closing period are left out of its message, on any line', () => {
    const text = `${'<a>\n'.repeat(11)}<b x.y="1" x.y="2"/>${'</a>'.repeat(11)}`;
    assert.deepEqual(problems(text).map((p) => [p[2], p[3]]), [['syntax', 'duplicate attribute: x.y.']]);
  });

  it('reports the first mistake only, not one per character or ancestor after it', () => {
    assert.equal(parseXml('<a><b><c>x</a> < > junk </z>').problems.length, 1);
    assert.deepEqual(problems('<a x=1 y=2 z=3/>'), [['1', 5, 'syntax', 'unquoted attribute value.']]);
  });

  it('keeps what was read before and after a mistake, so findings go on in the rest of the file', () => {
    const text = '<a><b>x</a>';
    const a = rootElement(text);
    assert.deepEqual(props(a.value).map((p) => entry(text, p)), [['b', ['b', 4], 'scalar', ['x', 6], 'x']]);
    const cut = '<a><b>1</b><c>2';
    assert.deepEqual(props(rootElement(cut).value).map((p) => entry(cut, p)), [
      ['b', ['b', 4], 'scalar', ['1', 6], '1'],
      ['c', ['c', 12], 'scalar', ['2', 14], '2'],
    ]);
    assert.deepEqual(rootElement(cut).value.span, { start: 0, end: cut.length });
    assert.deepEqual(parseXml(cut).root?.span, { start: 0, end: cut.length });
  });

  it('a file cut short inside an element with attributes keeps them', () => {
    const text = '<a><b k="1">v';
    const b = props(rootElement(text).value)[0];
    assert.deepEqual(props(b.value).map((p) => entry(text, p)), [
      ['k', ['k', 6], 'scalar', ['1', 9], '1'],
      ['value', ['v', 12], 'scalar', ['v', 12], 'v'],
    ]);
    assert.deepEqual(problems(text), [['b', 4, 'syntax', '<b> is not closed.']]);
  });

  it('only the first root element is read', () => {
    const text = '<a>1</a><b>2</b>';
    assert.deepEqual(entry(text, rootElement(text)), ['a', ['a', 1], 'scalar', ['1', 3], '1']);
  });

  it('a bare "&" is marked where it stands, read as a character, and does not hide the rest of the file', () => {
    assert.deepEqual(problems('<a>x &y</a>'), [['&', 5, 'syntax', 'a bare "&" must be written &amp;.']]);
    // The first one only.
    assert.deepEqual(problems('<a>& &</a>'), [['&', 3, 'syntax', 'a bare "&" must be written &amp;.']]);
    const text = '<a><b>R&D</b><c>2</c></a>';
    assert.deepEqual(props(rootElement(text).value).map((p) => entry(text, p)), [
      ['b', ['b', 4], 'scalar', ['R&D', 6], 'R_D'],
      ['c', ['c', 14], 'scalar', ['2', 16], '2'],
    ]);
    // A reference is no bare "&", nor is one inside a comment or CDATA.
    assert.deepEqual(problems('<a>&amp;&#10;&#x1F600;&my.ent-1;</a>').map((p) => p[3]), ['undefined entity.']);
    assert.deepEqual(problems('<a><!-- & --><![CDATA[&]]>&x</a>'), [['&', 26, 'syntax', 'a bare "&" must be written &amp;.']]);
    assert.deepEqual(problems('<a><!-- & --><![CDATA[&]]></a>'), []);
    // A bare "&" is the one mistake named, even with others after it.
    assert.deepEqual(problems('<a>& y'), [['&', 3, 'syntax', 'a bare "&" must be written &amp;.']]);
    assert.deepEqual(problems('<a><!-- & -->x</a>'), []);
    // `&#` with no digits, or `&#x` with no hex digit, is bare.
    assert.deepEqual(problems('<a>&#;</a>'), [['&', 3, 'syntax', 'a bare "&" must be written &amp;.']]);
    assert.deepEqual(problems('<a>&#xG;</a>'), [['&', 3, 'syntax', 'a bare "&" must be written &amp;.']]);
    assert.deepEqual(problems('<a>&1;</a>'), [['&', 3, 'syntax', 'a bare "&" must be written &amp;.']]);
  });

  it('text beside child elements is named on the parent, and ignored', () => {
    const text = '<a>t<b>1</b></a>';
    assert.deepEqual(problems(text), [['a', 1, 'mixed-content', '<a> mixes text with child elements: the text is ignored.']]);
    assert.deepEqual(props(rootElement(text).value).map((p) => p.key), ['b']);
    const withAttribute = '<a k="1">t<b>1</b></a>';
    assert.deepEqual(problems(withAttribute), [['a', 1, 'mixed-content', '<a> mixes text with child elements: the text is ignored.']]);
    assert.deepEqual(props(rootElement(withAttribute).value).map((p) => p.key), ['k', 'b']);
    // Blanks and comments between children are not text.
    assert.deepEqual(problems('<a>\n  <!-- c -->\n  <b>1</b>\n</a>'), []);
    assert.deepEqual(problems('<a k="1">\n  <b>1</b>\n</a>'), []);
  });

  it('a long element name is shortened in a message', () => {
    const name = 'n'.repeat(70);
    const [[marked, , , message]] = problems(`<a><${name}>x</a>`);
    assert.equal(marked, name);
    assert.equal(message, `<${'n'.repeat(57)}…> is not closed: add </${'n'.repeat(57)}…> before the next closing tag.`);
    assert.equal(problems(`<a>t<${name}/></a>`)[0][3], `<a> mixes text with child elements: the text is ignored.`);
    assert.equal(problems(`<${name}>t<b/></${name}>`)[0][3], `<${'n'.repeat(57)}…> mixes text with child elements: the text is ignored.`);
  });

  it(`nesting deeper than ${MAX_DEPTH} levels is reported once, on the last element kept, and the file goes on after it`, () => {
    const depth = MAX_DEPTH + 2;
    const text = '<r>' + '<d>'.repeat(depth) + '<e k="1">x</e>' + '</d>'.repeat(depth) + '<s>1</s></r>';
    const found = parseXml(text).problems;
    const lastKept = 3 + (MAX_DEPTH - 1) * 3;
    assert.deepEqual(found.map((p) => [at(text, p.span), p.code]), [[['d', lastKept + 1], 'too-deep']]);
    const r = rootElement(text);
    assert.deepEqual(props(r.value).map((p) => p.key), ['d', 's']);
    assert.deepEqual(entry(text, props(r.value)[1]).slice(3), [['1', text.length - 9], '1']);
    // The element kept last holds nothing of what was cut.
    let node = props(r.value)[0].value;
    let levels = 1;
    while (node.type === 'object') {
      node = node.properties[0].value;
      levels++;
    }
    assert.equal(levels, MAX_DEPTH);
  });

  it('the element kept last keeps its own text, none of the text cut below it', () => {
    const text = '<r>' + '<d>'.repeat(MAX_DEPTH - 1) + '<d> x <f>y<g>z</g></f></d>' + '</d>'.repeat(MAX_DEPTH - 1) + '</r>';
    let node = rootElement(text).value;
    for (let level = 1; level <= MAX_DEPTH; level++) node = props(node)[0].value;
    assert.equal(node.type === 'scalar' ? node.value : undefined, ' x ');
    assert.equal(node.span.start, text.indexOf('x'));
  });

  it(`nesting of exactly ${MAX_DEPTH} levels below the root is kept whole`, () => {
    const text = '<r>' + '<d>'.repeat(MAX_DEPTH) + 'x' + '</d>'.repeat(MAX_DEPTH) + '</r>';
    assert.deepEqual(parseXml(text).problems, []);
  });
});
