import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GeminiAssistantTestApi } from '../../../src/extension';
import { CHAT_KEY_PREFIX, EXTENSION_ID } from '../../../src/host/ids';
import { until } from './helpers';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

describe('activation', () => {
  it('activates by itself once VS Code has started (onStartupFinished), without being asked, and exports its API', async () => {
    const extension = vscode.extensions.getExtension<GeminiAssistantTestApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    // No test has called activate() yet: the activation events alone must bring it up.
    await until(() => extension.isActive, 'the extension to activate on its own', 30_000);
    const api = extension.exports;
    assert.ok(api.storageKey.startsWith(CHAT_KEY_PREFIX), api.storageKey);
    const chat = api.chat();
    assert.equal(chat.version, 1);
    assert.ok(Array.isArray(chat.history));
  });

  it('registers every command declared in package.json', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    const declared = ((extension.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      declared.filter((id) => !registered.has(id)),
      [],
      'declared but not registered',
    );
  });
});
