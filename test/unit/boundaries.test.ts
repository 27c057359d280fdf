import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { diffConnector, isRealChange } from '../../server/src/core/fleet/diff';
import { MASK, MIN_ANYWHERE, redactSecrets } from '../../server/src/send/redact';

/**
 * The less-travelled side of rules whose common case other tests cover: each case here is one a
 * user would notice going wrong (a false warning, a lost removal, a leaked secret).
 */
describe('boundaries users would notice', () => {
  describe('validate: weekly scans without days', () => {
    const request = (wrapper: string): string =>
      [
        'ServiceRequest:',
        '  data:',
        '    AwsAssetDataConnector:',
        '      connectorScanConfig:',
        `        ${wrapper}:`,
        '          ConnectorScanConfiguration:',
        '            optionProfileId: 2',
        '            recurrence: WEEKLY',
        '            scanPrefix: weekly',
        '',
      ].join('\n');
    const weeklyWarnings = (wrapper: string): string[] =>
      analyze(request(wrapper), 'aws-update.qualys.yaml')
        .findings.filter((f) => f.code === 'weekly-without-days')
        .map((f) => f.path ?? '');

    it('asks for the days of a weekly scan that is set, added or updated', () => {
      for (const wrapper of ['set', 'add', 'update']) assert.equal(weeklyWarnings(wrapper).length, 1, wrapper);
    });

    it('does not ask for the days of a weekly scan that is being removed', () => {
      assert.deepEqual(weeklyWarnings('remove'), []);
    });
  });

  describe('plan: a collection with both add and remove', () => {
    const live = { id: 1, name: 'prod', defaultTags: { list: [{ TagSimple: { id: 1 } }, { TagSimple: { id: 2 } }] } };

    it('shows the removal after the addition, each against the tags as the previous left them', () => {
      const changes = diffConnector('aws', { defaultTags: { add: { TagSimple: { id: 9 } }, remove: { TagSimple: { id: 1 } } } }, live);
      assert.deepEqual(changes, [
        { path: 'defaultTags', action: 'add', after: [{ id: 9 }] },
        { path: 'defaultTags', action: 'remove', after: [{ id: 1 }] },
      ]);
    });

    it('removes a tag the same request just added', () => {
      const changes = diffConnector('aws', { defaultTags: { add: { TagSimple: { id: 9 } }, remove: { TagSimple: { id: 9 } } } }, live);
      assert.deepEqual(changes, [
        { path: 'defaultTags', action: 'add', after: [{ id: 9 }] },
        { path: 'defaultTags', action: 'remove', after: [{ id: 9 }] },
      ]);
    });
  });

  describe('plan: which items a remove names', () => {
    const live = { id: 1, name: 'prod', defaultTags: { list: [{ TagSimple: { id: 1, name: 'env' } }, { TagSimple: { id: 2 } }] }, activation: { list: [{ ActivationModule: 'VM' }, { ActivationModule: 'PC' }] } };

    it('adds back a tag the same request removed first', () => {
      assert.deepEqual(diffConnector('aws', { defaultTags: { remove: { TagSimple: { id: 1 } }, add: { TagSimple: { id: 1 } } } }, live), [
        { path: 'defaultTags', action: 'remove', after: [{ id: 1 }] },
        { path: 'defaultTags', action: 'add', after: [{ id: 1 }] },
      ]);
    });

    it('removes only the items that hold every field the pattern names', () => {
      assert.deepEqual(diffConnector('aws', { defaultTags: { remove: { TagSimple: { id: 1, name: 'other' } } } }, live), [], 'a tag 1 named otherwise is not there to remove');
      assert.deepEqual(diffConnector('aws', { defaultTags: { remove: { TagSimple: { id: 1, name: 'env' } } } }, live), [{ path: 'defaultTags', action: 'remove', after: [{ id: 1, name: 'env' }] }]);
    });

    it('removes plain values (activation modules) by value, and only those', () => {
      assert.deepEqual(diffConnector('aws', { activation: { remove: { ActivationModule: 'PC' }, add: { ActivationModule: ['PC', 'VM'] } } }, live), [
        { path: 'activation', action: 'remove', after: ['PC'] },
        { path: 'activation', action: 'add', after: ['PC'] },
      ]);
      assert.deepEqual(diffConnector('aws', { activation: { remove: { ActivationModule: 'CI' } } }, live), []);
    });

    it('shows an update of items only where an item would change', () => {
      assert.deepEqual(diffConnector('aws', { defaultTags: { update: { TagSimple: { id: 1, name: 'env' } } } }, live), [], 'tag 1 is already so');
      assert.deepEqual(diffConnector('aws', { defaultTags: { update: { TagSimple: [{ id: 1, name: 'prod' }, { id: 2 }] } } }, live), [{ path: 'defaultTags', action: 'update', after: [{ id: 1, name: 'prod' }] }]);
    });

    it('does not count a secret sent alone as a change the plan can tell', () => {
      const changes = diffConnector('azure', { authRecord: { authenticationKey: 'k' }, description: 'new' }, { id: 1, name: 'prod', authRecord: {} });
      assert.deepEqual(changes.filter(isRealChange).map((c) => c.path), ['description']);
      assert.deepEqual(changes.filter((c) => !isRealChange(c)).map((c) => c.action), ['secret']);
    });
  });

  describe('redaction: the length from which a secret is masked inside words', () => {
    it(`masks a secret of exactly ${MIN_ANYWHERE} characters inside a word`, () => {
      const secret = 'k9Zq';
      assert.equal(secret.length, MIN_ANYWHERE);
      assert.equal(redactSecrets(`token=xk9Zqy; id=k9Zq`, [secret]), `token=x${MASK}y; id=${MASK}`);
      assert.equal(redactSecrets('next=%2Fx%6B9Zqy', [secret]), `next=/x${MASK}y`, 'and once an escaped run is decoded');
    });

    it(`leaves a word alone that holds a secret one character shorter, masking it where it stands alone`, () => {
      assert.equal(redactSecrets('token=xk9Zy; id=k9Z', ['k9Z']), `token=xk9Zy; id=${MASK}`);
    });
  });
});
