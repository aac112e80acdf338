/**
 * The spot fallback controller of a SpotFleetWithFallback.
 *
 * Auto Scaling keeps retrying spot when spot capacity cannot be had. This controller notices the
 * shortage (an `EC2 Instance Launch Unsuccessful` event for spot, or, on its one-minute check, a
 * group below its desired capacity with failed spot launches in its recent activities) and raises
 * the group's on-demand percentage above base to 100, so the next launches are on-demand. It hands
 * back to spot by restoring the configured percentage once no spot launch has failed for
 * HAND_BACK_AFTER_SECONDS. A failed spot launch after the hand-back simply enters the fallback
 * again; instances already running are never touched, so a hand-back that comes too early costs
 * no capacity.
 *
 * Returning capacity to spot (ECS capacity provider, CLUSTER_NAME set): restoring the percentage
 * changes only what Auto Scaling launches next. The on-demand instances launched during the
 * fallback keep running, and with ECS managed termination protection an instance that runs tasks
 * is protected from scale-in ("Amazon ECS only terminates EC2 instances that don't have any
 * running Amazon ECS tasks": ECS developer guide, "Control the instances Amazon ECS terminates"),
 * so they would stay on-demand as long as they hold a task. So, once handed back, each check that
 * finds the group whole (no unfulfilled capacity, no container instance of the group DRAINING)
 * and more on-demand instances than the configured split needs (base + ceil((n - base) x
 * percentage)) sets the newest such container instance to DRAINING: ECS moves its service tasks
 * to other instances (launching spot ones through managed scaling when there is no room), and once
 * it runs no task ECS lifts its scale-in protection and managed scaling scales it in. One instance
 * per check, so tasks move gradually and a spot shortage that returns stops the swap (it re-enters
 * the fallback). An instance's purchase option comes from the ECS attribute
 * `cloud-native-patterns.purchase-option`, written from instance metadata (instance-life-cycle) at
 * boot. Without ECS nothing is needed: "an update to this setting means a gradual replacement of
 * instances to adjust the current On-Demand and Spot Instance levels", new instances launched
 * before the old are terminated (EC2 Auto Scaling API Reference, InstancesDistribution,
 * OnDemandPercentageAboveBaseCapacity); with ECS that replacement cannot terminate an instance
 * ECS keeps protected from scale-in, which is why the controller drains them.
 *
 * State lives in two tags on the group, so the controller is stateless and idempotent: a repeated
 * event changes nothing, and a stack update that resets the percentage while in fallback is
 * corrected on the next check. Every invocation publishes `SpotFallbackActive` (1 or 0) and
 * `UnfulfilledCapacity` for the alarm.
 */
