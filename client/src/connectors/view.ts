import * as vscode from 'vscode';
import { ConnectorKind, KINDS, kindRow } from '../../../server/src/core/model';
import { connectorsById, LiveConnector, searchPage } from '../../../server/src/send/connectors';
import type { ConnectorChange } from './changes';
import { SendCommands } from '../send/commands';
import { ConnectorCommands } from './commands';
import { contextValueOf, ConnectorIcon, descriptionOf, iconOf, labelOf, mergePage, nextPage, problemOf, skippedNotice, tooltipOf, ViewState } from './present';
import { ConnectorHome, connectorKey, recordedConnectorFiles } from './records';
import { Access, PlatformSession } from '../send/session';
import type { CachedConnector } from './picks';

/** Connectors asked for per page when a kind is expanded or "Load more…" is clicked. */
export const VIEW_PAGE_SIZE = 100;

export type Node =
  | { type: 'kind'; kind: ConnectorKind }
  | { type: 'connector'; kind: ConnectorKind; id: number; connector: LiveConnector }
  | { type: 'more'; kind: ConnectorKind }
  /** A line of text: a kind's failed load, or why the platform gave nothing (unreachable, credentials refused) with the way out as nodes. */
  | { type: 'notice'; id: string; text: string; icon: 'warning' | 'error' | 'refresh' | 'key'; command?: vscode.Command };

/** The connectors the view has loaded, and the secrets their text must not show. */
export interface LiveCache {
  entries: CachedConnector[];
  secrets: string[];
}

/** The view's content as plain data (the extension's test hook). */
export interface TreeSnapshot {
  state: ViewState;
  message: string;
  kinds: { kind: ConnectorKind; label: string; description: string; children: { label: string; description: string; tooltip: string; icon: string; contextValue: string }[] }[];
}

/** What is loaded of one kind: the pages so far, where the next starts, and the last load's problem. */
interface KindState {
  connectors: LiveConnector[];
  next?: number;
  error?: string;
  /** Connectors of the pages left out: no valid id, or an id already shown. */
  skipped?: number;
}

const ICONS: Record<ConnectorIcon, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  disabled: new vscode.ThemeIcon('circle-slash'),
  syncing: new vscode.ThemeIcon('sync~spin'),
  ok: new vscode.ThemeIcon('pass'),
};

/**
 * The Qualys Connectors view: the kinds at the root, each loaded a page at a time when expanded.
 * It never asks for anything by itself (no credentials prompt, no host consent): when it cannot
 * load, the view's state says why and the welcome content offers the way out. Loaded pages are
 * kept until Refresh; a change a send, apply or action reports re-fetches only what it touched.
 */
