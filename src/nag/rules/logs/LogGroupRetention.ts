import { CfnResource } from 'aws-cdk-lib';
import { get, props } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Log groups kept forever (no retention). */
export function LogGroupRetention(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return NOT_APPLICABLE;
  return get(props(node), 'RetentionInDays') === undefined ? NON_COMPLIANT : COMPLIANT;
}

export const LogGroupRetentionRule: RuleDefinition = {
  rule: LogGroupRetention,
  resourceTypes: ['AWS::Logs::LogGroup'],
  level: NagMessageLevel.ERROR,
  info: 'The log group keeps its logs forever (no RetentionInDays).',
  explanation: 'Log storage is billed per GB-month, so a log group without retention grows its bill every month for logs nobody reads. Set a retention that matches how long you investigate incidents or what a regulation requires (archive to S3 for longer); the patterns of this library keep container logs one month by default.',
  checks: 'AWS::Logs::LogGroup without `RetentionInDays` (CloudWatch Logs keeps events indefinitely by default).',
  source: 'CloudWatch Logs PutRetentionPolicy API (default: never expire); CloudWatch pricing (storage per GB-month).',
};
