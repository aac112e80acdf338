import { fargateDrivers, spotSplit, SpotSplit } from '../core/fargate-cost';
import { CostDriver, CostDrivers } from '../report/price-table';

// Shared with QueueWorkerService (src/core/fargate-cost.ts); exported here as before.
export { DEFAULT_SPOT_DISCOUNT_PERCENT, spotSplit, SpotSplit } from '../core/fargate-cost';
import { FailureDomain, FailureDomainProfile, RecoveryAlternative, RolloutProfile, TimeEstimate, WorkloadProfile } from '../report/profile';

/** What the StatelessService profile is computed from. */
export interface StatelessServiceProfileProps {
  /** The workload's name in the report. */
  readonly name: string;
  /** Zones the tasks are spread over. */
  readonly zones: number;
  /** Tasks running. */
  readonly desiredCount: number;
  /**
   * Tasks the load needs while a zone is down; the service survives a zone when the tasks left
   * after losing the fullest zone are at least this many.
   *
   * @default 1
   */
  readonly minHealthyTasks?: number;
  /** CPU units of each task (1024 = 1 vCPU). */
  readonly cpu: number;
  /** Memory of each task in MiB (1024 = 1 GB). */
  readonly memoryMiB: number;
  /**
   * Whether the tasks run on ARM64.
   *
   * @default false
   */
  readonly arm64?: boolean;
  /**
   * Weight of FARGATE_SPOT above the on-demand base; 0 for on-demand only.
   *
   * @default 0
   */
  readonly spotWeight?: number;
  /**
   * Weight of FARGATE above the on-demand base.
   *
   * @default 1
   */
  readonly onDemandWeight?: number;
  /**
   * Tasks always on FARGATE before the weights apply.
   *
   * @default 0
   */
  readonly onDemandBase?: number;
  /**
   * Load balancer health check interval in seconds.
   *
   * @default 10
   */
  readonly healthCheckIntervalSeconds?: number;
  /**
   * Failed health checks before a task leaves rotation.
   *
   * @default 2
   */
  readonly unhealthyThresholdCount?: number;
  /**
   * Passed health checks before a new task takes traffic.
   *
   * @default 2
   */
  readonly healthyThresholdCount?: number;
  /**
   * Seconds ECS ignores failing health checks after a task starts.
   *
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * Assumed seconds from placing a task to its container listening (image pull and start);
   * measure yours and set it.
   *
   * @default 60
   */
  readonly taskStartSeconds?: number;
  /**
   * Whether the load balancer is internet-facing (it then holds a public IPv4 address per zone).
   *
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * Assumed average load balancer capacity units.
   *
   * @default 1
   */
  readonly averageLcus?: number;
  /**
   * Assumed GB a month served to the internet.
   *
   * @default 0
   */
  readonly internetEgressGbPerMonth?: number;
  /**
   * Assumed GB a month crossing zones (load balancer to tasks in another zone is free; this is
   * task-to-task or task-to-store traffic).
   *
   * @default 0
   */
  readonly crossAzGbPerMonth?: number;
  /**
   * The autoscaling maximum, for the cost at the maximum.
   *
   * @default - the desired count (no scale-out priced)
   */
  readonly maxCapacity?: number;
  /**
   * The assumed Fargate Spot discount off the on-demand Fargate price, in percent (0-100). Spot
   * prices float; AWS says "up to 70 %" (Fargate pricing page). Spot tasks are priced at the
   * region's on-demand price x (1 - this).
   *
   * @default 70
   */
  readonly spotDiscountPercent?: number;
  /**
   * Names of the CloudWatch alarms ECS deployments roll back on (the SLO deployment alarms). With
   * none, only crash-looping releases are caught (by the circuit breaker).
   *
   * @default - none
   */
  readonly deploymentAlarmNames?: string[];
  /**
   * Period, in seconds, of the deployment alarm's datapoints.
   *
   * @default 300
   */
  readonly deploymentAlarmPeriodSeconds?: number;
  /**
   * Datapoints that must breach before the deployment alarm is in ALARM.
   *
   * @default 1
   */
  readonly deploymentAlarmDatapoints?: number;
  /**
   * The rollout and its blast radius (a `rollout` prop was given). The bad-deployment failure
   * domain then uses its share of users reached and its time to rollback.
   *
   * @default - the deployment alarms above decide, with a rolling update
   */
  readonly rollout?: RolloutProfile;
  /**
   * Whether the egress of the tasks' VPC is modelled (an EgressAwareVpc, whose own profile the
   * service depends on). False for a VPC the library did not create: zone survival is then not
   * claimed, because a zone loss may cut egress the report cannot see.
   *
   * @default true
   */
  readonly vpcEgressModelled?: boolean;
  /**
   * Construct paths of the profiled constructs the service needs (its EgressAwareVpc).
   *
   * @default - none
   */
  readonly dependsOn?: string[];
  /**
   * Writable scratch paths of the container (task storage, emptied when the task stops).
   *
   * @default - none
   */
  readonly scratchPaths?: string[];
  /**
   * The target group's deregistration delay, in seconds.
   *
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * The container's stop timeout (SIGTERM to SIGKILL), in seconds.
   *
   * @default 60
   */
  readonly stopTimeoutSeconds?: number;
}

