import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { UsageError } from '../../server/src/fleet/errors';
import { defaultRoot, expand } from '../../server/src/fleet/files';
import { readRequest } from '../../server/src/fleet/readRequest';
import { tempDir } from '../harness';

/** A repository root (it holds .git) with the files given, each holding its own name. */
function repo(files: string[]): string {
  const dir = tempDir('qc-files-');
  mkdirSync(join(dir, '.git'));
  repoFiles(dir, files);
  return dir;
}

function repoFiles(dir: string, files: string[]): void {
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), f);
  }
}

/** What `expand` gives, as shown, and the links it left out (as shown, with why). */
async function shown(patterns: string[], cwd: string, fleets = false, root?: string): Promise<{ files: string[]; skipped: string[] }> {
  const skipped: string[] = [];
  const files = await expand(patterns, cwd, root ?? defaultRoot(cwd), (s, why) => skipped.push(`${s}: ${why}`), fleets);
  for (const f of files) assert.equal(f.path, f.shown.startsWith('/') ? f.shown : `${cwd}/${f.shown}`);
  return { files: files.map((f) => f.shown), skipped };
}

async function refusal(patterns: string[], cwd: string, fleets = false): Promise<string> {
  try {
    await expand(patterns, cwd, defaultRoot(cwd), undefined, fleets);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return e.message;
  }
  assert.fail('expected a usage error');
}

