import { CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { targetGroupAttribute } from './attributes';
import { allProps, get, list, logicalIdOf, num, perStack, props, raw, referencedId, referencedIds, resourceById, resourcesOfType, stackResources, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';
import { spotProfile } from '../autoscaling/spot';
import { ActiveProvider, clusterKey, declaredProviders } from '../ecs/capacity';
import { fleetStopTimeout } from '../ecs/fleet';

/** ELB's default deregistration delay (seconds). */
export const DEFAULT_DEREGISTRATION_DELAY = 300;
/** ECS's default container stop timeout (seconds): Fargate, and the EC2 agent's ECS_CONTAINER_STOP_TIMEOUT. */
export const DEFAULT_STOP_TIMEOUT = 30;
/** The spot interruption notice (seconds), for Fargate Spot tasks and EC2 spot instances alike. */
export const SPOT_NOTICE = 120;

/** Where a container's stop timeout comes from. */
type StopSource = 'container' | 'fleet' | 'default';

/** One ECS container a service registers in the target group, and how its task is stopped. */
interface Registration {
  readonly service: string;
  readonly container: string;
  /** Seconds between the stop signal and SIGKILL; UNKNOWN when only known at deploy time (or on a fleet outside the stack). */
  readonly stop: number | typeof UNKNOWN;
  readonly stopSource: StopSource;
  /** The service places tasks on spot: Fargate Spot, or an EC2 Auto Scaling group that runs spot. */
  readonly spot?: 'fargate-spot' | 'ec2-spot';
}

interface DelayFacts {
  readonly delay: number;
  readonly isDefault: boolean;
  readonly registrations: Registration[];
}

/**
 * Target groups whose drain makes shutdowns slow or cuts requests on spot. ECS stops a task
 * behind a load balancer in this order: deregister, wait the deregistration delay (target UNUSED),
 * send the stop signal, wait the stop timeout, SIGKILL. So a shutdown takes drain + stop timeout,
 * and the two are not compared with each other. What matters:
 * - the 300 s default (or more) makes every deployment and scale-in wait 5 minutes per batch;
 * - on Fargate Spot the task is stopped 120 s after the interruption warning, and SIGTERM can come
 *   before the task leaves its target group (containers-roadmap #2673): the drain must end
 *   within the 120 s;
 * - on EC2 spot instances drained by ECS, the whole ordered shutdown (drain + stop timeout) must
 *   fit in the 120 s before the instance is reclaimed.
 */
export function ELBDeregistrationDelay(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::TargetGroup') return NOT_APPLICABLE;
  if (str(get(props(node), 'TargetType')) === 'lambda') return NOT_APPLICABLE;
  if (!canHaveTargets(node)) return NOT_APPLICABLE;
  const facts = delayFacts(node);
  if (!facts) return COMPLIANT;
  if (facts.delay >= DEFAULT_DEREGISTRATION_DELAY) return NON_COMPLIANT;
  return spotProblems(facts).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function delayFacts(node: CfnResource): DelayFacts | undefined {
  const set = num(targetGroupAttribute(props(node), 'deregistration_delay.timeout_seconds'));
  if (set === UNKNOWN) return undefined;
  return {
    delay: set ?? DEFAULT_DEREGISTRATION_DELAY,
    isDefault: set === undefined,
    registrations: registrations(node).get(logicalIdOf(node)) ?? [],
  };
}

/** The registrations whose shutdown does not fit the spot notice, as sentences with the arithmetic. */
function spotProblems(facts: DelayFacts): string[] {
  const out: string[] = [];
  for (const r of facts.registrations) {
    if (r.spot === 'fargate-spot' && facts.delay >= SPOT_NOTICE) {
      out.push(`${r.service} runs on Fargate Spot: the task is stopped ${SPOT_NOTICE} s after the interruption warning, and SIGTERM can arrive before it leaves the target group, so a ${facts.delay} s drain is cut short (it must end within ${SPOT_NOTICE} s).`);
    }
    if (r.spot === 'ec2-spot' && r.stop !== UNKNOWN && facts.delay + r.stop > SPOT_NOTICE) {
      out.push(`${r.service} runs on EC2 spot instances: ${shutdown(facts, r)}, longer than the ${SPOT_NOTICE} s interruption notice.`);
    }
  }
  return out;
}

function shutdown(facts: DelayFacts, r: Registration): string {
  if (r.stop === UNKNOWN) return `${facts.delay} s drain + a stop timeout known only at deploy time`;
  const why = r.stopSource === 'container' ? '' : r.stopSource === 'fleet' ? ' (the fleet\'s ECS_CONTAINER_STOP_TIMEOUT)' : ' (default)';
  return `${facts.delay} s drain + ${r.stop} s stop timeout${why} = ${facts.delay + r.stop} s shutdown of container ${r.container}`;
}

/**
 * Logical ids something can put a target into: referenced by an ECS service, an Auto Scaling
 * group or a custom resource of the stack, or exported by an output. Indexed once per stack.
 */
function registeredIds(node: CfnResource): Set<string> {
  return perStack(node, 'elb:registeredIds', (stack) => {
    const ids = new Set<string>();
    for (const r of stackResources(node)) {
      const type = r.cfnResourceType;
      // Only the properties that can name a target group: an ECS service's LoadBalancers, an Auto
      // Scaling group's TargetGroupARNs; a custom resource's are free-form, so all of them.
      if (type === 'AWS::ECS::Service') referencedIds(raw(props(r), 'LoadBalancers'), ids);
      else if (type === 'AWS::AutoScaling::AutoScalingGroup') referencedIds(raw(props(r), 'TargetGroupARNs'), ids);
      else if (type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::')) referencedIds(allProps(r), ids);
    }
    for (const c of stack.node.findAll()) {
      if (c instanceof CfnOutput && Stack.of(c) === stack) referencedIds(stack.resolve(c.value), ids);
    }
    return ids;
  });
}

/**
 * False for a target group nothing can put a target into: no `Targets`, not referenced by an ECS
 * service, an Auto Scaling group or a custom resource of the stack, and not exported (a "drop"
 * default action of a listener). Such a group never drains anything.
 */
function canHaveTargets(tg: CfnResource): boolean {
  if (get(props(tg), 'Targets') !== undefined) return true;
  return registeredIds(tg).has(logicalIdOf(tg));
}

/** How a service's tasks are stopped and where they run, for its containers behind load balancers. */
function spotOf(active: ActiveProvider[] | undefined): Registration['spot'] {
  if (!active) return undefined;
  if (active.some((a) => a.market.kind === 'fargate-spot')) return 'fargate-spot';
  if (active.some((a) => a.market.kind === 'asg' && a.market.usesSpot === true)) return 'ec2-spot';
  return undefined;
}

function onFargate(service: CfnResource, active: ActiveProvider[] | undefined): boolean {
  const launchType = str(get(props(service), 'LaunchType'));
  if (launchType === 'FARGATE') return true;
  if (!active || active.length === 0) return false;
  return active.every((a) => a.market.kind === 'fargate' || a.market.kind === 'fargate-spot');
}

/** The container definitions of a service's task definition in the stack, or [] when not readable. */
function containersOf(service: CfnResource): unknown[] {
  const taskDefId = referencedId(raw(props(service), 'TaskDefinition'));
  const taskDef = taskDefId ? resourceById(service, taskDefId) : undefined;
  if (!taskDef || taskDef.cfnResourceType !== 'AWS::ECS::TaskDefinition') return [];
  const containers = list(get(props(taskDef), 'ContainerDefinitions'));
  return containers === UNKNOWN || !containers ? [] : containers;
}

/** Every ECS container registered in a target group by a service of the stack, by target group id. Indexed once per stack. */
function registrations(node: CfnResource): Map<string, Registration[]> {
  return perStack(node, 'elb:registrations', () => {
    const out = new Map<string, Registration[]>();
    for (const service of resourcesOfType(node, 'AWS::ECS::Service')) {
      const sp = props(service);
      const lbs = list(get(sp, 'LoadBalancers'));
      if (lbs === UNKNOWN || !lbs) continue;
      const targets = lbs.flatMap((lb) => {
        const tgId = referencedId(raw(lb, 'TargetGroupArn'));
        const name = str(get(lb, 'ContainerName'));
        return tgId ? [{ tgId, name: typeof name === 'string' ? name : undefined }] : [];
      });
      if (targets.length === 0) continue;
      // The task definition is read only for a container named in the template; a name known only
      // at deploy time still registers the service (its capacity decides the Fargate Spot test),
      // with a stop timeout known only at deploy time.
      const containers = targets.some((t) => t.name !== undefined) ? containersOf(service) : [];
      // Capacity "not known here" and "none" are alike for a drain (neither is Fargate Spot or a spot fleet).
      const active = declaredProviders(service);
      const fargate = onFargate(service, active);
      const fleet = fargate ? undefined : fleetStopTimeout(service, active, () => clusterKey(raw(sp, 'Cluster')));
      // A launch-type EC2 service runs on the fleet that joins its cluster: spot when that fleet is.
      const spot = spotOf(active) ?? (fleet?.asgs.some((asg) => spotProfile(asg).usesSpot === true) ? 'ec2-spot' : undefined);
      for (const { tgId, name } of targets) {
        const container = name === undefined ? undefined : containers.find((c) => str(get(c, 'Name')) === name);
        const own = container === undefined ? UNKNOWN : num(get(container, 'StopTimeout'));
        let stop: number | typeof UNKNOWN;
        let stopSource: StopSource;
        if (own !== undefined) {
          stop = own;
          stopSource = 'container';
        } else if (fargate) {
          stop = DEFAULT_STOP_TIMEOUT;
          stopSource = 'default';
        } else {
          stop = fleet?.seconds ?? UNKNOWN;
          stopSource = fleet?.set ? 'fleet' : 'default';
        }
        const reg: Registration = { service: logicalIdOf(service), container: name ?? '(named at deploy time)', stop, stopSource, spot };
        out.set(tgId, [...(out.get(tgId) ?? []), reg]);
      }
    }
    return out;
  });
}

export const ELBDeregistrationDelayRule: RuleDefinition = {
  rule: ELBDeregistrationDelay,
  resourceTypes: ['AWS::ElasticLoadBalancingV2::TargetGroup'],
  level: NagMessageLevel.WARN,
  info: 'The target group drains for the 300 s default (or longer), or longer than its spot tasks have before they are reclaimed.',
  explanation: 'ECS stops a task behind a load balancer in order: deregister, wait the deregistration delay, send the stop signal, wait the stop timeout, kill; a shutdown takes drain + stop timeout. At the 300 s default every deployment batch and scale-in waits 5 minutes. A spot task has 120 s from the interruption warning: on Fargate Spot SIGTERM can arrive while the task is still in the target group, so the drain must end within 120 s; on EC2 spot instances the whole drain + stop timeout must fit in 120 s. Set the delay to a little more than your longest request; StatelessService drains for 30 s with a 60 s stop timeout (a 90 s shutdown).',
  checks: 'ALB/NLB target groups (not Lambda; not drop-all groups without `Targets` that no ECS service, Auto Scaling group or custom resource of the stack references and no output exports) whose `deregistration_delay.timeout_seconds` is unset (300 s) or >= 300; or >= 120 s with an ECS service of the stack on FARGATE_SPOT registered in it; or whose delay + container `StopTimeout` (else the fleet\'s `ECS_CONTAINER_STOP_TIMEOUT` from its launch template or launch configuration user data, else 30 s) is over 120 s for a service on an EC2 spot Auto Scaling group capacity provider. Capacity comes from the service\'s strategy, or its cluster\'s default when it has no launch type.',
  source: 'ECS Developer Guide, "Optimize load balancer connection draining parameters" (deregistration delay, then stop signal, then ECS_CONTAINER_STOP_TIMEOUT) and "Configuring Amazon ECS Linux container instances to receive Spot Instance notices"; AWS Knowledge Center, "How do I handle Spot termination notices in AWS Fargate Spot tasks?" (stopTimeout at most 120 s; deregistration delay below two minutes); containers-roadmap #2673; ELB TargetGroupAttribute (300 s default).',
  detail: (node) => {
    const facts = delayFacts(node);
    if (!facts) return undefined;
    const delay = `Deregistration delay ${facts.delay} s${facts.isDefault ? ' (default)' : ''}.`;
    const shutdowns = facts.registrations.map((r) => `${shutdown(facts, r)} in ${r.service}`);
    const parts = [delay, ...(shutdowns.length > 0 ? [`Shutdown: ${shutdowns.join('; ')}.`] : []), ...spotProblems(facts)];
    return parts.join(' ');
  },
};
