import { CfnResource } from 'aws-cdk-lib';
import { ASG } from './spot';
import { get, list, props, referencedId, resourceById, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Auto Scaling groups confined to one Availability Zone. */
export function AutoScalingSingleAZ(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== ASG) return NOT_APPLICABLE;
  return singleZone(node) ? NON_COMPLIANT : COMPLIANT;
}

/**
 * True when the group's zones or subnets certainly name one zone: one zone, one subnet, or
 * several subnets of this stack whose AvailabilityZone is the same expression.
 */
export function singleZone(node: CfnResource): boolean {
  const p = props(node);
  const subnets = list(get(p, 'VPCZoneIdentifier'));
  if (subnets !== UNKNOWN && subnets !== undefined) {
    if (subnets.length === 1) return true;
    if (subnets.length === 0) return false;
    return sameZone(node, subnets);
  }
  const zones = list(get(p, 'AvailabilityZones'));
  if (zones === UNKNOWN || zones === undefined) return false;
  return new Set(zones.map((z) => JSON.stringify(z))).size === 1;
}

/** True when every subnet is a subnet of this stack and they all declare the same zone. */
export function sameZone(node: CfnResource, subnets: unknown[]): boolean {
  const zones = new Set<string>();
  for (const s of subnets) {
    const id = referencedId(s);
    const subnet = id ? resourceById(node, id) : undefined;
    if (!subnet || subnet.cfnResourceType !== 'AWS::EC2::Subnet') return false;
    const sp = props(subnet);
    const zone = sp.AvailabilityZone ?? sp.AvailabilityZoneId;
    if (zone === undefined) return false;
    zones.add(JSON.stringify(zone));
  }
  return zones.size === 1;
}

export const AutoScalingSingleAZRule: RuleDefinition = {
  rule: AutoScalingSingleAZ,
  resourceTypes: [ASG],
  level: NagMessageLevel.ERROR,
  info: 'The Auto Scaling group launches instances in one Availability Zone only.',
  explanation: 'A zone failure (or a capacity shortage in that zone) takes every instance of the group with it, and the group cannot replace them elsewhere. Give the group subnets in at least 2 zones (3 where the region has them); SpotFleetWithFallback spreads over the VPC\'s private subnets in every zone.',
  checks: 'AWS::AutoScaling::AutoScalingGroup whose `VPCZoneIdentifier` has one subnet or only subnets of this stack with the same `AvailabilityZone`, or whose `AvailabilityZones` has one zone.',
  source: 'EC2 Auto Scaling User Guide, "Use multiple Availability Zones"; AWS Well-Architected Reliability pillar REL10.',
};
