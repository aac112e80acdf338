import { CfnResource } from 'aws-cdk-lib';
import { ASG, spotProfile } from './spot';
import { UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Spot Auto Scaling groups whose spot allocation is lowest-price (CloudFormation's default). */
export function AutoScalingSpotAllocation(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ASG) return NOT_APPLICABLE;
  const profile = spotProfile(node);
  if (profile.usesSpot === false || !profile.mixed) return NOT_APPLICABLE;
  if (profile.usesSpot === UNKNOWN || profile.allocation === UNKNOWN) return COMPLIANT;
  return (profile.allocation ?? 'lowest-price') === 'lowest-price' ? NON_COMPLIANT : COMPLIANT;
}

export const AutoScalingSpotAllocationRule: RuleDefinition = {
  rule: AutoScalingSpotAllocation,
  resourceTypes: [ASG],
  level: NagMessageLevel.ERROR,
  info: 'The Auto Scaling group allocates spot instances lowest-price first (explicitly or by default).',
  explanation: 'lowest-price fills the cheapest pools, which are the ones most likely to be reclaimed together, so interruptions come in waves. Use price-capacity-optimized (recommended) or capacity-optimized; SpotFleetWithFallback uses price-capacity-optimized.',
  checks: 'AWS::AutoScaling::AutoScalingGroup with a MixedInstancesPolicy that uses spot and whose `SpotAllocationStrategy` is unset (lowest-price) or `lowest-price`.',
  source: 'EC2 Auto Scaling User Guide, "Allocation strategies" (default lowest-price; price-capacity-optimized recommended).',
};
