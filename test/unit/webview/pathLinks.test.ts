// File paths in answers (src/webview/pathLinks.ts) in jsdom: which text is a path candidate, one
// checkPaths per task for the paths not known yet, links for those the host says exist, and the
// open request a click posts.
import { mount, posted, resetDom, runFrames } from './dom';
import * as assert from 'node:assert/strict';
import type { ViewMessage } from '../../../src/shared/protocol';
import { renderDecorated } from '../../../src/webview/markdown';
import { MessageList } from '../../../src/webview/messages';
import { findPathMentions, PathLinks, pathLinks } from '../../../src/webview/pathLinks';

function rendered(markdown: string): HTMLElement {
  const body = mount();
  body.append(...renderDecorated(markdown, 'model', true));
  return body;
}

const mentioned = (markdown: string) => findPathMentions(rendered(markdown)).map((m) => (m.line ? `${m.path}:${m.line}` : m.path));
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('path links (jsdom)', () => {
  beforeEach(resetDom);

  it('finds paths in inline code (with or without a slash, with a line) and plain-text paths with a slash and an extension', () => {
    assert.deepEqual(mentioned('See `src/app.ts`, `app.js:12` and `./lib/x.py:3:7`.'), ['src/app.ts', 'app.js:12', 'lib/x.py:3']);
    assert.deepEqual(mentioned('The bug is in src/util/retry.ts:42. Also test/fixtures/app.js, (docs/a.md) and src/app.test.ts.'), [
      'src/util/retry.ts:42',
      'test/fixtures/app.js',
      'docs/a.md',
      'src/app.test.ts',
    ]);
  });

  it('finds none in code blocks, links, URLs, `..` paths, words without a slash or an extension, or code that is more than a path', () => {
    const none = [
      '```\nsrc/app.ts\n```',
      'Read [the guide](https://example.com/docs/guide.md) or https://example.com/src/app.ts and www.example.com/a/b.html.',
      'Not ../secret/key.pem, nor app.ts as a bare word, nor src/Makefile, nor 3.14 or a/b.',
      'Not `const x = src/app.ts` or `1.5`.',
    ];
    for (const markdown of none) assert.deepEqual(mentioned(markdown), [], markdown);
  });

  it('asks once for the unknown paths of the answers finished in one task, and links the ones that exist', async () => {
    const links = new PathLinks();
    const a = rendered('Edit `src/app.ts:12` and src/lib/util.js.');
    const b = rendered('Also `src/app.ts` and `missing/file.ts`.');
    links.scan(a);
    links.scan(b);
    await tick();
    assert.deepEqual(posted, [{ type: 'checkPaths', paths: ['src/app.ts', 'src/lib/util.js', 'missing/file.ts'] }]);
    links.checked(['src/app.ts', 'src/lib/util.js', 'missing/file.ts'], ['src/app.ts', 'src/lib/util.js']);
    const shown = (body: HTMLElement) => Array.from(body.querySelectorAll('a.path-link'), (l) => [l.textContent, l.getAttribute('data-path'), l.getAttribute('data-line')]);
    assert.deepEqual(shown(a), [
      ['src/app.ts:12', 'src/app.ts', '12'],
      ['src/lib/util.js', 'src/lib/util.js', null],
    ]);
    assert.deepEqual(shown(b), [['src/app.ts', 'src/app.ts', null]]);
    assert.equal(a.textContent?.trim(), 'Edit src/app.ts:12 and src/lib/util.js.', 'the text is unchanged');

    // Known now: linked at once, nothing asked again.
    const c = rendered('Back to `src/app.ts` and `missing/file.ts`.');
    links.scan(c);
    await tick();
    assert.equal(posted.length, 1);
    assert.deepEqual(shown(c), [['src/app.ts', 'src/app.ts', null]]);
  });

  it('links the paths of a finished answer in the message list, and a click asks the host to open the file at the line', async () => {
    const log = mount();
    const list = new MessageList(log);
    const answer = (streaming: boolean): ViewMessage[] => [
      { id: 't0', role: 'user', text: 'Where? `mine/not-a-link.ts`' },
      { id: 't1', role: 'model', text: 'In `list/case.ts:7`.', streaming },
    ];
    list.setMessages(answer(true));
    runFrames();
    await tick();
    assert.deepEqual(posted, [], 'nothing asked while the answer streams');
    list.setMessages(answer(false));
    await tick();
    assert.deepEqual(posted, [{ type: 'checkPaths', paths: ['list/case.ts'] }], 'the question is not scanned');
    pathLinks.checked(['list/case.ts'], ['list/case.ts']);
    const link = log.querySelector<HTMLAnchorElement>('[data-role="model"] a.path-link')!;
    assert.equal(link.getAttribute('title'), 'Open list/case.ts at line 7');
    link.querySelector('code')!.click();
    assert.deepEqual(posted.at(-1), { type: 'openPath', path: 'list/case.ts', line: 7 });
  });
});
