// Errors as a user meets them in the real chat view: a rate limit counts down with Stop,
// Stop cancels the wait, Retry sends the question once, and a rejected key offers Set API Key.
import * as assert from 'node:assert/strict';
import { chatFrame, runCommand, screenshot } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

type Turn = { role: string; parts: { text: string }[] };

describe('UI: errors in the chat view', function () {
  const { server, scenario } = useChatScenario('errors');
  const error = () => chatFrame(scenario.page).locator('[data-role="error"]').last();

  it('counts down a rate limit, Stop cancels the wait, and Retry sends the question once', async function () {
    const { page } = scenario;
    await runCommand(page, 'Gemini: Focus on Chat View');
    const composer = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await composer.waitFor({ state: 'visible', timeout: 30_000 });
    server.script({ error: { status: 429, retryDelay: '30s', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' } });
    await composer.fill('Why is retries undefined?');
    await composer.press('Enter');

    await error()
      .locator('.message-retry', { hasText: /^Retrying in \d+ s$/ })
      .waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await error().innerText(), /rate limiting/);
    const stop = chatFrame(page).locator('button[aria-label="Stop"]');
    await stop.waitFor({ state: 'visible' });
    await screenshot(page, 'errors-rate-limit');
    await stop.click();

    await error().filter({ hasText: 'Stopped before Gemini answered.' }).waitFor({ state: 'visible', timeout: 15_000 });
    const retry = error().locator('button[data-action="retry"]');
    assert.equal(await retry.innerText(), 'Retry');
    assert.equal((await server.waitForRequests(1)).length, 1, 'Stop ended the wait: no second request');

    server.script({ text: 'It is read before the config is parsed.' });
    await retry.click();
    await chatFrame(page).locator('[data-role="model"]', { hasText: 'read before the config is parsed' }).waitFor({ state: 'visible', timeout: 15_000 });
    const requests = await server.waitForRequests(2);
    assert.equal(requests.length, 2);
    assert.deepEqual(requests[1]!.body.contents as Turn[], [{ role: 'user', parts: [{ text: 'Why is retries undefined?' }] }]);
    assert.equal(await chatFrame(page).locator('[data-role="error"]').count(), 0, 'the error is gone once answered');
  });

  it('offers Set API Key and Retry when Gemini rejects the key', async function () {
    const { page } = scenario;
    server.script({ error: { status: 400, reason: 'API_KEY_INVALID' } });
    const composer = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await composer.fill('And now?');
    await composer.press('Enter');
    await error().filter({ hasText: 'Gemini rejected the API key' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await error().locator('button.action-button').allInnerTexts(), ['Set API Key', 'Retry']);
    assert.doesNotMatch(await error().innerText(), /GoogleGenerativeAI|\[400/, 'no raw SDK text');
    await screenshot(page, 'errors-bad-key');
  });
});