import {
  Activity,
  AutoScalingClient,
  AutoScalingGroup,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ContainerInstance,
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { PURCHASE_OPTION_ATTRIBUTE } from './purchase-option';

export { PURCHASE_OPTION_ATTRIBUTE };

export const LAUNCH_UNSUCCESSFUL = 'EC2 Instance Launch Unsuccessful';
export const SCHEDULED_EVENT = 'Scheduled Event';
export const TAG_SINCE = 'cloud-native-patterns:spot-fallback-since';
export const TAG_LAST_FAILURE = 'cloud-native-patterns:last-spot-failure';
/** Failed activities older than this are not evidence of a current shortage. */
export const ACTIVITY_LOOKBACK_MS = 10 * 60 * 1000;

/** The EventBridge events this handler receives. */
export interface ControllerEvent {
  readonly 'detail-type': string;
  readonly 'source': string;
  readonly 'time'?: string;
  readonly 'detail'?: {
    readonly AutoScalingGroupName?: string;
    readonly StatusCode?: string;
    readonly StatusMessage?: string;
  };
}

/** Configuration of the controller, from its environment. */
export interface ControllerConfig {
  readonly groupName: string;
  /** The on-demand percentage above base the group is configured with (restored on hand-back). */
  readonly configuredPercentage: number;
  readonly handBackAfterMs: number;
  readonly metricNamespace: string;
  /** With ECS: the cluster whose container instances are drained to return capacity to spot. */
  readonly clusterName?: string;
  /** The group's on-demand base (for the split that the return to spot restores). */
  readonly onDemandBase?: number;
}

/** What the controller did. */
export interface ControllerResult {
  readonly action: 'entered-fallback' | 'in-fallback' | 'reapplied-fallback' | 'handed-back' | 'returning-to-spot' | 'on-spot' | 'ignored';
  readonly inFallback: boolean;
  readonly unfulfilledCapacity: number;
  readonly reason: string;
}

const autoscaling = new AutoScalingClient({ maxAttempts: 5 });
const cloudwatch = new CloudWatchClient({ maxAttempts: 5 });
const ecs = new ECSClient({ maxAttempts: 5 });

/** True when a launch failure message says spot capacity could not be had. */
export function isSpotShortage(message: string | undefined): boolean {
  if (!message) return false;
  return /spot/i.test(message) &&
    /capacity|MaxSpotInstanceCountExceeded|SpotMaxPriceTooLow|Unfulfillable/i.test(message);
}

export async function handler(event: ControllerEvent): Promise<ControllerResult> {
  const result = await control(event, configFromEnv(), Date.now());
  console.log(JSON.stringify({ event: event['detail-type'], ...result }));
  return result;
}

export function configFromEnv(): ControllerConfig {
  const groupName = process.env.GROUP_NAME;
  const pct = Number(process.env.ON_DEMAND_PERCENTAGE);
  const handBack = Number(process.env.HAND_BACK_AFTER_SECONDS);
  if (!groupName) throw new Error('environment variable GROUP_NAME is not set');
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) throw new Error(`ON_DEMAND_PERCENTAGE must be 0-100, got "${process.env.ON_DEMAND_PERCENTAGE}"`);
  if (!Number.isFinite(handBack) || handBack <= 0) throw new Error(`HAND_BACK_AFTER_SECONDS must be positive, got "${process.env.HAND_BACK_AFTER_SECONDS}"`);
  const clusterName = process.env.CLUSTER_NAME || undefined;
  const base = Number(process.env.ON_DEMAND_BASE ?? '0');
  if (!Number.isInteger(base) || base < 0) throw new Error(`ON_DEMAND_BASE must be a whole number, got "${process.env.ON_DEMAND_BASE}"`);
  return {
    groupName,
    configuredPercentage: pct,
    handBackAfterMs: handBack * 1000,
    metricNamespace: process.env.METRIC_NAMESPACE || 'CloudNativePatterns/SpotFleet',
    clusterName,
    onDemandBase: base,
  };
}

export async function control(event: ControllerEvent, config: ControllerConfig, now: number): Promise<ControllerResult> {
  const kind = event['detail-type'];
  if (kind === LAUNCH_UNSUCCESSFUL && event.detail?.AutoScalingGroupName !== config.groupName) {
    return { action: 'ignored', inFallback: false, unfulfilledCapacity: 0, reason: `event for another group (${event.detail?.AutoScalingGroupName})` };
  }
  if (kind !== LAUNCH_UNSUCCESSFUL && kind !== SCHEDULED_EVENT) {
    return { action: 'ignored', inFallback: false, unfulfilledCapacity: 0, reason: `unsupported event type "${kind}"` };
  }

  const group = await describeGroup(config.groupName);
  const unfulfilled = unfulfilledCapacity(group);
  const since = tagTime(group, TAG_SINCE);
  const lastFailure = tagTime(group, TAG_LAST_FAILURE);

  // Evidence of a spot shortage, and when it was last seen.
  let failureAt: number | undefined;
  if (kind === LAUNCH_UNSUCCESSFUL) {
    if (isSpotShortage(event.detail?.StatusMessage)) failureAt = eventTime(event, now);
  } else if (unfulfilled > 0) {
    failureAt = await latestSpotFailure(config.groupName, now);
  }

  let result: ControllerResult;
  if (failureAt !== undefined) {
    result = await enterOrStay(group, config, failureAt, since, lastFailure, unfulfilled, now);
  } else if (since !== undefined) {
    result = await stayOrHandBack(group, config, lastFailure ?? since, unfulfilled, now);
  } else if (kind === SCHEDULED_EVENT && config.clusterName && unfulfilled === 0 && currentPercentage(group) === config.configuredPercentage) {
    result = await returnToSpot(group, config, config.clusterName);
  } else {
    result = {
      action: kind === LAUNCH_UNSUCCESSFUL ? 'ignored' : 'on-spot',
      inFallback: false,
      unfulfilledCapacity: unfulfilled,
      reason: kind === LAUNCH_UNSUCCESSFUL ? `not a spot capacity failure: ${event.detail?.StatusMessage ?? '(no message)'}` : 'no spot shortage',
    };
  }
  await publish(config, result);
  return result;
}

