// First use, as a new user meets it in a real VS Code (code-server + chromium) on the sample
// project: the package holds exactly its listed files; the Get Started walkthrough opens with its
// steps; a step's button does the step and the step is checked off by its completion event; and
// the extension's page in the Extensions view shows the icon and the README with its screenshots.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startFakeGemini, type FakeGemini } from '../gemini-server/server';
import { chatFrame, openScenario, quickInputBox, runCommand, screenshot, type Scenario } from '../support/browser';
import { makeTempDir, repoRoot } from '../support/paths';

interface Walkthrough {
  id: string;
  title: string;
  steps: { id: string; title: string; media: { markdown: string } }[];
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; contributes: { walkthroughs: Walkthrough[] } };
const walkthrough = manifest.contributes.walkthroughs[0]!;
const vsixFiles = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'vsix-files.json'), 'utf8')) as string[];

/** The walkthrough's step `id` (VS Code prefixes the ids it renders with the walkthrough's). */
const step = (page: Page, id: string) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
const stepDone = (page: Page, id: string) => page.locator(`[data-done-step-id$="#${id}"]`);

function packageRun(env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8' });
}

/** The frame showing a step's markdown media, once its heading is there. */
async function stepMedia(page: Page, id: string): Promise<Frame> {
  const media = walkthrough.steps.find((s) => s.id === id)!.media.markdown;
  const heading = /^# (.+)$/m.exec(readFileSync(join(repoRoot, media), 'utf8'))![1]!;
  for (let i = 0; i < 40; i++) {
    for (const frame of page.frames()) {
      if (
        await frame
          .locator('h1', { hasText: heading })
          .isVisible()
          .catch(() => false)
      )
        return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`the media of step ${id} (${media}) did not show`);
}

/**
 * Clicks a step's title (it expands), waits for its media as a person sees it before going on (the
 * media's webview takes the focus when it loads, which would close a menu the button opens), and
 * clicks its button labelled `label`.
 */
async function runStepButton(page: Page, id: string, label: string): Promise<void> {
  await step(page, id).click();
  await step(page, id).and(page.locator('.expanded')).waitFor({ state: 'visible', timeout: 10_000 });
  await stepMedia(page, id);
  await page.locator(`[x-step-description-for$="#${id}"]`).getByRole('button', { name: label, exact: true }).click();
}

describe('UI: first use (package, Get Started walkthrough, extension page)', function () {
  let server: FakeGemini;
  let scenario: Scenario;
  const sample = makeTempDir('gda-sample-');

  before(async function () {
    server = await startFakeGemini();
    // A copy: nothing a test does may change the sample in the repository.
    cpSync(join(repoRoot, 'sample'), sample.path, { recursive: true });
    scenario = await openScenario({ name: 'walkthrough', folder: sample.path, userSettings: { 'geminiAssistant.apiBaseUrl': server.url } });
  });

  beforeEach(() => server.reset());

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && scenario) await screenshot(scenario.page, `walkthrough-FAILED-${this.currentTest.title}`);
  });

  after(async function () {
    await scenario?.close();
    await server?.close();
    sample.remove();
  });

  it('npm run package writes a .vsix holding exactly the files of scripts/vsix-files.json, and fails on a list that differs', function () {
    this.timeout(120_000);
    const run = packageRun();
    assert.equal(run.status, 0, run.stderr);
    const listed = /^\[package\] \S+\.vsix: (.+)$/m.exec(run.stdout)?.[1]?.split(', ');
    // Plus the view's lazily loaded chunks, named by their content's hash.
    const chunks = readdirSync(join(repoRoot, 'dist', 'chunks')).map((file) => `extension/dist/chunks/${file}`);
    assert.ok(chunks.length > 10, 'the grammars are chunks');
    assert.deepEqual(listed, [...vsixFiles, ...chunks].sort());

    const other = makeTempDir('gda-vsix-list-');
    try {
      const list = join(other.path, 'files.json');
      writeFileSync(list, JSON.stringify([...vsixFiles.filter((f) => f !== 'extension/media/icon.png'), 'extension/notes.txt']));
      const failed = packageRun({ GDA_VSIX_FILES: list });
      assert.equal(failed.status, 1);
      assert.match(failed.stderr, /missing from \S+\.vsix: extension\/notes\.txt\n/);
      assert.match(failed.stderr, /unexpected in \S+\.vsix .*: extension\/media\/icon\.png\n/);
    } finally {
      other.remove();
    }
  });

  it('opens from "Welcome: Open Walkthrough..." with its steps; the Ask step runs Ask Gemini on orderTotal and is checked off', async function () {
    this.timeout(120_000);
    const { page } = scenario;
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await page.locator(quickInputBox).fill('Gemini Debug');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: walkthrough.title }).first().click();
    await page.locator('.gettingStartedSlideDetails h2', { hasText: walkthrough.title }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(
      await page.locator('button.getting-started-step h3.step-title').allInnerTexts(),
      walkthrough.steps.map((s) => s.title),
    );
    assert.equal(await stepDone(page, 'ask').getAttribute('aria-checked'), 'false');
    await screenshot(page, 'walkthrough-steps');

    await runStepButton(page, 'ask', 'Ask Gemini about orderTotal');
    // Ask Gemini's own question box, over orders.js opened beside the walkthrough with orderTotal selected.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Ask Gemini about the selection' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.tab.active[data-resource-name="orders.js"]').waitFor({ state: 'visible' });
    await page.locator(quickInputBox).press('Enter');

    const sent = (await server.waitForRequests(1, 30_000))[0]!.body.contents.at(-1)!.parts[0]!.text!;
    assert.match(sent, /`orders\.js`, lines 15-22/);
    assert.match(sent, /```javascript\nfunction orderTotal\(items, coupon\) \{\n[\s\S]*\n\}\n```/);
    const chat = chatFrame(page);
    await chat.locator('[data-role="user"] .context-card').first().waitFor({ state: 'visible', timeout: 30_000 });
    await chat.locator('[data-role="model"]', { hasText: 'Demo model' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await stepDone(page, 'ask').and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached', timeout: 10_000 });
    await screenshot(page, 'walkthrough-ask-done');
  });

  it('the problem step opens the quick fixes on parseInt; choosing "Ask Gemini about this problem" checks it off', async function () {
    this.timeout(120_000);
    const { page } = scenario;
    await runStepButton(page, 'problem', 'Show the quick fixes on parseInt');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Ask Gemini about this problem' });
    // The JavaScript language service reports the problem first (the button waits for it).
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'walkthrough-problem-quick-fix');
    // The menu is driven from the keyboard (a pointer block covers it until the mouse moves).
    for (let i = 0; i < 10 && !(await item.evaluate((row) => row.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    const sent = (await server.waitForRequests(1, 30_000))[0]!.body.contents.at(-1)!.parts[0]!.text!;
    assert.match(sent, /^\*\*Problem\*\* · Error: Argument of type 'number' is not assignable to parameter of type 'string'\./);
    assert.match(sent, /The enclosing function `itemCount`/);
    await stepDone(page, 'problem').and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached', timeout: 10_000 });
  });

  it('the exception step debugs the sample and is checked off at the stop; the investigation step asks, Gemini calls debugger tools, and it is checked off', async function () {
    this.timeout(180_000);
    const { page } = scenario;
    await runStepButton(page, 'exception', 'Debug orders.js');
    // "Run orders.js" stops on entry; js-debug pauses on exceptions once "Uncaught Exceptions" is checked.
    const toolbar = page.locator('.debug-toolbar');
    await toolbar.locator('.action-item a[aria-label^="Continue"]').waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'View: Show Run and Debug');
    const uncaught = page.locator('.debug-breakpoints .monaco-list-row', { hasText: 'Uncaught Exceptions' }).locator('input[type="checkbox"]');
    await uncaught.waitFor({ state: 'visible', timeout: 30_000 });
    if (!(await uncaught.isChecked())) await uncaught.click();
    assert.equal(await stepDone(page, 'exception').getAttribute('aria-checked'), 'false');
    await runCommand(page, 'Debug: Continue');
    await page.locator('.notification-toast', { hasText: 'Stopped on an exception: TypeError' }).waitFor({ state: 'visible', timeout: 60_000 });
    await stepDone(page, 'exception').and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached', timeout: 10_000 });

    assert.equal(await stepDone(page, 'investigate').getAttribute('aria-checked'), 'false');
    await runStepButton(page, 'investigate', 'Ask Gemini about this exception');
    // The demo model reads the paused program first: debugger_state and debugger_variables.
    const sent = (await server.waitForRequests(1, 30_000))[0]!.body.contents.at(-1)!.parts[0]!.text!;
    assert.match(sent, /^\*\*Exception\*\* · TypeError: Cannot read properties of undefined \(reading 'price'\)/);
    const chat = chatFrame(page);
    await chat.locator('[data-role="tool"][data-tool="debugger_variables"]').waitFor({ state: 'visible', timeout: 30_000 });
    await chat.locator('[data-role="model"]', { hasText: 'here is what the debugger told me' }).waitFor({ state: 'visible', timeout: 30_000 });
    await stepDone(page, 'investigate').and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached', timeout: 10_000 });
    await screenshot(page, 'walkthrough-investigation-done');
    await runCommand(page, 'Debug: Stop');
  });

  it("the extension's page in the Extensions view shows the icon and the README's screenshots", async function () {
    this.timeout(120_000);
    const { page } = scenario;
    // Room for the page: no other editors, no panel, no notifications.
    await runCommand(page, 'View: Close All Editor Groups');
    // (Listed in the palette only while the panel is open.)
    await runCommand(page, 'View: Hide Panel', { attempts: 1, timeoutMs: 3_000 }).catch(() => undefined);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Show Extensions');
    await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Gemini Debug Assistant' }).first().click();
    const editor = page.locator('.extension-editor');
    await editor.locator('.header .name', { hasText: 'Gemini Debug Assistant' }).waitFor({ state: 'visible', timeout: 30_000 });
    const icon = editor.locator('.header img.icon');
    await icon.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth === 128, await icon.elementHandle(), { timeout: 15_000 });

    // The README is rendered in a webview: find its frame by the README's images.
    let readme: Frame | undefined;
    for (let i = 0; i < 60 && !readme; i++) {
      for (const frame of page.frames()) {
        if (
          (await frame
            .locator('img[src^="data:image/png;base64,"]')
            .count()
            .catch(() => 0)) > 0
        )
          readme = frame;
      }
      if (!readme) await page.waitForTimeout(500);
    }
    assert.ok(readme, 'a frame shows the README with data: images');
    await readme.locator('h1', { hasText: 'Gemini Debug Assistant' }).waitFor({ state: 'visible', timeout: 10_000 });
    const images = readme.locator('img');
    const screenshots = readFileSync(join(repoRoot, 'README.md'), 'utf8').match(/!\[/g)?.length ?? 0;
    assert.ok(screenshots >= 4);
    assert.equal(await images.count(), screenshots, "every one of the README's screenshots");
    // Loaded (a CSP or sanitizer that refused them would leave them broken: naturalWidth 0).
    await readme.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth >= 300), undefined, { timeout: 15_000 });
    await images.first().scrollIntoViewIfNeeded();
    await screenshot(page, 'walkthrough-extension-page');
  });
});
