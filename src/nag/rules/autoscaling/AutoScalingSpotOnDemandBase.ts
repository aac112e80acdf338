import { CfnResource } from 'aws-cdk-lib';
import { ASG, spotProfile } from './spot';
import { UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Spot Auto Scaling groups without an on-demand base. */
export function AutoScalingSpotOnDemandBase(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ASG) return NOT_APPLICABLE;
  const profile = spotProfile(node);
  if (profile.usesSpot === false) return NOT_APPLICABLE;
  if (profile.usesSpot === UNKNOWN || profile.onDemandBase === UNKNOWN) return COMPLIANT;
  return (profile.onDemandBase ?? 0) > 0 ? COMPLIANT : NON_COMPLIANT;
}

export const AutoScalingSpotOnDemandBaseRule: RuleDefinition = {
  rule: AutoScalingSpotOnDemandBase,
  resourceTypes: [ASG],
  level: NagMessageLevel.WARN,
  info: 'The Auto Scaling group runs spot instances without an on-demand base.',
  explanation: 'Without an on-demand base, a spot shortage in the chosen pools can take the group to zero. Keep the capacity the workload needs to stay up (for example the zone-loss floor) on on-demand with `OnDemandBaseCapacity`, and put the rest on spot; SpotFleetWithFallback sets an explicit on-demand base.',
  checks: 'AWS::AutoScaling::AutoScalingGroup using spot whose `OnDemandBaseCapacity` is unset or 0 (a spot launch template or configuration has no base at all).',
  source: 'EC2 Auto Scaling InstancesDistribution API (OnDemandBaseCapacity default 0, OnDemandPercentageAboveBaseCapacity default 100).',
};
