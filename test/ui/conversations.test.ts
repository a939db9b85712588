// A workspace's conversations in the real chat view: three conversations, switched from the
// view's list, renamed from the palette, one deleted from the list and brought back with the
// notification's Undo, all still there after Developer: Reload Window (the open one restored,
// and the next request carries its history); another workspace has a list of its own; Edit
// forks a conversation (the old branch kept) and Regenerate asks again.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chatFrame, openChat, openWorkbench, quickInputBox, runCommand, screenshot, startNewChat, waitForWorkbench } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';
import { fixturesWorkspace } from '../support/paths';

describe('UI: many conversations per workspace', function () {
  const { server, scenario } = useChatScenario('conversations');

  const frame = (page: Page) => chatFrame(page);
  const titles = (page: Page) =>
    frame(page)
      .locator('[data-conversations="list"] [data-conversation]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('class')?.includes('conversation-current') ? '*' : ''}${e.querySelector('.conversation-title')?.textContent ?? ''}`));
  const shownQuestions = (page: Page) => frame(page).locator('[data-role="user"] .message-body').allInnerTexts();

  async function ask(page: Page, question: string): Promise<void> {
    server.script({ text: `Answer to ${question}` });
    const composer = frame(page).locator('textarea[aria-label="Ask Gemini"]');
    await composer.waitFor({ state: 'visible', timeout: 30_000 });
    await composer.fill(question);
    await composer.press('Enter');
    await frame(page)
      .locator('[data-role="model"]', { hasText: `Answer to ${question}` })
      .waitFor({ state: 'visible', timeout: 30_000 });
  }

  async function openList(page: Page): Promise<void> {
    const toggle = frame(page).locator('[data-conversations="toggle"]');
    await toggle.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  async function untilTitles(page: Page, expected: string[]): Promise<void> {
    const deadline = Date.now() + 15_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await titles(page);
      if (JSON.stringify(seen) === JSON.stringify(expected)) return;
      await page.waitForTimeout(200);
    }
    assert.deepEqual(seen, expected);
  }

  it('creates three, switches, renames, deletes with Undo, and keeps them all across a reload', async function () {
    const { page } = scenario;
    await runCommand(page, 'Gemini: Focus on Chat View');
    await ask(page, 'First: the leak');
    await startNewChat(page);
    await ask(page, 'Second: the build');
    await startNewChat(page);
    await ask(page, 'Third: the test');
    await runCommand(page, 'Notifications: Clear All Notifications');

    await openList(page);
    await untilTitles(page, ['*Third: the test', 'Second: the build', 'First: the leak']);
    assert.equal(await frame(page).locator('[data-conversations="toggle"]').innerText(), '3 conversations');

    // Switch from the list.
    await frame(page).locator('[data-conversation]', { hasText: 'First: the leak' }).locator('button[data-command="open"]').click();
    await frame(page).locator('[data-role="model"]', { hasText: 'Answer to First: the leak' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await shownQuestions(page), ['First: the leak']);

    // Rename from the palette.
    await runCommand(page, 'Gemini: Rename Conversation');
    await page.locator(quickInputBox).fill('Leak hunt');
    await page.keyboard.press('Enter');
    await openList(page);
    await untilTitles(page, ['*Leak hunt', 'Third: the test', 'Second: the build']);

    // Search by the text of a message (not in any title).
    await frame(page).locator('input[aria-label="Search conversations"]').fill('Answer to Second');
    await untilTitles(page, ['Second: the build']);
    await frame(page).locator('input[aria-label="Search conversations"]').fill('');
    await untilTitles(page, ['*Leak hunt', 'Third: the test', 'Second: the build']);

    // Delete from the list, then Undo on the notification.
    await frame(page).locator('button[aria-label="Delete \\"Second: the build\\""]').click();
    await untilTitles(page, ['*Leak hunt', 'Third: the test']);
    const toast = page.locator('.notification-toast', { hasText: 'Deleted the conversation "Second: the build"' });
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'conversations-deleted');
    await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Undo' }).first().click();
    await untilTitles(page, ['*Leak hunt', 'Third: the test', 'Second: the build']);
    await screenshot(page, 'conversations');

    // Reload: the open conversation and the list are restored, and the next request carries its history.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await waitForWorkbench(page);
    await runCommand(page, 'Gemini: Focus on Chat View');
    await frame(page).locator('[data-role="model"]', { hasText: 'Answer to First: the leak' }).waitFor({ state: 'visible', timeout: 30_000 });
    await openList(page);
    await untilTitles(page, ['*Leak hunt', 'Third: the test', 'Second: the build']);
    await ask(page, 'Is the leak fixed?');
    const last = server.requests.at(-1)!;
    assert.deepEqual(
      last.body.contents.map((c) => c.parts[0]!.text),
      ['First: the leak', 'Answer to First: the leak', 'Is the leak fixed?'],
    );
  });

  /** Opens `folder` in the page, after a Reload Window: the clean shutdown flushes the workbench's storage (globalState), which a bare navigation may cut short. */
  async function openFolder(page: Page, folder: string): Promise<void> {
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await waitForWorkbench(page);
    await openWorkbench(page, `${scenario.server.url}?folder=${encodeURIComponent(folder)}`);
  }

  it('another workspace has a list of its own', async function () {
    const { page } = scenario;
    const other = mkdtempSync(join(tmpdir(), 'gda-other-workspace-'));
    writeFileSync(join(other, 'notes.txt'), 'another workspace\n');
    await openFolder(page, other);
    await openChat(page);
    assert.equal(await frame(page).locator('[data-role="user"]').count(), 0, 'a new workspace starts with an empty chat');
    await ask(page, 'Other workspace: question one');
    await startNewChat(page);
    await ask(page, 'Other workspace: question two');
    await openList(page);
    await untilTitles(page, ['*Other workspace: question two', 'Other workspace: question one']);

    await openFolder(page, fixturesWorkspace);
    await runCommand(page, 'Gemini: Focus on Chat View');
    await frame(page).locator('[data-role="model"]', { hasText: 'Answer to Is the leak fixed?' }).waitFor({ state: 'visible', timeout: 30_000 });
    await openList(page);
    await untilTitles(page, ['*Leak hunt', 'Third: the test', 'Second: the build']);
  });

  it('Edit forks the conversation at a question and keeps the old branch; Regenerate asks again for the last answer', async function () {
    const { page } = scenario;
    const question = frame(page).locator('[data-role="user"]', { hasText: 'Is the leak fixed?' });
    await question.locator('button[data-action="edit"]').click();
    const composer = frame(page).locator('textarea[aria-label="Ask Gemini"]');
    assert.equal(await composer.inputValue(), 'Is the leak fixed?');
    await frame(page).locator('[data-composer="editing"]').waitFor({ state: 'visible' });
    server.script({ text: 'Answer to the edited question' });
    await composer.fill('Is the leak fixed in release 2?');
    await composer.press('Enter');
    await frame(page).locator('[data-role="model"]', { hasText: 'Answer to the edited question' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(
      server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
      ['First: the leak', 'Answer to First: the leak', 'Is the leak fixed in release 2?'],
    );
    assert.deepEqual(await shownQuestions(page), ['First: the leak', 'Is the leak fixed in release 2?']);
    await openList(page);
    await untilTitles(page, ['*Leak hunt', 'Leak hunt (before edit)', 'Third: the test', 'Second: the build']);

    server.script({ text: 'A regenerated answer' });
    await frame(page).locator('[data-role="model"]').last().locator('button[data-action="regenerate"]').click();
    await frame(page).locator('[data-role="model"]', { hasText: 'A regenerated answer' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame(page).locator('[data-role="model"]', { hasText: 'Answer to the edited question' }).count(), 0, 'the regenerated answer replaces the last one');
    assert.deepEqual(
      server.requests.at(-1)!.body.contents.map((c) => c.parts[0]!.text),
      ['First: the leak', 'Answer to First: the leak', 'Is the leak fixed in release 2?'],
    );
    await screenshot(page, 'conversations-edited');

    // The old branch is whole.
    await frame(page).locator('[data-conversation]', { hasText: 'Leak hunt (before edit)' }).locator('button[data-command="open"]').click();
    await frame(page).locator('[data-role="model"]', { hasText: 'Answer to Is the leak fixed?' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepEqual(await shownQuestions(page), ['First: the leak', 'Is the leak fixed?']);
  });
});
