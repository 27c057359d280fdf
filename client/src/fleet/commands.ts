/** The plan and apply commands' ids (package.json `contributes.commands` declares the same). */
export const FleetCommandIds = {
  planWorkspace: 'qualys.planWorkspace',
  planFolder: 'qualys.planFolder',
  planFile: 'qualys.planFile',
  applyWorkspace: 'qualys.applyWorkspace',
  cancelApply: 'qualys.cancelApply',
} as const;

/** The context key that enables Cancel Apply while an apply sends. */
export const APPLYING_CONTEXT = 'qualys.applying';
