import { ConnectorKind, isOperation, KINDS, kindOfNoun, operationRow, Operation } from '../core/model';

export type Action = Operation;

export interface Route {
  action: Action;
  kind: ConnectorKind;
  noun: string;
  id?: number;
}

export type RouteResult =
  | { ok: true; route: Route }
  | { ok: false; status: 404 | 405; code: 'OTHER_ERROR' | 'INVALID_API_VERSION'; message: string; noun?: string; allow?: string };

const PREFIX = /^\/qps\/rest\/([^/]*)\/(.*)$/;

/** Reads `/qps/rest/3.0/<action>/am/<noun>[/<id>]`; the query string is ignored. */
export function route(method: string, rawPath: string): RouteResult {
  const path = rawPath.split('?')[0].replace(/\/+$/, '') || '/';
  const notFound = (message: string, noun?: string): RouteResult => ({ ok: false, status: 404, code: 'OTHER_ERROR', message, noun });
  const m = PREFIX.exec(path);
  if (!m) return notFound(`No API at ${shown(path)}: connector calls are /qps/rest/3.0/<action>/am/<noun>.`);
  if (m[1] !== '3.0') {
    return { ok: false, status: 404, code: 'INVALID_API_VERSION', message: `API version ${shown(m[1])} is not supported here: use /qps/rest/3.0/.` };
  }
  const [action, module, noun, id, ...rest] = m[2].split('/');
  if (!isOperation(action)) return notFound(`Unknown action ${shown(action ?? '')}: expected create, update, get, search, delete or run.`);
  if (module !== 'am') return notFound(`Unknown module ${shown(module ?? '')}: connectors are in module am.`);
  const kind = kindOfNoun(noun ?? '');
  if (!kind) return notFound(`Unknown object ${shown(noun ?? '')}: expected ${KINDS.map((k) => k.noun).join(' or ')}.`);
  if (rest.length > 0) return notFound(`Unexpected path segments after the id in ${shown(path)}.`, noun);
  const row = operationRow(action);
  const use = row.id;
  if (id !== undefined && use === 'none') return notFound(`${action} takes no id in the path: POST /qps/rest/3.0/${action}/am/${noun}.`, noun);
  if (id === undefined && use === 'required') return notFound(`${action} needs a connector id: /qps/rest/3.0/${action}/am/${noun}/<id>.`, noun);
  if (id !== undefined && !/^[1-9]\d{0,15}$/.test(id)) return notFound(`Invalid connector id ${shown(id)}: expected a positive integer.`, noun);
  // Qualys also answers a get sent as POST.
  const methods = row.method === 'GET' ? ['GET', 'POST'] : [row.method];
  if (!methods.includes(method)) {
    return { ok: false, status: 405, code: 'OTHER_ERROR', message: `${action} takes ${methods.join(' or ')}, not ${shown(method)}.`, noun, allow: methods.join(', ') };
  }
  return { ok: true, route: { action, kind, noun, ...(id !== undefined ? { id: Number(id) } : {}) } };
}

/** A path part as it may appear in a message: short, printable. */
function shown(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return `"${clean.length > 80 ? clean.slice(0, 77) + '...' : clean}"`;
}
