import assert from 'node:assert/strict';
import { boundCode, problemPrompt } from '../../src/core/context/problemContext';
import { cleanTerminalText, terminalPrompt } from '../../src/core/context/terminalContext';

describe('problem turn', () => {
  const problem = { severity: 'Error' as const, line: 26, message: "Argument of type 'number' is not assignable\nto parameter of type 'string'.", source: 'ts', code: '2345' };

  it('holds the diagnostic, the file and language, the enclosing function and other problems there', () => {
    const { text, card } = problemPrompt({
      problem,
      path: 'orders.js',
      languageId: 'javascript',
      code: { startLine: 25, endLine: 27, text: 'function itemCount(order) {\n  return parseInt(order.items.length, 10);\n}', symbol: 'itemCount' },
      others: [{ severity: 'Warning', line: 25, message: 'unused' }],
    });
    assert.equal(
      text,
      [
        "**Problem** \u00b7 Error: Argument of type 'number' is not assignable to parameter of type 'string'.",
        "`orders.js`, line 26 (javascript):\n- Error at line 26 (ts 2345): Argument of type 'number' is not assignable to parameter of type 'string'.",
        'The enclosing function `itemCount`, lines 25-27:\n```javascript\nfunction itemCount(order) {\n  return parseInt(order.items.length, 10);\n}\n```',
        'Other problems in this code:\n- Warning at line 25: unused',
        'Explain this problem and show how to fix it.',
      ].join('\n\n'),
    );
    assert.deepEqual(card, {
      kind: 'problem',
      title: "Error: Argument of type 'number' is not assignable to parameter of type 'string'.",
      question: 'Explain this problem and show how to fix it.',
    });
  });

  it('says "the code around it" without a function, redacts secrets in the code, and takes the question', () => {
    const { text } = problemPrompt(
      { problem: { severity: 'Warning', line: 2, message: 'm' }, path: 'a.py', languageId: 'python', code: { startLine: 1, endLine: 3, text: "a = 1\nAPI_KEY = 'k'\nb = 2" } },
      'Is it bad?',
    );
    assert.equal(
      text,
      "**Problem** \u00b7 Warning: m\n\n`a.py`, line 2 (python):\n- Warning at line 2: m\n\nThe code around it, lines 1-3:\n```python\na = 1\nAPI_KEY = '<redacted>'\nb = 2\n```\n\nIs it bad?",
    );
  });

  it('cuts a long function to the lines around the problem', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n');
    const cut = boundCode({ startLine: 1, endLine: 200, text, symbol: 'big' }, 150);
    assert.deepEqual([cut.startLine, cut.endLine, cut.symbol], [110, 189, undefined]);
    assert.equal(cut.text.split('\n')[0], 'line 110');
    assert.equal(boundCode({ startLine: 1, endLine: 200, text, symbol: 'big' }, 199).endLine, 200);
    assert.deepEqual(boundCode({ startLine: 5, endLine: 6, text: 'a\nb\n', symbol: 's' }, 5), { startLine: 5, endLine: 6, text: 'a\nb', symbol: 's' });
  });
});

describe('terminal turn', () => {
  it('strips escape sequences and trailing blanks, and redacts secrets', () => {
    const text = terminalPrompt(
      'bash',
      '\n\u001b[1;31mFAIL\u001b[0m test/a.test.js  \r\n\u001b]0;title\u0007  expected 1, got 2\nexport GITHUB_TOKEN=ghp_abc\n\n',
      'What failed?',
    )?.text;
    assert.equal(
      text,
      '**Terminal output** \u00b7 bash (3 lines)\n\nOutput selected in the terminal "bash":\n\n```text\nFAIL test/a.test.js\n  expected 1, got 2\nexport GITHUB_TOKEN=<redacted>\n```\n\nWhat failed?',
    );
  });

  it('keeps the last lines of long output and says so', () => {
    const long = Array.from({ length: 250 }, (_, i) => `l${i + 1}`).join('\n');
    const clean = cleanTerminalText(long);
    assert.deepEqual([clean.lines, clean.omitted, clean.text.split('\n')[0]], [250, 50, 'l51']);
    assert.match(terminalPrompt('zsh', long)!.text, /^\*\*Terminal output\*\* · zsh \(250 lines\)\n\nOutput selected in the terminal "zsh" \(the last 200 of 250 lines\):/);
  });

  it('sends nothing for an empty selection', () => {
    assert.equal(terminalPrompt('bash', ' \n\u001b[0m\n'), undefined);
  });
});
