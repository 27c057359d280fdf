import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isKind } from '../../../server/src/core/model';
import { affectsPlatform } from '../send/settings';
import { trusted } from '../send/trusted';
import { ConnectorActions } from './actions';
import { ConnectorChanges } from './changes';
import { ConnectorCommands } from './commands';
import { LIVE_SCHEME, LiveDocuments } from './live';
import { PlatformSession } from '../send/session';
import type { ViewState } from './present';
import { ConnectorsView, LiveCache, TreeSnapshot } from './view';

/** The context key the view's welcome content reads: why no connectors are shown. */
const STATE_CONTEXT = 'qualys.connectors.state';
/** The states the view's welcome content (package.json viewsWelcome) explains, with its buttons. */
const WELCOMED: ReadonlySet<ViewState> = new Set(['untrusted', 'noPlatform', 'noCredentials', 'hostNotConfirmed']);

export interface ConnectorsDeps {
  client: LanguageClient;
  session: PlatformSession;
  changes: ConnectorChanges;
  /** The watcher of `qualys-targets.json` that Send already keeps (owned and disposed there). */
  records: vscode.FileSystemWatcher;
}

/**
 * Wires the Qualys Connectors view, its actions and the live documents of Compare with Live.
 * Returns the view's snapshot for the extension's tests.
 */
export function registerConnectors(context: vscode.ExtensionContext, deps: ConnectorsDeps): { snapshot(allPages?: boolean): Promise<TreeSnapshot>; cached(): Promise<LiveCache> } {
  const session = deps.session;
  const view = new ConnectorsView(session);
  const live = new LiveDocuments();
  const actions = new ConnectorActions({ client: deps.client, session, view, live, changes: deps.changes });
  const tree = vscode.window.createTreeView('qualys.connectors', { treeDataProvider: view, showCollapseAll: true });
  const records = deps.records;
  const showState = (): void => {
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, view.state);
    // Welcome content shows only while the tree has no message: the states it explains get none.
    tree.message = view.state === 'ready' || WELCOMED.has(view.state) ? undefined : view.message;
  };
  const reload = (): void => void view.refresh(false);
  showState();

  context.subscriptions.push(
    view,
    live,
    tree,
    view.onDidChangeState(showState),
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, live),
    vscode.commands.registerCommand(ConnectorCommands.refresh, trusted('Refresh Connectors', () => view.refresh(true))),
    vscode.commands.registerCommand(ConnectorCommands.loadMore, trusted('Load More Connectors', (kind: unknown) => (isKind(kind) ? view.loadMore(kind) : undefined))),
    vscode.commands.registerCommand(ConnectorCommands.openAsRequest, trusted('Open as Request', (arg: unknown) => actions.openAsRequest(arg))),
    vscode.commands.registerCommand(ConnectorCommands.compareWithLive, trusted('Compare with Live', (arg: unknown) => actions.compareWithLive(arg))),
    vscode.commands.registerCommand(ConnectorCommands.run, trusted('Run Connector', (arg: unknown) => actions.run(arg))),
    vscode.commands.registerCommand(ConnectorCommands.delete, trusted('Delete Connector', (arg: unknown) => actions.delete(arg))),
    vscode.commands.registerCommand(ConnectorCommands.copyId, (arg: unknown) => actions.copyId(arg)),
    deps.changes.onDidChange((change) => void view.applyChange(change)),
    deps.session.credentials.onDidChange(reload),
    vscode.workspace.onDidGrantWorkspaceTrust(reload),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsPlatform(e) || e.affectsConfiguration('qualys.send.timeout')) reload();
    }),
    records.onDidChange(() => view.recordsChanged()),
    records.onDidCreate(() => view.recordsChanged()),
    records.onDidDelete(() => view.recordsChanged()),
  );
  return { snapshot: (allPages) => view.snapshot(allPages), cached: () => view.cached() };
}
