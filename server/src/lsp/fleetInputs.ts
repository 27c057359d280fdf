import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FleetInput, ReadFleetInput } from '../core/fleet/checkFleet';
import { MAX_INVENTORY_BYTES } from '../core/fleet/inventory';
import { thousands } from '../core/finding';
import { MAX_DOCUMENT_SIZE } from '../core/limits';
import { isInside, projectRoot, readBounded } from '../workspace/record';

/**
 * What a fleet file open in the editor names, read as plan reads it: only inside the workspace
 * folder (`root`), through links too, regular files only, no more than a request's or an
 * inventory's cap.
 */
export function fleetInputs(uri: string, root: string | undefined): ReadFleetInput {
  let fleet: string;
  try {
    fleet = fileURLToPath(uri);
  } catch {
    return () => ({ problem: 'Only a fleet file on disk can name its template and inventory.' });
  }
  const realRoot = realOf(root ?? projectRoot(fleet));
  return (given, what) => readInput(resolve(dirname(fleet), given), given, what, realRoot);
}

function readInput(path: string, given: string, what: 'template' | 'inventory', realRoot: string): FleetInput {
  const real = realOfFile(path);
  if (real === undefined) return { problem: `The ${what} ${given} does not exist (a path relative to the fleet file).` };
  if (!isInside(realRoot, real)) return { problem: `The ${what} ${given} is outside the workspace (${real}): a fleet reads only files inside it.` };
  const max = what === 'inventory' ? MAX_INVENTORY_BYTES : MAX_DOCUMENT_SIZE;
  try {
    const info = statSync(real);
    if (!info.isFile()) return { problem: `The ${what} ${given} is not a regular file.` };
    if (info.size > max) return { problem: `The ${what} ${given} is ${thousands(info.size)} bytes, more than the ${thousands(max)} a${what === 'inventory' ? 'n inventory' : ' template'} may be.` };
    return { text: readBounded(real, max), size: info.size, path };
  } catch (e) {
    return { problem: `The ${what} ${given} cannot be read: ${(e as Error).message}.` };
  }
}

function realOfFile(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function realOf(path: string): string {
  return realOfFile(path) ?? path;
}
