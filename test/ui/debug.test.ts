// The debugging assistant as a user meets it in a real VS Code (code-server + chromium):
// the debugger stops on an uncaught exception, a notification offers "Ask Gemini about this
// exception", and the chat shows the turn as a card with the answer; and the lightbulb on a
// TypeScript error offers "Ask Gemini about this problem". The chat is never opened first: the
// extension must be active for a debug session all the same.
import * as assert from 'node:assert/strict';
import { assertChatBesideDebugger, chatFrame, openFile, quickInputBox, runCommand, screenshot } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

const ANSWER = [
  '**Cause:** the loop runs while `i <= order.items.length`, so its last pass reads `order.items[2]`, ',
  'which is `undefined`; reading `.price` of it throws.\n\n',
  '**Fix:** stop before the end of the list:\n\n',
  '```js\nfor (let i = 0; i < order.items.length; i++) {\n```',
];

describe('UI: the debugging assistant', function () {
  const { server, scenario } = useChatScenario('debug');

  it('offers "Ask Gemini about this exception" when the debugger stops on one, and shows the turn as a card with the answer', async function () {
    const { page } = scenario;
    await openFile(page, 'crash.js');
    // "Run crash.js" (.vscode/launch.json) stops on entry; js-debug pauses on exceptions only once
    // the Breakpoints view's "Uncaught Exceptions" box, shown while a session runs, is checked.
    await runCommand(page, 'View: Show Run and Debug');
    await runCommand(page, 'Debug: Start Debugging');
    const toolbar = page.locator('.debug-toolbar');
    await toolbar.waitFor({ state: 'visible', timeout: 60_000 });
    await toolbar.locator('.action-item a[aria-label^="Continue"]').waitFor({ state: 'visible', timeout: 60_000 });
    const uncaught = page.locator('.debug-breakpoints .monaco-list-row', { hasText: 'Uncaught Exceptions' });
    await uncaught.waitFor({ state: 'visible', timeout: 30_000 });
    const checkbox = uncaught.locator('input[type="checkbox"]');
    if (!(await checkbox.isChecked())) await checkbox.click();
    assert.equal(await checkbox.isChecked(), true);

    server.script({ text: ANSWER, chunkDelayMs: 150 });
    await runCommand(page, 'Debug: Continue');
    const toast = page.locator('.notification-toast', { hasText: "Stopped on an exception: TypeError: Cannot read properties of undefined (reading 'price')" });
    await toast.waitFor({ state: 'visible', timeout: 60_000 });
    // While stopped on the exception, the debug toolbar has the Gemini entry too.
    await toolbar.locator('.action-item a[aria-label^="Ask About This Exception"]').waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'debug-exception-notification');

    await toast.getByRole('button', { name: 'Ask Gemini about this exception' }).click();
    const request = (await server.waitForRequests(1, 30_000))[0]!;
    const sent: string = request.body.contents[0]!.parts[0]!.text!;
    assert.match(
      sent,
      /^\*\*Exception\*\* · TypeError: Cannot read properties of undefined \(reading 'price'\)\n\nThe debugger \(pwa-node\) stopped on this exception in `orderTotal` at `crash\.js`, line 13\./,
    );
    assert.ok(!sent.includes('sk-test-not-a-real-token') && !sent.includes('hunter2'), 'secrets are redacted');

    const chat = chatFrame(page);
    const user = chat.locator('[data-role="user"]').first();
    const card = user.locator('.context-card[data-kind="exception"]');
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await card.locator('.card-kind').textContent())?.trim(), 'Exception');
    assert.equal(await card.locator('.card-title').innerText(), "TypeError: Cannot read properties of undefined (reading 'price')");
    assert.equal(await card.locator('.card-question').innerText(), 'Explain why this exception happens and how to fix it.');
    assert.equal(await user.locator('.message-body').isVisible(), false, 'what was sent is collapsed');
    const answer = chat.locator('[data-role="model"]').first();
    await answer.filter({ hasText: 'stop before the end of the list' }).waitFor({ state: 'visible', timeout: 30_000 });
    await chat.locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 15_000 });
    // The debugger stays in view: the chat opened in the panel, beside Variables and Call Stack.
    await assertChatBesideDebugger(page);
    await screenshot(page, 'debug-exception-card');

    // The disclosure shows exactly what was sent.
    const toggle = card.locator('button.card-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const body = user.locator('.message-body');
    await body.waitFor({ state: 'visible' });
    assert.match(await body.innerText(), /Call stack \(top 5 frames; more left out\)/);
    assert.ok((await body.locator('code.language-javascript').count()) >= 1, "the frames' source is shown as javascript");
    await screenshot(page, 'debug-exception-card-expanded');
    await toggle.click();
    assert.equal(await body.isVisible(), false);

    await runCommand(page, 'Debug: Stop');
    await toolbar.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('offers "Ask Gemini about this problem" in the lightbulb menu of a TypeScript error', async function () {
    const { page } = scenario;
    await openFile(page, 'checked.js');
    // TypeScript (// @ts-check) reports that parseInt() gets a number.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'Go to Line/Column...');
    await page.keyboard.type('8:19');
    await page.keyboard.press('Enter');
    await page.locator(quickInputBox).waitFor({ state: 'hidden' });
    server.script({ text: ['`order.items.length` is already a number: ', 'drop `parseInt` and return it.'], chunkDelayMs: 150 });

    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Ask Gemini about this problem' });
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'debug-quick-fix-menu');
    // The menu is driven from the keyboard (a pointer block covers it until the mouse moves).
    for (let i = 0; i < 10 && !(await item.evaluate((row) => row.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
    assert.equal(await item.evaluate((row) => row.classList.contains('focused')), true, 'the quick fix is focused');
    await page.keyboard.press('Enter');

    const request = (await server.waitForRequests(1, 30_000))[0]!;
    const sent: string = request.body.contents.at(-1)!.parts[0]!.text!;
    assert.match(
      sent,
      /^\*\*Problem\*\* · Error: Argument of type 'number' is not assignable to parameter of type 'string'\.\n\n`checked\.js`, line 8 \(javascript\):\n- Error at line 8 \(ts 2345\): /,
    );
    assert.match(
      sent,
      /\n\nThe enclosing function `itemCount`, lines 7-9:\n```javascript\nfunction itemCount\(order\) \{\n {2}return parseInt\(order\.items\.length, 10\);\n\}\n```\n\n/,
    );

    const chat = chatFrame(page);
    const card = chat.locator('[data-role="user"]').last().locator('.context-card[data-kind="problem"]');
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await card.locator('.card-title').innerText(), "Error: Argument of type 'number' is not assignable to parameter of type 'string'.");
    await chat.locator('[data-role="model"]').filter({ hasText: 'drop parseInt and return it.' }).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'debug-problem-card');
  });
});
