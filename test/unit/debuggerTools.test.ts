// The debugger tools' rules in plain Node: argument checks, side-effect screening per language,
// consent, and the bounds and redaction every result goes through.
import assert from 'node:assert/strict';
import { consentFor } from '../../src/core/tools/consent';
import { languageOfDebugType, sideEffectOf, type ScreenLanguage } from '../../src/core/tools/sideEffects';
import { parseToolCall } from '../../src/core/tools/toolArgs';
import { MAX_RESULT_CHARS, okResponse } from '../../src/core/tools/toolResults';
import { declarationsFor, TOOL_DECLARATIONS } from '../../src/core/tools/toolSpecs';

describe('debugger tool declarations', () => {
  it('declares the ten tools of the interface, the first six in read-only mode, none when off', () => {
    assert.deepEqual(
      TOOL_DECLARATIONS.map((d) => d.name),
      [
        'debugger_state',
        'debugger_stack',
        'debugger_variables',
        'debugger_evaluate',
        'debugger_source',
        'debugger_output',
        'debugger_set_breakpoint',
        'debugger_remove_breakpoint',
        'debugger_continue',
        'debugger_step',
      ],
    );
    assert.equal(declarationsFor('readOnly').length, 6);
    assert.deepEqual(declarationsFor('off'), []);
    const params = (name: string) => Object.keys(TOOL_DECLARATIONS.find((d) => d.name === name)!.parameters?.properties ?? {});
    assert.deepEqual(params('debugger_variables'), ['frame', 'path', 'start', 'count']);
    assert.deepEqual(params('debugger_set_breakpoint'), ['path', 'line', 'condition', 'logMessage']);
    assert.deepEqual(params('debugger_step'), ['kind']);
  });
});

describe('debugger tool arguments', () => {
  it('fills in defaults and bounds counts', () => {
    assert.deepEqual(parseToolCall('debugger_stack', {}), { call: { name: 'debugger_stack', start: 0, count: 10 } });
    assert.deepEqual(parseToolCall('debugger_stack', { count: 500, thread: 0 }), { call: { name: 'debugger_stack', thread: 0, start: 0, count: 20 } });
    assert.deepEqual(parseToolCall('debugger_output', { lines: 10_000 }), { call: { name: 'debugger_output', lines: 200 } });
    const source = parseToolCall('debugger_source', { path: 'a.js', line: 7, before: 150, after: 150 });
    assert.ok('call' in source && source.call.name === 'debugger_source' && source.call.before + source.call.after + 1 <= 200);
  });

  it('says what is wrong with bad arguments, so Gemini can correct them', () => {
    const error = (name: string, args: unknown) => {
      const parsed = parseToolCall(name, args);
      assert.ok('error' in parsed, JSON.stringify(args));
      return parsed.error;
    };
    assert.match(error('debugger_evaluate', {}), /"expression" is required/);
    assert.match(error('debugger_stack', { count: 2.5 }), /"count" must be a whole number/);
    assert.match(error('debugger_step', { kind: 'sideways' }), /"kind" must be "over", "into" or "out"/);
    assert.match(error('debugger_variables', { path: 'Local' }), /"path" must be a list of names/);
    assert.match(error('debugger_source', { path: 'a.js', line: 0 }), /"line" must be at least 1/);
    assert.match(error('rm_rf', {}), /There is no tool named "rm_rf"/);
    assert.match(error('debugger_state', 'all'), /must be an object/);
  });
});

