// Where things are, for the test helpers: the repository, the code-server install and test-results/.
// Works from the compiled out/test/support/ (plain Node and inside the extension host).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gemini-debug-assistant') {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`package.json of gemini-debug-assistant not found above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const resultsDir = join(repoRoot, 'test-results');
export const fixturesRoot = join(repoRoot, 'test', 'fixtures');
export const fixturesWorkspace = join(fixturesRoot, 'workspace');
export const chromiumPath = process.env.GDA_CHROMIUM || '/usr/bin/chromium';

/** The .vsix `npm run package` (scripts/package.mjs) writes at the repository root. */
export function packagedVsix(): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: run \`npm run package\` (scripts/test.mjs does before the UI tests)`);
  return vsix;
}

/** The folder scripts/setup-code-server.mjs installs into (same override variable). */
export const codeServerDir = process.env.GDA_CODE_SERVER_DIR || join(repoRoot, '.vscode-test', 'code-server');

/**
 * The code-server entry script (run it with `process.execPath`), from the marker that
 * scripts/setup-code-server.mjs writes once an install is complete.
 */
export function codeServerEntry(): string {
  const marker = join(codeServerDir, '.gda-installed.json');
  let entry: string | undefined;
  try {
    const relativeEntry = (JSON.parse(readFileSync(marker, 'utf8')) as { entry?: string }).entry;
    entry = relativeEntry ? join(codeServerDir, relativeEntry) : undefined;
  } catch {
    entry = undefined;
  }
  if (!entry || !existsSync(entry)) {
    throw new Error(`code-server is not installed in ${codeServerDir}: run \`node scripts/setup-code-server.mjs\``);
  }
  return entry;
}

export interface TempDir {
  path: string;
  /** Removes the folder now (it is also removed when the process exits). Idempotent. */
  remove(): void;
}

/** A fresh folder under the OS temp dir, removed by remove() or at the latest when the process exits. */
export function makeTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => {
    process.removeListener('exit', remove);
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', remove);
  return { path, remove };
}
