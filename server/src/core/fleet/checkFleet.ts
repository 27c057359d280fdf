import { Finding, thousands } from '../finding';
import { Span } from '../tree';
import { AccountProblems, accountRequest, readTemplate, unresolvedProblem } from './accounts';
import { FleetSpec, parseFleet } from './fleetFile';
import { readInventory } from './inventory';
import { expandTemplate } from './placeholders';
import { selectEntries } from './select';

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
  const parsed = parseFleet(text, name);
  if (!parsed.spec) return parsed.problems.map((p) => finding(p.span, p.message));
  const spec = parsed.spec;
  const at = (field: keyof FleetSpec['spans']): Span => spec.spans[field] ?? spec.spans.template ?? { start: 0, end: 0 };
  const templateInput = read(spec.template, 'template');
  const inventoryInput = read(spec.inventory, 'inventory');
  const findings: Finding[] = [];
  if ('problem' in templateInput) findings.push(finding(at('template'), templateInput.problem));
  if ('problem' in inventoryInput) findings.push(finding(at('inventory'), inventoryInput.problem));
  if ('problem' in templateInput || 'problem' in inventoryInput) return findings;

  const template = readTemplate(templateInput.text, templateInput.path);
  if ('problems' in template) return template.problems.map((p) => finding(at('template'), `The template ${spec.template}: ${p.message}`));
  const inventory = readInventory(inventoryInput.text, inventoryInput.path, inventoryInput.size);
  if ('problem' in inventory) return [finding(at('inventory'), `The inventory ${spec.inventory}: ${inventory.problem}`)];
  const selection = selectEntries(inventory, spec.where, spec.key);
  if ('problem' in selection) return [finding(spec.key !== undefined ? at('key') : at('inventory'), `The inventory ${spec.inventory}: ${selection.problem}`)];
  if (selection.entries.length === 0) return [finding(spec.spans.where ? at('where') : at('inventory'), `No account selected (${thousands(inventory.entries.length)} in the inventory): plan refuses a fleet with none, so that an empty export never disables or deletes its connectors.`)];

  const problems = new AccountProblems();
  for (const [i, account] of selection.entries.entries()) {
    if (i >= MAX_EDITOR_ACCOUNTS) {
      const made = expandTemplate(template.value, account.entry);
      if ('unresolved' in made) {
        const p = unresolvedProblem(made.unresolved);
        problems.add(p.group, p.unresolved, account.key);
      }
      continue;
    }
    const made = accountRequest(template, account, {});
    if ('unresolved' in made) problems.add(made.group, made.unresolved, account.key);
    else for (const f of made.prepared.errors.slice(0, 3)) problems.add(`${f.code}@${f.path ?? f.message}`, `${f.path ? `${f.path}: ` : ''}${f.message}`, account.key, f.path);
  }
  for (const p of problems.list()) findings.push({ ...finding(at('template'), p.text), code: 'fleet-account' });
  if (selection.entries.length > MAX_EDITOR_ACCOUNTS) findings.push({ span: at('template'), severity: 'information', code: 'fleet-account', message: `The requests of the first ${thousands(MAX_EDITOR_ACCOUNTS)} of ${thousands(selection.entries.length)} accounts are checked here, and every account's placeholders; plan checks every request.` });
  return findings;
}

function finding(span: Span, message: string): Finding {
  return { span, severity: 'error', code: 'fleet-file', message };
}
