// Entry point of the chat view: builds the page, wires host messages to the parts.
import type { HostMessage, ViewState } from '../shared/protocol';
import { ArchivedMessages } from './archive';
import { Banners, Notice, SummaryLine } from './banners';
import { Composer } from './composer';
import { ConversationList } from './conversations';
import { h, icon, ICONS, mountAnnouncer } from './dom';
import { prefetchCommonGrammars } from './highlight';
import { MessageList } from './messages';
import { StatusLine } from './statusLine';
import { post } from './vscodeApi';

const banners = new Banners();
const conversations = new ConversationList();
const welcome = h('div', { class: 'welcome' }, icon(ICONS.sparkle), h('p', { text: 'Select code and run Ask Gemini, or type a question below.' }));
const log = h('div', {
  class: 'messages',
  attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '-1' },
});
const summary = new SummaryLine();
const archive = new ArchivedMessages();
const transcript = h('div', { class: 'transcript' }, summary.element, archive.element, welcome, log);
let sentByUser = false;
const composer = new Composer(() => {
  sentByUser = true;
  messages.scrollToBottom();
});
const messages = new MessageList(
  log,
  transcript,
  () => composer.focus(),
  (id, text) => composer.startEdit(id, text),
);
const statusLine = new StatusLine();
const notice = new Notice();
const footer = h('div', { class: 'footer' }, notice.element, composer.element, statusLine.element);

const app = h('div', { class: 'app' }, banners.element, conversations.element, transcript, footer);
document.body.append(app);
mountAnnouncer(document.body);
composer.mounted();

let firstState = true;

function applyState(state: ViewState): void {
  banners.update(state.hasApiKey !== false, state.demo === true);
  notice.update(state.notice);
  conversations.update(state.conversations);
  summary.update(state.summary, state.summaryTurns);
  statusLine.update(typeof state.model === 'string' ? state.model : '', state.usage, state.demo === true);
  const list = Array.isArray(state.messages) ? state.messages : [];
  welcome.hidden = list.length > 0;
  messages.setMessages(list, firstState || sentByUser);
  // Earlier messages just shown: the view goes up to them, not down to the newest.
  if (archive.update(state.archive)) messages.scrollToTop();
  firstState = false;
  sentByUser = false;
  composer.setBusy(state.busy === true);
  composer.setLastQuestion(list.filter((m) => m.role === 'user' && !m.card && !m.id.startsWith('q')).at(-1)?.text ?? '');
}

// Focusing the view (Focus on Chat View, a keybinding, a click on its title) puts the cursor in
// the composer, unless something in the view already has the focus.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null) composer.focus();
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data as HostMessage | null;
  if (typeof msg !== 'object' || msg === null) return;
  switch (msg.type) {
    case 'state':
      if (typeof msg.state === 'object' && msg.state !== null) applyState(msg.state);
      break;
    case 'delta':
      if (typeof msg.id === 'string' && typeof msg.text === 'string' && typeof msg.at === 'number') messages.appendDelta(msg.id, msg.text, msg.at);
      break;
    case 'focusComposer':
      composer.focus(typeof msg.text === 'string' ? msg.text : undefined);
      break;
    case 'conversationMatches':
      if (typeof msg.query === 'string' && Array.isArray(msg.ids)) conversations.matched(msg.query, msg.ids);
      break;
  }
});

post({ type: 'ready' });
prefetchCommonGrammars();
