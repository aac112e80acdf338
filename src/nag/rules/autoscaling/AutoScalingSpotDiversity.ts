import { CfnResource } from 'aws-cdk-lib';
import { ASG, spotProfile } from './spot';
import { UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Spot Auto Scaling groups that may launch fewer than 3 instance types. */
export function AutoScalingSpotDiversity(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ASG) return NOT_APPLICABLE;
  const profile = spotProfile(node);
  if (profile.usesSpot === false) return NOT_APPLICABLE;
  if (profile.usesSpot === UNKNOWN || profile.instanceTypes === UNKNOWN) return COMPLIANT;
  return profile.instanceTypes < 3 ? NON_COMPLIANT : COMPLIANT;
}

export const AutoScalingSpotDiversityRule: RuleDefinition = {
  rule: AutoScalingSpotDiversity,
  resourceTypes: [ASG],
  level: NagMessageLevel.ERROR,
  info: 'The Auto Scaling group runs spot instances of fewer than 3 instance types.',
  explanation: 'Each instance type in each zone is its own spot capacity pool; with one or two pools a single reclaim wave takes most of the group and replacements may not be available. List at least 3 (ideally 10+) interchangeable types in the MixedInstancesPolicy overrides, or use attribute-based instance requirements; SpotFleetWithFallback diversifies by default.',
  checks: 'AWS::AutoScaling::AutoScalingGroup using spot (MixedInstancesPolicy with `OnDemandPercentageAboveBaseCapacity` < 100, or a spot launch template / launch configuration) with fewer than 3 distinct `Overrides` instance types and no `InstanceRequirements` (a type given as a parameter or other value known only at deploy time is not counted as one type: the group is then not reported unless its known types already reach 3).',
  source: 'EC2 Auto Scaling User Guide, "Best practices for Spot" (be flexible across instance types and zones).',
  detail: (node) => {
    const types = spotProfile(node).instanceTypes;
    return typeof types === 'number' ? `${types} instance type${types === 1 ? '' : 's'}.` : undefined;
  },
};
