// The main user journey in a real VS Code (code-server + chromium): select code, Ask Gemini,
// watch the answer stream into the sidebar, follow up from the composer, reload the window,
// and find the whole conversation there and sent again with the next question.
import * as assert from 'node:assert/strict';
import { chatFrame, openFile, quickInputBox, runCommand, screenshot, selectLines, startNewChat, waitForWorkbench } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

type Turn = { role?: string; parts: { text?: string }[] };

describe('UI: Ask Gemini, a streamed answer, and a chat that survives a reload', function () {
  const { server, scenario } = useChatScenario('chat');
  const messages = () => chatFrame(scenario.page).locator('[data-role]');

  it('asks about the selected code, streams the answer, takes a follow-up, and keeps and re-sends it all across Developer: Reload Window', async function () {
    const { page } = scenario;
    // A journey of its own: it starts from an empty chat, whatever ran before. New Chat puts the
    // cursor in the composer: wait for that, so that it does not take the focus from Go to File.
    await runCommand(page, 'Gemini: New Chat');
    await chatFrame(page).locator('textarea[aria-label="Ask Gemini"]:focus').waitFor({ state: 'visible', timeout: 30_000 });
    await openFile(page, 'app.js');
    await selectLines(page, 4, 10);
    server.script({ text: ['`parseConfig` throws ', 'a **TypeError** when ', '`retries` is negative ', 'or missing.'], chunkDelayMs: 400 });

    await runCommand(page, 'Ask Gemini');
    await page.locator(quickInputBox).fill('Why does parseConfig throw?');
    await page.keyboard.press('Enter');

    const request = (await server.waitForRequests(1, 30_000))[0]!;
    const sent: string = request.body.contents[0]!.parts[0]!.text!;
    assert.equal(request.body.contents.length, 1);
    assert.match(sent, /^`app\.js`, lines 4-10 \(javascript\):\n\n```javascript\nfunction parseConfig\(text\) \{\n/);
    assert.match(sent, /\n```\n\nWhy does parseConfig throw\?$/);

    // While it streams, the answer is visibly in progress and Stop is offered.
    const answer = chatFrame(page).locator('[data-role="model"]').first();
    await chatFrame(page).locator('[data-role="model"][aria-busy="true"]').waitFor({ state: 'visible', timeout: 15_000 });
    await chatFrame(page).locator('button[aria-label="Stop"]').waitFor({ state: 'visible' });
    await screenshot(page, 'chat-streaming');
    await chatFrame(page).locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal((await answer.locator('.message-body').innerText()).trim(), 'parseConfig throws a TypeError when retries is negative or missing.');
    assert.equal(await answer.locator('strong').innerText(), 'TypeError', 'markdown is rendered');

    const user = chatFrame(page).locator('[data-role="user"]').first();
    assert.equal(await user.locator('code.language-javascript').count(), 1, 'the selection shows as a javascript code block');
    assert.deepEqual(await messages().evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), ['user', 'model']);

    // A follow-up from the composer goes with the whole history.
    server.script({ text: ['Check `config.retries` ', 'before using it, and give a default.'] });
    const composer = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await composer.click();
    await composer.fill('How do I make it accept a missing retries field?');
    await composer.press('Enter');

    const requests = await server.waitForRequests(2, 30_000);
    assert.deepEqual(
      requests[1]!.body.contents.map((c: Turn) => c.role),
      ['user', 'model', 'user'],
    );
    assert.equal(requests[1]!.body.contents[2]!.parts[0]!.text!, 'How do I make it accept a missing retries field?');
    await chatFrame(page).locator('[data-role="model"]').nth(1).filter({ hasText: 'give a default' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await composer.inputValue(), '', 'the composer is cleared after sending');
    await screenshot(page, 'chat-view');

    // Developer: Reload Window keeps every message, and the next question sends them all again.
    const before = await messages().evaluateAll((els) => els.map((e) => [e.getAttribute('data-role'), e.querySelector('.message-body')?.textContent?.trim()]));
    assert.equal(before.length, 4);

    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 30_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await waitForWorkbench(page);
    await runCommand(page, 'Gemini: Focus on Chat View');
    await messages().nth(3).waitFor({ state: 'visible', timeout: 30_000 });
    const after = await messages().evaluateAll((els) => els.map((e) => [e.getAttribute('data-role'), e.querySelector('.message-body')?.textContent?.trim()]));
    assert.deepEqual(after, before);
    await screenshot(page, 'chat-after-reload');

    server.script({ text: 'Yes: the history arrived whole.' });
    const reloadedComposer = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await reloadedComposer.click();
    await reloadedComposer.fill('Do you still see our conversation?');
    await reloadedComposer.press('Enter');
    const all = await server.waitForRequests(3, 30_000);
    const contents: Turn[] = all[2]!.body.contents;
    assert.deepEqual(
      contents.map((c) => c.role),
      ['user', 'model', 'user', 'model', 'user'],
    );
    assert.deepEqual(contents.slice(0, 4), all[1]!.body.contents.concat([{ role: 'model', parts: [{ text: 'Check `config.retries` before using it, and give a default.' }] }]));
    await chatFrame(page).locator('[data-role="model"]').nth(2).filter({ hasText: 'arrived whole' }).waitFor({ state: 'visible', timeout: 15_000 });
  });

  it("shows Gemini's thought summaries collapsed above its answer, never in it, and the answer's own usage under it", async function () {
    const { page } = scenario;
    const frame = await startNewChat(page);
    const composer = frame.locator('textarea[aria-label="Ask Gemini"]');
    server.script({ thoughts: ['**Reading the loop**\n\nIt runs ', 'one step too far.'], text: ['The loop ', 'is off by one.'], chunkDelayMs: 200 });
    await composer.fill('Why does the last item crash?');
    await composer.press('Enter');

    const answer = frame.locator('[data-role="model"]', { hasText: 'is off by one.' });
    await answer.waitFor({ state: 'visible', timeout: 15_000 });
    await frame.locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal((await answer.locator('.message-body').innerText()).trim(), 'The loop is off by one.', 'the answer holds no thoughts');
    const thinking = answer.locator('details.thinking');
    assert.equal(await thinking.getAttribute('open'), null, 'collapsed');
    assert.equal((await thinking.locator('summary').innerText()).trim(), 'Thinking');
    await thinking.locator('summary').click();
    assert.equal(await thinking.getAttribute('open'), '');
    assert.match(await thinking.locator('.thinking-body').innerText(), /Reading the loop\s+It runs one step too far\./);
    assert.equal(await thinking.locator('.thinking-body strong').innerText(), 'Reading the loop', 'thoughts are rendered markdown');
    assert.match(await frame.locator('.status-usage').innerText(), /\d+ thinking/);
    // The answer's own usage, under it.
    assert.match((await answer.locator('[data-usage]').innerText()).trim(), /^Tokens: [\d,]+ sent · [\d,]+ answer · [\d,]+ thinking$/);
    await screenshot(page, 'chat-thinking');
  });

  it('asks about a selection from the editor context menu', async function () {
    const { page } = scenario;
    await openFile(page, 'app.js');
    await selectLines(page, 12, 13);
    // A right-click inside the selection keeps it. The text layer sits above the selection
    // highlight, so click at the highlight's position rather than on its element.
    // The editor paints the highlight a frame after the selection changes, and paints it anew on
    // later renders (its element is replaced): measure it once it holds still.
    const highlight = page.locator('.monaco-editor .view-overlays .selected-text').first();
    let box: Awaited<ReturnType<typeof highlight.boundingBox>> = null;
    for (let tries = 0; !box && tries < 50; tries++) {
      box = await highlight.boundingBox({ timeout: 1_000 }).catch(() => null);
      if (!box) await page.waitForTimeout(100);
    }
    assert.ok(box, 'the selection is visible');
    await page.mouse.click(box.x + 20, box.y + box.height / 2, { button: 'right' });
    const item = page.locator('.monaco-menu .action-item', { hasText: 'Ask Gemini' });
    await item.waitFor({ state: 'visible' });
    await screenshot(page, 'chat-context-menu');
    server.script({ text: 'The delay doubles from the first attempt on.' });
    // Menu items act on mouse up; a plain click can land before the menu takes pointer events.
    const itemBox = (await item.boundingBox())!;
    await page.mouse.move(itemBox.x + itemBox.width / 2, itemBox.y + itemBox.height / 2);
    await page.mouse.down();
    await page.mouse.up();
    await page.locator(quickInputBox).fill('What does this compute?');
    await page.keyboard.press('Enter');

    const request = (await server.waitForRequests(1, 30_000))[0]!;
    const sent: string = request.body.contents.at(-1)!.parts.at(-1)!.text!;
    assert.match(sent, /^`app\.js`, lines 12-13 \(javascript\):\n\n```javascript\n/);
    assert.match(sent, /\n\nWhat does this compute\?$/);
    await chatFrame(page).locator('[data-role="model"]', { hasText: 'The delay doubles' }).waitFor({ state: 'visible', timeout: 15_000 });
  });
});
