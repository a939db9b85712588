// Runs the local Gemini server with the demo responder:
//   node out/test/gemini-server/cli.js [--port N]
// Prints one line, `Gemini demo server listening on http://127.0.0.1:PORT`, when ready.
import { startFakeGemini } from './server';

function parsePort(args: string[]): number {
  const index = args.indexOf('--port');
  const value = index >= 0 ? args[index + 1] : args.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

async function main(): Promise<void> {
  const server = await startFakeGemini({ port: parsePort(process.argv.slice(2)) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Last, so that whoever waits for this line can signal us right away.
  process.stdout.write(`Gemini demo server listening on ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Gemini demo server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
