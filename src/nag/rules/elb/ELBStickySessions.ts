import { CfnResource } from 'aws-cdk-lib';
import { targetGroupAttribute } from './attributes';
import { bool, get, list, props, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

/**
 * Load balancers pin clients to one target: target group stickiness (ALB and NLB), listener-level
 * target group stickiness on weighted forwards, or a classic ELB cookie stickiness policy attached
 * to a listener.
 */
export function ELBStickySessions(node: CfnResource): NagRuleCompliance {
  switch (node.cfnResourceType) {
    case TARGET_GROUP:
      return bool(targetGroupAttribute(props(node), 'stickiness.enabled')) === true ? NON_COMPLIANT : COMPLIANT;
    case LISTENER:
    case LISTENER_RULE: {
      const actions = list(get(props(node), node.cfnResourceType === LISTENER ? 'DefaultActions' : 'Actions'));
      if (actions === UNKNOWN) return COMPLIANT;
      const sticky = (actions ?? []).some((a) => bool(get(a, 'ForwardConfig', 'TargetGroupStickinessConfig', 'Enabled')) === true);
      return sticky ? NON_COMPLIANT : COMPLIANT;
    }
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
  level: NagMessageLevel.ERROR,
  info: 'The load balancer pins sessions to one target (sticky sessions).',
  explanation: 'With stickiness, a user\'s session lives on one task or instance: replacing it (a deployment, a scale-in, a spot reclaim, a zone loss) logs users out or loses their work, and load spreads unevenly. Keep session state in a shared store (DynamoDB, ElastiCache) and turn stickiness off; StatelessService sets `stickiness.enabled` to false on its target group.',
  checks: 'ALB/NLB target groups with `stickiness.enabled` true; listener or listener-rule forwards with `TargetGroupStickinessConfig.Enabled` true; classic ELB LB/app cookie stickiness policies attached to a listener.',
  source: 'ELB TargetGroupAttribute (`stickiness.enabled`, off by default); Classic ELB sticky sessions guide.',
  detail: (node) => {
    if (node.cfnResourceType === CLASSIC) return `Listeners use stickiness policies: ${classicStickyPolicies(node).join(', ')}.`;
    return undefined;
  },
};
