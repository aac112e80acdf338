import { CfnResource } from 'aws-cdk-lib';
import { get, list, logicalIdOf, num, perStack, props, raw, referencedIds, resourcesOfType, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** CloudFormation's DesiredCount when the property is absent (replica services). */
const DEFAULT_DESIRED_COUNT = 1;

/**
 * The tag StatelessService puts on its Fargate Spot on-demand fallback twin (0 tasks by design,
 * raised only while spot capacity is short): the twin is recognised by it, never by its name.
 */
export const FALLBACK_TWIN_TAG = { key: 'cdk-cloud-native-patterns:role', value: 'spot-fallback-twin' } as const;

/** True when the service carries the fallback twin tag in its `Tags`. */
export function isFallbackTwin(service: CfnResource): boolean {
  const tags = list(get(props(service), 'Tags'));
  if (tags === UNKNOWN || !tags) return false;
  return tags.some((t) => str(get(t, 'Key')) === FALLBACK_TWIN_TAG.key && str(get(t, 'Value')) === FALLBACK_TWIN_TAG.value);
}

/**
 * Replica services that run fewer than 2 tasks: neither the desired count nor an autoscaling
 * minimum in the same stack keeps 2 or more. The library's own on-demand fallback twin is not
 * applicable: it runs 0 tasks until spot capacity is short, by design.
 */
export function ECSServiceSingleTask(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::Service') return NOT_APPLICABLE;
  if (isFallbackTwin(node)) return NOT_APPLICABLE;
  const p = props(node);
  const strategy = str(get(p, 'SchedulingStrategy')) ?? 'REPLICA';
  if (strategy === UNKNOWN) return COMPLIANT;
  if (strategy !== 'REPLICA') return NOT_APPLICABLE;
  const desired = taskFloor(node);
  return desired === UNKNOWN || desired >= 2 ? COMPLIANT : NON_COMPLIANT;
}

/** The number of tasks the service keeps at least: max(desired count, autoscaling minimum). */
function taskFloor(node: CfnResource): number | typeof UNKNOWN {
  const desired = num(get(props(node), 'DesiredCount'));
  if (desired === UNKNOWN) return UNKNOWN;
  let floor = desired ?? DEFAULT_DESIRED_COUNT;
  for (const min of scalingMinimums(node).get(logicalIdOf(node)) ?? []) {
    if (min === UNKNOWN) return UNKNOWN;
    if (min !== undefined) floor = Math.max(floor, min);
  }
  return floor;
}

/**
 * The `MinCapacity` of every `ecs:service:DesiredCount` scalable target of the stack, by the
 * logical ids its `ResourceId` refers to. Indexed once per stack.
 */
function scalingMinimums(node: CfnResource): Map<string, (number | undefined | typeof UNKNOWN)[]> {
  return perStack(node, 'ecs:scalingMinimums', () => {
    const out = new Map<string, (number | undefined | typeof UNKNOWN)[]>();
    for (const target of resourcesOfType(node, 'AWS::ApplicationAutoScaling::ScalableTarget')) {
      const tp = props(target);
      if (str(get(tp, 'ScalableDimension')) !== 'ecs:service:DesiredCount') continue;
      const min = num(get(tp, 'MinCapacity'));
      for (const id of referencedIds(raw(tp, 'ResourceId'))) out.set(id, [...(out.get(id) ?? []), min]);
    }
    return out;
  });
}

export const ECSServiceSingleTaskRule: RuleDefinition = {
  rule: ECSServiceSingleTask,
  resourceTypes: ['AWS::ECS::Service'],
  level: NagMessageLevel.ERROR,
  info: 'The ECS replica service runs fewer than 2 tasks.',
  explanation: 'With one task, every task replacement (a deployment, a host or spot reclaim, a crash) and the loss of its zone is an outage. Run at least 2 tasks spread over zones, enough to lose one zone; StatelessService computes the count from `minHealthyTasks` and the zone count (3 tasks over 3 zones by default).',
  checks: 'AWS::ECS::Service with the REPLICA strategy (the default) whose `DesiredCount` (default 1) and the `MinCapacity` of an `ecs:service:DesiredCount` scalable target for it in the same stack are both below 2. Not the on-demand fallback twin StatelessService creates for Fargate Spot (0 tasks until spot is short, by design), recognised by its tag `cdk-cloud-native-patterns:role` = `spot-fallback-twin`.',
  source: 'ECS CreateService API (desiredCount); ECS availability best practices.',
  detail: (node) => {
    const floor = taskFloor(node);
    const unset = get(props(node), 'DesiredCount') === undefined;
    return typeof floor === 'number'
      ? `Desired count and autoscaling minimum keep ${floor} task${floor === 1 ? '' : 's'}${unset ? ' (DesiredCount unset: CloudFormation uses 1)' : ''}.`
      : undefined;
  },
};
