// The client's modules that do not import vscode, gathered for tests.
export * as html from '../../client/src/send/responseHtml';
export * as operations from '../../client/src/send/operations';
export * as platformSetting from '../../client/src/send/platformSetting';
export * as trust from '../../client/src/send/trust';
export * as timeoutSetting from '../../client/src/send/timeoutSetting';
export * as present from '../../client/src/connectors/present';
export * as folder from '../../client/src/connectors/folder';
export * as connectorCommands from '../../client/src/connectors/commands';
export * as planText from '../../client/src/fleet/planText';
export * as outcomes from '../../client/src/fleet/outcomes';
export * as formats from '../../client/src/formats';
export * as homes from '../../client/src/connectors/homes';
export * as output from '../../client/src/output';
export * as picks from '../../client/src/connectors/picks';
