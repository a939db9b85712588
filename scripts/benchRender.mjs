// The chat view's streaming render in Debian's chromium (test/bench/renderPage.ts): a 50 KB answer
// in 1,000 chunks over a transcript of about 190 KB, rendered by the view, by a whole render per
// animation frame (the floor) and by a whole render per chunk. Main-thread busy time comes from
// Chrome's own TaskDuration metric (everything the renderer's main thread did, layout and style
// included); the longest task and the cost of a frame from timing each piece of work in the page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const RUNS = 3;
const CHUNKS = 1000;
const CHUNK_INTERVAL_MS = 4;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A deterministic split of `text` into `count` pieces of uneven size. */
function split(text, count) {
  const pieces = [];
  let seed = 7;
  const cuts = Array.from({ length: count - 1 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  })
    .map((r) => Math.floor(r * text.length))
    .sort((a, b) => a - b);
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    pieces.push(text.slice(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  return pieces.filter((p) => p !== '');
}

/** Answer-like markdown: the recorded long answer (real model output), repeated, with code blocks between. */
function answerText(root, bytes) {
  const recording = readFileSync(join(root, 'test/fixtures/recordings/googleai/streaming-success-basic-reply-long.txt'), 'utf8');
  let recorded = '';
  for (const line of recording.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    for (const part of JSON.parse(line.slice(6)).candidates?.[0]?.content?.parts ?? []) recorded += part.text ?? '';
  }
  const code = '```js\n' + Array.from({ length: 20 }, (_, i) => `const value${i} = compute(${i}, items[${i}]);`).join('\n') + '\n```\n\n';
  let text = '';
  while (text.length < bytes) text += `${recorded}\n\n${code}`;
  return text.slice(0, bytes);
}

/** Busy, longest task and frame cost for each renderer, medians of RUNS runs. */
export async function benchRender(root) {
  const built = await esbuild.build({
    entryPoints: [join(root, 'test/bench/renderPage.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const script = built.outputFiles[0].text;
  const css = readFileSync(join(root, 'media/chat.css'), 'utf8');
  const answer = answerText(root, 50_000);
  const chunks = split(answer, CHUNKS);
  const transcript = [];
  for (let i = 0; transcript.reduce((n, m) => n + m.text.length, 0) < 190_000; i++) {
    transcript.push({ id: `t${2 * i}`, role: 'user', text: `Question ${i}: why does \`total\` come out wrong after the loop in \`cart.js\`?` });
    transcript.push({ id: `t${2 * i + 1}`, role: 'model', text: answerText(root, 9_000) });
  }

  const browser = await chromium.launch({
    executablePath: process.env.GDA_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent(
      `<!doctype html><html><head><style>${css}\nhtml,body{height:100%;margin:0}#scroller{height:100%;overflow:auto}</style></head>` +
        `<body><div id="scroller"><div id="log"></div></div>` +
        `<script>globalThis.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script><script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`,
    );
    if (errors.length > 0) throw new Error(`the bench page failed: ${errors.join('; ')}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;

    const results = {};
    for (const mode of ['perFrame', 'ours', 'perChunk']) {
      const runs = [];
      for (let i = 0; i < RUNS + 1; i++) {
        await page.evaluate((input) => globalThis.prepareRenderBench(input), { mode, transcript, chunks, chunkIntervalMs: CHUNK_INTERVAL_MS });
        const before = await taskMs();
        const run = await page.evaluate(() => globalThis.runRenderBench());
        const busy = (await taskMs()) - before;
        if (run.shown.replace(/\s+/g, '').length === 0) throw new Error(`${mode}: the answer did not show`);
        const frames = run.tasks.filter((t) => t.frame || mode === 'perChunk');
        const near = (chunk) => median(frames.filter((t) => Math.abs(t.chunk - chunk) <= 15).map((t) => t.ms));
        if (i > 0) runs.push({ busy, longest: Math.max(...run.tasks.map((t) => t.ms)), frameAt100: near(100), frameAt900: near(900), renders: frames.length });
      }
      results[mode] = Object.fromEntries(Object.keys(runs[0]).map((key) => [key, median(runs.map((r) => r[key]))]));
      console.log(mode, results[mode]);
    }
    return { ...results, answerBytes: answer.length, chunks: chunks.length, transcriptBytes: transcript.reduce((n, m) => n + m.text.length, 0) };
  } finally {
    await browser.close();
  }
}
