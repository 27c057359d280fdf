import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { standaloneSchemas } from '../../server/src/core/schema/standalone';
import { fixture, fixtureNames } from './helpers';

/** What another tool sees: Red Hat's yaml-language-server, in process, given a committed standalone file. */
interface YlsService {
  configure(settings: object): void;
  doValidation(doc: TextDocument, isKubernetes: boolean): Promise<Diagnostic[]>;
}

const ROOT = join(__dirname, '../../..');
const schemaUri = (name: string): string => pathToFileURL(join(ROOT, 'schemas/standalone', `${name}.schema.json`)).href;
const names = standaloneSchemas().map((s) => s.name);
/** Every schema address yaml-language-server asked for: only files, never the `$id` host. */
const requested: string[] = [];
let ls: YlsService;
let docs = 0;

const message = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

async function diagnose(name: string, yaml: string): Promise<Diagnostic[]> {
  // The modeline, as a user would write it at the top of a request file.
  const text = `# yaml-language-server: $schema=${schemaUri(name)}\n${yaml}`;
  return ls.doValidation(TextDocument.create(`file:///other-tool/request${docs++}.yaml`, 'yaml', 1, text), false);
}

describe('standalone schemas in yaml-language-server', function () {
  this.timeout(20_000);

  before(async () => {
    const mod = (await import(pathToFileURL(join(ROOT, 'node_modules/yaml-language-server/lib/umd/languageservice/yamlLanguageService.js')).href)) as { getLanguageService(params: object): YlsService };
    const schemaRequestService = async (uri: string): Promise<string> => {
      requested.push(uri);
      if (!uri.startsWith('file:')) throw new Error(`no network here: ${uri}`);
      return readFileSync(fileURLToPath(uri), 'utf8');
    };
    ls = mod.getLanguageService({ schemaRequestService, workspaceContext: { resolveRelativePath: (p: string) => p }, clientCapabilities: {} });
    ls.configure({ validate: true, completion: true, hover: true, schemas: [] });
  });

  const valid = fixtureNames('valid').filter((f) => /\.ya?ml$/.test(f));
  it('has YAML fixtures to check', () => assert.ok(valid.length > 0));
  for (const file of valid) {
    const name = names.find((n) => file.startsWith(`${n}-`));
    if (!name) continue;
    it(`finds nothing wrong in valid/${file} with ${name}.schema.json`, async () => {
      assert.deepEqual((await diagnose(name, fixture('valid', file))).map(message), []);
      assert.ok(requested.length > 0 && requested.every((u) => u.startsWith('file:')), `asked for ${requested.join(', ')}`);
    });
  }

  it('reports an unknown field on its key', async () => {
    const yaml = fixture('valid', 'aws-update-basic.yaml').replace(/^ServiceRequest:\n/, 'ServiceRequest:\n  notAQualysField: 1\n');
    const found = await diagnose('aws-update', yaml);
    const hit = found.find((d) => /notAQualysField/.test(message(d)));
    assert.ok(hit, `got ${JSON.stringify(found.map(message))}`);
    assert.equal(hit.range.start.line, 2);
  });

  it('reports a value outside an enum on the value', async () => {
    const original = fixture('valid', 'aws-update-basic.yaml');
    assert.match(original, /ActivationModule: "VM"/, 'the fixture this test edits has changed');
    const found = await diagnose('aws-update', original.replace('ActivationModule: "VM"', 'ActivationModule: "NOT_A_MODULE"'));
    const line = original.split('\n').findIndex((l) => l.includes('ActivationModule: "VM"')) + 1;
    const hit = found.find((d) => d.range.start.line === line);
    assert.ok(hit, `got ${JSON.stringify(found.map((d) => [d.range.start.line, message(d)]))}`);
    assert.match(message(hit), /VM/, 'the message lists the values allowed');
  });
});
