// The chat view's look in a real VS Code: the empty chat's buttons run their commands, codicons
// render from the shipped font, every control shows a 2px focus ring, a long paste stays a small
// bubble, Jump to latest appears while an answer streams below the part being read, the archive
// notice opens its file, and the chat is screenshotted in a light, a dark and a high-contrast
// theme (the sidebar alone, kept as docs/images/chat-light.png, chat-dark.png, chat-high-contrast.png):
// the light theme from the test's settings, the others picked in Preferences: Color Theme.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { chatFrame, openChat, quickInputBox, runCommand } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';
import { resultsDir } from '../support/paths';

const THEMES = [
  { name: 'light', theme: 'Default Light Modern', body: 'vscode-light' },
  { name: 'dark', theme: 'Default Dark Modern', body: 'vscode-dark' },
  { name: 'high-contrast', theme: 'Default High Contrast', body: 'vscode-high-contrast' },
] as const;

/** The sidebar (with the chat's webview floating over it) as a PNG in test-results/screenshots. */
async function sidebarShot(page: Page, name: string): Promise<string> {
  const dir = join(resultsDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  const box = (await page.locator('.part.sidebar').boundingBox())!;
  await page.screenshot({ path, clip: box });
  return path;
}

/** The focus ring of the element `selector` matches, as the browser draws it. */
function ringOf(frame: FrameLocator, selector: string): Promise<{ width: string; style: string; color: string }> {
  return frame
    .locator(selector)
    .first()
    .evaluate((el) => {
      const style = getComputedStyle(el);
      return { width: style.outlineWidth, style: style.outlineStyle, color: style.outlineColor };
    });
}

function assertRing(ring: { width: string; style: string; color: string }, what: string): void {
  assert.equal(ring.style, 'solid', `${what}: a solid outline`);
  assert.equal(ring.width, '2px', `${what}: 2px wide`);
  assert.doesNotMatch(ring.color, /^rgba\(0, 0, 0, 0\)$|transparent/, `${what}: a visible colour (${ring.color})`);
}

describe('UI: the look of the chat view', function () {
  const { server, scenario } = useChatScenario('look', { 'workbench.colorTheme': 'Default Light Modern', 'geminiAssistant.maxChatTurns': 2 });

  /** Picks `theme` in Preferences: Color Theme, as a user would (the picker writes workbench.colorTheme to the user settings). */
  async function useTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
    await runCommand(page, 'Preferences: Color Theme');
    await page.locator(quickInputBox).fill(theme.theme);
    // A row shows the theme's label and its id ("Light Modern  Default Light Modern").
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: theme.theme }).first();
    await row.click();
    await page.locator(quickInputBox).waitFor({ state: 'hidden', timeout: 10_000 });
    await chatFrame(page).locator(`body.${theme.body}`).waitFor({ state: 'attached', timeout: 30_000 });
  }

  it('shows what a new chat can do, with buttons that run it, codicons from the shipped font, and a 2px focus ring', async function () {
    const { page } = scenario;
    const { frame, composer } = await openChat(page);
    const welcome = frame.locator('.welcome');
    await welcome.waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await welcome.locator('button').allInnerTexts(), ['Ask Gemini', 'Show Problems', 'Ask About This Exception', 'Start Debugging']);

    // The icon font loaded (font-src from the webview's own resources) and draws every codicon.
    const fonts = await frame.locator('body').evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'codicon').map((f) => f.status);
    });
    assert.deepEqual(fonts, ['loaded']);
    const widths = await frame.locator('.welcome .codicon, .composer .codicon:visible').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    assert.ok(widths.length >= 6 && widths.every((w) => w >= 12), `every codicon is drawn: ${widths.join(', ')}`);
    assert.equal(await frame.locator('svg').count(), 0, 'no hand-drawn SVG icons');

    // A button of the empty chat runs its command in the host: Show Problems opens the Problems view.
    await welcome.getByRole('button', { name: 'Show Problems' }).click();
    await page.locator('.markers-panel').first().waitFor({ state: 'visible', timeout: 15_000 });

    // From the keyboard: the composer's box and every button show the focus colour, 2px.
    await composer.click();
    assertRing(await ringOf(frame, '.composer'), 'the composer');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await frame.locator('button:focus').innerText(), 'Start Debugging');
    assertRing(await ringOf(frame, 'button:focus'), 'a button of the empty chat');
    await composer.click();
    await composer.fill('x');
    await page.keyboard.press('Tab');
    assert.equal(await frame.locator('button:focus').getAttribute('aria-label'), 'Send');
    assertRing(await ringOf(frame, 'button:focus'), 'Send');
    await composer.fill('');
    for (const theme of THEMES) {
      await useTheme(page, theme);
      await sidebarShot(page, `look-empty-${theme.name}`);
    }
    await useTheme(page, THEMES[0]);
  });

  it('keeps a 100 KB paste a small bubble, offers Jump to latest while an answer streams below, and opens the archive from its notice', async function () {
    const { page } = scenario;
    const { frame, composer } = await openChat(page);
    const ask = async (question: string, ...replies: Parameters<typeof server.script>) => {
      server.script(...replies);
      await composer.fill(question);
      await composer.press('Enter');
    };
    // Two short turns; the second answer archives the first pair (maxChatTurns 2), and a summary follows.
    await ask('Why does parseConfig throw on a negative retries?', { text: 'Because `retries < 0` reaches `new Array(retries)`.' });
    await frame.locator('[data-role="model"]', { hasText: 'new Array' }).waitFor({ state: 'visible', timeout: 30_000 });
    await ask(
      'How do I guard it?',
      { text: 'Check it first:\n\n```js\nif (!(retries >= 0)) retries = 3;\n```' },
      { text: 'Asked why parseConfig throws; the answer: a negative retries.' },
    );
    await frame.locator('[data-role="model"]', { hasText: 'Check it first' }).waitFor({ state: 'visible', timeout: 30_000 });
    await server.waitForRequests(3, 30_000);

    // A 100 KB log pasted into a question: collapsed to a few lines, Show more opens it.
    const log = Array.from({ length: 1_800 }, (_, i) => `2026-12-02T14:00:${String(i % 60).padStart(2, '0')}Z worker-${i % 7} retrying request ${i} after 503`).join('\n');
    assert.ok(log.length > 100_000);
    const answer = [
      'Every worker retries **each request once** after a `503`, with no delay between attempts:\n\n',
      "```js\nawait retry(request, { attempts: 3, backoff: 'exponential' });\n```\n\n",
      ...Array.from({ length: 60 }, (_, i) => `${i + 1}. Request ${i} was retried after a 503.\n`),
    ];
    await ask(`What do these retries say?\n\n${log}`, { text: answer, chunkDelayMs: 500 });
    const question = frame.locator('[data-role="user"]').last();
    const body = question.locator('.message-body');
    await body.filter({ hasText: 'worker-0' }).waitFor({ state: 'visible', timeout: 30_000 });
    const collapsedHeight = (await body.boundingBox())!.height;
    assert.ok(collapsedHeight < 200, `the bubble is ${collapsedHeight}px high`);

    // While the answer streams, the user scrolls up to read the question: Jump to latest appears.
    // (Once the answer is longer than the view.)
    await frame.locator('[data-role="model"][aria-busy="true"]', { hasText: 'Request 20 ' }).waitFor({ state: 'visible', timeout: 30_000 });
    const jump = frame.locator('button.jump-to-latest');
    assert.equal(await jump.isVisible(), false, 'not while the view follows the answer');
    const transcript = (await page.locator('.part.sidebar').boundingBox())!;
    await page.mouse.move(transcript.x + transcript.width / 2, transcript.y + transcript.height / 2);
    const scrolled = () => frame.locator('.transcript').evaluate((t) => t.scrollTop);
    const before = await scrolled();
    await page.mouse.wheel(0, -3_000);
    await page.waitForTimeout(500);
    assert.ok((await scrolled()) < before, `the wheel scrolled the chat up (${before} → ${await scrolled()})`);
    await jump.waitFor({ state: 'visible', timeout: 15_000 });
    await sidebarShot(page, 'look-jump-to-latest');
    await jump.click();
    await jump.waitFor({ state: 'hidden', timeout: 5_000 });
    const distance = await frame.locator('.transcript').evaluate((t) => t.scrollHeight - t.scrollTop - t.clientHeight);
    assert.ok(distance < 30, `at the bottom after the jump (${distance}px above it)`);
    await frame.locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 30_000 });
    await server.waitForRequests(5, 30_000);

    const more = question.locator('button.more-toggle');
    assert.equal(await more.innerText(), 'Show more');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.ok((await body.boundingBox())!.height > 5_000, 'expanded, the whole paste shows');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'false');
    assert.ok((await body.boundingBox())!.height < 200);

    // The archive notice wraps in the sidebar and carries its action: Open Archive opens the file.
    const notice = frame.locator('.notice[data-notice="archived"]');
    await notice.waitFor({ state: 'visible', timeout: 15_000 });
    const noticeBox = (await notice.boundingBox())!;
    const footerBox = (await frame.locator('.footer').boundingBox())!;
    assert.ok(noticeBox.x + noticeBox.width <= footerBox.x + footerBox.width + 1, 'the notice wraps inside the view');

    // The top of the chat: the summary line, the collapsed paste, the answer's text and code, the notice.
    await frame.locator('.transcript').evaluate((t) => (t.scrollTop = 0));
    for (const theme of THEMES) {
      await useTheme(page, theme);
      await sidebarShot(page, `chat-${theme.name}`);
    }
    await useTheme(page, THEMES[0]);

    await notice.getByRole('button', { name: 'Open Archive' }).click();
    await page.locator('.tab.active[data-resource-name$=".json"]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await page.locator('.monaco-editor .view-lines').first().innerText(), /"version"/);
    await runCommand(page, 'View: Close Editor');
  });
});