describe('side-effect screening', () => {
  const cases: [ScreenLanguage, string, boolean][] = [
    ['javascript', 'order.items.length', false],
    ['javascript', 'order.items[i].price * 2 === total', false],
    ['javascript', 'typeof config.retries', false],
    ['javascript', 'x => x + 1', false],
    ['javascript', '"a = b; f()"', false],
    ['javascript', 'i = 0', true],
    ['javascript', 'total += 1', true],
    ['javascript', 'count++', true],
    ['javascript', 'items.push(1)', true],
    ['javascript', 'delete order.items', true],
    ['javascript', 'new Date()', true],
    ['javascript', 'await fetch(url)', true],
    ['javascript', '`${sideEffect()}`', true],
    ['javascript', 'tag`x`', true],
    ['javascript', 'a; b', true],
    ['python', 'len_items == 3 and not (x > 2)', false],
    ['python', "d['key'] if d else None", false],
    ['python', 'x := 5', true],
    ['python', 'items.append(3)', true],
    ['python', 'del items[0]', true],
    ['python', "f'{os.remove(p)}'", true],
    ['python', "f'{{literal}}'", false],
    ['python', '__import__("os")', true],
    ['c', 'order->items[2].price', false],
    ['c', 'sizeof(int) * n', false],
    ['c', '(int)value + 1', false],
    ['c', 'ptr = NULL', true],
    ['c', 'n--', true],
    ['c', 'free(ptr)', true],
    ['c', 'delete obj', true],
    ['unknown', 'a == b', false],
    ['unknown', 'a = b', true],
  ];
  for (const [language, expression, changes] of cases) {
    it(`${changes ? 'flags' : 'lets through'} ${language}: ${expression}`, () => {
      assert.equal(sideEffectOf(expression, language) !== undefined, changes, sideEffectOf(expression, language));
    });
  }

  it('knows the language of the common debug types', () => {
    assert.deepEqual(['pwa-node', 'node', 'pwa-chrome', 'python', 'debugpy', 'lldb', 'cppdbg', 'mock'].map(languageOfDebugType), [
      'javascript',
      'javascript',
      'javascript',
      'python',
      'python',
      'c',
      'c',
      'unknown',
    ]);
  });
});

describe('consent', () => {
  const call = (name: string, args: object) => {
    const parsed = parseToolCall(name, args);
    assert.ok('call' in parsed);
    return parsed.call;
  };

  it('runs reads at once, asks before anything that changes the program, and refuses those in read-only mode', () => {
    assert.deepEqual(consentFor(call('debugger_variables', {}), 'ask', 'javascript'), { kind: 'free' });
    assert.deepEqual(consentFor(call('debugger_evaluate', { expression: 'a.b' }), 'ask', 'javascript'), { kind: 'free' });
    assert.deepEqual(consentFor(call('debugger_set_breakpoint', { path: 'app.js', line: 14, condition: 'i === 2' }), 'ask', 'javascript'), {
      kind: 'ask',
      reason: 'sets a conditional breakpoint at app.js:14',
    });
    assert.equal(consentFor(call('debugger_evaluate', { expression: 'items.pop()' }), 'ask', 'javascript').kind, 'ask');
    assert.equal(consentFor(call('debugger_continue', {}), 'readOnly', 'javascript').kind, 'refused');
    assert.equal(consentFor(call('debugger_evaluate', { expression: 'x = 1' }), 'readOnly', 'python').kind, 'refused');
    assert.equal(consentFor(call('debugger_state', {}), 'off', 'javascript').kind, 'refused');
  });
});

describe('tool results', () => {
  it('redacts secret-looking names and secrets in text, at any depth', () => {
    const response = okResponse({
      variables: [
        { name: 'apiKey', value: "'sk-live-123'", type: 'string', children: [{ name: 'x', value: '1' }] },
        { name: 'count', value: '3' },
      ],
      nested: { password: 'hunter2', note: 'Authorization: Bearer abcdefghijklmnop' },
    });
    assert.ok(response.status === 'ok');
    const text = JSON.stringify(response.result);
    assert.doesNotMatch(text, /sk-live-123|hunter2|abcdefghijklmnop/);
    assert.match(text, /"count","value":"3"/);
  });

  it('keeps every result within about 2,000 tokens, saying it was cut', () => {
    const huge = { variables: Array.from({ length: 500 }, (_, i) => ({ name: `v${i}`, value: 'z'.repeat(5_000) })), source: 'y'.repeat(100_000) };
    const response = okResponse(huge);
    assert.ok(JSON.stringify(response).length <= MAX_RESULT_CHARS + 200, `${JSON.stringify(response).length} characters`);
    assert.ok(response.status === 'ok' && response.truncated === true);
    assert.deepEqual(okResponse({ small: 1 }), { status: 'ok', result: { small: 1 } });
  });
});
