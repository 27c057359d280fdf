import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fleetConnectors, pulledPath, recordedFiles, writePulled } from '../../server/src/fleet/pull';
import { tempDir } from '../harness';

const live = (id: unknown, name = 'Prod EU', more: Record<string, unknown> = {}): Record<string, unknown> => ({ id, name, arn: 'arn:aws:iam::123456789012:role/R', runFrequency: 240, ...more });

/** A pull folder whose record holds these entries. */
function out(targets: Record<string, unknown>): string {
  const dir = tempDir('qc-pull-');
  writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }));
  return dir;
}

describe('fleet pull: where a live connector is written', () => {
  it('the record says where a connector already is: plain request file names directly in the folder, with a kind and an id', () => {
    const dir = out({
      'prod-eu.qualys.yaml': { operation: 'update', id: 11, kind: 'aws' },
      'x9.qualys.json': { operation: 'update', id: 12, kind: 'azure' },
      'old.qualys.xml': { operation: 'update', id: 13, kind: 'gcp' },
      'no-kind.qualys.yaml': { operation: 'update', id: 14 },
      'no-id.qualys.yaml': { operation: 'create', kind: 'aws' },
      'Upper.qualys.yaml': { operation: 'update', id: 15, kind: 'aws' },
      '-dash.qualys.yaml': { operation: 'update', id: 16, kind: 'aws' },
      'sub/deep.qualys.yaml': { operation: 'update', id: 17, kind: 'aws' },
      '../escape.qualys.yaml': { operation: 'update', id: 18, kind: 'aws' },
      'notes.txt': { operation: 'update', id: 19, kind: 'aws' },
      'x.qualys.yml': { operation: 'update', id: 20, kind: 'aws' },
      'bad.qualys.yaml': { operation: 'update', id: -1, kind: 'aws' },
      'pre.qualys.yaml.bak': { operation: 'update', id: 21, kind: 'aws' },
      'org.qualys-fleet.yaml#111122223333': { operation: 'update', id: 22, kind: 'aws' },
    });
    assert.deepEqual(
      [...recordedFiles(dir)],
      [
        ['aws:11', 'prod-eu.qualys.yaml'],
        ['azure:12', 'x9.qualys.json'],
        ['gcp:13', 'old.qualys.xml'],
      ],
    );
  });

  it('a record that cannot be read, or none, names no file and no fleet connector', () => {
    const dir = tempDir('qc-pull-');
    assert.deepEqual([...recordedFiles(dir)], []);
    assert.deepEqual([...fleetConnectors(dir)], []);
    writeFileSync(join(dir, 'qualys-targets.json'), '{"version": 1, "targets": ');
    assert.deepEqual([...recordedFiles(dir)], []);
    assert.deepEqual([...fleetConnectors(dir)], []);
  });

  it('the connectors a fleet file manages are those of its accounts\' entries with a kind and an id', () => {
    const dir = out({
      'org.qualys-fleet.yaml#111122223333': { operation: 'update', id: 31, kind: 'aws' },
      'org.qualys-fleet.yaml#%E0%A4%A': { operation: 'update', id: 32, kind: 'aws' },
      'org.qualys-fleet.yaml#444455556666': { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' },
      'org.qualys-fleet.yaml#777788889999': { operation: 'update', id: 33 },
      'prod.qualys.yaml': { operation: 'update', id: 34, kind: 'aws' },
      'org.qualys-fleet.yaml#': { operation: 'update', id: 35, kind: 'aws' },
      'org.qualys-fleet.yaml#bad': { operation: 'update', id: 'x', kind: 'aws' },
    });
    assert.deepEqual([...fleetConnectors(dir)].sort(), ['aws:31', 'aws:32']);
  });

  it('a new connector is named from its name and id in the format asked; a known one where the record says; an id that is none, nowhere', () => {
    const dir = tempDir('qc-pull-');
    const known = new Map([['aws:5', 'kept-name.qualys.json']]);
    assert.equal(pulledPath(dir, known, 'aws', live(7, 'Prod EU') as never, 'yaml'), join(dir, 'prod-eu-7.qualys.yaml'));
    assert.equal(pulledPath(dir, known, 'aws', live('8', 'Prod EU') as never, 'xml'), join(dir, 'prod-eu-8.qualys.xml'));
    assert.equal(pulledPath(dir, known, 'aws', live(5, 'Renamed') as never, 'yaml'), join(dir, 'kept-name.qualys.json'));
    assert.equal(pulledPath(dir, known, 'azure', live(5, 'Renamed') as never, 'yaml'), join(dir, 'renamed-5.qualys.yaml'), 'the record is read by kind and id');
    for (const id of [0, -3, 1.5, 'x', undefined, 1e21]) assert.equal(pulledPath(dir, known, 'aws', live(id) as never, 'yaml'), undefined, String(id));
  });

  it('writes the connector as an update request, in the format of the name the record gives, and says new, unchanged or changed', async () => {
    const dir = tempDir('qc-pull-');
    const known = new Map([['aws:5', 'kept.qualys.json']]);
    const first = await writePulled(dir, known, 'aws', live(5) as never, 'yaml', []);
    assert.deepEqual(first, { path: join(dir, 'kept.qualys.json'), kind: 'aws', id: 5, written: 'new', target: { operation: 'update', id: 5, kind: 'aws' } });
    const text = readFileSync(join(dir, 'kept.qualys.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'Prod EU', arn: 'arn:aws:iam::123456789012:role/R', runFrequency: 240 } } } });
    assert.equal((await writePulled(dir, known, 'aws', live(5) as never, 'yaml', []))?.written, 'unchanged');
    assert.equal((await writePulled(dir, known, 'aws', live(5, 'Prod EU', { runFrequency: 360 }) as never, 'yaml', []))?.written, 'changed');
    assert.match(readFileSync(join(dir, 'kept.qualys.json'), 'utf8'), /"runFrequency": 360/);
    const second = await writePulled(dir, known, 'aws', live('9', 'Other') as never, 'xml', []);
    assert.deepEqual(second, { path: join(dir, 'other-9.qualys.xml'), kind: 'aws', id: 9, written: 'new', target: { operation: 'update', id: 9, kind: 'aws' } });
    assert.match(readFileSync(join(dir, 'other-9.qualys.xml'), 'utf8'), /<name>Other<\/name>/);
    assert.equal(await writePulled(dir, known, 'aws', live('none') as never, 'yaml', []), undefined);
    assert.deepEqual(readdirSync(dir).sort(), ['kept.qualys.json', 'other-9.qualys.xml']);
  });

  it('masks the account\'s secret wherever the answer echoes it, and never writes through a link', async () => {
    const dir = tempDir('qc-pull-');
    const elsewhere = tempDir('qc-elsewhere-');
    await writePulled(dir, new Map(), 'aws', live(3, 'Echo', { description: 'pw is S3cret-Value!' }) as never, 'yaml', ['S3cret-Value!']);
    const text = readFileSync(join(dir, 'echo-3.qualys.yaml'), 'utf8');
    assert.ok(!text.includes('S3cret-Value!'), text);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(elsewhere, 'target.txt'), 'mine');
    symlinkSync(join(elsewhere, 'target.txt'), join(dir, 'linked-4.qualys.yaml'));
    await assert.rejects(writePulled(dir, new Map(), 'aws', live(4, 'Linked') as never, 'yaml', []), /linked-4\.qualys\.yaml exists and is not a regular file/);
    assert.equal(readFileSync(join(elsewhere, 'target.txt'), 'utf8'), 'mine');
  });
});
