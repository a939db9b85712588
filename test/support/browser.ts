// Playwright helpers for UI tests against code-server: a headless Debian chromium, the workbench,
// the command palette, the chat webview and screenshots. Every wait is on a condition.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { installExtension, startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { chromiumPath, makeTempDir, packagedVsix, resultsDir } from './paths';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  userDataDir: string;
  /** Closes the browser and removes its user-data-dir. */
  close(): Promise<void>;
}

/** A headless chromium with a fresh user-data-dir. Keep one per scenario: globalState lives in its IndexedDB. */
export async function launchChromium(opts: { viewport?: { width: number; height: number } } = {}): Promise<Chromium> {
  const profile = makeTempDir('gda-chromium-');
  const userDataDir = profile.path;
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: opts.viewport ?? { width: 1400, height: 900 },
      // The workbench's clipboard actions need these on 127.0.0.1.
      permissions: ['clipboard-read', 'clipboard-write'],
    });
  } catch (error) {
    profile.remove();
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    userDataDir,
    close: async () => {
      await context.close().catch(() => undefined);
      profile.remove();
    },
  };
}

export interface OpenWorkbenchOptions {
  timeoutMs?: number;
  /**
   * Label of an activity-bar item that shows once the extensions are registered with the
   * workbench (default "Gemini", this extension's view container); null: do not wait for it.
   */
  activityBarItem?: string | null;
}

/**
 * Opens the workbench at `url` and waits until it is usable: the workbench is rendered, the
 * status bar shows the remote connection, and the extensions (this one included) are registered,
 * which happens once the remote extension host has been launched.
 */
export async function openWorkbench(page: Page, url: string, opts: OpenWorkbenchOptions = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 60_000;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await waitForWorkbench(page, opts);
}

/** Waits until the workbench in `page` is usable (after openWorkbench's navigation, or a Reload Window). */
export async function waitForWorkbench(page: Page, opts: OpenWorkbenchOptions = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 60_000;
  const activityBarItem = opts.activityBarItem === undefined ? 'Gemini' : opts.activityBarItem;
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('#status\\.host').waitFor({ state: 'visible', timeout });
  if (activityBarItem !== null) {
    await page.locator(`.part.activitybar .action-item a[aria-label^="${activityBarItem}"]`).first().waitFor({ state: 'visible', timeout });
  }
}

const quickInput = '.quick-input-widget';

/**
 * Runs a command from the palette by its title (e.g. "Gemini: Focus on Chat View"):
 * F1, type, wait for the row whose label is exactly `title`, Enter. Retries when keys are lost.
 * Returns once the palette has handed over: closed, or showing the command's own quick input
 * (e.g. "Go to File..." or an input box), which is left open for the caller.
 */
export async function runCommand(page: Page, title: string, opts: { attempts?: number; timeoutMs?: number } = {}): Promise<void> {
  const attempts = opts.attempts ?? 4;
  const timeout = opts.timeoutMs ?? 10_000;
  const inputSelector = `${quickInput} .quick-input-box input`;
  const input = page.locator(inputSelector);
  const query = `>${title}`;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      if (await input.isVisible()) {
        await page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden', timeout });
      }
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(query);
      const row = page
        .locator(`${quickInput} .monaco-list-row`)
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
        .first();
      await row.waitFor({ state: 'visible', timeout });
      const focused = await row.evaluate((element) => element.classList.contains('focused'));
      if (focused) await page.keyboard.press('Enter');
      else await row.click();
      // (A string: this project's tsconfig has no DOM types.)
      await page.waitForFunction(
        `(() => { const e = document.querySelector(${JSON.stringify(inputSelector)}); return !e || e.offsetParent === null || e.value !== ${JSON.stringify(query)}; })()`,
        undefined,
        { timeout: 5_000 },
      );
      return;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`could not run "${title}" from the command palette after ${attempts} attempts: ${(lastError as Error)?.message}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The id VS Code gives the extension: publisher.name. */
export const extensionId = 'gemini-debug-assistant.gemini-debug-assistant';

/**
 * The content frame of the chat view's webview. Each webview is an `iframe.webview` whose src
 * names the owning extension and `purpose=webviewView` for views (panels say `webviewPanel`);
 * `#active-frame` inside it holds the extension's HTML. Of several, the visible one is taken.
 */
export function chatFrame(page: Page): FrameLocator {
  return chatViewFrames(page).first().contentFrame().frameLocator('#active-frame');
}

/** The frames of the chat views on screen (the sidebar's, the panel's, or both). */
export function chatViewFrames(page: Page): Locator {
  return page.locator(`iframe.webview.ready[src*="extensionId=${extensionId}&"][src*="purpose=webviewView"]`).filter({ visible: true });
}

/** Asserts that the chat on screen is the one in the panel, with Variables and Call Stack shown in the sidebar. */
export async function assertChatBesideDebugger(page: Page): Promise<void> {
  // Webview frames float above the workbench, positioned over their view: compare boxes.
  const panel = (await page.locator('.part.panel').boundingBox())!;
  const frame = (await chatViewFrames(page).first().boundingBox())!;
  assert.ok(frame.y >= panel.y && frame.y + frame.height <= panel.y + panel.height + 1, `the chat (y ${frame.y}) is in the panel (y ${panel.y}..${panel.y + panel.height})`);
  for (const view of ['Variables', 'Call Stack']) assert.ok(await page.locator('.part.sidebar .pane-header', { hasText: view }).isVisible(), `${view} is shown`);
}

/** Saves a full-window screenshot to test-results/screenshots/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(resultsDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

export interface Scenario {
  server: CodeServer;
  chromium: Chromium;
  page: Page;
  /** The browser's console errors and page errors so far. */
  browserErrors: string[];
  /** Closes the browser, stops code-server, removes the temp folders and keeps the logs. */
  close(): Promise<void>;
}

