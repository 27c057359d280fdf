import { fileURLToPath } from 'node:url';
import { RecordLookup } from '../core/target';
import { isInside, projectRoot } from '../workspace/record';
import { RecordResolver } from '../workspace/resolver';
import { RuleConfigResolver, RuleSettings } from '../workspace/ruleConfig';
import { RuleLevels } from '../core/ruleLevels';
import { ReadFleetInput } from '../core/fleet/checkFleet';
import { fleetInputs, fleetsNaming } from './fleetInputs';
import { FleetOfTemplate, ProjectFiles } from './projectFiles';

/**
 * The Node server's project files, from disk: document URIs to paths, each file's record and rule
 * file looked for up to the workspace folder that holds it, a fleet file's inputs, and the watcher's
 * events passed on as invalidations.
 */
export class RecordCache implements ProjectFiles {
  private readonly resolver = new RecordResolver();
  private readonly ruleFiles = new RuleConfigResolver();
  private roots: string[] = [];

  /** The workspace folders: a file's record is looked for up to the folder that holds it. */
  setRoots(uris: readonly string[]): void {
    this.roots = uris.flatMap((u) => pathOf(u) ?? []);
    this.resolver.invalidate();
    this.ruleFiles.invalidate();
  }

  /** The workspace folders' paths. */
  get rootPaths(): readonly string[] {
    return this.roots;
  }

  /** A record file changed (its URI), or, without one, any may have. */
  invalidate(uri?: string): void {
    const file = uri === undefined ? undefined : pathOf(uri);
    this.resolver.invalidate(file);
    this.ruleFiles.invalidate(file);
  }

  lookup(uri: string): RecordLookup {
    const file = uri.startsWith('file:') ? pathOf(uri) : undefined;
    return file === undefined ? {} : this.resolver.lookup(file, this.rootOf(file));
  }

  /** The rule levels for a document: its project's `.qualys-connector.json` (up to its workspace folder), with `over` (the setting) on top. */
  rules(uri: string, over: RuleLevels): RuleSettings {
    const file = uri.startsWith('file:') ? pathOf(uri) : undefined;
    return file === undefined ? { levels: over } : this.ruleFiles.settingsFor(file, this.rootOf(file) ?? projectRoot(file), over);
  }

  /** What a fleet file open in the editor names, read inside its workspace folder. */
  readFleetInput(uri: string): ReadFleetInput {
    return fleetInputs(uri, this.rootFor(uri));
  }

  /** The fleet files beside a template that name it. */
  fleetsNaming(uri: string): FleetOfTemplate[] {
    return fleetsNaming(uri, this.rootFor(uri));
  }

  /** The workspace folder of a document, when one holds it. */
  rootFor(uri: string): string | undefined {
    const file = uri.startsWith('file:') ? pathOf(uri) : undefined;
    return file === undefined ? undefined : this.rootOf(file);
  }

  /** The deepest workspace folder holding `file`; its project root when none does. */
  private rootOf(file: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots) {
      if (isInside(r, file) && (!best || r.length > best.length)) best = r;
    }
    return best;
  }
}

function pathOf(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
