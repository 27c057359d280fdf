import * as vscode from 'vscode';
import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';
import type { Format } from '../../server/src/core/tree';

/** A whole-request snippet as written in `snippets/<format>.json`. */
interface SnippetEntry {
  prefix?: string | string[];
  description?: string;
  body?: string | string[];
}

/**
 * Reads one snippet's body from the extension's own snippet files at run time, so the
 * "New Connector Request" command and the editor's snippet completion always insert the same text.
 * Snippet files are JSONC (VS Code allows comments there), hence jsonc-parser rather than JSON.parse.
 * Returns the body, or an error message that names the file and the snippet.
 */
export async function loadSnippetBody(
  extensionUri: vscode.Uri,
  format: Format,
  name: string,
): Promise<{ body: string } | { error: string }> {
  const uri = vscode.Uri.joinPath(extensionUri, 'snippets', `${format}.json`);
  const where = `snippets/${format}.json`;
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    return { error: `${where} could not be read (${e instanceof Error ? e.message : String(e)}).` };
  }
  const errors: ParseError[] = [];
  const file = parse(text, errors, { allowTrailingComma: true }) as Record<string, SnippetEntry> | undefined;
  if (errors.length > 0 || typeof file !== 'object' || file === null) {
    const first = errors[0];
    return { error: `${where} is not valid JSON${first ? ` (${printParseErrorCode(first.error)} at offset ${first.offset})` : ''}.` };
  }
  // Match by name or by prefix: either is the stable id `qualys-aws-create` etc.
  const entry =
    file[name] ??
    Object.values(file).find((s) => s !== null && typeof s === 'object' && [s.prefix].flat().includes(name));
  const body = entry?.body;
  if (body === undefined || (typeof body !== 'string' && !Array.isArray(body))) {
    return { error: `${where} has no snippet "${name}".` };
  }
  return { body: typeof body === 'string' ? body : body.join('\n') };
}
