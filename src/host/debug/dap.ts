// Typed Debug Adapter Protocol requests through VS Code's customRequest, with a timeout on each:
// the shapes come from @vscode/debugprotocol (types only), never written by hand.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type * as vscode from 'vscode';

export type { DebugProtocol };

/** The requests the extension sends: arguments and response body. */
interface Requests {
  threads: [undefined, DebugProtocol.ThreadsResponse['body']];
  stackTrace: [DebugProtocol.StackTraceArguments, DebugProtocol.StackTraceResponse['body']];
  scopes: [DebugProtocol.ScopesArguments, DebugProtocol.ScopesResponse['body']];
  variables: [DebugProtocol.VariablesArguments, DebugProtocol.VariablesResponse['body']];
  exceptionInfo: [DebugProtocol.ExceptionInfoArguments, DebugProtocol.ExceptionInfoResponse['body']];
  evaluate: [DebugProtocol.EvaluateArguments, DebugProtocol.EvaluateResponse['body']];
  continue: [DebugProtocol.ContinueArguments, DebugProtocol.ContinueResponse['body']];
  next: [DebugProtocol.NextArguments, DebugProtocol.NextResponse['body']];
  stepIn: [DebugProtocol.StepInArguments, DebugProtocol.StepInResponse['body']];
  stepOut: [DebugProtocol.StepOutArguments, DebugProtocol.StepOutResponse['body']];
}

/** How long one request may take; adapters that hang must not hold up the chat. */
export const REQUEST_TIMEOUT_MS = 3000;

/** The response body of `command`; rejects on an error response or after `timeoutMs`. Adapters may answer with less than the protocol promises: read fields as optional. */
export async function request<C extends keyof Requests>(
  session: vscode.DebugSession,
  command: C,
  args: Requests[C][0],
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Partial<Requests[C][1]> | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`'${command}' got no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return (await Promise.race([Promise.resolve(session.customRequest(command, args)), timeout])) as Partial<Requests[C][1]> | undefined;
  } finally {
    clearTimeout(timer);
  }
}
