// Code blocks highlighted in the real chat view (code-server + chromium): a streamed ```ts block
// shows plain while its fence is open and token colours once it is closed, a language outside
// the prefetched set loads its chunk on demand with nothing blocked by the CSP, Copy copies the
// plain code, and the colours are readable in light, dark and high-contrast themes.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { openChat, quickInputBox, runCommand, screenshot, startNewChat } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';
import { resultsDir } from '../support/paths';

const TS_CODE = 'const limit: number = 10; // at most\nfunction total(items: Item[]): number {\n  return items.reduce((sum, i) => sum + i.price, 0);\n}';
const RUST_CODE = 'fn main() {\n    let v: Vec<u32> = vec![1, 2];\n    println!("{}", v.len()); // "2"\n}';

/** Listens for CSP violations in the chat frame: they collect in `__csp`. */
async function watchCsp(frame: FrameLocator): Promise<void> {
  await frame.locator('body').evaluate(() => {
    const g = globalThis as unknown as { __csp: string[] };
    g.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => g.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** Each token kind shown in `message`'s code, with its contrast against the code block's background. */
function contrasts(message: Locator): Promise<{ cls: string; text: string; color: string; ratio: number }[]> {
  return message.evaluate((root) => {
    /** A computed colour as 0-255 channels and alpha: `rgb(a)(…)`, or `color(srgb …)` (0-1 channels) from color-mix(). */
    const rgba = (value: string): number[] => {
      const [r = 0, g = 0, b = 0, a = 1] = (value.match(/[\d.]+/g) ?? []).map(Number);
      const scale = value.startsWith('color(') ? 255 : 1;
      return [r * scale, g * scale, b * scale, a];
    };
    /** The opaque colour behind `el`: its backgrounds and its ancestors', composited. */
    const backdrop = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3]! > 0) layers.push(c);
        if (c[3] === 1) break;
      }
      let out = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) out = [r! * a! + out[0]! * (1 - a!), g! * a! + out[1]! * (1 - a!), b! * a! + out[2]! * (1 - a!)];
      return out;
    };
    const luminance = ([r, g, b]: number[]) =>
      [r!, g!, b!].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const seen = new Map<string, { cls: string; text: string; color: string; ratio: number }>();
    for (const span of Array.from(root.querySelectorAll('pre code span'))) {
      if (seen.has(span.className)) continue;
      const back = backdrop(span.closest('pre'));
      const [r, g, b, a] = rgba(getComputedStyle(span).color);
      const fore = [r! * a! + back[0]! * (1 - a!), g! * a! + back[1]! * (1 - a!), b! * a! + back[2]! * (1 - a!)];
      const [hi, lo] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
      seen.set(span.className, { cls: span.className, text: span.textContent ?? '', color: getComputedStyle(span).color, ratio: (hi! + 0.05) / (lo! + 0.05) });
    }
    return [...seen.values()];
  });
}

async function pickColorTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator(quickInputBox).fill(theme);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: theme }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(quickInputBox).waitFor({ state: 'hidden' });
}

