// npm run bench: speed and size, each as a ratio against a baseline measured in the same run on
// the same machine, so the numbers compare across machines. Writes BENCHMARKS.md.
//   node scripts/bench.mjs [--only size,vsix,load,core,streaming,conversations,render,investigation]
// runs only those sections and updates only their rows in BENCHMARKS.md.
//   1. bundle size      our production bundles vs bundles of their dependencies alone; the chat
//                       view's main chunk vs its 150 KB budget, its lazy grammar chunks vs it
//      .vsix size       the packaged extension vs its files gzipped alone (what packaging adds)
//   2. extension load   loading dist/extension.js vs loading the Gemini SDK alone (fresh Node each time)
//   3. chat loading     repairing a 50-turn stored chat vs a plain deep copy of it
//   4. request building budget + copy of a 200-turn history vs a plain deep copy of it
//   5. redaction        200,000 characters vs ten times 20,000 (linear time: about 1)
//   6. streaming        a 2,000-chunk answer through our adapter vs the bare SDK's generateContentStream on the same stream
//   8. render           the chat view streaming a long answer in chromium: busy time against a
//                       whole render per frame and per chunk, longest task, frame cost early vs late
//   9. investigation    in a real VS Code with js-debug (test/integration/suite/investigation.bench.ts):
//                       tokens one investigation step adds vs one full snapshot; debugger_variables
//                       vs the bare DAP requests for the same data
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { benchRender } from './benchRender.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SECTIONS = ['size', 'vsix', 'load', 'core', 'streaming', 'conversations', 'render', 'investigation'];
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : SECTIONS;
const unknownSections = only.filter((name) => !SECTIONS.includes(name));
if (unknownSections.length > 0 || only.length === 0) {
  console.error(`unknown section(s) ${unknownSections.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const runs = (section) => only.includes(section);

function build(args) {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(1);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of `runs` calls of fn, after a warm-up. */
async function time(fn, runs) {
  for (let i = 0; i < 3; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => `${value.toFixed(value < 1 ? 3 : 1)} ms`;
const rows = [];
function row(name, ours, baseline, ratio, what) {
  rows.push({ name, ours, baseline, ratio: ratio.toFixed(2), what });
  console.log(`${name}: ${ours} vs ${baseline} -> ${ratio.toFixed(2)}x`);
}

const scratch = mkdtempSync(join(tmpdir(), 'gda-bench-'));

// 1. Bundle size ---------------------------------------------------------------------------------
if (runs('size')) {
  build(['--production']);
  async function bundleOf(contents, platform) {
    const outfile = join(scratch, `${platform}-${rows.length}.js`);
    await esbuild.build({ stdin: { contents, resolveDir: root }, bundle: true, minify: true, platform, format: platform === 'node' ? 'cjs' : 'iife', outfile, logLevel: 'error' });
    return readFileSync(outfile);
  }
  // The chat view loads dist/webview.js and the chunks it imports statically; the grammars'
  // chunks are imported (dynamically) only when a code block needs one.
  const webview = readFileSync(join(root, 'dist/webview.js'));
  const staticChunks = [...webview.toString().matchAll(/(?:from|import)\s*"\.\/(chunks\/[^"]+)"/g)].map((m) => m[1]);
  const webviewMain = Buffer.concat([webview, ...staticChunks.map((chunk) => readFileSync(join(root, 'dist', chunk)))]);
  const lazyChunks = readdirSync(join(root, 'dist/chunks')).filter((file) => !staticChunks.includes(`chunks/${file}`));
  const lazyBytes = lazyChunks.reduce((sum, file) => sum + readFileSync(join(root, 'dist/chunks', file)).length, 0);
  for (const [name, ours, deps, platform, what] of [
    [
      'extension bundle',
      readFileSync(join(root, 'dist/extension.js')),
      "export * from '@google/generative-ai';",
      'node',
      'minified dist/extension.js vs its dependencies bundled alone',
    ],
    [
      'webview bundle',
      webviewMain,
      "import { marked } from 'marked'; import DOMPurify from 'dompurify'; import hljs from 'highlight.js/lib/core'; globalThis.x = [marked, DOMPurify, hljs];",
      'browser',
      "the chat view's minified main chunk (dist/webview.js and its static imports) vs marked, DOMPurify and the highlight.js core bundled alone",
    ],
  ]) {
    const baseline = await bundleOf(deps, platform);
    row(`${name} (gzip)`, kib(gzipSync(ours).length), kib(gzipSync(baseline).length), gzipSync(ours).length / gzipSync(baseline).length, what);
  }
  const budget = 150_000;
  row(
    'webview main chunk (minified)',
    kib(webviewMain.length),
    `${kib(budget)} budget`,
    webviewMain.length / budget,
    'what the chat view loads at start, highlighter core included, vs its budget of 150 KB: at most 1',
  );
  row(
    `webview grammar chunks (${lazyChunks.length}, minified)`,
    kib(lazyBytes),
    kib(webviewMain.length),
    lazyBytes / webviewMain.length,
    'all highlighting grammars together, each a chunk loaded only when a code block needs it, vs the main chunk',
  );
}

// .vsix size -------------------------------------------------------------------------------------
if (runs('vsix')) {
  const packaged = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: root, stdio: 'inherit' });
  if (packaged.status !== 0) process.exit(1);
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsixBytes = statSync(join(root, `${name}-${version}.vsix`)).size;
  // What the package must hold (scripts/package.mjs checks that it holds nothing else), each file gzipped alone.
  // Its entries as scripts/vsix-files.json names them, plus the grammar chunks, mapped back to the files they come from.
  const renamed = { 'readme.md': 'dist/README.md', 'changelog.md': 'CHANGELOG.md', 'LICENSE.txt': 'LICENSE' };
  const payload = [
    ...JSON.parse(readFileSync(join(root, 'scripts/vsix-files.json'), 'utf8'))
      .filter((entry) => entry.startsWith('extension/'))
      .map((entry) => entry.slice('extension/'.length))
      .map((file) => renamed[file] ?? file),
    ...readdirSync(join(root, 'dist/chunks')).map((file) => `dist/chunks/${file}`),
  ];
  const payloadBytes = payload.reduce((sum, file) => sum + gzipSync(readFileSync(join(root, file))).length, 0);
  row('.vsix size', kib(vsixBytes), kib(payloadBytes), vsixBytes / payloadBytes, `the packaged .vsix vs its ${payload.length} files gzipped one by one: what packaging adds`);
}

// 2. Extension load ------------------------------------------------------------------------------
if (runs('load')) {
  if (!runs('size')) build(['--production']);
  const stub = join(scratch, 'load.cjs');
  writeFileSync(
    stub,
    `
const Module = require('module');
const load = Module._load;
// A stand-in for 'vscode' where every name is a callable, constructible stand-in too (esbuild's
// interop reads names through the module's prototype).
const deep = () => new Proxy(function () {}, { get: (_, key) => (typeof key === 'symbol' || key === 'then' ? undefined : deep()), apply: () => deep(), construct: () => deep() });
const vscode = Object.create(deep());
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const start = process.hrtime.bigint();
require(process.argv[2]);
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`,
  );
  function loadTime(target) {
    const samples = [];
    for (let i = 0; i < 15; i++) {
      const result = spawnSync(process.execPath, [stub, target], { encoding: 'utf8' });
      if (result.status !== 0 || !result.stdout) throw new Error(`loading ${target} failed:\n${result.stderr}`);
      samples.push(Number(result.stdout));
    }
    return median(samples);
  }
  const extensionLoad = loadTime(join(root, 'dist', 'extension.js'));
  const sdkLoad = loadTime(require.resolve('@google/generative-ai'));
  row('extension load', ms(extensionLoad), ms(sdkLoad), extensionLoad / sdkLoad, 'require(dist/extension.js) vs require(@google/generative-ai), median of 15 fresh processes');
}

// 3 and 4: core work on large chats ------------------------------------------------------------
build(['--tests']);
const turn = (role, i) => ({ role, parts: [{ text: `${role} turn ${i}: ${'some code and prose '.repeat(40)}` }] });
const chatOf = (n) => ({ version: 1, history: Array.from({ length: n }, (_, i) => turn(i % 2 ? 'model' : 'user', i)) });
if (runs('core')) {
  const { repairStoredChat } = require(join(root, 'out/src/core/chat/storedChat.js'));
  const { fitToBudget } = require(join(root, 'out/src/core/chat/budget.js'));
  const { cloneHistory } = require(join(root, 'out/src/core/chat/history.js'));
  const deepCopy = (value) => JSON.parse(JSON.stringify(value));

  const stored = chatOf(50);
  const repair = await time(() => repairStoredChat(stored), 200);
  const copy50 = await time(() => deepCopy(stored), 200);
  row('chat loading (50 turns)', ms(repair), ms(copy50), repair / copy50, 'repairStoredChat (validate and rebuild) vs JSON deep copy');

  const long = chatOf(201).history;
  const budgeted = await time(() => fitToBudget(cloneHistory(long), 20_000), 200);
  const copy200 = await time(() => deepCopy(long), 200);
  row('request building (201 turns)', ms(budgeted), ms(copy200), budgeted / copy200, 'fitToBudget(cloneHistory(history)) vs JSON deep copy');

  // Redaction scales linearly with the text (no backtracking on long runs of name characters) --
  const { redactSecretsInText } = require(join(root, 'out/src/core/context/redaction.js'));
  const longRun = 'a-'.repeat(100_000);
  const shortRun = 'a-'.repeat(10_000);
  const redactLong = await time(() => redactSecretsInText(longRun), 20);
  const redactShort = await time(() => redactSecretsInText(shortRun), 20);
  row(
    'redaction (200,000 characters)',
    ms(redactLong),
    ms(redactShort * 10),
    redactLong / (redactShort * 10),
    'redactSecretsInText on 200,000 characters vs ten times its time on 20,000: about 1 when linear',
  );
}

// 5. Streaming ----------------------------------------------------------------------------------
if (runs('streaming')) {
  const { startFakeGemini } = require(join(root, 'out/test/gemini-server/server.js'));
  const { createGeminiClient } = require(join(root, 'out/src/core/gemini/geminiClient.js'));
  const { GoogleGenerativeAI } = require('@google/generative-ai');
  const server = await startFakeGemini();
  const chunks = Array.from({ length: 2000 }, (_, i) => `word${i} `);
  const history = [{ role: 'user', parts: [{ text: 'stream a long answer' }] }];
  const client = createGeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: server.url, systemInstruction: '', timeoutMs: 60_000 });
  const sdk = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: server.url });
  // Interleaved, so that drift in the machine's speed falls on both alike.
  const adapterSamples = [];
  const sdkSamples = [];
  const sample = async (samples, fn) => {
    server.script({ text: chunks });
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  };
  const viaAdapter = () => client.stream({ history, signal: new AbortController().signal, onText: () => undefined });
  // The bare SDK, read as a caller would: every chunk's text, then the aggregated response.
  const viaSdk = async () => {
    const result = await sdk.generateContentStream({ contents: history }, { signal: new AbortController().signal });
    for await (const chunk of result.stream) chunk.text();
    await result.response;
  };
  for (let i = 0; i < 25; i++) {
    await sample(i < 3 ? [] : adapterSamples, viaAdapter);
    await sample(i < 3 ? [] : sdkSamples, viaSdk);
  }
  await server.close();
  const [ours, bare] = [median(adapterSamples), median(sdkSamples)];
  row(
    'streaming (2,000 chunks)',
    ms(ours),
    ms(bare),
    ours / bare,
    "our adapter vs the bare SDK's generateContentStream reading the same stream from the local server (target at most 1.05)",
  );
}

// 7. Conversations: flat in their number -------------------------------------------------------
if (runs('conversations')) {
  const { Conversations } = require(join(root, 'out/src/core/conversations/conversations.js'));
  const { ConversationFiles } = require(join(root, 'out/src/core/conversations/conversationFiles.js'));
  const { NodeFileSystem } = require(join(root, 'out/test/support/nodeFileSystem.js'));
  /** A workspace with `count` conversations of 200 turns; `switchOnce` saves the open one and opens another. */
  async function workspaceOf(count) {
    let open = { ...chatOf(200), chatId: 'c0' };
    let index;
    const conversations = new Conversations({
      index: { load: () => index, save: async (value) => void (index = JSON.parse(JSON.stringify(value))) },
      files: new ConversationFiles(new NodeFileSystem(mkdtempSync(join(scratch, 'conversations-'))), 'ws'),
      current: () => open,
      open: async (chat) => void (open = chat),
      park: () => undefined,
      retitle: () => undefined,
      notify: () => undefined,
    });
    for (let i = 1; i < count; i++) await conversations.openAsNew(chatOf(200));
    return {
      // To the newest other: back and forth between two of them.
      switchOnce: () => conversations.switchTo(conversations.list().find((c) => !c.open).id),
      stateBytes: () => JSON.stringify(index).length + JSON.stringify(open).length,
    };
  }
  const few = await workspaceOf(2);
  const many = await workspaceOf(50);
  const switchFew = await time(few.switchOnce, 30);
  const switchMany = await time(many.switchOnce, 30);
  row(
    'switch conversation (50 × 200 turns)',
    ms(switchMany),
    ms(switchFew),
    switchMany / switchFew,
    'write the open conversation to its file and open another, with 50 conversations of 200 turns vs with 2',
  );
  row(
    'globalState bytes (50 conversations)',
    kib(many.stateBytes()),
    kib(few.stateBytes()),
    many.stateBytes() / few.stateBytes(),
    'the index and the open conversation (200 turns) with 50 conversations vs with 2: the others are files',
  );
}

// 8. Streaming render, in chromium (scripts/benchRender.mjs) -------------------------------------
if (runs('render')) {
  const render = await benchRender(root);
  const setting = `${(render.answerBytes / 1000).toFixed(0)} KB answer in ${render.chunks} chunks over a ${(render.transcriptBytes / 1000).toFixed(0)} KB transcript`;
  const { ours, perFrame, perChunk } = render;
  for (const [name, mine, baseline, what] of [
    [
      'render busy vs per-frame floor',
      ours.busy,
      perFrame.busy,
      `main-thread busy (Chrome TaskDuration) while a ${setting} streams: our view vs rendering the whole message once per animation frame`,
    ],
    ['render busy vs per-chunk render', ours.busy, perChunk.busy, 'the same, vs rendering the whole message on every chunk'],
    ['render longest task', ours.longest, perFrame.longest, 'the longest piece of work (a frame with its layout, or a chunk) in our view vs in the per-frame floor'],
    [
      'render frame cost, chunk 900 vs 100',
      ours.frameAt900,
      ours.frameAt100,
      `median frame (render and layout) near chunk 900 vs near chunk 100 in our view: about 1 when flat in the answer's length (the floor: ${ms(perFrame.frameAt900)} vs ${ms(perFrame.frameAt100)})`,
    ],
  ]) {
    row(name, ms(mine), ms(baseline), mine / baseline, what);
  }
}

