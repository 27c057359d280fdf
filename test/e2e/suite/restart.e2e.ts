import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CloseAction } from 'vscode-languageclient/node';
import { RestartPolicy } from '../../../client/src/restartPolicy';
import { EXTENSION_ID } from './editing.e2e';
import { after, open, waitFor } from './util';

const SERVER = join(__dirname, '../../../../dist/server.js');

/** The language server processes this extension started (Linux: by their command line). */
function serverPids(): number[] {
  try {
    return execFileSync('pgrep', ['-f', SERVER], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number).filter((p) => p !== process.pid);
  } catch {
    return [];
  }
}

describe('when the language server dies', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('the client starts it again and editing help comes back', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const editor = await open(vscode.Uri.file(join(folder.uri.fsPath, 'aws-update.qualys.xml')));
    const hoverText = async (): Promise<string> => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, after(editor.document, '<runFreq'));
      return h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    await waitFor('a hover before the crash', async () => /Specified in minutes/.test(await hoverText()));
    const [pid] = await waitFor('the server process', () => (serverPids().length === 1 ? serverPids() : undefined));
    process.kill(pid, 'SIGKILL');
    const [next] = await waitFor('a new server process', () => {
      const now = serverPids();
      return now.length === 1 && now[0] !== pid ? now : undefined;
    }, 30_000);
    assert.notEqual(next, pid);
    await waitFor('a hover after the restart', async () => /Specified in minutes/.test(await hoverText()), 30_000);
  });

  it('restarts quietly a few times, then tells the user once and stops', () => {
    const told: string[] = [];
    let now = 0;
    const policy = new RestartPolicy((reason) => told.push(reason), { maxRestarts: 4, windowMs: 180_000 }, () => now);
    const actions = Array.from({ length: 7 }, () => {
      now += 1000;
      return policy.closed().action;
    });
    assert.deepEqual(actions, [CloseAction.Restart, CloseAction.Restart, CloseAction.Restart, CloseAction.Restart, CloseAction.DoNotRestart, CloseAction.DoNotRestart, CloseAction.DoNotRestart]);
    assert.equal(told.length, 1, 'one warning, not one per crash');
    assert.match(told[0], /stopped 5 times in 3 minutes/);
    policy.reset();
    now += 1000;
    assert.equal(policy.closed().action, CloseAction.Restart, 'a restart by the user starts a fresh budget');
  });
});
