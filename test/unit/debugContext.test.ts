import assert from 'node:assert/strict';
import {
  boundValue,
  DEBUG_BOUNDS,
  exceptionHeadline,
  exceptionPrompt,
  formatScopes,
  formatSource,
  framePrompt,
  languageIdForPath,
  shortenPaths,
  variablePrompt,
  type ExceptionStop,
  type FrameInfo,
  type VariableInfo,
  exceptionFromOutput,
  shortFrameName,
} from '../../src/core/context/debugContext';

const source = {
  startLine: 10,
  lines: ['  let total = 0;', '  const apiKey = "k-123";', '  for (let i = 0; i <= items.length; i++) {', '    total += items[i].price;', '  }', '  return total;', '}'],
};
const top: FrameInfo = { name: 'orderTotal', path: 'src/orders.js', line: 13, column: 22, languageId: 'javascript', source };
const caller: FrameInfo = { name: 'receipt', path: 'src/orders.js', line: 30, column: 5 };

describe('debug context: bounds and formatting', () => {
  it('bounds a value to one line and says how long it was', () => {
    assert.equal(boundValue('short', 10), 'short');
    assert.equal(boundValue('a\nb', 10), 'a\\nb');
    assert.equal(boundValue('x'.repeat(12), 10), `${'x'.repeat(10)}\u2026 (12 chars)`);
    assert.equal(DEBUG_BOUNDS.valueLength, 200);
  });

  it('shortens absolute workspace paths in stack traces, longest folder first', () => {
    const text = 'at f (/home/me/app/src/a.js:1:2)\nat g (file:///home/me/app/lib/b.js:3:4)\nat h (/home/me/app-other/c.js:5:6)\nat i (C:\\w\\d.js:1:1)';
    assert.equal(shortenPaths(text, ['/home/me', '/home/me/app', 'C:\\w']), 'at f (src/a.js:1:2)\nat g (lib/b.js:3:4)\nat h (app-other/c.js:5:6)\nat i (d.js:1:1)');
  });

  it('shows ±3 source lines around the frame line, marked, numbered and redacted', () => {
    assert.equal(
      formatSource(top),
      [
        '```javascript',
        '  10 |   let total = 0;',
        '  11 |   const apiKey = "<redacted>";',
        '  12 |   for (let i = 0; i <= items.length; i++) {',
        '> 13 |     total += items[i].price;',
        '  14 |   }',
        '  15 |   return total;',
        '  16 | }',
        '```',
      ].join('\n'),
    );
    assert.equal(formatSource({ ...top, line: 10 }, { ...DEBUG_BOUNDS, sourceContext: 1 }), '```javascript\n> 10 |   let total = 0;\n  11 |   const apiKey = "<redacted>";\n```');
    assert.equal(formatSource({ name: 'f' }), undefined);
  });

  it('cuts long source lines', () => {
    const text = formatSource({ name: 'f', line: 1, source: { startLine: 1, lines: ['y'.repeat(250)] } })!;
    assert.equal(text, '```\n> 1 | ' + 'y'.repeat(200) + '\u2026 (250 chars)\n```');
  });

  it('lists variables with depth, count and length bounds, and redacts secret names at every level', () => {
    const children = Array.from({ length: 25 }, (_, i): VariableInfo => ({ name: String(i), value: String(i * 10), type: 'number' }));
    const text = formatScopes([
      {
        name: 'Local: orderTotal',
        variables: [
          { name: 'apiToken', value: "'sk-live-123'", type: 'string' },
          { name: 'ids', value: '(25) [0, 10, …]', type: 'Array', children },
          {
            name: 'customer',
            value: "{name: 'Ada', password: 'hunter2'}",
            type: 'Object',
            children: [
              { name: 'name', value: "'Ada'", type: 'string' },
              { name: 'password', value: "'hunter2'", type: 'string' },
              { name: 'address', value: '{city: …}', type: 'Object', children: [{ name: 'city', value: "'London'" }] },
              { name: 'auth', value: '{…}', type: 'Object', children: [{ name: 'user', value: "'ada'" }] },
            ],
          },
          { name: 'note', value: 'n'.repeat(300), type: 'string' },
        ],
        omitted: 2,
      },
    ]);
    assert.equal(
      text,
      [
        'Local: orderTotal',
        '  apiToken: string = <redacted>',
        '  ids: Array = (25) [0, 10, …]',
        ...Array.from({ length: 20 }, (_, i) => `    ${i}: number = ${i * 10}`),
        '    \u2026 5 more',
        "  customer: Object = {name: 'Ada', password: '<redacted>'}",
        "    name: string = 'Ada'",
        '    password: string = <redacted>',
        '    address: Object = {city: …}',
        '    auth: Object = <redacted>',
        `  note: string = ${'n'.repeat(200)}\u2026 (300 chars)`,
        '  \u2026 2 more',
      ].join('\n'),
    );
  });

  it('stops at the total number of variable lines', () => {
    const many = Array.from({ length: 20 }, (_, i): VariableInfo => ({
      name: `v${i}`,
      value: '1',
      children: Array.from({ length: 20 }, (_, j) => ({ name: `c${j}`, value: '2' })),
    }));
    const lines = formatScopes([{ name: 'Locals', variables: many }]).split('\n');
    assert.equal(lines.length, 1 + DEBUG_BOUNDS.variableLines + 1);
    assert.equal(lines.at(-1), '\u2026 (more variables left out)');
    assert.equal(formatScopes([{ name: 'Locals', variables: [] }]), 'Locals\n  (none)');
  });

  it('names the exception from exceptionInfo, else from the stop', () => {
    assert.equal(exceptionHeadline({ exception: { id: 'TypeError: x is undefined' } }), 'TypeError: x is undefined');
    assert.equal(exceptionHeadline({ exception: { id: 'ZeroDivisionError', description: 'division by zero' } }), 'ZeroDivisionError: division by zero');
    assert.equal(exceptionHeadline({ exception: { id: 'Error', description: 'Error: boom' } }), 'Error: boom');
    assert.equal(
      exceptionHeadline({ exception: { id: 'System.NullReferenceException', message: 'Object reference not set' } }),
      'System.NullReferenceException: Object reference not set',
    );
    assert.equal(exceptionHeadline({ stopText: 'RangeError: bad\n  at f', stopDescription: 'Paused on exception' }), 'RangeError: bad');
    assert.equal(exceptionHeadline({ stopDescription: 'Paused on exception' }), 'Paused on exception');
    assert.equal(exceptionHeadline({}), 'Exception');
    assert.equal(exceptionHeadline({ exception: { id: "Error: apiKey='abc' rejected" } }), "Error: apiKey='<redacted>' rejected");
  });
});

