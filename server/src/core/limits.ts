/**
 * What a file, or a workspace's settings, may cost the server and the CLI. A connector request is a
 * few KB with a few hundred values; each limit below sits far above any real request and far below
 * what would freeze the editor. Past a limit the work is refused with one finding (or log line) that
 * says so, never silently.
 */

/**
 * Largest request checked: 2 MiB (UTF-16 code units of an open document; bytes of a file for the
 * CLI, which checks before reading it). Requests shaped as the bench's took, on the loaded two-core
 * test machine, 520 ms (XML), 580 ms (JSON) and 980 ms (YAML) at 4 MiB: at 2 MiB, a file just under
 * the limit stays well under a second in every format.
 */
export const MAX_DOCUMENT_SIZE = 2 * 1024 * 1024;

/**
 * Largest YAML checked that the fast parser does not read (anchors, tags, flow mappings, multi-line
 * text, syntax errors): the general YAML library spends several microseconds per byte there (a
 * 128 KiB flow list took 1 to 1.5 s of CPU on the loaded two-core test machine, 64 KiB half that).
 * A 50 KB alias bomb still reaches the alias budget below and is reported on its alias.
 */
export const MAX_GENERAL_YAML_SIZE = 64 * 1024;

/** Findings listed per file; past this one more finding says how many were left out, and of what severity. */
export const MAX_FINDINGS = 1000;

/**
 * Values YAML aliases (`*name`) may add to a request once expanded, all aliases together. An alias
 * copies what its anchor holds, so 10,000 aliases of a 10,000-item list would be 100 million values
 * (a "billion laughs"): the expanded size is what is budgeted, not the number of aliases.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/**
 * The globs of `qualys.files.include` (which a workspace may set) together, braces expanded, in
 * characters. Matching costs at most a few steps per glob character per character of a file's path:
 * at this budget 50 to 70 ms for a 480-character path on the loaded test machine, once per document.
 * The globs past the budget are not used, and the server's log says so.
 */
export const MAX_GLOB_CHARS = 1024;
