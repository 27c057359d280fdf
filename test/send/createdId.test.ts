import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { cmd } from './fleetHelpers';
import { hostileServer } from './hostileServer';

describe('apply records only a created id that is a connector id', function () {
  this.timeout(20_000);

  it('a create answered with id 1e21 fails, and nothing is recorded', async () => {
    const server = await hostileServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const data = req.url?.includes('/create/') ? '[{"AwsAssetDataConnector":{"id":1e21,"name":"x"}}]' : '[]';
      res.end(`{"ServiceResponse":{"responseCode":"SUCCESS","count":1,"hasMoreRecords":"false","data":${data}}}`);
    });
    const dir = mkdtempSync(join(tmpdir(), 'qc-created-'));
    try {
      copyFileSync(join(__dirname, '../../../examples/aws-create.qualys.json'), join(dir, 'team-create.qualys.json'));
      const r = await cmd((args, io, env) => applyCommand(args, io, env), ['--base-url', server.url, '--yes', '.'], dir);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out + r.err, /id 1e\+21 is not a connector id/);
      const record = join(dir, 'qualys-targets.json');
      assert.ok(!existsSync(record) || !readFileSync(record, 'utf8').includes('1e+21'), 'the id is not recorded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
});