/**
 * A situation of a StatelessService priced apart from its steady-state total: at the maximum task
 * count, all on demand, or while the Fargate Spot fallback runs the spot tasks on demand.
 */
export interface StatelessServiceCostScenario {
  /** What the situation is, with its task split. */
  readonly name: string;
  /** Its monthly Fargate drivers (the load balancer and traffic are the same in every situation). */
  readonly costDrivers: CostDriver[];
  /**
   * The name of the scenario the difference is shown against (`steady state` holds the Fargate lines of the total).
   *
   * @default - none
   */
  readonly compareTo?: string;
}

/** The ECS deployment circuit breaker's failure threshold: 0.5 x desired, at least 3, at most 200. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

/** The name of the cost scenario that holds the steady state's Fargate lines. */
export const STEADY_STATE = 'steady state';

interface Timing { interval: number; unhealthy: number; healthy: number; grace: number; start: number }

function replacement(t: Timing): TimeEstimate {
  const detect = t.unhealthy * t.interval;
  const healthy = t.healthy * t.interval;
  const seconds = detect + t.start + healthy;
  return {
    seconds,
    arithmetic: `detection ${t.unhealthy} x ${t.interval} s = ${detect} s + task start ${t.start} s (assumed) + healthy ${t.healthy} x ${t.interval} s = ${healthy} s = ${seconds} s`,
  };
}

function rollback(desired: number, t: Timing): TimeEstimate {
  const threshold = circuitBreakerThreshold(desired);
  const waves = Math.ceil(threshold / desired);
  const detect = t.unhealthy * t.interval;
  const wave = t.start + t.grace + detect;
  const seconds = waves * wave;
  return {
    seconds,
    arithmetic: `circuit breaker trips at min(200, max(3, ceil(0.5 x ${desired}))) = ${threshold} failed tasks; `
      + `ceil(${threshold} / ${desired}) = ${waves} wave${waves === 1 ? '' : 's'} x (task start ${t.start} s + grace ${t.grace} s + detection ${t.unhealthy} x ${t.interval} s = ${detect} s) = ${seconds} s; `
      + 'the old tasks keep serving meanwhile (minimum healthy 100 %)',
  };
}

/** A release that starts and passes health checks but serves errors: the deployment alarm, then the rollback. */
function alarmRollback(names: string[], period: number, datapoints: number, t: Timing): TimeEstimate {
  const detect = period * datapoints;
  const healthy = t.healthy * t.interval;
  const back = t.start + healthy;
  const seconds = detect + back;
  return {
    seconds,
    arithmetic: `deployment alarm ${names.join(', ')}: ${datapoints} datapoint${datapoints === 1 ? '' : 's'} x ${period} s = ${detect} s to ALARM`
      + ` + rollback to the last completed deployment: task start ${t.start} s (assumed) + healthy ${t.healthy} x ${t.interval} s = ${healthy} s = ${seconds} s;`
      + ' users get the new tasks\' errors meanwhile, and ECS watches the alarm only while the deployment runs and during its bake time',
  };
}

function worst(parts: Array<{ name: string; estimate: TimeEstimate }>): TimeEstimate {
  const seconds = Math.max(...parts.map((p) => p.estimate.seconds));
  return { seconds, arithmetic: `max(${parts.map((p) => `${p.name} ${p.estimate.seconds} s`).join(', ')}) = ${seconds} s` };
}

/**
 * Profiles of the library's patterns, for them to record with `Profiles.record`.
 */
