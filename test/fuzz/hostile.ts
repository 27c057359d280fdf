import assert from 'node:assert/strict';
import { serialize } from '../../server/src/core/serialize';
import { Format } from './mutate';

/*
 * Inputs made to hurt, one generator per shape a hostile review found. Each must end in a clear
 * finding (or log line) within a second of server time and a few hundred MB, in the language
 * service, the server and the CLI.
 */

/**
 * Runs `fn` and fails when it took `ms` or more. The ceilings the tests give are generous (the aim
 * is well under a second) so that a loaded machine does not fail them: the old code missed them by
 * seconds to minutes, or crashed.
 */
export function within<T>(ms: number, what: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  const took = performance.now() - started;
  assert.ok(took < ms, `${what} took ${Math.round(took)} ms`);
  return result;
}

/** A glob of `stars` `*a` and a `*b`, and a path whose last name is `nameLength` a's: no match, found the slow way by backtracking. */
export function hostileGlob(stars = 16, nameLength = 34): { glob: string; path: string } {
  return { glob: `${'*a'.repeat(stars)}*b`, path: `file:///w/${'a'.repeat(nameLength)}` };
}

/** `count` empty elements (`<a/>`) inside a request's data. */
export function selfClosing(count = 80_000): string {
  return `<ServiceRequest><data>${'<a/>'.repeat(count)}</data></ServiceRequest>`;
}

/** An AWS request whose activation lists `count` values that are no ActivationModule. */
export function manyBadValues(count: number, format: Format): string {
  const value = { ServiceRequest: { data: { AwsAssetDataConnector: { activation: { set: { ActivationModule: Array<string>(count).fill('x') } } } } } };
  return serialize(value, format);
}

/** A request padded with a description to `bytes` bytes (ASCII, so characters too). */
export function oversized(bytes: number, format: Format): string {
  const base = serialize({ ServiceRequest: { data: { AwsAssetDataConnector: { name: 'big', description: 'PAD' } } } }, format);
  return base.replace('PAD', 'x'.repeat(Math.max(3, bytes - base.length + 3)));
}

/** `a: &a [x,x,…]` and `b: [*a,*a,…]` (50 KB as the review wrote it): `width` × `copies` values once the aliases are expanded. */
export function yamlAliasBomb(width = 10_000, copies = 9_999): string {
  return `a: &a [${Array(width).fill('x').join(',')}]\nb: [${Array(copies).fill('*a').join(',')}]\n`;
}

/** Nested anchors, each level doubling the last: the classic "billion laughs". */
export function yamlLaughs(levels = 30): string {
  const lines = ['l0: &l0 [lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
  return lines.join('\n') + '\n';
}

/** A list of `{a: x}` flow mappings of about `bytes`: outside the fast parser's subset, slow in the general one. */
export function yamlFlowMappings(bytes: number): string {
  return `ServiceRequest:\n  data: [${'{a: x}, '.repeat(Math.ceil(bytes / 8))}]\n`;
}

export interface Hostile {
  name: string;
  format: Format;
  text: string;
  /** The finding code that must say what was refused. */
  code: string;
}

/** Every file shape, at the size the review reproduced it (the oversized ones past the limit). */
export function hostileCorpus(): Hostile[] {
  return [
    { name: 'YAML alias bomb (10,000 × 9,999)', format: 'yaml', text: yamlAliasBomb(), code: 'alias-too-large' },
    { name: 'YAML billion laughs (2^30)', format: 'yaml', text: yamlLaughs(), code: 'alias-too-large' },
    { name: 'YAML of flow mappings past 64 KiB', format: 'yaml', text: yamlFlowMappings(100 * 1024), code: 'too-large' },
    { name: '80,000 <a/>', format: 'xml', text: selfClosing(), code: 'unknown-connector-kind' },
    ...(['json', 'yaml', 'xml'] as const).map((format) => ({ name: `20,000 bad ActivationModule values (${format})`, format, text: manyBadValues(20_000, format), code: 'too-many-findings' })),
    ...(['xml', 'json', 'yaml'] as const).map((format) => ({ name: `5 MB request (${format})`, format, text: oversized(5 * 1024 * 1024, format), code: 'too-large' })),
  ];
}
