import type { ReadFleetInput } from '../core/fleet/checkFleet';
import type { RuleLevels, RuleSettings } from '../core/ruleLevels';
import type { RecordLookup } from '../core/target';

/** A fleet file that names a template: its name, its text and how it reads what it names. */
export interface FleetOfTemplate {
  name: string;
  text: string;
  read: ReadFleetInput;
}

/**
 * What the language server reads of the workspace besides open documents: the record
 * (`qualys-targets.json`), the rule file (`.qualys-connector.json`) and what a fleet file names.
 * The Node server reads the disk (`RecordCache`); the browser build asks the editor
 * (`ClientFiles`), as a browser has no disk. Lookups answer at once from what was read;
 * `ready` reads what a document's checks will look up, where reading takes a round trip.
 */
export interface ProjectFiles {
  /** The workspace folders: nothing is read above the one that holds a document. */
  setRoots(uris: readonly string[]): void;
  /** A project file changed (its URI), or, without one, any may have. */
  invalidate(uri?: string): void;
  lookup(uri: string): RecordLookup;
  /** The rule levels for a document: its project's rule file with `over` (the setting) on top. */
  rules(uri: string, over: RuleLevels): RuleSettings;
  readFleetInput(uri: string): ReadFleetInput;
  fleetsNaming(uri: string): FleetOfTemplate[];
  /** Resolves once what checking this document (its text given) looks up has been read. */
  ready?(uri: string, text: string): Promise<void>;
}