describe('fleet files: which files a folder, a path or a glob stands for', () => {
  it('a folder stands for its request files, sorted, dot folders and node_modules left out; fleet files only for plan and apply', async () => {
    const dir = repo(['c/b-create.qualys.yaml', 'c/a.qualys.json', 'c/sub/x.qualys.xml', 'c/sub/y.qualys.yml', 'c/notes.json', 'c/.hidden/h.qualys.json', 'c/node_modules/n.qualys.json', 'c/.dot.qualys.json', 'c/org.qualys-fleet.yaml', 'c/org.qualys-fleet.json', 'c/org.qualys-fleet.yml', 'c/org.qualys-fleet.txt']);
    assert.deepEqual((await shown(['c'], dir)).files, ['c/a.qualys.json', 'c/b-create.qualys.yaml', 'c/sub/x.qualys.xml', 'c/sub/y.qualys.yml']);
    assert.deepEqual((await shown(['c/'], dir, true)).files, ['c/a.qualys.json', 'c/b-create.qualys.yaml', 'c/org.qualys-fleet.json', 'c/org.qualys-fleet.yaml', 'c/org.qualys-fleet.yml', 'c/sub/x.qualys.xml', 'c/sub/y.qualys.yml']);
    assert.deepEqual((await expand(['c'], dir)).map((f) => f.shown), ['c/a.qualys.json', 'c/b-create.qualys.yaml', 'c/sub/x.qualys.xml', 'c/sub/y.qualys.yml'], 'fleet files only when asked');
  });

  it('a name that only holds a request or fleet suffix (a backup, a copy) is not one', async () => {
    const dir = repo(['c/a.qualys.json', 'c/a.qualys.json.bak', 'c/b.qualys.yaml.orig', 'c/org.qualys-fleet.yaml.bak', 'c/org.qualys-fleet.json~']);
    assert.deepEqual((await shown(['c'], dir)).files, ['c/a.qualys.json']);
    assert.deepEqual((await shown(['c'], dir, true)).files, ['c/a.qualys.json']);
  });

  it('each file once, in the order asked, whether named, in a folder or matched; an absolute path stays absolute', async () => {
    const dir = repo(['c/a.qualys.json', 'c/b.qualys.json']);
    const { files } = await shown(['c/b.qualys.json', 'c', 'c/*.qualys.json', `${dir}/c/a.qualys.json`], dir);
    assert.deepEqual(files, ['c/b.qualys.json', 'c/a.qualys.json', `${dir}/c/a.qualys.json`]);
  });

  it('a glob: matched from cwd, sorted, no dot files; one that matches nothing is a usage error naming it', async () => {
    const dir = repo(['c/z.qualys.json', 'c/a.qualys.json', 'c/.d.qualys.json']);
    assert.deepEqual((await shown(['c/*.qualys.json'], dir)).files, ['c/a.qualys.json', 'c/z.qualys.json']);
    const names = Array.from({ length: 40 }, (_, i) => `m/${String.fromCharCode(97 + ((i * 7) % 26))}${i}/f${(i * 13) % 40}.qualys.json`);
    repoFiles(dir, names);
    assert.deepEqual((await shown(['m/**/*.qualys.json'], dir)).files, [...names].sort(), 'in the order of their names, whatever order the folder lists them in');
    assert.equal(await refusal(['c/*.qualys.xml'], dir), 'No file matches c/*.qualys.xml.');
    assert.equal(await refusal(['c/?.qualys.xml'], dir), 'No file matches c/?.qualys.xml.');
  });

  it('a path that exists is taken as it is, glob characters and all: prod[eu] never stands for prodE or produ', async () => {
    for (const name of ['prod[eu]', 'a{b,c}', 'star*', 'what?']) {
      const dir = repo([`${name}/one.qualys.json`, 'prode/two.qualys.json', 'produ/three.qualys.json', 'ab/x.qualys.json', 'star-x/s.qualys.json', 'whatx/w.qualys.json']);
      assert.deepEqual((await shown([name], dir)).files, [`${name}/one.qualys.json`], name);
    }
  });

  it('a path that is neither a folder nor a glob is passed on as named, for the reader to say what it is', async () => {
    const dir = repo([]);
    assert.deepEqual((await shown(['missing.qualys.json', 'notes.txt'], dir)).files, ['missing.qualys.json', 'notes.txt']);
  });

  it('a folder with no request file is a usage error that says what it looked for', async () => {
    const dir = repo(['empty/readme.md', 'fleetonly/org.qualys-fleet.yaml']);
    assert.equal(await refusal(['empty'], dir), 'No request files (*.qualys.xml, .json, .yaml or .yml) in empty.');
    assert.equal(await refusal(['empty'], dir, true), 'No request files (*.qualys.xml, .json, .yaml or .yml) or fleet files (*.qualys-fleet.yaml, .json) in empty.');
    assert.deepEqual((await shown(['fleetonly'], dir, true)).files, ['fleetonly/org.qualys-fleet.yaml']);
  });

  it('links inside the root are followed once each; links out, dangling or to a pipe are left out, the ones out said', async () => {
    const dir = repo(['c/mine.qualys.json', 'shared/s.qualys.json', 'shared/deep/d.qualys.json']);
    const outside = tempDir('qc-outside-');
    mkdirSync(join(outside, 'o'));
    writeFileSync(join(outside, 'o', 'secret.qualys.json'), '{}');
    writeFileSync(join(outside, 'notes.txt'), '');
    symlinkSync(join(dir, 'shared'), join(dir, 'c', 'shared'));
    symlinkSync(join(dir, 'shared', 's.qualys.json'), join(dir, 'c', 'linked.qualys.json'));
    symlinkSync(join(dir, 'c'), join(dir, 'c', 'loop'));
    symlinkSync(join(outside, 'o'), join(dir, 'c', 'away'));
    symlinkSync(join(outside, 'o', 'secret.qualys.json'), join(dir, 'c', 'stolen.qualys.json'));
    symlinkSync(join(outside, 'notes.txt'), join(dir, 'c', 'notes.txt'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'c', 'dangling.qualys.json'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync(join(dir, 'pipe'), join(dir, 'c', 'pipe.qualys.json'));
    execFileSync('mkfifo', [join(outside, 'pipe')]);
    symlinkSync(join(outside, 'pipe'), join(dir, 'c', 'outpipe.qualys.json'));
    const { files, skipped } = await shown(['c'], dir);
    assert.deepEqual(files, ['c/linked.qualys.json', 'c/mine.qualys.json', 'c/shared/deep/d.qualys.json', 'c/shared/s.qualys.json']);
    assert.deepEqual(skipped, [
      `c/away: a link to a folder outside ${dir} (${join(outside, 'o')}); not followed, links are followed only inside the root`,
      `c/stolen.qualys.json: a link to a file outside ${dir} (${join(outside, 'o', 'secret.qualys.json')}); not followed, links are followed only inside the root`,
    ]);
  });

  it('a path named that leads out of the root through a link is refused; one outside the root altogether is not a link out', async () => {
    const dir = repo(['c/mine.qualys.json']);
    const outside = tempDir('qc-outside-');
    writeFileSync(join(outside, 'x.qualys.json'), '{}');
    symlinkSync(outside, join(dir, 'c', 'away'));
    assert.equal(await refusal(['c/away/x.qualys.json'], dir), `c/away/x.qualys.json leads out of ${dir} through a link (to ${join(outside, 'x.qualys.json')}); links are followed only inside it.`);
    assert.equal(await refusal(['c/away'], dir), `c/away leads out of ${dir} through a link (to ${outside}); links are followed only inside it.`);
    assert.deepEqual((await shown([join(outside, 'x.qualys.json')], dir)).files, [join(outside, 'x.qualys.json')]);
    assert.deepEqual(await shown([outside], dir), { files: [`${outside}/x.qualys.json`], skipped: [] }, 'a folder named outside the root is read as it is');
    assert.deepEqual((await shown(['c/mine.qualys.json'], dir)).files, ['c/mine.qualys.json']);
  });

  it('a root that does not exist holds no link: each is left out and said', async () => {
    const dir = repo(['shared/s.qualys.json', 'c/mine.qualys.json']);
    symlinkSync(join(dir, 'shared'), join(dir, 'c', 'shared'));
    const { files, skipped } = await shown(['c'], dir, false, join(dir, 'gone'));
    assert.deepEqual(files, ['c/mine.qualys.json']);
    assert.deepEqual(skipped, [`c/shared: a link to a folder outside ${join(dir, 'gone')} (${join(dir, 'shared')}); not followed, links are followed only inside the root`]);
  });

  it('a glob takes no link, to a folder or to a file', async () => {
    const dir = repo(['c/mine.qualys.json', 'shared/s.qualys.json']);
    symlinkSync(join(dir, 'shared'), join(dir, 'c', 'shared'));
    symlinkSync(join(dir, 'shared', 's.qualys.json'), join(dir, 'c', 'linked.qualys.json'));
    assert.deepEqual((await shown(['c/**/*.qualys.json'], dir)).files, ['c/mine.qualys.json']);
  });

  it('the default root is the nearest folder up with .git, else the folder itself', () => {
    const dir = repo([]);
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    assert.equal(defaultRoot(join(dir, 'a', 'b')), dir);
    assert.equal(defaultRoot(dir), dir);
  });
});

describe('fleet files: reading a request file without trusting it', () => {
  it('reads a file whole, with its size', async () => {
    const dir = tempDir('qc-read-');
    writeFileSync(join(dir, 'a.qualys.json'), '{"é": 1}');
    assert.deepEqual(await readRequest(join(dir, 'a.qualys.json')), { text: '{"é": 1}', size: 9 });
    writeFileSync(join(dir, 'empty.qualys.json'), '');
    assert.deepEqual(await readRequest(join(dir, 'empty.qualys.json')), { text: '', size: 0 });
  });

  it('up to the cap a file is read whole; past it, its first 4,096 bytes and its size', async () => {
    const dir = tempDir('qc-read-');
    const at = 'a'.repeat(5000);
    writeFileSync(join(dir, 'at'), at);
    assert.deepEqual(await readRequest(join(dir, 'at'), 5000), { text: at, size: 5000 });
    const over = 'b'.repeat(5001);
    writeFileSync(join(dir, 'over'), over);
    assert.deepEqual(await readRequest(join(dir, 'over'), 5000), { text: 'b'.repeat(4096), size: 5001 });
    writeFileSync(join(dir, 'small-over'), 'c'.repeat(101));
    assert.deepEqual(await readRequest(join(dir, 'small-over'), 100), { text: 'c'.repeat(101), size: 101 }, 'a file over a cap under 4,096 bytes is read as far as it goes');
  });

  it('a file of 5 GB (sparse) is read as its head, in bounded memory', async () => {
    const dir = tempDir('qc-read-');
    const path = join(dir, 'huge.qualys.json');
    writeFileSync(path, '{"ServiceRequest": {}}');
    truncateSync(path, 5 * 1024 ** 3);
    const read = await readRequest(path);
    assert.equal(read.size, 5 * 1024 ** 3);
    assert.equal(read.text, '{"ServiceRequest": {}}'.padEnd(4096, '\0'));
  });

  it('leaves no file open: 200 reads, as many open files after as before', async () => {
    const dir = tempDir('qc-read-');
    writeFileSync(join(dir, 'a.qualys.json'), '{}');
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 200; i++) await readRequest(join(dir, 'a.qualys.json'));
    assert.ok(open() < before + 10, `${before} open before, ${open()} after`);
  });

  it('refuses a folder, a named pipe and a device by what they are, without waiting', async () => {
    const dir = tempDir('qc-read-');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const refused = async (path: string): Promise<string> => (await readRequest(path).then(() => 'read', (e: Error) => e.message));
    assert.equal(await refused(dir), 'it is a directory, not a request file');
    assert.equal(await refused(join(dir, 'pipe')), 'it is a named pipe, not a request file');
    assert.equal(await refused('/dev/zero'), 'it is a device, not a request file');
    const socket = createServer();
    await new Promise<void>((resolve) => socket.listen(join(dir, 'socket'), resolve));
    try {
      assert.equal(await refused(join(dir, 'socket')), 'it is a socket, not a request file');
    } finally {
      await new Promise((resolve) => socket.close(resolve));
    }
    assert.match(await refused(join(dir, 'none')), /ENOENT/);
  });
});
