import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startEmulator } from '../../server/src/emulator';
import { logIn } from '../e2e/codeServerLogin';
import { CodeServer, launchBrowser, startCodeServer, stopCodeServer } from '../e2e/runCodeServer';
import { removeRunFolder, REPO } from '../e2e/launch';
import { README_CROP, README_SHOTS, SCREENSHOTS_ENV } from './readmeShots';

/**
 * UI tests: Playwright drives code-server in Chromium as a person would, against the packaged
 * extension installed from its .vsix, so what ships is what is tested. Screenshots of each step go
 * to test-results/ui/ (ignored by git) for review; with QUALYS_SCREENSHOTS=1 (`npm run screenshots`)
 * the ones the README shows are also written to images/. Exit status 0 when every step passed.
 */
const SHOTS = join(REPO, 'test-results', 'ui');
const VSIX = join(REPO, 'qualys-connector.vsix');
const USER = 'ui-user';
const PASSWORD = 'ui-Pa55word-not-real';
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
/** The emulator's platform label (host:port), as the credential commands name it. */
let platformLabel = '';
/** When the workbench showed its Explorer after the window loaded: "the window is ready". */
let windowReadyAt = 0;
/** Numbers the suite reports (never asserts: speed is the benchmark's to measure), written to test-results/ui/timings.json. */
const timings: Record<string, number> = {};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The size every page is shown at: the README's pictures are taken at it. */
const VIEWPORT = { width: 1280, height: 800 };

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const readme = README_SHOTS[name];
  if (!readme || process.env[SCREENSHOTS_ENV] !== '1') return;
  // The README's pictures show the feature, not the notifications earlier steps left.
  const quiet = await page.addStyleTag({ content: '.notifications-toasts { visibility: hidden !important; }' });
  try {
    const crop = README_CROP[name];
    if (crop) await page.locator(crop).first().screenshot({ path: join(REPO, readme) });
    else await page.screenshot({ path: join(REPO, readme) });
  } finally {
    await quiet.evaluate((e) => e.remove());
  }
}

async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string): Promise<void> {
  // From the Explorer, as a person would (a keyboard shortcut could land in a webview that has focus).
  if (!(await page.locator('.explorer-folders-view').first().isVisible())) await command(page, 'View: Show Explorer');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick();
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.monaco-editor .view-lines').first().click();
}

/** Opens a file by name with Quick Open (it may be in a folder the Explorer has not expanded). */
async function quickOpen(page: Page, name: string): Promise<void> {
  await page.keyboard.press(`${mod}+P`);
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** A workspace's settings that make conf/*.yaml requests, and such a file that is not one: checked only when the setting applies. */
function widenInclude(workspace: string): void {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  mkdirSync(join(workspace, 'conf'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'qualys.files.include': ['**/conf/*.yaml'] }, null, 2));
  writeFileSync(join(workspace, 'conf', 'prod.yaml'), 'name: x\n');
}

/** Answers the input box whose prompt matches: the quick input widget is reused, so wait for the prompt itself. */
async function answerInput(page: Page, prompt: RegExp, text: string): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: prompt }).waitFor({ state: 'visible' });
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  // On the input itself: a webview that finishes loading beside (a walkthrough step's page) can take the keyboard's focus between the two.
  await input.press('Enter');
}

/** The Qualys activity-bar container's Connectors view. */
const connectorsView = (page: Page) => page.locator('[id="workbench.view.extension.qualys"]');

/** A row of the Connectors tree whose label is `label`. */
const treeRow = (page: Page, label: string) => connectorsView(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });

