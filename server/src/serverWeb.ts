import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { ClientFiles } from './lsp/clientFiles';
import { startServer } from './lsp/startServer';
import { ListFleetFilesRequest, ReadProjectFileRequest } from './protocol';
import { version } from '../../package.json';

/**
 * The language server in a browser (github.dev, vscode.dev, code-server's web worker extension
 * host): a Web Worker the web extension starts, speaking LSP over its messages. The same
 * `startServer` as the Node process; what it reads of the workspace (the record, the rule file, a
 * fleet's inputs) the editor reads for it, as a browser has no disk. Bundled for the browser by
 * `scripts/build.mjs`, which fails when a Node built-in is reached from here.
 */
const worker = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
startServer(
  connection,
  version,
  new ClientFiles(
    (uri, maxBytes) => connection.sendRequest(ReadProjectFileRequest.type, { uri, maxBytes }),
    (uri) => connection.sendRequest(ListFleetFilesRequest.type, { uri }),
  ),
);
