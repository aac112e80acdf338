/**
 * The Fargate Spot fallback of a service: keeps an on-demand (FARGATE) twin of a FARGATE_SPOT
 * service at the number of tasks spot cannot place, and brings it back to 0 when spot places
 * them again.
 *
 * A FARGATE_SPOT shortage does not fall back by itself (containers-roadmap #852, #773): the
 * service reports `SERVICE_TASK_PLACEMENT_FAILURE` and keeps retrying. On that event the twin is
 * raised to the spot service's shortfall (desired - running - pending). A one-minute check does the
 * same when the service's recent events show placement failures (in case an event was missed),
 * and otherwise only lowers the twin to the shortfall: as spot places tasks again the shortfall
 * falls and the twin hands its tasks back. The twin serves the same target group, so the load
 * balancer drains its tasks (deregistration delay) before they stop.
 *
 * Stateless and idempotent: the target count is computed from the two services each time, and a
 * service already at the target is not updated. Every invocation publishes
 * `FallbackTasks` and `SpotShortfall` for the alarm.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient, Service, UpdateServiceCommand } from '@aws-sdk/client-ecs';

export const SERVICE_ACTION = 'ECS Service Action';
export const PLACEMENT_FAILURE = 'SERVICE_TASK_PLACEMENT_FAILURE';
export const SCHEDULED_EVENT = 'Scheduled Event';
/** Placement failures in the service's events older than this are not evidence of a shortage. */
export const EVENT_LOOKBACK_MS = 5 * 60 * 1000;
const PLACEMENT_FAILURE_MESSAGE = /was unable to place a task/i;

/**
 * Placement failures the on-demand twin cannot fix, because on-demand FARGATE tasks in the same
 * subnets with the same task definition would fail the same way: no free IP address or network
 * interface in the subnets (the awsvpc ENI of every Fargate task needs one), a task size above the
 * account's limit, no EC2 container instances (a cluster without Fargate), and IAM or security
 * group problems. Source: ECS developer guide, "Amazon ECS service event messages" (the
 * "unable to place a task. Reason: ..." messages) and "Amazon ECS service action events"
 * (SERVICE_TASK_PLACEMENT_FAILURE, whose `reason` is e.g. RESOURCE:ENI or RESOURCE:MEMORY).
 * Anything else (FARGATE_SPOT capacity, "Capacity is unavailable at this time", the Fargate Spot
 * vCPU quota, which is apart from the on-demand one) is what the twin is for.
 */
const NOT_FIXED_BY_ON_DEMAND: ReadonlyArray<RegExp> = [
  /RESOURCE:ENI/i,
  /\bENIs?\b/i,
  /elastic network interface/i,
  /(free|available|insufficient|enough)[^.]*\bIP\b|\bIP addresses?\b/i,
  /insufficient free addresses/i,
  /No Container Instances were found/i,
  /(CPU|MEMORY) configuration is above (your|the) limit/i,
  /unable to assume/i,
  /security group/i,
];

/**
 * Whether an on-demand twin can serve what a placement failure's reason says FARGATE_SPOT could
 * not: false for reasons that block on-demand FARGATE tasks as well (subnet IP exhaustion...).
 */
export function twinCanFix(reason: string | undefined): boolean {
  if (!reason) return true;
  return !NOT_FIXED_BY_ON_DEMAND.some((re) => re.test(reason));
}

/** The EventBridge events this handler receives. */
export interface FallbackEvent {
  readonly 'detail-type': string;
  readonly 'source': string;
  readonly 'time'?: string;
  readonly 'resources'?: string[];
  readonly 'detail'?: { readonly eventName?: string; readonly reason?: string; readonly capacityProviderArns?: string[] };
}

/** Configuration of the handler, from its environment. */
export interface FallbackConfig {
  readonly cluster: string;
  readonly spotService: string;
  readonly onDemandService: string;
  readonly maxTasks: number;
  readonly metricNamespace: string;
}

/** What the handler did. */
export interface FallbackResult {
  readonly action: 'scaled-up' | 'scaled-down' | 'unchanged' | 'ignored';
  readonly onDemandTasks: number;
  readonly spotShortfall: number;
  readonly reason: string;
}

const ecs = new ECSClient({ maxAttempts: 5 });
const cloudwatch = new CloudWatchClient({ maxAttempts: 5 });

export async function handler(event: FallbackEvent): Promise<FallbackResult> {
  const result = await rebalance(event, configFromEnv(), Date.now());
  console.log(JSON.stringify({ event: event['detail-type'], ...result }));
  return result;
}

