import { CfnResource } from 'aws-cdk-lib';
import { ASG, spotProfile } from './spot';
import { UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Spot Auto Scaling groups without capacity rebalancing. */
export function AutoScalingSpotRebalance(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ASG) return NOT_APPLICABLE;
  const profile = spotProfile(node);
  if (profile.usesSpot === false) return NOT_APPLICABLE;
  if (profile.usesSpot === UNKNOWN || profile.capacityRebalance === UNKNOWN) return COMPLIANT;
  return profile.capacityRebalance === true ? COMPLIANT : NON_COMPLIANT;
}

export const AutoScalingSpotRebalanceRule: RuleDefinition = {
  rule: AutoScalingSpotRebalance,
  resourceTypes: [ASG],
  level: NagMessageLevel.ERROR,
  info: 'The Auto Scaling group runs spot instances without capacity rebalancing.',
  explanation: 'The interruption notice gives 2 minutes; the rebalance recommendation often comes earlier. With CapacityRebalance the group launches a replacement as soon as an instance is at elevated risk, so capacity is back before the old one is reclaimed. Set `CapacityRebalance: true`; SpotFleetWithFallback does.',
  checks: 'AWS::AutoScaling::AutoScalingGroup using spot without `CapacityRebalance: true` (default false).',
  source: 'EC2 Auto Scaling User Guide, "Capacity Rebalancing"; EC2 User Guide, rebalance recommendations and 2-minute interruption notice.',
};
