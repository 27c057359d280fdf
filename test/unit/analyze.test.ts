import assert from 'node:assert/strict';
import { analyze, analyzeAs, isQualysFileName, retarget } from '../../server/src/core/analyze';
import { MAX_DOCUMENT_SIZE } from '../../server/src/core/limits';
import { fixture, marked } from './helpers';

/*
 * The pipeline's own decisions, as a user sees them: whether a file is checked at all, what an empty
 * or a foreign file is told, what a record or a rule file's problem says and where, which findings a
 * file cut short while typing does not get, and the order and length of the messages. (#25: its mutants.)
 */

const codes = (text: string, name: string, options?: Parameters<typeof analyze>[3]): string[] => analyze(text, name, undefined, options).findings.map((f) => f.code);

describe('analyze: which files are requests', () => {
  it('a *.qualys.* name, in any case, makes a file a request; other names and endings do not', () => {
    for (const name of ['a.qualys.xml', 'a.qualys.json', 'a.qualys.yaml', 'a.qualys.yml', 'dir/A.QUALYS.JSON']) assert.equal(isQualysFileName(name), true, name);
    for (const name of ['a.json', 'qualys.json', 'a.qualys.json.bak', 'a.qualys.txt', 'a.qualysjson', 'a-qualys.json', 'a.qualys.yaaml']) assert.equal(isQualysFileName(name), false, name);
  });

  it('any other file is one when ServiceRequest is in its first 4 KB, or when the caller says so', () => {
    assert.equal(analyze('{"foo": 1}', 'package.json').isRequest, false);
    assert.deepEqual(analyze('{"foo": 1}', 'package.json').findings, []);
    assert.equal(analyze('{"foo": 1}', 'a.json', undefined, { treatAsRequest: true }).isRequest, true);
    const late = `{"pad": "${'x'.repeat(4100)}", "ServiceRequest": {}}`;
    assert.equal(analyze(late, 'a.json').isRequest, false);
    assert.equal(analyze(late.slice(0, 4096) + '"}', 'a.json').isRequest, false, 'ServiceRequest past 4 KB');
    assert.equal(analyze('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "n"}}}}', 'a.json').isRequest, true);
  });

  it('a broken file counts as a request when it starts as one, in each format', () => {
    const cases: [string, string, boolean][] = [
      ['{"ServiceRequest": {"data": {"AwsAssetDataConnector": {', 'a.json', true],
      ['  {\n  "ServiceRequest" : {', 'a.json', true],
      ['<ServiceRequest><data><AwsAssetDataConnector>', 'a.xml', true],
      ['<?xml version="1.0"?>\n<ServiceRequest\n  ><data>', 'a.xml', true],
      ['ServiceRequest:\n  data: [\n', 'a.yaml', true],
      ['# a comment\nServiceRequest :\n  data: [\n', 'a.yaml', true],
      ['[{"ServiceRequest": {"data": {', 'a.json', false],
      ['{"note": "ServiceRequest", ', 'a.json', false],
      ['<ServiceRequests><x>', 'a.xml', false],
      ['<Other>ServiceRequest</', 'a.xml', false],
      ['note: ServiceRequest: x\n  - [', 'a.yaml', false],
      ['ServiceRequests:\n  data: [\n', 'a.yaml', false],
    ];
    for (const [text, name, request] of cases) {
      const a = analyze(text, name);
      assert.equal(a.isRequest, request, text);
      // A request is told of its syntax error; anything else is told nothing.
      assert.equal(a.findings.some((f) => f.code === 'syntax'), request, text);
      if (!request) assert.deepEqual(a.findings, [], text);
    }
  });

  it('a broken file counts as a request when ServiceRequest starts it in its first 4 KB, even when the parser finds no envelope', () => {
    const deep = '['.repeat(3000);
    for (const text of [`ServiceRequest: ${deep}`, `  ServiceRequest : ${deep}`, `x: 1\nServiceRequest : ${deep}`]) {
      const a = analyze(text, 'a.yaml');
      assert.equal(a.isRequest, true, text.slice(0, 30));
      assert.deepEqual(a.findings.map((f) => f.code), ['too-deep']);
    }
    assert.equal(analyze(`# ServiceRequest\n${'#\n'.repeat(2100)}ServiceRequest: ${deep}`, 'a.yaml').isRequest, false, 'its mark past 4 KB');
    assert.equal(analyze(`# ServiceRequest\nServiceRequests: ${deep}`, 'a.yaml').isRequest, false);
    const wrapped = analyze('<Envelope><ServiceRequest><data/></ServiceRequest></Envelope>', 'a.xml');
    assert.equal(wrapped.isRequest, false, 'a whole XML file whose root is another element is not a request');
    assert.deepEqual(wrapped.findings, []);
    const xml = analyze('<x><ServiceRequest>', 'a.xml');
    assert.equal(xml.isRequest, true);
    assert.deepEqual(xml.findings.map((f) => f.code), ['syntax'], 'a broken file is not told it is not a request');
    assert.equal(analyze('<x><ServiceRequests>', 'a.xml').isRequest, false);
    assert.deepEqual(codes('<x><ServiceRequest>', 'a.qualys.xml'), ['syntax']);
    assert.deepEqual(codes(`ServiceRequest: ${deep}`, 'a.qualys.yaml', { record: { problem: 'r' } }), ['bad-record', 'too-deep']);
    assert.deepEqual(analyze(`ServiceRequest: ${deep}`, 'a.qualys.yaml', undefined, { record: { problem: 'r' } }).findings[0].span, { start: 0, end: 0 });
    assert.deepEqual(analyze(`ServiceRequest: ${deep}`, 'a.qualys.yaml', undefined, { rules: { levels: new Map(), problem: 'q' } }).findings[0].span, { start: 0, end: 0 });
  });

  it('a file not parsed (not a request, or too large) has an empty parse', () => {
    assert.deepEqual(analyze('{"foo": 1}', 'package.json').parsed, { format: 'json', root: undefined, problems: [] });
    assert.deepEqual(analyze('a: 1', 'a.qualys.yaml', undefined, { size: MAX_DOCUMENT_SIZE + 1 }).parsed, { format: 'yaml', root: undefined, problems: [] });
    assert.deepEqual(analyze('{"foo": 1}', 'package.json').recorded, {});
  });

  it('a pasted answer is told what the quick fix makes of it, at its ServiceResponse key', () => {
    const { text, spans } = marked('{«"ServiceResponse"»: {"responseCode": "SUCCESS", "data": [{"AwsAssetDataConnector": {"id": 7, "name": "n"}}]}}');
    const found = analyze(text, 'a.qualys.json').findings;
    assert.deepEqual(found.map((f) => [f.code, f.severity, f.span]), [['pasted-response', 'error', spans[0]]]);
    assert.equal(
      found[0].message,
      'This is a Qualys answer (ServiceResponse), not a request: the quick fix makes it the update request of aws connector 7 (list becomes set; read-only and unknown fields go) and records the id.',
    );
    const other = analyze('{"foo": 1}', 'a.qualys.json').findings[0];
    assert.equal(other.severity, 'error');
  });

  it('a request file of another root is told what it holds, at its first key or the whole file', () => {
    const { text, spans } = marked('{«"foo"»: 1, "ServiceRequests": {}}');
    const a = analyze(text, 'a.qualys.json');
    assert.deepEqual(a.findings.map((f) => [f.code, f.span, f.message]), [['not-a-request', spans[0], 'Expected a ServiceRequest root; found "foo".']]);
    assert.deepEqual(analyze('{}', 'a.qualys.json').findings.map((f) => [f.code, f.span, f.message]), [['not-a-request', { start: 0, end: 2 }, 'Expected a ServiceRequest root; found no ServiceRequest.']]);
    assert.deepEqual(codes('- ServiceRequest\n', 'a.qualys.yaml'), ['not-a-request']);
  });

  it('a file larger than a request can be is refused whole, by its size or the size the caller read it from', () => {
    assert.deepEqual(codes('{"ServiceRequest": {}}', 'a.qualys.json', { size: MAX_DOCUMENT_SIZE + 1 }), ['too-large']);
    assert.equal(analyze('{"ServiceRequest": {}}', 'a.qualys.json', undefined, { size: MAX_DOCUMENT_SIZE + 1 }).isRequest, true);
    assert.deepEqual(codes('{"ServiceRequest": null}', 'a.qualys.json', { size: MAX_DOCUMENT_SIZE }), ['empty-request']);
  });
});

