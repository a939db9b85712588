// Errors as a user meets them in the real chat view: a rate limit counts down with Stop,
// Stop cancels the wait, Retry sends the question once, and a rejected key offers Set API Key.
import * as assert from 'node:assert/strict';
import { chatFrame, screenshot, startNewChat } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

describe('UI: errors in the chat view', function () {
  const { server, scenario } = useChatScenario('errors');
  const error = () => chatFrame(scenario.page).locator('[data-role="error"]').last();

  /** The chat view, open, on a new chat: each test starts from there, whatever ran before. */
  async function freshChat() {
    return (await startNewChat(scenario.page)).locator('textarea[aria-label="Ask Gemini"]');
  }

  it('counts down a rate limit, Stop cancels the wait, and Retry sends the question once', async function () {
    const { page } = scenario;
    const composer = await freshChat();
    // Short enough that a retry Stop failed to cancel would arrive within the test, long enough to press Stop first.
    const retryDelaySeconds = 6;
    server.script({ error: { status: 429, retryDelay: `${retryDelaySeconds}s`, quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' } });
    await composer.fill('Why is retries undefined?');
    await composer.press('Enter');
    await server.waitForRequests(1, 15_000);
    const firstRequest = Date.now();

    await error()
      .locator('.message-retry', { hasText: /^Retrying in \d+ s$/ })
      .waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await error().innerText(), /rate limiting/);
    const stop = chatFrame(page).locator('button[aria-label="Stop"]');
    await stop.waitFor({ state: 'visible' });
    await stop.click();
    await error().filter({ hasText: 'Stopped before Gemini answered.' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(Date.now() - firstRequest < retryDelaySeconds * 1000, 'Stop was pressed before the retry was due');
    const retry = error().locator('button[data-action="retry"]');
    assert.equal(await retry.innerText(), 'Retry');
    // The retry would have come after the delay plus at most a second of jitter: give it that and two seconds more.
    const due = firstRequest + (retryDelaySeconds + 3) * 1000 - Date.now();
    await assert.rejects(server.waitForRequests(2, due), /only 1 generate\/stream request/, 'Stop ended the wait: no second request');

    server.script({ text: 'It is read before the config is parsed.' });
    await retry.click();
    await chatFrame(page).locator('[data-role="model"]', { hasText: 'read before the config is parsed' }).waitFor({ state: 'visible', timeout: 15_000 });
    const requests = await server.waitForRequests(2);
    assert.equal(requests.length, 2);
    assert.deepEqual(requests[1]!.body.contents, [{ role: 'user', parts: [{ text: 'Why is retries undefined?' }] }]);
    assert.equal(await chatFrame(page).locator('[data-role="error"]').count(), 0, 'the error is gone once answered');
  });

  it('counts down a rate limit in the error, with Stop', async function () {
    const { page } = scenario;
    const composer = await freshChat();
    server.script({ error: { status: 429, retryDelay: '30s' } });
    await composer.fill('Count down, please.');
    await composer.press('Enter');
    const countdown = error().locator('.message-retry', { hasText: /^Retrying in \d+ s$/ });
    await countdown.waitFor({ state: 'visible', timeout: 15_000 });
    const first = Number(/\d+/.exec(await countdown.innerText())![0]);
    await countdown.filter({ hasText: new RegExp(`^Retrying in ${first - 1} s$`) }).waitFor({ state: 'visible', timeout: 5_000 });
    await screenshot(page, 'errors-rate-limit');
    await chatFrame(page).locator('button[aria-label="Stop"]').click();
    await error().filter({ hasText: 'Stopped before Gemini answered.' }).waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('offers Set API Key and Retry when Gemini rejects the key', async function () {
    const { page } = scenario;
    const composer = await freshChat();
    server.script({ error: { status: 400, reason: 'API_KEY_INVALID' } });
    await composer.fill('And now?');
    await composer.press('Enter');
    await error().filter({ hasText: 'Gemini rejected the API key' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await error().locator('button.action-button').allInnerTexts(), ['Set API Key', 'Retry']);
    assert.doesNotMatch(await error().innerText(), /GoogleGenerativeAI|\[400/, 'no raw SDK text');
    await screenshot(page, 'errors-bad-key');
  });
});
