import assert from 'node:assert/strict';
import { installFakeClock, type FakeClock } from '../support/fakeClock';
import { GeminiError } from '../../src/core/gemini/errors';
import { retryDelayMs, sleep } from '../../src/core/gemini/retry';

const policy = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };
const overloaded = new GeminiError('overloaded', 'busy');

describe('retry backoff', () => {
  it('grows exponentially with jitter between half and the whole step', () => {
    assert.equal(
      retryDelayMs(overloaded, 0, policy, () => 0),
      500,
    );
    assert.equal(
      retryDelayMs(overloaded, 0, policy, () => 1),
      1000,
    );
    assert.equal(
      retryDelayMs(overloaded, 3, policy, () => 0),
      4000,
    );
    assert.equal(
      retryDelayMs(overloaded, 3, policy, () => 1),
      8000,
    );
  });

  it('is capped at 60 s', () => {
    assert.equal(
      retryDelayMs(overloaded, 10, policy, () => 1),
      60_000,
    );
  });

  it("honours the server's RetryInfo delay", () => {
    const limited = new GeminiError('rateLimited', 'slow down', { retryAfterMs: 15_000 });
    assert.equal(
      retryDelayMs(limited, 0, policy, () => 0),
      15_000,
    );
    assert.ok(retryDelayMs(limited, 0, policy, () => 1) <= 16_000);
  });

  describe('sleep, on a fake clock', () => {
    let clock: FakeClock;
    beforeEach(() => (clock = installFakeClock()));
    afterEach(() => clock.uninstall());
    const settled = async (promise: Promise<void>) => {
      let state = 'pending';
      promise.then(
        () => (state = 'resolved'),
        () => (state = 'rejected'),
      );
      await Promise.resolve();
      await Promise.resolve();
      return state;
    };

    it('resolves when its time has passed, not before', async () => {
      const waiting = sleep(10_000, new AbortController().signal);
      clock.advance(9_999);
      assert.equal(await settled(waiting), 'pending');
      clock.advance(1);
      assert.equal(await settled(waiting), 'resolved');
    });

    it('stops as soon as the signal aborts, and leaves no timer behind', async () => {
      const controller = new AbortController();
      const waiting = sleep(10_000, controller.signal);
      controller.abort(new Error('stopped'));
      assert.equal(clock.now, 0);
      await assert.rejects(waiting, /stopped/);
      assert.equal(clock.pending, 0);
    });
  });
});
