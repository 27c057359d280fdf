/** What a section writes to: an output channel (the types only, so tests need no VS Code). */
export interface LineSink {
  append(value: string): void;
  appendLine(value: string): void;
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

/** The one output channel's name: every part of the extension writes to it, each under its section mark. */
export const OUTPUT_CHANNEL = 'Qualys';

/**
 * The channel as one part of the extension sees it: every line it writes starts with `[name]`
 * (`[language server]`, `[send]`, `[apply]`), so one "Qualys" channel reads as clear sections. The
 * rest of the channel (show, clear, name) is the channel's own.
 */
export function section<C extends LineSink>(channel: C, name: string): C {
  const mark = `[${name}] `;
  let atLineStart = true;
  const marked = (text: string, start: boolean): string => (start ? mark : '') + text.replace(/\n(?=[^\n])/g, `\n${mark}`);
  return new Proxy(channel, {
    get(target, property) {
      if (property === 'appendLine') {
        return (value: string): void => {
          target.appendLine(marked(value, atLineStart));
          atLineStart = true;
        };
      }
      if (property === 'append') {
        return (value: string): void => {
          target.append(marked(value, atLineStart));
          atLineStart = value.endsWith('\n') || (atLineStart && value === '');
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      // A log channel's levelled lines (what the language client writes): marked the same way.
      if (typeof value === 'function' && typeof property === 'string' && LEVELS.has(property)) {
        return (message: unknown, ...rest: unknown[]): unknown => (value as (...args: unknown[]) => unknown).call(target, typeof message === 'string' ? marked(message, true) : message, ...rest);
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
