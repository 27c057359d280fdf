import { RULE_TABLE } from '../../server/src/core/findingCodes';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trust } from './clientModules';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: string | boolean; restrictedConfigurations?: string[] } };
  contributes: { menus: Record<string, { command: string; when?: string }[]>; keybindings: { command: string; when?: string }[] };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Manifest;
/** What sends, writes qualys-targets.json or touches credentials. */
const TRUSTED_ONLY = ['qualys.sendRequest', 'qualys.cancelRequest', 'qualys.setTarget', 'qualys.setCredentials', 'qualys.forgetCredentials', 'qualys.showHistory'];

describe('Restricted Mode', () => {
  it('is declared: editing help works, sending does not, and a workspace cannot widen the files checked', () => {
    const u = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.deepEqual(u?.restrictedConfigurations, ['qualys.files.include', 'qualys.rules']);
  });

  it('hides every command that sends, records or touches credentials from untrusted workspaces', () => {
    const entries = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.keybindings].filter((e) => TRUSTED_ONLY.includes(e.command));
    assert.ok(entries.length >= 8);
    for (const e of entries) assert.match(e.when ?? '', /^isWorkspaceTrusted( && |$)/, `${e.command}: ${e.when}`);
  });

  it('refuses to run such a command when the workspace is not trusted, saying why', () => {
    const warnings: string[] = [];
    let ran = 0;
    let isTrusted = false;
    const send = trust.whenTrusted(() => isTrusted, 'Qualys: Send Request', (m) => warnings.push(m), (n: number) => (ran += n));
    assert.equal(send(1), undefined);
    assert.equal(ran, 0);
    assert.match(warnings[0], /^Qualys: Send Request is not available in Restricted Mode/);
    isTrusted = true;
    assert.equal(send(2), 2);
    assert.equal(warnings.length, 1);
  });
});

describe('the qualys.rules setting', () => {
  it('offers exactly the codes a level can change, and the four levels', () => {
    const conf = (manifest as unknown as { contributes: { configuration: { properties: Record<string, { propertyNames?: { enum: string[] }; additionalProperties?: { enum: string[] } }> } | { properties: Record<string, { propertyNames?: { enum: string[] }; additionalProperties?: { enum: string[] } }> }[] } }).contributes.configuration;
    const props = Array.isArray(conf) ? conf[0].properties : conf.properties;
    const rules = props['qualys.rules'];
    assert.deepEqual(rules.propertyNames?.enum, Object.keys(RULE_TABLE).filter((c) => !RULE_TABLE[c].fixed));
    assert.deepEqual(rules.additionalProperties?.enum, ['error', 'warning', 'information', 'off']);
  });
});
