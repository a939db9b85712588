// The status-bar item with the next request's estimated size against the budget, and the command
// that shows what that request sends. It updates whenever the chat or the settings change.
import * as vscode from 'vscode';
import type { RequestPlan } from '../core/chat/requestPlan';
import { COMMANDS } from './ids';
import { planLines, planStatusText } from './requestPlanView';
import { onSettingsChanged, openSetting } from './settings';

export class RequestStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('geminiAssistant.requestSize', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly plan: () => RequestPlan,
    changed: vscode.Event<void>,
  ) {
    this.item.name = 'Gemini Request Size';
    this.item.command = COMMANDS.showRequestPlan;
    this.disposables = [this.item, changed(() => this.update()), onSettingsChanged(() => this.update())];
    this.update();
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private update(): void {
    const plan = this.plan();
    this.item.text = planStatusText(plan);
    this.item.tooltip = `The next request to Gemini (estimated):\n${planLines(plan).join('\n')}\nClick for details.`;
  }
}

const OPEN_BUDGET = 'Change geminiAssistant.contextTokenBudget…';

/** Shows the plan as a quick pick (its last item opens the budget setting); returns the lines shown. */
export async function showRequestPlan(plan: RequestPlan): Promise<string[]> {
  const lines = planLines(plan);
  const picked = await vscode.window.showQuickPick([...lines.map((label) => ({ label })), { label: OPEN_BUDGET }], {
    title: `What the next request sends: ${planStatusText(plan).replace(/^Gemini: /, '')}`,
  });
  if (picked?.label === OPEN_BUDGET) await openSetting('contextTokenBudget');
  return lines;
}
