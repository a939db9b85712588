// A fake clock for unit tests of code that waits with setTimeout: while installed, timers run
// only when the test advances the clock, so a test asserts what happens when, not how fast.
export interface FakeClock {
  /** Milliseconds since install. */
  readonly now: number;
  /** Moves time forward, running the timers that fall due, in order. */
  advance(ms: number): void;
  /** Timers still waiting. */
  readonly pending: number;
  uninstall(): void;
}

export function installFakeClock(): FakeClock {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  globalThis.setTimeout = ((run: () => void, ms = 0) => {
    const id = nextId++;
    timers.set(id, { at: now + Math.max(0, ms), run });
    return id;
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: number) => void timers.delete(id)) as unknown as typeof clearTimeout;
  return {
    get now() {
      return now;
    },
    get pending() {
      return timers.size;
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
    },
    uninstall() {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    },
  };
}
