import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompareLiveRequest, CompareLiveResult, DescribeFileRequest, FileDescription, LocatedField, LocateFieldRequest, PreparedSend, PrepareSendRequest } from '../../../server/src/protocol';
import type { Operation } from '../../../server/src/core/model';

/**
 * The two questions the send commands ask the language server. The server holds the editor's text
 * (unsaved edits included: the client flushes pending changes before a request), parses it and
 * answers; the client never parses a request itself.
 */

export type PartialTarget = { operation?: Operation; id?: number };

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function prepareSend(
  client: LanguageClient,
  uri: vscode.Uri,
  target: PartialTarget,
  token?: vscode.CancellationToken,
): Promise<PreparedSend | { error: string }> {
  try {
    const params = { uri: client.code2ProtocolConverter.asUri(uri), target };
    const result = token ? await client.sendRequest(PrepareSendRequest.type, params, token) : await client.sendRequest(PrepareSendRequest.type, params);
    return 'error' in result ? { error: result.error } : result.prepared;
  } catch (e) {
    return { error: `the Qualys language server did not answer (${describe(e)})` };
  }
}

/** The target a file's record gives it, as the server read the record; none when it records none. */
export async function recordedTarget(client: BaseLanguageClient, uri: vscode.Uri): Promise<PartialTarget> {
  const d = await describeFile(client, uri);
  return d?.recorded && d.operation ? { operation: d.operation, ...(d.id !== undefined ? { id: d.id } : {}) } : {};
}

/** What the server says the file is (kind, operation, id, record problems); undefined when it does not answer. */
export async function describeFile(client: BaseLanguageClient, uri: vscode.Uri, token?: vscode.CancellationToken): Promise<FileDescription | undefined> {
  try {
    const params = { uri: client.code2ProtocolConverter.asUri(uri) };
    return (await (token ? client.sendRequest(DescribeFileRequest.type, params, token) : client.sendRequest(DescribeFileRequest.type, params))) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The range of the field an API error message names, or undefined when the server finds none. With
 * the answer's `code`, the server also marks a local finding about that field as agreed by the API (`local`).
 */
export async function locateField(client: LanguageClient, uri: vscode.Uri, message: string, code?: string): Promise<{ field: string; range: vscode.Range; local?: string } | undefined> {
  let found: LocatedField | null;
  try {
    found = await client.sendRequest(LocateFieldRequest.type, { uri: client.code2ProtocolConverter.asUri(uri), message, ...(code !== undefined ? { code } : {}) });
  } catch {
    // Only a nicety on top of the response view: an unanswered request leaves the editor as it was.
    return undefined;
  }
  return found ? { field: found.field, range: client.protocol2CodeConverter.asRange(found.range), ...(found.local !== undefined ? { local: found.local } : {}) } : undefined;
}

/** What an update from the open file would change on the live connector, as `plan` compares. */
export async function compareLive(client: LanguageClient, uri: vscode.Uri, live: Record<string, unknown>): Promise<CompareLiveResult> {
  try {
    return await client.sendRequest(CompareLiveRequest.type, { uri: client.code2ProtocolConverter.asUri(uri), live });
  } catch (e) {
    return { error: `the Qualys language server did not answer (${describe(e)})` };
  }
}
