// Gemini: Choose Model. A QuickPick of the models the key may chat with (listed while it is
// open), the conversation's current one marked and selected; when the list cannot be had, it
// says why and still takes a typed model id.
import * as vscode from 'vscode';
import { GeminiError } from '../core/gemini/errors';
import type { ModelInfo } from '../core/gemini/modelList';
import { isModelId } from '../core/chat/storedChat';

interface ModelItem extends vscode.QuickPickItem {
  id: string;
}

const TITLE = 'Gemini: Choose Model';
const PLACEHOLDER = 'Model for this conversation (type to filter, or type any model id)';

/** Fired once the picker shows its list (or why there is none): the ids it offers. Tests wait for it before choosing. */
const listed = new vscode.EventEmitter<string[]>();
export const onDidListModels = listed.event;

/** VS Code sends a QuickPick's changes to the window on a zero-delay timer: told after it, a listener's next command meets the new items. */
function announce(ids: string[]): void {
  setTimeout(() => listed.fire(ids), 0);
}

function itemOf(model: ModelInfo, current: string): ModelItem {
  return {
    id: model.id,
    label: model.displayName,
    description: model.id === current ? `${model.id} · current` : model.id,
    ...(model.description ? { detail: model.description } : {}),
    ...(model.id === current ? { iconPath: new vscode.ThemeIcon('check') } : {}),
  };
}

/** The typed id as an item of its own, when it is a model id the list does not hold. */
function typedItem(value: string, models: readonly ModelItem[]): ModelItem[] {
  const id = value.trim().replace(/^models\//, '');
  if (!isModelId(id) || models.some((m) => m.id === id)) return [];
  return [{ id, label: id, description: 'Use this model id', alwaysShow: true }];
}

/** Asks the user for a model; resolves with its id, or undefined when they dismiss the picker. */
export function pickModel(current: string, list: () => Promise<ModelInfo[]>): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = TITLE;
  pick.placeholder = PLACEHOLDER;
  pick.matchOnDescription = true;
  pick.busy = true;
  let models: ModelItem[] = [];
  const show = () => {
    const active = pick.activeItems[0]?.id;
    pick.items = [...typedItem(pick.value, models), ...models];
    const keep = pick.items.find((item) => item.id === active) ?? (pick.value ? undefined : pick.items.find((item) => item.id === current));
    if (keep) pick.activeItems = [keep];
  };
  void list().then(
    (found) => {
      models = found.map((model) => itemOf(model, current));
      if (!models.some((m) => m.id === current)) models.unshift({ id: current, label: current, description: 'current · not in the list', iconPath: new vscode.ThemeIcon('check') });
      pick.busy = false;
      show();
      announce(models.map((m) => m.id));
    },
    (error: unknown) => {
      const why = error instanceof GeminiError ? error.message : String(error);
      pick.busy = false;
      pick.title = `${TITLE}: the models could not be listed`;
      pick.placeholder = `${why} Type a model id and press Enter.`;
      models = [{ id: current, label: current, description: 'current', iconPath: new vscode.ThemeIcon('check') }];
      show();
      announce([]);
    },
  );
  return new Promise((resolve) => {
    let chosen: string | undefined;
    pick.onDidChangeValue(show);
    pick.onDidAccept(() => {
      chosen = pick.activeItems[0]?.id;
      if (chosen) pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}
