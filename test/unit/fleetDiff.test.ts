import assert from 'node:assert/strict';
import { diffConnector, isRealChange } from '../../server/src/core/fleet/diff';
import { pulledFileName, pulledRequest } from '../../server/src/core/fleet/pulled';
import { liveAsRequest } from '../../server/src/core/fleet/shape';
import { canonical, isWrapped, itemsOf } from '../../server/src/core/fleet/values';

/** A live AWS connector as a JSON search answer gives it: booleans as strings, collections as `list`. */
const LIVE = {
  id: 1672601,
  name: 'prod',
  description: 'old',
  connectorState: 'SUCCESS',
  type: 'AWS',
  lastSync: '2024-01-01',
  disabled: 'false',
  runFrequency: 240,
  defaultTags: { list: [{ TagSimple: { id: 1 } }, { TagSimple: { id: 2 } }] },
  activation: { list: [{ ActivationModule: 'VM' }] },
  authRecord: {},
};

describe('plan: the diff engine (request value against live connector)', () => {
  it('finds nothing when the request is the pulled connector, in any shape Qualys accepts', () => {
    const request = { name: 'prod', description: 'old', disabled: false, runFrequency: '240', defaultTags: { set: { TagSimple: [{ id: 2 }, { id: 1 }] } }, activation: { set: { ActivationModule: 'VM' } } };
    assert.deepEqual(diffConnector('aws', request, LIVE), []);
  });

  it('lists each changed field with its live and new value', () => {
    const changes = diffConnector('aws', { description: 'new', disabled: true, isRemediationEnabled: true }, LIVE);
    assert.deepEqual(changes, [
      { path: 'description', action: 'value', before: 'old', after: 'new' },
      { path: 'disabled', action: 'value', before: false, after: true },
      { path: 'isRemediationEnabled', action: 'value', before: undefined, after: true },
    ]);
  });

  it('gives set, add and remove their meaning: replace, append what is missing, delete what is there', () => {
    assert.deepEqual(diffConnector('aws', { defaultTags: { set: { TagSimple: { id: 3 } } } }, LIVE), [{ path: 'defaultTags', action: 'set', before: [{ id: 1 }, { id: 2 }], after: [{ id: 3 }] }]);
    assert.deepEqual(diffConnector('aws', { defaultTags: { add: { TagSimple: [{ id: 2 }, { id: 9 }] } } }, LIVE), [{ path: 'defaultTags', action: 'add', after: [{ id: 9 }] }]);
    assert.deepEqual(diffConnector('aws', { defaultTags: { add: { TagSimple: { id: 1 } } } }, LIVE), [], 'adding a tag it has changes nothing');
    assert.deepEqual(diffConnector('aws', { defaultTags: { remove: { TagSimple: [{ id: 1 }, { id: 7 }] } } }, LIVE), [{ path: 'defaultTags', action: 'remove', after: [{ id: 1 }] }]);
    assert.deepEqual(diffConnector('aws', { defaultTags: { remove: { TagSimple: { id: 7 } } } }, LIVE), [], 'removing a tag it lacks changes nothing');
  });

  it('ignores read-only fields and shows secrets only as sent, never as a counted change', () => {
    assert.deepEqual(diffConnector('aws', { lastSync: 'x', connectorState: 'y' }, LIVE), []);
    const changes = diffConnector('azure', { authRecord: { applicationId: 'a', authenticationKey: 'k3y' } }, { id: 5, authRecord: {} });
    assert.deepEqual(changes, [
      { path: 'authRecord.applicationId', action: 'value', before: undefined, after: 'a' },
      { path: 'authRecord.authenticationKey', action: 'secret' },
    ]);
    assert.equal(changes.filter(isRealChange).length, 1);
    assert.ok(!JSON.stringify(changes).includes('k3y'));
  });
});

describe('pull: live connectors as update requests', () => {
  it('drops read-only fields and secrets, turns list into set and strings into the documented types', () => {
    const shaped = liveAsRequest('azure', { ...LIVE, type: 'AZURE', authRecord: { applicationId: 'app', authenticationKey: 'leak' } });
    assert.deepEqual(shaped, {
      name: 'prod',
      description: 'old',
      disabled: false,
      runFrequency: 240,
      defaultTags: { set: { TagSimple: [{ id: 1 }, { id: 2 }] } },
      activation: { set: { ActivationModule: 'VM' } },
      authRecord: { applicationId: 'app' },
    });
    assert.ok(!pulledRequest('azure', { authRecord: { authenticationKey: 'leak' } }, 'xml').includes('leak'));
  });

  it('names files from the name and id with safe characters only, whatever the server sent', () => {
    assert.equal(pulledFileName('Prod: EU/West', 7, 'aws', 'yaml'), 'prod-eu-west-7.qualys.yaml');
    assert.equal(pulledFileName('../../etc/passwd', 8, 'aws', 'json'), 'etc-passwd-8.qualys.json');
    assert.equal(pulledFileName('\u0000\u001b[31m..', 9, 'gcp', 'xml'), '31m-9.qualys.xml');
    assert.equal(pulledFileName('...', 10, 'oci', 'yaml'), 'oci-10.qualys.yaml');
    assert.equal(pulledFileName(undefined, 11, 'aws', 'yaml'), 'aws-11.qualys.yaml');
    assert.ok(pulledFileName('x'.repeat(5000), 12, 'aws', 'yaml').length < 90);
    assert.equal(pulledFileName('Café déjà', 13, 'aws', 'yaml'), 'cafe-deja-13.qualys.yaml');
  });
});

