import { Analysis } from '../analyze';
import { Finding, thousands } from '../finding';
import { lineIndexAt } from '../lines';
import { Span } from '../tree';
import { AccountProblems, accountRequest, readTemplate, unresolvedProblem } from './accounts';
import { FleetSpec, parseFleet } from './fleetFile';
import { readInventory } from './inventory';
import { expandTemplate } from './placeholders';
import { FleetEntry, selectEntries } from './select';

/** A template's or inventory's text as the caller read it (inside the workspace, bounded), or why it could not. */
export type FleetInput = { text: string; size: number; path: string } | { problem: string };

/** Reads what a fleet file names, by the path as written in it: the editor's server does the I/O. */
export type ReadFleetInput = (given: string, what: 'template' | 'inventory') => FleetInput;

/**
 * Most accounts whose requests the editor analyses in full (about 0.2 ms each): past it the
 * placeholders of every account are still resolved, and one finding says that plan checks the rest.
 */
export const MAX_EDITOR_ACCOUNTS = 2_000;

/**
 * A fleet file's findings in the editor: its own mistakes on their keys and values; its template's
 * and inventory's on `template:` and `inventory:`; the accounts' (each expanded request validated as
 * a create) once per problem on `template:`, naming the first account and how many others have it.
 */
export function checkFleet(text: string, name: string, read: ReadFleetInput): Finding[] {
  return fleetCheck(text, name, read).findings;
}

/** An account problem as the template shows it: on the field its path names (the template's `template:` line when none). */
export interface AccountProblem {
  text: string;
  path?: string;
  severity: Finding['severity'];
}

/** The fleet file's findings, and its accounts' problems with the template's path to each. */
export function fleetCheck(text: string, name: string, read: ReadFleetInput): { findings: Finding[]; accounts: AccountProblem[] } {
  const none: AccountProblem[] = [];
  const parsed = parseFleet(text, name);
  if (!parsed.spec) return { findings: parsed.problems.map((p) => finding(p.span, p.message)), accounts: none };
  const spec = parsed.spec;
  const at = (field: keyof FleetSpec['spans']): Span => spec.spans[field] ?? spec.spans.template ?? { start: 0, end: 0 };
  const templateInput = read(spec.template, 'template');
  const inventoryInput = read(spec.inventory, 'inventory');
  const findings: Finding[] = [];
  if ('problem' in templateInput) findings.push(finding(at('template'), templateInput.problem));
  if ('problem' in inventoryInput) findings.push(finding(at('inventory'), inventoryInput.problem));
  if ('problem' in templateInput || 'problem' in inventoryInput) return { findings, accounts: none };

  const template = readTemplate(templateInput.text, templateInput.path);
  if ('problems' in template) return { findings: template.problems.map((p) => finding(at('template'), `The template ${spec.template}: ${p.message}`)), accounts: none };
  const inventory = readInventory(inventoryInput.text, inventoryInput.path, inventoryInput.size);
  if ('problem' in inventory) return { findings: [finding(at('inventory'), `The inventory ${spec.inventory}: ${inventory.problem}`)], accounts: none };
  const selection = selectEntries(inventory, spec.where, spec.key);
  if ('problem' in selection) return { findings: [finding(spec.key !== undefined ? at('key') : at('inventory'), `The inventory ${spec.inventory}: ${selection.problem}`)], accounts: none };
  if (selection.entries.length === 0) return { findings: [finding(spec.spans.where ? at('where') : at('inventory'), `No account selected (${thousands(inventory.entries.length)} in the inventory): plan refuses a fleet with none, so that an empty export never disables or deletes its connectors.`)], accounts: none };

  const problems = new AccountProblems();
  for (const [i, account] of selection.entries.entries()) {
    if (i >= MAX_EDITOR_ACCOUNTS) {
      const made = expandTemplate(template.value, account.entry);
      if ('unresolved' in made) {
        const p = unresolvedProblem(made.unresolved);
        problems.add(p.group, p.unresolved, account.key, p.at);
      }
      continue;
    }
    const made = accountRequest(template, account, {});
    if ('unresolved' in made) problems.add(made.group, made.unresolved, account.key, made.at);
    else for (const f of made.prepared.errors.slice(0, 3)) problems.add(`${f.code}@${f.path ?? f.message}`, `${f.path ? `${f.path}: ` : ''}${f.message}`, account.key, f.path);
  }
  const accounts: AccountProblem[] = problems.list().map((p) => ({ ...p, severity: 'error' }));
  if (selection.entries.length > MAX_EDITOR_ACCOUNTS) accounts.push({ severity: 'information', text: `The requests of the first ${thousands(MAX_EDITOR_ACCOUNTS)} of ${thousands(selection.entries.length)} accounts are checked here, and every account's placeholders; plan checks every request.` });
  for (const p of accounts) findings.push({ span: at('template'), severity: p.severity, code: 'fleet-account', message: p.text });
  return { findings, accounts };
}