async function enterOrStay(group: AutoScalingGroup, config: ControllerConfig, failureAt: number, since: number | undefined,
  lastFailure: number | undefined, unfulfilled: number, now: number): Promise<ControllerResult> {
  const entering = since === undefined;
  const reapply = currentPercentage(group) !== 100;
  if (reapply) await setPercentage(config.groupName, 100);
  const tags: Array<{ key: string; value: string }> = [];
  if (entering) tags.push({ key: TAG_SINCE, value: new Date(now).toISOString() });
  if (lastFailure === undefined || failureAt > lastFailure) tags.push({ key: TAG_LAST_FAILURE, value: new Date(failureAt).toISOString() });
  if (tags.length > 0) {
    await autoscaling.send(new CreateOrUpdateTagsCommand({
      Tags: tags.map((t) => ({
        ResourceId: config.groupName, ResourceType: 'auto-scaling-group', Key: t.key, Value: t.value, PropagateAtLaunch: false,
      })),
    }));
  }
  if (entering) {
    return { action: 'entered-fallback', inFallback: true, unfulfilledCapacity: unfulfilled, reason: 'spot capacity could not be had: new launches are on-demand' };
  }
  return {
    action: reapply ? 'reapplied-fallback' : 'in-fallback',
    inFallback: true,
    unfulfilledCapacity: unfulfilled,
    reason: reapply ? 'the on-demand percentage had been reset while spot is still short: set to 100 again' : 'spot still short',
  };
}

async function stayOrHandBack(group: AutoScalingGroup, config: ControllerConfig, lastFailure: number, unfulfilled: number,
  now: number): Promise<ControllerResult> {
  if (now - lastFailure < config.handBackAfterMs) {
    if (currentPercentage(group) !== 100) await setPercentage(config.groupName, 100);
    const waitS = Math.ceil((config.handBackAfterMs - (now - lastFailure)) / 1000);
    return { action: 'in-fallback', inFallback: true, unfulfilledCapacity: unfulfilled, reason: `no spot failure since ${new Date(lastFailure).toISOString()}; hand-back in ${waitS} s` };
  }
  if (currentPercentage(group) !== config.configuredPercentage) await setPercentage(config.groupName, config.configuredPercentage);
  await autoscaling.send(new DeleteTagsCommand({
    Tags: [TAG_SINCE, TAG_LAST_FAILURE].map((Key) => ({ ResourceId: config.groupName, ResourceType: 'auto-scaling-group', Key })),
  }));
  return {
    action: 'handed-back',
    inFallback: false,
    unfulfilledCapacity: unfulfilled,
    reason: `no spot failure for ${config.handBackAfterMs / 1000} s: on-demand percentage above base back to ${config.configuredPercentage}`,
  };
}

/** The on-demand instances a split of `running` needs: the base, then the percentage of the rest, rounded up. */
export function onDemandNeeded(running: number, base: number, percentage: number): number {
  const inBase = Math.min(running, base);
  return inBase + Math.ceil(((running - inBase) * percentage) / 100);
}

function purchaseOption(c: ContainerInstance): string | undefined {
  return c.attributes?.find((a) => a.name === PURCHASE_OPTION_ATTRIBUTE)?.value;
}

/**
 * After the hand-back: drains the newest on-demand container instance above the configured split,
 * one per check, while the group is whole. See the file comment.
 */