describe('plan: values compared the way Qualys reads them', () => {
  const description = (request: unknown, live: unknown) => diffConnector('aws', { description: request }, { id: 1, description: live }).length;

  it('takes a number however it is written, and nothing else for one', () => {
    for (const [request, live] of [
      ['240', 240],
      [' 240 ', 240],
      ['+240', 240],
      ['240.0', 240],
      ['1.50', '1.5'],
      ['-5', -5],
    ] as const) {
      assert.equal(description(request, live), 0, `${JSON.stringify(request)} is ${JSON.stringify(live)}`);
    }
    for (const [request, live] of [
      ['2400', 240],
      ['release 2', '2'],
      ['2 releases', '2'],
      ['1.5x', '1.5'],
      ['1.', '1'],
      ['v2', 'x2'],
    ] as const) {
      assert.equal(description(request, live), 1, `${JSON.stringify(request)} is not ${JSON.stringify(live)}`);
    }
  });

  it('takes true and false in any case, and keeps the case of every other text', () => {
    assert.equal(description('TRUE', true), 0);
    assert.equal(description(' false', 'False'), 0);
    assert.equal(description('Prod', 'prod'), 1, 'a name differs by case');
    assert.equal(description('is true', 'is TRUE'), 1);
    assert.equal(description('true story', 'TRUE story'), 1);
    assert.equal(description(' prod ', 'prod'), 0, 'surrounding blanks do not count');
  });

  it('takes one item as a list of it, a list of single elements as one element of them, and lists in any order', () => {
    assert.equal(canonical([{ TagSimple: { id: 1 } }, { TagSimple: { id: 2 } }]), canonical({ TagSimple: [{ id: 2 }, { id: 1 }] }));
    assert.equal(canonical([{ TagSimple: { id: 1 } }]), canonical({ TagSimple: { id: 1 } }));
    assert.equal(canonical(['b', 'a']), canonical(['a', 'b']));
    assert.equal(canonical(['x']), canonical('x'));
    assert.notEqual(canonical([{ TagSimple: { id: 1 } }, { Other: { id: 2 } }]), canonical({ TagSimple: [{ id: 1 }, { id: 2 }] }), 'elements of two names stay two');
    assert.notEqual(canonical([{ TagSimple: { id: 1 }, x: 1 }, { TagSimple: { id: 2 } }]), canonical({ TagSimple: [{ id: 1 }, { id: 2 }] }));
    assert.notEqual(canonical(['a', 'b']), canonical(['a,b']), 'two items are not one with a comma');
    assert.notEqual(canonical(['a', 'b']), canonical('a'));
    assert.notEqual(canonical({ a: 1, b: 2 }), canonical({ a: 1 }));
    assert.equal(canonical({ a: 1, b: 2 }), canonical({ b: '2', a: 1 }), 'fields in any order');
    assert.notEqual(canonical([{ TagSimple: { id: 1 } }, { Other: { id: 2 } }]), canonical({ Other: [{ id: 1 }, { id: 2 }] }));
    assert.notEqual(canonical({ a: 1 }), canonical({ a: 2 }));
    assert.notEqual(canonical({ a: [1, 2] }), canonical({ a: [1] }));
    assert.notEqual(canonical(['a', 'b']), canonical(['a', 'c']));
    assert.equal(canonical(null), canonical(undefined));
    assert.notEqual(canonical({}), canonical(null));
    assert.notEqual(canonical([1, 2]), canonical({ 0: 1, 1: 2 }));
  });

  it('finds the items under a wrapper, skipping what is not an element, and knows a collection only by its wrappers', () => {
    assert.deepEqual(itemsOf([{ TagSimple: [{ id: 1 }, { id: 2 }] }, 'stray', { TagSimple: { id: 3 } }]), [{ id: 1 }, { id: 2 }, { id: 3 }]);
    assert.deepEqual(itemsOf(undefined), []);
    assert.equal(isWrapped({ set: [], add: [] }), true);
    assert.equal(isWrapped({ set: [], name: 'x' }), false, 'a record with a field named set is not a collection');
    assert.equal(isWrapped({}), false);
    assert.equal(isWrapped(['set']), false);
  });

  it('applies remove and add in the order written: a tag removed and added again is both', () => {
    const changes = diffConnector('aws', { defaultTags: { remove: { TagSimple: [{ id: 1 }, { id: 7 }] }, add: { TagSimple: { id: 1 } } } }, LIVE);
    assert.deepEqual(changes, [
      { path: 'defaultTags', action: 'remove', after: [{ id: 1 }] },
      { path: 'defaultTags', action: 'add', after: [{ id: 1 }] },
    ]);
  });

  it('matches an item by a list-valued field whatever the order, for remove and update', () => {
    const live = {
      id: 1,
      connectorAppInfos: { list: [{ ConnectorAppInfoQList: { list: [{ ConnectorAppInfo: { name: 'AI', tagId: 5 } }, { ConnectorAppInfo: { name: 'CI', tagId: 5 } }] } }] },
    };
    const same = { ConnectorAppInfoQList: { set: [{ ConnectorAppInfo: { name: 'CI', tagId: '5' } }, { ConnectorAppInfo: { name: 'AI', tagId: 5 } }] } };
    assert.deepEqual(diffConnector('aws', { connectorAppInfos: { update: same } }, live), [], 'an edit it already matches changes nothing');
    const other = { ConnectorAppInfoQList: { set: [{ ConnectorAppInfo: { name: 'AI', tagId: 6 } }] } };
    assert.deepEqual(diffConnector('aws', { connectorAppInfos: { update: other } }, live), [{ path: 'connectorAppInfos', action: 'update', after: [other.ConnectorAppInfoQList] }]);
    assert.deepEqual(diffConnector('aws', { connectorAppInfos: { remove: same } }, live), [{ path: 'connectorAppInfos', action: 'remove', after: [same.ConnectorAppInfoQList] }]);
    assert.deepEqual(diffConnector('aws', { connectorAppInfos: { remove: other } }, live), []);
  });
});

