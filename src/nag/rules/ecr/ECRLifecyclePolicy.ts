import { CfnResource } from 'aws-cdk-lib';
import { get, props } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** ECR repositories without a lifecycle policy. */
export function ECRLifecyclePolicy(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECR::Repository') return NOT_APPLICABLE;
  return get(props(node), 'LifecyclePolicy', 'LifecyclePolicyText') === undefined ? NON_COMPLIANT : COMPLIANT;
}

export const ECRLifecyclePolicyRule: RuleDefinition = {
  rule: ECRLifecyclePolicy,
  resourceTypes: ['AWS::ECR::Repository'],
  level: NagMessageLevel.ERROR,
  info: 'The ECR repository has no lifecycle policy.',
  explanation: 'Every pushed image is kept and billed per GB-month forever; a CI pipeline that pushes on every commit fills the repository with images nobody will run again. Add a lifecycle policy that expires untagged images after a few days and keeps the last N tagged ones.',
  checks: 'AWS::ECR::Repository without `LifecyclePolicy.LifecyclePolicyText`.',
  source: 'ECR User Guide, "Lifecycle policies"; ECR pricing (storage per GB-month).',
};
