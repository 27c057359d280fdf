import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCommand } from '../server/src/cli/apply';
import { planCommand } from '../server/src/cli/plan';
import { pullCommand } from '../server/src/cli/pull';
import { validateCommand } from '../server/src/cli/validate';
import { cmd, createFiles, emulator, fleetDataFile, seed } from '../test/send/fleetHelpers';

/** The connectors-as-code budget, measured against the emulator's own call counts. */
export interface FleetBudget {
  plan500: { calls: number; ms: number };
  apply500with10Changed: { sends: number; calls: number; ms: number };
  create200: { calls: number; ms: number; floorMs: number; overFloor: number };
  /** A folder of 10,000 connectors: pull (target at most 11 calls, 30 s), validate (15 s), plan with no change (41 calls, 15 s). */
  fleet10k: { pull: { calls: number; ms: number }; validateMs: number; plan: { calls: number; ms: number } };
  /** A fleet file over 5,000 accounts, each connector recorded and the same as live: plan with no change (target: at most 21 calls, 15 s). */
  inventory5k: { calls: number; ms: number; unchanged: number };
}

const fresh = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'qc-bench-fleet-')));

export async function fleetBudget(): Promise<FleetBudget> {
  const dirs: string[] = [];
  try {
    const big = await emulator();
    let plan500: FleetBudget['plan500'];
    let apply500: FleetBudget['apply500with10Changed'];
    try {
      await seed(big.emu.url, Array.from({ length: 500 }, (_, i) => `c-${i}`));
      const dir = fresh();
      dirs.push(dir);
      const base = ['--base-url', big.emu.url];
      await cmd(pullCommand, [...base, '--kind', 'aws', '--format', 'json'], dir);
      let from = big.emu.calls.total;
      let t = performance.now();
      await cmd(planCommand, base, dir);
      plan500 = { calls: big.emu.calls.total - from, ms: Math.round(performance.now() - t) };
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.qualys.json')).sort().slice(0, 10)) {
        writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace('"runFrequency": 240', '"runFrequency": 480'));
      }
      from = big.emu.calls.total;
      const updates = big.emu.calls.byOperation.update;
      t = performance.now();
      await cmd(applyCommand, [...base, '--yes'], dir);
      apply500 = { sends: big.emu.calls.byOperation.update - updates, calls: big.emu.calls.total - from, ms: Math.round(performance.now() - t) };
    } finally {
      await big.emu.close();
    }
    // 200 creates within 2 at once and 50 calls a 1 s window: the floor is one window per 50 calls after the first 50.
    const limited = await emulator({ concurrencyLimit: 2, rateLimit: 50, rateWindowSec: 1 });
    try {
      const dir = fresh();
      dirs.push(dir);
      createFiles(dir, 200, 'new');
      const from = limited.emu.calls.total;
      const t = performance.now();
      await cmd(applyCommand, ['--base-url', limited.emu.url, '--yes'], dir);
      const ms = Math.round(performance.now() - t);
      const calls = limited.emu.calls.total - from;
      const floorMs = (Math.ceil(calls / 50) - 1) * 1000;
      const create200 = { calls, ms, floorMs, overFloor: Math.round((ms / floorMs - 1) * 100) / 100 };
      return { plan500, apply500with10Changed: apply500, create200, fleet10k: await fleet10k(dirs), inventory5k: await inventory5k(dirs) };
    } finally {
      await limited.emu.close();
    }
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

async function fleet10k(dirs: string[]): Promise<FleetBudget['fleet10k']> {
  const dir = fresh();
  dirs.push(dir);
  const { emu } = await emulator({ dataFile: fleetDataFile(dir, 10_000) });
  try {
    const base = ['--base-url', emu.url];
    let from = emu.calls.total;
    let t = performance.now();
    await cmd(pullCommand, [...base, '--kind', 'aws', '--out', 'repo'], dir);
    const pull = { calls: emu.calls.total - from, ms: Math.round(performance.now() - t) };
    t = performance.now();
    await cmd((args, io) => validateCommand(args, io), ['repo'], dir);
    const validateMs = Math.round(performance.now() - t);
    from = emu.calls.total;
    t = performance.now();
    await cmd(planCommand, [...base, 'repo'], dir);
    return { pull, validateMs, plan: { calls: emu.calls.total - from, ms: Math.round(performance.now() - t) } };
  } finally {
    await emu.close();
  }
}

/** The emulator's 5,000 first connectors of fleetDataFile, as a fleet file over an organization of 5,000 accounts that made them. */
export async function inventory5k(dirs: string[]): Promise<FleetBudget['inventory5k']> {
  const dir = fresh();
  dirs.push(dir);
  const n = 5_000;
  const { emu } = await emulator({ dataFile: fleetDataFile(dir, n) });
  try {
    const id = (i: number): string => String(100000000000 + i);
    writeFileSync(join(dir, 'org.qualys-fleet.yaml'), 'template: account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }\n');
    writeFileSync(join(dir, 'account.qualys.yaml'), 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "${Name}"\n      arn: "arn:aws:iam::${Id}:role/QualysRole"\n      externalId: "${Ext}"\n      allRegions: true\n      runFrequency: 240\n      isRemediationEnabled: false\n');
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ Accounts: Array.from({ length: n }, (_, i) => ({ Id: id(i), Name: `account-${i}`, Status: 'ACTIVE', Ext: `ext-${i}` })) }));
    const targets = Object.fromEntries(Array.from({ length: n }, (_, i) => [`org.qualys-fleet.yaml#${id(i)}`, { operation: 'update', id: 1_000_000 + i, kind: 'aws' }]));
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }));
    const from = emu.calls.total;
    const t = performance.now();
    const planned = await cmd(planCommand, ['--base-url', emu.url, 'org.qualys-fleet.yaml'], dir);
    const unchanged = Number(/(\d+) unchanged/.exec(planned.out)?.[1] ?? 0);
    return { calls: emu.calls.total - from, ms: Math.round(performance.now() - t), unchanged };
  } finally {
    await emu.close();
  }
}
