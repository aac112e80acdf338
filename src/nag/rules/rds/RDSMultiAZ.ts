import { CfnResource } from 'aws-cdk-lib';
import { bool, get, props, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/**
 * Stand-alone (non-Aurora) RDS DB instances without Multi-AZ. Aurora instances and members of a
 * Multi-AZ DB cluster belong to a cluster; read replicas follow their source.
 */
export function RDSMultiAZ(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::RDS::DBInstance') return NOT_APPLICABLE;
  const p = props(node);
  if (get(p, 'DBClusterIdentifier') !== undefined) return NOT_APPLICABLE;
  if (get(p, 'SourceDBInstanceIdentifier') !== undefined) return NOT_APPLICABLE;
  const engine = str(get(p, 'Engine'));
  if (typeof engine === 'string' && engine.toLowerCase().startsWith('aurora')) return NOT_APPLICABLE;
  const multiAz = bool(get(p, 'MultiAZ'));
  return multiAz === true || multiAz === UNKNOWN ? COMPLIANT : NON_COMPLIANT;
}

export const RDSMultiAZRule: RuleDefinition = {
  rule: RDSMultiAZ,
  resourceTypes: ['AWS::RDS::DBInstance'],
  level: NagMessageLevel.ERROR,
  info: 'The RDS DB instance is not Multi-AZ.',
  explanation: 'A single-AZ instance is down for the whole zone outage, host failure or maintenance reboot, and recovery means restoring a backup (minutes to hours of downtime, data since the last backup lost). Set `MultiAZ: true` for a synchronous standby with automatic failover in about a minute, or use Aurora.',
  checks: 'AWS::RDS::DBInstance without `DBClusterIdentifier` or `SourceDBInstanceIdentifier`, with a non-Aurora engine and `MultiAZ` not true (default false).',
  source: 'RDS User Guide, "Multi-AZ DB instance deployments".',
};
