import assert from 'node:assert/strict';
import { openApi } from '../../server/src/send/api';
import { resolvePlatform } from '../../server/src/send/platforms';
import { ApiError, searchAll, searchPage } from '../../server/src/send/connectors';
import { emulator, PASSWORD, seed, USER } from './fleetHelpers';

describe('searchPage: one page of connectors at a time (the Connectors view)', function () {
  this.timeout(20_000);

  it('pages with startFromId until the last page, and searchAll gives the same connectors', async () => {
    const { emu } = await emulator();
    try {
      await seed(emu.url, ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
      const platform = resolvePlatform('Custom', emu.url);
      assert.ok(!('error' in platform));
      const api = openApi({ platform, credentials: { username: USER, password: PASSWORD }, timeoutMs: 5000 });
      const first = await searchPage(api, 'aws', [], 2);
      assert.deepEqual(first.connectors.map((c) => c.name), ['p-1', 'p-2']);
      assert.equal(first.next, Number(first.connectors[1].id) + 1);
      const second = await searchPage(api, 'aws', [], 2, first.next);
      assert.deepEqual(second.connectors.map((c) => c.name), ['p-3', 'p-4']);
      const last = await searchPage(api, 'aws', [], 2, second.next);
      assert.deepEqual(last.connectors.map((c) => c.name), ['p-5']);
      assert.equal(last.next, undefined);
      assert.deepEqual((await searchAll(api, 'aws', [], 2)).map((c) => c.name), ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
    } finally {
      await emu.close();
    }
  });

  it('tells a 401 by its status', async () => {
    const { emu } = await emulator();
    try {
      const platform = resolvePlatform('Custom', emu.url);
      assert.ok(!('error' in platform));
      const api = openApi({ platform, credentials: { username: USER, password: 'wrong-password' }, timeoutMs: 5000 });
      await assert.rejects(searchPage(api, 'gcp', []), (e: unknown) => e instanceof ApiError && e.status === 401 && !e.message.includes('wrong-password'));
    } finally {
      await emu.close();
    }
  });
});
