import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { prepareRequest } from '../../server/src/core/prepare';
import { inferOperation } from '../../server/src/core/target';
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