/** Chooses an item of the open context menu as a person would with the keyboard (menus act on mouse up, which a synthetic click can miss). */
async function contextMenu(page: Page, item: string): Promise<void> {
  const entry = page.locator('.monaco-menu .action-menu-item', { hasText: item }).first();
  await entry.hover();
  await page.locator('.monaco-menu .action-item.focused', { hasText: item }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-menu').first().waitFor({ state: 'hidden' });
}

async function showConnectors(page: Page): Promise<void> {
  if (await connectorsView(page).isVisible()) return;
  await page.locator('.activitybar .action-label[aria-label^="Qualys"]').click();
  await connectorsView(page).waitFor();
}

/** The request file Open as Request wrote for "AWS production 1", read from disk. */
function pulledFile(workspace: string): { name: string; path: string } {
  const dir = join(workspace, 'connectors');
  const name = readdirSync(dir).find((n) => n.startsWith('aws-production-1-') && n.endsWith('.qualys.yaml'));
  if (!name) throw new Error(`no aws-production-1-*.qualys.yaml in ${dir}: ${readdirSync(dir).join(', ')}`);
  return { name, path: join(dir, name) };
}

const steps: [string, (page: Page, workspace: string) => Promise<void>][] = [
  [
    'a request with errors shows them in the Problems panel',
    async (page) => {
      const opening = Date.now();
      await openFile(page, 'mistakes.qualys.xml');
      // The first request opened in this window: how long to its first squiggle, reported, not asserted.
      await page.locator('.editor-instance .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
      timings.windowReadyToFirstSquigglesMs = Date.now() - windowReadyAt;
      timings.openToFirstSquigglesMs = Date.now() - opening;
      await page.keyboard.press(`${mod}+Shift+M`);
      const problems = page.locator('.markers-panel');
      await problems.getByText('Unknown field "naem" in AwsAssetDataConnector. Did you mean "name"?').first().waitFor({ timeout: 30_000 });
      await problems.getByText(/runFrequency must be an integer/).first().waitFor();
      // The trusted workspace's qualys.files.include applies: conf/prod.yaml is checked as a request.
      await quickOpen(page, 'prod.yaml');
      await problems.getByText(/Expected a ServiceRequest root/).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press(`${mod}+W`);
      await shot(page, '1-problems');
    },
  ],
  [
    'Ctrl+Space in a request suggests the ActivationModule values',
    async (page) => {
      await openFile(page, 'typing.qualys.xml');
      await page.keyboard.press(`${mod}+G`);
      // Line 4, just after <ActivationModule>: the quick input keeps its ':' prefix.
      await answerInput(page, /Go to line|line/i, ':4:42');
      await page.keyboard.type('C');
      await page.keyboard.press(`${mod}+Space`);
      const suggest = page.locator('.suggest-widget');
      await suggest.getByText('CERTVIEW').first().waitFor({ timeout: 20_000 });
      await suggest.getByText('CLOUDVIEW').first().waitFor();
      await shot(page, '2-suggest');
      await page.keyboard.press('Enter');
      await page.locator('.view-line', { hasText: '<ActivationModule>CERTVIEW</ActivationModule>' }).first().waitFor();
    },
  ],
  [
    'with no credentials the Qualys view offers Set Credentials, then lists the demo connectors with the failing one marked',
    async (page) => {
      await showConnectors(page);
      const welcome = connectorsView(page).locator('.welcome-view-content');
      await welcome.getByText(/No Qualys credentials/).waitFor({ timeout: 30_000 });
      await shot(page, '3-view-no-credentials');
      await welcome.getByRole('button', { name: 'Set Credentials' }).click();
      await answerInput(page, /Qualys username/, USER);
      await answerInput(page, /Password of/, PASSWORD);
      await treeRow(page, 'AWS').click();
      const failing = treeRow(page, 'AWS staging 1');
      await failing.waitFor({ timeout: 30_000 });
      await failing.locator('.codicon-error').waitFor();
      await treeRow(page, 'AWS production 1').locator('.codicon-pass').waitFor();
      await failing.hover();
      await page.locator('.monaco-hover, .workbench-hover').getByText(/Unable to assume role/).first().waitFor({ timeout: 15_000 });
      await shot(page, '4-view-failing');
      const body = await connectorsView(page).innerText();
      if (body.includes(PASSWORD)) throw new Error('the password is in the view');
    },
  ],
  [
    'Open as Request writes the connector as a clean request file and opens it',
    async (page) => {
      await page.keyboard.press('Escape');
      await treeRow(page, 'AWS production 1').click({ button: 'right' });
      await contextMenu(page, 'Open Connector as Request');
      const tab = page.locator('.tab.active', { hasText: /aws-production-1-\d+\.qualys\.yaml/ });
      await tab.waitFor({ timeout: 30_000 });
      // The lens comes from the language server's description of the file: by then it has been checked.
      await page.locator('.codelens-decoration', { hasText: 'Compare with Live' }).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(1500);
      const squiggles = await page.locator('.editor-instance .monaco-editor .squiggly-error').count();
      if (squiggles > 0) throw new Error(`the pulled request shows ${squiggles} error(s)`);
      await shot(page, '5-open-as-request');
    },
  ],
  [
    'Compare with Live opens a diff showing an edited field',
    async (page, workspace) => {
      const file = pulledFile(workspace);
      const line = readFileSync(file.path, 'utf8').split('\n').findIndex((l) => /^\s*runFrequency: \d+$/.test(l)) + 1;
      if (line <= 0) throw new Error(`no runFrequency line in ${file.name}`);
      // As pulled, the file matches its connector: said so, and no diff of formatting to read.
      await command(page, 'Qualys: Compare with Live Connector');
      await page.locator('.notifications-toasts', { hasText: /No differences from live connector \d+/ }).first().waitFor({ timeout: 30_000 });
      if ((await page.locator('.monaco-diff-editor').count()) > 0) throw new Error('a diff opened for a file that matches its connector');
      // The toast slides in: let it settle for the picture.
      await page.waitForTimeout(700);
      await shot(page, '6-compare-matches');
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press(`${mod}+G`);
      await answerInput(page, /Go to line|line/i, `:${line}`);
      await page.keyboard.press('End');
      await page.keyboard.press(`Shift+${mod}+ArrowLeft`);
      await page.keyboard.type('4321');
      await page.keyboard.press(`${mod}+S`);
      await page.locator('.tab.active:not(.dirty)', { hasText: file.name }).waitFor();
      await command(page, 'Qualys: Compare with Live Connector');
      const diff = page.locator('.monaco-diff-editor');
      await diff.waitFor({ timeout: 30_000 });
      await page.locator('.tab.active', { hasText: /AWS production 1 #\d+: live ↔ aws-production-1-/ }).waitFor();
      // The live value on one side, the edited one on the other, each marked as a change.
      await diff.locator('.view-line', { hasText: /runFrequency:\s240$/ }).first().waitFor();
      await diff.locator('.view-line', { hasText: /runFrequency:\s4321$/ }).first().waitFor();
      if ((await diff.locator('.line-delete, .char-delete').count()) === 0 || (await diff.locator('.line-insert, .char-insert').count()) === 0) throw new Error('the diff marks no change');
      await shot(page, '6-compare-with-live-edited');
    },
  ],
  [
    'with no credentials Plan Folder asks once, shows the edited field, and Apply turns the plan to "no changes" without asking again',
    async (page) => {
      // With no credentials stored, the plan asks for them once; the apply after it does not ask again.
      await command(page, 'Qualys: Forget Credentials');
      await answerQuickPick(page, /Forget the Qualys credentials of/, platformLabel);
      await command(page, 'View: Show Explorer');
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^connectors$/ }).first().click({ button: 'right' });
      await contextMenu(page, 'Plan Folder');
      await answerInput(page, /Qualys username/, USER);
      await answerInput(page, /Password of/, PASSWORD);
      // The plan document's lines are unique in the page: no need to find its editor among the hidden ones.
      const plan = page;
      await page.locator('.tab.active', { hasText: 'Qualys Plan' }).waitFor({ timeout: 30_000 });
      await plan.locator('.view-line', { hasText: /connectors\/aws-production-1-\d+\.qualys\.yaml:\s+update\saws\sconnector\s\d+/ }).first().waitFor({ timeout: 30_000 });
      await plan.locator('.view-line', { hasText: /runFrequency:\s240\s→\s4321/ }).first().waitFor();
      await page.locator('.codelens-decoration a', { hasText: /Apply 1 change/ }).first().waitFor();
      await shot(page, '7-plan');
      await page.locator('.codelens-decoration a', { hasText: /Apply 1 change/ }).first().click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.getByText(/Apply 1 change on .*1 update/).first().waitFor();
      await dialog.getByRole('button', { name: 'Apply' }).click();
      if (await page.locator('.quick-input-widget', { hasText: /Qualys username/ }).isVisible()) throw new Error('the apply asked for credentials again');
      await plan.locator('.view-line', { hasText: /No\schanges\./ }).first().waitFor({ timeout: 30_000 });
      await page.locator('.codelens-decoration a', { hasText: /Apply \d+ change/ }).first().waitFor({ state: 'detached' });
      await page.locator('.notifications-toasts', { hasText: /Applied 1 of 1/ }).first().waitFor();
      await shot(page, '8-apply-no-changes');
    },
  ],
  [
    'Send Request from the command palette shows SUCCESS in the response view',
    async (page) => {
      await command(page, 'Qualys: Set Credentials');
      await answerInput(page, /Qualys username/, USER);
      await answerInput(page, /Password of/, PASSWORD);
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await openFile(page, 'azure-create.qualys.xml');
      await command(page, 'Qualys: Send Request');
      const tab = page.locator('.tab', { hasText: /SUCCESS · id \d+/ });
      await tab.first().waitFor({ timeout: 30_000 });
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.getByText(/SUCCESS · id \d+ · QUEUED/).first().waitFor({ timeout: 15_000 });
      await shot(page, '9-send');
    },
  ],
  [
    'a create sent again from the same file asks first, with the safe answer as the default',
    async (page) => {
      // The create was recorded for the file, which now updates what it made; made a create again, Send asks.
      await page.locator('.codelens-decoration', { hasText: /Send · update #\d+/ }).first().waitFor({ timeout: 30_000 });
      await command(page, 'Qualys: Set Request Target');
      await answerQuickPick(page, /which operation/, 'create');
      await command(page, 'Qualys: Send Request');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.getByText(/This file created connector #\d+ at \d\d:\d\d: create another\?/).first().waitFor();
      await shot(page, '9a-create-again-asks');
      // The default (first) button makes the file an update again and sends nothing.
      await page.keyboard.press('Enter');
      await page.locator('.codelens-decoration', { hasText: /Send · update #\d+/ }).first().waitFor({ timeout: 30_000 });
    },
  ],
  [
    'a request with errors is sent only after "Send Anyway", and the finding on the field Qualys names says Qualys agreed',
    async (page) => {
      await openFile(page, 'mistakes.qualys.xml');
      await command(page, 'Qualys: Send Request');
      // Errors first, before any target is asked for; the safe answer is the dialog's first button.
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.getByText(/error/).first().waitFor();
      await shot(page, '10-send-anyway');
      await dialog.getByRole('button', { name: 'Send Anyway' }).click();
      await answerQuickPick(page, /which operation/, 'create');
      const problems = page.locator('.markers-panel');
      await page.keyboard.press(`${mod}+Shift+M`);
      // One finding per cause: the local unknown-field finding on naem says the API agreed; no second one beside it.
      await problems.getByText(/naem.*The Qualys API agreed \(INVALID_REQUEST/).first().waitFor({ timeout: 30_000 });
      if ((await problems.getByText(/^Qualys: .*naem/).count()) > 0) throw new Error('the answer got a diagnostic of its own beside the finding it agreed with');
      await shot(page, '11-api-error');
    },
  ],
  [
    'the Get Started walkthrough opens, and a step is ticked once it is done from its button',
    async (page) => {
      await page.keyboard.press('Escape');
      // Credentials not stored yet: the step completes when they are.
      await command(page, 'Qualys: Forget Credentials');
      await answerQuickPick(page, /Forget the Qualys credentials of/, platformLabel);
      // The walkthrough alone on the page, for its picture.
      await command(page, 'View: Close All Editor Groups');
      await command(page, 'View: Hide Panel');
      await command(page, 'View: Close Primary Side Bar');
      await command(page, 'Open Walkthrough');
      await answerQuickPick(page, /Get Started/, 'Get Started with Qualys Connectors');
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.getByText('Get Started with Qualys Connectors').first().waitFor({ timeout: 30_000 });
      for (const title of ['Choose your Qualys platform', 'Store your credentials', 'Open or create a request', 'Send it', 'Pull your connectors', 'Plan the workspace']) await walkthrough.getByText(title).first().waitFor();
      // Polled for up to 30 s: a context key set by the extension reaches the walkthrough late on a loaded machine.
      const ticks = async (expected: string): Promise<void> => {
        let seen = '';
        for (let tries = 0; tries < 60 && seen !== expected; tries++) {
          if (tries > 0) await page.waitForTimeout(500);
          const states = await walkthrough.locator('[data-step-id]').evaluateAll((els) => els.map((e) => `${(e.getAttribute('data-step-id') ?? '').split('#').pop()}=${e.getAttribute('aria-checked')}`));
          seen = states.join(' ');
        }
        if (seen !== expected) throw new Error(`the walkthrough's steps are ${seen}, expected ${expected}`);
      };
      await ticks('platform=false credentials=false request=false send=false pull=false plan=false');
      // A step's button runs the extension's command; the step is ticked when it is done (a context key the extension sets).
      const step = (id: string) => walkthrough.locator(`[data-step-id$="${id}"]`);
      await step('credentials').click();
      await walkthrough.locator('.monaco-button', { hasText: 'Set Credentials' }).click();
      await answerInput(page, /Qualys username/, USER);
      await answerInput(page, /Password of/, PASSWORD);
      await ticks('platform=false credentials=true request=false send=false pull=false plan=false');
      // A step that completes on its command: New Connector Request… asks for the kind first (given up here).
      await step('request').click();
      await walkthrough.locator('.monaco-button', { hasText: 'New Connector Request…' }).click();
      await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      await ticks('platform=false credentials=true request=true send=false pull=false plan=false');
      await step('credentials').click();
      await walkthrough.getByText(/kept per platform in the OS keychain/).first().waitFor();
      // The step's Markdown page, beside it.
      await page.locator('iframe.webview.ready').last().contentFrame().locator('#active-frame').contentFrame().getByText(/Qualys: Set Credentials/).first().waitFor({ timeout: 20_000 });
      await shot(page, '13-walkthrough');
    },
  ],
];

/**
 * Restricted Mode in a real VS Code: a code-server of its own with workspace trust on, a workspace
 * the user declines to trust whose settings try to widen qualys.files.include. Validation works;
 * the Connectors view loads nothing and says why; Send is not offered; the include is not applied.
 */
async function restrictedMode(browser: Browser, base: string, extensions: string, emulatorUrl: string): Promise<void> {
  const userData = join(base, 'user-data-restricted');
  const workspace = join(base, 'untrusted');
  for (const d of [join(userData, 'User'), join(workspace, '.vscode')]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always', 'workbench.startupEditor': 'none', 'qualys.platform': 'Custom', 'qualys.platformUrl': emulatorUrl, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' }, null, 2),
  );
  widenInclude(workspace);
  writeFileSync(join(workspace, 'mistakes.qualys.xml'), '<ServiceRequest>\n  <data>\n    <AwsAssetDataConnector>\n      <naem>Prod</naem>\n    </AwsAssetDataConnector>\n  </data>\n</ServiceRequest>\n');
  const port = await freePort();
  const server = await startCodeServer(port, userData, extensions, workspace, {}, [], true);
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(20_000);
  try {
    await logIn(page, port, server.password);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-dialog-box').getByRole('button', { name: /No, I don.t trust/ }).click({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').first().waitFor({ timeout: 60_000 });
    // Validation still works.
    await openFile(page, 'mistakes.qualys.xml');
    await page.keyboard.press(`${mod}+Shift+M`);
    await page.locator('.markers-panel').getByText(/Unknown field "naem"/).first().waitFor({ timeout: 30_000 });
    // The workspace's qualys.files.include is not applied: conf/prod.yaml is not checked (step 1 shows it is when trusted).
    await quickOpen(page, 'prod.yaml');
    await page.waitForTimeout(3000);
    if ((await page.locator('.markers-panel').getByText(/Expected a ServiceRequest root/).count()) > 0) throw new Error("the untrusted workspace's qualys.files.include was applied");
    // Send is not offered; converting (no network, no write) is.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Qualys: ');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Qualys: New Connector Request' }).first().waitFor();
    const offered = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    for (const hidden of ['Send Request', 'Plan Workspace', 'Apply Workspace', 'Set Credentials']) if (offered.some((t) => t.includes(hidden))) throw new Error(`"${hidden}" is offered in Restricted Mode`);
    await page.keyboard.press('Escape');
    await showConnectors(page);
    await connectorsView(page).locator('.welcome-view-content').getByText(/not loaded in Restricted Mode/).waitFor({ timeout: 30_000 });
    await shot(page, '12-restricted-mode');
  } finally {
    await page.close().catch(() => undefined);
    await stopCodeServer(server);
  }
}

/** The web extension's test files: one request per format and kind, and a record with a wrong entry (read through vscode.workspace.fs). */
const WEB_FILES: Record<string, string> = {
  'aws.qualys.xml': '<ServiceRequest>\n  <data>\n    <AwsAssetDataConnector>\n      <naem>Prod</naem>\n      <runFrequency>240</runFrequency>\n      <activation><set><ActivationModule></ActivationModule></set></activation>\n    </AwsAssetDataConnector>\n  </data>\n</ServiceRequest>\n',
  'azure.qualys.json': '{\n  "ServiceRequest": {\n    "data": {\n      "AzureAssetDataConnector": {\n        "naem": "Prod",\n        "runFrequency": 240,\n        "disabled": \n      }\n    }\n  }\n}\n',
  'gcp.qualys.yaml': 'ServiceRequest:\n  data:\n    GcpAssetDataConnector:\n      naem: Prod\n      runFrequency: 240\n      disabled: \n',
  'oci.qualys.yaml': 'ServiceRequest:\n  data:\n    OciAssetDataConnector:\n      name: Prod\n      runFrequency: 240\n',
  'qualys-targets.json': '{ "version": 1, "targets": { "oci.qualys.yaml": { "operation": "update", "id": "not-a-number" } } }\n',
  // A template, checked with the accounts of the fleet beside it (the editor lists the folder for the server).
  'template.qualys.yaml': 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      runFrequency: "${Freq}"\n',
  'accounts.csv': 'Name,Freq\nprod,240\ndev,often\n',
  'web.qualys-fleet.yaml': 'template: template.qualys.yaml\ninventory: accounts.csv\nkey: Name\n',
};

/**
 * The web extension in code-server's browser-only (web worker) extension host: the packaged
 * extension with `main` taken out of its manifest, so only its `browser` entry can run, installed
 * into an extensions folder of its own. It sets `qualys.web` (the Connectors view's welcome says
 * so), and checks requests in all three formats and four kinds, with completion and hover, the
 * record read through the editor, a template with the fleet beside it; Send is not offered, and no
 * Send lens shows.
 */
async function webWorkerHost(browser: Browser, base: string): Promise<void> {
  const userData = join(base, 'user-data-web');
  const extensions = join(base, 'extensions-web');
  const workspace = join(base, 'web');
  for (const d of [join(userData, 'User'), extensions, workspace]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' }, null, 2));
  for (const [name, text] of Object.entries(WEB_FILES)) writeFileSync(join(workspace, name), text);
  // A folder of the workspace that is a link to one outside it, with a record there: not read.
  const outside = join(base, 'outside-web');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'qualys-targets.json'), WEB_FILES['qualys-targets.json'].replace('oci.qualys.yaml', 'linked.qualys.yaml'));
  writeFileSync(join(outside, 'linked.qualys.yaml'), WEB_FILES['oci.qualys.yaml']);
  symlinkSync(outside, join(workspace, 'linked'));
  const { ensureCodeServer } = (await import(join(REPO, 'scripts/code-server.mjs'))) as { ensureCodeServer(): Promise<string> };
  const install = spawnSync(process.execPath, [await ensureCodeServer(), '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed: ${install.stderr}`);
  const installed = readdirSync(extensions).find((n) => n.startsWith('qualys-connector-tools.qualys-connector-'));
  if (!installed) throw new Error(`the extension is not in ${extensions}: ${readdirSync(extensions).join(', ')}`);
  const manifestPath = join(extensions, installed, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  if (typeof manifest.browser !== 'string') throw new Error('the packaged manifest declares no browser entry');
  delete manifest.main;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const port = await freePort();
  const server = await startCodeServer(port, userData, extensions, workspace, {});
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(20_000);
  // What the web worker extension host logged: said when a step fails.
  const logged: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /qualys/i.test(m.text())) logged.push(m.text().slice(0, 500));
  });
  try {
    await logIn(page, port, server.password);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.explorer-folders-view').first().waitFor({ timeout: 60_000 });
    const problems = page.locator('.markers-panel');
    const goTo = async (line: number, column: number): Promise<void> => {
      await page.keyboard.press(`${mod}+G`);
      await answerInput(page, /Go to line|line/i, `:${line}:${column}`);
    };
    const hover = async (line: number, column: number, expected: RegExp): Promise<void> => {
      await goTo(line, column);
      // Show Hover at the cursor, as the keyboard does it (Ctrl+K Ctrl+I).
      await page.keyboard.press(`${mod}+K`);
      await page.keyboard.press(`${mod}+I`);
      await page.locator('.monaco-hover').getByText(expected).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Escape');
    };
    const complete = async (line: number, column: number, typed: string, expected: string[]): Promise<void> => {
      await goTo(line, column);
      if (typed) await page.keyboard.type(typed);
      await page.keyboard.press(`${mod}+Space`);
      const suggest = page.locator('.suggest-widget');
      for (const label of expected) await suggest.getByText(label).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Escape');
    };
    // XML, AWS: a finding, the ActivationModule values, the field's hover.
    await openFile(page, 'aws.qualys.xml');
    await page.keyboard.press(`${mod}+Shift+M`);
    await problems.getByText('Unknown field "naem" in AwsAssetDataConnector. Did you mean "name"?').first().waitFor({ timeout: 60_000 });
    await complete(6, 42, 'C', ['CERTVIEW', 'CLOUDVIEW']);
    await hover(5, 10, /integer \(minutes\)/);
    // JSON, Azure.
    await openFile(page, 'azure.qualys.json');
    await problems.getByText('Unknown field "naem" in AzureAssetDataConnector. Did you mean "name"?').first().waitFor({ timeout: 30_000 });
    await complete(7, 21, 'f', ['false']);
    await hover(6, 12, /integer \(minutes\)/);
    // YAML, GCP.
    await openFile(page, 'gcp.qualys.yaml');
    await problems.getByText('Unknown field "naem" in GcpAssetDataConnector. Did you mean "name"?').first().waitFor({ timeout: 30_000 });
    await complete(6, 17, 't', ['true']);
    await hover(5, 10, /integer \(minutes\)/);
    // YAML, OCI: its record entry, read by the editor for the server, is wrong, and said so (alone in the panel: a closed file's findings go).
    await command(page, 'View: Close All Editors');
    await openFile(page, 'oci.qualys.yaml');
    await problems.getByText(/qualys-targets\.json, entry "oci\.qualys\.yaml": the id "not-a-number" is not a connector id/).first().waitFor({ timeout: 30_000 });
    await shot(page, '14-web-diagnostics');
    // A template: its fleet beside it (listed and read through the editor) says which account's value is wrong.
    await command(page, 'View: Close All Editors');
    await openFile(page, 'template.qualys.yaml');
    await problems.getByText(/web\.qualys-fleet\.yaml: for dev: .*"often"/).first().waitFor({ timeout: 30_000 });
    // A record reached through a linked folder is not used, and says why.
    await command(page, 'View: Close All Editors');
    await quickOpen(page, 'linked.qualys.yaml');
    await problems.getByText(/qualys-targets\.json is in a folder that is a symbolic link/).first().waitFor({ timeout: 30_000 });
    // Convert runs in the browser: the YAML request opens beside as XML.
    await command(page, 'Qualys: Convert Request to XML');
    await page.locator('.tab', { hasText: 'linked.qualys.xml' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.view-line', { hasText: '<OciAssetDataConnector>' }).first().waitFor();
    // No Send: not in the palette, no lens; the Connectors view says why (and that it is the web extension that runs).
    if ((await page.locator('.codelens-decoration', { hasText: /Send/ }).count()) > 0) throw new Error('a Send lens shows in the browser');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Qualys: ');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Qualys: New Connector Request' }).first().waitFor();
    const offered = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    for (const hidden of ['Send Request', 'Plan Workspace', 'Apply Workspace', 'Set Credentials', 'Refresh Connectors']) if (offered.some((t) => t.includes(hidden))) throw new Error(`"${hidden}" is offered in the browser`);
    await page.keyboard.press('Escape');
    await showConnectors(page);
    await connectorsView(page).locator('.welcome-view-content').getByText(/a browser cannot call the Qualys API/).waitFor({ timeout: 30_000 });
    await shot(page, '15-web-connectors');
  } catch (e) {
    await shot(page, 'failed-web').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nThe page logged:\n${logged.slice(-20).join('\n')}`);
  } finally {
    await page.close().catch(() => undefined);
    await stopCodeServer(server);
  }
}

/** Picks the item whose label is `label` in the quick pick whose title matches. */
async function answerQuickPick(page: Page, title: RegExp, label: string): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor({ state: 'visible' });
  await page.locator('.quick-input-widget input').fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function main(): Promise<number> {
  mkdirSync(SHOTS, { recursive: true });
  const pack = spawnSync('npm', ['run', 'package'], { cwd: REPO, stdio: 'inherit' });
  if (pack.status !== 0) throw new Error('npm run package failed');
  const base = mkdtempSync(join(tmpdir(), 'qualys-ui-'));
  const userData = join(base, 'user-data');
  const extensions = join(base, 'extensions');
  const workspace = join(base, 'workspace');
  for (const d of [join(userData, 'User'), extensions, workspace]) mkdirSync(d, { recursive: true });
  // The demo connectors: 36 of four kinds, one failing per kind (the Connectors view's steps).
  const emulator = await startEmulator({ port: 0, username: USER, password: PASSWORD, demo: true });
  platformLabel = new URL(emulator.url).host;
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'qualys.platform': 'Custom', 'qualys.platformUrl': emulator.url, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'git.openRepositoryInParentFolders': 'never' }, null, 2),
  );
  const valid = (n: string): string => readFileSync(join(REPO, 'test/fixtures/valid', n), 'utf8');
  writeFileSync(join(workspace, 'mistakes.qualys.xml'), '<ServiceRequest>\n  <data>\n    <AwsAssetDataConnector>\n      <naem>Prod</naem>\n      <runFrequency>often</runFrequency>\n    </AwsAssetDataConnector>\n  </data>\n</ServiceRequest>\n');
  writeFileSync(join(workspace, 'typing.qualys.xml'), '<ServiceRequest>\n  <data>\n    <AwsAssetDataConnector>\n      <activation><set><ActivationModule></ActivationModule></set></activation>\n    </AwsAssetDataConnector>\n  </data>\n</ServiceRequest>\n');
  writeFileSync(join(workspace, 'azure-create.qualys.xml'), valid('azure-create-single-tag.xml'));
  widenInclude(workspace);

  const { ensureCodeServer } = (await import(join(REPO, 'scripts/code-server.mjs'))) as { ensureCodeServer(): Promise<string> };
  const entry = await ensureCodeServer();
  const install = spawnSync(process.execPath, [entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed: ${install.stderr}`);

  const port = await freePort();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  let chosen: [string, (page: Page, workspace: string) => Promise<void>][] = [];
  try {
    server = await startCodeServer(port, userData, extensions, workspace, {});
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(20_000);
    await logIn(page, port, server.password);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
    windowReadyAt = Date.now();
    const all: [string, (page: Page, workspace: string) => Promise<void>][] = [
      ...steps,
      ['in Restricted Mode requests are checked, but nothing sends, the view loads nothing, and the workspace cannot widen the files checked', () => restrictedMode(browser as Browser, base, extensions, emulator.url)],
      ['in the browser-only (web worker) extension host requests in all three formats and four kinds are checked, completed and hovered, the record is read, and nothing sends', () => webWorkerHost(browser as Browser, base)],
    ];
    // QUALYS_UI_GREP=<regex> runs the matching steps only (the first code-server still starts).
    const grep = process.env.QUALYS_UI_GREP;
    chosen = grep ? all.filter(([title]) => new RegExp(grep).test(title)) : all;
    for (const [title, step] of chosen) {
      try {
        await step(page, workspace);
        passed++;
        console.log(`  ✔ ${title}`);
      } catch (e) {
        failed++;
        console.log(`  ✘ ${title}\n      ${(e instanceof Error ? e.message : String(e)).split('\n').join('\n      ')}`);
        await shot(page, `failed-${passed + failed}`).catch(() => undefined);
        // Whatever the failed step left open (a menu, a quick input) must not fail the next one.
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await stopCodeServer(server);
    await emulator.close();
    removeRunFolder(base);
  }
  if (timings.openToFirstSquigglesMs !== undefined) {
    console.log(`Open → first squiggles (the first request opened after the window was ready): ${timings.openToFirstSquigglesMs} ms from the double-click, ${timings.windowReadyToFirstSquigglesMs} ms from the window being ready.`);
    writeFileSync(join(SHOTS, 'timings.json'), JSON.stringify({ date: new Date().toISOString(), ...timings }, null, 2) + '\n');
  }
  console.log(`${passed} passed, ${failed} failed`);
  console.log(`Screenshots: ${SHOTS}`);
  return failed === 0 && passed === chosen.length && (process.env.QUALYS_UI_GREP !== undefined || passed === steps.length + 2) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