async function returnToSpot(group: AutoScalingGroup, config: ControllerConfig, cluster: string): Promise<ControllerResult> {
  const members = new Set((group.Instances ?? []).filter((i) => i.LifecycleState === 'InService').map((i) => i.InstanceId));
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListContainerInstancesCommand({ cluster, nextToken }));
    arns.push(...(page.containerInstanceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const instances: ContainerInstance[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const page = await ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns.slice(i, i + 100) }));
    instances.push(...(page.containerInstances ?? []));
  }
  const ours = instances.filter((c) => c.ec2InstanceId !== undefined && members.has(c.ec2InstanceId));
  const onSpot: ControllerResult = { action: 'on-spot', inFallback: false, unfulfilledCapacity: 0, reason: 'no spot shortage' };
  if (ours.some((c) => c.status === 'DRAINING')) {
    return { ...onSpot, reason: 'no spot shortage; a container instance of the group is DRAINING, so no other is drained until it is gone' };
  }
  const active = ours.filter((c) => c.status === 'ACTIVE');
  const onDemand = active.filter((c) => purchaseOption(c) === 'on-demand');
  const needed = onDemandNeeded(active.length, config.onDemandBase ?? 0, config.configuredPercentage);
  if (onDemand.length <= needed) return onSpot;
  const newest = [...onDemand].sort((a, b) => (b.registeredAt?.getTime() ?? 0) - (a.registeredAt?.getTime() ?? 0))[0];
  const updated = await ecs.send(new UpdateContainerInstancesStateCommand({
    cluster, containerInstances: [newest.containerInstanceArn!], status: 'DRAINING',
  }));
  const failures = updated.failures ?? [];
  if (failures.length > 0) throw new Error(`could not drain ${newest.ec2InstanceId}: ${failures.map((f) => f.reason).join('; ')}`);
  return {
    action: 'returning-to-spot',
    inFallback: false,
    unfulfilledCapacity: 0,
    reason: `${onDemand.length} on-demand of ${active.length} running, the split needs ${needed}: ${newest.ec2InstanceId} set to DRAINING, `
      + 'so ECS moves its tasks and scales it in once it runs none (its replacements launch on spot)',
  };
}

async function describeGroup(name: string): Promise<AutoScalingGroup> {
  const out = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  const group = out.AutoScalingGroups?.[0];
  if (!group) throw new Error(`Auto Scaling group ${name} not found`);
  return group;
}

/** Desired capacity minus the instances that are launching or running. */
export function unfulfilledCapacity(group: AutoScalingGroup): number {
  const live = (group.Instances ?? []).filter((i) => {
    const s = i.LifecycleState ?? '';
    return s.startsWith('Pending') || s === 'InService' || s.startsWith('Warmed');
  }).length;
  return Math.max(0, (group.DesiredCapacity ?? 0) - live);
}

async function latestSpotFailure(groupName: string, now: number): Promise<number | undefined> {
  const out = await autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: groupName, MaxRecords: 20 }));
  const failed = (out.Activities ?? []).filter((a: Activity) =>
    a.StatusCode === 'Failed' && isSpotShortage(a.StatusMessage) && a.StartTime !== undefined &&
    now - new Date(a.StartTime).getTime() <= ACTIVITY_LOOKBACK_MS);
  if (failed.length === 0) return undefined;
  return Math.max(...failed.map((a) => new Date(a.StartTime!).getTime()));
}

function currentPercentage(group: AutoScalingGroup): number | undefined {
  return group.MixedInstancesPolicy?.InstancesDistribution?.OnDemandPercentageAboveBaseCapacity;
}

async function setPercentage(groupName: string, percentage: number): Promise<void> {
  // Only the percentage is sent: the rest of the mixed instances policy stays as deployed.
  await autoscaling.send(new UpdateAutoScalingGroupCommand({
    AutoScalingGroupName: groupName,
    MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: percentage } },
  }));
}

function tagTime(group: AutoScalingGroup, key: string): number | undefined {
  const value = group.Tags?.find((t) => t.Key === key)?.Value;
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function eventTime(event: ControllerEvent, now: number): number {
  const t = event.time ? Date.parse(event.time) : NaN;
  return Number.isNaN(t) ? now : Math.min(t, now);
}

async function publish(config: ControllerConfig, result: ControllerResult): Promise<void> {
  const dims = [{ Name: 'AutoScalingGroupName', Value: config.groupName }];
  await cloudwatch.send(new PutMetricDataCommand({
    Namespace: config.metricNamespace,
    MetricData: [
      { MetricName: 'SpotFallbackActive', Dimensions: dims, Value: result.inFallback ? 1 : 0, Unit: 'Count' },
      { MetricName: 'UnfulfilledCapacity', Dimensions: dims, Value: result.unfulfilledCapacity, Unit: 'Count' },
    ],
  }));
}
