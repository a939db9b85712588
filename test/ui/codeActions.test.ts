// A code block's toolbar and an answer's file paths in the real view: a streamed answer with a
// code block, Tab reaches its toolbar once, Right then Enter (Insert at Cursor) puts the code at
// the editor's cursor, Apply to Selection shows the diff and applies from the notification, and a
// path in the answer is a link that opens the file.
import * as assert from 'node:assert/strict';
import { openFile, quickInputBox, runCommand, screenshot, selectLines, startNewChat } from '../support/browser';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useChatScenario } from '../support/chatScenario';
import { fixturesWorkspace } from '../support/paths';

describe('UI: code block actions and path links', function () {
  const { server, scenario } = useChatScenario('codeActions');
  // The workbench may save the edited file (it did, at times): the fixture is put back as it was.
  const appJs = join(fixturesWorkspace, 'app.js');
  const original = readFileSync(appJs, 'utf8');
  after(() => writeFileSync(appJs, original));

  it('reaches the toolbar with one Tab, inserts the code at the cursor, and opens a path from the answer', async function () {
    const { page } = scenario;
    await openFile(page, 'app.js');
    await runCommand(page, 'Go to Line/Column...');
    await page.locator(quickInputBox).fill(':2');
    await page.keyboard.press('Enter');
    await page.locator(quickInputBox).waitFor({ state: 'hidden' });

    const frame = await startNewChat(page);
    const composer = frame.locator('textarea[aria-label="Ask Gemini"]');
    server.script({
      text: [
        'Guard it, as in `calc.py:3`:\n\n',
        '```js\nconst GUARD',
        ' = "inserted by Gemini";\n',
        '```\n\nor, in place of that line:\n\n',
        '```javascript\nconst GUARD = "applied by Gemini";\n```\n\nThen run ',
        'it again.',
      ],
      chunkDelayMs: 300,
    });
    await composer.fill('How do I guard this?');
    await composer.press('Enter');
    await frame.locator('[data-role="model"][aria-busy="true"]').waitFor({ state: 'visible', timeout: 15_000 });
    await frame.locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 15_000 });
    const answer = frame.locator('[data-role="model"]').last();

    // The path became a link (the host found calc.py): Tab from it reaches the toolbar, once.
    const link = answer.locator('a.path-link[data-path="calc.py"]');
    await link.waitFor({ state: 'visible', timeout: 15_000 });
    await link.focus();
    const focused = () =>
      frame.locator(':focus').evaluate((el) => `${el.closest('[role="toolbar"]')?.getAttribute('aria-label') ?? ''}: ${el.getAttribute('aria-label') ?? el.textContent}`);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Code actions (js): Copy code');
    await page.keyboard.press('Tab');
    // (Chromium makes a scrolling code block a tab stop of its own, so the next Tab may land on the code.)
    assert.ok(!(await focused()).startsWith('Code actions (js)'), 'the next Tab leaves the toolbar');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'Code actions (js): Insert at Cursor');

    await page.keyboard.press('Enter');
    const lines = page.locator('.monaco-editor .view-lines').first();
    // Monaco reuses its line elements out of order: read them top to bottom.
    const editorText = () =>
      lines.evaluate((el) =>
        Array.from(el.querySelectorAll<HTMLElement>('.view-line'))
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((line) => line.textContent?.replace(/\u00a0/g, ' '))
          .join('\n'),
      );
    await lines.filter({ hasText: 'const GUARD = "inserted by Gemini";' }).waitFor({ state: 'visible', timeout: 15_000 });
    await frame.locator('.sr-only[role="status"]', { hasText: 'Inserted at the cursor in app.js' }).waitFor({ state: 'attached', timeout: 15_000 });
    const text = await editorText();
    assert.match(text, /^\/\/ A small.*\nconst GUARD = "inserted by Gemini";\n\/\/ parseConfig throws/, 'on line 2, where the cursor was, with what was there on the next line');
    await screenshot(page, 'code-actions-inserted');

    // Apply to Selection: the diff first, then Apply in the notification; one edit, the diff closed.
    await selectLines(page, 2, 2);
    await answer.locator('[aria-label="Code actions (javascript)"] button[aria-label="Apply to Selection"]').click();
    const diff = page.locator('.tab.active', { hasText: "Gemini's code" });
    await diff.waitFor({ state: 'visible', timeout: 15_000 });
    const apply = page
      .locator('.notifications-toasts .notification-toast', { hasText: "Apply Gemini's code to app.js, line 2?" })
      .getByRole('button', { name: 'Apply', exact: true });
    await apply.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'code-actions-apply-preview');
    await apply.click();
    await diff.waitFor({ state: 'detached', timeout: 15_000 });
    await lines.filter({ hasText: 'const GUARD = "applied by Gemini";' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await editorText(), /^\/\/ A small.*\nconst GUARD = "applied by Gemini";\n\/\/ parseConfig throws/, 'line 2 replaced, as a line');

    await link.click();
    await page.locator('.tab.active[data-resource-name="calc.py"]').waitFor({ state: 'visible', timeout: 15_000 });
  });
});
