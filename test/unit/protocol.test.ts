// The host trusts nothing the chat webview posts: parseWebviewMessage against malformed and
// hostile messages. Whatever it accepts has exactly the fields of one known message.
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/shared/protocol';

describe('messages from the chat webview', () => {
  const valid: [unknown, unknown][] = [
    [{ type: 'ready' }, { type: 'ready' }],
    [{ type: 'stop' }, { type: 'stop' }],
    [{ type: 'newChat' }, { type: 'newChat' }],
    [{ type: 'showArchive' }, { type: 'showArchive' }],
    [{ type: 'hideArchive' }, { type: 'hideArchive' }],
    [
      { type: 'send', text: 'why?' },
      { type: 'send', text: 'why?' },
    ],
    [
      { type: 'copy', text: 'code' },
      { type: 'copy', text: 'code' },
    ],
    [
      { type: 'insertCode', text: 'x = 1' },
      { type: 'insertCode', text: 'x = 1' },
    ],
    [
      { type: 'applyCode', text: 'x = 1', path: 'ignored' },
      { type: 'applyCode', text: 'x = 1' },
    ],
    [
      { type: 'checkPaths', paths: ['src/app.ts', 'a.js'] },
      { type: 'checkPaths', paths: ['src/app.ts', 'a.js'] },
    ],
    [
      { type: 'openPath', path: 'src/app.ts', line: 12 },
      { type: 'openPath', path: 'src/app.ts', line: 12 },
    ],
    [
      { type: 'openPath', path: 'src/app.ts' },
      { type: 'openPath', path: 'src/app.ts' },
    ],
    [
      { type: 'openLink', href: 'https://example.com' },
      { type: 'openLink', href: 'https://example.com' },
    ],
    [
      { type: 'action', action: 'retry' },
      { type: 'action', action: 'retry' },
    ],
    [
      { type: 'action', action: 'continue' },
      { type: 'action', action: 'continue' },
    ],
    [
      { type: 'run', command: 'openArchive' },
      { type: 'run', command: 'openArchive' },
    ],
    [
      { type: 'run', command: 'askAboutException', id: 'x' },
      { type: 'run', command: 'askAboutException' },
    ],
    [
      { type: 'run', command: 'chooseModel' },
      { type: 'run', command: 'chooseModel' },
    ],
  ];
  for (const [input, expected] of valid) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.deepEqual(parseWebviewMessage(input), expected));
  }

  it('copies only the known fields, never extra ones', () => {
    const parsed = parseWebviewMessage({ type: 'send', text: 'hi', command: 'workbench.action.terminal.new', args: ['rm -rf /'], __proto__: { polluted: true } });
    assert.deepEqual(parsed, { type: 'send', text: 'hi' });
    assert.deepEqual(Object.keys(parsed), ['type', 'text']);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(Object.hasOwn(parseWebviewMessage({ type: 'ready', extra: 1 })!, 'extra'), false);
    // The archive is the open conversation's: the webview cannot name another one, or a file.
    assert.deepEqual(parseWebviewMessage({ type: 'showArchive', chatId: 'other', path: '/etc/passwd' }), { type: 'showArchive' });
  });

  const rejected: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'send'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [{ type: 'send', text: 'x' }]],
    ['an array with a type property', Object.assign([], { type: 'ready' })],
    ['an object without type', { text: 'x' }],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.reloadWindow' }],
    ['a type in another case', { type: 'SEND', text: 'x' }],
    ['a type with spaces', { type: ' send', text: 'x' }],
    ['a type that is an object', { type: { toString: () => 'send' }, text: 'x' }],
    ['a type that is an array', { type: ['send'], text: 'x' }],
    ['send without text', { type: 'send' }],
    ['send with a number', { type: 'send', text: 1 }],
    ['send with an object that stringifies', { type: 'send', text: { toString: () => 'x' } }],
    ['send with a String object', { type: 'send', text: new String('x') }],
    ['send with more than a million characters', { type: 'send', text: 'x'.repeat(1_000_001) }],
    ['copy with null', { type: 'copy', text: null }],
    ['insertCode without text', { type: 'insertCode' }],
    ['checkPaths with a non-string path', { type: 'checkPaths', paths: ['a.ts', 1] }],
    ['checkPaths with an empty path', { type: 'checkPaths', paths: [''] }],
    ['checkPaths with more than 200 paths', { type: 'checkPaths', paths: Array.from({ length: 201 }, (_, i) => `f${i}.ts`) }],
    ['checkPaths with a string', { type: 'checkPaths', paths: 'a.ts' }],
    ['openPath with line 0', { type: 'openPath', path: 'a.ts', line: 0 }],
    ['openPath with a fractional line', { type: 'openPath', path: 'a.ts', line: 1.5 }],
    ['openPath with a line as text', { type: 'openPath', path: 'a.ts', line: '3' }],
    ['openPath without a path', { type: 'openPath', line: 3 }],
    ['openLink without href', { type: 'openLink' }],
    ['openLink with a URL object', { type: 'openLink', href: new URL('https://example.com') }],
    ['openLink with an 8 KiB+ href', { type: 'openLink', href: 'https://e.invalid/' + 'a'.repeat(8_200) }],
    ['an unknown action', { type: 'action', action: 'runCommand' }],
    ['an action named like a prototype member', { type: 'action', action: 'constructor' }],
    ['an action named __proto__', { type: 'action', action: '__proto__' }],
    ['an action in another case', { type: 'action', action: 'Retry' }],
    ['an action that is an array', { type: 'action', action: ['retry'] }],
    ['an action that is missing', { type: 'action' }],
    ['a type on the prototype only', Object.create({ type: 'ready' })],
    ['a type named like a prototype member', { type: 'constructor' }],
    ['a type named __proto__', JSON.parse('{"type":"__proto__"}')],
    ['showArchive in another case', { type: 'ShowArchive' }],
    ['showArchive as an action', { type: 'action', action: 'showArchive' }],
    // The view names one of its own few commands, never a VS Code command id.
    ['run with a VS Code command id', { type: 'run', command: 'workbench.action.terminal.new' }],
    ['run with one of our command ids', { type: 'run', command: 'geminiAssistant.clearApiKey' }],
    ['run named like a prototype member', { type: 'run', command: 'toString' }],
    ['run without a command', { type: 'run' }],
  ];
  for (const [what, input] of rejected) {
    it(`rejects ${what}`, () => assert.equal(parseWebviewMessage(input), undefined));
  }

  it('does not throw for values that throw when read, and rejects them', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const hostile = new Proxy({}, { get: boom, has: boom, getOwnPropertyDescriptor: boom, ownKeys: boom });
    assert.doesNotThrow(() => parseWebviewMessage(hostile));
    assert.equal(parseWebviewMessage(hostile), undefined);
    assert.equal(
      parseWebviewMessage({
        get type() {
          return boom();
        },
      }),
      undefined,
    );
    assert.equal(
      parseWebviewMessage({
        type: 'send',
        get text() {
          return 'x';
        },
      }),
      undefined,
      'a getter is not data',
    );
  });
});
