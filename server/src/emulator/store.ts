import { ConnectorKind } from '../core/schema/store';
import { Obj } from './values';

export interface StoredConnector {
  id: number;
  kind: ConnectorKind;
  connectorState: string;
  /** The connector's fields as applied from requests; collections hold plain lists. Never a secret. */
  fields: Obj;
}

/** The first id handed out, as in the API's create samples. */
export const FIRST_ID = 1672601;

/** The connectors of one emulator, by id; ids count up for the emulator's life and are never reused. */
export class ConnectorStore {
  private nextId = FIRST_ID;
  private readonly byId = new Map<number, StoredConnector>();

  add(kind: ConnectorKind, fields: Obj): StoredConnector {
    const connector: StoredConnector = { id: this.nextId++, kind, connectorState: 'QUEUED', fields };
    this.byId.set(connector.id, connector);
    return connector;
  }

  /** The connector with this id when it is of this kind. */
  get(kind: ConnectorKind, id: number): StoredConnector | undefined {
    const c = this.byId.get(id);
    return c && c.kind === kind ? c : undefined;
  }

  delete(kind: ConnectorKind, id: number): boolean {
    return this.get(kind, id) !== undefined && this.byId.delete(id);
  }

  /** The connectors of a kind, by ascending id. */
  all(kind: ConnectorKind): StoredConnector[] {
    return [...this.byId.values()].filter((c) => c.kind === kind).sort((a, b) => a.id - b.id);
  }
}
