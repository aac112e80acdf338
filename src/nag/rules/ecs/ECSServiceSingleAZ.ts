import { CfnResource } from 'aws-cdk-lib';
import { get, list, props, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';
import { sameZone } from '../autoscaling/AutoScalingSingleAZ';

/** awsvpc ECS services whose tasks can only be placed in one Availability Zone. */
export function ECSServiceSingleAZ(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::Service') return NOT_APPLICABLE;
  const subnets = list(get(props(node), 'NetworkConfiguration', 'AwsvpcConfiguration', 'Subnets'));
  if (subnets === undefined) return NOT_APPLICABLE;
  if (subnets === UNKNOWN || subnets.length === 0) return COMPLIANT;
  return subnets.length === 1 || sameZone(node, subnets) ? NON_COMPLIANT : COMPLIANT;
}

export const ECSServiceSingleAZRule: RuleDefinition = {
  rule: ECSServiceSingleAZ,
  resourceTypes: ['AWS::ECS::Service'],
  level: NagMessageLevel.ERROR,
  info: 'The ECS service places its tasks in one Availability Zone only.',
  explanation: 'With subnets in one zone, ECS cannot spread tasks, so a zone failure stops every task, however many there are. Give the service subnets in at least 2 zones; StatelessService refuses task subnets that span fewer than 2 zones.',
  checks: 'AWS::ECS::Service whose `AwsvpcConfiguration.Subnets` has one subnet, or only subnets of this stack with the same `AvailabilityZone`.',
  source: 'ECS Developer Guide, "Amazon ECS task placement" and availability best practices (spread across zones).',
};
