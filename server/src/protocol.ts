/**
 * The extension's own messages between client and server, declared once and imported by both
 * sides (as vscode-eslint does). Method names are namespaced `qualys/`.
 */
import { RequestType } from 'vscode-languageserver-protocol';

export type RequestFormat = 'xml' | 'json' | 'yaml';

export interface ConvertParams {
  uri: string;
  format: RequestFormat;
}

export type ConvertResult = { text: string } | { error: string };

/** Converts the open request to another format, losslessly as far as the request's data goes. */
// The namespace form (as vscode-languageserver-node declares its messages) keeps method and type together.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace ConvertRequest {
  export const method = 'qualys/convert';
  export const type = new RequestType<ConvertParams, ConvertResult, void>(method);
}

/** Command ids contributed by the extension (package.json `contributes.commands`). */
export const Commands = {
  newRequest: 'qualys.newRequest',
  convertToXml: 'qualys.convertToXml',
  convertToJson: 'qualys.convertToJson',
  convertToYaml: 'qualys.convertToYaml',
} as const;

/** Settings the server reads (section `qualys`). */
export interface ServerSettings {
  /** Milliseconds to wait after typing stops before validating. */
  validationDelay: number;
  /** Extra globs of files to treat as requests even without a `.qualys.` name. */
  include: string[];
  /** Languages for which the editor already offers the project's snippets itself (VS Code contributes them for xml, json, yaml). */
  editorSnippetLanguages?: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = { validationDelay: 200, include: [] };
