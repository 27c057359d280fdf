import assert from 'node:assert/strict';
import { openApi } from '../../server/src/send/api';
import { ApiError, searchAll } from '../../server/src/send/connectors';
import { resolvePlatform } from '../../server/src/send/platforms';
import { hostileServer } from './hostileServer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planCommand } from '../../server/src/cli/plan';
import { pullCommand } from '../../server/src/cli/pull';
import { tempDir } from '../harness';
import { cmd } from './fleetHelpers';

/** A search answer holding these connector ids, saying there is more after lastId. */
function page(ids: number[], lastId: number, more = true): string {
  return JSON.stringify({
    ServiceResponse: {
      responseCode: 'SUCCESS',
      count: ids.length,
      hasMoreRecords: String(more),
      lastId,
      data: ids.map((id) => ({ AwsAssetDataConnector: { id, name: `c-${id}` } })),
    },
  });
}

/** searchAll against a server whose n-th answer (from 0) the test gives; the number of calls it got. */
async function pageAgainst(answer: (n: number) => string, pageSize = 2): Promise<{ result: Promise<unknown>; calls: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = await hostileServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(answer(n++));
  });
  const platform = resolvePlatform('Custom', server.url);
  assert.ok(!('error' in platform));
  const api = openApi({ platform, credentials: { username: 'u', password: 'p4ssw0rd-secret' }, timeoutMs: 5000 });
  const result = searchAll(api, 'aws', [], pageSize);
  result.catch(() => undefined);
  return { result, calls: () => n, close: () => server.close() };
}

describe('searchAll ends whatever the API pages', function () {
  this.timeout(20_000);

  it('pull and plan against a pager that never advances exit 1 within 10 calls, saying why', async () => {
    let calls = 0;
    const server = await hostileServer((_req, res) => {
      calls++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(page([1672601], 1672601));
    });
    try {
      const dir = tempDir('qc-pager-');
      writeFileSync(join(dir, 'one.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { runFrequency: 480 } } } }));
      writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'one.qualys.json': { operation: 'update', id: 1672601, kind: 'aws' } } }));
      const pulled = await cmd(pullCommand, ['--base-url', server.url, '--kind', 'aws', '--out', 'pulled'], dir);
      assert.equal(pulled.code, 1, pulled.err);
      assert.match(pulled.err, /does not advance/);
      assert.ok(calls <= 10, `pull: ${calls} calls`);
      calls = 0;
      const planned = await cmd(planCommand, ['--base-url', server.url, '.'], dir);
      assert.ok(calls <= 10, `plan: ${calls} calls`);
      assert.equal(planned.code, 1, planned.out + planned.err);
      assert.match(planned.err, /does not advance/);
    } finally {
      await server.close();
    }
  });

  it('a lastId that does not advance ends the search with an error after 2 calls', async () => {
    const s = await pageAgainst(() => page([7], 7));
    try {
      await assert.rejects(s.result, (e: unknown) => e instanceof ApiError && /does not advance/.test(e.message) && !e.message.includes('p4ssw0rd'));
      assert.equal(s.calls(), 2);
    } finally {
      await s.close();
    }
  });

  it('pages that only repeat connectors already seen end it too, though lastId moves on', async () => {
    const s = await pageAgainst((n) => page([1, 2], 2 + n * 10));
    try {
      await assert.rejects(s.result, /does not advance/);
      assert.equal(s.calls(), 2);
    } finally {
      await s.close();
    }
  });

  it('an id repeated on a later page is kept once', async () => {
    const s = await pageAgainst((n) => (n === 0 ? page([1, 2], 2) : page([2, 3], 3, false)));
    try {
      const found = (await s.result) as { id: number }[];
      assert.deepEqual(found.map((c) => c.id), [1, 2, 3]);
    } finally {
      await s.close();
    }
  });

  it('more connectors than the cap end it with an error, not a full memory', async () => {
    let n = 0;
    const server = await hostileServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const first = n++ * 2 + 1;
      res.end(page([first, first + 1], first + 1));
    });
    try {
      const platform = resolvePlatform('Custom', server.url);
      assert.ok(!('error' in platform));
      const api = openApi({ platform, credentials: { username: 'u', password: 'p' }, timeoutMs: 5000 });
      await assert.rejects(searchAll(api, 'aws', [], 2, 10), /more than 10 connectors/);
      assert.equal(n, 6);
    } finally {
      await server.close();
    }
  });
});
