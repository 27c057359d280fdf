import assert from 'node:assert/strict';
import { LocateFieldRequest } from '../../server/src/protocol';
import { startEmulator } from '../../server/src/emulator';
import { LspClient } from './lspClient';

/** A create whose runFrequency is a sentence: a local wrong-type finding, and an INVALID_REQUEST from the API. */
const BODY = {
  ServiceRequest: {
    data: { AwsAssetDataConnector: { name: 'Prod', arn: 'arn:aws:iam::123456789012:role/R', externalId: 'ext-1', allRegions: true, runFrequency: 'every ten hours' } },
  },
};
const TEXT = JSON.stringify(BODY, null, 2);

/** The answer the emulator gives to that create, as Send gets it. */
async function apiAnswer(): Promise<{ responseCode: string; errorMessage: string }> {
  const emu = await startEmulator({ port: 0 });
  try {
    const res = await fetch(`${emu.url}/qps/rest/3.0/create/am/awsassetdataconnector`, {
      method: 'POST',
      headers: { Authorization: 'Basic ' + Buffer.from('demo:demo-password').toString('base64'), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: TEXT,
    });
    const answer = (await res.json()) as { ServiceResponse: { responseCode: string; responseErrorDetails: { errorMessage: string } } };
    return { responseCode: answer.ServiceResponse.responseCode, errorMessage: answer.ServiceResponse.responseErrorDetails.errorMessage };
  } finally {
    await emu.close();
  }
}

describe('language server: one finding per cause after Send', function () {
  this.timeout(20000);

  it("an API INVALID_REQUEST on a field with a local finding is shown as that finding, saying the API agreed", async () => {
    const answer = await apiAnswer();
    assert.equal(answer.responseCode, 'INVALID_REQUEST');
    assert.match(answer.errorMessage, /runFrequency/);
    const uri = 'file:///w/aws-create.qualys.json';
    const client = new LspClient();
    try {
      await client.initialize({ validationDelay: 0 });
      await client.open(uri, 'qualys-json', TEXT);
      const local = await client.diagnosticsFor(uri, 1);
      assert.deepEqual(local.map((d) => d.code), ['wrong-type']);

      // Located only (no code): nothing changes on the server's side.
      const located = await client.connection.sendRequest(LocateFieldRequest.type, { uri, message: answer.errorMessage });
      assert.equal(located?.local, undefined);
      assert.equal(client.published(uri), 1);

      // Reported: the client is told the local finding speaks for it, and that finding now says the API agreed.
      const reported = await client.connection.sendRequest(LocateFieldRequest.type, { uri, message: answer.errorMessage, code: answer.responseCode });
      assert.equal(reported?.local, 'wrong-type');
      assert.equal(reported?.range.start.line, local[0].range.start.line);
      const agreed = await client.diagnosticsFor(uri, 2);
      assert.equal(agreed.length, 1, 'one finding, not two');
      assert.equal(agreed[0].message, `${local[0].message} The Qualys API agreed (INVALID_REQUEST: ${answer.errorMessage}).`);

      // A complaint about a field with no local finding stays the client's own diagnostic.
      const other = await client.connection.sendRequest(LocateFieldRequest.type, { uri, message: 'externalId is not known to this account', code: 'INVALID_REQUEST' });
      assert.equal(other?.field, 'externalId');
      assert.equal(other?.local, undefined);
      assert.equal(client.published(uri), 2);

      // An edit: the answer was about the text as sent, so the finding is its own again.
      await client.change(uri, 2, TEXT.replace('"Prod"', '"Prod 2"'));
      assert.equal((await client.diagnosticsFor(uri, 3))[0].message, local[0].message);
    } finally {
      await client.stop();
    }
  });
});
