// Model output cannot run script: every payload of test/fixtures/xss-corpus.json (raw HTML, event
// handlers, javascript:/data:/vbscript: URLs, SVG/MathML, frames, forms, CSS, meta/base, broken
// fences, reference links, autolinks...) is streamed by the local Gemini server into the real chat
// view in code-server. After each one: no script ran (in the chat frame, the webview host frame or
// the workbench), the message holds no dangerous element, event handler or URL, the CSP had
// nothing to block, and no request left for a host other than 127.0.0.1.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { extensionId, openChat, screenshot } from '../support/browser';
import { useChatScenario } from '../support/chatScenario';
import { repoRoot } from '../support/paths';

interface Payload {
  name: string;
  markdown: string;
}

const corpus = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'xss-corpus.json'), 'utf8')) as Payload[];

/** Hosts a request may go to: this machine, and the webview resource host that VS Code's service worker answers locally. */
const localHost = (url: URL) => url.hostname === '127.0.0.1' || /\.vscode-resource\.vscode-cdn\.net$/.test(url.hostname);

/** What is wrong inside one rendered message body (run in the chat frame). */
function problemsIn(body: Locator): Promise<string[]> {
  return body.evaluate((root) => {
    interface El {
      tagName: string;
      attributes: ArrayLike<{ name: string; value: string }>;
      classList: { contains(name: string): boolean };
      closest(selector: string): unknown;
    }
    const elements = (root as unknown as { querySelectorAll(selector: string): ArrayLike<El> }).querySelectorAll('*');
    const problems: string[] = [];
    const forbidden = [
      'script',
      'iframe',
      'frame',
      'object',
      'embed',
      'form',
      'input',
      'textarea',
      'select',
      'svg',
      'math',
      'img',
      'video',
      'audio',
      'source',
      'link',
      'meta',
      'base',
      'style',
      'template',
      'noscript',
      'details',
      'marquee',
    ];
    const urlAttributes = ['src', 'srcset', 'srcdoc', 'action', 'formaction', 'background', 'poster', 'data', 'xlink:href', 'style', 'id', 'name'];
    for (const el of Array.from(elements)) {
      const tag = el.tagName.toLowerCase();
      const ours = (tag === 'button' && el.classList.contains('code-action') && el.closest('.code-header')) || (tag === 'a' && el.classList.contains('path-link'));
      if ((forbidden.includes(tag) || tag === 'button') && !ours) problems.push(`<${tag}>`);
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
        if (urlAttributes.includes(name)) problems.push(`${tag}[${name}="${attr.value}"]`);
        if (name === 'href' && !/^(https?:|mailto:|#)/i.test(attr.value.trim())) problems.push(`${tag}[href="${attr.value}"]`);
        if (name.startsWith('data-') && !ours) problems.push(`${tag}[${name}]`);
      }
    }
    return problems;
  });
}

/** Signs that a payload's script ran in a frame: the marker it sets, or a changed title. */
async function scriptTraces(frameBody: Locator, title: string): Promise<string[]> {
  return frameBody.evaluate((_, expectedTitle) => {
    const g = globalThis as unknown as { __xss?: unknown; document: { title: string } };
    const traces: string[] = [];
    if (g.__xss !== undefined) traces.push(`window.__xss = ${JSON.stringify(g.__xss)}`);
    if (g.document.title !== expectedTitle) traces.push(`title "${g.document.title}"`);
    return traces;
  }, title);
}

describe('UI: model output cannot run script (XSS corpus in the real chat view)', function () {
  const { server, scenario } = useChatScenario('xss', { 'geminiAssistant.maxChatTurns': 1000 });
  const external: string[] = [];

  before(function () {
    assert.ok(corpus.length >= 40, `the corpus has ${corpus.length} payloads`);
    scenario.chromium.context.on('request', (request) => {
      const url = new URL(request.url());
      if (/^(https?|wss?):$/.test(url.protocol) && !localHost(url)) external.push(request.url());
    });
  });

  it(`blocks all ${corpus.length} payloads`, async function () {
    this.timeout(20 * 60_000);
    const { page } = scenario;
    const { frame, composer } = await openChat(page);
    const hostFrameBody = page
      .locator(`iframe.webview.ready[src*="extensionId=${extensionId}&"][src*="purpose=webviewView"]`)
      .filter({ visible: true })
      .first()
      .contentFrame()
      .locator('body');
    const chatBody = frame.locator('body');
    const workbenchBody = page.locator('body');
    const titles = {
      chat: await chatBody.evaluate(() => (globalThis as unknown as { document: { title: string } }).document.title),
      host: await hostFrameBody.evaluate(() => (globalThis as unknown as { document: { title: string } }).document.title),
      workbench: await page.title(),
    };
    // Anything the sanitizer let through would show up as a CSP violation (inline handler, remote load...).
    await chatBody.evaluate(() => {
      const g = globalThis as unknown as {
        __csp: string[];
        document: { addEventListener(type: string, listener: (e: { violatedDirective: string; blockedURI: string }) => void): void };
      };
      g.__csp = [];
      g.document.addEventListener('securitypolicyviolation', (e) => g.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });

    const failures: string[] = [];
    let blocked = 0;
    for (const [i, payload] of corpus.entries()) {
      const requestsBefore = external.length;
      // Streamed in three chunks, so half-written markup goes through the renderer too.
      const third = Math.ceil(payload.markdown.length / 3);
      server.script({ text: [0, 1, 2].map((k) => payload.markdown.slice(k * third, (k + 1) * third)).filter(Boolean), chunkDelayMs: 15 });
      await composer.fill(`Payload ${i + 1}`);
      await composer.press('Enter');
      const message = frame.locator('[data-role="model"]').nth(i);
      await message.waitFor({ state: 'attached', timeout: 30_000 });
      await frame.locator('[data-role="model"][aria-busy="true"]').waitFor({ state: 'detached', timeout: 30_000 });
      await frame.locator('button[aria-label="Send"]').waitFor({ state: 'visible', timeout: 30_000 });

      const problems = [
        ...(await problemsIn(message.locator('.message-body'))),
        ...(await scriptTraces(chatBody, titles.chat)).map((t) => `chat frame: ${t}`),
        ...(await scriptTraces(hostFrameBody, titles.host)).map((t) => `webview host frame: ${t}`),
        ...(await scriptTraces(workbenchBody, titles.workbench)).map((t) => `workbench: ${t}`),
        ...(await chatBody.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp.splice(0))).map((v) => `CSP blocked: ${v}`),
        ...external.slice(requestsBefore).map((url) => `request to ${url}`),
      ];
      if (problems.length === 0) blocked++;
      else failures.push(`${i + 1}. ${payload.name}: ${problems.join('; ')}`);
    }
    await screenshot(page, 'xss-corpus');
    console.log(`      XSS payloads blocked: ${blocked}/${corpus.length}`);
    assert.deepEqual(failures, [], 'payloads that got through');
    assert.deepEqual(external, [], 'requests to hosts other than 127.0.0.1');
    // The user's own messages went through the same renderer; nothing ran there either.
    assert.equal(await frame.locator('[data-role="user"]').count(), corpus.length);
  });
});
