import { fileURLToPath } from 'node:url';
import { RecordLookup } from '../core/target';
import { isInside, projectRoot } from '../workspace/record';
import { RecordResolver } from '../workspace/resolver';
import { RuleConfigResolver, RuleSettings } from '../workspace/ruleConfig';
import { RuleLevels } from '../core/ruleLevels';

/**
 * The server's side of the record resolver: document URIs to paths, each file's record looked for
 * up to the workspace folder that holds it, and the watcher's events passed on as invalidations.
 */
export class RecordCache {
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
