// The renderer and the sanitizer's configuration, in Node with jsdom: what reaches the view
// from markdown is only the allowed markup, with no way to run script or load anything.
import './dom';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeTextOf } from '../../../src/webview/codeToolbar';
import { decorate, renderMarkdown } from '../../../src/webview/markdown';

interface Payload {
  name: string;
  markdown: string;
}
const corpus = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'xss-corpus.json'), 'utf8')) as Payload[];

const ALLOWED = new Set('a b blockquote br code del em h1 h2 h3 h4 h5 h6 hr i kbd li ol p pre s strong sub sup table tbody td th thead tr ul'.split(' '));

function rendered(markdown: string, kind: 'user' | 'model' = 'model'): HTMLElement {
  const host = document.createElement('div');
  host.append(...Array.from(renderMarkdown(markdown, kind).childNodes));
  return host;
}

describe('chat view markdown (jsdom)', () => {
  it('renders the markdown a model writes: headings, lists, tables, code with its language, links with their target as title', () => {
    const host = rendered('# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n\nSee [docs](https://example.com/d).');
    assert.equal(host.querySelector('h1')?.textContent, 'Title');
    assert.equal(host.querySelectorAll('ul li').length, 2);
    assert.equal(host.querySelectorAll('td').length, 2);
    assert.equal(host.querySelector('code.language-ts')?.textContent, 'const x = 1;\n');
    const link = host.querySelector('a');
    assert.equal(link?.getAttribute('href'), 'https://example.com/d');
    assert.equal(link?.getAttribute('title'), 'https://example.com/d');
  });

  it('keeps single line breaks in what the user wrote, not in answers', () => {
    assert.equal(rendered('a\nb', 'user').querySelectorAll('br').length, 1);
    assert.equal(rendered('a\nb', 'model').querySelectorAll('br').length, 0);
  });

  it('shows raw HTML as text and images as their alt text', () => {
    const host = rendered('<b onclick="x()">bold?</b>\n\n![a cat](https://example.com/cat.png)');
    assert.match(host.textContent ?? '', /<b onclick="x\(\)">bold\?<\/b>/);
    assert.equal(host.querySelector('b'), null);
    assert.match(host.textContent ?? '', /a cat/);
  });

  it('turns a link to a javascript:, data: or relative target into its text', () => {
    const host = rendered('[a](javascript:alert(1)) [b](data:text/html,x) [c](./local) [d](https://ok.example/)');
    assert.deepEqual(
      Array.from(host.querySelectorAll('a'), (a) => a.getAttribute('href')),
      ['https://ok.example/'],
    );
    assert.match(host.textContent ?? '', /a b c d/);
  });

  it('lets nothing of the XSS corpus through: only allowed elements, no handlers, styles, ids or unsafe URLs', () => {
    assert.ok(corpus.length > 20);
    for (const { name, markdown } of corpus) {
      const host = rendered(markdown);
      for (const el of Array.from(host.querySelectorAll('*'))) {
        const tag = el.tagName.toLowerCase();
        assert.ok(ALLOWED.has(tag), `${name}: <${tag}> got through`);
        for (const attr of Array.from(el.attributes)) {
          assert.ok(['href', 'title', 'class', 'start', 'align'].includes(attr.name), `${name}: ${tag}[${attr.name}] got through`);
          if (attr.name === 'href') assert.match(attr.value, /^(?:https?:|mailto:|#)/i, `${name}: href ${attr.value}`);
          if (attr.name === 'class') assert.ok(tag === 'code' && /^language-[\w#+.-]+$/.test(attr.value), `${name}: class ${attr.value} on ${tag}`);
        }
      }
    }
  });

  it('decorates code blocks with a header naming the language, and copies their text without the last newline', () => {
    const fragment = renderMarkdown('```python\nprint(1)\n```', 'model');
    const block = decorate(fragment.firstChild!, true) as HTMLElement;
    assert.ok(block.classList.contains('code-block'));
    assert.equal(block.querySelector('.code-lang')?.textContent, 'python');
    assert.equal(codeTextOf(block), 'print(1)');
  });
});