describe('UI: highlighted code blocks in the chat view', function () {
  const { server, scenario } = useChatScenario('highlight');
  const chunkRequests: string[] = [];

  before(function () {
    scenario.chromium.context.on('request', (request) => {
      if (request.url().includes('/dist/chunks/')) chunkRequests.push(request.url());
    });
  });

  it('shows a streamed ```ts block plain while its fence is open and highlighted once closed, loads the rust chunk on demand with no CSP violation, and copies the plain code', async function () {
    const { page } = scenario;
    const frame = await startNewChat(page);
    await watchCsp(frame);
    const { composer } = await openChat(page);
    const [tsHead, tsTail] = [TS_CODE.slice(0, 40), TS_CODE.slice(40)];
    server.script({
      text: ['The fix:\n\n```ts\n', tsHead, `${tsTail}\n\`\`\`\n\nAnd in Rust:\n\n\`\`\`rust\n${RUST_CODE}\n\`\`\`\n\n`, 'Both sum the prices.'],
      chunkDelayMs: 1500,
    });
    await composer.fill('Show me the total in TypeScript and Rust');
    await composer.press('Enter');

    const answer = frame.locator('[data-role="model"]').last();
    const tsCode = answer.locator('pre code').first();
    await tsCode.filter({ hasText: 'const limit' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await answer.getAttribute('aria-busy'), 'true', 'still streaming');
    assert.equal(await tsCode.locator('span').count(), 0, 'the open fence is not highlighted');
    await screenshot(page, 'highlight-open-fence');

    await frame.locator('[data-role="model"][aria-busy="true"]').waitFor({ state: 'detached', timeout: 30_000 });
    const rustCode = answer.locator('pre code').nth(1);
    await tsCode.locator('span.tok-keyword').first().waitFor({ state: 'attached', timeout: 15_000 });
    await rustCode.locator('span.tok-keyword').first().waitFor({ state: 'attached', timeout: 15_000 });
    assert.deepEqual(await tsCode.locator('span.tok-keyword').allTextContents(), ['const', 'function', 'return']);
    assert.ok((await rustCode.locator('span.tok-keyword').allTextContents()).includes('fn'));
    assert.equal(await tsCode.textContent(), `${TS_CODE}\n`, 'the code keeps its text');
    const plain = await tsCode.evaluate((code) => getComputedStyle(code).color);
    assert.notEqual(
      await tsCode
        .locator('span.tok-keyword')
        .first()
        .evaluate((span) => getComputedStyle(span).color),
      plain,
      'keywords have their own colour',
    );

    assert.ok(
      chunkRequests.some((url) => /\/dist\/chunks\/rust-[\w-]+\.js/.test(url)),
      `the rust grammar came as its own chunk: ${chunkRequests.join(', ')}`,
    );
    assert.deepEqual(await frame.locator('body').evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp), [], 'CSP violations');
    assert.deepEqual(
      scenario.browserErrors.filter((e) => /Content Security Policy|Refused to|Failed to fetch dynamically imported module|chunks\//i.test(e)),
      [],
      'console errors about loading the view',
    );

    await answer.locator('.code-block').first().locator('[data-code-action="copy"]').click();
    await answer.locator('.code-action.copied').waitFor({ state: 'visible' });
    await page.waitForFunction(
      (code) =>
        navigator.clipboard.readText().then(
          (text) => text === code,
          () => false,
        ),
      TS_CODE,
      { timeout: 10_000 },
    );
    await screenshot(page, 'highlight-streamed');
  });

  it('keeps every token colour readable in light, dark and high-contrast themes', async function () {
    const { page } = scenario;
    const answer = (await openChat(page)).frame.locator('[data-role="model"]').last();
    mkdirSync(join(resultsDir, 'screenshots'), { recursive: true });
    const failures: string[] = [];
    for (const theme of ['Dark Modern', 'Light Modern', 'Dark High Contrast', 'Light High Contrast']) {
      await pickColorTheme(page, theme);
      const body = (await openChat(page)).frame.locator('body');
      await body.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      await answer.screenshot({ path: join(resultsDir, 'screenshots', `highlight-${theme.replace(/ /g, '-')}.png`) });
      const kinds = await contrasts(answer);
      assert.ok(kinds.length >= 5, `${theme}: ${kinds.length} token kinds`);
      console.log(`      ${theme}: ${kinds.map((k) => `${k.cls} ${k.ratio.toFixed(1)}`).join(', ')}`);
      for (const k of kinds) if (k.ratio < 3) failures.push(`${theme}: ${k.cls} ("${k.text}", ${k.color}) has contrast ${k.ratio.toFixed(2)}`);
    }
    assert.deepEqual(failures, [], 'token colours below 3:1 against the code block');
  });
});
