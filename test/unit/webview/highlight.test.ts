// Syntax highlighting of code blocks (src/webview/highlight.ts) in Node with jsdom: a finished
// block gets token spans in idle time, an open fence never does, unknown languages stay plain,
// the output is nothing but our spans around the code's exact text, and Copy copies that text.
import { mount, posted, resetDom, runFrames, runIdle } from './dom';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarOf } from '../../../src/webview/highlight';
import { codeTextOf } from '../../../src/webview/codeToolbar';
import { MarkdownBody } from '../../../src/webview/markdownBody';
import { MessageList } from '../../../src/webview/messages';

const TOKEN_CLASSES = new Set(
  ['keyword', 'literal', 'type', 'function', 'variable', 'string', 'regexp', 'number', 'meta', 'comment', 'subst', 'addition', 'deletion'].map((k) => `tok-${k}`),
);

/** A body rendered as a stream would render it: `text` so far, `final` when the answer is done. */
function streamed(text: string, final: boolean, body = mount()): { body: HTMLElement; view: MarkdownBody } {
  const view = new MarkdownBody(body, 'model');
  view.render(text, final);
  return { body, view };
}

/** The token spans in the code of `el`, as "class:text". */
function tokens(el: Element): string[] {
  return Array.from(el.querySelectorAll('code span'), (span) => `${span.className}:${span.textContent}`);
}

/** What is not ours inside highlighted code: any element but a span with one token class, any other attribute. */
function strangers(code: Element): string[] {
  const found: string[] = [];
  for (const el of Array.from(code.querySelectorAll('*'))) {
    if (el.tagName !== 'SPAN') found.push(`<${el.tagName.toLowerCase()}>`);
    for (const attr of Array.from(el.attributes)) {
      if (attr.name !== 'class') found.push(`[${attr.name}]`);
      else if (!TOKEN_CLASSES.has(attr.value)) found.push(`.${attr.value}`);
    }
  }
  return found;
}