// 9. Investigation, in a real VS Code ------------------------------------------------------------
if (runs('investigation')) {
  const setup = spawnSync(process.execPath, ['scripts/setup-code-server.mjs'], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) process.exit(1);
  const benchFile = join(scratch, 'investigation.json');
  const vscodeRun = spawnSync(process.execPath, [join(root, 'out/test/integration/runTests.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GDA_BENCH_FILE: benchFile },
    timeout: 10 * 60_000,
  });
  if (vscodeRun.status !== 0) process.exit(1);
  const { tokens, readTool } = JSON.parse(readFileSync(benchFile, 'utf8'));
  row(
    'investigation step (tokens)',
    `${Math.round(tokens.perStep)} tokens`,
    `${tokens.snapshot} tokens`,
    tokens.perStep / tokens.snapshot,
    `what one debugger call and its result add to every later request (mean of ${tokens.steps.length} steps) vs one full exception snapshot (Ask About This Exception), crash.js`,
  );
  row(
    'read tool against js-debug',
    ms(readTool.ours),
    ms(readTool.bare),
    readTool.ours / readTool.bare,
    'debugger_variables as a round runs it (checks, bounds, redaction) vs the bare DAP stackTrace, scopes and variables requests for the same data; median of 25',
  );
}

rmSync(scratch, { recursive: true, force: true });
build([]);

const line = (r) => `| ${r.name} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.what} |`;
/** A run of some sections replaces their rows in the table as it was (in place, new ones at the end) and keeps the others. */
function mergedRows() {
  const lines = rows.map(line);
  if (only.length === SECTIONS.length || !existsSync(join(root, 'BENCHMARKS.md'))) return lines;
  const kept = readFileSync(join(root, 'BENCHMARKS.md'), 'utf8')
    .split('\n')
    .filter((text) => text.startsWith('| ') && !text.startsWith('| benchmark |'));
  const nameOf = (text) => text.slice(2, text.indexOf(' |', 2));
  const fresh = new Map(rows.map((r) => [r.name, line(r)]));
  const merged = kept.map((text) => fresh.get(nameOf(text)) ?? text);
  return [...merged, ...rows.filter((r) => !kept.some((text) => nameOf(text) === r.name)).map(line)];
}
const table = ['| benchmark | ours | baseline | ratio | what is compared |', '|---|---|---|---|---|', ...mergedRows()];
writeFileSync(
  join(root, 'BENCHMARKS.md'),
  `# Benchmarks

Written by \`npm run bench\` (scripts/bench.mjs). Every number is a median on this machine; the
ratio against a baseline measured in the same run is what to compare across machines and commits
(lower is better; 1.00 means no cost over the baseline).

Last run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}.

${table.join('\n')}
`,
);
console.log('Wrote BENCHMARKS.md');
