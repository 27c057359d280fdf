import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RecordCache } from './lsp/records';
import { WorkspaceCheck } from './lsp/workspaceCheck';
import { installValidatorsBeside } from './compiledValidators';
import { SERVER_NAME, startServer } from './lsp/startServer';
import { version } from '../../package.json';

/**
 * The language server process: inside VS Code (started by the client) and standalone for any LSP
 * editor: `qualys-connector-ls --stdio`.
 */
const USAGE = `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=PORT

The Qualys connector request language server (LSP): validation, completion, hover, quick fixes and
outline for Qualys connector API request files in XML, JSON and YAML. An editor starts it and
speaks LSP over the chosen channel.

Options:
  --stdio         speak LSP over standard input and output
  --node-ipc      speak LSP over Node's IPC channel (when started by a Node client)
  --socket=PORT   connect to PORT on this machine
  --help, -h      print this help
  --version, -v   print the version`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE + '\n');
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${SERVER_NAME} ${version}\n`);
} else if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe=') || a.startsWith('--clientProcessId'))) {
  process.stderr.write(`${SERVER_NAME}: say how to talk to the editor.\n\n${USAGE}\n`);
  process.exitCode = 2;
} else {
  installValidatorsBeside(__dirname, SERVER_NAME);
  const files = new RecordCache();
  startServer(createConnection(ProposedFeatures.all), version, files, (host) => new WorkspaceCheck({ ...host, roots: () => files.rootPaths }));
}

