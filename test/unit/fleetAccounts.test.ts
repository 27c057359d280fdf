import assert from 'node:assert/strict';
import { accountRequest, AccountProblems, MAX_PROBLEM_GROUPS, readTemplate } from '../../server/src/core/fleet/accounts';
import { responseAsRequest } from '../../server/src/core/fleet/pasted';
import { parse } from '../../server/src/core/parse';

const TEMPLATE = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      runFrequency: 240\n';
const ACCOUNT = { key: '1', entry: { Id: '1', Name: 'prod' } };

/** What `pasted` makes of an answer's text. */
const pasted = (text: string): ReturnType<typeof responseAsRequest> => {
  const root = parse(text, 'json').root;
  assert.ok(root && root.type === 'object');
  const sr = root.properties.find((p) => p.key === 'ServiceResponse');
  assert.ok(sr);
  return responseAsRequest(sr.value, 'json');
};

/** Each account's request made from a template, the problems of many accounts said once, and an answer pasted as a request. */
describe('fleet accounts and pasted answers', () => {
  it('reads a template as a create request, and says why one is not a template', () => {
    const ok = readTemplate(TEMPLATE, 't.qualys.yaml');
    assert.ok(!('problems' in ok) && ok.kind === 'aws' && ok.format === 'yaml');
    const none = readTemplate('just: text\n', 't.qualys.yaml');
    assert.ok('problems' in none && none.problems.length > 0, JSON.stringify(none));
    const broken = readTemplate('ServiceRequest: [\n', 't.qualys.yaml');
    assert.ok('problems' in broken && broken.problems.length >= 1 && broken.problems.length <= 3);
    const big = readTemplate(`ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      description: "${'x'.repeat(2.1 * 1024 * 1024)}"\n`, 't.qualys.yaml');
    assert.ok('problems' in big, 'a template past the size a request may be is no template');
  });

  it('makes a create for an account with no recorded id, and an update that enables its connector for one with an id', () => {
    const template = readTemplate(TEMPLATE, 't.qualys.yaml');
    assert.ok(!('problems' in template));
    const create = accountRequest(template, ACCOUNT, {});
    assert.ok(!('unresolved' in create));
    assert.deepEqual(create.target, { operation: 'create' });
    assert.match(create.text, /name: aws-prod|name: "aws-prod"/);
    assert.ok(!create.text.includes('disabled'));
    const update = accountRequest(template, ACCOUNT, { recorded: { operation: 'update', id: 42 } });
    assert.ok(!('unresolved' in update));
    assert.deepEqual(update.target, { operation: 'update', id: 42, kind: 'aws' });
    assert.match(update.text, /disabled: false/);
    assert.equal(update.prepared.operation, 'update');
    assert.equal(update.prepared.id, 42);
    // The template says disabled itself: it is kept.
    const says = readTemplate(TEMPLATE + '      disabled: true\n', 't.qualys.yaml');
    assert.ok(!('problems' in says));
    const kept = accountRequest(says, ACCOUNT, { recorded: { operation: 'update', id: 42, kind: 'aws' } });
    assert.ok(!('unresolved' in kept) && /disabled: true/.test(kept.text) && !/disabled: false/.test(kept.text));
    const unresolved = accountRequest(template, { key: '2', entry: { Id: '2' } }, {});
    assert.deepEqual(unresolved, { unresolved: '${Name} at ServiceRequest.data.AwsAssetDataConnector.name: the entry has no field "Name"', group: '${Name}@ServiceRequest.data.AwsAssetDataConnector.name', at: 'ServiceRequest.data.AwsAssetDataConnector.name' });
  });

  it('says each problem once with its first account and how many others, the path when known, and at most ten', () => {
    const p = new AccountProblems();
    assert.equal(p.empty, true);
    p.add('a', 'bad a', 'k1', 'x.y');
    p.add('a', 'bad a', 'k2', 'x.y');
    p.add('b', 'bad b', 'k3');
    p.add('c', 'bad c', 'k4');
    p.add('c', 'bad c', 'k5');
    p.add('c', 'bad c', 'k6');
    assert.equal(p.empty, false);
    assert.deepEqual(p.list(), [{ text: 'for k1 (and 1 other account): bad a', path: 'x.y' }, { text: 'for k3: bad b' }, { text: 'for k4 (and 2 other accounts): bad c' }]);
    const many = new AccountProblems();
    for (let i = 0; i < MAX_PROBLEM_GROUPS + 3; i++) many.add(`g${i}`, `m${i}`, `k${i}`);
    const listed = many.list();
    assert.equal(listed.length, MAX_PROBLEM_GROUPS + 1);
    assert.deepEqual(listed.at(-1), { text: '… and 3 more problems' });
    const exactly = new AccountProblems();
    for (let i = 0; i < MAX_PROBLEM_GROUPS; i++) exactly.add(`g${i}`, `m${i}`, `k${i}`);
    assert.equal(exactly.list().length, MAX_PROBLEM_GROUPS);
  });

  it('makes a pasted answer of one connector the update of it, and says why another answer cannot be', () => {
    const one = pasted('{"ServiceResponse": {"responseCode": "SUCCESS", "data": [{"AwsAssetDataConnector": {"id": "5", "name": "n"}}]}}');
    assert.ok(!('problem' in one) && one.id === 5 && one.kind === 'aws', JSON.stringify(one));
    const single = pasted('{"ServiceResponse": {"data": {"AzureAssetDataConnector": [{"id": 6, "name": "n"}]}}}');
    assert.ok(!('problem' in single) && single.id === 6 && single.kind === 'azure');
    assert.deepEqual(pasted('{"ServiceResponse": {"responseCode": "SUCCESS"}}'), { problem: 'It holds no connector (no AwsAssetDataConnector, AzureAssetDataConnector, GcpAssetDataConnector or OciAssetDataConnector under data).' });
    assert.deepEqual(pasted('{"ServiceResponse": {"data": [5, {"Other": {"id": 1}}]}}'), { problem: 'It holds no connector (no AwsAssetDataConnector, AzureAssetDataConnector, GcpAssetDataConnector or OciAssetDataConnector under data).' });
    assert.deepEqual(pasted('{"ServiceResponse": {"data": [{"AwsAssetDataConnector": [{"id": 1}, {"id": 2}]}]}}'), { problem: 'It holds 2 connectors: keep one of them (Pull writes one file a connector).' });
    assert.deepEqual(pasted('{"ServiceResponse": {"data": [{"AwsAssetDataConnector": {"name": "no id"}}]}}'), { problem: 'Its connector has no id, so there is no connector to update.' });
    assert.deepEqual(pasted('{"ServiceResponse": {"data": [{"AwsAssetDataConnector": {"id": "abc"}}]}}'), { problem: 'Its connector has no id, so there is no connector to update.' });
  });
});
