import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { excludeGlobs } from '../../server/src/lsp/backgroundCheck';
import { globMatcher } from '../../server/src/service/globs';
import { findRequestFiles } from '../../server/src/workspace/requestFiles';
import { tempDir } from '../harness';

describe('the workspace request files the Problems panel checks', () => {
  const wanted = (p: string): boolean => /\.qualys\.(xml|json|ya?ml)$/.test(p);

  function tree(files: string[]): string {
    const dir = tempDir('qc-find-');
    for (const f of files) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'ServiceRequest: {}\n');
    }
    return dir;
  }

  it('walks a folder\'s files before its subfolders, in name order, leaving out dot folders, node_modules, excluded paths and links', async () => {
    const dir = tree(['b.qualys.yaml', 'a/z.qualys.json', 'a/y/x.qualys.xml', '.git/c.qualys.yaml', 'node_modules/d.qualys.yaml', 'build/e.qualys.yaml', 'f.yaml']);
    symlinkSync(join(dir, 'a'), join(dir, 'link-folder'));
    symlinkSync(join(dir, 'b.qualys.yaml'), join(dir, 'link.qualys.yaml'));
    const excluded = globMatcher(excludeGlobs({ '**/build': true, '**/a/y': false, '**/other': 'yes' })).matches;
    const found = await findRequestFiles([dir], { wanted, excluded, maxFiles: 10, cancelled: () => false });
    assert.deepEqual(found.files.map((f) => relative(dir, f)), ['b.qualys.yaml', 'a/z.qualys.json', 'a/y/x.qualys.xml']);
    assert.equal(found.capped, false);
  });

  it('stops at the cap, and says it did only when a file was left out', async () => {
    const dir = tree(['a.qualys.yaml', 'b.qualys.yaml', 'c.qualys.yaml']);
    const none = (): boolean => false;
    const at2 = await findRequestFiles([dir], { wanted, excluded: none, maxFiles: 2, cancelled: none });
    assert.deepEqual([at2.files.length, at2.capped], [2, true]);
    const at3 = await findRequestFiles([dir], { wanted, excluded: none, maxFiles: 3, cancelled: none });
    assert.deepEqual([at3.files.length, at3.capped], [3, false]);
    const stopped = await findRequestFiles([dir], { wanted, excluded: none, maxFiles: 3, cancelled: () => true });
    assert.deepEqual([stopped.files.length, stopped.cancelled], [0, true]);
  });

  it('reads only the globs files.exclude turns on', () => {
    assert.deepEqual(excludeGlobs({ '**/a': true, '**/b': false, '**/c': { when: '$(basename).ts' } }), ['**/a']);
    assert.deepEqual([excludeGlobs(null), excludeGlobs(['**/a']), excludeGlobs('x')], [[], [], []]);
  });
});
