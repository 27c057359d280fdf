import assert from 'node:assert/strict';
import { integerIn, oneOf, parseCommandArgs } from '../../server/src/cli/args';
import { connectionFrom } from '../../server/src/cli/connection';
import { UsageError } from '../../server/src/cli/io';
import { run } from '../../server/src/cli/main';

const SHAPE = {
  options: { timeout: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, tag: { type: 'string', multiple: true } },
  positionals: { max: 1, what: 'file' },
} as const;

function usage(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof UsageError && message.test(e.message));
}

/** Runs the CLI in-process and keeps what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd() });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the shared argument parser', () => {
  it('parses values, flags, short flags, repeated options and positionals', () => {
    const parsed = parseCommandArgs(['a.xml', '--timeout', '5', '-y', '--tag=x', '--tag', 'y'], SHAPE);
    assert.notEqual(parsed, 'help');
    if (parsed === 'help') return;
    assert.deepEqual(parsed.values, { timeout: '5', yes: true, tag: ['x', 'y'] });
    assert.deepEqual(parsed.positionals, ['a.xml']);
  });

  it('gives a value that starts with a dash to its option, so that the option judges it', () => {
    const parsed = parseCommandArgs(['--timeout', '-5'], SHAPE);
    assert.deepEqual(parsed !== 'help' && parsed.values.timeout, '-5');
  });

  it('names the bad option: unknown, missing value, a value for a flag, one argument too many', () => {
    usage(() => parseCommandArgs(['--bogus'], SHAPE), /^Unknown option --bogus\.$/);
    usage(() => parseCommandArgs(['-q'], SHAPE), /^Unknown option -q\.$/);
    usage(() => parseCommandArgs(['--timeout'], SHAPE), /^--timeout needs a value\.$/);
    usage(() => parseCommandArgs(['--yes=no'], SHAPE), /^--yes takes no value; got "no"\.$/);
    usage(() => parseCommandArgs(['a', 'b'], SHAPE), /^Unexpected argument "b": give at most 1 file\.$/);
    usage(() => parseCommandArgs(['a'], { options: {} }), /^Unexpected argument "a": this command takes options only\.$/);
    usage(() => parseCommandArgs(['--\u001b]0;x'], SHAPE), /^Unknown option --\?\]0;x\.$/);
  });

  it('answers help whatever else is given', () => {
    assert.equal(parseCommandArgs(['--bogus', '--help'], SHAPE), 'help');
    assert.equal(parseCommandArgs(['-h'], SHAPE), 'help');
  });

  it('checks choices and integers with messages that name the flag and the value', () => {
    assert.equal(oneOf('--format', 'json', ['text', 'json']), 'json');
    usage(() => oneOf('--format', 'xml', ['text', 'json']), /^--format must be text or json; got "xml"\.$/);
    usage(() => oneOf('--kind', 'gcp2', ['aws', 'azure', 'gcp']), /^--kind must be one of aws, azure, gcp; got "gcp2"\.$/);
    assert.equal(integerIn('--port', '8080', 0, 65535), 8080);
    for (const bad of ['-1', '1.5', '1e3', '', '65536', ' 1']) usage(() => integerIn('--port', bad, 0, 65535), /^--port must be an integer from 0 to 65535; got /);
  });

  it('shares the connection flags: platform or URL, timeout, credentials from the environment', () => {
    const env = { QUALYS_USERNAME: 'u', QUALYS_PASSWORD: 'hunter2' };
    const c = connectionFrom({ platform: 'us2', timeout: '1.5' }, env);
    assert.equal(c.platform.baseUrl, 'https://qualysapi.qg2.apps.qualys.com');
    assert.equal(c.timeoutMs, 1500);
    assert.deepEqual(c.credentials, { username: 'u', password: 'hunter2' });
    assert.equal(connectionFrom({ 'base-url': 'http://127.0.0.1:9' }, env).timeoutMs, 60_000);
    usage(() => connectionFrom({}, env), /--platform US1 .* or --base-url URL/);
    usage(() => connectionFrom({ platform: 'MARS' }, env), /Unknown platform "MARS"/);
    usage(() => connectionFrom({ 'base-url': 'http://example.com' }, env), /only over https/);
    usage(() => connectionFrom({ platform: 'US1', timeout: '0' }, env), /--timeout must be a number of seconds above 0/);
    usage(() => connectionFrom({ platform: 'US1' }, { QUALYS_USERNAME: 'u' }), /Set QUALYS_USERNAME and QUALYS_PASSWORD/);
  });

  for (const command of ['validate', 'send', 'emulator']) {
    it(`${command}: --help exits 0 with its usage; an unknown option exits 2 naming it and the command's help`, async () => {
      const help = await cli([command, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.out, new RegExp(`^Usage: qualys-connector ${command} `));
      const bad = await cli([command, '--frobnicate']);
      assert.equal(bad.code, 2);
      assert.equal(bad.err, `qualys-connector: Unknown option --frobnicate. See qualys-connector ${command} --help.`);
    });
  }

  it('send and emulator refuse stray arguments instead of ignoring them', async () => {
    const send = await cli(['send', 'a.xml', 'b.xml', '--platform', 'US1']);
    assert.equal(send.code, 2);
    assert.match(send.err, /Unexpected argument "b\.xml": give at most 1 file\./);
    const emulator = await cli(['emulator', '8080']);
    assert.equal(emulator.code, 2);
    assert.match(emulator.err, /Unexpected argument "8080": this command takes options only\./);
  });
});
