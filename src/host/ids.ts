// Every name the extension shares with VS Code, in one place: command ids, the view, the context
// key, the settings section, the storage and secret keys. package.json declares the same names
// (test/unit/manifest.test.ts checks that both agree).

export const EXTENSION_ID = 'gemini-debug-assistant.gemini-debug-assistant';

export const COMMANDS = {
  ask: 'geminiAssistant.ask',
  newChat: 'geminiAssistant.newChat',
  setApiKey: 'geminiAssistant.setApiKey',
  clearApiKey: 'geminiAssistant.clearApiKey',
  exportChat: 'geminiAssistant.exportChat',
  importChat: 'geminiAssistant.importChat',
  switchConversation: 'geminiAssistant.switchConversation',
  renameConversation: 'geminiAssistant.renameConversation',
  deleteConversation: 'geminiAssistant.deleteConversation',
  askAboutProblem: 'geminiAssistant.askAboutProblem',
  askAboutException: 'geminiAssistant.askAboutException',
  askAboutVariable: 'geminiAssistant.askAboutVariable',
  askAboutFrame: 'geminiAssistant.askAboutFrame',
  askAboutTerminalSelection: 'geminiAssistant.askAboutTerminalSelection',
  showRequestPlan: 'geminiAssistant.showRequestPlan',
  // The Get Started walkthrough's buttons on the sample project (hidden from the palette).
  walkthroughAsk: 'geminiAssistant.walkthrough.askOnSample',
  walkthroughProblem: 'geminiAssistant.walkthrough.problemOnSample',
  chooseModel: 'geminiAssistant.chooseModel',
} as const;

/** The Get Started walkthrough: its id in package.json, and the id VS Code opens it by. */
export const WALKTHROUGH_ID = 'geminiAssistant.getStarted';

export const CHAT_VIEW_ID = 'geminiAssistant.chatView';
/** The same chat in the panel, where questions from the debugger show it without hiding Variables and Call Stack. */
export const DEBUG_CHAT_VIEW_ID = 'geminiAssistant.debugChatView';

/** Set while the active debug session is stopped on an exception (the debug toolbar entry's `when`). */
export const STOPPED_ON_EXCEPTION_KEY = 'geminiAssistant.stoppedOnException';

// Set once something has happened in this window, for the walkthrough's completion events: a
// command run from inside the extension host, or from a code action (which VS Code delegates
// under another id), fires no onCommand event.
/** Set once a problem was sent with "Ask Gemini about this problem". */
export const ASKED_ABOUT_PROBLEM_KEY = 'geminiAssistant.askedAboutProblem';
/** Set once Gemini has called a debugger tool. */
export const DEBUGGER_TOOL_RAN_KEY = 'geminiAssistant.debuggerToolRan';
/** The URI scheme of the read-only documents Apply to Selection previews (the file with Gemini's code in place). */
export const PROPOSED_SCHEME = 'gemini-assistant-proposed';

/** The section of the geminiAssistant.* settings. */
export const SETTINGS_SECTION = 'geminiAssistant';

/** globalState: one key per workspace, this prefix and a hash of the workspace's identity. */
export const CHAT_KEY_PREFIX = 'geminiAssistant.chat.';
/** globalState: the index of a workspace's conversations (same hash). */
export const CONVERSATIONS_KEY_PREFIX = 'geminiAssistant.conversations.';

/** SecretStorage: the API key saved by Set API Key. */
export const API_KEY_SECRET = 'geminiAssistant.apiKey';
