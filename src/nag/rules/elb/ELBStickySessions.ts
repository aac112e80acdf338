import { CfnResource } from 'aws-cdk-lib';
import { targetGroupAttribute } from './attributes';
import { bool, get, list, props, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

/**
 * Load balancers that pin clients to one target: target group stickiness (ALB and NLB), or a
 * classic ELB cookie stickiness policy attached to a listener. A listener's
 * `TargetGroupStickinessConfig` on a (weighted) forward keeps a client on one target GROUP
 * (blue/green, canary weights), not on one task: the group still spreads requests over its tasks,
 * so it is not this rule's finding.
 */
export function ELBStickySessions(node: CfnResource): NagRuleCompliance {
  switch (node.cfnResourceType) {
    case TARGET_GROUP:
      return bool(targetGroupAttribute(props(node), 'stickiness.enabled')) === true ? NON_COMPLIANT : COMPLIANT;
    case CLASSIC:
      return classicStickyPolicies(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
    default:
      return NOT_APPLICABLE;
  }
}

/** Names of the classic ELB cookie stickiness policies that a listener uses. */
function classicStickyPolicies(node: CfnResource): string[] {
  const p = props(node);
  const names = new Set<string>();
  for (const key of ['LBCookieStickinessPolicy', 'AppCookieStickinessPolicy']) {
    const policies = list(get(p, key));
    if (policies === UNKNOWN) continue;
    for (const policy of policies ?? []) {
      const name = str(get(policy, 'PolicyName'));
      if (typeof name === 'string') names.add(name);
    }
  }
  const listeners = list(get(p, 'Listeners'));
  if (listeners === UNKNOWN || names.size === 0) return [];
  const used: string[] = [];
  for (const l of listeners ?? []) {
    const policyNames = list(get(l, 'PolicyNames'));
    if (policyNames === UNKNOWN) continue;
    for (const n of policyNames ?? []) if (typeof n === 'string' && names.has(n)) used.push(n);
  }
  return used;
}

export const ELBStickySessionsRule: RuleDefinition = {
  rule: ELBStickySessions,
  resourceTypes: [TARGET_GROUP, CLASSIC],
  level: NagMessageLevel.ERROR,
  info: 'The load balancer pins sessions to one target (sticky sessions).',
  explanation: 'With stickiness, a user\'s session lives on one task or instance: replacing it (a deployment, a scale-in, a spot reclaim, a zone loss) logs users out or loses their work, and load spreads unevenly. Keep session state in a shared store (DynamoDB, ElastiCache) and turn stickiness off; StatelessService sets `stickiness.enabled` to false on its target group.',
  checks: 'ALB/NLB target groups with `stickiness.enabled` true; classic ELB LB/app cookie stickiness policies attached to a listener. Listener and listener-rule `TargetGroupStickinessConfig` (target group stickiness on a weighted forward, as blue/green uses) keeps a client on a group, not a task, and is not reported.',
  source: 'ELB TargetGroupAttribute (`stickiness.enabled`, off by default); ALB User Guide, "Sticky sessions" and listener forward actions (target group stickiness routes a client to the same target group); Classic ELB sticky sessions guide.',
  detail: (node) => {
    if (node.cfnResourceType === CLASSIC) return `Listeners use stickiness policies: ${classicStickyPolicies(node).join(', ')}.`;
    return undefined;
  },
};
