import assert from 'node:assert/strict';
import { Api, openApi } from '../../server/src/send/api';
import { ApiError, connectorsById, PAGE_SIZE, searchAll, searchPage } from '../../server/src/send/connectors';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { Hostile, serverPerTest } from './hostileServer';

type Answer = { status?: number; body: string };

/** What the connectors searches ask and make of the answers, against a server that answers as each test says. */
describe('searching the live connectors', function () {
  this.timeout(20_000);
  const serve = serverPerTest();
  /** The test's server: closed when the test ends; a test may close it early to start another. */
  let server: Hostile | undefined;
  let paths: string[] = [];
  /** An Api on a server whose answer to the n-th search (from 0, with its body) the test gives. */
  async function apiAnswering(answer: (n: number, body: { ServiceRequest: { filters?: { Criteria: { value: string }[] }; preferences: Record<string, number> } }) => Answer): Promise<Api> {
    let n = 0;
    paths = [];
    server = await serve((req, res, body) => {
      paths.push(req.url ?? '');
      const a = answer(n++, JSON.parse(body));
      res.writeHead(a.status ?? 200, { 'Content-Type': 'application/json' });
      res.end(a.body);
    });
    return openApi({ platform: resolvePlatform('Custom', server.url) as ResolvedPlatform, credentials: { username: 'u', password: 'p' }, timeoutMs: 5000 });
  }
  const sr = (fields: Record<string, unknown>): Answer => ({ body: JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', ...fields } }) });
  const aws = (...ids: unknown[]): unknown[] => ids.map((id) => ({ AwsAssetDataConnector: { id, name: `c-${String(id)}` } }));
  const bodies = (): unknown[] => server?.bodies.map((b) => JSON.parse(b)) ?? [];

  it('asks for a page of a kind, with filters and a start only when it has them, and goes on one past lastId while there are more', async () => {
    const api = await apiAnswering((n) => [sr({ hasMoreRecords: 'TRUE', lastId: 12, data: aws(11, 12) }), sr({ hasMoreRecords: 'true', lastId: 12, data: [] }), sr({ hasMoreRecords: 'true', lastId: 'x', data: aws(13) }), sr({ hasMoreRecords: 'false', lastId: 14, data: aws(14) })][n]);
    assert.deepEqual(await searchPage(api, 'aws', [], 5), { connectors: [{ id: 11, name: 'c-11' }, { id: 12, name: 'c-12' }], next: 13 });
    assert.deepEqual(await searchPage(api, 'aws', [{ field: 'name', operator: 'CONTAINS', value: 'prod' }], 5, 13), { connectors: [], next: undefined }, 'an empty page ends it, whatever it says');
    assert.equal((await searchPage(api, 'aws', [], 5, 13)).next, undefined, 'a lastId that is no number ends it');
    assert.equal((await searchPage(api, 'aws', [], 5, 14)).next, undefined);
    assert.deepEqual(bodies().slice(0, 2), [
      { ServiceRequest: { preferences: { limitResults: 5 } } },
      { ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'CONTAINS', value: 'prod' }] }, preferences: { limitResults: 5, startFromId: 13 } } },
    ]);
    assert.deepEqual(paths, Array(4).fill('/qps/rest/3.0/search/am/awsassetdataconnector'), 'a search, never one by filter');
  });

  it('reads the connectors of the kind in any shape of data, and nothing else', async () => {
    const api = await apiAnswering(() => sr({ data: [null, 'x', 3, { AwsAssetDataConnector: [{ id: 1 }, [{ id: 2 }], null, 'y'] }, { AzureAssetDataConnector: { id: 3 } }, { AwsAssetDataConnector: { id: 4 } }] }));
    assert.deepEqual((await searchPage(api, 'aws', [])).connectors, [{ id: 1 }, { id: 4 }]);
    await server?.close();
    const single = await apiAnswering(() => sr({ data: { AwsAssetDataConnector: { id: 5 } } }));
    assert.deepEqual((await searchPage(single, 'aws', [])).connectors, [{ id: 5 }], 'data as one object');
    await server?.close();
    for (const body of ['null', '"text"', '{"ServiceResponse": "SUCCESS"}', '{"ServiceResponse": null}']) {
      const odd = await apiAnswering(() => ({ body }));
      await assert.rejects(searchPage(odd, 'aws', []), ApiError, body);
      await server?.close();
    }
  });

  it('says what Qualys answered to a refused search, with its status, and that an answer in XML is not the JSON it asked for', async () => {
    const api = await apiAnswering((n) => (n === 0 ? { status: 401, body: '{"ServiceResponse": {"responseCode": "INVALID_CREDENTIALS", "responseErrorDetails": {"errorMessage": "Bad login"}}}' } : { body: '<ServiceResponse><responseCode>SUCCESS</responseCode><count>0</count></ServiceResponse>' }));
    await assert.rejects(searchPage(api, 'azure', []), (e: unknown) => e instanceof ApiError && e.status === 401 && /^\/qps\/rest\/3\.0\/search\/am\/azureassetdataconnector: Qualys refused the credentials \(HTTP 401\): check the username and password/.test(e.message));
    await assert.rejects(searchPage(api, 'azure', []), (e: unknown) => e instanceof ApiError && e.message === '/qps/rest/3.0/search/am/azureassetdataconnector: the answer is not JSON.' && e.status === undefined);
  });

  it('ends a search that does not advance, saying where it stood', async () => {
    const stuck = await apiAnswering(() => sr({ hasMoreRecords: 'true', lastId: 7, data: aws(7) }));
    await assert.rejects(searchAll(stuck, 'aws', [], 2), { message: 'The AWS connector search does not advance: the API answered hasMoreRecords with lastId 7 after startFromId 8 and 0 new connectors; stopped after 2 calls instead of asking again.' });
    await server?.close();
    const back = await apiAnswering((n) => sr({ hasMoreRecords: 'true', lastId: n === 0 ? 20 : 20, data: aws(20 - n) }));
    await assert.rejects(searchAll(back, 'aws', [], 2), { message: 'The AWS connector search does not advance: the API answered hasMoreRecords with lastId 20 after startFromId 21 and 1 new connectors; stopped after 2 calls instead of asking again.' });
  });

  it('stops after the pages its cap allows, and keeps a connector without a usable id each time it comes', async () => {
    // One new connector a page, lastId moving on: 4 at most, 2 a page, is 3 pages, then an error.
    const endless = await apiAnswering((n) => sr({ hasMoreRecords: 'true', lastId: 100 + n, data: aws(100 + n) }));
    await assert.rejects(searchAll(endless, 'aws', [], 2, 4), { message: 'The AWS connector search took 3 pages of at most 2 without an end; it stops there.' });
    assert.equal(server?.bodies.length, 3);
    await server?.close();
    const idless = await apiAnswering((n) => sr({ hasMoreRecords: n === 0 ? 'true' : 'false', lastId: 1, data: [...aws('none', 1), { AwsAssetDataConnector: { name: 'no id' } }] }));
    const found = await searchAll(idless, 'aws', [], 3);
    assert.deepEqual(found.map((c) => c.id ?? c.name), ['none', 1, 'no id', 'none', 'no id'], 'id 1 once; the others each time');
  });

  it('gets connectors by id in sorted chunks of IN, each id once, ignoring what has no id', async () => {
    const ids = Array.from({ length: PAGE_SIZE + 3 }, (_, i) => 1000 + ((i * 7919) % (PAGE_SIZE + 3)));
    const api = await apiAnswering((_n, body) => {
      const asked = body.ServiceRequest.filters?.Criteria[0].value.split(',').map(Number) ?? [];
      return sr({ hasMoreRecords: 'false', data: [...aws(...asked.slice(0, 3)), { AwsAssetDataConnector: { id: 'x' } }] });
    });
    const got = await connectorsById(api, 'aws', [...ids, ids[0], ids[1]]);
    const asked = (bodies() as { ServiceRequest: { filters: { Criteria: { field: string; operator: string; value: string }[] } } }[]).map((b) => b.ServiceRequest.filters.Criteria);
    assert.equal(asked.length, 2, 'two searches for 253 ids');
    assert.deepEqual(asked.map((c) => [c.length, c[0].field, c[0].operator]), [[1, 'id', 'IN'], [1, 'id', 'IN']]);
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    assert.deepEqual(asked.map((c) => c[0].value), [sorted.slice(0, PAGE_SIZE).join(','), sorted.slice(PAGE_SIZE).join(',')]);
    assert.deepEqual([...got.keys()], [...sorted.slice(0, 3), ...sorted.slice(PAGE_SIZE, PAGE_SIZE + 3)]);
    assert.deepEqual(await connectorsById(api, 'aws', []), new Map(), 'no ids: no search');
    assert.equal(server?.bodies.length, 2);
  });
});
