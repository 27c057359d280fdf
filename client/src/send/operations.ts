import { isOperation, needsId, OPERATION_NAMES, OPERATIONS, operationRow, Operation, parseConnectorId, takesId } from '../../../server/src/core/model';
import type { Target } from '../../../server/src/send/target';

export { needsId, takesId };

/*
 * What the send commands say about operations and targets, free of `vscode` so it is unit-tested
 * in plain Node. The request itself is never read here: the server says what the file holds.
 */

export interface OperationChoice {
  operation: Operation;
  description: string;
}

/** The quick pick's rows, in the order the API documentation lists the operations. */
export const OPERATION_CHOICES: readonly OperationChoice[] = OPERATIONS.map((o) => ({ operation: o.name, description: o.description }));

/** The input box's check of a connector id; `optional` lets an update by filter leave it empty. */
export function idProblem(text: string, optional: boolean): string | undefined {
  const t = text.trim();
  if (t === '') return optional ? undefined : 'Give the id of the connector (a positive whole number, as in the create answer).';
  if (parseConnectorId(t) === undefined) return `The connector id is a positive whole number; "${t}" is not.`;
  return undefined;
}

export function parseId(text: string): number | undefined {
  return parseConnectorId(text);
}

/** `update #843003`, `search`, or what is still missing. */
export function targetLabel(operation: Operation | undefined, id: number | undefined): string {
  if (!operation) return 'choose operation';
  return id !== undefined && takesId(operation) ? `${operation} #${id}` : operation;
}

/** The CodeLens over the request: what a click on it will do. */
export function sendLensTitle(operation: Operation | undefined, id: number | undefined, platform: string): string {
  return `$(send) Send · ${targetLabel(operation, id)} · ${platform}`;
}

/** The question asked before a change on a real platform; undefined for operations that change nothing. */
export function confirmChangeMessage(operation: Operation, id: number | undefined, byFilter: boolean, platform: string): string | undefined {
  if (operationRow(operation).effect !== 'acts') return undefined;
  const verb = operation[0].toUpperCase() + operation.slice(1);
  if (id === undefined && byFilter) return `${verb} the connectors matching the filters of this request on ${platform}?`;
  return `${verb} connector ${id ?? '(no id)'} on ${platform}?`;
}

/** The modal's text when the file has errors: the count as the message, the first few as the detail. */
export function errorListMessage(errors: readonly string[], max = 5): { message: string; detail: string } {
  const shown = errors.slice(0, max).map((e) => `• ${e}`);
  const more = errors.length > max ? [`…and ${errors.length - max} more (see the Problems panel).`] : [];
  return {
    message: `This request has ${errors.length} error${errors.length === 1 ? '' : 's'}; Qualys will probably refuse it. Send it anyway?`,
    detail: [...shown, ...more].join('\n'),
  };
}

/**
 * One output line per send. Only the method, platform, path (which holds at most a connector id)
 * and the outcome: bodies, headers and credentials never reach the output.
 */
export function logLine(time: Date, method: string, platform: string, path: string, outcome: string): string {
  return `${time.toISOString()} ${method} ${platform} ${path} → ${outcome}`;
}

/** A target given to a command by a script: `{operation, id?}`, checked field by field. */
export function parseTargetArg(arg: unknown): Target | { error: string } | undefined {
  if (!arg || typeof arg !== 'object' || !('operation' in arg)) return undefined;
  const { operation, id } = arg as { operation: unknown; id?: unknown };
  if (typeof operation !== 'string' || !isOperation(operation)) return { error: `operation must be one of ${OPERATION_NAMES.join(', ')}.` };
  if (id === undefined || id === null) return { operation };
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return { error: 'id must be a positive whole number.' };
  return takesId(operation) ? { operation, id } : { operation };
}
