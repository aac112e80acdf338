import { CfnResource } from 'aws-cdk-lib';
import { containerDefinitions, containerName } from './containers';
import { looksLikeSecretName, looksLikeSecretValue } from '../../../core/secrets';
import { get, list, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/**
 * Containers with plain environment variables whose names look like secrets, or whose values
 * carry credentials (a URL with a password). Uses the same tests as StatelessService
 * (`looksLikeSecretName`, `looksLikeSecretValue`), so the construct and the rule agree. A value
 * known only at deploy time is not judged by its value.
 */
export function ECSContainerPlainSecrets(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::TaskDefinition') return NOT_APPLICABLE;
  return plainSecrets(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function plainSecrets(node: CfnResource): string[] {
  const out: string[] = [];
  (containerDefinitions(node) ?? []).forEach((c, i) => {
    const env = list(get(c, 'Environment'));
    if (env === UNKNOWN || !env) return;
    const names: string[] = [];
    for (const e of env) {
      const name = str(get(e, 'Name'));
      if (typeof name !== 'string') continue;
      const value = str(get(e, 'Value'));
      if (looksLikeSecretName(name)) names.push(name);
      else if (typeof value === 'string' && looksLikeSecretValue(value)) names.push(`${name} (credentials in the value)`);
    }
    if (names.length > 0) out.push(`${containerName(c, i)}: ${names.sort().join(', ')}`);
  });
  return out;
}

export const ECSContainerPlainSecretsRule: RuleDefinition = {
  rule: ECSContainerPlainSecrets,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  level: NagMessageLevel.ERROR,
  info: 'A container gets a secret-looking value as a plain environment variable.',
  explanation: 'Plain environment values are stored in the task definition, visible to anyone who can describe it and kept in every revision; rotating the secret needs a new deployment. Pass secrets with `Secrets` (`ValueFrom` Secrets Manager or SSM Parameter Store) so the agent injects them at task start; StatelessService rejects secret-looking names in `environment` and takes them in `secrets`.',
  checks: 'Containers of an AWS::ECS::TaskDefinition whose `Environment` has a name that looks like a secret (last words PASSWORD, PASSWD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, SECRET_KEY, SECRET_KEY_BASE, APP_KEY, CREDENTIALS, CONNECTION_STRING, ..., a qualified PASS or PWD such as DB_PASS or MYSQL_PWD, one word ending in PASSWORD such as PGPASSWORD; names that point at or describe a secret, such as SECRET_ARN, PASSWORD_FILE, TOKEN_URL or PASSWORD_MIN_LENGTH, do not match), or a value with credentials in it (a URL with a password such as postgres://user:pass@host/db, a password= parameter, a Password= connection-string field; variable references like ${DB_PASSWORD} do not count).',
  source: 'ECS Developer Guide, "Pass sensitive data to a container"; twelve-factor config; `looksLikeSecretName` and `looksLikeSecretValue` in src/core/secrets.ts.',
  detail: (node) => `Variables: ${plainSecrets(node).join('; ')}.`,
};
