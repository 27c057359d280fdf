import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Format } from '../../server/src/core/tree';
import { ConvertParams, ConvertRequest, ConvertResult } from '../../server/src/protocol';
import { FORMAT_LABEL, QUALYS_LANGUAGE } from './formats';

/**
 * `qualys.convertTo{Xml,Json,Yaml}`: the server converts (the client never parses a request);
 * the result opens beside the source as a new untitled request document, so nothing is overwritten.
 */
export async function convertActiveEditor(client: LanguageClient, format: Format): Promise<void> {
  const label = FORMAT_LABEL[format];
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage(`Convert Request to ${label}: open a request file first.`);
    return;
  }
  const params: ConvertParams = { uri: client.code2ProtocolConverter.asUri(editor.document.uri), format };
  let result: ConvertResult;
  try {
    result = await client.sendRequest(ConvertRequest.type, params);
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Could not convert to ${label}: the Qualys language server did not answer (${e instanceof Error ? e.message : String(e)}).`,
    );
    return;
  }
  if ('error' in result) {
    void vscode.window.showErrorMessage(`Could not convert to ${label}: ${result.error}`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: QUALYS_LANGUAGE[format], content: result.text });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
}
