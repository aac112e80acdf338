import { looksLikeSecretName, looksLikeSecretValue, secretLookingNames, secretLookingValueNames } from '../../src/core/secrets';

/** Names: [name, matches, why]. StatelessService and ECSContainerPlainSecrets both use this test. */
const NAMES: [string, boolean, string][] = [
  ['DB_PASSWORD', true, 'last word PASSWORD'],
  ['PASSWORD', true, 'the secret word alone'],
  ['PGPASSWORD', true, 'libpq spells it as one word ending in PASSWORD'],
  ['MYSQL_PWD', true, 'PWD qualified by MYSQL is the MySQL client password'],
  ['DB_PASS', true, 'PASS qualified by DB'],
  ['DB_PWD', true, 'PWD qualified by DB'],
  ['SECRET_KEY', true, 'Flask and others: last words SECRET KEY'],
  ['DJANGO_SECRET_KEY', true, 'last words SECRET KEY'],
  ['SECRET_KEY_BASE', true, 'Rails signs cookies with it'],
  ['APP_KEY', true, 'Laravel encrypts with it'],
  ['GITHUB_TOKEN', true, 'last word TOKEN'],
  ['stripeApiKey', true, 'camelCase: STRIPE API KEY'],
  ['AWS_SECRET_ACCESS_KEY', true, 'last words ACCESS KEY'],
  ['CLIENT_SECRET', true, 'last word SECRET'],
  ['db-password', true, 'kebab case is normalized'],
  ['JWT_SIGNING_KEY', true, 'last words SIGNING KEY'],
  ['MONGO_CONNECTION_STRING', true, 'connection strings carry the password'],
  ['GOOGLE_CREDENTIALS', true, 'last word CREDENTIALS'],
  ['SMTP_PASSWD', true, 'last word PASSWD'],
  ['PWD', false, 'the shell\'s working directory, not a password'],
  ['PASS', false, 'too vague without a qualifier'],
  ['SECRET_ARN', false, 'points at a secret in Secrets Manager; the task fetches it with its role'],
  ['DB_SECRET_NAME', false, 'points at a secret'],
  ['PASSWORD_FILE', false, 'points at a mounted file'],
  ['TOKEN_URL', false, 'an OAuth endpoint, not a token'],
  ['PUBLIC_KEY_URL', false, 'a URL, and a public key is public'],
  ['PUBLIC_KEY', false, 'public by definition'],
  ['PASSWORD_MIN_LENGTH', false, 'a password policy setting, not a password'],
  ['TOKEN_TTL_SECONDS', false, 'a duration'],
  ['KEYBOARD_LAYOUT', false, 'KEY is not a secret word on its own'],
  ['CACHE_KEY', false, 'KEY alone names cache and object keys'],
  ['AWS_ACCESS_KEY_ID', false, 'an identifier; the secret is AWS_SECRET_ACCESS_KEY'],
  ['BYPASS', false, 'a word that merely ends in PASS'],
  ['TOKENIZER_MODEL', false, 'not a token'],
  ['LOG_LEVEL', false, 'plain config'],
];

/** Values: [value, matches, why]. */
const VALUES: [string, boolean, string][] = [
  ['postgres://user:pass@host/db', true, 'password in the URL user info'],
  ['https://user:token@git.example.com/repo.git', true, 'token as the URL password'],
  ['redis://:s3cret@cache:6379/0', true, 'empty user, password given'],
  ['mysql://app:p%40ss@db:3306/app', true, 'percent-encoded password'],
  ['jdbc:postgresql://db:5432/app?user=app&password=hunter2', true, 'password query parameter'],
  ['Server=db;Database=app;User Id=app;Password=hunter2;', true, 'ADO.NET connection string field'],
  ['postgres://user:{{resolve:secretsmanager:db:SecretString:password}}@host/db', true, 'a dynamic reference is resolved into the plain task definition'],
  ['https://user@host/path', false, 'a user without a password'],
  ['https://host:8443/path', false, 'a port, not a password'],
  ['postgres://user:${DB_PASSWORD}@host/db', false, 'a placeholder the application fills in'],
  ['postgres://user:$DB_PASSWORD@host/db', false, 'a shell-style placeholder'],
  ['https://example.com/reset?token_url=x', false, 'no password parameter'],
  ['Server=db;Database=app;Integrated Security=true;', false, 'no password field'],
  ['info', false, 'plain config'],
];

describe('secret-looking environment names (shared by StatelessService and ECSContainerPlainSecrets)', () => {
  test.each(NAMES)('%s -> %s (%s)', (name, matches) => {
    expect(looksLikeSecretName(name)).toBe(matches);
  });
  test('secretLookingNames sorts and filters', () => {
    expect(secretLookingNames({ SECRET_KEY_BASE: 'a', DB_PASS: 'b', SECRET_ARN: 'c', PGPASSWORD: 'd' })).toEqual(['DB_PASS', 'PGPASSWORD', 'SECRET_KEY_BASE']);
  });
});

describe('values with credentials in them', () => {
  test.each(VALUES)('%s -> %s (%s)', (value, matches) => {
    expect(looksLikeSecretValue(value)).toBe(matches);
  });
  test('secretLookingValueNames names the variables, sorted, and skips values known only at deploy time', () => {
    expect(secretLookingValueNames({
      DATABASE_URL: 'postgres://app:pw@db/app',
      REPO: 'https://ci:ghp_x@github.com/o/r.git',
      HOME_URL: 'https://example.com',
      TOKENIZED: 'postgres://app:${Token[TOKEN.123]}@db/app',
    })).toEqual(['DATABASE_URL', 'REPO']);
    expect(secretLookingValueNames(undefined)).toEqual([]);
  });
});
