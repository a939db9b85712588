import assert from 'node:assert/strict';
import { fenced, formatProblem, selectionPrompt } from '../../src/core/context/prompts';

describe('Ask Gemini user turn', () => {
  it('holds the path, line range, a fenced block with the language, the problems and the question', () => {
    const { text } = selectionPrompt(
      { path: 'src/app.js', languageId: 'javascript', startLine: 3, endLine: 5, code: 'function f() {\n  return x;\n}\n' },
      [{ severity: 'Error', line: 4, message: "'x' is not defined.", source: 'eslint', code: 'no-undef' }],
      'Why does this fail?',
    );
    assert.equal(
      text,
      [
        '`src/app.js`, lines 3-5 (javascript):',
        '```javascript\nfunction f() {\n  return x;\n}\n```',
        "Problems reported in this code:\n- Error at line 4 (eslint no-undef): 'x' is not defined.",
        'Why does this fail?',
      ].join('\n\n'),
    );
  });

  it('asks a default question and says "line" for one line', () => {
    const { text } = selectionPrompt({ path: 'a.py', languageId: 'python', startLine: 7, endLine: 7, code: 'print(x)' }, [], '  ');
    assert.equal(text, '`a.py`, line 7 (python):\n\n```python\nprint(x)\n```\n\nExplain what this code does and point out any bugs.');
  });

  it('uses a fence longer than any backtick run in the code', () => {
    assert.equal(fenced('a ``` b ```` c', 'md'), '`````md\na ``` b ```` c\n`````');
  });

  it('keeps a multi-line problem message on one line', () => {
    assert.equal(formatProblem({ severity: 'Warning', line: 2, message: 'first\n  second' }), '- Warning at line 2: first second');
  });
});
