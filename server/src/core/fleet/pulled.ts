import { CONNECTOR_ELEMENTS, ConnectorKind } from '../model';
import { serialize } from '../serialize';
import { Format } from '../tree';
import { liveAsRequest } from './shape';
import { Obj } from './values';

/** Longest slug taken from a connector's name: the file name stays readable and far below any limit. */
const MAX_SLUG = 60;

/**
 * A file name for a pulled connector: a slug of its name (a server's text: only `a-z`, `0-9` and
 * `-` are kept, so no separator, no `..`, no control character) and its id, which makes it unique.
 */
export function pulledFileName(name: unknown, id: number, kind: ConnectorKind, format: Format): string {
  const slug = (typeof name === 'string' ? name : '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
  return `${slug || kind}-${id}.qualys.${format}`;
}

/** The update request that would leave a live connector as it is, in a format. */
export function pulledRequest(kind: ConnectorKind, live: Obj, format: Format): string {
  return serialize({ ServiceRequest: { data: { [CONNECTOR_ELEMENTS[kind]]: liveAsRequest(kind, live) } } }, format);
}
