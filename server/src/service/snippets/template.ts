/**
 * The value a snippet stands for, written once for every format: a request value (as the binder
 * produces it) whose leaves may be placeholders. Rendering turns each placeholder into a tab stop.
 */
export type Scalar = string | number | boolean;
export type Part = string | Placeholder;
export type ValueType = 'string' | 'number' | 'boolean';

/** A tab stop with a default: `${n:default}` (the default may hold nested placeholders) or a choice `${n|a,b|}`. */
export class Placeholder {
  private constructor(
    /** The JSON type of the value: strings are quoted in JSON/YAML, numbers and booleans are not. */
    readonly type: ValueType,
    readonly parts: readonly Part[],
    readonly choices?: readonly string[],
  ) {}

  /** Text with a default, which may hold nested placeholders: `text('arn:aws:iam::', text('123456789012'), ...)`. */
  static text(...parts: Part[]): Placeholder {
    for (const p of parts) if (p instanceof Placeholder && p.type !== 'string') throw new Error('only text nests in text');
    return new Placeholder('string', parts);
  }

  static number(value: number): Placeholder {
    return new Placeholder('number', [String(value)]);
  }

  /** A true/false choice whose first option (the default) is `value`. */
  static boolean(value: boolean): Placeholder {
    return new Placeholder('boolean', [], [String(value), String(!value)]);
  }

  /** A choice of text values; the first is the default. */
  static choice(...options: string[]): Placeholder {
    if (options.length === 0) throw new Error('a choice needs options');
    return new Placeholder('string', [], options);
  }

  /** The text the placeholder stands for when every default is taken. */
  defaultText(): string {
    return this.choices ? this.choices[0] : this.parts.map((p) => (typeof p === 'string' ? p : p.defaultText())).join('');
  }

  defaultValue(): Scalar {
    const text = this.defaultText();
    return this.type === 'number' ? Number(text) : this.type === 'boolean' ? text === 'true' : text;
  }
}

export interface ObjectValue {
  readonly [key: string]: Value;
}
export type Value = Scalar | Placeholder | readonly Value[] | ObjectValue;

export const text = Placeholder.text;
export const num = Placeholder.number;
export const bool = Placeholder.boolean;
export const choice = Placeholder.choice;

/** Every option of a choice, the list turned so that `first` comes first (its default). */
export function choiceFrom(options: readonly string[], first: string): Placeholder {
  const i = options.indexOf(first);
  if (i < 0) throw new Error(`${first} is not one of ${options.join(', ')}`);
  return choice(...options.slice(i), ...options.slice(0, i));
}

/** The plain request value with every placeholder replaced by its default. */
export function defaults(value: Value): unknown {
  return mapValue(value, (p) => p.defaultValue());
}

/** The value with every placeholder replaced (in document order) by what `f` returns. */
export function mapValue(value: Value, f: (p: Placeholder) => unknown): unknown {
  if (value instanceof Placeholder) return f(value);
  if (Array.isArray(value)) return value.map((v: Value) => mapValue(v, f));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as ObjectValue)) out[k] = mapValue(v, f);
    return out;
  }
  return value;
}
