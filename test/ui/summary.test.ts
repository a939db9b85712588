// The summary of archived messages in the real chat view: past maxChatTurns the oldest pair is
// archived and summarized, and the view shows the summary collapsed above the conversation, as
// plain text (markup in it is shown, never rendered).
import * as assert from 'node:assert/strict';
import { openChat, screenshot } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

describe('UI: the summary of archived messages', function () {
  const { server, scenario } = useChatScenario('summary', { 'geminiAssistant.maxChatTurns': 2 });

  it('shows the summary above the messages, collapsed, and expands it as plain text', async function () {
    const { page } = scenario;
    const summaryText = 'Crash in <img src=x onerror="window.__xss=1"> parseConfig; **not bold**.';
    server.script({ text: 'First answer.' }, { text: 'Second answer.' }, { text: summaryText });
    const { frame, composer } = await openChat(page);
    for (const question of ['First question', 'Second question']) {
      await composer.fill(question);
      await composer.press('Enter');
      await frame.locator('[data-role="model"]', { hasText: question.replace('question', 'answer') }).waitFor({ state: 'visible', timeout: 30_000 });
    }
    const requests = await server.waitForRequests(3, 30_000);
    assert.match(requests[2]!.body.contents[0]!.parts[0]!.text!, /User: First question\n\nGemini: First answer\.$/);

    const summary = frame.locator('[data-banner="summary"]');
    const toggle = summary.locator('button.summary-toggle');
    await toggle.filter({ hasText: 'Summary of 2 archived messages' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await summary.locator('.summary-text').isVisible(), false);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await summary.locator('.summary-text').innerText(), summaryText);
    assert.equal(await summary.locator('img, strong').count(), 0, 'the summary is text, not markup');
    assert.equal(await frame.locator('body').evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss), undefined);
    // Only the live pair is shown as messages, below the summary.
    assert.deepEqual(await frame.locator('[data-role]').evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), ['user', 'model']);
    await screenshot(page, 'chat-summary');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  });
});
