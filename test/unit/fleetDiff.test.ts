import assert from 'node:assert/strict';
import { diffConnector, isRealChange } from '../../server/src/core/fleet/diff';
import { pulledFileName, pulledRequest } from '../../server/src/core/fleet/pulled';
import { liveAsRequest } from '../../server/src/core/fleet/shape';

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
