// The text selected in a terminal. The API has no terminal selection (1.100), so the selection
// is copied with the terminal's own Copy command and read from the clipboard, whose previous
// content is put back. A marker written first tells "no selection" from "same text as before".
import * as vscode from 'vscode';

export async function terminalSelection(): Promise<string | undefined> {
  const clipboard = vscode.env.clipboard;
  const previous = await clipboard.readText();
  const marker = `\u0000gemini-assistant-no-terminal-selection-${Date.now()}`;
  await clipboard.writeText(marker);
  try {
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const text = await clipboard.readText();
    return text === marker || text === '' ? undefined : text;
  } finally {
    await clipboard.writeText(previous);
  }
}

/** The terminal a terminal/context menu passes (first argument), else the active one. */
export function terminalOf(arg: unknown): vscode.Terminal | undefined {
  const isTerminal = (v: unknown): v is vscode.Terminal => typeof v === 'object' && v !== null && 'sendText' in v && 'name' in v;
  return isTerminal(arg) ? arg : vscode.window.activeTerminal;
}
