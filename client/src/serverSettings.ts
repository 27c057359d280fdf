import * as vscode from 'vscode';
import type { ServerSettings } from '../../server/src/protocol';

/** Reads the `qualys` settings in the shape the server's `initializationOptions` expect. */
export function readSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration('qualys');
  return {
    validationDelay: config.get<number>('validation.delay', 200),
    workspaceValidation: config.get<boolean>('validation.workspace', true),
    workspaceMaxFiles: config.get<number>('validation.workspaceMaxFiles', 1000),
    include: plainJson(config.get<string[]>('files.include', [])),
    // In Restricted Mode VS Code leaves out the workspace's value (restrictedConfigurations). Copied as
    // plain JSON: VS Code's value is a proxy, which a browser worker's postMessage cannot clone.
    rules: plainJson(config.get<unknown>('rules')),
    // package.json contributes the snippets to these languages; the server must not offer them twice.
    editorSnippetLanguages: ['xml', 'json', 'yaml'],
  };
}

function plainJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
