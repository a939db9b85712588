import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'gemini-debug-assistant.gemini-debug-assistant';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

describe('activation', () => {
  it('activates the extension', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command declared in package.json', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not loaded`);
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
