// A code block's toolbar in jsdom: one tab stop per block, Left/Right/Home/End move between its
// buttons, each button posts its action with the block's code, and Copy says so.
import { mount, posted, resetDom } from './dom';
import * as assert from 'node:assert/strict';
import type { ViewMessage } from '../../../src/shared/protocol';
import { MessageList } from '../../../src/webview/messages';

const ANSWER = 'Two fixes:\n\n```js\nconst a = 1;\n```\n\nand\n\n```py\nprint(2)\n```\n';

function showAnswer(): HTMLElement {
  const log = mount();
  const list = new MessageList(log);
  const messages: ViewMessage[] = [
    { id: 't0', role: 'user', text: 'Fix it' },
    { id: 't1', role: 'model', text: ANSWER },
  ];
  list.setMessages(messages);
  return log;
}

/** What Tab would reach, in order: focusable elements not taken out of the tab order. */
function tabStops(root: Element): Element[] {
  return Array.from(root.querySelectorAll('button, a[href], [tabindex]')).filter((el) => el.getAttribute('tabindex') !== '-1');
}

function press(el: Element, key: string): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

describe('code block toolbar (jsdom)', () => {
  beforeEach(resetDom);

  it('is one tab stop per code block, a toolbar of three named buttons', () => {
    const log = showAnswer();
    const toolbars = Array.from(log.querySelectorAll('[role="toolbar"]'));
    assert.deepEqual(
      toolbars.map((t) => t.getAttribute('aria-label')),
      ['Code actions (js)', 'Code actions (py)'],
    );
    for (const toolbar of toolbars) {
      assert.deepEqual(
        Array.from(toolbar.querySelectorAll('button'), (b) => b.getAttribute('aria-label')),
        ['Copy code', 'Insert at Cursor', 'Apply to Selection'],
      );
      assert.equal(tabStops(toolbar).length, 1, 'one tab stop');
    }
    assert.equal(tabStops(log).length, 2, 'one per block in the whole answer');
  });

  it('moves its tab stop with Left, Right (wrapping), Home and End, and leaves other keys alone', () => {
    const toolbar = showAnswer().querySelector('[role="toolbar"]')!;
    const [copy, insert, apply] = Array.from(toolbar.querySelectorAll<HTMLButtonElement>('button'));
    copy!.focus();
    const focused = () => toolbar.ownerDocument.activeElement?.getAttribute('aria-label');
    const stop = () => tabStops(toolbar).map((b) => b.getAttribute('aria-label'));
    press(copy!, 'ArrowRight');
    assert.equal(focused(), 'Insert at Cursor');
    assert.deepEqual(stop(), ['Insert at Cursor']);
    press(insert!, 'ArrowRight');
    press(apply!, 'ArrowRight');
    assert.equal(focused(), 'Copy code', 'Right wraps to the first');
    press(copy!, 'ArrowLeft');
    assert.equal(focused(), 'Apply to Selection', 'Left wraps to the last');
    press(apply!, 'Home');
    assert.equal(focused(), 'Copy code');
    press(copy!, 'End');
    assert.equal(focused(), 'Apply to Selection');
    assert.deepEqual(stop(), ['Apply to Selection']);
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    apply!.dispatchEvent(tab);
    assert.equal(tab.defaultPrevented, false, 'Tab leaves the toolbar');
  });

  it("posts each button's action with its own block's code, and shows Copied", () => {
    const log = showAnswer();
    const [first, second] = Array.from(log.querySelectorAll('[role="toolbar"]'));
    const button = (toolbar: Element, label: string) => toolbar.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;
    button(first!, 'Copy code').click();
    button(first!, 'Insert at Cursor').click();
    button(second!, 'Apply to Selection').click();
    assert.deepEqual(posted, [
      { type: 'copy', text: 'const a = 1;' },
      { type: 'insertCode', text: 'const a = 1;' },
      { type: 'applyCode', text: 'print(2)' },
    ]);
    assert.equal(button(first!, 'Copy code').textContent, 'Copied');
    assert.deepEqual(tabStops(second!), [button(second!, 'Apply to Selection')], 'a clicked button becomes the tab stop');
  });
});
