// Mocha hooks shared by the UI suites: a local Gemini server, and the packaged extension in
// code-server on the fixture workspace with geminiAssistant.apiBaseUrl pointing at that server,
// a clean record of requests before each test, a screenshot of any failed test, and everything
// closed after the suite.
import { startFakeGemini, type FakeGemini } from '../gemini-server/server';
import { openScenario, screenshot, type Scenario } from './browser';
import { lazy } from './lazy';
import { fixturesWorkspace } from './paths';

export function useChatScenario(name: string, userSettings: Record<string, unknown> = {}): { server: FakeGemini; scenario: Scenario } {
  const server = lazy<FakeGemini>('the local Gemini server');
  const scenario = lazy<Scenario>(`the "${name}" scenario`);
  before(async function () {
    server.set(await startFakeGemini());
    scenario.set(await openScenario({ name, folder: fixturesWorkspace, userSettings: { 'geminiAssistant.apiBaseUrl': server.proxy.url, ...userSettings } }));
  });
  // Each test scripts and counts its own requests.
  beforeEach(() => server.current?.reset());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && scenario.current) await screenshot(scenario.current.page, `${name}-FAILED-${this.currentTest.title}`);
  });
  after(async function () {
    await scenario.current?.close();
    await server.current?.close();
  });
  return { server: server.proxy, scenario: scenario.proxy };
}
