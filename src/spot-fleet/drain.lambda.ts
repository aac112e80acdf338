/**
 * Drains a SpotFleetWithFallback instance on the 2-minute spot interruption notice and on a
 * rebalance recommendation, so in-flight work is moved, not killed.
 *
 * - As an ECS capacity provider (CLUSTER_NAME set): the container instance is set to DRAINING.
 *   ECS stops its tasks gracefully (SIGTERM, then the stop timeout) and starts replacements on
 *   other instances; load balancer targets are deregistered with their deregistration delay.
 * - Without ECS: on the interruption notice the instance is terminated through Auto Scaling
 *   (keeping the desired capacity), which launches a replacement at once, deregisters it from
 *   attached target groups and holds it in the termination lifecycle hook for the workload to
 *   finish. A rebalance recommendation is left to Capacity Rebalancing, which replaces the
 *   instance before terminating it through the same hook.
 *
 * Idempotent: an instance already draining or terminating is left alone, so EventBridge or Lambda
 * retries and duplicate events do nothing twice. An AWS error is thrown, so the event is retried.
 */
import {
  AutoScalingClient,
  DescribeAutoScalingInstancesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';

export const INTERRUPTION_WARNING = 'EC2 Spot Instance Interruption Warning';
export const REBALANCE_RECOMMENDATION = 'EC2 Instance Rebalance Recommendation';

/** The EventBridge events this handler receives. */
export interface InstanceEvent {
  readonly 'detail-type': string;
  readonly 'source': string;
  readonly 'time'?: string;
  readonly 'detail': { readonly 'instance-id'?: string; readonly 'instance-action'?: string };
}

/** What the handler did. */
export interface DrainResult {
  readonly action: 'drained' | 'already-draining' | 'terminating' | 'already-terminating' | 'ignored';
  readonly instanceId?: string;
  readonly reason: string;
}

// The SDK retries throttling and transient errors itself; more attempts than its default 3
// because a spot reclaim often comes with many others at once.
const autoscaling = new AutoScalingClient({ maxAttempts: 5 });
const ecs = new ECSClient({ maxAttempts: 5 });

export async function handler(event: InstanceEvent): Promise<DrainResult> {
  const result = await drain(event, {
    groupName: requiredEnv('GROUP_NAME'),
    clusterName: process.env.CLUSTER_NAME || undefined,
  });
  console.log(JSON.stringify({ event: event['detail-type'], ...result }));
  return result;
}

/** Configuration of the handler, from its environment. */
export interface DrainConfig {
  readonly groupName: string;
  readonly clusterName?: string;
}

export async function drain(event: InstanceEvent, config: DrainConfig): Promise<DrainResult> {
  const kind = event['detail-type'];
  if (kind !== INTERRUPTION_WARNING && kind !== REBALANCE_RECOMMENDATION) {
    return { action: 'ignored', reason: `unsupported event type "${kind}"` };
  }
  const instanceId = event.detail?.['instance-id'];
  if (!instanceId) return { action: 'ignored', reason: 'the event names no instance' };

  // EC2 events cannot be filtered by Auto Scaling group in the rule: check membership here.
  const described = await autoscaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }));
  const member = (described.AutoScalingInstances ?? []).find((i) => i.AutoScalingGroupName === config.groupName);
  if (!member) return { action: 'ignored', instanceId, reason: `not an instance of ${config.groupName}` };

  if (config.clusterName) return drainContainerInstance(config.clusterName, instanceId);

  const state = member.LifecycleState ?? '';
  if (state.startsWith('Terminating') || state === 'Terminated') {
    return { action: 'already-terminating', instanceId, reason: `lifecycle state ${state}` };
  }
  if (kind === REBALANCE_RECOMMENDATION) {
    return { action: 'ignored', instanceId, reason: 'Capacity Rebalancing launches a replacement, then terminates this instance through the lifecycle hook' };
  }
  await autoscaling.send(new TerminateInstanceInAutoScalingGroupCommand({
    InstanceId: instanceId,
    ShouldDecrementDesiredCapacity: false,
  }));
  return { action: 'terminating', instanceId, reason: 'terminated through Auto Scaling: replacement launched, targets deregistered, lifecycle hook holds it for draining' };
}

async function drainContainerInstance(cluster: string, instanceId: string): Promise<DrainResult> {
  const listed = await ecs.send(new ListContainerInstancesCommand({ cluster, filter: `ec2InstanceId == ${instanceId}` }));
  const arns = listed.containerInstanceArns ?? [];
  if (arns.length === 0) {
    return { action: 'ignored', instanceId, reason: `not registered in cluster ${cluster} (still starting, or already gone)` };
  }
  const described = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns }));
  const toDrain = (described.containerInstances ?? []).filter((c) => c.status !== 'DRAINING' && c.containerInstanceArn);
  if (toDrain.length === 0) {
    return { action: 'already-draining', instanceId, reason: 'the container instance is already DRAINING' };
  }
  const updated = await ecs.send(new UpdateContainerInstancesStateCommand({
    cluster,
    containerInstances: toDrain.map((c) => c.containerInstanceArn!),
    status: 'DRAINING',
  }));
  const failures = updated.failures ?? [];
  if (failures.length > 0) {
    // Thrown so the event is delivered again; the retry skips what is already DRAINING.
    throw new Error(`could not drain ${instanceId}: ${failures.map((f) => `${f.arn}: ${f.reason} ${f.detail ?? ''}`.trim()).join('; ')}`);
  }
  return { action: 'drained', instanceId, reason: `container instance set to DRAINING in ${cluster}` };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