describe('pull: the shape of what it writes', () => {
  it('writes a connector as the update request that leaves it as it is', () => {
    const json = JSON.parse(pulledRequest('gcp', { id: 3, name: 'g', disabled: 'false' }, 'json')) as unknown;
    assert.deepEqual(json, { ServiceRequest: { data: { GcpAssetDataConnector: { name: 'g', disabled: false } } } });
    assert.match(pulledFileName('g', 3, 'gcp', 'json'), /\.qualys\.json$/);
    assert.match(pulledFileName('g', 3, 'gcp', 'xml'), /\.qualys\.xml$/);
  });

  it('leaves out what is empty or null, and converts only the texts the schema types', () => {
    const shaped = liveAsRequest('aws', {
      description: null,
      defaultTags: { list: [] },
      activation: { list: [{ ActivationModule: 'VM' }, { ActivationModule: 'PC' }] },
      disabled: ' TRUE ',
      isGovCloudConfigured: 'yes',
      runFrequency: ' 240 ',
      name: 'true',
      connectorAppInfos: { list: [{ ConnectorAppInfoQList: { list: [{ ConnectorAppInfo: { name: 'AI', identifier: 'arn', tagId: '5' } }] } }] },
      unknownRecord: { a: 1 },
      arn: 'arn:aws:iam::1:role/x',
    });
    assert.deepEqual(shaped, {
      activation: { set: { ActivationModule: ['VM', 'PC'] } },
      disabled: true,
      isGovCloudConfigured: 'yes',
      runFrequency: 240,
      name: 'true',
      connectorAppInfos: { set: { ConnectorAppInfoQList: { set: [{ ConnectorAppInfo: { name: 'AI', identifier: 'arn', tagId: 5 } }] } } },
      arn: 'arn:aws:iam::1:role/x',
    });
    const edges = liveAsRequest('aws', { disabled: 'falsey', runFrequency: '12345678901234567', description: '240', isGovCloudConfigured: 'FALSE' });
    assert.deepEqual(edges, { disabled: 'falsey', runFrequency: '12345678901234567', description: '240', isGovCloudConfigured: false });
    assert.deepEqual(liveAsRequest('aws', { runFrequency: '-15' }), { runFrequency: -15 });
    assert.deepEqual(liveAsRequest('aws', { runFrequency: '1.5' }), { runFrequency: '1.5' });
    assert.deepEqual(liveAsRequest('aws', { runFrequency: 'x240' }), { runFrequency: 'x240' });
    assert.deepEqual(liveAsRequest('aws', { runFrequency: '240x' }), { runFrequency: '240x' });
    assert.deepEqual(liveAsRequest('aws', { disabled: 'xtrue' }), { disabled: 'xtrue' });
    assert.deepEqual(liveAsRequest('aws', { activation: { list: [{ ActivationModule: 'VM' }, null] } }), { activation: { set: [{ ActivationModule: 'VM' }] } }, 'a null item goes');
  });
});
