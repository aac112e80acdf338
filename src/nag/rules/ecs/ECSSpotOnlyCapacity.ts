import { CfnResource } from 'aws-cdk-lib';
import { get, list, num, props, raw, referencedId, resourceById, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';
import { spotOnly, spotProfile } from '../autoscaling/spot';

type Market = 'spot' | 'on-demand' | 'unknown';

const STRATEGY_PROPERTY: { [type: string]: string } = {
  'AWS::ECS::Service': 'CapacityProviderStrategy',
  'AWS::ECS::Cluster': 'DefaultCapacityProviderStrategy',
  'AWS::ECS::ClusterCapacityProviderAssociations': 'DefaultCapacityProviderStrategy',
};

/**
 * Capacity provider strategies (a service's, or a cluster's default) whose providers that can
 * receive tasks are all spot: FARGATE_SPOT, or an ASG capacity provider of this stack whose group
 * runs spot only.
 */
export function ECSSpotOnlyCapacity(node: CfnResource): NagRuleCompliance {
  const property = STRATEGY_PROPERTY[node.cfnResourceType];
  if (!property) return NOT_APPLICABLE;
  const strategy = list(get(props(node), property));
  if (strategy === UNKNOWN) return COMPLIANT;
  if (!strategy || strategy.length === 0) return NOT_APPLICABLE;
  const active = strategy.filter((item) => {
    const weight = num(get(item, 'Weight'));
    const base = num(get(item, 'Base'));
    return weight === UNKNOWN || base === UNKNOWN || (weight ?? 0) > 0 || (base ?? 0) > 0;
  });
  if (active.length === 0) return COMPLIANT;
  const markets = active.map((item) => market(node, raw(item, 'CapacityProvider')));
  return markets.every((m) => m === 'spot') ? NON_COMPLIANT : COMPLIANT;
}

function market(node: CfnResource, provider: unknown): Market {
  const name = str(provider);
  if (name === 'FARGATE_SPOT') return 'spot';
  if (name === 'FARGATE') return 'on-demand';
  const id = referencedId(provider);
  const cp = id ? resourceById(node, id) : undefined;
  if (!cp || cp.cfnResourceType !== 'AWS::ECS::CapacityProvider') return 'unknown';
  const asgId = referencedId(raw(props(cp), 'AutoScalingGroupProvider', 'AutoScalingGroupArn'));
  const asg = asgId ? resourceById(node, asgId) : undefined;
  if (!asg || asg.cfnResourceType !== 'AWS::AutoScaling::AutoScalingGroup') return 'unknown';
  const only = spotOnly(spotProfile(asg));
  return only === true ? 'spot' : only === false ? 'on-demand' : 'unknown';
}

export const ECSSpotOnlyCapacityRule: RuleDefinition = {
  rule: ECSSpotOnlyCapacity,
  level: NagMessageLevel.ERROR,
  info: 'The capacity provider strategy places tasks on spot capacity only.',
  explanation: 'A spot reclaim wave or a spot shortage stops every task, and a FARGATE_SPOT shortage does not fall back to FARGATE by itself. Add an on-demand provider with a base that keeps the service up (the zone-loss floor) and weight the rest toward spot; StatelessService with `ServiceCapacity.spotAboveOnDemandBase()` does.',
  checks: 'The `CapacityProviderStrategy` of an AWS::ECS::Service, or the `DefaultCapacityProviderStrategy` of an AWS::ECS::Cluster or ClusterCapacityProviderAssociations, whose providers with a weight or base > 0 are all spot (FARGATE_SPOT, or an ASG capacity provider of the stack whose group has no on-demand base and 0 % on-demand).',
  source: 'ECS Developer Guide, "Fargate capacity providers"; containers-roadmap #852 and #773 (no automatic fallback from FARGATE_SPOT).',
};