export class ConnectorsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateChanged.event;

  private readonly roots: Node[] = KINDS.map((k) => ({ type: 'kind', kind: k.kind }));
  private access: Promise<Access> | undefined;
  private readonly kinds = new Map<ConnectorKind, KindState>();
  private readonly loading = new Map<ConnectorKind, Promise<void>>();
  private files: Promise<Map<string, ConnectorHome>> | undefined;
  private current: { state: ViewState; message: string } = { state: 'ready', message: '' };

  constructor(private readonly session: PlatformSession) {}

  get state(): ViewState {
    return this.current.state;
  }

  get message(): string {
    return this.current.message;
  }

  /** Forgets everything loaded; `ask` (the Refresh command) may ask for credentials and host consent once. */
  async refresh(ask: boolean): Promise<void> {
    this.kinds.clear();
    this.files = undefined;
    this.current = { state: 'ready', message: '' };
    this.access = this.session.open(ask, false);
    await this.access;
    this.changed.fire(undefined);
  }

  /** The record files changed: the connectors' "has a file" marks are read again, nothing re-fetched. */
  recordsChanged(): void {
    this.files = undefined;
    this.changed.fire(undefined);
  }

  /** Re-fetches the connectors a change touched (an empty list: the whole kind) and redraws their kind. */
  async applyChange(change: ConnectorChange): Promise<void> {
    const st = this.kinds.get(change.kind);
    const node = this.roots.find((r) => r.type === 'kind' && r.kind === change.kind);
    if (!st || !node) return;
    if (change.ids.length === 0) {
      this.kinds.delete(change.kind);
    } else if (change.deleted) {
      st.connectors = st.connectors.filter((c) => !change.ids.includes(Number(c.id)));
    } else {
      const access = await this.opened();
      if (!access.ok) return;
      try {
        const fresh = await connectorsById(access.api, change.kind, change.ids);
        const kept = st.connectors.filter((c) => !change.ids.includes(Number(c.id)));
        // A new connector past the loaded pages shows up when they are loaded, not out of order now.
        for (const [id, c] of fresh) if (st.next === undefined || id < st.next) kept.push(c);
        st.connectors = kept.sort((a, b) => Number(a.id) - Number(b.id));
        st.error = undefined;
      } catch (e) {
        st.error = this.failed(e, access).message;
      }
    }
    this.changed.fire(node);
  }

  /** What the view has loaded, every kind (nothing fetched, nothing asked), with the secrets to keep out of its text. */
  async cached(): Promise<LiveCache> {
    const entries = [...this.kinds].flatMap(([kind, st]) => st.connectors.map((connector) => ({ kind, connector })));
    return { entries, secrets: entries.length > 0 ? await this.secrets() : [] };
  }

  /** The next page of a kind ("Load more…"). */
  async loadMore(kind: ConnectorKind): Promise<void> {
    await this.load(kind);
    this.changed.fire(this.roots.find((r) => r.type === 'kind' && r.kind === kind));
  }

  /** The connector a node shows, as loaded. */
  connector(kind: ConnectorKind, id: number): LiveConnector | undefined {
    return this.kinds.get(kind)?.connectors.find((c) => Number(c.id) === id);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.rootChildren();
    if (node.type !== 'kind') return [];
    if (!this.kinds.has(node.kind)) await this.load(node.kind);
    const st = this.kinds.get(node.kind);
    if (!st) return [];
    const children: Node[] = st.connectors.map((connector) => ({ type: 'connector', kind: node.kind, id: Number(connector.id), connector }));
    if (st.error) children.push({ type: 'notice', id: `message:${node.kind}`, text: st.error, icon: 'warning' });
    const skipped = skippedNotice(st.skipped ?? 0);
    if (skipped) children.push({ type: 'notice', id: `skipped:${node.kind}`, text: skipped, icon: 'warning' });
    if (st.next !== undefined) children.push({ type: 'more', kind: node.kind });
    return children;
  }

  async getTreeItem(node: Node): Promise<vscode.TreeItem> {
    switch (node.type) {
      case 'kind': {
        const item = new vscode.TreeItem(kindRow(node.kind).label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `kind:${node.kind}`;
        item.contextValue = 'kind';
        const st = this.kinds.get(node.kind);
        if (st) item.description = `${st.connectors.length}${st.next !== undefined ? '+' : ''} connector${st.connectors.length === 1 ? '' : 's'}`;
        return item;
      }
      case 'connector': {
        const secrets = await this.secrets();
        const now = Date.now();
        const home = (await this.recordedFiles()).get(connectorKey(node.kind, node.id));
        const item = new vscode.TreeItem(labelOf(node.connector, secrets), vscode.TreeItemCollapsibleState.None);
        item.id = `${node.kind}:${node.id}`;
        item.description = descriptionOf(node.connector, secrets, now, home);
        const tooltip = new vscode.MarkdownString(tooltipOf(node.connector, node.kind, secrets, now, home));
        tooltip.isTrusted = false;
        tooltip.supportHtml = false;
        item.tooltip = tooltip;
        item.iconPath = ICONS[iconOf(node.connector)];
        item.contextValue = contextValueOf(node.connector, home);
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.kind}`;
        item.command = { title: 'Load more', command: ConnectorCommands.loadMore, arguments: [node.kind] };
        item.contextValue = 'more';
        return item;
      }
      case 'notice': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon(node.icon, node.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
        item.command = node.command;
        item.contextValue = 'notice';
        return item;
      }
    }
  }

  /** Where the workspace keeps each connector (request file, or fleet file and key) by `kind:id`, read once per change of the records. */
  recordedFiles(): Promise<Map<string, ConnectorHome>> {
    this.files ??= recordedConnectorFiles();
    return this.files;
  }

  /**
   * Every kind as the view shows it, with all its pages (or, with `allPages` false, as far as it is
   * loaded: the first page when none is): for the extension's tests, through the same loading and
   * rendering code.
   */
  async snapshot(allPages = true): Promise<TreeSnapshot> {
    const roots = await this.getChildren();
    const kinds: TreeSnapshot['kinds'] = [];
    for (const root of roots) {
      if (root.type !== 'kind') continue;
      if (!this.kinds.has(root.kind)) await this.load(root.kind);
      while (allPages && this.kinds.get(root.kind)?.next !== undefined && !this.kinds.get(root.kind)?.error) await this.load(root.kind);
      const item = await this.getTreeItem(root);
      const children = [];
      for (const child of await this.getChildren(root)) {
        const c = await this.getTreeItem(child);
        children.push({
          label: String(c.label),
          description: typeof c.description === 'string' ? c.description : '',
          tooltip: c.tooltip instanceof vscode.MarkdownString ? c.tooltip.value : (c.tooltip ?? ''),
          icon: c.iconPath instanceof vscode.ThemeIcon ? c.iconPath.id : '',
          contextValue: c.contextValue ?? '',
        });
      }
      kinds.push({ kind: root.kind, label: String(item.label), description: typeof item.description === 'string' ? item.description : '', children });
    }
    return { state: this.current.state, message: this.current.message, kinds };
  }

  dispose(): void {
    this.changed.dispose();
    this.stateChanged.dispose();
  }

  private async rootChildren(): Promise<Node[]> {
    if (!vscode.workspace.isTrusted) {
      this.setState('untrusted', 'Connectors are not loaded in Restricted Mode.');
      return [];
    }
    const access = await this.opened();
    if (!access.ok) {
      this.setState(access.reason === 'platform' ? 'noPlatform' : access.reason === 'credentials' ? 'noCredentials' : 'hostNotConfirmed', access.message);
      return [];
    }
    // A platform that could not be reached or refused the credentials stays so until Refresh. The
    // reason is specific (welcome content is not), so it is a node, with the way out below it.
    if (this.current.state === 'unreachable' || this.current.state === 'refused') {
      const retry: Node = { type: 'notice', id: 'notice:retry', text: 'Retry', icon: 'refresh', command: { title: 'Retry', command: ConnectorCommands.refresh } };
      const credentials: Node = { type: 'notice', id: 'notice:credentials', text: 'Set Credentials…', icon: 'key', command: { title: 'Set Credentials', command: SendCommands.setCredentials } };
      return [{ type: 'notice', id: 'notice:problem', text: this.current.message, icon: 'error' }, ...(this.current.state === 'refused' ? [credentials] : []), retry];
    }
    this.setState('ready', '');
    return this.roots;
  }

  private opened(): Promise<Access> {
    this.access ??= this.session.open(false, false);
    return this.access;
  }

  private async secrets(): Promise<string[]> {
    const access = await this.opened();
    return access.ok ? [access.connection.credentials.password] : [];
  }

  /** Loads a kind's next page (its first when none is loaded); one load per kind at a time. */
  private load(kind: ConnectorKind): Promise<void> {
    const running = this.loading.get(kind);
    if (running) return running;
    const p = this.loadPage(kind).finally(() => this.loading.delete(kind));
    this.loading.set(kind, p);
    return p;
  }

  private async loadPage(kind: ConnectorKind): Promise<void> {
    const access = await this.opened();
    const st = this.kinds.get(kind) ?? { connectors: [] };
    if (!access.ok) return;
    try {
      const page = await searchPage(access.api, kind, [], VIEW_PAGE_SIZE, st.next);
      const merged = mergePage(st.connectors, page.connectors);
      const next = nextPage(st.next, page.next, merged.connectors.length - st.connectors.length);
      st.connectors = merged.connectors;
      st.skipped = (st.skipped ?? 0) + merged.skipped;
      st.next = next.next;
      st.error = next.stuck;
    } catch (e) {
      st.error = this.failed(e, access).message;
    }
    this.kinds.set(kind, st);
  }

  /** A failed call's message; when the platform itself is the problem, the whole view says so. */
  private failed(e: unknown, access: Access & { ok: true }): { message: string } {
    const problem = problemOf(e, access.platform.label, [access.connection.credentials.password]);
    if (problem.state && this.current.state !== problem.state) {
      this.setState(problem.state, problem.message);
      this.changed.fire(undefined);
    }
    return problem;
  }

  private setState(state: ViewState, message: string): void {
    if (this.current.state === state && this.current.message === message) return;
    this.current = { state, message };
    this.stateChanged.fire();
  }
}
