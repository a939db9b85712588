// One round of an investigation: the calls of one answer, run one after another against the
// debugger. Each is checked, asks the user first when it would change the program, runs, and
// is answered with one functionResponse part. Stop cancels the call in progress and the rest;
// every call is answered either way, so the history stays valid.
import type { DebuggerTools } from '../ports';
import { consentFor } from '../tools/consent';
import { parseToolCall } from '../tools/toolArgs';
import { failedResponse, okResponse, responsePart, type ToolResponse } from '../tools/toolResults';
import type { ToolName } from '../tools/toolSpecs';
import type { Part } from '../types';

export type Decision = 'allow' | 'allowForChat' | 'deny';

/** The call that is running, or waiting for the user's decision. */
export interface CallInProgress {
  /** Its place among the answer's calls. */
  index: number;
  phase: 'consent' | 'running';
  /** What it would do to the program (for the consent prompt). */
  reason?: string;
}

const CANCELLED = 'Cancelled: the user pressed Stop.';

export class ToolRound {
  /** The responses so far, by call (undefined: not answered yet). */
  readonly responses: (Part | undefined)[];
  private progress: CallInProgress | undefined;
  private decision: ((decision: Decision) => void) | undefined;

  constructor(
    private readonly calls: readonly Part[],
    private readonly tools: DebuggerTools | undefined,
    /** Tools the user allowed for the rest of this chat (this round may add to it). */
    private readonly allowed: Set<ToolName>,
    private readonly changed: () => void,
  ) {
    this.responses = calls.map(() => undefined);
  }

  get current(): CallInProgress | undefined {
    return this.progress;
  }

  /** The user's answer to the consent prompt; false when none is waiting. */
  decide(decision: Decision): boolean {
    const resolve = this.decision;
    if (!resolve) return false;
    this.decision = undefined;
    resolve(decision);
    return true;
  }

  /** Runs every call; resolves with one response each (cancelled ones included once `signal` aborts). */
  async run(signal: AbortSignal): Promise<Part[]> {
    for (let index = 0; index < this.calls.length; index++) {
      const call = this.calls[index]!.functionCall!;
      const response = signal.aborted ? failedResponse('cancelled', CANCELLED) : await this.runOne(index, call.name, call.args, signal);
      this.responses[index] = responsePart(call.name, response, call.id);
      this.progress = undefined;
      this.changed();
    }
    return this.responses.map((r) => r!);
  }

  private async runOne(index: number, name: string, args: unknown, signal: AbortSignal): Promise<ToolResponse> {
    const parsed = parseToolCall(name, args);
    if ('error' in parsed) return failedResponse('error', parsed.error);
    const { call } = parsed;
    const available = this.tools?.available();
    if (!available) return failedResponse('error', 'There is no debug session: start one (or stop at a breakpoint) to use the debugger tools.');
    const consent = consentFor(call, available.mode, available.language);
    if (consent.kind === 'refused') return failedResponse('refused', `Not run: ${consent.reason}.`);
    if (consent.kind === 'ask' && !this.allowed.has(call.name)) {
      const decision = await this.ask(index, consent.reason, signal);
      if (decision === undefined) return failedResponse('cancelled', CANCELLED);
      if (decision === 'deny')
        return failedResponse('denied', 'The user denied this call. Do not ask for it again; answer with what you have, or suggest what the user could check.');
      if (decision === 'allowForChat') this.allowed.add(call.name);
    }
    this.progress = { index, phase: 'running' };
    this.changed();
    try {
      return okResponse(await this.tools!.run(call, signal));
    } catch (error) {
      if (signal.aborted) return failedResponse('cancelled', CANCELLED);
      return failedResponse('error', error instanceof Error ? error.message : String(error));
    }
  }

  /** Waits for the user's decision; undefined when Stop comes first. */
  private ask(index: number, reason: string, signal: AbortSignal): Promise<Decision | undefined> {
    this.progress = { index, phase: 'consent', reason };
    this.changed();
    return new Promise((resolve) => {
      const onAbort = () => {
        this.decision = undefined;
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.decision = (decision) => {
        signal.removeEventListener('abort', onAbort);
        resolve(decision);
      };
    });
  }
}
