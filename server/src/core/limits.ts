/**
 * What a file, or a workspace's settings, may cost the server and the CLI. A connector request is a
 * few KB with a few hundred values; each limit below sits far above any real request and far below
 * what would freeze the editor. Past a limit the work is refused with one finding (or log line) that
 * says so, never silently.
 */

/**
 * Largest request checked: 4 MiB (UTF-16 code units of an open document; bytes of a file for the
 * CLI, which checks before reading it). The largest file the bench measures, 1 MB, analyses in about
 * 70 ms as XML; a file just under this limit still takes well under a second.
 */
export const MAX_DOCUMENT_SIZE = 4 * 1024 * 1024;

/** Findings listed per file; past this one more finding says how many were left out, and of what severity. */
export const MAX_FINDINGS = 1000;

/**
 * The globs of `qualys.files.include` (which a workspace may set) together, braces expanded, in
 * characters. Matching costs at most this many steps per character of a file's path; the globs
 * past the budget are not used, and the server's log says so.
 */
export const MAX_GLOB_CHARS = 4096;
