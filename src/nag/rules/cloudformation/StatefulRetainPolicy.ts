import { CfnResource } from 'aws-cdk-lib';
import { STATEFUL_TYPES, StatefulType } from './stateful-types';
import { bool, get, logicalIdOf, perStack, props, raw, referencedIds, rendered, resourcesOfType, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

interface Effective {
  readonly deletion: string;
  readonly deletionDefault: boolean;
  readonly replace: string;
  readonly replaceDefault: boolean;
}

/**
 * Stateful stores whose effective DeletionPolicy or UpdateReplacePolicy deletes their data.
 * Deletion protection counts as keeping the data; S3 buckets only count when the stack empties
 * them (CDK's autoDeleteObjects).
 */
export function StatefulRetainPolicy(node: CfnResource): NagRuleCompliance {
  const type = STATEFUL_TYPES[node.cfnResourceType];
  if (!type) return NOT_APPLICABLE;
  const p = props(node);
  if (node.cfnResourceType === 'AWS::RDS::DBInstance' && get(p, 'DBClusterIdentifier') !== undefined) return NOT_APPLICABLE;
  if (node.cfnResourceType === 'AWS::S3::Bucket' && !emptiedOnDelete(node)) return NOT_APPLICABLE;
  const eff = effective(node, type);
  if (!eff) return COMPLIANT;
  if (type.protection) {
    const v = get(p, type.protection.property);
    if (v === UNKNOWN) return COMPLIANT;
    if (typeof type.protection.value === 'boolean' ? bool(v) === type.protection.value : v === type.protection.value) return COMPLIANT;
  }
  return keeps(eff.deletion, type) && keeps(eff.replace, type) ? COMPLIANT : NON_COMPLIANT;
}

function effective(node: CfnResource, type: StatefulType): Effective | undefined {
  const r = rendered(node);
  const deletion = str(r.deletionPolicy);
  const replace = str(r.updateReplacePolicy);
  if (deletion === UNKNOWN || replace === UNKNOWN) return undefined;
  return {
    deletion: deletion ?? type.defaultDeletion,
    deletionDefault: deletion === undefined,
    replace: replace ?? 'Delete',
    replaceDefault: replace === undefined,
  };
}

function keeps(policy: string, type: StatefulType): boolean {
  return policy === 'Retain' || policy === 'RetainExceptOnCreate' || (policy === 'Snapshot' && type.snapshot);
}

/** True when a CDK autoDeleteObjects custom resource of the stack empties the bucket. The emptied buckets are indexed once per stack. */
function emptiedOnDelete(bucket: CfnResource): boolean {
  const emptied = perStack(bucket, 'cfn:autoDeletedBuckets', () => {
    const ids = new Set<string>();
    for (const cr of resourcesOfType(bucket, 'Custom::S3AutoDeleteObjects')) referencedIds(raw(props(cr), 'BucketName'), ids);
    return ids;
  });
  return emptied.has(logicalIdOf(bucket));
}

export const StatefulRetainPolicyRule: RuleDefinition = {
  rule: StatefulRetainPolicy,
  resourceTypes: Object.keys(STATEFUL_TYPES),
  level: NagMessageLevel.ERROR,
  info: 'The stateful store\'s DeletionPolicy or UpdateReplacePolicy deletes its data.',
  explanation: 'A stack deletion, a renamed logical id or a property change that forces replacement then destroys the data with no way back. Set both policies to Retain (or Snapshot where the type supports it), or turn on deletion protection; the patterns of this library retain their stores and log buckets (RemovalPolicy.RETAIN).',
  checks: 'Databases, tables, file systems, volumes, search domains and user pools (see src/nag/rules/cloudformation/stateful-types.ts) whose effective DeletionPolicy or UpdateReplacePolicy is Delete (or Snapshot on a type without snapshots), with CloudFormation defaults applied (Snapshot on deletion for RDS clusters and stand-alone instances, Delete otherwise; Delete on replacement) and without deletion protection; S3 buckets only when the stack empties them (Custom::S3AutoDeleteObjects).',
  source: 'CloudFormation User Guide, "DeletionPolicy attribute" and "UpdateReplacePolicy attribute".',
  detail: (node) => {
    const type = STATEFUL_TYPES[node.cfnResourceType];
    const eff = type ? effective(node, type) : undefined;
    if (!eff) return undefined;
    return `DeletionPolicy ${eff.deletion}${eff.deletionDefault ? ' (default)' : ''}, UpdateReplacePolicy ${eff.replace}${eff.replaceDefault ? ' (default)' : ''}.`;
  },
};
