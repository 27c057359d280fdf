import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRequest } from '../../bench/generate';
import { parseYamlFast } from '../../server/src/core/parse/yamlFast';
import { mutants } from '../fuzz/mutate';
import { agree } from './yamlTrees';

const ROOT = join(__dirname, '../../..');

describe('the fast YAML parser agrees with the YAML library', function () {
  this.timeout(30_000);
  const files: string[] = [];
  for (const dir of ['test/fixtures/valid', 'test/fixtures/invalid', 'examples']) {
    for (const f of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith('.yaml'))) files.push(join(ROOT, dir, f));
  }

  it('on every YAML fixture and example it takes (most of them)', () => {
    let taken = 0;
    for (const f of files) if (agree(readFileSync(f, 'utf8').replace(/[«»]/g, ''), f)) taken++;
    assert.ok(taken >= files.length - 8, `${taken} of ${files.length} taken`);
  });

  it('on generated requests up to 1 MB', () => {
    for (const size of [2_000, 100_000, 1_000_000]) assert.ok(agree(generateRequest('yaml', size), `${size} bytes`), `${size} bytes taken`);
  });

  it('on mutants of every YAML fixture, and leaves the broken ones to the library', () => {
    let taken = 0;
    let total = 0;
    for (const [i, f] of files.entries()) {
      const text = readFileSync(f, 'utf8').replace(/[«»]/g, '');
      for (const m of mutants(text, 'yaml', 4242 + i, 12)) {
        if (m.text.length > 1_000_000) continue;
        total++;
        if (agree(m.text, `${f} (${m.name})`)) taken++;
      }
    }
    assert.ok(taken > 0 && taken < total, `${taken} of ${total}`);
  });

  it('covers what requests use: comments, quotes, CRLF, empty collections, null, numbers, booleans', () => {
    const text = '# header\r\nServiceRequest:  # envelope\r\n  data:\r\n    AwsAssetDataConnector:\r\n      name: \'it\'\'s\'\r\n      description: "tab\\there"\r\n      runFrequency: -240\r\n      disabled: False\r\n      id: ~\r\n      defaultTags: {}\r\n      activation:\r\n      - VM\r\n      - "PC"\r\n      x: 1.5\r\n';
    assert.ok(agree(text, 'the mix'));
    assert.ok(agree('a:\n  Day: [MON, "TUE", \'WED\']  # days\n  n: [1, -2.5, true, ~]\n  e: [ ]\n', 'flow lists of scalars'));
    for (const refused of ['a: &x 1\nb: *x\n', 'a: |\n  text\n', 'a: [1, [2]]\n', 'a: [1, 2,]\n', 'a: [1,, 2]\n', 'a: [x: 1]\n', 'a: {b: 1}\n', 'a: 0x1F\n', 'a: b\n  c\n', '---\na: 1\n---\nb: 2\n', 'a: !tag 1\n', '? a\n: 1\n']) {
      assert.equal(parseYamlFast(refused), undefined, JSON.stringify(refused));
    }
  });
});
