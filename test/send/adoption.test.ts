import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { planCommand } from '../../server/src/cli/plan';
import { tempDir } from '../harness';
import { cmd, emulator, PASSWORD, USER } from './fleetHelpers';
import { hostileServer } from './hostileServer';

const AUTH = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

function connector(name: string, account: string): object {
  return { ServiceRequest: { data: { AwsAssetDataConnector: { name, arn: `arn:aws:iam::${account}:role/QualysRole`, externalId: `ext-${account}`, allRegions: true, runFrequency: 240 } } } };
}

/** A connector made by hand, outside this tool; its id. */
async function handMade(url: string, name: string, account: string): Promise<number> {
  const res = await fetch(`${url}/qps/rest/3.0/create/am/awsassetdataconnector`, { method: 'POST', headers: { Authorization: AUTH, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(connector(name, account)) });
  const sr = ((await res.json()) as { ServiceResponse: { data: { AwsAssetDataConnector: { id: number } }[] } }).ServiceResponse;
  return sr.data[0].AwsAssetDataConnector.id;
}

async function live(url: string, id: number): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/qps/rest/3.0/get/am/awsassetdataconnector/${id}`, { headers: { Authorization: AUTH, Accept: 'application/json' } });
  return ((await res.json()) as { ServiceResponse: { data: { AwsAssetDataConnector: Record<string, unknown> }[] } }).ServiceResponse.data[0].AwsAssetDataConnector;
}

describe('apply never takes over a connector it did not create', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('qc-adopt-');
  });

  it('a hand-made "Team Prod" is left alone: the create of another "Team Prod" is a plan error that names it', async () => {
    const { emu } = await emulator();
    try {
      const id = await handMade(emu.url, 'Team Prod', '111111111111');
      writeFileSync(join(dir, 'team-prod-create.qualys.json'), JSON.stringify(connector('Team Prod', '222222222222')));
      const planned = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.equal(planned.code, 1, planned.out + planned.err);
      assert.match(planned.err + planned.out, new RegExp(`named "Team Prod" already exists \\(id ${id}\\).*pull it.*"id": ${id}`));
      const creates = emu.calls.byOperation.create;
      const applied = await cmd(applyCommand, ['--base-url', emu.url, '--yes'], dir);
      assert.equal(applied.code, 1, applied.out + applied.err);
      assert.equal(emu.calls.byOperation.create, creates, 'nothing created');
      assert.equal(emu.calls.byOperation.update ?? 0, 0, 'nothing updated');
      const after = await live(emu.url, id);
      assert.equal(after.arn, 'arn:aws:iam::111111111111:role/QualysRole');
      assert.equal(after.externalId, 'ext-111111111111');
    } finally {
      await emu.close();
    }
  });

  it('planning one file does not adopt a connector that another file records', async () => {
    const { emu } = await emulator();
    try {
      const id = await handMade(emu.url, 'Shared', '333333333333');
      writeFileSync(join(dir, 'shared.qualys.json'), JSON.stringify(connector('Shared', '333333333333')));
      writeFileSync(join(dir, 'shared-create.qualys.json'), JSON.stringify(connector('Shared', '444444444444')));
      writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'shared.qualys.json': { operation: 'update', id, kind: 'aws' }, 'shared-create.qualys.json': { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' } } }));
      const planned = await cmd(planCommand, ['--base-url', emu.url, 'shared-create.qualys.json'], dir);
      assert.equal(planned.code, 1, planned.out + planned.err);
      assert.match(planned.err + planned.out, new RegExp(`id ${id} \\(recorded for another file\\)`));
      assert.doesNotMatch(planned.out, /adopt/);
    } finally {
      await emu.close();
    }
  });

  for (const [what, answer, left] of [
    ['refused by Qualys leaves the file\'s record entry as it was', 'refuse', { operation: 'create', kind: 'aws' }],
    ['never answered leaves the entry saying when it was sent', 'drop', 'creating'],
  ] as const) {
    it(`a create ${what}`, async () => {
      const server = await hostileServer((req, res) => {
        if (req.url?.includes('/create/') && answer === 'drop') return void req.socket.destroy();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(req.url?.includes('/create/') ? '{"ServiceResponse":{"responseCode":"INVALID_REQUEST","responseErrorDetails":{"errorMessage":"arn is not valid"}}}' : '{"ServiceResponse":{"responseCode":"SUCCESS","count":0,"hasMoreRecords":"false"}}');
      });
      try {
        writeFileSync(join(dir, 'bad-create.qualys.json'), JSON.stringify(connector('Bad', '555555555555')));
        writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'bad-create.qualys.json': { operation: 'create', kind: 'aws' } } }));
        const applied = await cmd(applyCommand, ['--base-url', server.url, '--yes', '--timeout', '5'], dir);
        assert.equal(applied.code, 1, applied.out + applied.err);
        assert.equal(server.bodies.filter((b) => b.includes('555555555555')).length, 1, 'the create was sent once');
        const entry = (JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, Record<string, unknown>> }).targets['bad-create.qualys.json'];
        if (left === 'creating') assert.match(String(entry.creating), /^\d{4}-\d\d-\d\dT/);
        else assert.deepEqual(entry, left);
      } finally {
        await server.close();
      }
    });
  }
});
