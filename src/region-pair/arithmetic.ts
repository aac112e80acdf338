import { REGION_PAIR_DEFAULTS as D, ROUTE53_HEALTH_CHECK_PRICES as P } from './defaults';
import { StandbyMode, StandbyModeCost, StandbyModeKind } from './standby-mode';
import { CostDriver, CostDrivers, FargatePricing, PriceTable } from '../report/price-table';
import { HOURS_PER_MONTH } from '../report/prices';
import { TimeEstimate } from '../report/profile';

/** What the failover recovery time is worked out from. */
export interface FailoverTiming {
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly ttlSeconds: number;
  readonly primaryTasks: number;
  readonly standbyTasks: number;
  readonly taskStartSeconds: number;
  readonly targetHealthCheckIntervalSeconds: number;
  readonly healthyThresholdCount: number;
  readonly targetCpuUtilizationPercent: number;
}

/**
 * Target tracking steps from `from` to `to` tasks when the tasks saturate: CPU cannot exceed 100 %
 * of a Fargate task, so one step grows the count at most by 100 / target (ceil(count x 100 / target)).
 */
export function scaleUpSteps(from: number, to: number, targetPercent: number): number {
  let count = Math.max(1, from);
  let steps = 0;
  while (count < to && steps < 100) {
    count = Math.min(to, Math.ceil((count * 100) / targetPercent));
    steps++;
  }
  return steps;
}

/** The modelled RTO of a region loss: detection + DNS + the standby's scale-up, with the arithmetic. */
export function failoverRecovery(t: FailoverTiming): TimeEstimate {
  const detection = t.intervalSeconds * t.failureThreshold;
  const steps = scaleUpSteps(t.standbyTasks, t.primaryTasks, t.targetCpuUtilizationPercent);
  const healthy = t.healthyThresholdCount * t.targetHealthCheckIntervalSeconds;
  const step = D.scaleOutAlarmSeconds + t.taskStartSeconds + healthy;
  const scale = steps * step;
  const seconds = detection + t.ttlSeconds + scale;
  const detectText = `detection ${t.failureThreshold} x ${t.intervalSeconds} s = ${detection} s (Route 53 health checks on the primary's load balancer)`;
  const dnsText = `DNS ${t.ttlSeconds} s (resolvers keep the old answer for the alias record's TTL; clients that cache longer are not modelled)`;
  const scaleText = steps === 0
    ? 'scale-up 0 s (the standby already runs the primary\'s ' + `${t.primaryTasks} tasks)`
    : `scale-up ${t.standbyTasks} -> ${t.primaryTasks} tasks: ${steps} target tracking step${steps === 1 ? '' : 's'} (each at most x ${formatFactor(100 / t.targetCpuUtilizationPercent)} at a ${t.targetCpuUtilizationPercent} % CPU target) x `
      + `(scale-out alarm 3 x 60 s = ${D.scaleOutAlarmSeconds} s (assumed) + task start ${t.taskStartSeconds} s (assumed) + healthy ${t.healthyThresholdCount} x ${t.targetHealthCheckIntervalSeconds} s = ${healthy} s) = ${scale} s`
      + `; the standby serves with ${t.standbyTasks} task${t.standbyTasks === 1 ? '' : 's'} meanwhile`;
  return { seconds, arithmetic: `${detectText} + ${dnsText} + ${scaleText} = ${seconds} s` };
}

/** The failover as the automation document runs it: scale-up in one call, then the forced shift. */
export function drillRecovery(t: FailoverTiming): TimeEstimate {
  const healthy = t.healthyThresholdCount * t.targetHealthCheckIntervalSeconds;
  const scale = t.standbyTasks >= t.primaryTasks ? 0 : t.taskStartSeconds + healthy;
  const detection = t.intervalSeconds * t.failureThreshold;
  const seconds = scale + detection + t.ttlSeconds;
  return {
    seconds,
    arithmetic: `scale-up in one call ${scale === 0 ? '0 s (hot)' : `task start ${t.taskStartSeconds} s (assumed) + healthy ${t.healthyThresholdCount} x ${t.targetHealthCheckIntervalSeconds} s = ${scale} s`}`
      + ` + inverted primary health check seen unhealthy ${t.failureThreshold} x ${t.intervalSeconds} s = ${detection} s + DNS ${t.ttlSeconds} s = ${seconds} s`,
  };
}

