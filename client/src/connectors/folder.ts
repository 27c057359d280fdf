import { mkdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isInside } from '../../../server/src/workspace/record';

/**
 * The folder Open as Request writes into: `qualys.connectors.folder` (a workspace may set it)
 * relative to the workspace folder, created when missing. It must stay inside the workspace folder
 * with every link of its existing part resolved, before and after it is created; otherwise the
 * error says why and nothing is written.
 */
export async function pullFolder(root: string, setting: string): Promise<{ path: string } | { error: string }> {
  const refuse = { error: `The folder of qualys.connectors.folder ("${setting.slice(0, 100)}") is not inside the workspace folder ${basename(root)}; choose a folder inside it.` };
  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return { error: `The workspace folder ${basename(root)} cannot be read.` };
  const wanted = resolve(root, setting.trim() || 'connectors');
  if (!isInside(root, wanted)) return refuse;
  // The existing part, links resolved, with the part still to be created put back on it.
  let existing = wanted;
  let rest = '';
  for (;;) {
    const real = await realpath(existing).catch(() => undefined);
    if (real !== undefined) {
      if (!isInside(realRoot, join(real, rest))) return refuse;
      break;
    }
    const up = dirname(existing);
    if (up === existing) return refuse;
    rest = join(relative(up, existing), rest);
    existing = up;
  }
  try {
    await mkdir(wanted, { recursive: true });
  } catch (e) {
    return { error: `The folder ${relative(root, wanted) || '.'} cannot be created: ${(e as Error).message}` };
  }
  // Made between the check and mkdir, a link could still lead out: check what was made.
  const made = await realpath(wanted).catch(() => undefined);
  return made !== undefined && isInside(realRoot, made) ? { path: wanted } : refuse;
}
