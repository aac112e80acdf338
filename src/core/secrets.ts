import { Token } from 'aws-cdk-lib';

/**
 * What a secret looks like in a container's plain environment.
 *
 * Shared by StatelessService (a synth-time error) and the ECSContainerPlainSecrets rule, so the
 * construct and the check agree. Two checks:
 * - the NAME: its last words are a secret word (`DB_PASSWORD`, `GITHUB_TOKEN`, `stripeApiKey`,
 *   `SECRET_KEY_BASE`, `APP_KEY`, `PGPASSWORD`, `DB_PASS`); names that only point at a secret or
 *   describe one (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_ARN`, `PASSWORD_MIN_LENGTH`,
 *   `PUBLIC_KEY_URL`) do not match, because their last word is not a secret word;
 * - the VALUE: credentials written into it, such as a URL with a password
 *   (`postgres://user:pass@host/db`, `https://user:token@host`), a `password=` query parameter or
 *   a `Password=...;` connection-string field. A URL with a user but no password does not match,
 *   nor does a password that is only a shell-style variable reference (`${DB_PASSWORD}`, `$DB_PASSWORD`)
 *   the application substitutes at run time.
 */

/** Last words (upper snake case) that make a name a secret. */
const SECRET_TAILS: readonly (readonly string[])[] = [
  ['PASSWORD'], ['PASSWD'], ['PASSPHRASE'], ['SECRET'], ['TOKEN'], ['CREDENTIAL'], ['CREDENTIALS'],
  ['APIKEY'], ['API', 'KEY'], ['PRIVATEKEY'], ['PRIVATE', 'KEY'], ['ACCESS', 'KEY'], ['SECRET', 'KEY'],
  ['SECRET', 'KEY', 'BASE'], ['SIGNING', 'KEY'], ['ENCRYPTION', 'KEY'], ['MASTER', 'KEY'], ['HMAC', 'KEY'],
  ['APP', 'KEY'], ['CONNECTION', 'STRING'], ['CONNECTIONSTRING'],
];

/**
 * Short words that mean a password only after a qualifier (`DB_PASS`, `MYSQL_PWD`): a bare `PWD`
 * is the shell's working directory, a bare `PASS` is too vague.
 */
const QUALIFIED_TAILS: ReadonlySet<string> = new Set(['PASS', 'PWD']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toUpperCase()
    .split('_')
    .filter((w) => w !== '');
}

/** True when an environment variable name looks like it holds a secret. */
export function looksLikeSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  const last = w[w.length - 1];
  if (SECRET_TAILS.some((tail) => tail.length <= w.length && tail.every((t, i) => w[w.length - tail.length + i] === t))) return true;
  if (QUALIFIED_TAILS.has(last)) return w.length > 1;
  // One word that ends in PASSWORD (PGPASSWORD, DBPASSWORD), as libpq and others spell it.
  return /.PASSW(OR)?D$/.test(last);
}

/** The secret-looking names among an environment map's keys, sorted. */
export function secretLookingNames(environment: { [key: string]: string } | undefined): string[] {
  return Object.keys(environment ?? {}).filter(looksLikeSecretName).sort();
}

/** A password that is only a variable reference the application fills in at run time. */
function isVariableReference(password: string): boolean {
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(password) || /^%[sv]$/.test(password);
}

/**
 * True when a plain value carries credentials: a URL with a password in its user info
 * (`scheme://user:password@host`), a `password=` / `pwd=` query parameter, or a `Password=` /
 * `Pwd=` field of a `;`-separated connection string. Variable references (`${VAR}`, `$VAR`) do not count.
 */
export function looksLikeSecretValue(value: string): boolean {
  for (const m of value.matchAll(/[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:([^@/\s]+)@/g)) {
    if (!isVariableReference(m[1])) return true;
  }
  for (const m of value.matchAll(/[?&;](?:password|passwd|pwd|pass)=([^&;#\s]+)/gi)) {
    if (!isVariableReference(m[1])) return true;
  }
  for (const m of value.matchAll(/(?:^|;)\s*(?:password|pwd)\s*=\s*([^;]+)/gi)) {
    const password = m[1].trim();
    if (password !== '' && !isVariableReference(password)) return true;
  }
  return false;
}

/**
 * The names of an environment map whose values carry credentials (`looksLikeSecretValue`),
 * sorted. Values that are tokens (known only at deploy time) are skipped.
 */
export function secretLookingValueNames(environment: { [key: string]: string } | undefined): string[] {
  return Object.entries(environment ?? {})
    .filter(([, v]) => typeof v === 'string' && !Token.isUnresolved(v) && looksLikeSecretValue(v))
    .map(([k]) => k)
    .sort();
}
