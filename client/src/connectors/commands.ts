/** The commands of the Connectors view (package.json `contributes.commands` declares the same). */
export const ConnectorCommands = {
  refresh: 'qualys.connectors.refresh',
  loadMore: 'qualys.connectors.loadMore',
  openAsRequest: 'qualys.connectors.openAsRequest',
  compareWithLive: 'qualys.connectors.compareWithLive',
  run: 'qualys.connectors.run',
  delete: 'qualys.connectors.delete',
  copyId: 'qualys.connectors.copyId',
} as const;
