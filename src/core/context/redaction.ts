// Keeps secrets out of what is sent to Gemini: values of variables, properties, settings and
// environment entries whose names look like secrets are replaced by `<redacted>`. Pure functions.

export const REDACTED = '<redacted>';

/** Words that make a name secret-looking when they are one of its words (camelCase, snake_case, kebab-case). */
const SECRET_WORDS = new Set([
  'key',
  'apikey',
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'jwt',
  'bearer',
  'sessionid',
  'privatekey',
  'accesskey',
  'secretkey',
]);
/** Spellings written as one word (`APIKEY`, `authtoken`, `dbpassword`). */
const SECRET_INFIXES = /api_?key|access_?key|secret|passw(?:or)?d|passphrase|credential|auth_?token|access_?token|refresh_?token|private_?key|session_?id/i;

/** The words of an identifier: `apiToken` → api, token; `DB_PASSWORD` → db, password; `x-auth-key` → x, auth, key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** True for names like apiKey, GEMINI_API_KEY, authToken, password, client_secret, Authorization. */
export function isSecretName(name: string): boolean {
  if (nameWords(name).some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_INFIXES.test(name);
}

// Names start only where no name character precedes them, so long runs of letters (minified
// code, base64) are scanned once rather than from every position.
const QUOTED_ASSIGNMENT = /(["']?)(?<![\w$-])([A-Za-z_$][\w$-]*)\1(\s*[:=]\s*)(["'`])((?:\\.|(?!\4)[^\\\n])*)\4/g;
const ENV_ASSIGNMENT = /(^|[\s;,'"(]|(?<![\w.-])--?)([A-Za-z_][\w.-]*)=(?![=>])([^\s'"`;,)]+)/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/**
 * Redacts secrets written in free text (source lines, value previews, terminal output, stack
 * traces): string literals assigned to secret-looking names (`apiKey = '…'`, `"password": "…"`),
 * `NAME=value` pairs with secret-looking names (env dumps, `--token=…`), and `Bearer …` credentials.
 */
export function redactSecretsInText(text: string): string {
  return text
    .replace(QUOTED_ASSIGNMENT, (match, q: string, name: string, sep: string, quote: string, value: string) =>
      isSecretName(name) && value !== REDACTED ? `${q}${name}${q}${sep}${quote}${REDACTED}${quote}` : match,
    )
    .replace(ENV_ASSIGNMENT, (match, before: string, name: string, value: string) => (isSecretName(name) && value !== REDACTED ? `${before}${name}=${REDACTED}` : match))
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}
