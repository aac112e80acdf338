/**
 * Environment variable names that look like they carry a secret.
 *
 * Shared by StatelessService (a synth-time error) and the ECSContainerPlainSecrets rule, so the
 * construct and the check agree on what a secret looks like. A name matches when its last part is
 * a secret word (`DB_PASSWORD`, `GITHUB_TOKEN`, `stripeApiKey`); names that only point at a secret
 * (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_ARN`) do not.
 */
const SECRET_SUFFIX = /(^|_)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|CREDENTIALS?|CONNECTION_?STRING)$/;

/** True when an environment variable name looks like it holds a secret. */
export function looksLikeSecretName(name: string): boolean {
  const normalized = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.\s]+/g, '_')
    .toUpperCase();
  return SECRET_SUFFIX.test(normalized);
}

/** The secret-looking names among an environment map's keys, sorted. */
export function secretLookingNames(environment: { [key: string]: string } | undefined): string[] {
  return Object.keys(environment ?? {}).filter(looksLikeSecretName).sort();
}
