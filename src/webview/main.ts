// Entry point of the chat view: builds the page, wires host messages to the parts.
import type { HostMessage, ViewState } from '../shared/protocol';
import { Announcements, clip } from './announcements';
import { ArchivedMessages } from './archive';
import { Banners, Notices, SummaryLine } from './banners';
import { Composer } from './composer';
import { ConversationList } from './conversations';
import { announce, h, mountAnnouncer } from './dom';
import { prefetchCommonGrammars } from './highlight';
import { MessageList } from './messages';
import { pathLinks } from './pathLinks';
import { StatusLine } from './statusLine';
import { post } from './vscodeApi';
import { renderWelcome } from './welcome';

const banners = new Banners();
const conversations = new ConversationList();
const welcome = renderWelcome();
// Not a live region (a log's default is polite): it re-renders while answers stream, and
// announcements.ts says what is news, once.
const log = h('div', {
  class: 'messages',
  attrs: { role: 'log', 'aria-live': 'off', 'aria-label': 'Conversation', tabindex: '-1' },
});
const summary = new SummaryLine();
const archive = new ArchivedMessages();
const transcript = h('div', { class: 'transcript' }, summary.element, archive.element, welcome, log);
const composer = new Composer(() => messages.scrollToBottom());
const messages = new MessageList(
  log,
  transcript,
  () => composer.focus(),
  (id, text) => composer.startEdit(id, text),
);
const statusLine = new StatusLine();
const notices = new Notices();
const footer = h('div', { class: 'footer' }, notices.element, composer.element, statusLine.element);

// The jump button floats over the bottom of the transcript, which scrolls under it.
const transcriptArea = h('div', { class: 'transcript-area' }, transcript, messages.jumpButton);
const app = h('div', { class: 'app' }, banners.element, conversations.element, transcriptArea, footer);
document.body.append(app);
mountAnnouncer(document.body);
composer.mounted();

const announcements = new Announcements();
let firstState = true;
let openConversation: string | undefined;

function applyState(state: ViewState): void {
  banners.update(state.hasApiKey !== false, state.demo === true);
  notices.update(state.notices);
  conversations.update(state.conversations);
  summary.update(state.summary, state.summaryTurns);
  statusLine.update(typeof state.model === 'string' ? state.model : '', state.usage, state.demo === true);
  const list = Array.isArray(state.messages) ? state.messages : [];
  welcome.hidden = list.length > 0;
  // The first state and another conversation show history: no news to announce or scroll to.
  const open = Array.isArray(state.conversations) ? state.conversations.find((c) => c.open)?.id : undefined;
  const quiet = firstState || open !== openConversation;
  openConversation = open;
  // A new question, from the composer or from a command (Ask Gemini…), always comes into view.
  const asked = list.some((m) => m.role === 'user' && !messages.has(m.id));
  messages.setMessages(list, firstState || (!quiet && asked));
  const news = announcements.next(list, quiet).map((a) => (a.kind === 'answer' ? `Gemini answered: ${clip(messages.spokenText(a.id))}` : a.text));
  if (news.length > 0) announce(news.join(' '));
  // Earlier messages just shown: the view goes up to them, not down to the newest.
  if (archive.update(state.archive)) messages.scrollToTop();
  firstState = false;
  composer.setBusy(state.busy === true);
  composer.setLastQuestion(list.filter((m) => m.role === 'user' && !m.card && !m.id.startsWith('q')).at(-1)?.text ?? '');
}

// Focusing the view (Focus on Chat View, a keybinding, a click on its title) puts the cursor in
// the composer, unless something in the view already has the focus.
function focusComposerIfNothingElse(): void {
  if (document.activeElement === document.body || document.activeElement === null) composer.focus();
}
window.addEventListener('focus', focusComposerIfNothingElse);
// A module script runs after its imports load: the view may have had the focus before that.
if (document.hasFocus()) focusComposerIfNothingElse();

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
    case 'pathsChecked':
      if (Array.isArray(msg.paths) && Array.isArray(msg.existing)) pathLinks.checked(msg.paths, msg.existing);
      break;
    case 'announce':
      if (typeof msg.text === 'string') announce(msg.text);
      break;
  }
});

post({ type: 'ready' });
prefetchCommonGrammars();