function finding(span: Span, message: string): Finding {
  return { span, severity: 'error', code: 'fleet-file', message };
}

/** What a fleet says of the accounts made from a template: its file name and their problems. */
export interface TemplateUse {
  fleet: string;
  accounts: readonly AccountProblem[];
}

/**
 * A template's findings in the editor, when fleets name it: its own, but none on a value that holds
 * a placeholder (it stands for each account's value), and each fleet's account problems on the
 * field their path names, at most one per line, naming the fleet.
 */
export function templateFindings(analysis: Analysis, text: string, uses: readonly TemplateUse[]): Finding[] {
  const own = analysis.findings.filter((f) => !PLACEHOLDER_IN.test(text.slice(f.span.start, f.span.end)));
  const fallback = analysis.envelope?.span ?? { start: 0, end: 0 };
  const spans = new Map<string, Span>();
  if (analysis.bound) for (const loc of analysis.bound.index.values()) if (!spans.has(loc.path)) spans.set(loc.path, loc.node.span);
  const byLine = new Map<number, Finding>();
  // What the template gets wrong whatever the account is said once, as its own finding.
  const ownAt = new Set(own.flatMap((f) => [f.span.start, ...(f.path !== undefined ? [f.path] : [])]));
  for (const use of uses) {
    for (const p of use.accounts) {
      const span = (p.path !== undefined ? spans.get(p.path) : undefined) ?? fallback;
      if (ownAt.has(span.start) || (p.path !== undefined && ownAt.has(p.path))) continue;
      const line = lineIndexAt(text, span.start);
      const seen = byLine.get(line);
      if (seen) seen.message += ` Also ${use.fleet}: ${p.text}`;
      else byLine.set(line, { span, severity: p.severity, code: 'fleet-account', message: `${use.fleet}: ${p.text}`, ...(p.path !== undefined ? { path: p.path } : {}) });
    }
  }
  return own.concat([...byLine.values()]).sort((a, b) => a.span.start - b.span.start);
}

/** What a request file shows, in the editor and in validate: a template's findings when it holds a placeholder, else its own. */
export function shownFindings(analysis: Analysis, text: string, uses: readonly TemplateUse[] = []): Finding[] {
  return analysis.isRequest && text.includes('${') ? templateFindings(analysis, text, uses) : analysis.findings;
}

const PLACEHOLDER_IN = /\$\{[^${}]*\}/;

/** The accounts a fleet file selects, when its inventory reads and selects cleanly: for completion and hover. */
export function fleetAccounts(text: string, name: string, read: ReadFleetInput): FleetEntry[] | undefined {
  const spec = parseFleet(text, name).spec;
  const input = spec ? read(spec.inventory, 'inventory') : undefined;
  if (!spec || !input || 'problem' in input) return undefined;
  const inventory = readInventory(input.text, input.path, input.size);
  const selection = 'problem' in inventory ? undefined : selectEntries(inventory, spec.where, spec.key);
  return selection && !('problem' in selection) ? selection.entries : undefined;
}
