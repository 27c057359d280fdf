import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { prepareRequest } from '../../server/src/core/prepare';
import { identify, inferOperation } from '../../server/src/core/target';
import { requestLine } from '../../server/src/send/target';
import { fixture } from './helpers';

/** What a send of the file would do: operation, id, the request line and whether the body goes. */
function sendOf(text: string, name: string, override: { operation?: 'delete' | 'update'; id?: number } = {}, record: { operation?: 'delete'; id?: number } = {}) {
  const prepared = prepareRequest(text, analyze(text, name, undefined, { record: { recorded: record } }), override);
  const line = prepared.operation ? requestLine(prepared.kind, { operation: prepared.operation, id: prepared.id }, prepared.byFilter) : undefined;
  return { operation: prepared.operation, id: prepared.id, byFilter: prepared.byFilter, line, sendsBody: prepared.body !== undefined };
}

const BY_FILTER = `{"ServiceRequest": {"filters": {"Criteria": [{"field": "name", "operator": "EQUALS", "value": "old"}]}}}`;

describe("a file's target: identify and the one inference rule", () => {
  it('infers create only from a create-named file with no connector id', () => {
    assert.equal(inferOperation(true, false, false, 'aws-create.qualys.json'), 'create');
    assert.equal(inferOperation(true, false, false, 'aws-create.qualys.json', true), 'update', 'an id makes it an update of that connector');
    assert.equal(inferOperation(false, false, false, 'dir/create-me/aws.qualys.json', true), undefined, 'only the base name counts, and no data is nothing known');
    assert.equal(inferOperation(true, false, false, 'aws.qualys.json'), undefined);
    assert.equal(inferOperation(true, true, false, 'aws.qualys.json'), 'update');
    assert.equal(inferOperation(false, true, false, 'aws-create.qualys.json'), 'search');
    assert.equal(inferOperation(false, false, true, 'aws.qualys.json'), 'search');
  });

  it('sends a create-named file given an id (a flag or the record) as an update of that connector, not a second create', () => {
    const text = fixture('valid', 'aws-create-terraform.json');
    const flagged = sendOf(text, 'aws-create.qualys.json', { id: 5 });
    assert.deepEqual(flagged, { operation: 'update', id: 5, byFilter: false, line: { method: 'POST', path: '/qps/rest/3.0/update/am/awsassetdataconnector/5' }, sendsBody: true });
    assert.deepEqual(sendOf(text, 'aws-create.qualys.json', {}, { id: 5 }), flagged, 'a record with only an id says the same');
    const fresh = sendOf(text, 'aws-create.qualys.json');
    assert.deepEqual(fresh.line, { method: 'POST', path: '/qps/rest/3.0/create/am/awsassetdataconnector' });
    const target = analyze(text, 'aws-create.qualys.json', undefined, { record: { recorded: { id: 5 } } }).target;
    assert.equal(target.operationFrom, 'inferred');
    assert.equal(target.schema, 'update', 'and checked as the update it is sent as');
  });

  it('deletes by filter: a delete without an id sends the file, with filters, to the URL without an id', () => {
    const viaRecord = sendOf(BY_FILTER, 'old.qualys.json', {}, { operation: 'delete' });
    assert.deepEqual(viaRecord, { operation: 'delete', id: undefined, byFilter: true, line: { method: 'POST', path: '/qps/rest/3.0/delete/am/awsassetdataconnector' }, sendsBody: true });
    const one = sendOf(BY_FILTER, 'old.qualys.json', { operation: 'delete', id: 9 });
    assert.deepEqual(one, { operation: 'delete', id: 9, byFilter: false, line: { method: 'POST', path: '/qps/rest/3.0/delete/am/awsassetdataconnector/9' }, sendsBody: false }, 'with an id the file is not sent');
    const findings = analyze(BY_FILTER, 'old.qualys.json', undefined, { record: { recorded: { operation: 'delete' } } }).findings;
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), [], 'validate accepts a delete by filter');
  });
});

