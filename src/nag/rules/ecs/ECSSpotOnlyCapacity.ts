import { CfnResource } from 'aws-cdk-lib';
import { ActiveProvider, activeProviders, servicesUsingDefault } from './capacity';
import { get, logicalIdOf, props, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

const STRATEGY_PROPERTY: { readonly [type: string]: string } = {
  'AWS::ECS::Service': 'CapacityProviderStrategy',
  'AWS::ECS::Cluster': 'DefaultCapacityProviderStrategy',
  'AWS::ECS::ClusterCapacityProviderAssociations': 'DefaultCapacityProviderStrategy',
};

/**
 * Capacity provider strategies whose providers that can receive tasks are all spot: FARGATE_SPOT,
 * or an ASG capacity provider of this stack whose group runs spot only. A service's own strategy
 * always counts; a cluster's default only when a service of the template uses it (no
 * `LaunchType`, no strategy of its own): a default nothing uses places no task.
 */
export function ECSSpotOnlyCapacity(node: CfnResource): NagRuleCompliance {
  const property = STRATEGY_PROPERTY[node.cfnResourceType];
  if (!property) return NOT_APPLICABLE;
  const active = activeProviders(node, get(props(node), property));
  if (active === UNKNOWN) return COMPLIANT;
  if (active === undefined) return NOT_APPLICABLE;
  if (node.cfnResourceType !== 'AWS::ECS::Service' && servicesUsingDefault(node).length === 0) return NOT_APPLICABLE;
  return allSpot(active) ? NON_COMPLIANT : COMPLIANT;
}

function allSpot(active: ActiveProvider[]): boolean {
  return active.length > 0 && active.every((a) => a.market.kind === 'fargate-spot' || (a.market.kind === 'asg' && a.market.spotOnly === true));
}

export const ECSSpotOnlyCapacityRule: RuleDefinition = {
  rule: ECSSpotOnlyCapacity,
  resourceTypes: Object.keys(STRATEGY_PROPERTY),
  level: NagMessageLevel.ERROR,
  info: 'The capacity provider strategy places tasks on spot capacity only.',
  explanation: 'A spot reclaim wave or a spot shortage stops every task, and a FARGATE_SPOT shortage does not fall back to FARGATE by itself. Add an on-demand provider with a base that keeps the service up (the zone-loss floor) and weight the rest toward spot; StatelessService with `ServiceCapacity.spotAboveOnDemandBase()` does.',
  checks: 'The `CapacityProviderStrategy` of an AWS::ECS::Service, or the `DefaultCapacityProviderStrategy` of an AWS::ECS::Cluster or ClusterCapacityProviderAssociations, whose providers with a weight or base > 0 are all spot (FARGATE_SPOT, or an ASG capacity provider of the stack whose group has no on-demand base and 0 % on-demand); a cluster default only when a service of the stack uses it (no `LaunchType`, no own `CapacityProviderStrategy`, `Cluster` referring to that cluster or naming it).',
  source: 'ECS Developer Guide, "Fargate capacity providers"; containers-roadmap #852 and #773 (no automatic fallback from FARGATE_SPOT); ECS CreateService API (a service with neither launchType nor capacityProviderStrategy uses the cluster default).',
  detail: (node) => {
    if (node.cfnResourceType === 'AWS::ECS::Service') return undefined;
    const users = servicesUsingDefault(node).map(logicalIdOf).sort();
    return users.length > 0 ? `Services using this default: ${users.join(', ')}.` : undefined;
  },
};
