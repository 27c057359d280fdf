import * as vscode from 'vscode';
import type { ConnectorKind } from '../../../server/src/core/model';

/** Connectors that a send, an apply or an action of the view changed on the platform. */
export interface ConnectorChange {
  kind: ConnectorKind;
  /** The connectors touched; empty when unknown (an update by filter): the whole kind may have changed. */
  ids: number[];
  /** They no longer exist. */
  deleted?: boolean;
}

/** One stream of changes, so the Connectors view refreshes what a send or an apply touched. */
export class ConnectorChanges implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ConnectorChange>();
  readonly onDidChange = this.emitter.event;

  fire(change: ConnectorChange): void {
    this.emitter.fire(change);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
