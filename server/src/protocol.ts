/**
 * The extension's own messages between client and server, declared once and imported by both
 * sides (as vscode-eslint does). Method names are namespaced `qualys/`.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Operation } from './core/model';
import type { FieldChange } from './core/fleet/diff';
import type { PreparedRequest } from './core/prepare';
import type { Format } from './core/tree';

export interface ConvertParams {
  uri: string;
  format: Format;
}

export type ConvertResult = { text: string } | { error: string };

/** Converts the open request to another format, losslessly as far as the request's data goes. */
// The namespace form (as vscode-languageserver-node declares its messages) keeps method and type together.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace ConvertRequest {
  export const method = 'qualys/convert';
  export const type = new RequestType<ConvertParams, ConvertResult, void>(method);
}

/** A live connector (as a search or get answers it) to compare with an open request file, as `plan` compares. */
export interface CompareLiveParams {
  uri: string;
  live: Record<string, unknown>;
}

/** What an update from the file would change on the live connector: `plan`'s field changes. */
export type CompareLiveResult = {
  changes: FieldChange[];
  /** The live connector in the file's own shape (its text with the differing values replaced), when every change is one value in place. */
  shaped?: string;
} | { error: string };

// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace CompareLiveRequest {
  export const method = 'qualys/compareLive';
  export const type = new RequestType<CompareLiveParams, CompareLiveResult, void>(method);
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
  /** The `qualys.rules` setting as VS Code gives it (checked by the server): finding codes and levels. */
  rules?: unknown;
  /** Whether the request files of the workspace that are not open are checked too, for the Problems panel (default true). */
  workspaceValidation?: boolean;
  /** Most request files of the workspace checked in the background. */
  workspaceMaxFiles?: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { validationDelay: 200, include: [] };

/**
 * What the client needs to send the open request: the body as it goes on the wire, and where. The
 * server reads the record of targets itself; `target` is what the user just chose, over the record.
 */
export interface PrepareSendParams {
  uri: string;
  target: { operation?: Operation; id?: number };
}

/** The prepared request as it crosses the wire: the error findings as short lines (the client asks before sending a file that has any). */
export type PreparedSend = Omit<PreparedRequest, 'errors'> & { errors: string[] };

/** What a file is, without preparing a send: for the CodeLens and Set Target. */
export interface FileDescription extends Pick<PreparedRequest, 'kind' | 'operation' | 'recorded' | 'id' | 'byFilter' | 'hasFilters'> {
  isRequest: boolean;
  errors: number;
  /** Why qualys-targets.json could not be used for this file. */
  recordProblem?: string;
  /** The connector Send Request created from this file, and when (ISO time), as the record says. */
  created?: { id: number; at: string };
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace DescribeFileRequest {
  export const method = 'qualys/describeFile';
  export const type = new RequestType<{ uri: string }, FileDescription | null, void>(method);
}

export type PrepareSendResult = { prepared: PreparedSend } | { error: string };

// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace PrepareSendRequest {
  export const method = 'qualys/prepareSend';
  export const type = new RequestType<PrepareSendParams, PrepareSendResult, void>(method);
}

/** Where in the open request the field an API error message names stands. */
export interface LocateFieldParams {
  uri: string;
  message: string;
  /**
   * The answer's code (`INVALID_REQUEST`), when the client reports the answer on the document: a
   * local finding on that field then says the API agreed, and `local` names it.
   */
  code?: string;
}

export interface LocatedField {
  field: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** The code of the local finding on the field's line about that field: the client shows no second diagnostic. */
  local?: string;
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace LocateFieldRequest {
  export const method = 'qualys/locateField';
  export const type = new RequestType<LocateFieldParams, LocatedField | null, void>(method);
}

/** A workspace file the browser build's server needs (a record, a rule file, a fleet's template or inventory): the editor reads it. */
export interface ReadProjectFileParams {
  uri: string;
  /** Larger files are refused unread. */
  maxBytes: number;
}

/** The file's text; `missing` when nothing is there; otherwise why it is not read (a link, a folder, too large, outside the workspace). */
export type ReadProjectFileResult = { text: string } | { missing: true } | { problem: string };

/**
 * Server to client, in the browser only (where the server has no disk): reads one file inside the
 * workspace, at most `maxBytes` and never through a link; nothing is ever written this way.
 */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace ReadProjectFileRequest {
  export const method = 'qualys/readProjectFile';
  export const type = new RequestType<ReadProjectFileParams, ReadProjectFileResult, void>(method);
  /** The most the client reads, whatever is asked: an inventory's cap. */
  export const MAX_BYTES = 16 * 1024 * 1024;
}

export interface ListFleetFilesParams {
  /** A folder inside the workspace. */
  uri: string;
}

/** The names of the fleet files directly in the folder, sorted, at most `MAX_FLEETS_BESIDE` (core/fleet/fleetFile); otherwise why it is not listed. */
export type ListFleetFilesResult = { names: string[] } | { problem: string };

/**
 * Server to client, in the browser only: the fleet files (`*.qualys-fleet.{json,yaml,yml}`, regular
 * files, no links) in a folder inside the workspace, for the fleets that name a template beside
 * them. The Node server lists the folder itself.
 */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace ListFleetFilesRequest {
  export const method = 'qualys/listFleetFiles';
  export const type = new RequestType<ListFleetFilesParams, ListFleetFilesResult, void>(method);
}
