import { CONNECTOR_ELEMENTS, ConnectorKind, isConnectorId, kindOfElement, parseConnectorId } from '../model';
import { plainValue } from '../plain';
import { Format, SourceNode } from '../tree';
import { pulledRequest } from './pulled';
import { isObj, Obj } from './values';

/** A pasted answer made a request: the update that leaves its connector as it is, or why it cannot be. */
export type PastedRequest = { text: string; kind: ConnectorKind; id: number } | { problem: string };

/**
 * A `ServiceResponse` (a GET or search answer copied from the response view) as the update request
 * of its connector, shaped as `pull` shapes one: `list` to `set`, read-only and unknown fields out,
 * secrets out. Only an answer of exactly one connector with an id becomes a request.
 */
export function responseAsRequest(response: SourceNode, format: Format): PastedRequest {
  const value = plainValue(response);
  const data = isObj(value) ? value.data : undefined;
  const items = Array.isArray(data) ? data : data === undefined ? [] : [data];
  const connectors: { kind: ConnectorKind; live: Obj }[] = [];
  for (const item of items) {
    if (!isObj(item)) continue;
    for (const [element, live] of Object.entries(item)) {
      const kind = kindOfElement(element);
      for (const one of Array.isArray(live) ? live : [live]) if (kind && isObj(one)) connectors.push({ kind, live: one });
    }
  }
  if (connectors.length === 0) return { problem: `It holds no connector (no ${Object.values(CONNECTOR_ELEMENTS).join(', ').replace(/, (?=[^,]*$)/, ' or ')} under data).` };
  if (connectors.length > 1) return { problem: `It holds ${connectors.length} connectors: keep one of them (Pull writes one file a connector).` };
  const { kind, live } = connectors[0];
  // JSON answers may send the id as a string.
  const id = typeof live.id === 'string' ? parseConnectorId(live.id) : live.id;
  if (!isConnectorId(id)) return { problem: 'Its connector has no id, so there is no connector to update.' };
  return { text: pulledRequest(kind, live, format), kind, id };
}
