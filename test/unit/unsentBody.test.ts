import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { Operation } from '../../server/src/core/model';

/** The findings of a file recorded with this operation and id, as code@severity. */
function judged(text: string, name: string, operation: Operation, id?: number): string[] {
  return analyze(text, name, undefined, { record: { recorded: { operation, ...(id !== undefined ? { id } : {}) } } }).findings.map((f) => `${f.code}@${f.severity}`);
}

describe('a file whose body is never sent', () => {
  // Qualys' own scripts keep run and get requests as files beside the others, often as an empty envelope.
  for (const [operation, id] of [['run', 5], ['get', 5], ['delete', 5]] as const) {
    it(`recorded as ${operation} ${id}: an empty envelope gets one information finding, no missing data`, () => {
      for (const [text, name] of [
        ['<ServiceRequest/>', 'c.qualys.xml'],
        ['{"ServiceRequest": {}}', 'c.qualys.json'],
        ['ServiceRequest: {}\n', 'c.qualys.yaml'],
      ]) {
        assert.deepEqual(judged(text, name, operation, id), ['body-not-sent@information'], `${name}`);
      }
    });
  }

  it('is still read: a syntax error or a duplicate key is reported', () => {
    assert.ok(judged('<ServiceRequest><data></ServiceRequest>', 'c.qualys.xml', 'run', 5).some((f) => f.startsWith('syntax@error')));
    assert.ok(judged('{"ServiceRequest": {"data": {}, "data": {}}}', 'c.qualys.json', 'get', 5).includes('duplicate-key@error'));
  });

  it('a delete by filter sends its body, and is checked as before', () => {
    const found = judged('{"ServiceRequest": {}}', 'c.qualys.json', 'delete');
    assert.ok(!found.includes('body-not-sent@information'));
  });
});
