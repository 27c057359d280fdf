/**
 * The context keys the Get Started walkthrough's steps complete on (package.json
 * `contributes.walkthroughs`, `onContext:`); set by walkthrough.ts, checked against package.json by
 * the unit tests.
 */
export const WalkthroughContext = {
  /** Credentials are stored for the configured platform (by Set Credentials, or asked for by Send, Refresh or Plan). */
  hasCredentials: 'qualys.hasCredentials',
  /** A Qualys request file is open in an editor (opened, or made by New Connector Request…). */
  requestOpen: 'qualys.requestOpen',
} as const;

/** The walkthrough's id in package.json, as `workbench.action.openWalkthrough` takes it after the extension's id. */
export const WALKTHROUGH_ID = 'qualys.getStarted';
