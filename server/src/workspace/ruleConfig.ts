import { Finding } from '../core/finding';
import { MAX_RULE_CONFIG_BYTES, readRuleConfig, RULE_CONFIG_FILE, ruleFileUnused, RuleLevels, RuleSettings, settingsOver } from '../core/ruleLevels';

export type { RuleSettings };
import { findUp, readProjectFile, StampedReads } from './projectFile';

/** What one read of a project's `.qualys-connector.json` gave. */
export interface RuleConfigRead {
  file: string;
  levels: RuleLevels;
  /** Findings on the rule file itself (unknown codes and levels, broken JSON), at their places in `text`. */
  findings: Finding[];
  text: string;
  /** Why the file is not used at all (a link, a folder, too large): said on every request it would apply to. */
  problem?: string;
  stamp: string;
}

/** The nearest `.qualys-connector.json` from the file's folder up to `root` (inclusive), as `qualys-targets.json` is found. */
export function findRuleConfig(file: string, root: string): string | undefined {
  return findUp(file, root, RULE_CONFIG_FILE);
}

/** Reads and checks a rule file, as hostile as the record: 64 KiB at most, no link, inside `root`. */
export function readRuleConfigFile(file: string, root: string): RuleConfigRead {
  const read = readProjectFile(file, root, MAX_RULE_CONFIG_BYTES, 'the rule settings file');
  if ('problem' in read) return { file, levels: new Map(), findings: [], text: '', problem: ruleFileUnused(read.problem), stamp: read.stamp };
  return { file, ...readRuleConfig(read.text), text: read.text, stamp: read.stamp };
}

/**
 * The reader of rule files for many request files (the language server, validate, plan): each is
 * read once until its stamp changes, as the record resolver does.
 */
export class RuleConfigResolver {
  private readonly reads = new StampedReads(readRuleConfigFile);

  /** The rule file that applies to `file` under `root`, read (or none). */
  configFor(file: string, root: string): RuleConfigRead | undefined {
    const configFile = findRuleConfig(file, root);
    return configFile ? this.reads.get(configFile, root) : undefined;
  }

  /** The levels for `file`: its project's file, with `over` (a setting, flags) on top. */
  settingsFor(file: string, root: string, over?: RuleLevels): RuleSettings {
    return settingsOver(this.configFor(file, root), over);
  }

  invalidate(configFile?: string): void {
    this.reads.invalidate(configFile);
  }
}
