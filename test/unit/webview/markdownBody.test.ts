// Streaming render (src/webview/markdownBody.ts), in Node with jsdom: at every step of a stream
// the body shows exactly what rendering the whole text at once shows, finished blocks are never
// rendered again, and the work of one render does not grow with the message.
import './dom';
import * as assert from 'node:assert/strict';
import { renderDecorated } from '../../../src/webview/markdown';
import { MarkdownBody } from '../../../src/webview/markdownBody';
import { contentsOf, loadRecordings } from '../../replay/recordings';
import { prng } from '../../support/prng';

/** What rendering all of `text` at once shows. */
function whole(text: string, kind: 'user' | 'model' = 'model'): string {
  const host = document.createElement('div');
  host.append(...renderDecorated(text, kind, true));
  return host.innerHTML;
}

const ANSWERS = [
  '# Why it crashes\n\nThe loop reads `items[i]` past the end:\n\n```js\nfor (let i = 0; i <= items.length; i++) {\n  total += items[i].price;\n}\n```\n\nUse `<` instead of `<=`.\n\n1. Change the bound.\n2. Add a test.\n\n   With an indented paragraph.\n3. Run it again.\n\n> Note: `items` may be empty.\n\n| line | cause |\n|---|---|\n| 12 | off by one |\n\n---\n\nDone.',
  'Steps:\n\n- one\n- two\n  - nested\n\n- loose item\n\nAfter the list.\n\nHeading\n=======\n\nText\nwith a second line.\n\n    indented code\n\n    more of it\n\nEnd.',
  '```python\ndef f(x):\n\n    return x\n```\n```\nno language\n```\nParagraph right after a fence.\n\n~~~\ntilde fence\n~~~\n\n**bold** _em_ ~~del~~ and a [link](https://example.com) and <b>raw</b>.',
  'A reference [link][doc] used before its definition.\n\nMore text.\n\n[doc]: https://example.com/doc\n\nAnd after.',
  '1. a\n\n2. b\n\n3. c\n\n10. ten\n\nText 2\n\n- [ ] task\n- [x] done',
];

/** The distinct long answers of the recordings (Google AI and Vertex AI record the same ones). */
const recorded = [
  ...new Set(
    loadRecordings()
      .map((r) => contentsOf(r).text)
      .filter((text) => text.length > 200),
  ),
];

/**
 * Streams `text` in random pieces, checking the body against the whole-text render after each
 * render (or after one in `every`, for long texts: each check renders the whole text).
 */
function streamChecked(text: string, seed: number, maxPiece: number, every = 1): MarkdownBody {
  const random = prng(seed);
  const body = document.createElement('div');
  const view = new MarkdownBody(body, 'model');
  for (let at = 0, step = 0; at < text.length; step++) {
    at = Math.min(text.length, at + 1 + random.int(maxPiece));
    const shown = text.slice(0, at);
    view.render(shown, false);
    if (step % every === 0) assert.equal(body.innerHTML, whole(shown), `seed ${seed}, after ${at} of ${text.length} characters:\n${JSON.stringify(shown.slice(-80))}`);
  }
  view.render(text, true);
  assert.equal(body.innerHTML, whole(text));
  return view;
}

describe('streaming markdown body (jsdom)', function () {
  // Each check renders the whole text again in jsdom to compare with: seconds, not milliseconds.
  this.timeout(60_000);

  it('shows at every step what rendering the whole text shows (hand-written answers, random pieces)', () => {
    ANSWERS.forEach((text, i) => {
      streamChecked(text, 31 + i, 6, 3);
      streamChecked(text, 62 + i, 40);
    });
  });

  it('shows at every step what rendering the whole text shows (answers recorded from the real API)', () => {
    assert.ok(recorded.length >= 2, 'recordings with long answers');
    recorded.forEach((text, i) => streamChecked(text, 1000 + i, 80, 25));
  });

  it('never renders a finished block again: its nodes stay the same objects while the answer grows', () => {
    const body = document.createElement('div');
    const view = new MarkdownBody(body, 'model');
    let text = '# Title\n\nFirst paragraph.\n\n';
    view.render(text, false);
    text += 'Second';
    view.render(text, false);
    const [heading, first] = Array.from(body.children);
    for (let i = 0; i < 50; i++) {
      text += ` more ${i}`;
      if (i % 10 === 9) text += '\n\nNext paragraph';
      view.render(text, false);
    }
    assert.equal(body.children[0], heading);
    assert.equal(body.children[1], first);
    assert.equal(body.children[1]?.textContent, 'First paragraph.');
  });

  it('shows an unclosed fence as a code block while it streams, growing in place', () => {
    const body = document.createElement('div');
    const view = new MarkdownBody(body, 'model');
    view.render('Here:\n\n```ts\nconst a = 1;', false);
    const code = body.querySelector('.code-block pre code');
    assert.equal(code?.textContent, 'const a = 1;\n');
    assert.equal(body.querySelector('.code-lang')?.textContent, 'ts');
    view.render('Here:\n\n```ts\nconst a = 1;\nconst b = <T>() => 2;', false);
    assert.equal(body.querySelector('.code-block pre code'), code, 'the same element, its text updated');
    assert.equal(code?.textContent, 'const a = 1;\nconst b = <T>() => 2;\n');
    assert.equal(body.querySelector('pre code')?.children.length, 0, 'text only, no markup from the code');
  });

  it('does work per render bounded by the open block, not by the length of the message', () => {
    const body = document.createElement('div');
    const view = new MarkdownBody(body, 'model');
    const added: number[] = [];
    const observer = new MutationObserver((records) => {
      let chars = 0;
      for (const r of records) for (const n of Array.from(r.addedNodes)) chars += n.textContent?.length ?? 0;
      added.push(chars);
    });
    observer.observe(body, { childList: true, subtree: true, characterData: true });
    const paragraph = 'A sentence of an answer that goes on for a while, with `code` and **bold** words in it. ';
    let text = '';
    const perRender: number[] = [];
    for (let i = 0; i < 250; i++) {
      text += i % 4 === 3 ? `${paragraph}\n\n` : paragraph;
      view.render(text, false);
      perRender.push(added.splice(0).reduce((a, b) => a + b, 0));
      for (const r of observer.takeRecords()) for (const n of Array.from(r.addedNodes)) perRender[perRender.length - 1]! += n.textContent?.length ?? 0;
    }
    observer.disconnect();
    assert.ok(text.length > 22_000);
    const max = Math.max(...perRender);
    assert.ok(max < 5 * paragraph.length, `at most the paragraph just finished and the open one per render, saw ${max} characters`);
    assert.equal(body.innerHTML, whole(text));
  });

  it('starts over when the text is replaced rather than extended (an edit, a regenerated answer)', () => {
    const body = document.createElement('div');
    const view = new MarkdownBody(body, 'model');
    view.render('First answer.\n\nWith two paragraphs.', true);
    view.render('Another answer.', false);
    assert.equal(body.innerHTML, whole('Another answer.'));
  });

  it('renders text with Windows line ends correctly (nothing frozen the lexer normalized)', () => {
    const text = 'Line one\r\nline two\r\n\r\n- a\r\n- b\r\n\r\nEnd';
    streamChecked(text, 1, 5);
  });

  it('keeps user line breaks in user messages', () => {
    const body = document.createElement('div');
    new MarkdownBody(body, 'user').render('a\nb', true);
    assert.equal(body.innerHTML, whole('a\nb', 'user'));
    assert.equal(body.querySelectorAll('br').length, 1);
  });
});