export class PatternProfiles {
  /**
   * The profile of a StatelessService: survives a task (health checks take it out of rotation,
   * ECS replaces it), a zone (when the tasks left after losing the fullest zone are enough and the
   * VPC's egress is modelled and survives), a bad deployment only with SLO deployment alarms (the
   * circuit breaker alone catches crash-looping releases only), not a region. RTO is the longest
   * of the recoveries survived; the tasks hold no data (RPO 0 s for them), and the data in backing
   * stores is not modelled. Costs: Fargate vCPU and memory hours (on-demand and Spot split by the
   * capacity strategy, spot at an assumed discount), load balancer hours and LCUs, its public IPv4
   * addresses, and the assumed internet and cross-zone traffic.
   */
  public static statelessService(props: StatelessServiceProfileProps): WorkloadProfile {
    const t: Timing = {
      interval: props.healthCheckIntervalSeconds ?? 10,
      unhealthy: props.unhealthyThresholdCount ?? 2,
      healthy: props.healthyThresholdCount ?? 2,
      grace: props.healthCheckGracePeriodSeconds ?? 60,
      start: props.taskStartSeconds ?? 60,
    };
    const desired = props.desiredCount;
    const zones = props.zones;
    const minHealthy = props.minHealthyTasks ?? 1;
    const survivors = zones >= 1 ? desired - Math.ceil(desired / zones) : 0;
    const drain = props.deregistrationDelaySeconds ?? 30;
    const stop = props.stopTimeoutSeconds ?? 60;
    const spotWeight = props.spotWeight ?? 0;
    const usesSpot = spotWeight > 0;

    const instance = replacement(t);
    const crash = rollback(desired, t);
    const alarms = props.deploymentAlarmNames ?? [];
    const egressModelled = props.vpcEgressModelled ?? true;
    const tasksSurviveZone = zones >= 2 && survivors >= minHealthy;
    const zoneSurvives = tasksSurviveZone && egressModelled;
    const shutdown = `a task ECS stops itself (deployment, scale-in) is drained first: deregistration delay ${drain} s, then SIGTERM and stop timeout ${stop} s before SIGKILL = ${drain + stop} s to shut down`;
    const spotText = usesSpot
      ? `; a Fargate Spot reclaim sends SIGTERM with the 2-minute warning and kills the container ${stop} s later, ECS places a replacement on spot and the fallback twin runs it on demand while spot is short`
      : '';

    let zoneHow: string;
    if (zones < 2) {
      zoneHow = `the tasks are in ${zones} zone: losing it is an outage`;
    } else if (!tasksSurviveZone) {
      zoneHow = `${desired} tasks over ${zones} zones: losing the fullest zone leaves ${survivors} < ${minHealthy} needed`;
    } else {
      zoneHow = `${desired} tasks over ${zones} zones: losing the fullest zone (ceil(${desired} / ${zones}) = ${Math.ceil(desired / zones)} tasks) leaves ${survivors} >= ${minHealthy} needed; ECS replaces the lost tasks in the other zones`;
      if (!egressModelled) {
        zoneHow += '; but the VPC was not created by this library, so its egress (NAT gateways, VPC endpoints for ECR, Logs and Secrets Manager) is not modelled and zone survival is not claimed: a zone loss can cut the egress replacement tasks need. Run the service in an EgressAwareVpc to model it';
      }
    }

    let badDeployment: FailureDomainProfile;
    let deploy: TimeEstimate | undefined;
    const ro = props.rollout;
    if (ro && ro.rollsBack && ro.timeToRollback) {
      deploy = worst([{ name: 'crash-looping release', estimate: crash }, { name: 'release serving errors', estimate: ro.timeToRollback }]);
      badDeployment = {
        domain: FailureDomain.BAD_DEPLOYMENT,
        survives: true,
        how: `a release whose tasks fail to start or fail health checks: the circuit breaker rolls it back (${crash.arithmetic}); `
          + `a release that starts and passes health checks but serves errors (${ro.description}): it reaches ${ro.usersReachedPercent} % of users (${ro.usersReachedArithmetic}) `
          + `and is rolled back ${ro.timeToRollback.seconds} s after it first reaches them (${ro.timeToRollback.arithmetic})`,
        recovery: deploy,
      };
    } else if (ro) {
      badDeployment = {
        domain: FailureDomain.BAD_DEPLOYMENT,
        survives: false,
        how: `only a release whose tasks fail to start or fail health checks is caught: the circuit breaker rolls it back (${crash.arithmetic}); `
          + `a release that starts and passes health checks but serves errors (${ro.description}) is NOT rolled back: ${ro.usersReachedArithmetic}`,
      };
    } else if (alarms.length > 0) {
      const errors = alarmRollback(alarms, props.deploymentAlarmPeriodSeconds ?? 300, props.deploymentAlarmDatapoints ?? 1, t);
      deploy = worst([{ name: 'crash-looping release', estimate: crash }, { name: 'release serving errors', estimate: errors }]);
      badDeployment = {
        domain: FailureDomain.BAD_DEPLOYMENT,
        survives: true,
        how: `a release whose tasks fail to start or fail health checks: the circuit breaker rolls it back (${crash.arithmetic}); `
          + `a release that starts and passes health checks but serves errors: the SLO deployment alarm rolls it back (${errors.arithmetic})`,
        recovery: deploy,
      };
    } else {
      badDeployment = {
        domain: FailureDomain.BAD_DEPLOYMENT,
        survives: false,
        how: `only a release whose tasks fail to start or fail health checks is caught: the circuit breaker rolls it back (${crash.arithmetic}); `
          + 'a release that starts and passes health checks but serves errors is NOT caught (no SLO deployment alarm): it keeps serving errors until someone rolls it back. Declare `slos` to roll it back automatically',
      };
    }

    const domains: FailureDomainProfile[] = [
      {
        domain: FailureDomain.INSTANCE,
        survives: desired >= 2,
        how: (desired >= 2
          ? `the load balancer stops routing to a failed task after ${t.unhealthy} failed health checks and ECS starts a replacement; the other ${desired - 1} serve meanwhile`
          : 'one task: its failure is an outage until ECS replaces it') + `; ${shutdown}${spotText}`,
        recovery: instance,
      },
      {
        domain: FailureDomain.ZONE,
        survives: zoneSurvives,
        how: zoneHow,
        recovery: instance,
      },
      badDeployment,
      {
        domain: FailureDomain.REGION,
        survives: false,
        how: 'single region: a region outage is an outage until the region recovers (ActivePassiveRegionPair adds a standby region)',
      },
    ];
    const survived = [
      ...(domains[0].survives ? [{ name: 'instance', estimate: instance }] : []),
      ...(zoneSurvives ? [{ name: 'zone', estimate: instance }] : []),
      ...(deploy ? [{ name: 'bad deployment', estimate: deploy }] : []),
    ];
    const rto = survived.length > 0
      ? worst(survived)
      : { seconds: instance.seconds, arithmetic: `no failure domain is survived; a task replacement takes ${instance.arithmetic}` };

    const alternatives: RecoveryAlternative[] = [];
    const faster: Array<{ change: string; timing: Timing }> = [
      { change: 'healthCheckInterval 5 s', timing: { ...t, interval: 5 } },
      { change: 'healthCheckInterval 5 s and healthCheckGracePeriod 30 s', timing: { ...t, interval: 5, grace: 30 } },
      { change: 'healthCheckInterval 5 s, healthCheckGracePeriod 30 s and a task that starts in 20 s', timing: { ...t, interval: 5, grace: 30, start: 20 } },
    ];
    for (const f of faster) {
      const parts = [replacement(f.timing).seconds];
      if (deploy && ro) {
        parts.push(rollback(desired, f.timing).seconds, deploy.seconds);
      } else if (deploy) {
        parts.push(rollback(desired, f.timing).seconds,
          alarmRollback(alarms, props.deploymentAlarmPeriodSeconds ?? 300, props.deploymentAlarmDatapoints ?? 1, f.timing).seconds);
      }
      const seconds = Math.max(...parts);
      if (seconds < rto.seconds && !alternatives.some((a) => a.rtoSeconds === seconds)) alternatives.push({ change: f.change, rtoSeconds: seconds });
    }

    const scratch = props.scratchPaths ?? [];
    return {
      name: props.name,
      pattern: 'StatelessService',
      zones,
      failureDomains: domains,
      rto,
      rpo: {
        seconds: 0,
        arithmetic: 'stateless: the tasks hold no data (read-only root filesystem'
          + (scratch.length > 0 ? `; the scratch paths ${scratch.join(', ')} are task storage emptied when the task stops, so nothing in them survives the task)` : ', no volumes)'),
      },
      rpoNotModelled: 'its data lives in backing stores it reaches by config, which this profile does not model',
      costDrivers: statelessServiceCosts(props),
      costScenarios: statelessServiceCostScenarios(props),
      dataFlows: [
        { from: 'users', to: props.name, label: props.internetFacing ?? true ? 'HTTP(S) via load balancer' : 'HTTP(S) from the VPC' },
      ],
      alternatives,
      ...(ro ? { rollout: ro } : {}),
      ...(props.dependsOn && props.dependsOn.length > 0 ? { dependsOn: [...props.dependsOn] } : {}),
    };
  }
}

