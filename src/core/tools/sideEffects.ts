// Whether an expression Gemini wants evaluated may change the program: then the user is asked
// first. A conservative reading of JavaScript, Python and C-family syntax: string literals and
// comments are set aside, and any assignment, call, increment, delete, new, await... counts.
// It cannot see into getters or operator overloads; debuggers that can evaluate without side
// effects (js-debug's `hover` context) are used for unconfirmed expressions as well.

export type ScreenLanguage = 'javascript' | 'python' | 'c' | 'unknown';

/** The syntax to screen for a debug session's type. */
export function languageOfDebugType(debugType: string): ScreenLanguage {
  if (/^(pwa-)?(node|chrome|msedge|extensionHost)|node-terminal|^js/i.test(debugType)) return 'javascript';
  if (/python|debugpy/i.test(debugType)) return 'python';
  if (/lldb|cppdbg|cppvsdbg|gdb|codelldb|^c(\+\+)?$|rust/i.test(debugType)) return 'c';
  return 'unknown';
}

/** The code of an expression with string literals and comments blanked out (their length kept). Undefined when a literal holds code (`${…}`, an f-string's `{…}`). */
function codeOnly(expression: string, language: ScreenLanguage): string | undefined {
  let out = '';
  let i = 0;
  const js = language === 'javascript' || language === 'unknown';
  const py = language === 'python' || language === 'unknown';
  while (i < expression.length) {
    const rest = expression.slice(i);
    // Comments.
    if ((js || language === 'c') && rest.startsWith('//')) break;
    if ((js || language === 'c') && rest.startsWith('/*')) {
      const end = expression.indexOf('*/', i + 2);
      i = end < 0 ? expression.length : end + 2;
      out += ' ';
      continue;
    }
    if (py && rest.startsWith('#') && !js) break;
    // Python string prefixes (f, r, b, u and their pairs) and triple quotes.
    const pyString = py ? /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(rest) : null;
    if (pyString) {
      const prefix = pyString[1]!;
      const quote = pyString[2]!;
      const end = findClosing(expression, i + pyString[0].length, quote, !/r/i.test(prefix));
      const body = expression.slice(i + pyString[0].length, end);
      if (/f/i.test(prefix) && /\{(?!\{)/.test(body.replace(/\{\{/g, ''))) return undefined;
      out += ' '.repeat(Math.max(1, end + quote.length - i));
      i = end + quote.length;
      continue;
    }
    const char = expression[i]!;
    if (char === '"' || char === "'" || (js && char === '`')) {
      const end = findClosing(expression, i + 1, char, true);
      if (char === '`' && expression.slice(i + 1, end).includes('${')) return undefined;
      out += ' '.repeat(end + 1 - i);
      i = end + 1;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/** Index of the closing `quote` from `from` on (the end of the text when it is missing). */
function findClosing(text: string, from: number, quote: string, escapes: boolean): number {
  for (let i = from; i < text.length; i++) {
    if (escapes && text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(quote, i)) return i;
  }
  return text.length;
}

const COMPOUND = /(\*\*|<<|>>>|>>|\/\/|&&|\|\||\?\?|[+\-*/%&|^@])=/;
/** `=` that is not part of ==, ===, !=, <=, >=, => (or Python's :=, handled apart). */
const ASSIGNMENT = /(^|[^=!<>:])=(?![=>])/;
/** A name, `)` or `]` followed by `(`: a call (keywords that take parentheses are left out below). */
const CALL = /([A-Za-z_$][\w$]*|\)|\])\s*\(/g;
const NOT_CALLS = new Set(['typeof', 'void', 'instanceof', 'in', 'of', 'not', 'and', 'or', 'is', 'if', 'sizeof', 'alignof', 'return', 'case']);
const KEYWORDS: Record<Exclude<ScreenLanguage, 'unknown'>, RegExp> = {
  javascript: /\b(delete|new|await|yield|import|eval|throw|function\s*\*)\b/,
  python: /\b(del|await|yield|import|exec|eval|global|nonlocal|lambda)\b|__import__/,
  c: /\b(delete|new|throw|co_await|co_yield)\b/,
};

/**
 * Why `expression` may change the program ("an assignment", "a call to f", …), or undefined
 * when it only reads. Anything the screen cannot read with confidence counts as a change.
 */
export function sideEffectOf(expression: string, language: ScreenLanguage): string | undefined {
  const code = codeOnly(expression, language);
  if (code === undefined) return 'code inside a string template';
  if (!code.trim()) return undefined;
  const langs: Exclude<ScreenLanguage, 'unknown'>[] = language === 'unknown' ? ['javascript', 'python', 'c'] : [language];
  if (COMPOUND.test(code)) return 'an assignment';
  if ((language === 'python' || language === 'unknown') && code.includes(':=')) return 'an assignment';
  if (ASSIGNMENT.test(code)) return 'an assignment';
  if (language !== 'python' && /\+\+|--/.test(code)) return 'an increment or decrement';
  for (const lang of langs) {
    const keyword = KEYWORDS[lang].exec(code);
    if (keyword) return `\`${keyword[0].trim()}\``;
  }
  for (const match of code.matchAll(CALL)) {
    const callee = match[1]!;
    if (NOT_CALLS.has(callee)) continue;
    return callee === ')' || callee === ']' ? 'a call' : `a call to \`${callee}\``;
  }
  if (language !== 'python' && /[\w$)\]]\s*`/.test(expression)) return 'a tagged template (a call)';
  if (code.includes(';')) return 'more than one statement';
  return undefined;
}
