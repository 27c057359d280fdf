import { analyze, Analysis } from '../analyze';
import { documentValue } from '../bind';
import { thousands } from '../finding';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../model';
import { PreparedRequest, prepareRequest } from '../prepare';
import { serialize } from '../serialize';
import { Recorded, RecordLookup } from '../target';
import { Format } from '../tree';
import { expandTemplate, Unresolved } from './placeholders';
import { FleetEntry } from './select';
import { isObj } from './values';

/**
 * A fleet's accounts as requests: the template read once, then one request per account, each
 * analysed and prepared as the file it stands for. The CLI's planner and the editor both use these.
 */
export interface Template {
  value: unknown;
  format: Format;
  kind: ConnectorKind;
  /** The template's path: what the expanded requests are analysed as. */
  name: string;
  analysis: Analysis;
}

/** The template, or why it cannot be one (its syntax, no ServiceRequest). */
export function readTemplate(text: string, name: string): Template | { problems: { start: number; message: string }[] } {
  const analysis = analyze(text, name, undefined, { treatAsRequest: true, operation: 'create' });
  const broken = analysis.findings.filter((f) => f.code === 'syntax' || f.code === 'too-large' || f.code === 'not-a-request');
  if (broken.length > 0 || !analysis.bound) return { problems: broken.length > 0 ? broken.slice(0, 3).map((f) => ({ start: f.span.start, message: f.message })) : [{ start: 0, message: 'it is not a request (no ServiceRequest).' }] };
  return { value: documentValue(analysis.bound), format: analysis.format, kind: analysis.kind, name, analysis };
}

export interface AccountRequest {
  text: string;
  analysis: Analysis;
  prepared: PreparedRequest;
  target: Recorded;
}

/**
 * One account's request: a create when the record holds no id for it, else an update of its
 * connector that says `disabled: false` unless the template says otherwise (a connector disabled
 * when its account left the inventory is enabled again when it comes back). Undefined fields of the
 * problem say which placeholder did not resolve.
 */
export function accountRequest(template: Template, account: FleetEntry, record: RecordLookup): AccountRequest | ReturnType<typeof unresolvedProblem> {
  const made = expandTemplate(template.value, account.entry);
  if ('unresolved' in made) return unresolvedProblem(made.unresolved);
  const recorded = record.recorded;
  const target: Recorded = recorded?.id !== undefined ? { operation: 'update', id: recorded.id, kind: recorded.kind ?? template.kind } : { ...recorded, operation: 'create' };
  const value = target.operation === 'update' ? enabled(made.value, template.kind) : made.value;
  const text = serialize(value, template.format);
  const analysis = analyze(text, template.name, undefined, { treatAsRequest: true, record: { ...record, recorded: target } });
  return { text, analysis, prepared: prepareRequest(text, analysis), target };
}

/** A placeholder that did not resolve, as a problem: the same placeholder at the same place is one problem. */
export function unresolvedProblem(u: Unresolved): { unresolved: string; group: string; at: string } {
  return { unresolved: `${u.placeholder} at ${u.at}: ${u.why}`, group: `${u.placeholder}@${u.at}`, at: u.at };
}

function enabled(value: unknown, kind: ConnectorKind): unknown {
  const connector = isObj(value) && isObj(value.ServiceRequest) && isObj(value.ServiceRequest.data) ? value.ServiceRequest.data[CONNECTOR_ELEMENTS[kind]] : undefined;
  if (isObj(connector) && !('disabled' in connector)) connector.disabled = false;
  return value;
}

/** Most distinct problems kept for one fleet's accounts. */
export const MAX_PROBLEM_GROUPS = 10;

/** The accounts' problems, each kept once (a code at a field) with the first account that has it and how many others do. */
export class AccountProblems {
  private readonly groups = new Map<string, { message: string; key: string; count: number; path?: string }>();

  get empty(): boolean {
    return this.groups.size === 0;
  }

  add(group: string, message: string, key: string, path?: string): void {
    const g = this.groups.get(group);
    if (g) g.count++;
    else this.groups.set(group, { message, key, count: 1, ...(path !== undefined ? { path } : {}) });
  }

  /** Each problem as `for KEY (and N other accounts): message`, with the template's path to the field when known. */
  list(): { text: string; path?: string }[] {
    const out = [...this.groups.values()].slice(0, MAX_PROBLEM_GROUPS).map(({ message, key, count, path }) => ({ text: `for ${key}${count > 1 ? ` (and ${thousands(count - 1)} other account${count === 2 ? '' : 's'})` : ''}: ${message}`, ...(path !== undefined ? { path } : {}) }));
    if (this.groups.size > MAX_PROBLEM_GROUPS) out.push({ text: `… and ${this.groups.size - MAX_PROBLEM_GROUPS} more problems` });
    return out;
  }
}
