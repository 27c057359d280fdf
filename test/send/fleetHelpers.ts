import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliIo } from '../../server/src/cli/io';
import { Clock } from '../../server/src/core/clock';
import { EmulatorOptions, RunningEmulator, startEmulator } from '../../server/src/emulator';
import { Api, openApi } from '../../server/src/send/api';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { tempDir } from '../harness';

/** Shared by the connectors-as-code tests and the benchmark's budget rows. */
export const USER = 'fleet';
export const PASSWORD = 'Fl33t-Pa55word!';
export const ENV = { QUALYS_USERNAME: USER, QUALYS_PASSWORD: PASSWORD };

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** An emulator that counts the calls (the budget is the server's count) and logs each, 409s included. */
export async function emulator(options: EmulatorOptions = {}): Promise<{ emu: RunningEmulator; calls: string[] }> {
  const calls: string[] = [];
  const emu = await startEmulator({ username: USER, password: PASSWORD, rateLimit: 100_000, log: (l) => calls.push(l), ...options });
  return { emu, calls };
}

/** Runs a command in-process; with a `clock` (the emulator's too), its waits pass in virtual time. */
export async function cmd(fn: (args: string[], io: CliIo, env: NodeJS.ProcessEnv) => Promise<number>, args: string[], cwd: string, clock?: Clock): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(args, { cwd, out: (l) => out.push(l), err: (l) => err.push(l), ...(clock ? { clock } : {}) }, ENV);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Creates connectors over HTTP, as a user would have. */
export async function seed(url: string, names: string[]): Promise<void> {
  const auth = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  for (const name of names) {
    const body = { ServiceRequest: { data: { AwsAssetDataConnector: { name, arn: 'arn:aws:iam::123456789012:role/R', externalId: 'ext-1', allRegions: true, runFrequency: 240, defaultTags: { set: { TagSimple: { id: 7 } } }, activation: { set: { ActivationModule: 'VM' } } } } } };
    const res = await fetch(`${url}/qps/rest/3.0/create/am/awsassetdataconnector`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200);
  }
}

/** Create requests for `count` new connectors. */
export function createFiles(dir: string, count: number, prefix: string): void {
  for (let i = 0; i < count; i++) {
    const body = { ServiceRequest: { data: { AwsAssetDataConnector: { name: `${prefix}-${i}`, arn: 'arn:aws:iam::123456789012:role/R', externalId: `ext-${i}`, allRegions: true, runFrequency: 240 } } } };
    writeFileSync(join(dir, `${prefix}-${i}-create.qualys.json`), JSON.stringify(body, null, 2));
  }
}

/** An emulator data file of `count` AWS connectors, as if made one by one: a fleet without `count` creates. */
export function fleetDataFile(dir: string, count: number): string {
  const connectors = Array.from({ length: count }, (_, i) => ({
    id: 1_000_000 + i,
    kind: 'aws',
    connectorState: 'FINISHED_SUCCESS',
    fields: { name: `account-${i}`, arn: `arn:aws:iam::${String(100000000000 + i)}:role/QualysRole`, externalId: `ext-${i}`, allRegions: true, runFrequency: 240, isRemediationEnabled: false, disabled: false },
  }));
  const file = join(dir, 'emulator.json');
  writeFileSync(file, JSON.stringify({ format: 'qualys-connector-emulator/1', nextId: 2_000_000, connectors }));
  return file;
}

/** The names of every live AWS connector, page after page. */
export async function liveNames(url: string): Promise<string[]> {
  const auth = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  const names: string[] = [];
  for (let start = 0; ; ) {
    const search = (): Promise<Response> => fetch(`${url}/qps/rest/3.0/search/am/awsassetdataconnector`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ ServiceRequest: { preferences: { limitResults: 1000, startFromId: start } } }) });
    let res = await search();
    // An emulator with tight limits may still be counting the calls just made: wait out its 409s (a few), as a client must.
    for (let tries = 0; res.status === 409 && tries < 10; tries++) {
      await new Promise((r) => setTimeout(r, 1000 * Math.min(5, Number(res.headers.get('x-ratelimit-towait-sec')) || 1)));
      res = await search();
    }
    assert.equal(res.status, 200, 'the search of live connectors is answered');
    const sr = ((await res.json()) as { ServiceResponse: { data?: { AwsAssetDataConnector: { name: string } }[]; hasMoreRecords?: string; lastId?: number } }).ServiceResponse;
    for (const d of sr.data ?? []) names.push(d.AwsAssetDataConnector.name);
    if (sr.hasMoreRecords !== 'true' || sr.lastId === undefined) return names;
    start = sr.lastId + 1;
  }
}

/** An AWS request of these fields, as JSON text. */
export const awsRequest = (fields: Record<string, unknown>): string => JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: fields } } });
/** The fields a create needs besides its name. */
export const CREATE_FIELDS = { arn: 'arn:aws:iam::123456789012:role/R', externalId: 'ext-1', allRegions: true, runFrequency: 240 };

/** A repository (it holds .git) with these files (their folders made), and the record of their targets when given. */
export function requestRepo(files: Record<string, string>, targets?: Record<string, unknown>): string {
  const dir = tempDir('qc-repo-');
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  if (targets) writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }));
  return dir;
}

/** The Api a command opens for a server at `url`, with these tests' credentials: the engine called as a function. */
export function apiAt(url: string, options: { maxCalls?: number } = {}): Api {
  return openApi({ platform: resolvePlatform('Custom', url) as ResolvedPlatform, credentials: { username: USER, password: PASSWORD }, timeoutMs: 5000 }, undefined, true, options);
}
