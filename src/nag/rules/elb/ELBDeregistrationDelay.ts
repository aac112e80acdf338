import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { targetGroupAttribute } from './attributes';
import { get, list, logicalIdOf, num, props, raw, referencedId, refersTo, rendered, resourceById, resourcesOfType, stackResources, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** ELB's default deregistration delay (seconds). */
export const DEFAULT_DEREGISTRATION_DELAY = 300;
/** ECS's default container stop timeout (seconds): Fargate, and the EC2 agent's ECS_CONTAINER_STOP_TIMEOUT. */
export const DEFAULT_STOP_TIMEOUT = 30;

interface DelayFacts {
  readonly delay: number;
  readonly isDefault: boolean;
  /** The shortest stop window of an ECS container registered in the target group, when known. */
  readonly stopWindow?: { readonly seconds: number; readonly container: string; readonly service: string };
}

/**
 * Target groups drain for the 300 s default (or longer), or for longer than the ECS tasks behind
 * them have between SIGTERM and SIGKILL.
 */
export function ELBDeregistrationDelay(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::TargetGroup') return NOT_APPLICABLE;
  if (str(get(props(node), 'TargetType')) === 'lambda') return NOT_APPLICABLE;
  if (!canHaveTargets(node)) return NOT_APPLICABLE;
  const facts = delayFacts(node);
  if (!facts) return COMPLIANT;
  if (facts.delay >= DEFAULT_DEREGISTRATION_DELAY) return NON_COMPLIANT;
  if (facts.stopWindow && facts.delay > facts.stopWindow.seconds) return NON_COMPLIANT;
  return COMPLIANT;
}

function delayFacts(node: CfnResource): DelayFacts | undefined {
  const set = num(targetGroupAttribute(props(node), 'deregistration_delay.timeout_seconds'));
  if (set === UNKNOWN) return undefined;
  const delay = set ?? DEFAULT_DEREGISTRATION_DELAY;
  return { delay, isDefault: set === undefined, stopWindow: stopWindow(node) };
}

/** Resource types that register targets in a target group they reference. */
const REGISTRARS = new Set(['AWS::ECS::Service', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::CloudFormation::CustomResource']);

/**
 * False for a target group nothing can put a target into: no `Targets`, not referenced by an ECS
 * service, an Auto Scaling group or a custom resource of the stack, and not exported (a "drop"
 * default action of a listener). Such a group never drains anything.
 */
function canHaveTargets(tg: CfnResource): boolean {
  if (get(props(tg), 'Targets') !== undefined) return true;
  const id = logicalIdOf(tg);
  for (const r of stackResources(tg)) {
    if (!REGISTRARS.has(r.cfnResourceType) && !r.cfnResourceType.startsWith('Custom::')) continue;
    if (refersTo(rendered(r).properties, id)) return true;
  }
  const stack = Stack.of(tg);
  return stack.node.findAll().some((c) => c instanceof CfnOutput && Stack.of(c) === stack && refersTo(stack.resolve(c.value), id));
}

/** The shortest stop timeout among the ECS containers registered in this target group. */
function stopWindow(targetGroup: CfnResource): DelayFacts['stopWindow'] {
  const tgId = logicalIdOf(targetGroup);
  let shortest: DelayFacts['stopWindow'];
  for (const service of resourcesOfType(targetGroup, 'AWS::ECS::Service')) {
    const sp = props(service);
    const lbs = list(get(sp, 'LoadBalancers'));
    if (lbs === UNKNOWN || !lbs) continue;
    const taskDefId = referencedId(raw(sp, 'TaskDefinition'));
    const taskDef = taskDefId ? resourceById(service, taskDefId) : undefined;
    if (!taskDef || taskDef.cfnResourceType !== 'AWS::ECS::TaskDefinition') continue;
    const containers = list(get(props(taskDef), 'ContainerDefinitions'));
    if (containers === UNKNOWN || !containers) continue;
    for (const lb of lbs) {
      if (!refersTo(raw(lb, 'TargetGroupArn'), tgId)) continue;
      const name = str(get(lb, 'ContainerName'));
      const container = containers.find((c) => str(get(c, 'Name')) === name);
      if (!container || typeof name !== 'string') continue;
      const stop = num(get(container, 'StopTimeout'));
      if (stop === UNKNOWN) continue;
      const seconds = stop ?? DEFAULT_STOP_TIMEOUT;
      if (!shortest || seconds < shortest.seconds) shortest = { seconds, container: name, service: logicalIdOf(service) };
    }
  }
  return shortest;
}

export const ELBDeregistrationDelayRule: RuleDefinition = {
  rule: ELBDeregistrationDelay,
  level: NagMessageLevel.WARN,
  info: 'The target group drains for the 300 s default (or longer), or for longer than its tasks\' stop timeout.',
  explanation: 'Every deployment, scale-in and spot reclaim waits for the drain: at 300 s a rolling deployment of a few batches takes tens of minutes, and a spot task gets only 120 s. If the drain outlasts the container\'s stop timeout, ECS kills the task while the load balancer still sends it requests, and those requests fail. Set the delay to a little more than your longest request and below the stop timeout; StatelessService drains for 30 s with a 60 s stop timeout.',
  checks: 'ALB/NLB target groups (not Lambda; not drop-all groups without `Targets` that no ECS service, Auto Scaling group or custom resource of the stack references and no output exports) whose `deregistration_delay.timeout_seconds` is unset (300 s) or >= 300, or greater than the `StopTimeout` (default 30 s) of an ECS container registered in it by a service of the same stack.',
  source: 'ELB TargetGroupAttribute (deregistration delay 300 s default, 0-3600); ECS ContainerDefinition `stopTimeout` (default 30 s, Fargate max 120 s).',
  detail: (node) => {
    const facts = delayFacts(node);
    if (!facts) return undefined;
    const delay = `Deregistration delay ${facts.delay} s${facts.isDefault ? ' (default)' : ''}`;
    if (facts.stopWindow && facts.delay > facts.stopWindow.seconds) {
      return `${delay} is longer than the ${facts.stopWindow.seconds} s stop timeout of container ${facts.stopWindow.container} in ${facts.stopWindow.service}.`;
    }
    return `${delay}.`;
  },
};
