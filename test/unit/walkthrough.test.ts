import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_ID, WalkthroughContext } from '../../client/src/walkthroughContext';
import { MAX_SHOT_BYTES, README_SHOTS } from '../ui/readmeShots';
import { ROOT, shipped } from './manifest';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    viewsContainers: { activitybar: { id: string }[] };
    walkthroughs: { id: string; steps: Step[] }[];
  };
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
const containers = new Set(pkg.contributes.viewsContainers.activitybar.map((c) => `workbench.view.extension.${c.id}`));
/** VS Code's own commands a step may name. */
const WORKBENCH = new Set(['workbench.action.openSettings']);
const settings = new Set(Object.keys(pkg.contributes.configuration.properties));
const contextKeys = new Set<string>(Object.values(WalkthroughContext));

describe('Get Started walkthrough', () => {
  const walkthroughs = pkg.contributes.walkthroughs;
  const steps = walkthroughs.flatMap((w) => w.steps);

  it('has the steps of a first session, in order', () => {
    assert.deepEqual(
      walkthroughs.map((w) => w.id),
      [WALKTHROUGH_ID],
    );
    assert.deepEqual(
      steps.map((s) => s.id),
      ['platform', 'credentials', 'request', 'send', 'pull', 'plan'],
    );
  });

  it('names only commands the extension contributes (or VS Code has) in its buttons and completion events', () => {
    for (const step of steps) {
      const linked = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(linked.length > 0, `step ${step.id} has no button`);
      const onCommand = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      for (const id of [...linked, ...onCommand]) assert.ok(contributed.has(id) || containers.has(id) || WORKBENCH.has(id), `step ${step.id} names ${id}, which nothing contributes`);
    }
  });

  it('completes each step on something the extension contributes or sets', () => {
    const setInBundle = readFileSync(join(ROOT, 'dist/extension.js'), 'utf8');
    for (const step of steps) {
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `step ${step.id} never completes`);
      for (const event of events) {
        const [kind, ...rest] = event.split(':');
        const arg = rest.join(':');
        if (kind === 'onCommand') continue; // checked above
        else if (kind === 'onSettingChanged') assert.ok(settings.has(arg), `${step.id}: ${arg} is not a setting of the extension`);
        else if (kind === 'onContext') {
          // A bare key: set by walkthrough.ts, which the bundle carries.
          assert.match(arg, /^[\w.]+$/, `${step.id}: ${arg}`);
          assert.ok(contextKeys.has(arg), `${step.id}: nothing sets the context key ${arg}`);
          assert.ok(setInBundle.includes(JSON.stringify(arg)), `${step.id}: the bundled extension does not carry ${arg}`);
        } else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
    // Every key the extension sets for the walkthrough is one a step waits for.
    const used = new Set(steps.flatMap((s) => (s.completionEvents ?? []).filter((e) => e.startsWith('onContext:')).map((e) => e.slice('onContext:'.length))));
    assert.deepEqual([...contextKeys].sort(), [...used].sort());
  });

  it('has a Markdown page for each step that exists and ships in the .vsix', () => {
    for (const step of steps) {
      const media = step.media.markdown;
      assert.ok(media, `step ${step.id} has no Markdown page`);
      assert.ok(existsSync(join(ROOT, media)), `${media} is missing`);
      assert.ok(shipped(media), `${media} is left out of the .vsix by .vscodeignore`);
    }
    // The reading of .vscodeignore above can tell: what is not listed stays out.
    assert.ok(!shipped('client/src/walkthrough.ts'));
    assert.ok(shipped('dist/extension.js'));
  });
});

describe("README's pictures", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const named = [...readme.matchAll(/\]\((images\/[\w.-]+\.png)\)/g)].map((m) => m[1]);

  it('exist, are small, and are the ones `npm run screenshots` takes', () => {
    assert.ok(named.length > 0, 'the README shows no picture');
    for (const file of named) {
      assert.ok(existsSync(join(ROOT, file)), `the README shows ${file}, which is missing: run npm run screenshots`);
      const size = statSync(join(ROOT, file)).size;
      assert.ok(size <= MAX_SHOT_BYTES, `${file} is ${size} bytes, over ${MAX_SHOT_BYTES}`);
      // The extension's page in VS Code shows them from the .vsix (the links stay relative).
      assert.ok(shipped(file), `${file} is left out of the .vsix by .vscodeignore`);
    }
    assert.deepEqual([...new Set(named)].sort(), Object.values(README_SHOTS).sort());
  });
});
