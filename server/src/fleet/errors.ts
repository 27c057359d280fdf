/**
 * A mistake in what was asked (a flag, a file name, a glob that matches nothing), not in the
 * platform's answer: the CLI prints it with a pointer to --help, the editor as a plain message.
 */
export class UsageError extends Error {}
