import { lineIndexAt } from '../core/lines';
import { analyzeAs, Analysis } from '../core/analyze';
import { Finding } from '../core/finding';
import { CONNECTOR_ELEMENTS, ConnectorKind, Operation } from '../core/model';
import { BodyFormat } from './wire';
import { isObject, Obj } from './values';

/** Why a body was refused: an `INVALID_REQUEST` answer's errorMessage and errorResolution. */
export interface Refusal {
  message: string;
  resolution: string;
}

export type Decoded<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

const FIX = 'Correct the request and send it again (qualys-connector validate lists every problem).';

/** A create or update body checked like the editor checks it: any error refuses the request. */
export function decodeConnectorBody(text: string, format: BodyFormat, kind: ConnectorKind, operation: Operation): Decoded<{ data: Obj; filters?: unknown }> {
  const envelope = decodeEnvelope(text, format, kind, operation);
  if (!envelope.ok) return envelope;
  const { analysis, request } = envelope.value;
  const element = CONNECTOR_ELEMENTS[kind];
  if (analysis.kind !== kind) {
    return refuse(`This URL takes ${element}; the request holds ${CONNECTOR_ELEMENTS[analysis.kind]} (at ServiceRequest.data.${CONNECTOR_ELEMENTS[analysis.kind]}).`, 'Send the request to the URL of its connector kind.');
  }
  if (operation === 'create' && request.filters !== undefined) {
    return refuse('filters are not allowed in a create request (at ServiceRequest.filters).', 'Remove filters: they select the connectors of an update.');
  }
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) return refuse(findingMessage(errors[0], text, errors.length - 1), FIX);
  const data = isObject(request.data) ? request.data[element] : undefined;
  if (!isObject(data)) return refuse(`ServiceRequest.data must hold ${element}.`, FIX);
  return { ok: true, value: { data, filters: request.filters } };
}

/** A search or filter body: only syntax is checked (preferences are not part of the update schema). */
export function decodeFilterBody(text: string, format: BodyFormat, kind: ConnectorKind): Decoded<{ filters?: unknown; preferences?: unknown }> {
  if (text.trim() === '') return { ok: true, value: {} };
  const envelope = decodeEnvelope(text, format, kind, 'update');
  if (!envelope.ok) return envelope;
  return { ok: true, value: { filters: envelope.value.request.filters, preferences: envelope.value.request.preferences } };
}

function decodeEnvelope(text: string, format: BodyFormat, kind: ConnectorKind, operation: Operation): Decoded<{ analysis: Analysis; request: Obj }> {
  if (format === 'yaml') return refuse('YAML is not accepted by the API: send XML (Content-Type: text/xml) or JSON (Content-Type: application/json).', 'Convert the request to XML or JSON first.');
  if (text.trim() === '') return refuse(`The request body is empty: send a ServiceRequest with data/${CONNECTOR_ELEMENTS[kind]}.`, FIX);
  const analysis = analyzeAs(text, format, { kind, operation });
  const syntax = analysis.parsed.problems.find((p) => p.code !== 'mixed-content' && p.code !== 'multiple-documents');
  if (syntax) return refuse(`${syntax.message} (${place(text, syntax.span.start)})`, `Fix the ${format.toUpperCase()} syntax and send the request again.`);
  const root = analysis.bound?.value;
  const request = isObject(root) ? root.ServiceRequest : undefined;
  if (!isObject(request)) {
    const first = analysis.findings.find((f) => f.severity === 'error');
    return refuse(first ? findingMessage(first, text, 0) : 'Expected a ServiceRequest root.', FIX);
  }
  return { ok: true, value: { analysis, request } };
}

function findingMessage(f: Finding, text: string, more: number): string {
  const where = f.path ? `at ${f.path}, ${place(text, f.span.start)}` : place(text, f.span.start);
  const others = more > 0 ? ` ${more} more error${more === 1 ? ' follows' : 's follow'}.` : '';
  return `${f.message} (${where})${others}`;
}

/** `line 3, column 7` of an offset, 1-based. */
function place(text: string, offset: number): string {
  const at = Math.max(0, Math.min(offset, text.length));
  const lineStart = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
  return `line ${lineIndexAt(text, at) + 1}, column ${at - lineStart + 1}`;
}

function refuse(message: string, resolution: string): { ok: false } & Refusal {
  return { ok: false, message, resolution };
}