function splitOf(props: StatelessServiceProfileProps, count: number): SpotSplit {
  const spotWeight = props.spotWeight ?? 0;
  const onDemandWeight = props.onDemandWeight ?? 1;
  const base = spotWeight > 0 ? props.onDemandBase ?? 0 : count;
  return spotSplit(count, base, spotWeight, onDemandWeight);
}

function statelessServiceCosts(props: StatelessServiceProfileProps): CostDriver[] {
  const split = splitOf(props, props.desiredCount);
  const drivers = fargateDrivers(props, split, split.spotTasks > 0 ? `spot tasks: ${split.arithmetic}` : undefined);
  drivers.push(CostDrivers.albHours(1), CostDrivers.albLcuHours(props.averageLcus ?? 1));
  if (props.internetFacing ?? true) {
    drivers.push(CostDrivers.publicIpv4Hours(props.zones, 'load balancer addresses (one per zone, at least)'));
    // Stated even at 0 GB so the assumption is visible in the report.
    drivers.push(CostDrivers.internetEgressGb(props.internetEgressGbPerMonth ?? 0));
  }
  const crossAz = props.crossAzGbPerMonth ?? 0;
  if (crossAz > 0) drivers.push(CostDrivers.crossAzGb(crossAz));
  return drivers;
}

