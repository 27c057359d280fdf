import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionList, CompletionRequest, Diagnostic, HoverRequest, MarkupContent, TextEdit } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';
import { tempDir } from '../harness';

const TEMPLATE = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      arn: "arn:aws:iam::${Id}:role/QualysRole"\n      externalId: "qualys-${Id}"\n      runFrequency: "${Freq}"\n';

function accounts(list: { Id: string; Name?: string; Freq?: unknown; Status?: string }[]): string {
  return JSON.stringify({ Accounts: list.map((a) => ({ Status: 'ACTIVE', Email: 'x@example.com', ...a })) });
}

/** What each diagnostic says, and the text it covers. */
function shown(text: string, diagnostics: Diagnostic[]): [string, string, string][] {
  const lines = text.split('\n');
  return diagnostics.map((d) => [String(d.code), lines[d.range.start.line].slice(d.range.start.character, d.range.end.line === d.range.start.line ? d.range.end.character : undefined), String(d.message)]);
}

/** A server on the folder `dir`, with the fleet file `fleet.qualys-fleet.yaml` written there and open. */
async function openFleet(dir: string, fleet: string): Promise<{ client: LspClient; uri: string }> {
  const file = join(dir, 'fleet.qualys-fleet.yaml');
  writeFileSync(file, fleet);
  const uri = pathToFileURL(file).href;
  const client = new LspClient();
  try {
    await client.initialize({ validationDelay: 0, workspaceValidation: false }, { folders: [pathToFileURL(dir).href] });
    await client.open(uri, 'yaml', fleet);
  } catch (e) {
    await client.stop();
    throw e;
  }
  return { client, uri };
}