function formatFactor(f: number): string {
  return Number.isInteger(f) ? String(f) : f.toFixed(2);
}

/** The Route 53 health checks a pair creates, priced as stated assumptions. */
export function healthCheckDrivers(endpointChecks: number, https: boolean, fast: boolean, nonEndpointChecks: number): CostDriver[] {
  const price = (usd: number, what: string) => ({ unitPriceUsd: usd, unitPriceArithmetic: `$${usd.toFixed(2)}/month (assumed: ${what}, Route 53 pricing page, ${P.asOf}; not in the embedded table)` });
  const drivers: CostDriver[] = [{
    item: 'Route 53 health checks (AWS endpoints)',
    quantity: endpointChecks,
    quantityArithmetic: `${endpointChecks} endpoint health checks (one per region's load balancer)`,
    ...price(P.awsEndpointMonth, 'basic check of an AWS endpoint'),
  }];
  const features = (https ? 1 : 0) + (fast ? 1 : 0);
  if (features > 0) {
    drivers.push({
      item: 'Route 53 health check optional features',
      quantity: endpointChecks * features,
      quantityArithmetic: `${endpointChecks} checks x ${features} feature${features === 1 ? '' : 's'} (${[https ? 'HTTPS' : '', fast ? 'fast 10 s interval' : ''].filter((x) => x).join(', ')})`,
      ...price(P.optionalFeatureMonth, 'each optional feature of an AWS endpoint check'),
    });
  }
  if (nonEndpointChecks > 0) {
    drivers.push({
      item: 'Route 53 calculated and CloudWatch alarm health checks',
      quantity: nonEndpointChecks,
      quantityArithmetic: `${nonEndpointChecks} checks (the SLO alarm checks and the calculated check over them)`,
      ...price(P.nonEndpointMonth, 'billed like a basic AWS endpoint check'),
    });
  }
  return drivers;
}


/** On-demand Fargate vCPU and memory drivers of `tasks` tasks of `cpu` units and `memoryMiB` MiB. */
export function fargateOnDemandDrivers(tasks: number, cpu: number, memoryMiB: number, arm64: boolean): CostDriver[] {
  const pricing = arm64 ? FargatePricing.ARM_ON_DEMAND : FargatePricing.X86_ON_DEMAND;
  return [CostDrivers.fargateVcpuHours(tasks, cpu / 1024, pricing), CostDrivers.fargateMemoryHours(tasks, memoryMiB / 1024, pricing)];
}

/**
 * The standby's idle Fargate cost in each mode (on-demand prices of its region, or us-east-1 when
 * the region has no table). The load balancer and network cost the same in every mode.
 */
export function standbyModeCosts(region: string, primaryTasks: number, current: StandbyMode,
  cpu: number, memoryMiB: number, arm64: boolean): StandbyModeCost[] {
  const tableRegion = PriceTable.hasEmbeddedTable(region) ? region : 'us-east-1';
  const table = PriceTable.forRegion(tableRegion);
  const modes = [StandbyMode.pilotLight(),
    current.kind === StandbyModeKind.WARM ? current : StandbyMode.warmStandby(),
    StandbyMode.hotStandby()];
  return modes.map((m) => {
    const tasks = m.standbyTasks(primaryTasks);
    const lines = fargateOnDemandDrivers(tasks, cpu, memoryMiB, arm64).map((d) => table.price(d));
    const cents = lines.reduce((s, l) => s + Math.round(l.usd * 100), 0);
    return {
      mode: m.describe(),
      tasks,
      monthlyUsd: cents / 100,
      arithmetic: `${lines.map((l) => l.arithmetic).join(' + ')} (${tableRegion} on-demand prices${tableRegion !== region ? `: ${region} has no embedded table` : ''}; ${HOURS_PER_MONTH} h a month)`,
    };
  });
}
