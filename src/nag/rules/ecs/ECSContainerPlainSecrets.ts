import { CfnResource } from 'aws-cdk-lib';
import { containerDefinitions, containerName } from './containers';
import { looksLikeSecretName } from '../../../core/secrets';
import { get, list, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/**
 * Containers with plain environment variables whose names look like secrets. Uses the same
 * test as StatelessService (`looksLikeSecretName`), so the construct and the rule agree.
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
    const names = env.map((e) => str(get(e, 'Name'))).filter((n): n is string => typeof n === 'string' && looksLikeSecretName(n));
    if (names.length > 0) out.push(`${containerName(c, i)}: ${names.sort().join(', ')}`);
  });
  return out;
}

export const ECSContainerPlainSecretsRule: RuleDefinition = {
  rule: ECSContainerPlainSecrets,
  level: NagMessageLevel.ERROR,
  info: 'A container gets a secret-looking value as a plain environment variable.',
  explanation: 'Plain environment values are stored in the task definition, visible to anyone who can describe it and kept in every revision; rotating the secret needs a new deployment. Pass secrets with `Secrets` (`ValueFrom` Secrets Manager or SSM Parameter Store) so the agent injects them at task start; StatelessService rejects secret-looking names in `environment` and takes them in `secrets`.',
  checks: 'Containers of an AWS::ECS::TaskDefinition whose `Environment` has a name that looks like a secret (last part PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIALS, CONNECTION_STRING, ...; names like SECRET_ARN or PASSWORD_FILE do not match).',
  source: 'ECS Developer Guide, "Pass sensitive data to a container"; twelve-factor config; `looksLikeSecretName` in src/core/secrets.ts.',
  detail: (node) => `Variables: ${plainSecrets(node).join('; ')}.`,
};