describe('language server: fleet files', function () {
  this.timeout(20000);

  it('checks a fleet file against its template and inventory: keys, placeholders, each account\'s request as a create', async () => {
    const dir = tempDir('qc-fleet-ls-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'aws-account.qualys.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'accounts.json'), accounts([{ Id: '111122223333', Name: 'prod', Freq: 240 }, { Id: '444455556666', Name: 'dev', Freq: 'often' }, { Id: '777788889999', Name: 'lab', Freq: 'never' }, { Id: '1', Name: 'gone', Freq: 60, Status: 'SUSPENDED' }]));
    const fleet = 'template: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }\n';
    const { client, uri } = await openFleet(dir, fleet);
    try {
      const found = shown(fleet, await client.diagnosticsFor(uri, 1));
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.deepEqual(found[0].slice(0, 2), ['fleet-account', 'aws-account.qualys.yaml']);
      assert.match(found[0][2], /^for 444455556666 \(and 1 other account\): ServiceRequest\.data\.AwsAssetDataConnector\.runFrequency: .*"often"/);

      writeFileSync(join(dir, 'accounts.json'), accounts([{ Id: '111122223333', Freq: 240 }, { Id: '111122223333', Name: 'b', Freq: 240 }]));
      const edited = fleet + 'onRemoved: delete\n';
      await client.change(uri, 2, edited);
      const dup = shown(edited, await client.diagnosticsFor(uri, 2));
      assert.deepEqual(dup.map((d) => d.slice(0, 2)), [['fleet-file', 'accounts.json']]);
      assert.match(dup[0][2], /entries 1 and 2 of the inventory have the same Id "111122223333"/);

      writeFileSync(join(dir, 'accounts.json'), accounts([{ Id: '111122223333', Freq: 240 }]));
      const third = edited;
      await client.change(uri, 3, third);
      const unresolved = shown(third, await client.diagnosticsFor(uri, 3));
      assert.deepEqual(unresolved.map((d) => d.slice(0, 2)), [['fleet-account', 'aws-account.qualys.yaml']]);
      assert.match(unresolved[0][2], /^for 111122223333: \$\{Name\} at ServiceRequest\.data\.AwsAssetDataConnector\.name: the entry has no field "Name"/);
    } finally {
      await client.stop();
    }
  });

  it('names each mistake of the fleet file on its field, and reads nothing outside the workspace', async () => {
    const dir = tempDir('qc-fleet-ls-');
    const outside = tempDir('qc-fleet-out-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(outside, 'accounts.json'), accounts([{ Id: '1' }]));
    symlinkSync(join(outside, 'accounts.json'), join(dir, 'linked.json'));
    const fleet = 'template: missing.qualys.yaml\ninventory: linked.json\nonRemoved: destroy\n';
    const { client, uri } = await openFleet(dir, fleet);
    try {
      assert.deepEqual(shown(fleet, await client.diagnosticsFor(uri, 1)).map((d) => d.slice(0, 2)), [['fleet-file', 'destroy']]);
      const fixed = fleet.replace('destroy', 'keep');
      await client.change(uri, 2, fixed);
      const found = shown(fixed, await client.diagnosticsFor(uri, 2));
      assert.deepEqual(found.map((d) => d.slice(0, 2)), [['fleet-file', 'missing.qualys.yaml'], ['fleet-file', 'linked.json']]);
      assert.match(found[0][2], /The template missing.qualys.yaml does not exist/);
      assert.match(found[1][2], /The inventory linked.json is outside the workspace/);
    } finally {
      await client.stop();
    }
  });

  it('checks a template that a fleet beside it names: no finding on a placeholder alone, each account\'s on the field\'s line', async () => {
    const dir = tempDir('qc-fleet-ls-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'accounts.json'), accounts([{ Id: '111122223333', Name: 'prod', Freq: 240 }, { Id: '444455556666', Name: 'dev', Freq: 'often' }]));
    const template = TEMPLATE + '      allRegions: maybe\n';
    writeFileSync(join(dir, 'aws-account.qualys.yaml'), template);
    const { client } = await openFleet(dir, 'template: aws-account.qualys.yaml\ninventory: accounts.json\n');
    try {
      const uri = pathToFileURL(join(dir, 'aws-account.qualys.yaml')).href;
      await client.open(uri, 'yaml', template);
      const found = shown(template, await client.diagnosticsFor(uri, 1));
      assert.deepEqual(found.map((d) => d.slice(0, 2)), [['fleet-account', '"${Freq}"'], ['wrong-type', 'maybe']]);
      assert.match(found[0][2], /^fleet.qualys-fleet.yaml: for 444455556666: ServiceRequest.data.AwsAssetDataConnector.runFrequency: .*"often"/);
      // The same template with no fleet beside it: each placeholder stands for a value of the right shape, the rest is checked.
      const alone = join(dir, 'copy');
      mkdirSync(alone);
      writeFileSync(join(alone, 'aws-account.qualys.yaml'), template);
      const other = pathToFileURL(join(alone, 'aws-account.qualys.yaml')).href;
      await client.open(other, 'yaml', template);
      assert.deepEqual(shown(template, await client.diagnosticsFor(other, 1)).map((d) => d.slice(0, 2)), [['wrong-type', 'maybe']]);
    } finally {
      await client.stop();
    }
  });

  it('completes the inventory\'s fields after ${ in a template, and shows a placeholder\'s value for the first accounts on hover', async () => {
    const dir = tempDir('qc-fleet-ls-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'projects.json'), JSON.stringify([{ projectId: 'payments-prod-4821', name: 'Payments', lifecycleState: 'ACTIVE', projectNumber: '415104041262', labels: { team: 'payments' } }]));
    const template = 'ServiceRequest:\n  data:\n    GcpAssetDataConnector:\n      name: "gcp-${projectId}"\n      description: "${la"\n';
    writeFileSync(join(dir, 'gcp-project.qualys.yaml'), template);
    const { client } = await openFleet(dir, 'template: gcp-project.qualys.yaml\ninventory: projects.json\n');
    try {
      const uri = pathToFileURL(join(dir, 'gcp-project.qualys.yaml')).href;
      await client.open(uri, 'yaml', template);
      const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 4, character: 24 } })) as CompletionList;
      assert.deepEqual(list.items.map((i) => i.label).sort(), ['labels.team', 'lifecycleState', 'name', 'projectId', 'projectNumber']);
      const edit = list.items.find((i) => i.label === 'labels.team')?.textEdit as TextEdit;
      assert.deepEqual(edit.range, { start: { line: 4, character: 22 }, end: { line: 4, character: 24 } });
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 22 } });
      assert.match(String((hover?.contents as MarkupContent).value), /\*\*\$\{projectId\}\*\* for the first accounts:\n\n- payments-prod-4821: `"payments-prod-4821"`/);
    } finally {
      await client.stop();
    }
  });
});
