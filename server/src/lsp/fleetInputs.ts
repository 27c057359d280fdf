import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FleetInput, ReadFleetInput } from '../core/fleet/checkFleet';
import { FLEET_NAME, MAX_FLEETS_BESIDE, parseFleet } from '../core/fleet/fleetFile';
import { MAX_INVENTORY_BYTES } from '../core/fleet/inventory';
import { thousands } from '../core/finding';
import { MAX_DOCUMENT_SIZE } from '../core/limits';
import { isInside, projectRoot, readBounded } from '../workspace/record';
import type { FleetOfTemplate } from './projectFiles';

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

/** The fleet files in a template's folder that name it as their template (the few first, by name). */
export function fleetsNaming(uri: string, root: string | undefined): FleetOfTemplate[] {
  let template: string;
  try {
    template = fileURLToPath(uri);
  } catch {
    return [];
  }
  const dir = dirname(template);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => FLEET_NAME.test(n)).sort().slice(0, MAX_FLEETS_BESIDE);
  } catch {
    return [];
  }
  const out: FleetOfTemplate[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const fleetUri = pathToFileURL(file).href;
    const read = fleetInputs(fleetUri, root);
    const own = readInput(file, name, 'template', realOf(root ?? projectRoot(file)));
    if ('problem' in own) continue;
    const spec = parseFleet(own.text, name).spec;
    if (spec && resolve(dir, spec.template) === template) out.push({ name: basename(file), text: own.text, read });
  }
  return out;
}
