import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { MAX_GLOB_CHARS } from '../../server/src/core/limits';
import { globMatcher } from '../../server/src/service/globs';
import { watchedGlobs } from '../../server/src/lsp/startServer';
import { hostileGlob } from '../fuzz/hostile';

const PATHS = [
  'file:///work/connectors/prod.yaml',
  'file:///work/connectors/deep/prod.yaml',
  'file:///work/other/prod.yaml',
  'file:///work/Connectors/PROD.YML',
  'file:///work/.hidden/a.json',
  'file:///work/a.req.xml',
  'file:///work/req/a1.xml',
  'file:///work/req/ab.xml',
  'file:///work/my%20requests/a.json',
  'file:///c%3A/work/x/b.json',
  '/plain/path/connectors/c.yaml',
  'file:///work/connectors',
  'file:///work/a{b}.xml',
];

const GLOBS = [
  '**/connectors/*.yaml',
  '**/connectors/**',
  'connectors/**/*.yaml',
  '*.req.xml',
  '**/*.{yaml,yml}',
  '**/req/a?.xml',
  '**/req/a[0-9].xml',
  '**/req/a[^0-9].xml',
  '**/.hidden/*',
  'my requests/*.json',
  'work/*/prod.yaml',
  '*',
  'a\\{b}.xml',
  '{work,other}/{connectors,other}/*.{yaml,json}',
];

/** Old behaviour: picomatch against the path and each of its ends, as files.associations does. */
function picomatchReference(glob: string, uri: string): boolean {
  const test = picomatch([glob], { dot: true, nocase: true, contains: false });
  const path = decodeURIComponent(uri.replace(/^[a-z][\w+.-]*:\/\//i, '/').replace(/^\/+/, '/'));
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) if (test(parts.slice(i).join('/'))) return true;
  return false;
}

describe('include globs', () => {
  it('match what picomatch matched, for the globs people write', () => {
    for (const glob of GLOBS) {
      const { matches, refused } = globMatcher([glob]);
      assert.deepEqual(refused, []);
      for (const path of PATHS) assert.equal(matches(path), picomatchReference(glob, path), `${glob} on ${path}`);
    }
  });

  it('match in linear time: *a×16*b on a 34-character name (35 s with picomatch)', () => {
    const { glob, path } = hostileGlob(16, 34);
    const { matches } = globMatcher([glob, '**/*.never']);
    const started = performance.now();
    assert.equal(matches(path), false);
    assert.equal(matches(`file:///w/${'a'.repeat(200)}/${'a'.repeat(250)}b`), true);
    assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
  });

  it('refuse globs past the budget, braces expanded, with a line for the log', () => {
    const bomb = '{a,b}'.repeat(20);
    const { matches, refused } = globMatcher(['**/*.keep.yaml', bomb, 'x'.repeat(MAX_GLOB_CHARS + 1)]);
    assert.equal(refused.length, 2);
    assert.match(refused[0], /^qualys\.files\.include: "\{a,b\}.*" is not used: .* at most 1024 characters\.$/);
    assert.ok(refused[1].length < 300, 'a long glob is cut in the message');
    assert.equal(matches('file:///w/r.keep.yaml'), true, 'the globs within the budget still work');
  });

  it('negate a class with ! as VS Code globs do (picomatch reads it as a character)', () => {
    const { matches } = globMatcher(['**/req/a[!0-9].xml']);
    assert.equal(matches('file:///work/req/ab.xml'), true);
    assert.equal(matches('file:///work/req/a1.xml'), false);
  });

  it('leave an empty glob out rather than match every file', () => {
    assert.equal(globMatcher(['']).matches('file:///w/package.json'), false);
  });

  it('survive a malformed escape in a URI', () => {
    assert.equal(globMatcher(['**/*.yaml']).matches('file:///w/%E0%A4%A/a.yaml'), true);
  });

  it('are watched under any folder, as they match the end of a path, within the characters the matcher takes', () => {
    assert.deepEqual(watchedGlobs(['conf/*.yaml', '**/x.json', '/abs/*.xml', '']), ['**/conf/*.yaml', '**/x.json', '/abs/*.xml']);
    const long = 'a'.repeat(MAX_GLOB_CHARS - 3);
    assert.deepEqual(watchedGlobs([long, 'abcd', 'abc']), [`**/${long}`, '**/abc'], 'a glob past the budget is left out, a shorter one after it kept');
    assert.deepEqual(watchedGlobs(['x'.repeat(MAX_GLOB_CHARS + 1)]), []);
  });
});
