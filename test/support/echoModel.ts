// A ModelClient without a network for tests of storage and concurrency: it answers every request
// with "re: <the question's texts>" after a delay the test chooses (0 = the next macrotask).
import { estimateTokens } from '../../src/core/chat/budget';
import { cancelledError } from '../../src/core/gemini/errors';
import type { ModelClient, ModelRequest } from '../../src/core/ports';

export function echoModel(delayMs: () => number = () => 0): ModelClient & { requests: string[][] } {
  const requests: string[][] = [];
  return {
    requests,
    stream: async (request: ModelRequest) => {
      const { history, signal } = request;
      const question = history[history.length - 1]!.parts.map((p) => p.text ?? '');
      requests.push(question);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs());
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(cancelledError([]));
        });
      });
      const text = `re: ${question.join(' | ')}`;
      request.onText(text);
      return { parts: [{ text }], text, finishReason: 'STOP' };
    },
    countTokens: (history) => Promise.resolve(estimateTokens(history)),
  };
}