/**
 * The Fargate cost of a StatelessService in the situations its steady-state total does not show:
 * with spot, the same tasks all on demand (what spot saves), the steady state while the fallback
 * twin runs every spot task on demand, and the split at the autoscaling maximum (and all on demand
 * there); without spot, the maximum only. Each lists Fargate drivers only: the load balancer and
 * traffic do not change.
 */
export function statelessServiceCostScenarios(props: StatelessServiceProfileProps): StatelessServiceCostScenario[] {
  const desired = props.desiredCount;
  const max = props.maxCapacity ?? desired;
  const usesSpot = (props.spotWeight ?? 0) > 0;
  const out: StatelessServiceCostScenario[] = [];
  const allOnDemand = (n: number) => ({ onDemandTasks: n, spotTasks: 0 });
  if (usesSpot) {
    const atDesired = splitOf(props, desired);
    // The Fargate lines of the total itself, so the other scenarios have something to be compared with.
    out.push({
      name: STEADY_STATE,
      costDrivers: fargateDrivers(props, atDesired, atDesired.spotTasks > 0 ? `spot tasks: ${atDesired.arithmetic}` : undefined),
    });
    out.push({
      name: `all on demand at ${desired} tasks (what the spot split saves against)`,
      costDrivers: fargateDrivers(props, allOnDemand(desired)),
      compareTo: STEADY_STATE,
    });
    out.push({
      name: `while the fallback runs: Fargate Spot cannot place the ${atDesired.spotTasks} spot task${atDesired.spotTasks === 1 ? '' : 's'}, so the on-demand twin runs them (${desired} on demand)`,
      costDrivers: fargateDrivers(props, allOnDemand(desired)),
      compareTo: STEADY_STATE,
    });
  }
  if (max > desired) {
    const atMax = splitOf(props, max);
    const name = `at the maximum, ${max} tasks (${usesSpot ? atMax.arithmetic : `${max} on demand`})`;
    out.push({ name, costDrivers: fargateDrivers(props, atMax, usesSpot && atMax.spotTasks > 0 ? `spot tasks: ${atMax.arithmetic}` : undefined) });
    if (usesSpot) {
      out.push({ name: `all on demand at the maximum, ${max} tasks`, costDrivers: fargateDrivers(props, allOnDemand(max)), compareTo: name });
    }
  }
  return out;
}
