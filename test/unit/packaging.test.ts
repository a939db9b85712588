// What the package shows a new user: the icon, keywords, the CHANGELOG and the Get Started
// walkthrough, whose buttons, media and completion events must all point at things that exist.
// (scripts/package.mjs checks the .vsix against scripts/vsix-files.json; test/ui/walkthrough.test.ts runs it.)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked, type Token } from 'marked';
import { ASKED_ABOUT_PROBLEM_KEY, COMMANDS, DEBUGGER_TOOL_RAN_KEY, SETTINGS_SECTION, STOPPED_ON_EXCEPTION_KEY, WALKTHROUGH_ID } from '../../src/host/ids';
import { repoRoot } from '../support/paths';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents: string[];
}

interface Manifest {
  version: string;
  icon: string;
  keywords: string[];
  galleryBanner?: { color: string; theme: string };
  contributes: {
    commands: { command: string }[];
    menus: { commandPalette: { command: string; when?: string }[] };
    configuration: { properties: Record<string, unknown> };
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const vsixFiles = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'vsix-files.json'), 'utf8')) as string[];
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
/** VS Code's own commands the walkthrough's buttons may run. */
const builtIn = new Set(['workbench.action.debug.start', 'workbench.action.openSettings']);
/** The context keys the extension sets. */
const contextKeys = new Set([STOPPED_ON_EXCEPTION_KEY, ASKED_ABOUT_PROBLEM_KEY, DEBUGGER_TOOL_RAN_KEY]);

/** The command ids of a step description's `command:` links. */
function commandLinks(description: string): string[] {
  return [...description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  assert.equal(png.toString('latin1', 1, 4), 'PNG', `${file} is a PNG`);
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('The package: icon, keywords, CHANGELOG and the Get Started walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);

  it('has a 128x128 PNG icon, packaged', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(pngSize(join(repoRoot, manifest.icon)), { width: 128, height: 128 });
    assert.ok(vsixFiles.includes(`extension/${manifest.icon}`));
  });

  it('has keywords a search for Gemini or debugging finds, and a dark gallery banner', () => {
    for (const word of ['gemini', 'debugging', 'ai']) assert.ok(manifest.keywords.includes(word), word);
    assert.ok(manifest.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.equal(manifest.galleryBanner?.theme, 'dark');
  });

  it('ships a CHANGELOG whose first entry is this version', () => {
    const changelog = readFileSync(join(repoRoot, 'CHANGELOG.md'), 'utf8');
    assert.equal(/^## (\S+)/m.exec(changelog)?.[1], manifest.version);
    assert.ok(vsixFiles.includes('extension/changelog.md'));
  });

  it('has a README without raw HTML, which the extension page would drop (a stray <title> swallows the rest of the page)', () => {
    const html: string[] = [];
    void marked.walkTokens(marked.lexer(readFileSync(join(repoRoot, 'README.md'), 'utf8')), (token: Token) => {
      if (token.type === 'html') html.push(token.raw.trim());
    });
    assert.deepEqual(html, []);
  });

  it('lists in scripts/vsix-files.json only files that exist, every file of media/ among them', () => {
    // The generated or renamed entries: vsce's own files, the built bundles, the README with its images embedded.
    const generated: Record<string, string> = {
      '[Content_Types].xml': '',
      'extension.vsixmanifest': '',
      'extension/dist/extension.js': '',
      'extension/dist/webview.js': '',
      'extension/readme.md': 'README.md',
      'extension/changelog.md': 'CHANGELOG.md',
      'extension/LICENSE.txt': 'LICENSE',
    };
    for (const entry of vsixFiles) {
      const source = entry in generated ? generated[entry] : entry.replace(/^extension\//, '');
      if (source) assert.ok(existsSync(join(repoRoot, source)), `${entry}: ${source} exists`);
    }
    const media = (dir: string): string[] =>
      readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? media(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
    for (const file of media('media')) assert.ok(vsixFiles.includes(`extension/${file}`), `${file} is in the package list`);
    assert.deepEqual([...vsixFiles].sort(), vsixFiles, 'sorted, as package.mjs prints them');
  });

  it('walks through the key, Ask Gemini, the problem quick fix, an exception stop and an investigation, in that order', () => {
    assert.ok(walkthrough, `a walkthrough with id ${WALKTHROUGH_ID}`);
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['setup', 'ask', 'problem', 'exception', 'investigate'],
    );
    const buttons = Object.fromEntries(walkthrough.steps.map((s) => [s.id, commandLinks(s.description)]));
    assert.deepEqual(buttons, {
      setup: [COMMANDS.setApiKey, 'workbench.action.openSettings'],
      ask: [COMMANDS.walkthroughAsk],
      problem: [COMMANDS.walkthroughProblem],
      exception: ['workbench.action.debug.start'],
      investigate: [COMMANDS.askAboutException],
    });
  });

  it('gives every step packaged media and buttons that run existing commands', () => {
    for (const step of walkthrough!.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `${step.id} has media`);
      assert.ok(existsSync(join(repoRoot, media)), `${step.id}: ${media} exists`);
      assert.ok(vsixFiles.includes(`extension/${media}`), `${step.id}: ${media} is packaged`);
      if (step.media.image) assert.ok(step.media.altText, `${step.id}: the image has alt text`);
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has a button`);
      for (const command of links) assert.ok(contributed.has(command) || builtIn.has(command), `${step.id}: ${command} exists`);
    }
  });

  it('completes each step on an event that fires: its button command, the command it teaches, or a context key the extension sets', () => {
    const settings = Object.keys(manifest.contributes.configuration.properties);
    for (const step of walkthrough!.steps) {
      assert.ok(step.completionEvents.length > 0, `${step.id} has completion events`);
      for (const event of step.completionEvents) {
        const [, kind, subject] = /^(\w+):(.+)$/.exec(event) ?? [];
        if (kind === 'onCommand') assert.ok(contributed.has(subject!), `${step.id}: ${subject} is contributed`);
        else if (kind === 'onContext') assert.ok(contextKeys.has(subject!), `${step.id}: ${subject} is set by the extension`);
        else if (kind === 'onSettingChanged') assert.ok(settings.includes(subject!) && subject!.startsWith(`${SETTINGS_SECTION}.`), `${step.id}: ${subject} is a setting`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
    }
    const events = Object.fromEntries(walkthrough!.steps.map((s) => [s.id, s.completionEvents]));
    // A button's own command fires onCommand in the workbench; a command the extension runs from inside,
    // or a code action's (delegated under another id), does not: those steps complete on context keys.
    assert.ok(events.ask!.includes(`onCommand:${COMMANDS.walkthroughAsk}`) && events.ask!.includes(`onCommand:${COMMANDS.ask}`));
    assert.ok(events.problem!.includes(`onContext:${ASKED_ABOUT_PROBLEM_KEY}`));
    assert.ok(events.exception!.includes(`onContext:${STOPPED_ON_EXCEPTION_KEY}`));
    assert.ok(events.investigate!.includes(`onContext:${DEBUGGER_TOOL_RAN_KEY}`));
  });

  it('keeps the walkthrough-only commands out of the palette', () => {
    for (const command of [COMMANDS.walkthroughAsk, COMMANDS.walkthroughProblem]) {
      assert.equal(manifest.contributes.menus.commandPalette.find((m) => m.command === command)?.when, 'false', command);
    }
  });
});