describe('code highlighting (jsdom)', () => {
  beforeEach(resetDom);

  it('highlights a finished TypeScript block in idle time, not before', async () => {
    const { body } = streamed('Fix:\n\n```ts\nconst limit: number = 10; // at most\nfunction f() { return "x"; }\n```\n\nThen run it.', false);
    const code = body.querySelector('pre code')!;
    assert.deepEqual(tokens(code), [], 'nothing in the frame that showed it');
    await runIdle();
    const found = tokens(code);
    for (const token of ['tok-keyword:const', 'tok-type:number', 'tok-number:10', 'tok-comment:// at most', 'tok-function:f', 'tok-string:"x"', 'tok-keyword:return']) {
      assert.ok(found.includes(token), `${token} in ${found.join(', ')}`);
    }
    assert.equal(code.textContent, 'const limit: number = 10; // at most\nfunction f() { return "x"; }\n');
  });

  it('never highlights an open fence while the answer streams; the finished answer highlights it', async () => {
    const body = mount();
    const view = new MarkdownBody(body, 'model');
    view.render('Intro.\n\n```ts\nconst a = 1;\n', false);
    await runIdle();
    assert.deepEqual(tokens(body), [], 'a growing fence');
    view.render('Intro.\n\n```ts\nconst a = 1;\n```\n', false);
    await runIdle();
    assert.deepEqual(tokens(body), [], 'a closed fence that is still the last block');
    view.render('Intro.\n\n```ts\nconst a = 1;\n```\n', true);
    await runIdle();
    assert.ok(tokens(body).includes('tok-keyword:const'), tokens(body).join(', '));
  });

  it('highlights a frozen block once: more text after it leaves its nodes alone', async () => {
    const body = mount();
    const view = new MarkdownBody(body, 'model');
    view.render('```py\ndef f(x):\n    return None\n```\n\nMore', false);
    await runIdle();
    const first = body.querySelector('pre code span');
    assert.ok(first, 'highlighted');
    const shown = body.querySelector('pre code')!.innerHTML;
    view.render('```py\ndef f(x):\n    return None\n```\n\nMore text, and\n\n```py\nx = 2\n```\n\nend', false);
    await runIdle();
    assert.equal(body.querySelector('pre code span'), first, 'the same nodes');
    assert.equal(body.querySelector('pre code')!.innerHTML, shown);
    assert.ok(tokens(body.querySelectorAll('pre code')[1]!).includes('tok-number:2'), 'the second block, once frozen');
  });

  it('maps the usual aliases to grammars and leaves unknown languages plain', async () => {
    assert.equal(grammarOf('js'), 'javascript');
    assert.equal(grammarOf('TS'), 'typescript');
    assert.equal(grammarOf('py'), 'python');
    assert.equal(grammarOf('sh'), 'bash');
    assert.equal(grammarOf('c++'), 'cpp');
    assert.equal(grammarOf('C#'), 'csharp');
    assert.equal(grammarOf('yml'), 'yaml');
    assert.equal(grammarOf('html'), 'xml');
    assert.equal(grammarOf('rust'), 'rust');
    assert.equal(grammarOf('klingon'), undefined);
    assert.equal(grammarOf('constructor'), undefined, 'no inherited names');
    assert.equal(grammarOf(''), undefined);

    const { body } = streamed('```sh\nexport PATH="$HOME/bin" # x\n```\n\n```c++\nint main() { return 0; }\n```\n\n```klingon\nconst x = 1;\n```\n\n```\nconst y = 2;\n```', true);
    await runIdle();
    const [sh, cpp, klingon, none] = Array.from(body.querySelectorAll('pre code'));
    assert.ok(tokens(sh!).includes('tok-comment:# x') && tokens(sh!).includes('tok-variable:$HOME'), tokens(sh!).join(', '));
    assert.ok(tokens(cpp!).includes('tok-type:int'), tokens(cpp!).join(', '));
    for (const plain of [klingon!, none!]) {
      assert.equal(plain.children.length, 0, 'plain text');
    }
    assert.equal(klingon!.textContent, 'const x = 1;\n');
  });

  it('builds only token spans around the exact text, whatever the code holds', async () => {
    const corpus = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'xss-corpus.json'), 'utf8')) as { markdown: string }[];
    const codes = [
      '<script>alert(1)</script>\n<img src=x onerror="alert(1)">\n<a href="javascript:alert(1)">x</a>',
      'const s = `</code><img src=x onerror=alert(1)>${"<svg onload=alert(1)>"}`;\n// <iframe srcdoc="<script>x</script>">',
      'print("<style>*{display:none}</style>")  # &lt;b&gt; &amp; &#x3C;',
      ...corpus.map((p) => p.markdown.replace(/```|~~~/g, "'''")),
    ];
    const languages = ['html', 'js', 'ts', 'python', 'bash', 'markdown', 'css', 'json', 'php'];
    const fences = codes.flatMap((code, i) => [{ lang: languages[i % languages.length]!, code }]);
    const { body } = streamed(fences.map(({ lang, code }) => `~~~~${lang}\n${code}\n~~~~\n`).join('\n'), true);
    await runIdle(50, 20);
    const blocks = Array.from(body.querySelectorAll('pre code'));
    assert.equal(blocks.length, fences.length);
    let highlighted = 0;
    for (const [i, code] of blocks.entries()) {
      assert.deepEqual(strangers(code), [], `block ${i} (${fences[i]!.lang})`);
      assert.equal(code.textContent, `${fences[i]!.code}\n`, `block ${i} keeps its text`);
      if (code.querySelector('span')) highlighted++;
    }
    assert.ok(highlighted > fences.length / 2, `${highlighted} of ${fences.length} highlighted`);
  });

  it('copies the plain code of a highlighted block', async () => {
    const code = 'def total(items):\n    return sum(i.price for i in items)  # "free" <b>\n\n\tdone = True';
    const log = mount();
    const list = new MessageList(log);
    list.setMessages([{ id: 'a', role: 'model', text: `Here:\n\n\`\`\`python\n${code}\n\`\`\`` }]);
    runFrames();
    await runIdle();
    const block = log.querySelector('.code-block')!;
    assert.ok(block.querySelector('pre code span'), 'highlighted');
    assert.equal(codeTextOf(block), code);
    block.querySelector<HTMLButtonElement>('[data-code-action="copy"]')!.click();
    assert.deepEqual(posted, [{ type: 'copy', text: code }]);
  });
});
