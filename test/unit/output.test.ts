import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { output } from './clientModules';

const CLIENT = join(__dirname, '../../../client/src');

/** A channel that keeps what is written to it, as the output panel would show it. */
function channel(): { text: string; logged: string[]; name: string; append(v: string): void; appendLine(v: string): void; info(m: string, ...a: unknown[]): void } {
  return {
    name: 'Qualys',
    text: '',
    logged: [],
    append(v) {
      this.text += v;
    },
    appendLine(v) {
      this.text += `${v}\n`;
    },
    info(m, ...a) {
      this.logged.push([m, ...a].join(' '));
    },
  };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the one "Qualys" output channel', () => {
  it('marks each line with its section, across appends and lines of several', () => {
    const c = channel();
    const send = output.section(c, 'send');
    const apply = output.section(c, 'apply');
    send.appendLine('POST US1 /create');
    apply.append('Apply on US1');
    apply.append(' at 10:00\nfile a');
    apply.appendLine('');
    send.appendLine('two\nlines');
    assert.equal(c.text, '[send] POST US1 /create\n[apply] Apply on US1 at 10:00\n[apply] file a\n[send] two\n[send] lines\n');
    output.section(c, 'language server').info('Server started', 'x');
    assert.deepEqual(c.logged, ['[language server] Server started x']);
    assert.equal(send.name, 'Qualys', "the rest is the channel's own");
  });

  it('is the only channel the client makes, and the language client writes to it', () => {
    const made = sources(CLIENT).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/createOutputChannel\(([^)]*)\)/g)].map((m) => m[1]));
    assert.deepEqual(made, ['OUTPUT_CHANNEL, { log: true }']);
    assert.equal(output.OUTPUT_CHANNEL, 'Qualys');
    assert.match(readFileSync(join(CLIENT, 'client.ts'), 'utf8'), /^\s+outputChannel,$/m);
  });
});
