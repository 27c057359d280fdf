import { parseArgs } from 'node:util';
import { UsageError } from './io';

/** Exit statuses every command keeps: README, "Command line". */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** One option of a command, as `util.parseArgs` takes it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** A string option given several times keeps every value, in order. */
  multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed values, typed from the specs: booleans, strings, or string lists for `multiple`. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
};

export interface CommandArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface ArgsShape<O extends OptionSpecs> {
  options: O;
  /** How many positional arguments the command takes at most (default none), and what to call them in a message. */
  positionals?: { max: number; what: string };
}

/** Every command takes these. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies OptionSpecs;

/**
 * A command's arguments through `util.parseArgs`, strictly: an unknown option, a missing value, a
 * value given to a flag or one positional too many is a UsageError naming it. 'help' when --help
 * or -h is among them (then nothing else is checked, so that help always works).
 *
 * Strictness is checked here over parseArgs' tokens rather than with its `strict` mode because that
 * mode refuses `--timeout -5` as ambiguous: a value that starts with a dash should get the option's
 * own message ("must be a number above 0"), as it did before this parser.
 */
export function parseCommandArgs<O extends OptionSpecs>(args: readonly string[], shape: ArgsShape<O>): CommandArgs<O> | 'help' {
  const options: OptionSpecs = { ...shape.options, ...HELP };
  const { values, positionals, tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  if (values.help === true) return 'help';
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
    const shown = printableOption(token.rawName);
    if (!spec) throw new UsageError(`Unknown option ${shown}.`);
    if (spec.type === 'string' && token.value === undefined) throw new UsageError(`${shown} needs a value.`);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`${shown} takes no value; got "${printableOption(token.value)}".`);
  }
  const allowed = shape.positionals?.max ?? 0;
  if (positionals.length > allowed) {
    const extra = printableOption(positionals[allowed]);
    throw new UsageError(allowed === 0 ? `Unexpected argument "${extra}": this command takes options only.` : `Unexpected argument "${extra}": give at most ${allowed} ${shape.positionals?.what ?? 'argument'}${allowed === 1 ? '' : 's'}.`);
  }
  return { values: { ...values } as OptionValues<O>, positionals };
}

/** The value of `flag` when it is one of `choices`; a UsageError listing them otherwise. */
export function oneOf<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(value)) return value as C;
  const list = choices.length <= 2 ? choices.join(' or ') : `one of ${choices.join(', ')}`;
  throw new UsageError(`${flag} must be ${list}; got ${JSON.stringify(value.slice(0, 40))}.`);
}

/** A whole number from `min` to `max` written in plain digits; a UsageError otherwise. */
export function integerIn(flag: string, value: string, min: number, max: number): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be an integer from ${min} to ${max}; got ${JSON.stringify(value.slice(0, 40))}.`);
  return n;
}

/** Option names and values in messages: short, and without control characters. */
function printableOption(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to drop them
  return text.slice(0, 40).replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** `--max-wait 10m`: seconds, minutes or hours (`90`, `90s`, `10m`, `1h`) as milliseconds; a UsageError otherwise. */
export function durationMs(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(text);
  const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
  if (!(ms >= 0 && ms <= 24 * 3_600_000)) throw new UsageError(`${flag} must be a duration such as 90s, 10m or 1h (at most 24h); got ${JSON.stringify(text.slice(0, 40))}.`);
  return ms;
}

/** `--max-calls 100`: a whole number from 1; a UsageError otherwise. */
export function countOf(flag: string, text: string): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new UsageError(`${flag} must be a whole number from 1; got ${JSON.stringify(text.slice(0, 40))}.`);
  return n;
}