describe('debug context: the user turns', () => {
  const stop: ExceptionStop = {
    debugType: 'pwa-node',
    exception: {
      id: "TypeError: Cannot read properties of undefined (reading 'price')",
      stackTrace: Array.from({ length: 14 }, (_, i) => `    at f${i} (src/orders.js:${i + 1}:1)`).join('\n'),
    },
    frames: [
      top,
      caller,
      { name: 'Module._compile', path: '<node_internals>/internal/modules/cjs/loader', line: 1521, column: 14 },
      { name: '<anonymous>' },
      { name: 'a' },
      { name: 'b' },
    ],
    scopes: [
      {
        name: 'Local: orderTotal',
        variables: [
          { name: 'total', value: '19', type: 'number' },
          { name: 'apiKey', value: '"k-123"', type: 'string' },
        ],
      },
    ],
  };

  it('sends the exception, the top frames with source, and the locals', () => {
    const { text, card } = exceptionPrompt(stop, 'Why?');
    assert.equal(
      text,
      [
        "**Exception** \u00b7 TypeError: Cannot read properties of undefined (reading 'price')",
        'The debugger (pwa-node) stopped on this exception in `orderTotal` at `src/orders.js`, line 13.',
        [
          'Exception:',
          '```text',
          "TypeError: Cannot read properties of undefined (reading 'price')",
          ...Array.from({ length: 10 }, (_, i) => `    at f${i} (src/orders.js:${i + 1}:1)`),
          '\u2026 4 more lines',
          '```',
        ].join('\n'),
        'Call stack (top 5 frames; more left out):',
        '1. `orderTotal` at `src/orders.js:13:22`',
        formatSource(top)!,
        '2. `receipt` at `src/orders.js:30:5`',
        '3. `Module._compile` at `<node_internals>/internal/modules/cjs/loader:1521:14`',
        '4. `<anonymous>`',
        '5. `a`',
        'Local variables of `orderTotal`:\n```text\nLocal: orderTotal\n  total: number = 19\n  apiKey: string = <redacted>\n```',
        'Why?',
      ].join('\n\n'),
    );
    assert.deepEqual(card, { kind: 'exception', title: "TypeError: Cannot read properties of undefined (reading 'price')", question: 'Why?' });
  });

  it('without exceptionInfo, sends what the stop said; without a question, asks the default', () => {
    const { text } = exceptionPrompt({ debugType: 'mock', stopDescription: 'Paused on exception', stopText: 'Error: boom', frames: [caller], scopes: [] });
    assert.equal(
      text,
      [
        '**Exception** \u00b7 Error: boom',
        'The debugger (mock) stopped on this exception in `receipt` at `src/orders.js`, line 30.',
        'The debugger gives no exception details; its stop said:\n```text\nPaused on exception\nError: boom\n```',
        'Call stack (1 frame):',
        '1. `receipt` at `src/orders.js:30:5`',
        'Explain why this exception happens and how to fix it.',
      ].join('\n\n'),
    );
    assert.equal(exceptionPrompt({ debugType: 'x', frames: [], scopes: [] }).text.split('\n\n')[1], 'The debugger (x) stopped on this exception.');
  });

  it('asks about one value, with its children and the code where the debugger stopped', () => {
    const { text } = variablePrompt({
      debugType: 'python',
      variable: {
        name: 'order.items',
        value: '[{…}, {…}]',
        type: 'list',
        children: [{ name: '0', value: "{'price': 4.5}", type: 'dict', children: [{ name: 'price', value: '4.5' }] }],
        omittedChildren: 1,
      },
      frame: top,
    });
    assert.equal(
      text,
      [
        '**Variable** \u00b7 order.items = [{…}, {…}]',
        'A value in the debugger (python), stopped in `orderTotal` at `src/orders.js`, line 13:',
        "```text\norder.items: list = [{…}, {…}]\n  0: dict = {'price': 4.5}\n  \u2026 1 more\n```",
        `The code there:\n${formatSource(top)}`,
        'Explain this value: is it what the code expects at this point? If not, why not?',
      ].join('\n\n'),
    );
  });

  it('never shows the value of a secret-looking variable, even when asked about it', () => {
    const { text } = variablePrompt({ debugType: 'pwa-node', variable: { name: 'config.apiKey', value: "'k-123'", type: 'string' } }, 'Is this key valid?');
    assert.equal(
      text,
      '**Variable** \u00b7 config.apiKey = <redacted>\n\nA value in the debugger (pwa-node):\n\n```text\nconfig.apiKey: string = <redacted>\n```\n\nIs this key valid?',
    );
  });

  it('asks about a frame, with its source, callers (bounded) and locals', () => {
    const callers = Array.from({ length: 6 }, (_, i): FrameInfo => ({ name: `c${i}`, path: 'a.js', line: i + 1 }));
    const { text } = framePrompt({ debugType: 'pwa-node', frame: top, index: 2, callers, scopes: [{ name: 'Locals', variables: [{ name: 'i', value: '2' }] }] });
    assert.equal(
      text,
      [
        '**Frame** \u00b7 orderTotal (src/orders.js:13)',
        'Stack frame 3 of the stopped thread in the debugger (pwa-node): `orderTotal` at `src/orders.js:13:22`.',
        formatSource(top)!,
        'Called from:\n- `c0` at `a.js:1`\n- `c1` at `a.js:2`\n- `c2` at `a.js:3`\n- `c3` at `a.js:4`\n- \u2026',
        'Local variables of `orderTotal`:\n```text\nLocals\n  i = 2\n```',
        'Explain what this code is doing at this point and whether anything here looks wrong.',
      ].join('\n\n'),
    );
  });

  it('stays small however much the debugger gives', () => {
    // Each level shares its children array: 500 wide, 4 deep, without building 500^4 objects.
    const huge = (depth: number): VariableInfo[] => {
      const children = depth > 0 ? huge(depth - 1) : undefined;
      return Array.from({ length: 500 }, (_, i) => ({ name: `v${i}`, value: 'z'.repeat(5000), ...(children ? { children } : {}) }));
    };
    const frames = Array.from({ length: 200 }, (_, i): FrameInfo => ({
      name: 'f'.repeat(300),
      path: 'p.js',
      line: 5000,
      source: { startLine: 4990, lines: Array.from({ length: 21 }, () => 'w'.repeat(10_000)) },
      column: i,
    }));
    const { text } = exceptionPrompt({
      debugType: 'x',
      exception: { id: 'E'.repeat(10_000), stackTrace: 's\n'.repeat(10_000) },
      frames,
      scopes: [
        { name: 'L', variables: huge(3) },
        { name: 'M', variables: huge(1) },
      ],
    });
    assert.ok(text.length < 40_000, `the turn has ${text.length} characters`);
  });

  it('knows common languages by file extension', () => {
    assert.equal(languageIdForPath('src/a.ts'), 'typescript');
    assert.equal(languageIdForPath('x/Main.JAVA'), 'java');
    assert.equal(languageIdForPath('<node_internals>/loader'), '');
  });
});

describe('C++ frames and exceptions (LLDB)', () => {
  it('folds template arguments, then parameter lists, of names too long to read', () => {
    const name =
      'int lookup<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, int>(std::map<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::vector<int, std::allocator<int> >, std::less<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > > > const&, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)';
    const short = shortFrameName(name);
    assert.ok(short.length <= 120, short);
    assert.match(short, /^int lookup<…>\(/);
    assert.equal(shortFrameName('parse_config'), 'parse_config');
    assert.equal(shortFrameName('x'.repeat(300)).length, 120);
  });

  it('reads the exception from what the C++ runtime printed', () => {
    const printed = ['parsing the config', "terminate called after throwing an instance of 'std::runtime_error'", '  what():  no retries configured for retries'];
    assert.deepEqual(exceptionFromOutput(printed), {
      id: 'std::runtime_error',
      typeName: 'std::runtime_error',
      description: 'no retries configured for retries',
      message: 'no retries configured for retries',
    });
    assert.equal(exceptionFromOutput(['all fine']), undefined);
  });
});
