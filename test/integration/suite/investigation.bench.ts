// Figures for `npm run bench` (loaded instead of the tests when GDA_BENCH_FILE is set), measured
// in a real VS Code with js-debug on crash.js stopped at its uncaught exception:
//   - tokens: what one investigation step (a call and its result) adds to every later request,
//     against what one full snapshot (the exception turn of Ask About This Exception) adds;
//   - time: debugger_variables as a Gemini round runs it (checks, bounds, redaction), against
//     the bare DAP requests that fetch the same data.
// Writes {"tokens": {...}, "readTool": {...}} to GDA_BENCH_FILE.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { estimateTokens } from '../../../src/core/chat/budget';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import type { WireContent } from '../../gemini-server/server';
import { activateApi, stopAtUncaughtException, useLocalGemini, type Stopped } from './helpers';

const RUNS = 25;

/** The budget's estimate of what a request carries. */
const tokensOf = (contents: readonly WireContent[]) => estimateTokens(contents.map((c) => ({ role: c.role === 'model' ? 'model' : 'user', parts: c.parts })));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median milliseconds of each of `fns`, run in turns (so that neither gains from running later), after a warm-up. */
async function medianMs(...fns: (() => Promise<unknown>)[]): Promise<number[]> {
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < RUNS + 3; i++) {
    for (const [k, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      if (i >= 3) samples[k]!.push(performance.now() - start);
    }
  }
  return samples.map(median);
}

describe('bench: investigation with js-debug', function () {
  this.timeout(180_000);
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;
  let stopped: Stopped;
  const disposables: vscode.Disposable[] = [];
  const figures: Record<string, unknown> = {};

  before(async () => {
    api = await activateApi();
    stopped = await stopAtUncaughtException('crash.js', disposables);
  });

  after(async () => {
    await vscode.debug.stopDebugging();
    for (const d of disposables) d.dispose();
    writeFileSync(process.env.GDA_BENCH_FILE!, JSON.stringify(figures));
  });

  it('tokens: an investigation step against a full snapshot', async () => {
    server.script({ text: 'ok' });
    await vscode.commands.executeCommand('geminiAssistant.askAboutException');
    const [asked] = await server.waitForRequests(1);
    const snapshot = tokensOf(asked!.body.contents.slice(-1));

    await vscode.commands.executeCommand('geminiAssistant.newChat');
    server.reset();
    const steps = [
      { name: 'debugger_state' },
      { name: 'debugger_stack', args: {} },
      { name: 'debugger_variables', args: {} },
      { name: 'debugger_evaluate', args: { expression: 'order.items.length' } },
      { name: 'debugger_source', args: { path: 'crash.js', line: 12 } },
      { name: 'debugger_variables', args: { path: ['Local: orderTotal', 'order', 'items'] } },
    ];
    server.script(...steps.map((call) => ({ text: [], functionCalls: [call] })), { text: 'The loop runs one past the end.' });
    await api.send('Why does orderTotal throw?');
    const requests = await server.waitForRequests(steps.length + 1);
    const sizes = requests.map((r) => tokensOf(r.body.contents));
    const added = sizes.slice(1).map((size, i) => size - sizes[i]!);
    assert.ok(
      requests.slice(1).every((r) => r.body.contents.at(-1)!.parts[0]!.functionResponse?.response),
      'every step was answered',
    );
    figures.tokens = { snapshot, perStep: added.reduce((a, b) => a + b, 0) / added.length, steps: added };
  });

  it('time: debugger_variables against the bare DAP requests', async () => {
    const [first] = await api.runReadTools([{ name: 'debugger_variables' }]);
    const result = (first!.functionResponse!.response as { result: { scopes: string[] } }).result;
    assert.ok(result.scopes.length > 0, 'it listed variables');
    const { session, threadId } = stopped;
    const [ours, bare] = await medianMs(
      () => api.runReadTools([{ name: 'debugger_variables' }]),
      async () => {
        const trace = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames: { id: number }[] };
        const { scopes } = (await session.customRequest('scopes', { frameId: trace.stackFrames[0]!.id })) as { scopes: { name: string; variablesReference: number }[] };
        await Promise.all(scopes.filter((s) => result.scopes.includes(s.name)).map((s) => session.customRequest('variables', { variablesReference: s.variablesReference })));
      },
    );
    figures.readTool = { ours, bare };
  });
});
