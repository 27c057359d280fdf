import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeAction, CodeActionRequest, Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './lspClient';

const MISTAKES = readFileSync(join(__dirname, '../../../examples/mistakes.qualys.yaml'), 'utf8').replace('- "VM"', '- "vm"');

describe('language server: Fix all', function () {
  this.timeout(20000);
  let client: LspClient;
  const uri = 'file:///w/fix-all.qualys.yaml';
  let version = 1;

  before(async () => {
    client = new LspClient();
    const init = await client.initialize({ validationDelay: 0 });
    const provider = init.capabilities.codeActionProvider;
    assert.deepEqual(typeof provider === 'object' ? provider.codeActionKinds : undefined, ['quickfix', 'source.fixAll.qualys']);
  });

  after(async () => {
    await client.stop();
  });

  const actions = async (diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> => {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const answer = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
    return (answer ?? []) as CodeAction[];
  };
  /** The text after an action's edit, sent to the server as the editor would: its diagnostics' codes. */
  const applied = async (text: string, action: CodeAction): Promise<{ text: string; codes: string[] }> => {
    const edits = action.edit?.changes?.[uri] as TextEdit[];
    const after = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 0, text), edits);
    version++;
    await client.change(uri, version, after);
    return { text: after, codes: (await client.diagnosticsFor(uri, version)).map((d) => String(d.code)) };
  };

  it('source.fixAll.qualys applies every safe fix of the file in one edit, and leaves the rest', async () => {
    await client.open(uri, 'qualys-yaml', MISTAKES, version);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-field', 'wrong-type', 'wrong-connector-field', 'invalid-enum', 'invalid-enum', 'days-without-weekly', 'date-day-first', 'invalid-format', 'unknown-timezone']);
    assert.deepEqual(await actions([], ['quickfix']), [], 'no source action unless asked for');
    const all = await actions([], ['source.fixAll']);
    assert.deepEqual(all.map((a) => [a.title, a.kind]), [['Fix all Qualys problems with a safe fix', 'source.fixAll.qualys']]);
    const { text, codes } = await applied(MISTAKES, all[0]);
    // No safe fix: a sentence for a number, an hour 25, a date whose order only the platform knows.
    assert.deepEqual(codes, ['wrong-type', 'date-day-first', 'invalid-format']);
    assert.match(text, /name: "Azure production"/);
    assert.match(text, /- "VM"\n\s+- "CERTVIEW"/);
    assert.match(text, /timezone: "Africa\/Cairo"/);
    assert.doesNotMatch(text, /arn:|daysOfWeek/);
    assert.deepEqual(await actions([], ['source.fixAll.qualys']), [], 'nothing left to fix safely: no action');
  });

  it('offers "Fix all CODE problems in this file" beside a fix when the file holds more than one', async () => {
    version++;
    await client.change(uri, version, MISTAKES);
    const diagnostics = await client.diagnosticsFor(uri, version);
    const enums = diagnostics.filter((d) => d.code === 'invalid-enum');
    const offered = await actions([enums[1]]);
    assert.deepEqual(offered.map((a) => a.title), ['Change to "CERTVIEW"', 'Fix all invalid-enum problems in this file', 'Ignore invalid-enum on this line']);
    const { text, codes } = await applied(MISTAKES, offered[1]);
    assert.match(text, /- "VM"\n\s+- "CERTVIEW"/);
    assert.equal(codes.filter((c) => c === 'invalid-enum').length, 0);
    // One finding of a code: its own fix only.
    const timezone = diagnostics.find((d) => d.code === 'unknown-timezone') as Diagnostic;
    assert.deepEqual((await actions([timezone])).map((a) => a.title), ['Change to "Africa/Cairo"', 'Ignore unknown-timezone on this line']);
  });
});
