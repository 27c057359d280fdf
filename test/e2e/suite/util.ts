import * as vscode from 'vscode';

/** Polls until `check` returns something truthy (never a fixed sleep), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function qualysDiagnostics(uri: vscode.Uri, source = 'qualys'): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

/** The position just after the first occurrence of `marker` in the document. */
export function after(doc: vscode.TextDocument, marker: string): vscode.Position {
  const at = doc.getText().indexOf(marker);
  if (at < 0) throw new Error(`"${marker}" not in ${doc.uri.toString()}`);
  return doc.positionAt(at + marker.length);
}

/** The extension's test hook for the questions a delete or an apply asks (exported in test mode only). */
interface ConfirmHook {
  confirmNext?: () => void;
  confirmNone?: () => void;
}

/** Runs a command whose modal question the test answers yes, through the test hook (never the command's argument). */
export async function confirmed<T>(run: () => Thenable<T>): Promise<T> {
  const hook = vscode.extensions.getExtension<ConfirmHook>('qualys-connector-tools.qualys-connector')?.exports;
  if (!hook?.confirmNext || !hook.confirmNone) throw new Error('the extension exports no confirmation hook: is it running in test mode?');
  hook.confirmNext();
  try {
    return await run();
  } finally {
    hook.confirmNone();
  }
}
