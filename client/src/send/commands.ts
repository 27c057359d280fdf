/** The send commands' ids (package.json `contributes.commands` declares the same). */
export const SendCommands = {
  sendRequest: 'qualys.sendRequest',
  cancelRequest: 'qualys.cancelRequest',
  setCredentials: 'qualys.setCredentials',
  forgetCredentials: 'qualys.forgetCredentials',
  setTarget: 'qualys.setTarget',
  showHistory: 'qualys.showHistory',
} as const;

/** The context key that enables Cancel Request and swaps the editor title button. */
export const SENDING_CONTEXT = 'qualys.sending';