describe('analyze: empty requests, unsent bodies, records and rule files', () => {
  it('an envelope with nothing in it, and no operation recorded, is one error at ServiceRequest saying what to do', () => {
    for (const [source, name] of [
      ['<«ServiceRequest»/>', 'a.qualys.xml'],
      ['<«ServiceRequest»></ServiceRequest>', 'a.qualys.xml'],
      ['«ServiceRequest»: {}\n', 'a.qualys.yaml'],
      ['«ServiceRequest»:\n', 'a.qualys.yaml'],
      ['{«"ServiceRequest"»: null}', 'a.qualys.json'],
      ['{«"ServiceRequest"»: ""}', 'a.qualys.json'],
    ]) {
      const { text, spans } = marked(source);
      const a = analyze(text, name);
      assert.deepEqual(a.findings.map((f) => [f.code, f.severity, f.span]), [['empty-request', 'error', spans[0]]], source);
      assert.match(a.findings[0].message, /^This request is empty and no operation is recorded for it, so it is checked as an update, which needs data\. If it is a run, a get or a delete of one id, record that \(Set Request Target, or qualys-connector send --operation\)/);
    }
  });

  it('a create with nothing in it is told what it misses, not that it is empty', () => {
    assert.deepEqual(codes('{"ServiceRequest": {}}', 'aws-create.qualys.json'), ['missing-field']);
  });

  it('an envelope holding something, or whose operation is recorded, is checked as usual instead', () => {
    for (const text of ['{"ServiceRequest": 0}', '{"ServiceRequest": []}', '{"ServiceRequest": "x"}', '{"ServiceRequest": false}', '{"ServiceRequest": {"data": {}}}']) {
      assert.ok(!codes(text, 'a.qualys.json').includes('empty-request'), text);
    }
    assert.deepEqual(codes('{"ServiceRequest": null}', 'a.qualys.json', { operation: 'update' }), ['wrong-type']);
    assert.deepEqual(codes('{"ServiceRequest": {}}', 'a.qualys.json', { operation: 'delete' }), ['missing-field']);
  });

  it('a body only the URL is sent without says so, naming the delete\'s id, and is not checked', () => {
    const del = analyze('{"ServiceRequest": {"data": 5}}', 'a.qualys.json', undefined, { record: { recorded: { operation: 'delete', id: 5 } } });
    assert.deepEqual(del.findings.map((f) => [f.code, f.severity, f.span]), [['body-not-sent', 'information', { start: 1, end: 17 }]]);
    assert.equal(
      del.findings[0].message,
      'This file is a delete of connector 5: only the URL is sent, not this body, so the body is not checked. Record another operation for it (Set Request Target) to send its body.',
    );
    const run = analyze('{"ServiceRequest": {}, "ServiceRequest": {}}', 'a.qualys.json', undefined, { record: { recorded: { operation: 'run', id: 5 } } });
    assert.deepEqual(run.findings.map((f) => f.code), ['body-not-sent', 'duplicate-key'], 'its syntax and duplicates are still read');
    assert.match(run.findings[0].message, /^This file is a run: only the URL is sent/);
    assert.match(analyze('{"ServiceRequest": {}}', 'a.qualys.json', undefined, { operation: 'get' }).findings[0].message, /^This file is a get: /);
  });

  it("a record's or a rule file's problem is an error at ServiceRequest, or at the root without one", () => {
    const { text, spans } = marked('{«"ServiceRequest"»: {"data": {"AwsAssetDataConnector": {"name": "n"}}}}');
    const a = analyze(text, 'a.qualys.json', undefined, { record: { problem: 'the record is broken' }, rules: { levels: new Map(), problem: 'the rule file is broken' } });
    assert.deepEqual(a.findings.map((f) => [f.code, f.severity, f.span, f.message]), [
      ['bad-record', 'error', spans[0], 'the record is broken'],
      ['bad-rule-config', 'error', spans[0], 'the rule file is broken'],
    ]);
    const rootless = analyze('[1]', 'a.qualys.json', undefined, { record: { problem: 'r' }, rules: { levels: new Map(), problem: 'q' } });
    assert.deepEqual(rootless.findings.map((f) => [f.code, f.span]), [
      ['bad-record', { start: 0, end: 3 }],
      ['bad-rule-config', { start: 0, end: 3 }],
      ['not-a-request', { start: 0, end: 3 }],
    ]);
  });

  it('a message past 500 characters is cut with an ellipsis; one of 500 is kept whole', () => {
    const long = analyze('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "n"}}}}', 'a.qualys.json', undefined, { record: { problem: 'p'.repeat(501) } }).findings[0].message;
    assert.equal(long, 'p'.repeat(499) + '…');
    const exact = analyze('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "n"}}}}', 'a.qualys.json', undefined, { record: { problem: 'p'.repeat(500) } }).findings[0].message;
    assert.equal(exact, 'p'.repeat(500));
  });
});

