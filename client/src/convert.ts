import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Format } from '../../server/src/core/tree';
import { ConvertParams, ConvertRequest, ConvertResult } from '../../server/src/protocol';
import { FORMAT_LABEL } from './formats';
import { describeFile } from './send/serverRequests';
import type { RequestTargets } from './untitledTargets';
import { openUntitledRequest, requestBaseName } from './untitled';

/**
 * `qualys.convertTo{Xml,Json,Yaml}`: the server converts (the client never parses a request);
 * the result opens beside the source as a new untitled request document, so nothing is overwritten,
 * named after the source (`azure-create.qualys.json` → `azure-create.qualys.yaml`, or by its kind
 * and operation) and keeping its recorded target. Resolves to the new document's URI.
 */
export async function convertActiveEditor(client: BaseLanguageClient, targets: RequestTargets, format: Format): Promise<vscode.Uri | undefined> {
  const label = FORMAT_LABEL[format];
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage(`Convert Request to ${label}: open a request file first.`);
    return undefined;
  }
  const params: ConvertParams = { uri: client.code2ProtocolConverter.asUri(editor.document.uri), format };
  let result: ConvertResult;
  try {
    result = await client.sendRequest(ConvertRequest.type, params);
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Could not convert to ${label}: the Qualys language server did not answer (${e instanceof Error ? e.message : String(e)}).`,
    );
    return undefined;
  }
  if ('error' in result) {
    void vscode.window.showErrorMessage(`Could not convert to ${label}: ${result.error}`);
    return undefined;
  }
  const source = editor.document.uri;
  const base = requestBaseName(source.path) ?? (await describedName(client, source));
  const converted = await openUntitledRequest(base, format, result.text, vscode.ViewColumn.Beside);
  const target = await targets.read(source);
  if (target.operation) await targets.write(converted.document.uri, { operation: target.operation, ...(target.id !== undefined ? { id: target.id } : {}) });
  return converted.document.uri;
}

/** `azure-create` for a source whose name says nothing (an untitled document): what the server says it is. */
async function describedName(client: BaseLanguageClient, uri: vscode.Uri): Promise<string> {
  const described = await describeFile(client, uri);
  return described ? `${described.kind}-${described.operation ?? 'request'}` : 'request';
}
