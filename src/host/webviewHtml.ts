// The chat webview's HTML. Pure (no `vscode` import) so it can be unit tested: the caller
// passes webview.cspSource and the webview URIs of dist/webview.js, dist/codicon.css and media/chat.css.
import { randomBytes } from 'node:crypto';

export interface ChatHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh `makeNonce()` for every render. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/chat.css)`, as a string. */
  styleUri: string;
  /** `webview.asWebviewUri(dist/codicon.css)`, as a string (its font is beside it, loaded under font-src). */
  codiconsUri: string;
}

/** Escapes a value for a double-quoted attribute (single quotes stay, the CSP needs them). */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The Content-Security-Policy of the chat view: our own script, stylesheets and icon font, nothing else. The
 * script is a module: what it imports later (dist/chunks/) loads with its nonce, so the nonce
 * alone allows it.
 */
export function chatCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`, `font-src ${cspSource}`].join('; ');
}

export function renderChatHtml(opts: ChatHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, codiconsUri } = opts;
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(nonce)) throw new Error('renderChatHtml: the nonce must be base64 or hex');
  // VS Code's own value may hold several quoted sources (code-server: `'self' https://…`);
  // only a `;` could add a directive, and only `"<>` or a newline could leave the attribute.
  if (/[;"<>\r\n]/.test(cspSource) || cspSource.trim() === '') {
    throw new Error('renderChatHtml: cspSource must be CSP source expressions');
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(chatCsp(cspSource.trim(), nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(codiconsUri)}">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Gemini Chat</title>
</head>
<body>
<script type="module" nonce="${nonce}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}

/** A fresh script nonce: 16 random bytes as 32 hex characters. */
export function makeNonce(): string {
  return randomBytes(16).toString('hex');
}
