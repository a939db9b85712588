// Choose Model as a user meets it: the chat view's model line is a button; clicked, it opens the
// picker of the models the (local) server lists; the choice shows on the line, and the next
// question goes to that model. Each message tells its time on hover.
import * as assert from 'node:assert/strict';
import { openChat, screenshot } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

describe('UI: choose the model of a conversation', function () {
  const { server, scenario } = useChatScenario('models');

  it('click the model line, pick a model, ask: the request names the model; messages show their time on hover', async function () {
    const { page } = scenario;
    const { frame, composer } = await openChat(page);
    const line = frame.locator('button.status-model-button');
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await frame.locator('.status-model-id').innerText(), 'gemini-2.5-flash', 'the setting, before any choice');

    await line.click();
    const pro = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Gemini 2.5 Pro' });
    await pro.waitFor({ state: 'visible', timeout: 15_000 });
    const current = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'gemini-2.5-flash · current' });
    assert.equal(await current.count(), 1, 'the current model is marked');
    assert.equal(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Embedding' }).count(), 0, 'a model that cannot chat is not offered');
    await screenshot(page, 'models-picker');
    await pro.click();
    await frame.locator('.status-model-id', { hasText: 'gemini-2.5-pro' }).waitFor({ state: 'visible', timeout: 15_000 });

    server.script({ text: ['The pro ', 'model answers.'] });
    await composer.fill('Which model is this?');
    await composer.press('Enter');
    const answer = frame.locator('[data-role="model"]', { hasText: 'The pro model answers.' });
    await answer.waitFor({ state: 'visible', timeout: 15_000 });
    const requests = await server.waitForRequests(1);
    assert.match(requests.at(-1)!.path, /^\/v1beta\/models\/gemini-2\.5-pro:streamGenerateContent$/);

    // Stored answers carry their time (the streaming one gets it once stored).
    await frame.locator('[data-role="model"][title]').waitFor({ state: 'attached', timeout: 15_000 });
    await answer.hover();
    for (const role of ['user', 'model']) {
      const title = await frame.locator(`[data-role="${role}"]`).last().getAttribute('title');
      assert.match(title ?? '', /^Today \d{1,2}:\d{2}/, `the ${role} message's time on hover: ${title}`);
    }
    await screenshot(page, 'models-asked');
  });
});
