import { CfnResource } from 'aws-cdk-lib';
import { get, num, props, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Stand-alone RDS DB instances with automated backups turned off (retention 0). */
export function RDSBackupRetention(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::RDS::DBInstance') return NOT_APPLICABLE;
  const p = props(node);
  if (get(p, 'DBClusterIdentifier') !== undefined || get(p, 'SourceDBInstanceIdentifier') !== undefined) return NOT_APPLICABLE;
  const days = num(get(p, 'BackupRetentionPeriod'));
  if (days === UNKNOWN) return COMPLIANT;
  return days === 0 ? NON_COMPLIANT : COMPLIANT;
}

export const RDSBackupRetentionRule: RuleDefinition = {
  rule: RDSBackupRetention,
  resourceTypes: ['AWS::RDS::DBInstance'],
  level: NagMessageLevel.ERROR,
  info: 'The RDS DB instance has automated backups turned off (BackupRetentionPeriod 0).',
  explanation: 'Without automated backups there is no point-in-time restore: a bad migration, a dropped table or a corrupted volume loses everything since the last manual snapshot, and Multi-AZ replicates the damage. Keep a retention of at least 7 days.',
  checks: 'Stand-alone AWS::RDS::DBInstance (not a cluster member or read replica) with `BackupRetentionPeriod` 0 (CloudFormation default 1).',
  source: 'RDS User Guide, "Working with backups" (retention 0 disables automated backups and point-in-time recovery).',
};
