import { ConnectorKind } from '../core/model';
import { Obj } from './values';

export interface SyncStatus {
  lastSync?: string;
  nextSync?: string;
  lastError?: string;
}

export interface StoredConnector {
  id: number;
  kind: ConnectorKind;
  connectorState: string;
  /** Read-only sync status as Qualys reports it (ISO times; the last run's error). */
  sync?: SyncStatus;
  /** The connector's fields as applied from requests; collections hold plain lists. Never a secret. */
  fields: Obj;
}

/** The first id handed out, as in the API's create samples. */
export const FIRST_ID = 1672601;

/** A store as written to a data file (`--data`): plain JSON. */
export interface StoreSnapshot {
  nextId: number;
  connectors: StoredConnector[];
}

/** The connectors of one emulator, by id; ids count up for the emulator's life and are never reused. */
export class ConnectorStore {
  private nextId = FIRST_ID;
  private readonly byId = new Map<number, StoredConnector>();

  /** A store holding a snapshot's connectors, its next id past every id they use. */
  static from(snapshot: StoreSnapshot): ConnectorStore {
    const store = new ConnectorStore();
    store.nextId = Math.max(FIRST_ID, snapshot.nextId);
    for (const c of snapshot.connectors) {
      store.byId.set(c.id, c);
      store.nextId = Math.max(store.nextId, c.id + 1);
    }
    return store;
  }

  snapshot(): StoreSnapshot {
    return { nextId: this.nextId, connectors: [...this.byId.values()].sort((a, b) => a.id - b.id) };
  }

  get size(): number {
    return this.byId.size;
  }

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
