import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendHistory, HistoryEntry, readHistory } from '../../server/src/send/history';
import { isLoopback, PLATFORMS, resolvePlatform } from '../../server/src/send/platforms';
import { tempDir } from '../harness';

describe('send: where a request goes', () => {
  it('knows every platform by its id in any case, and lists them all when the id is unknown', () => {
    for (const [id, host] of Object.entries(PLATFORMS)) {
      assert.deepEqual(resolvePlatform(id.toLowerCase()), { baseUrl: `https://${host}`, label: id, known: true, loopback: false });
    }
    assert.equal((resolvePlatform(undefined) as { error: string }).error, `Unknown platform "": choose one of ${Object.keys(PLATFORMS).join(', ')}, or give a custom URL.`);
    assert.equal((resolvePlatform('toString') as { error?: string }).error?.startsWith('Unknown platform "toString"'), true, 'not an inherited property');
  });

  it('takes http on this machine only, keeps a custom path, and names the refused address', () => {
    assert.deepEqual(resolvePlatform(undefined, 'http://localhost:9000/qualys//'), { baseUrl: 'http://localhost:9000/qualys', label: 'localhost:9000', known: false, loopback: true });
    assert.deepEqual(resolvePlatform('US1', 'https://[::1]:8443'), { baseUrl: 'https://[::1]:8443', label: '[::1]:8443', known: false, loopback: true });
    assert.equal((resolvePlatform(undefined, 'http://10.0.0.5:80') as { error: string }).error, 'http://10.0.0.5 is refused: credentials are sent only over https (http is allowed for localhost only).');
    assert.equal((resolvePlatform(undefined, 'ftp://localhost') as { error: string }).error, 'ftp://localhost is refused: credentials are sent only over https (http is allowed for localhost only).');
    assert.equal((resolvePlatform(undefined, 'https://user@example.com') as { error: string }).error, 'Put credentials in the credential store, not in the URL.');
    assert.equal((resolvePlatform(undefined, 'https://:pw@example.com') as { error: string }).error, 'Put credentials in the credential store, not in the URL.');
    assert.equal((resolvePlatform(undefined, 'qualys') as { error: string }).error, '"qualys" is not a URL. Give the API server\'s address, such as https://qualysapi.example.com.');
  });

  it('counts as this machine localhost, ::1 and 127.x.x.x only', () => {
    for (const h of ['localhost', 'LOCALHOST', '::1', '[::1]', '127.0.0.1', '127.255.0.9']) assert.equal(isLoopback(h), true, h);
    for (const h of ['localhost.example.com', 'mylocalhost', '::2', '128.0.0.1', '127.0.0', '127.0.0.1.nip.io', 'x127.0.0.1', '1127.0.0.1']) assert.equal(isLoopback(h), false, h);
  });
});

describe("send: a file's history of answers", () => {
  const entry = (file: string, n: number, body = `answer ${n}`): HistoryEntry => ({ time: `2026-12-05T00:00:${String(n).padStart(2, '0')}Z`, file, platform: 'US1', operation: 'get', id: 5, status: 200, summary: `SUCCESS ${n}`, ms: n, body });

  it('keeps the newest first, 50 per file, apart for each file, readable only by the user', async () => {
    const dir = join(tempDir('qc-history-'), 'history');
    assert.deepEqual(await readHistory(dir, '/ws/a.qualys.json'), [], 'none yet, and no folder');
    for (let n = 1; n <= 52; n++) await appendHistory(dir, entry('/ws/a.qualys.json', n));
    await appendHistory(dir, entry('/ws/b.qualys.json', 1));
    const a = await readHistory(dir, '/ws/a.qualys.json');
    assert.equal(a.length, 50);
    assert.deepEqual([a[0].summary, a[49].summary], ['SUCCESS 52', 'SUCCESS 3']);
    assert.deepEqual((await readHistory(dir, '/ws/b.qualys.json')).map((e) => e.summary), ['SUCCESS 1']);
    const files = readdirSync(dir);
    assert.equal(files.length, 2);
    for (const f of files) {
      assert.match(f, /^[0-9a-f]{24}\.json$/, 'named by a hash: no part of the path');
      if (process.platform !== 'win32') assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600);
    }
  });

  it('cuts a long body, and reads a damaged history as none', async () => {
    const dir = tempDir('qc-history-');
    const long = 'x'.repeat(256 * 1024 + 1);
    await appendHistory(dir, entry('/ws/c.qualys.json', 1, long));
    await appendHistory(dir, entry('/ws/c.qualys.json', 2, 'x'.repeat(256 * 1024)));
    const [exact, cut] = await readHistory(dir, '/ws/c.qualys.json');
    assert.equal(exact.body.length, 256 * 1024, 'a body of the limit is kept whole');
    assert.equal(cut.body, `${'x'.repeat(256 * 1024)}\n… (cut)`);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), '{"entries": {}}');
    assert.deepEqual(await readHistory(dir, '/ws/c.qualys.json'), []);
    writeFileSync(join(dir, file), 'not json');
    assert.deepEqual(await readHistory(dir, '/ws/c.qualys.json'), []);
    await appendHistory(dir, entry('/ws/c.qualys.json', 3));
    assert.deepEqual((await readHistory(dir, '/ws/c.qualys.json')).map((e) => e.summary), ['SUCCESS 3'], 'and starts it again');
  });
});
