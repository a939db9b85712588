// First UI scenario: the packaged extension in code-server, as a user sees it.
import * as assert from 'node:assert/strict';
import { chatFrame, openScenario, runCommand, screenshot, type Scenario } from '../support/browser';
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

  it('opens from "Gemini: Focus on Chat View" with the "Ask Gemini" composer', async function () {
    const { page } = scenario;
    await runCommand(page, 'Gemini: Focus on Chat View');
    const composer = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await composer.waitFor({ state: 'visible', timeout: 30_000 });
    await composer.click();
    await composer.fill('Why does parseConfig throw?');
    assert.equal(await composer.inputValue(), 'Why does parseConfig throw?');
    await screenshot(page, 'smoke-chat-view');
  });
});
