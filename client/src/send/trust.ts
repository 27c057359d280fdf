/**
 * Restricted Mode: a workspace the user has not trusted gets editing help and validation, but
 * nothing that sends, writes qualys-targets.json or touches credentials. Free of `vscode` so it is
 * unit-tested in plain Node; the extension passes `vscode.workspace.isTrusted`.
 */
export function whenTrusted<A extends unknown[], R>(
  isTrusted: () => boolean,
  title: string,
  warn: (message: string) => void,
  fn: (...args: A) => R,
): (...args: A) => R | undefined {
  return (...args: A) => {
    if (!isTrusted()) {
      warn(`${title} is not available in Restricted Mode: this workspace is not trusted. Trust it (Manage Workspace Trust) to send requests or record their targets.`);
      return undefined;
    }
    return fn(...args);
  };
}
