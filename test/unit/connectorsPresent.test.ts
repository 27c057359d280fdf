import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../server/src/send/connectors';
import { NetworkError } from '../../server/src/send/http';
import { connectorCommands, folder, homes, present } from './clientModules';
import { tempDir } from '../harness';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const SECRET = 'Tr1cky-Secret';

describe('the Connectors view, without VS Code', () => {
  it('picks the icon: failing first, then disabled, then syncing, else pass', () => {
    assert.equal(present.iconOf({ connectorState: 'FINISHED_ERRORS' }), 'error');
    assert.equal(present.iconOf({ connectorState: 'FINISHED_SUCCESS', lastError: 'AccessDenied' }), 'error');
    assert.equal(present.iconOf({ connectorState: 'DISABLED', lastError: 'x' }), 'error');
    assert.equal(present.iconOf({ connectorState: 'DISABLED' }), 'disabled');
    assert.equal(present.iconOf({ connectorState: 'FINISHED_SUCCESS', disabled: 'true' }), 'disabled');
    for (const s of ['RUNNING', 'QUEUED', 'PROCESSING', 'PENDING']) assert.equal(present.iconOf({ connectorState: s }), 'syncing');
    assert.equal(present.iconOf({ connectorState: 'FINISHED_SUCCESS', lastError: '  ' }), 'ok');
    assert.equal(present.iconOf({}), 'ok');
  });

  it('tells the menus what a connector allows', () => {
    assert.equal(present.contextValueOf({ connectorState: 'QUEUED' }, undefined), 'connector enabled');
    assert.equal(present.contextValueOf({ connectorState: 'DISABLED', lastError: 'e' }, { file: '/w/a.qualys.json', shown: 'a.qualys.json' }), 'connector disabled failing hasFile');
  });

  it('describes a connector with its id, state and relative sync time', () => {
    const c = { id: 843003, name: 'prod', connectorState: 'FINISHED_SUCCESS', lastSync: '2026-03-01T11:55:00Z' };
    assert.equal(present.labelOf(c, []), 'prod');
    assert.equal(present.descriptionOf(c, [], NOW), '#843003 · FINISHED_SUCCESS · synced 5 min ago');
    assert.equal(present.descriptionOf({ id: 7 }, [], NOW), '#7 · no state · never synced');
    assert.equal(present.labelOf({ id: 7, name: '' }, []), '#7');
    assert.equal(present.relativeTime(new Date(NOW + 2 * 3600_000), NOW), 'in 2 h');
    assert.equal(present.relativeTime(new Date(NOW - 3 * 86_400_000), NOW), '3 d ago');
    assert.equal(present.relativeTime(new Date(NOW - 10_000), NOW), 'just now');
  });

  it('keeps hostile names and errors inert in the tooltip: no link, no command, no HTML, no control character, no secret', () => {
    const c = {
      id: 12,
      name: `[x](command:evil) <img src=x onerror=alert(1)> \u001b[31mred\u202e ${SECRET}`,
      connectorState: 'FINISHED_ERRORS',
      lastSync: '2026-03-01T10:00:00Z',
      nextSync: 'soon\u0000',
      lastError: `AccessDenied: see https://evil.example/x and [here](command:workbench.action.terminal.new) www.evil.example ${SECRET}`,
    };
    const tip = present.tooltipOf(c, 'azure', [SECRET], NOW);
    // With every escaped pair taken out, no bracket, parenthesis or angle bracket is left to make a link or a tag.
    assert.ok(!/[[\]()<>]/.test(tip.replace(/\\./g, '')), tip);
    assert.ok(!tip.includes('](command:'), tip);
    assert.ok(!tip.includes('https://'), tip);
    assert.ok(!tip.includes('www.evil'), tip);
    assert.ok(tip.includes('\\<img'), tip);
    // eslint-disable-next-line no-control-regex -- no control character may remain
    assert.ok(!/[\u0000-\u001f\u202e]/.test(tip.replace(/\n/g, '')), tip);
    assert.ok(!tip.includes(SECRET), tip);
    assert.match(tip, /\*\*Last error:\*\* AccessDenied/);
    assert.match(tip, /\*\*Kind:\*\* Azure/);
    // Rendered (escapes taken out), the sync is absolute and relative.
    assert.match(tip.replace(/\\(.)/g, '$1'), /\*\*Last sync:\*\* 2026-03-01T10:00:00\.000Z \(2 h ago\)/);
    const label = present.labelOf(c, [SECRET]);
    assert.ok(!label.includes('\u001b') && !label.includes('\u202e') && !label.includes(SECRET), label);
  });

  it('shows no mark that reorders or breaks a line in a label: the implicit bidi marks and the Arabic letter mark too', () => {
    for (const mark of ['\u200e', '\u200f', '\u061c', '\u202e', '\u2067', '\u2028', '\u2029']) {
      const label = present.labelOf({ id: 1, name: `prod${mark}-1` }, []);
      assert.equal(label, 'prod\ufffd-1', JSON.stringify(label));
    }
  });

  it('adds a page without an id twice or a connector without a valid id (VS Code refuses a tree id twice), counting what it left out', () => {
    const first = present.mergePage([], [{ id: 1, name: 'a' }, { id: '2', name: 'b' }, { id: 1, name: 'a again' }, { name: 'no id' }, { id: 'x' }, { id: -3 }, { id: 1.5 }]);
    assert.deepEqual(first.connectors.map((c) => c.name), ['a', 'b']);
    assert.equal(first.skipped, 5);
    const next = present.mergePage(first.connectors, [{ id: 2, name: 'b repeated by the next page' }, { id: 3, name: 'c' }]);
    assert.deepEqual(next.connectors.map((c) => c.name), ['a', 'b', 'c']);
    assert.equal(next.skipped, 1);
    const ids = next.connectors.map((c) => Number(c.id));
    assert.equal(new Set(ids).size, ids.length, 'every tree id once');
    assert.equal(present.skippedNotice(0), undefined);
    assert.equal(present.skippedNotice(1), '1 connector not shown: the platform sent it without a valid id, or with an id already listed.');
    assert.match(present.skippedNotice(6) ?? '', /^6 connectors not shown/);
  });

  it('ends "Load more…" when the platform\'s paging does not advance, saying so', () => {
    assert.deepEqual(present.nextPage(undefined, 101, 100), { next: 101 }, 'the first page');
    assert.deepEqual(present.nextPage(101, 201, 100), { next: 201 });
    assert.deepEqual(present.nextPage(201, undefined, 5), {}, 'the last page');
    assert.match(present.nextPage(201, 201, 100).stuck ?? '', /did not advance past connector 200/);
    assert.match(present.nextPage(201, 150, 100).stuck ?? '', /did not advance/);
    assert.equal(present.nextPage(201, 301, 0).next, undefined, 'a page of connectors already listed');
  });

  it('says what a failed load means for the view', () => {
    const refused = present.problemOf(new NetworkError('refused', 'Nothing answers at localhost:9 (connection refused).'), 'localhost:9', []);
    assert.equal(refused.state, 'unreachable');
    assert.match(refused.message, /^Cannot reach localhost:9: Nothing answers/);
    const denied = present.problemOf(new ApiError(`/qps/rest/3.0/search/am/awsassetdataconnector: Qualys refused the credentials (HTTP 401) ${SECRET}`, 401), 'US1', [SECRET]);
    assert.equal(denied.state, 'refused');
    assert.match(denied.message, /^Qualys refused the credentials/);
    assert.ok(!denied.message.includes(SECRET));
    const limited = present.problemOf(new ApiError('/qps/x: Rate limit reached (HTTP 409, code 1965): wait 30 s.', 409), 'US1', []);
    assert.equal(limited.state, undefined);
    assert.match(limited.message, /wait 30 s/);
  });

  it('keeps the Open as Request folder inside the workspace folder, links resolved', async () => {
    const root = tempDir('qualys-folder-');
    const ws = join(root, 'ws');
    mkdirSync(ws);
    const made = await folder.pullFolder(ws, 'connectors/aws');
    assert.deepEqual(made, { path: join(ws, 'connectors', 'aws') });
    assert.ok('error' in (await folder.pullFolder(ws, '../outside')));
    assert.ok('error' in (await folder.pullFolder(ws, '/etc')));
    symlinkSync(root, join(ws, 'link'));
    const viaLink = await folder.pullFolder(ws, 'link/escaped');
    assert.ok('error' in viaLink, JSON.stringify(viaLink));
    assert.deepEqual(await folder.pullFolder(ws, ''), { path: join(ws, 'connectors') });
  });

  it('maps a connector to its request file, or to the fleet file and key whose account it is, as the record says', () => {
    const ws = tempDir('qualys-homes-');
    const outside = tempDir('qualys-homes-out-');
    mkdirSync(join(ws, 'fleets'));
    for (const f of ['fleets/aws-accounts.qualys-fleet.yaml', 'fleets/b.qualys-fleet.json', 'fleets/one.qualys.json']) writeFileSync(join(ws, f), '{}');
    writeFileSync(join(outside, 'out.qualys-fleet.yaml'), '{}');
    symlinkSync(join(outside, 'out.qualys-fleet.yaml'), join(ws, 'fleets', 'linked.qualys-fleet.yaml'));
    const hostileKey = `evil\u202e\n${'k'.repeat(500)}`;
    const targets = {
      'aws-accounts.qualys-fleet.yaml#111122223333': { operation: 'update', id: 10, kind: 'aws' },
      [`b.qualys-fleet.json#${encodeURIComponent(hostileKey)}`]: { operation: 'update', id: 11, kind: 'azure' },
      'one.qualys.json': { operation: 'update', id: 12, kind: 'gcp' },
      'aws-accounts.qualys-fleet.yaml#%E0%A4%A': { operation: 'update', id: 13, kind: 'aws' },
      'missing.qualys-fleet.yaml#1': { operation: 'update', id: 14, kind: 'aws' },
      'linked.qualys-fleet.yaml#1': { operation: 'update', id: 15, kind: 'aws' },
      '../../x.qualys-fleet.yaml#1': { operation: 'update', id: 16, kind: 'aws' },
      'aws-accounts.qualys-fleet.yaml#444455556666': { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' },
      'aws-accounts.qualys-fleet.yaml#777788889999': { operation: 'update', id: 'x', kind: 'aws' },
    };
    writeFileSync(join(ws, 'fleets', 'qualys-targets.json'), JSON.stringify({ version: 1, targets }));
    const found = new Map<string, homes.ConnectorHome>();
    homes.addRecordedHomes(join(ws, 'fleets', 'qualys-targets.json'), ws, found);
    assert.deepEqual([...found.keys()].sort(), ['aws:10', 'azure:11', 'gcp:12'], 'undecodable keys, missing files, links out, paths out, entries without an id or a valid one: none');
    const fleet = found.get('aws:10');
    assert.deepEqual(fleet, { file: join(ws, 'fleets', 'aws-accounts.qualys-fleet.yaml'), shown: 'fleets/aws-accounts.qualys-fleet.yaml', fleetKey: '111122223333' });
    assert.deepEqual(found.get('gcp:12'), { file: join(ws, 'fleets', 'one.qualys.json'), shown: 'fleets/one.qualys.json' });
    const c = { id: 10, name: 'prod', connectorState: 'FINISHED_SUCCESS', lastSync: '2026-03-01T11:55:00Z' };
    assert.equal(present.descriptionOf(c, [], NOW, fleet), '#10 · FINISHED_SUCCESS · synced 5 min ago · aws-accounts.qualys-fleet.yaml [111122223333]');
    assert.equal(present.contextValueOf(c, fleet), 'connector enabled inFleet', 'no Compare inline: a fleet file is no request');
    const tip = present.tooltipOf(c, 'aws', [], NOW, fleet);
    assert.match(tip, /\*\*Fleet:\*\* fleets\\\/aws\\-accounts\\.qualys\\-fleet\\.yaml\n\n\*\*Account key:\*\* 111122223333$/);
    assert.match(present.tooltipOf(c, 'gcp', [], NOW, found.get('gcp:12')), /\*\*Request file:\*\* fleets\\\/one\\.qualys\\.json$/);
    // A key is a user's string: one line, no reordering mark, bounded.
    const hostile = present.descriptionOf({ id: 11 }, [], NOW, found.get('azure:11'));
    assert.doesNotMatch(hostile, /[\n\u202e]/);
    assert.ok(hostile.length < 200, hostile);
    assert.match(hostile, / · b\.qualys-fleet\.json \[evil\ufffd\ufffdk+…\]$/);
  });

  it('declares every command of the view, and shows the ones that call the platform or write only in a trusted workspace', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]> } };
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of Object.values(connectorCommands.ConnectorCommands)) assert.ok(declared.has(id), id);
    const entries = Object.values(manifest.contributes.menus).flat().filter((m) => m.command.startsWith('qualys.connectors.') && m.command !== connectorCommands.ConnectorCommands.copyId && m.when !== 'false');
    assert.ok(entries.length >= 8);
    for (const m of entries) assert.match(m.when ?? '', /isWorkspaceTrusted/, m.command);
  });
});
