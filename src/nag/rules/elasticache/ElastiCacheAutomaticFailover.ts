import { CfnResource } from 'aws-cdk-lib';
import { bool, get, props, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** ElastiCache replication groups without automatic failover to a replica. */
export function ElastiCacheAutomaticFailover(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ElastiCache::ReplicationGroup') return NOT_APPLICABLE;
  const p = props(node);
  const failover = bool(get(p, 'AutomaticFailoverEnabled'));
  return failover === true || failover === UNKNOWN ? COMPLIANT : NON_COMPLIANT;
}

export const ElastiCacheAutomaticFailoverRule: RuleDefinition = {
  rule: ElastiCacheAutomaticFailover,
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  level: NagMessageLevel.ERROR,
  info: 'The ElastiCache replication group has no automatic failover.',
  explanation: 'Without automatic failover, losing the primary node (or its zone) stops writes until someone promotes a replica by hand, and a group without replicas loses its data. Add a replica in another zone and set `AutomaticFailoverEnabled: true` and `MultiAZEnabled: true`.',
  checks: 'AWS::ElastiCache::ReplicationGroup without `AutomaticFailoverEnabled: true` (default false).',
  source: 'ElastiCache User Guide, "Minimizing downtime with Multi-AZ" (automatic failover off by default).',
};
