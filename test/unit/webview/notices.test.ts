// Notices above the composer: text as given, the action as a button posting the command that
// came with it (never read back out of the text), updated in place.
import { posted, resetDom, mount } from './dom';
import * as assert from 'node:assert/strict';
import type { ViewNotice } from '../../../src/shared/protocol';
import { Notices } from '../../../src/webview/banners';

const archived: ViewNotice = {
  id: 'archived',
  text: '6 older messages were moved to the archive (/home/me/.config/Code/User/globalStorage/x/archive/ab12-c3.json) and are no longer sent.',
  action: { label: 'Open Archive', command: 'openArchive' },
};
const omitted: ViewNotice = { id: 'omitted', text: 'The 2 oldest messages were left out of the last request.' };

describe('notices (jsdom)', () => {
  beforeEach(resetDom);

  it('shows each notice with its action, and the action posts its command', () => {
    const notices = new Notices();
    mount().append(notices.element);
    assert.equal(notices.element.hidden, true);
    notices.update([archived, omitted]);
    assert.equal(notices.element.hidden, false);
    const shown = [...notices.element.querySelectorAll<HTMLElement>('.notice')];
    assert.deepEqual(
      shown.map((n) => [n.dataset.notice, n.querySelector('.notice-text')?.textContent, n.querySelector('button')?.textContent ?? null]),
      [
        ['archived', archived.text, 'Open Archive'],
        ['omitted', omitted.text, null],
      ],
    );
    shown[0]!.querySelector('button')!.click();
    assert.deepEqual(posted, [{ type: 'run', command: 'openArchive' }]);
  });

  it('keeps its elements while the notices stay the same, and hides when there are none', () => {
    const notices = new Notices();
    mount().append(notices.element);
    notices.update([archived]);
    const button = notices.element.querySelector('button');
    button?.focus();
    notices.update([{ ...archived, action: { ...archived.action! } }]);
    assert.equal(notices.element.querySelector('button'), button, 'the same button: focus stays on it');
    notices.update([{ ...archived, action: { label: 'Open Setting', command: 'openBudgetSetting' } }]);
    assert.equal(notices.element.querySelector('button')?.textContent, 'Open Setting');
    notices.update([]);
    assert.equal(notices.element.hidden, true);
    assert.equal(notices.element.children.length, 0);
    notices.update([{ id: 'blank', text: '  ' }]);
    assert.equal(notices.element.hidden, true, 'a notice without text is not shown');
  });
});