export function configFromEnv(): FallbackConfig {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  const maxTasks = Number(env('MAX_TASKS'));
  if (!Number.isInteger(maxTasks) || maxTasks < 1) throw new Error(`MAX_TASKS must be a whole number of at least 1, got "${process.env.MAX_TASKS}"`);
  return {
    cluster: env('CLUSTER'),
    spotService: env('SPOT_SERVICE'),
    onDemandService: env('ON_DEMAND_SERVICE'),
    maxTasks,
    metricNamespace: process.env.METRIC_NAMESPACE || 'CloudNativePatterns/FargateSpot',
  };
}

export async function rebalance(event: FallbackEvent, config: FallbackConfig, now: number): Promise<FallbackResult> {
  const kind = event['detail-type'];
  const placementFailure = kind === SERVICE_ACTION && event.detail?.eventName === PLACEMENT_FAILURE;
  if (!placementFailure && kind !== SCHEDULED_EVENT) {
    return { action: 'ignored', onDemandTasks: 0, spotShortfall: 0, reason: `unsupported event "${kind}" ${event.detail?.eventName ?? ''}`.trim() };
  }
  if (placementFailure && !twinCanFix(event.detail?.reason)) {
    // Raising the twin would only add tasks that fail the same way (and cost on-demand prices).
    return {
      action: 'ignored',
      onDemandTasks: 0,
      spotShortfall: 0,
      reason: `placement failure the on-demand twin cannot fix (on-demand tasks would fail the same way): ${event.detail?.reason}`,
    };
  }

  const out = await ecs.send(new DescribeServicesCommand({ cluster: config.cluster, services: [config.spotService, config.onDemandService] }));
  const spot = findService(out.services, config.spotService);
  const twin = findService(out.services, config.onDemandService);
  const shortfall = Math.max(0, (spot.desiredCount ?? 0) - (spot.runningCount ?? 0) - (spot.pendingCount ?? 0));
  const current = twin.desiredCount ?? 0;

  const shortage = placementFailure || recentPlacementFailure(spot, now);
  const target = shortage && shortfall > 0
    ? Math.min(config.maxTasks, Math.max(current, shortfall))
    : Math.min(current, shortfall);

  let result: FallbackResult;
  if (target === current) {
    result = {
      action: 'unchanged',
      onDemandTasks: current,
      spotShortfall: shortfall,
      reason: current > 0 ? `${current} on-demand task(s) cover a spot shortfall of ${shortfall}` : 'spot places every task',
    };
  } else {
    await ecs.send(new UpdateServiceCommand({ cluster: config.cluster, service: config.onDemandService, desiredCount: target }));
    result = target > current
      ? {
        action: 'scaled-up',
        onDemandTasks: target,
        spotShortfall: shortfall,
        reason: `FARGATE_SPOT cannot place ${shortfall} task(s): on-demand twin raised from ${current} to ${target}${target < shortfall ? ` (capped at ${config.maxTasks})` : ''}`,
      }
      : {
        action: 'scaled-down',
        onDemandTasks: target,
        spotShortfall: shortfall,
        reason: `spot places tasks again (shortfall ${shortfall}): on-demand twin lowered from ${current} to ${target}`,
      };
  }
  await publish(config, result);
  return result;
}

function findService(services: Service[] | undefined, name: string): Service {
  const found = (services ?? []).find((s) => s.serviceName === name || s.serviceArn === name || s.serviceArn?.endsWith(`/${name}`));
  if (!found) throw new Error(`ECS service ${name} not found`);
  return found;
}

/** A recent "unable to place a task" event of the service whose reason the twin can fix. */
function recentPlacementFailure(service: Service, now: number): boolean {
  return (service.events ?? []).some((e) =>
    e.createdAt !== undefined && now - new Date(e.createdAt).getTime() <= EVENT_LOOKBACK_MS
    && PLACEMENT_FAILURE_MESSAGE.test(e.message ?? '') && twinCanFix(e.message));
}

async function publish(config: FallbackConfig, result: FallbackResult): Promise<void> {
  const dims = [{ Name: 'ClusterName', Value: config.cluster }, { Name: 'ServiceName', Value: config.spotService }];
  await cloudwatch.send(new PutMetricDataCommand({
    Namespace: config.metricNamespace,
    MetricData: [
      { MetricName: 'FallbackTasks', Dimensions: dims, Value: result.onDemandTasks, Unit: 'Count' },
      { MetricName: 'SpotShortfall', Dimensions: dims, Value: result.spotShortfall, Unit: 'Count' },
    ],
  }));
}
