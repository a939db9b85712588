// Gemini: Choose Model in a real VS Code: the QuickPick lists the local server's models, the
// choice is saved with the open conversation, the next request names it, and New Chat starts
// again from the geminiAssistant.model setting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { activateApi, settings, until, useLocalGemini } from './helpers';

describe('Choose Model', () => {
  const server = useLocalGemini();
  let api: GeminiAssistantTestApi;

  before(async () => {
    api = await activateApi();
  });

  /** Runs the command, and once its QuickPick lists the models, moves `steps` down from the current one and accepts. */
  async function chooseInPicker(steps: number): Promise<string[]> {
    const listed = api.modelsListed();
    const done = vscode.commands.executeCommand('geminiAssistant.chooseModel');
    const ids = await listed;
    for (let i = 0; i < steps; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await done;
    return ids;
  }

  it('chooseModel with a QuickPick choice saves it with the conversation and the next request uses it', async () => {
    const fallback = settings().get<string>('model');
    server.script({ text: 'first answer' });
    await api.send('first question');
    assert.equal(server.requests.at(-1)!.model, fallback);

    const ids = await chooseInPicker(1);
    assert.deepEqual(ids, ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'], 'the models that can chat, the current one first');
    assert.equal(api.chat().model, 'gemini-2.5-pro', 'saved with the open conversation');
    await until(() => api.viewState().model === 'gemini-2.5-pro', 'the view to show the chosen model');

    server.script({ text: 'second answer' });
    await api.send('second question');
    assert.equal(server.requests.at(-1)!.model, 'gemini-2.5-pro');
    assert.match(server.requests.at(-1)!.path, /\/models\/gemini-2\.5-pro:streamGenerateContent$/);

    api.reloadFromStorage();
    assert.equal(api.chat().model, 'gemini-2.5-pro', 'kept after a reload');

    await vscode.commands.executeCommand('geminiAssistant.newChat');
    assert.equal(api.chat().model, undefined);
    assert.equal(api.viewState().model, fallback, 'a new conversation asks the setting again');
  });

  it('when the models cannot be listed, the picker still takes the current model (Escape keeps it)', async () => {
    server.scriptList({ error: { status: 503 } });
    const listed = api.modelsListed();
    const done = vscode.commands.executeCommand('geminiAssistant.chooseModel');
    assert.deepEqual(await listed, []);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await done;
    assert.equal(api.chat().model, undefined);
  });
});