/**
 * One UI scenario: the packaged extension (default: the repository's .vsix) installed into a
 * fresh extensions folder, code-server on `folder`, and the workbench open in one browser
 * context (keep it for the whole scenario: globalState lives in its IndexedDB). code-server's
 * output and the browser's errors are kept in test-results/ui/NAME.code-server.log / NAME.browser.log.
 */
export async function openScenario(opts: Omit<CodeServerOptions, 'extensionsDir' | 'logFile'> & { name?: string; vsix?: string } = {}): Promise<Scenario> {
  const logDir = join(resultsDir, 'ui');
  const name = (opts.name ?? 'scenario').replace(/[^\w.-]+/g, '-');
  mkdirSync(logDir, { recursive: true });
  rmSync(join(logDir, `${name}.code-server.log`), { force: true });
  const extensions = makeTempDir('gda-extensions-');
  const extensionsDir = extensions.path;
  const browserErrors: string[] = [];
  let server: CodeServer | undefined;
  let browser: Chromium | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
    extensions.remove();
    writeFileSync(join(logDir, `${name}.browser.log`), browserErrors.join('\n') + '\n');
  };
  try {
    installExtension(opts.vsix ?? packagedVsix(), extensionsDir);
    server = await startCodeServer({ ...opts, extensionsDir, logFile: join(logDir, `${name}.code-server.log`) });
    browser = await launchChromium();
    browser.page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`[console] ${message.text()}`);
    });
    browser.page.on('pageerror', (error) => browserErrors.push(`[pageerror] ${error.stack ?? error.message}`));
    const query = opts.folder ? `?folder=${encodeURIComponent(opts.folder)}` : '?ew=true';
    await openWorkbench(browser.page, server.url + query);
    return { server, chromium: browser, page: browser.page, browserErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Gemini: New Chat, then the chat view shown empty: only then does a question go to the new
 * conversation (one typed while the command is still on its way belongs to the old one).
 */
export async function startNewChat(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Gemini: New Chat');
  const { frame } = await openChat(page);
  await frame.locator('[data-role]').first().waitFor({ state: 'detached', timeout: 15_000 });
  return frame;
}

/** Gemini: Focus on Chat View, once its composer shows: the view's frame and the composer. */
export async function openChat(page: Page): Promise<{ frame: FrameLocator; composer: Locator }> {
  await runCommand(page, 'Gemini: Focus on Chat View');
  const frame = chatFrame(page);
  const composer = frame.locator('textarea[aria-label="Ask Gemini"]');
  await composer.waitFor({ state: 'visible', timeout: 30_000 });
  return { frame, composer };
}

/** The input of the palette and of every quick pick or input box. */
export const quickInputBox = '.quick-input-widget .quick-input-box input';

/** Opens a file of the workspace through Go to File, as a user would. */
export async function openFile(page: Page, name: string): Promise<void> {
  await runCommand(page, 'Go to File...');
  // Filled into the quick input itself: focus may still be in a webview (the chat's composer).
  await page.locator(quickInputBox).fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor({ state: 'visible' });
}

/** Selects whole lines first..last (1-based) with the keyboard, as a user would. */
export async function selectLines(page: Page, first: number, last: number): Promise<void> {
  await runCommand(page, 'Go to Line/Column...');
  await page.locator(quickInputBox).fill(`:${first}`);
  await page.keyboard.press('Enter');
  await page.locator(quickInputBox).waitFor({ state: 'hidden' });
  await page.keyboard.press('Home');
  await page.keyboard.press('Home'); // twice: the first may stop at the indentation
  for (let line = first; line <= last; line++) await page.keyboard.press('Shift+ArrowDown');
}
