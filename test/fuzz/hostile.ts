/*
 * Inputs made to hurt, one generator per shape a hostile review found. Each must end in a clear
 * finding (or log line) within a second of server time and a few hundred MB, in the language
 * service, the server and the CLI.
 */

/** A glob of `stars` `*a` and a `*b`, and a path whose last name is `nameLength` a's: no match, found the slow way by backtracking. */
export function hostileGlob(stars = 16, nameLength = 34): { glob: string; path: string } {
  return { glob: `${'*a'.repeat(stars)}*b`, path: `file:///w/${'a'.repeat(nameLength)}` };
}