describe("a file's connector kind: the body, then the record, then the file's name", () => {
  const SEARCH = `{"ServiceRequest": {"filters": {"Criteria": [{"field": "name", "operator": "CONTAINS", "value": "prod"}]}}}`;
  const searchPath = (name: string, record: { kind?: 'gcp' } = {}) => (sendOf(SEARCH, name, {}, record as never).line as { path?: string } | undefined)?.path;

  it("sends a search that names no connector to the kind in the file's own name, whatever its case", () => {
    assert.equal(searchPath('azure-prod.qualys.json'), '/qps/rest/3.0/search/am/azureassetdataconnector');
    assert.equal(searchPath('Azure-Prod.qualys.json'), '/qps/rest/3.0/search/am/azureassetdataconnector');
    assert.equal(searchPath('prod.qualys.json'), '/qps/rest/3.0/search/am/awsassetdataconnector', 'no kind anywhere: AWS');
  });

  it("reads the kind from the file's name only, not the folders it is in", () => {
    assert.equal(searchPath('azure-exports/oci-list.qualys.json'), '/qps/rest/3.0/search/am/ociassetdataconnector');
    assert.equal(searchPath('gcp\\azure-list.qualys.json'), '/qps/rest/3.0/search/am/azureassetdataconnector');
  });

  it("takes the record's kind over the file's name", () => {
    assert.equal(searchPath('azure-prod.qualys.json', { kind: 'gcp' }), '/qps/rest/3.0/search/am/gcpassetdataconnector');
  });

  it('finds the connector element under data wherever it stands among the keys', () => {
    const text = `{"ServiceRequest": {"data": {"note": {}, "GcpAssetDataConnector": {"name": "x"}}}}`;
    assert.equal(analyze(text, 'azure-create.qualys.json').target.kind, 'gcp', 'the body says GCP, over the name');
    const after = `{"ServiceRequest": {"preferences": {"limitResults": 10}, "data": {"AzureAssetDataConnector": {"name": "x"}}}}`;
    assert.equal(analyze(after, 'x.qualys.json').target.kind, 'azure', 'data after preferences');
  });

  it('sends a file of preferences alone as a search', () => {
    const text = `{"ServiceRequest": {"preferences": {"limitResults": 10}}}`;
    assert.deepEqual(sendOf(text, 'gcp-first-ten.qualys.json').line, { method: 'POST', path: '/qps/rest/3.0/search/am/gcpassetdataconnector' });
  });

  it('a ServiceRequest that is not an object takes the kind from the name, without failing', () => {
    for (const text of ['{"ServiceRequest": []}', '{"ServiceRequest": "x"}']) {
      const analysis = analyze(text, 'oci-x.qualys.json');
      assert.equal(analysis.target.kind, 'oci', text);
      assert.equal(analysis.target.operation, undefined, text);
    }
    assert.equal(identify(undefined, 'azure-x.qualys.json').kind, 'azure');
  });

  it('a search or a create names no connector, even when the record holds an id', () => {
    assert.equal(identify(undefined, 'x.qualys.json', { operation: 'search', id: 7 }).id, undefined);
    assert.equal(identify(undefined, 'x.qualys.json', { operation: 'create', id: 7 }).id, undefined);
    const search = prepareRequest(SEARCH, analyze(SEARCH, 'x.qualys.json'), { operation: 'search', id: 7 });
    assert.equal(search.id, undefined, 'what send records and reports names no connector');
    assert.equal(identify(undefined, 'x.qualys.json', { operation: 'delete', id: 7 }).id, 7);
  });
});

describe('the request send prepares: headers, the errors it asks about, whether the operation was recorded', () => {
  it('asks for JSON answers to JSON and YAML files, XML to XML files, and sends each as written', () => {
    for (const [file, accept, type] of [
      ['aws-create-terraform.json', 'application/json', 'application/json'],
      ['aws-create-terraform.yaml', 'application/json', 'application/json'],
      ['aws-create-terraform.xml', 'application/xml', 'text/xml'],
    ]) {
      const text = fixture('valid', file);
      const prepared = prepareRequest(text, analyze(text, file));
      assert.deepEqual([prepared.operation, prepared.accept, prepared.contentType], ['create', accept, type], file);
    }
  });

  it('holds the errors, and only the errors, that send asks about before it sends', () => {
    const text = fixture('invalid', 'aws-update-date-day-first.json');
    const analysis = analyze(text, 'aws-update-date-day-first.json');
    const prepared = prepareRequest(text, analysis);
    assert.ok(analysis.findings.some((f) => f.severity === 'warning'), 'the fixture has a warning too');
    assert.deepEqual(prepared.errors, analysis.findings.filter((f) => f.severity === 'error'));
    assert.equal(prepared.errors.length, 2);
    const clean = fixture('valid', 'aws-create-terraform.json');
    assert.deepEqual(prepareRequest(clean, analyze(clean, 'aws-create-terraform.json')).errors, []);
  });

  it("marks an operation the record gave (send asks before it acts again on a real platform), not one the file's name gave", () => {
    const text = fixture('valid', 'aws-create-terraform.json');
    assert.equal(prepareRequest(text, analyze(text, 'aws-create.qualys.json')).recorded, false, 'inferred from the name');
    const recorded = prepareRequest(BY_FILTER, analyze(BY_FILTER, 'old.qualys.json', undefined, { record: { recorded: { operation: 'delete' } } }));
    assert.equal(recorded.recorded, true);
    assert.equal(prepareRequest(BY_FILTER, analyze(BY_FILTER, 'old.qualys.json'), { operation: 'delete' }).recorded, true, 'a flag counts as the record');
  });
});
