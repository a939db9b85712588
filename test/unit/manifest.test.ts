// package.json declares what src/host/ids.ts names: the two must agree, and every setting's
// default lives in package.json (settings.ts reads it from there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAT_VIEW_ID, COMMANDS, DEBUG_CHAT_VIEW_ID, EXTENSION_ID, SETTINGS_SECTION, STOPPED_ON_EXCEPTION_KEY } from '../../src/host/ids';
import { repoRoot } from '../support/paths';

interface Manifest {
  name: string;
  publisher: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

describe('package.json and the names the code uses', () => {
  it('contributes exactly the commands the code registers, with the titles of the public interface', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    const title = (id: string) => {
      const c = manifest.contributes.commands.find((command) => command.command === id)!;
      return c.category ? `${c.category}: ${c.title}` : c.title;
    };
    assert.equal(title(COMMANDS.ask), 'Ask Gemini');
    assert.equal(title(COMMANDS.newChat), 'Gemini: New Chat');
    assert.equal(title(COMMANDS.askAboutException), 'Gemini: Ask About This Exception');
    assert.equal(title(COMMANDS.switchConversation), 'Gemini: Switch Conversation');
    assert.equal(title(COMMANDS.renameConversation), 'Gemini: Rename Conversation');
    assert.equal(title(COMMANDS.deleteConversation), 'Gemini: Delete Conversation');
    assert.equal(title(COMMANDS.showRequestPlan), 'Gemini: Show What the Next Request Sends');
  });

  it('binds keys to Ask Gemini (in the editor) and to focusing the chat view', () => {
    const bindings = (manifest.contributes as { keybindings?: { command: string; key: string; mac?: string; when?: string }[] }).keybindings ?? [];
    assert.deepEqual(
      bindings.map((b) => [b.command, b.key, b.mac, b.when]),
      [
        [COMMANDS.ask, 'ctrl+alt+g', 'cmd+alt+g', 'editorTextFocus'],
        [`${CHAT_VIEW_ID}.focus`, 'ctrl+alt+shift+g', 'cmd+alt+shift+g', undefined],
      ],
    );
  });

  it('names the extension, the view and the context key as the code does', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
    assert.deepEqual(
      Object.values(manifest.contributes.views)
        .flat()
        .map((v) => v.id),
      [CHAT_VIEW_ID, DEBUG_CHAT_VIEW_ID],
    );
    const whens = Object.values(manifest.contributes.menus)
      .flat()
      .map((m) => m.when ?? '');
    assert.ok(whens.some((w) => w.includes(STOPPED_ON_EXCEPTION_KEY)));
    for (const menu of Object.values(manifest.contributes.menus).flat()) assert.ok((Object.values(COMMANDS) as string[]).includes(menu.command), menu.command);
  });

  it('gives every setting a default (null: unset), under the section the code reads', () => {
    const properties = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(properties.length >= 9);
    for (const [key, property] of properties) {
      assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
      assert.ok('default' in property, `${key} has no default`);
    }
  });
});
