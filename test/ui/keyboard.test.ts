// The chat from the keyboard, in the real view: focusing the view puts the cursor in the
// composer, Escape stops an answer, Up in an empty composer recalls the last question, and the
// keybindings reach the chat from the editor. (And the model line says who answers.)
import * as assert from 'node:assert/strict';
import { chatFrame, openFile, runCommand, screenshot } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

describe('UI: the chat from the keyboard', function () {
  const { server, scenario } = useChatScenario('keyboard');

  it('focuses the composer with the view, stops with Escape, and recalls the last question with Up', async function () {
    const { page } = scenario;
    await runCommand(page, 'Gemini: Focus on Chat View');
    const frame = chatFrame(page);
    const focused = frame.locator('textarea[aria-label="Ask Gemini"]:focus');
    await focused.waitFor({ state: 'visible', timeout: 30_000 });
    // The local server answers here: the model line says so rather than naming a Gemini model.
    assert.equal(await frame.locator('.status-model').innerText(), 'Demo model (local server)');

    server.script({ text: ['Reading ', 'the loop ', 'slowly ', 'one ', 'word ', 'at ', 'a ', 'time.'], chunkDelayMs: 700 });
    await page.keyboard.type('Why is the first delay doubled?');
    await page.keyboard.press('Enter');
    await frame.locator('[data-role="model"]', { hasText: 'Reading' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Escape');
    await frame.locator('[data-role="model"]', { hasText: 'Stopped before the answer was finished.' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await frame.locator('[data-role="model"]', { hasText: 'a time.' }).count(), 0, 'the answer stopped where it was');

    await page.keyboard.press('ArrowUp');
    assert.equal(await frame.locator('textarea[aria-label="Ask Gemini"]').inputValue(), 'Why is the first delay doubled?');
    await screenshot(page, 'keyboard-recalled');
  });

  it('reaches the chat from the editor: Ctrl+Alt+Shift+G focuses it, Ctrl+Alt+G (Ask Gemini) without a selection too', async function () {
    const { page } = scenario;
    const composer = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await composer.fill('');
    for (const key of ['Control+Alt+Shift+G', 'Control+Alt+G']) {
      await openFile(page, 'app.js');
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press(key);
      await chatFrame(page).locator('textarea[aria-label="Ask Gemini"]:focus').waitFor({ state: 'visible', timeout: 15_000 });
    }
  });
});