describe('analyze: files being typed, byte order marks, the order of findings', () => {
  it('a file cut short gets its syntax error, not the missing fields and empty lists it would have if it ended there', () => {
    const text = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"runFrequency": "x", "activation": {}';
    assert.deepEqual(codes(text, 'aws-create.qualys.json'), ['wrong-type', 'syntax']);
    assert.deepEqual(codes(text + '}}}}', 'aws-create.qualys.json'), ['wrong-type', 'empty-collection']);
    assert.deepEqual(codes('{"ServiceRequest": {}', 'a.qualys.json', { operation: 'delete' }), ['syntax']);
    assert.deepEqual(codes('{"ServiceRequest": {}}', 'a.qualys.json', { operation: 'delete' }), ['missing-field']);
  });

  it('a request typed so far is told its syntax error alone: not that it is empty, nor that a value not written yet has the wrong type', () => {
    assert.deepEqual(codes('{"ServiceRequest"', 'a.qualys.json'), ['syntax']);
    assert.deepEqual(codes('<ServiceRequest>', 'a.qualys.xml'), ['syntax']);
    assert.deepEqual(codes('{"ServiceRequest": {"data": ', 'a.qualys.json'), ['syntax']);
    // A value written, null included, is judged as usual; a finished empty request is still told it is empty.
    assert.deepEqual(codes('{"ServiceRequest": {"data": null', 'a.qualys.json'), ['wrong-type', 'syntax']);
    assert.deepEqual(codes('{"ServiceRequest": {}}', 'a.qualys.json'), ['empty-request']);
    assert.deepEqual(codes('<ServiceRequest/>', 'a.qualys.xml'), ['empty-request']);
  });

  it('a byte order mark is read as nothing, and findings land where the editor has the text', () => {
    const { text, spans } = marked('\ufeff{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": «5»}}}}');
    const a = analyze(text, 'aws-update.qualys.json');
    assert.deepEqual(a.findings.map((f) => [f.code, f.span]), [['wrong-type', spans[0]]]);
  });

  it('findings come in the order of the text, a shorter one first at the same place, then by code', () => {
    const text = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": 5, "colour": 1, "runFrequency": "x", "name": 6}}}}';
    const found = analyze(text, 'aws-update.qualys.json').findings;
    const keys = found.map((f) => [f.span.start, f.span.end, f.code] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    assert.deepEqual(keys, sorted);
    assert.ok(found.length >= 3, found.map((f) => f.code).join());
    const { text: gcp } = marked(fixture('invalid', 'gcp-create-missing-fields.json'));
    const atOnePlace = analyze(gcp, 'gcp-create-missing-fields.json').findings;
    assert.deepEqual(atOnePlace.map((f) => f.code), ['gcp-create-type', 'missing-field', 'missing-field', 'missing-field'], 'at one place, by code');
    assert.deepEqual(atOnePlace.slice(1).map((f) => f.message.replace(/.*"(.*)"\.$/, '$1')), ['authRecord', 'runFrequency', 'connectorAppInfos'], 'one code: in the order found');
    const nested = analyze('<x><ServiceRequest><data>', 'a.qualys.xml', undefined, { record: { problem: 'r' } }).findings;
    assert.deepEqual(nested.map((f) => [f.code, f.span.start]), [['bad-record', 0], ['syntax', 20]], 'the whole file first, then what is inside it');
    const record = analyze('{"ServiceRequest": {"data": 1}}', 'a.qualys.json', undefined, { record: { problem: 'r' }, rules: { levels: new Map(), problem: 'q' } }).findings;
    assert.deepEqual(record.map((f) => f.code), ['bad-record', 'bad-rule-config', 'wrong-type']);
  });
});

describe('analyze: a target known from elsewhere', () => {
  it("analyzeAs checks a body as the given kind and operation; retarget puts a flag's answer over the record", () => {
    const body = '{"ServiceRequest": {"data": {"AzureAssetDataConnector": {"name": "n"}}}}';
    const a = analyzeAs(body, 'json', { kind: 'azure', operation: 'update' });
    assert.equal(a.isRequest, true);
    assert.equal(a.target.operation, 'update');
    assert.equal(a.kind, 'azure');
    const recorded = analyze(body, 'a.qualys.json', undefined, { record: { recorded: { operation: 'update', id: 7 } } });
    const again = retarget(recorded, { operation: undefined, id: 9 });
    assert.equal(again.operation, 'update', 'an undefined answer keeps the record');
    const deleting = analyze(body, 'a.qualys.json', undefined, { record: { recorded: { operation: 'delete', id: 7 } } });
    assert.equal(retarget(deleting, { operation: undefined, id: 9 }).operation, 'delete');
    const foreign = analyzeAs('{"foo": 1}', 'json', { kind: 'aws', operation: 'create' });
    assert.deepEqual(foreign.findings.map((f) => f.code), ['not-a-request'], 'a body the emulator is sent is a request whatever it holds');
    assert.equal(foreign.name, '');
    assert.equal(again.id, 9);
  });
});
