import * as vscode from 'vscode';
import { ConnectorChanges } from '../connectors/changes';
import { PlatformSession } from '../send/session';
import { trusted } from '../send/trusted';
import { FleetCommandIds as Ids } from './commands';
import { FleetCommands } from './fleetCommands';
import { FLEET_FILES, FleetLens } from './fleetLens';
import { PLAN_SCHEME, PlanDocument } from './planDocument';

export interface FleetDeps {
  session: PlatformSession;
  changes: ConnectorChanges;
  /** The "Qualys" channel's apply section. */
  log: vscode.OutputChannel;
}

/**
 * Wires Plan Workspace and Apply Workspace: the commands (all refused in Restricted Mode but
 * cancel), the plan document with its links and lenses; each apply is logged in the "Qualys" channel.
 */
export function registerFleet(context: vscode.ExtensionContext, deps: FleetDeps): void {
  const document = new PlanDocument();
  const fleet = new FleetCommands(deps.session, document, deps.changes, deps.log);
  const plan = trusted('Plan Workspace', (arg: unknown) => fleet.plan(arg));
  const selector = { scheme: PLAN_SCHEME };
  context.subscriptions.push(
    document,
    fleet,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, document),
    vscode.languages.registerDocumentLinkProvider(selector, document),
    vscode.languages.registerCodeLensProvider(selector, document),
    vscode.languages.registerCodeLensProvider(FLEET_FILES, new FleetLens()),
    vscode.commands.registerCommand(Ids.planWorkspace, plan),
    vscode.commands.registerCommand(Ids.planFolder, plan),
    vscode.commands.registerCommand(Ids.planFile, plan),
    vscode.commands.registerCommand(Ids.applyWorkspace, trusted('Apply Workspace', (arg: unknown) => fleet.apply(arg))),
    vscode.commands.registerCommand(Ids.cancelApply, () => fleet.cancel()),
  );
}
