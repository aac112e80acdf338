import { exactProduct } from '../report/decimal';
import { CostDriver, CostDrivers, FargatePricing } from '../report/price-table';
import { FailureDomain, FailureDomainProfile, RecoveryAlternative, TimeEstimate, WorkloadProfile } from '../report/profile';

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
}

/** The ECS deployment circuit breaker's failure threshold: 0.5 x desired, at least 3, at most 200. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

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
   * ECS replaces it), a zone (when the tasks left after losing the fullest zone are enough), a bad
   * deployment (circuit breaker with rollback), not a region. RTO is the longest of those
   * recoveries; RPO is 0 s (stateless). Costs: Fargate vCPU and memory hours (on-demand and Spot
   * split by the capacity strategy), load balancer hours and LCUs, its public IPv4 addresses, and
   * the assumed internet and cross-zone traffic.
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

    const instance = replacement(t);
    const deploy = rollback(desired, t);
    const zoneSurvives = zones >= 2 && survivors >= minHealthy;
    const domains: FailureDomainProfile[] = [
      {
        domain: FailureDomain.INSTANCE,
        survives: desired >= 2,
        how: desired >= 2
          ? `the load balancer stops routing to a failed task after ${t.unhealthy} failed health checks and ECS starts a replacement; the other ${desired - 1} serve meanwhile`
          : 'one task: its failure is an outage until ECS replaces it',
        recovery: instance,
      },
      {
        domain: FailureDomain.ZONE,
        survives: zoneSurvives,
        how: zoneSurvives
          ? `${desired} tasks over ${zones} zones: losing the fullest zone (ceil(${desired} / ${zones}) = ${Math.ceil(desired / zones)} tasks) leaves ${survivors} >= ${minHealthy} needed; ECS replaces the lost tasks in the other zones`
          : zones < 2
            ? `the tasks are in ${zones} zone: losing it is an outage`
            : `${desired} tasks over ${zones} zones: losing the fullest zone leaves ${survivors} < ${minHealthy} needed`,
        recovery: instance,
      },
      {
        domain: FailureDomain.BAD_DEPLOYMENT,
        survives: true,
        how: 'deployment circuit breaker with rollback; minimum healthy 100 % keeps the previous version serving until the new one is healthy',
        recovery: deploy,
      },
      {
        domain: FailureDomain.REGION,
        survives: false,
        how: 'single region: a region outage is an outage until the region recovers (ActivePassiveRegionPair adds a standby region)',
      },
    ];
    const survived = [
      ...(domains[0].survives ? [{ name: 'instance', estimate: instance }] : []),
      ...(zoneSurvives ? [{ name: 'zone', estimate: instance }] : []),
      { name: 'bad deployment', estimate: deploy },
    ];
    const rto = worst(survived);

    const alternatives: RecoveryAlternative[] = [];
    const faster: Array<{ change: string; timing: Timing }> = [
      { change: 'healthCheckInterval 5 s', timing: { ...t, interval: 5 } },
      { change: 'healthCheckInterval 5 s and healthCheckGracePeriod 30 s', timing: { ...t, interval: 5, grace: 30 } },
      { change: 'healthCheckInterval 5 s, healthCheckGracePeriod 30 s and a task that starts in 20 s', timing: { ...t, interval: 5, grace: 30, start: 20 } },
    ];
    for (const f of faster) {
      const seconds = Math.max(replacement(f.timing).seconds, rollback(desired, f.timing).seconds);
      if (seconds < rto.seconds && !alternatives.some((a) => a.rtoSeconds === seconds)) alternatives.push({ change: f.change, rtoSeconds: seconds });
    }

    return {
      name: props.name,
      pattern: 'StatelessService',
      zones,
      failureDomains: domains,
      rto,
      rpo: { seconds: 0, arithmetic: 'stateless: the tasks hold no data (read-only root filesystem, no volumes); state lives in backing stores, whose own profiles state their RPO' },
      costDrivers: statelessServiceCosts(props),
      dataFlows: [
        { from: 'users', to: props.name, label: props.internetFacing ?? true ? 'HTTP(S) via load balancer' : 'HTTP(S) from the VPC' },
      ],
      alternatives,
    };
  }
}

function statelessServiceCosts(props: StatelessServiceProfileProps): CostDriver[] {
  const desired = props.desiredCount;
  // 1 / 1024 is exactly 0.0009765625: 512 CPU units = 0.5 vCPU, 1024 MiB = 1 GB.
  const vcpu = exactProduct(props.cpu, 0.0009765625);
  const gb = exactProduct(props.memoryMiB, 0.0009765625);
  const spotWeight = props.spotWeight ?? 0;
  const onDemandWeight = props.onDemandWeight ?? 1;
  const base = Math.min(desired, props.spotWeight ? props.onDemandBase ?? 0 : desired);
  // ECS splits tasks above the base by weight; rounding down the spot share keeps the estimate on the expensive side.
  const spotTasks = spotWeight > 0 ? Math.floor(((desired - base) * spotWeight) / (spotWeight + onDemandWeight)) : 0;
  const onDemandTasks = desired - spotTasks;
  const arch = props.arm64 ? FargatePricing.ARM_ON_DEMAND : FargatePricing.X86_ON_DEMAND;
  const drivers: CostDriver[] = [];
  if (onDemandTasks > 0) {
    drivers.push(CostDrivers.fargateVcpuHours(onDemandTasks, vcpu, arch), CostDrivers.fargateMemoryHours(onDemandTasks, gb, arch));
  }
  if (spotTasks > 0) {
    const split = `floor((${desired} - base ${base}) x ${spotWeight} / (${spotWeight} + ${onDemandWeight})) = ${spotTasks}`;
    const v = CostDrivers.fargateVcpuHours(spotTasks, vcpu, FargatePricing.SPOT);
    const m = CostDrivers.fargateMemoryHours(spotTasks, gb, FargatePricing.SPOT);
    drivers.push({ ...v, quantityArithmetic: `${v.quantityArithmetic} (spot tasks: ${split})` },
      { ...m, quantityArithmetic: `${m.quantityArithmetic} (spot tasks: ${split})` });
  }
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
