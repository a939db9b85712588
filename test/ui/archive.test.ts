// Archived messages in the real chat view: past maxChatTurns the oldest pairs move to the archive
// file; "Show N earlier messages" reads them back and shows them above the live ones, in order,
// like live messages (a context message as its card) but without actions, under a divider saying
// what Gemini gets of them.
import * as assert from 'node:assert/strict';
import { openChat, openFile, quickInputBox, runCommand, screenshot, selectLines } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

describe('UI: archived messages', function () {
  const { server, scenario } = useChatScenario('archive', { 'geminiAssistant.maxChatTurns': 2 });

  it('shows the archived questions and answers above the live ones on "Show N earlier messages", and hides them again', async function () {
    const { page } = scenario;
    const { frame, composer } = await openChat(page);
    // Each answer past the first archives the pair before it, and a summary request follows it.
    const questions = ['First question', 'Second question', 'Third question'];
    const replies = [[{ text: 'First answer.' }], [{ text: 'Second answer.' }, { text: 'Summary one.' }], [{ text: 'Third answer.' }, { text: 'Summary two.' }]];
    let requests = 0;
    for (const [i, question] of questions.entries()) {
      server.script(...replies[i]!);
      if (i === 0) {
        // The first question is about a selection: a context message, shown as a card.
        await openFile(page, 'app.js');
        await selectLines(page, 4, 5);
        await runCommand(page, 'Ask Gemini');
        await page.locator(quickInputBox).fill(question);
        await page.keyboard.press('Enter');
      } else {
        await composer.fill(question);
        await composer.press('Enter');
      }
      await frame.locator('[data-role="model"]', { hasText: question.replace('question', 'answer') }).waitFor({ state: 'visible', timeout: 30_000 });
      requests += replies[i]!.length;
      await server.waitForRequests(requests, 30_000);
    }

    const earlier = frame.locator('[data-archive="earlier"]');
    await earlier.filter({ hasText: 'Show 4 earlier messages' }).waitFor({ state: 'visible', timeout: 15_000 });
    // A message's words: a card's question, or the body's text.
    const shown = () =>
      frame
        .locator('.message[data-role="user"], .message[data-role="model"]')
        .evaluateAll((els) => els.map((e) => (e.querySelector('.card-question') ?? e.querySelector('.message-body'))?.textContent?.trim()));
    assert.deepEqual(await shown(), ['Third question', 'Third answer.']);

    await earlier.click();
    await earlier.filter({ hasText: 'Hide 4 earlier messages' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await shown(), ['First question', 'First answer.', 'Second question', 'Second answer.', 'Third question', 'Third answer.']);
    const archived = frame.locator('[data-archive="messages"]');
    assert.equal(await archived.locator('.message').count(), 4, 'the archived messages are the first four, above the live ones');
    assert.equal(await archived.locator('button[data-action]').count(), 0, 'archived messages offer no actions');
    const card = archived.locator('.message[data-role="user"]').first().locator('.context-card');
    assert.equal(await card.getAttribute('data-kind'), 'selection');
    assert.equal(await card.locator('.card-title').innerText(), 'app.js, lines 4-5 (javascript)');
    assert.equal(await frame.locator('[data-archive="divider"]').innerText(), 'Archived: covered by the summary');
    assert.equal(await frame.locator('[data-archive="error"]').isVisible(), false);
    await screenshot(page, 'chat-archived-messages');

    await earlier.click();
    await earlier.filter({ hasText: 'Show 4 earlier messages' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await shown(), ['Third question', 'Third answer.']);
  });
});
