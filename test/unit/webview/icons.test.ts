// Icons are codicons: spans of the icon font that ships in dist/ (copied by esbuild.mjs), never
// hand-drawn SVG paths.
import { mount, resetDom } from './dom';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Composer } from '../../../src/webview/composer';
import { icon, ICON_NAMES } from '../../../src/webview/dom';
import { MessageList } from '../../../src/webview/messages';

describe('icons (jsdom)', () => {
  beforeEach(resetDom);

  it('icon(name) is a codicon span hidden from screen readers', () => {
    assert.equal(icon('send').outerHTML, '<span class="codicon codicon-send" aria-hidden="true"></span>');
    assert.equal(icon('debug-stop').outerHTML, '<span class="codicon codicon-debug-stop" aria-hidden="true"></span>');
  });

  it('names only codicons that the shipped codicon.css defines, whose font sits beside it', () => {
    const css = readFileSync(join('dist', 'codicon.css'), 'utf8');
    for (const name of ICON_NAMES) assert.match(css, new RegExp(`\\.codicon-${name}:before\\s*\\{\\s*content:`), name);
    assert.match(css, /src: url\("\.\/codicon\.ttf\?[0-9a-f]+"\) format\("truetype"\)/);
    assert.ok(readFileSync(join('dist', 'codicon.ttf')).length > 10_000, 'the font is in dist/');
  });

  it('the composer and the messages draw their icons with codicons, not SVG', () => {
    const composer = new Composer(() => {});
    const log = mount();
    log.append(composer.element);
    new MessageList(log).setMessages([
      { id: 't0', role: 'model', text: 'Hi' },
      { id: 'e1', role: 'error', text: 'Failed' },
    ]);
    assert.equal(log.querySelectorAll('svg').length, 0);
    assert.ok(log.querySelector('button[aria-label="Send"] > .codicon-send'));
    assert.ok(log.querySelector('button[aria-label="Stop"] > .codicon-debug-stop'));
    assert.ok(log.querySelector('[data-role="model"] .message-header > .codicon-sparkle'));
    assert.ok(log.querySelector('[data-role="error"] .message-header > .codicon-warning'));
  });
});
