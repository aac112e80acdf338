import { CfnResource } from 'aws-cdk-lib';
import { bool, get, list, props, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** DynamoDB tables (and global table replicas) without point-in-time recovery. */
export function DynamoDBPointInTimeRecovery(node: CfnResource): NagRuleCompliance {
  const p = () => props(node);
  if (node.cfnResourceType === 'AWS::DynamoDB::Table') {
    return enabled(get(p(), 'PointInTimeRecoverySpecification')) === false ? NON_COMPLIANT : COMPLIANT;
  }
  if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
    const replicas = list(get(p(), 'Replicas'));
    if (replicas === UNKNOWN || !replicas) return COMPLIANT;
    return replicas.some((r) => enabled(get(r, 'PointInTimeRecoverySpecification')) === false) ? NON_COMPLIANT : COMPLIANT;
  }
  return NOT_APPLICABLE;
}

/** false when PITR is off or unset; true when on or only known at deploy time. */
function enabled(spec: unknown): boolean {
  if (spec === UNKNOWN) return true;
  const on = bool(get(spec, 'PointInTimeRecoveryEnabled'));
  return on === true || on === UNKNOWN;
}

export const DynamoDBPointInTimeRecoveryRule: RuleDefinition = {
  rule: DynamoDBPointInTimeRecovery,
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  level: NagMessageLevel.ERROR,
  info: 'The DynamoDB table (or a global table replica) has no point-in-time recovery.',
  explanation: 'Global tables and backups on demand do not protect against a bad write: a buggy deployment or a mistaken delete replicates everywhere at once. Point-in-time recovery restores the table to any second of the last 35 days (or your chosen window). Turn it on for every table that holds data you cannot rebuild.',
  checks: 'AWS::DynamoDB::Table without `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true`; AWS::DynamoDB::GlobalTable with a replica without it.',
  source: 'DynamoDB Developer Guide, "Point-in-time recovery" (off by default).',
};
