import assert from 'node:assert/strict';
import { makeNonce, renderChatHtml } from '../../src/host/webviewHtml';

const opts = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css',
  codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicon.css',
};

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1]!;
}

describe('renderChatHtml', () => {
  const html = renderChatHtml(opts);

  it('sets exactly the strict CSP', () => {
    assert.equal(
      cspOf(html),
      "default-src 'none'; style-src https://*.vscode-cdn.net; script-src 'nonce-a1b2c3d4e5f60718293a4b5c6d7e8f90'; img-src https://*.vscode-cdn.net; font-src https://*.vscode-cdn.net",
    );
  });

  it('has one CSP, placed before any script or stylesheet', () => {
    assert.equal(html.match(/Content-Security-Policy/g)?.length, 1);
    const csp = html.indexOf('Content-Security-Policy');
    assert.ok(csp < html.indexOf('<link'));
    assert.ok(csp < html.indexOf('<script'));
  });

  it('never allows inline or eval code, or remote content', () => {
    const csp = cspOf(html);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|\*(?!\.vscode-cdn\.net)|data:|blob:/);
    assert.doesNotMatch(csp, /connect-src|frame-src|child-src/);
  });

  it('loads the script with the nonce and the stylesheets (the icon font first, then the view) from the given URIs', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script type="module" nonce="${opts.nonce}" src="${opts.scriptUri}">`]);
    assert.deepEqual(html.match(/<link\b[^>]*>/g), [`<link rel="stylesheet" href="${opts.codiconsUri}">`, `<link rel="stylesheet" href="${opts.styleUri}">`]);
  });

  it('has no inline script, inline style or event handler attributes', () => {
    assert.doesNotMatch(html, /<script\b[^>]*>[^<]+<\/script>/);
    assert.doesNotMatch(html, /<style\b/i);
    assert.doesNotMatch(html, /\sstyle=/i);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
  });

  it('references no http(s) URL other than the given ones', () => {
    const urls = html.match(/https?:\/\/[^\s"'<>;]+/g) ?? [];
    const allowed = new Set([opts.cspSource, opts.scriptUri, opts.styleUri, opts.codiconsUri]);
    for (const url of urls) assert.ok(allowed.has(url), `unexpected URL ${url}`);
    assert.ok(urls.length >= 3);
  });

  it('escapes URIs into attributes', () => {
    const out = renderChatHtml({ ...opts, scriptUri: 'https://x.test/a.js?"><script>alert(1)</script>' });
    assert.equal(out.match(/<script\b/g)?.length, 1);
    assert.match(out, /src="https:\/\/x\.test\/a\.js\?&quot;&gt;&lt;script&gt;/);
  });

  it('rejects a nonce or CSP source that would break out of the policy', () => {
    assert.throws(() => renderChatHtml({ ...opts, nonce: "abc'; script-src *" }));
    assert.throws(() => renderChatHtml({ ...opts, nonce: '' }));
    assert.throws(() => renderChatHtml({ ...opts, cspSource: "https://a; script-src 'unsafe-inline'" }));
    assert.doesNotThrow(() => renderChatHtml({ ...opts, cspSource: "'self' https://*.vscode-cdn.net" }), 'code-server gives quoted sources');
  });

  it('declares the language and charset', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<meta charset="UTF-8">/);
  });
});

describe('makeNonce', () => {
  it('is 32 characters of hex', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[0-9a-f]{32}$/);
  });

  it('differs every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => makeNonce()));
    assert.equal(nonces.size, 100);
  });

  it('is accepted by renderChatHtml', () => {
    const nonce = makeNonce();
    assert.ok(renderChatHtml({ ...opts, nonce }).includes(`script-src 'nonce-${nonce}'`));
  });
});
