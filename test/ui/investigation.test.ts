// Gemini investigates, as a user sees it in a real VS Code: a Node program with an off-by-one is
// paused; the local server plays Gemini and calls the debugger tools; the chat shows each call,
// and asks before anything that changes the program (Allow, Deny); Stop cancels a call; a reload
// keeps the investigation, and the next request's history is one Gemini accepts.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertChatBesideDebugger, chatFrame, chatViewFrames, openChat, openFile, quickInputBox, runCommand, screenshot, waitForWorkbench } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';

describe('UI: Gemini investigates a paused program', function () {
  const { server, scenario } = useChatScenario('investigation');
  const tool = (page: Page, name: string) => chatFrame(page).locator(`[data-role="tool"][data-tool="${name}"]`);

  /** A new chat, and investigate.js paused on entry with no breakpoints ("Run investigate.js" in the fixture's launch.json). */
  async function pausedProgram(page: Page) {
    await runCommand(page, 'Debug: Stop').catch(() => undefined);
    // (Listed in the palette only while there are breakpoints.)
    await runCommand(page, 'Debug: Remove All Breakpoints', { attempts: 1, timeoutMs: 3_000 }).catch(() => undefined);
    await openFile(page, 'investigate.js');
    await runCommand(page, 'Debug: Select and Start Debugging');
    // The picker is quick access with the "debug " prefix; fill() replaces the whole value.
    await page.locator(quickInputBox).fill('debug Run investigate.js');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Run investigate.js' }).first().click();
    await page.locator('.debug-toolbar .action-item a[aria-label^="Continue"]').waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'Gemini: New Chat');
    // Its "Started a new chat" notification (with Undo) would cover the panel's chat in the screenshots.
    const toast = page.locator('.notification-toast', { hasText: 'Started a new chat' });
    if (
      await toast.waitFor({ state: 'visible', timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      await runCommand(page, 'Notifications: Clear All Notifications');
    const { composer } = await openChat(page);
    await chatFrame(page).locator('[data-role]').first().waitFor({ state: 'detached', timeout: 15_000 });
    return composer;
  }

  /** Waits for `name` to ask for consent, takes screenshot `shot` if named, and clicks `button`. */
  async function consent(page: Page, name: string, button: 'Allow' | 'Deny', shot?: string) {
    const call = tool(page, name).last();
    await call.locator('.tool-state', { hasText: 'Needs your consent' }).waitFor({ state: 'visible', timeout: 30_000 });
    if (shot) await screenshot(page, shot);
    await call.getByRole('button', { name: button, exact: true }).click();
  }

  afterEach(async function () {
    await runCommand(scenario.page, 'Debug: Stop').catch(() => undefined);
  });

  it('Deny: the call does not run, and Gemini is told so', async function () {
    this.timeout(120_000);
    const { page } = scenario;
    const composer = await pausedProgram(page);
    server.script({ text: [], functionCalls: [{ name: 'debugger_step', args: { kind: 'over' } }] }, { text: 'Then I will not step.' });
    await composer.fill('Step over once.');
    await composer.press('Enter');
    await consent(page, 'debugger_step', 'Deny');
    await chatFrame(page).locator('[data-role="model"]', { hasText: 'I will not step' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await tool(page, 'debugger_step').locator('.tool-state').innerText(), 'Denied');
    const [, second] = await server.waitForRequests(2);
    assert.equal(second!.body.contents.at(-1)!.parts[0]!.functionResponse!.response.status, 'denied');
  });

  it('Stop during a continue cancels the call, and nothing more goes to Gemini', async function () {
    this.timeout(120_000);
    const { page } = scenario;
    const composer = await pausedProgram(page);
    server.script({ text: [], functionCalls: [{ name: 'debugger_continue', args: { timeoutSeconds: 120 } }] });
    await composer.fill('Let it run.');
    await composer.press('Enter');
    await consent(page, 'debugger_continue', 'Allow');
    await tool(page, 'debugger_continue').locator('.tool-state', { hasText: 'Running' }).waitFor({ state: 'visible', timeout: 15_000 });
    await chatFrame(page).locator('button[aria-label="Stop"]').click();
    await tool(page, 'debugger_continue').locator('.tool-state', { hasText: 'Cancelled' }).waitFor({ state: 'visible', timeout: 15_000 });
    await chatFrame(page).locator('[data-role="error"]', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(server.requests.filter((r) => r.action === 'streamGenerateContent').length, 1, 'the cancelled call waits for the next message');
    // Gemini ran the program from the sidebar's chat, so the panel's came up too: both show the call.
    const views = chatViewFrames(page);
    assert.equal(await views.count(), 2, 'the chat in the sidebar and in the panel');
    for (const view of await views.all())
      await view
        .contentFrame()
        .frameLocator('#active-frame')
        .locator('[data-tool="debugger_continue"] .tool-state', { hasText: 'Cancelled' })
        .waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'investigation-stopped');
  });

  // Last: after its reload, a chat view the workbench created anew later (the sidebar's, after Run and
  // Debug had taken its place) showed Playwright no composer, though the screenshot had one.
  it('reads, asks to set a conditional breakpoint and to continue (Allow), reads at the stop, answers, and keeps it all across a reload', async function () {
    this.timeout(240_000);
    const { page } = scenario;
    const composer = await pausedProgram(page);
    server.script(
      {
        text: [],
        functionCalls: [
          { name: 'debugger_evaluate', args: { expression: 'typeof sum' } },
          { name: 'debugger_variables', args: {} },
        ],
        thoughtSignature: 'sig-ui',
      },
      {
        text: ['The loop bound looks suspicious; I will stop on its last pass.'],
        functionCalls: [{ name: 'debugger_set_breakpoint', args: { path: 'investigate.js', line: 10, condition: 'i === 3' } }],
      },
      { text: [], functionCalls: [{ name: 'debugger_continue', args: { timeoutSeconds: 30 } }] },
      {
        text: [],
        functionCalls: [
          { name: 'debugger_evaluate', args: { expression: 'prices[i]' } },
          { name: 'debugger_variables', args: {} },
        ],
      },
      { text: ['On the last pass `i` is 3 and `prices[3]` is `undefined`: the loop must stop at `i < prices.length`.'], chunkDelayMs: 100 },
    );
    await composer.fill('Why does sum() fail?');
    await composer.press('Enter');

    await consent(page, 'debugger_set_breakpoint', 'Allow', 'investigation-consent');
    await consent(page, 'debugger_continue', 'Allow');
    const answer = chatFrame(page).locator('[data-role="model"]', { hasText: 'must stop at' });
    await answer.waitFor({ state: 'visible', timeout: 60_000 });
    await chatFrame(page).locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 15_000 });
    // The program stopped, so VS Code put Run and Debug in the sidebar: the chat went on beside it.
    await assertChatBesideDebugger(page);

    const shown = await chatFrame(page)
      .locator('[data-role]')
      .evaluateAll((els) =>
        els.map((e) =>
          e.getAttribute('data-role') === 'tool' ? `tool:${e.getAttribute('data-tool')}:${e.querySelector('.tool-state')?.textContent}` : e.getAttribute('data-role'),
        ),
      );
    assert.deepEqual(shown, [
      'user',
      'tool:debugger_evaluate:Done',
      'tool:debugger_variables:Done',
      'model',
      'tool:debugger_set_breakpoint:Done',
      'tool:debugger_continue:Done',
      'tool:debugger_evaluate:Done',
      'tool:debugger_variables:Done',
      'model',
    ]);
    const locals = tool(page, 'debugger_variables').last();
    await locals.locator('summary', { hasText: 'Show what Gemini got' }).click();
    const detail = await locals.locator('.tool-result').innerText();
    assert.match(detail, /"name": "apiToken",\s+"value": "<redacted>"/);
    assert.doesNotMatch(detail, /sk-test-investigation-token/);
    assert.match(await tool(page, 'debugger_continue').locator('.tool-summary').innerText(), /"reason":"breakpoint"/);
    // The breakpoint Gemini set is in the editor, conditional, at line 10.
    await page.locator('.monaco-editor .codicon-debug-breakpoint-conditional').first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'investigation');

    const requests = await server.waitForRequests(5);
    assert.doesNotMatch(JSON.stringify(requests.map((r) => r.body)), /sk-test-investigation-token/, 'no secret reached Gemini');

    const before = await chatFrame(page).locator('[data-role]').count();
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 30_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await waitForWorkbench(page);
    await runCommand(page, 'Gemini: Focus on Chat View');
    await chatFrame(page)
      .locator('[data-role]')
      .nth(before - 1)
      .waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await chatFrame(page).locator('[data-role="tool"]').count(), 6, 'every call is there after the reload');

    server.script({ text: 'Yes, the whole investigation arrived.' });
    const again = chatFrame(page).locator('textarea[aria-label="Ask Gemini"]');
    await again.fill('Do you still have the results?');
    await again.press('Enter');
    await chatFrame(page).locator('[data-role="model"]', { hasText: 'the whole investigation arrived' }).waitFor({ state: 'visible', timeout: 30_000 });
    const last = (await server.waitForRequests(6))[5]!.body.contents;
    assert.equal(last.filter((c) => c.parts.some((p) => p.functionCall)).length, 4, 'the four rounds of calls were sent again');
    assert.equal(last[1]!.parts[0]!.thoughtSignature, 'sig-ui', 'with the signature on the first call');
  });
});
