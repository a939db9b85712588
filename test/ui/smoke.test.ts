// First UI scenario: the packaged extension in code-server, as a user without an API key meets it.
import * as assert from 'node:assert/strict';
import { openChat, openScenario, screenshot, type Scenario } from '../support/browser';
import { fixturesWorkspace } from '../support/paths';

describe('UI smoke: the chat view', function () {
  let scenario: Scenario;

  before(async function () {
    scenario = await openScenario({ name: 'smoke', folder: fixturesWorkspace });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && scenario) await screenshot(scenario.page, `smoke-FAILED-${this.currentTest.title}`);
  });

  after(async function () {
    await scenario?.close();
  });

  it('opens from "Gemini: Focus on Chat View"; without a key it says so, offers Set API Key, and keeps a question unsent', async function () {
    const { page } = scenario;
    const { frame, composer } = await openChat(page);
    const banner = frame.locator('[data-banner="no-api-key"]');
    await banner.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await banner.innerText(), /No Gemini API key is set/);
    assert.equal(await banner.getByRole('button', { name: 'Set API Key' }).count(), 1);

    await composer.fill('Why does parseConfig throw?');
    await composer.press('Enter');
    const error = frame.locator('[data-role="error"]');
    await error.filter({ hasText: 'No Gemini API key is set' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal((await frame.locator('[data-role="user"] .message-body').last().innerText()).trim(), 'Why does parseConfig throw?', 'the question stays in the chat');
    assert.deepEqual(await error.locator('button.action-button').allInnerTexts(), ['Set API Key', 'Retry']);
    assert.equal(await composer.inputValue(), '', 'the composer was cleared: the question went to the chat');
    await screenshot(page, 'smoke-chat-view');
  });
});
