// A mocha reporter: mocha's usual Spec output, plus one JSON line appended at the end of the run
// to the file named by GDA_RESULTS_FILE: {"suite": GDA_SUITE, "passed": N, "failed": N}.
// scripts/test.mjs adds those lines up. Works in plain Node and inside the extension host.
// With GDA_CONSOLE_MARKER set (by test/support/vscodeShim.ts), the report and every console line
// of the tests are logged as one preformatted string starting with that marker: code-server
// forwards the extension host's console to the browser among the workbench's own logs, and the
// shim prints the marked lines.
//   mocha --reporter out/test/support/countingReporter.js ...     or     new Mocha({ reporter: CountingReporter })
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
}

export function appendResult(file: string, result: SuiteResult): void {
  appendFileSync(file, JSON.stringify(result) + '\n');
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Prefixes every console line (formatted here, once) with `marker`. The extension host defines
 * the console methods with a getter and a no-op setter, so plain assignment would be ignored.
 */
function markConsole(marker: string): void {
  const marked = console as unknown as { __gdaMarked?: boolean };
  if (marked.__gdaMarked) return;
  marked.__gdaMarked = true;
  for (const method of consoleMethods) {
    const original = console[method].bind(console);
    const replacement = (...data: unknown[]): void => original(marker + format(...data));
    try {
      Object.defineProperty(console, method, { configurable: true, writable: true, value: replacement });
    } catch {
      // Not configurable: only the report gets marked.
    }
  }
}

export default class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    const marker = process.env.GDA_CONSOLE_MARKER;
    if (marker) {
      const log = console.log;
      markConsole(marker);
      Mocha.reporters.Base.consoleLog = (...data: unknown[]) => log.call(console, marker + format(...data));
    }
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
    // Failures of hooks count too (a failing before() fails the run without failing a test).
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => failed++);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.GDA_RESULTS_FILE;
      if (file) appendResult(file, { suite: process.env.GDA_SUITE || 'tests', passed, failed });
    });
  }
}
