// What a new chat shows: what Gemini can be asked about here, each with a button that runs it
// (through the host: the view names one of the protocol's few commands, never a VS Code id).
import type { ViewCommand } from '../shared/protocol';
import { h, icon, type IconName } from './dom';
import { post } from './vscodeApi';

interface Start {
  icon: IconName;
  title: string;
  detail: string;
  button: string;
  command: ViewCommand;
}

const STARTS: readonly Start[] = [
  {
    icon: 'code',
    title: 'A selection',
    detail: 'Select code, then Ask Gemini (editor context menu, or Ctrl+Alt+G): the code, its file and its problems go with your question.',
    button: 'Ask Gemini',
    command: 'ask',
  },
  {
    icon: 'lightbulb',
    title: 'A problem',
    detail: 'On an error or a warning, the lightbulb (Ctrl+.) and the Problems view offer Ask Gemini about this problem.',
    button: 'Show Problems',
    command: 'showProblems',
  },
  {
    icon: 'zap',
    title: 'An exception',
    detail: 'When the debugger stops on an exception, Gemini gets the exception, the stack and the local variables.',
    button: 'Ask About This Exception',
    command: 'askAboutException',
  },
  {
    icon: 'debug-alt',
    title: 'An investigation',
    detail: 'While debugging, just ask: Gemini reads the stack, variables and source itself, and asks before it changes anything.',
    button: 'Start Debugging',
    command: 'startDebugging',
  },
];

export function renderWelcome(): HTMLElement {
  const items = STARTS.map((start) => {
    const button = h('button', { class: 'button button-secondary', text: start.button, attrs: { type: 'button', 'data-command': start.command } });
    button.addEventListener('click', () => post({ type: 'run', command: start.command }));
    return h(
      'li',
      { class: 'welcome-item' },
      icon(start.icon),
      h(
        'div',
        { class: 'welcome-item-content' },
        h('div', { class: 'welcome-item-title', text: start.title }),
        h('div', { class: 'welcome-item-detail', text: start.detail }),
        button,
      ),
    );
  });
  return h(
    'section',
    { class: 'welcome', attrs: { 'aria-label': 'What Gemini can help with' } },
    h('div', { class: 'welcome-head' }, icon('sparkle'), h('h2', { class: 'welcome-title', text: 'Ask Gemini about your code and your debugging' })),
    h('ul', { class: 'welcome-list' }, ...items),
    h('p', { class: 'welcome-foot', text: 'Or type a question below.' }),
  );
}
