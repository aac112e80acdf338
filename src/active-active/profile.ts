import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { activeBucketRpo } from './bucket';
import { ActiveActiveBucketOptions, ActiveActiveTableOptions } from './options';
import { activeTableRpo, isStrong, strongWriteLatencyNote } from './table';
import { zoneLossFloor } from '../core/zones';
import { failoverRecovery, fargateOnDemandDrivers, healthCheckDrivers } from '../region-pair/arithmetic';
import { bucketReplicationDrivers, pairRpo } from '../region-pair/bucket';
import { REGION_PAIR_DEFAULTS as D } from '../region-pair/defaults';
import { restateRegionalProfiles } from '../region-pair/profile';
import { CheckedDnsOptions, secondsOrDefault } from '../region-pair/regional';
import { StandbyMode } from '../region-pair/standby-mode';
import { tableReplicationDrivers } from '../region-pair/table';
import { CostDriver, CostScenario, FailureDomain, FailureDomainProfile, Profiles, TimeEstimate, WorkloadProfile } from '../report';
import { StatelessServiceProps } from '../stateless-service';

/** What the profile reads of the construct, as a shape (so the two modules do not import each other). */
export interface RecordedActiveActive extends IConstruct {
  readonly stacks: Stack[];
  readonly regionTasks?: number;
  readonly regionRecovery: TimeEstimate;
  readonly services: Array<{ readonly zoneCount: number }>;
  readonly workloads: Array<{ readonly taskStartSeconds?: number }>;
}

/** What the profile is worked out from. */
export interface ActiveActiveFacts {
  readonly name: string;
  readonly regions: string[];
  readonly share: number;
  readonly floor: number;
  readonly dns: CheckedDnsOptions;
  /** SLO alarms per region (each becomes a health check, with a CALCULATED check over them). */
  readonly alarms: number[];
  readonly https: boolean;
  readonly serviceProps?: StatelessServiceProps;
  readonly table?: ActiveActiveTableOptions;
  readonly bucket?: ActiveActiveBucketOptions;
}

const FARGATE = /^FARGATE_/;

/**
 * The workload's profile: survives a region by latency routing over health-checked regions, each
 * sized for a region loss; the regional parts' profiles restated (each region's loss is covered by
 * the others); cost drivers for the health checks and the replication to N - 1 regions; and, with
 * serviceProps, cost scenarios that price the same users as an active-passive pair (hot and warm)
 * from the same pieces the pair prices, compared with active-active.
 */
export function recordActiveActiveProfile(aa: RecordedActiveActive, f: ActiveActiveFacts): void {
  const n = f.regions.length;
  const stores = [f.table ? `DynamoDB global table ${f.table.tableName}` : '', f.bucket ? `S3 buckets ${f.bucket.bucketNamePrefix}-<account>-<region>` : ''].filter((x) => x).join(' and ');
  const parts: IConstruct[] = [];
  aa.stacks.forEach((s) => parts.push(...restateRegionalProfiles(s,
    `region ${s.region} of the ActiveActiveRegions '${f.name}': it serves its nearest users; its loss moves them to the other ${n - 1} region${n === 2 ? '' : 's'} by latency routing (the workload's region entry has the arithmetic)`,
    stores, "the active-active regions'")));
  const served = parts.length > 0;
  const domains: FailureDomainProfile[] = [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT].map((d) => (served
    ? {
      domain: d,
      survives: true,
      how: `served in each of ${f.regions.join(', ')}: as each region's workload (folded in below)`
        + (d === FailureDomain.BAD_DEPLOYMENT ? '; whether a release reaches the regions one at a time is the owner\'s pipeline (not modelled)' : ''),
    }
    : { domain: d, survives: false, how: 'the regional workloads record no profile, so this is not modelled' }));
  const capacity = aa.regionTasks === undefined
    ? 'the regions\' task counts are not known, so whether the others absorb a lost region\'s users is not modelled'
    : aa.regionTasks >= f.floor
      ? `each region runs ${aa.regionTasks} tasks >= the region-loss floor ${f.floor} (${lossText(f.share, n, f.floor)}), so the survivors carry the lost region's users without scaling`
      : `each region runs only ${aa.regionTasks} tasks, below the region-loss floor ${f.floor} (${lossText(f.share, n, f.floor)}; accepted with requireRegionLossHeadroom: false): the survivors are overloaded until they scale`;
  const conflicts = f.table ? `. Conflicts: ${strongWriteLatencyNote(f.table, f.regions)}` : '';
  domains.push({
    domain: FailureDomain.REGION,
    survives: true,
    how: `Route 53 latency records (one per region, alias with evaluateTargetHealth, each with its region's health check${f.alarms.some((a) => a > 0) ? ': CALCULATED over the endpoint and the SLO regional health alarm' : ' on the endpoint'}) `
      + `drop a failing region from the answers by itself; ${capacity}${conflicts}. A drill inverts one region's health check (stack output RegionHealthCheckId) and watches the others absorb its users. `
      + 'The cost scenarios price the lines the regional profiles record (not the alarms, Container Insights and flow log lines the report adds, the same in each region in every topology)',
    recovery: aa.regionRecovery,
  });
  const profiles = parts.map((c) => Profiles.of(c)!);
  const rtoParts = [{ name: 'region', s: aa.regionRecovery.seconds }, ...profiles.map((p) => ({ name: p.name, s: p.rto.seconds }))];
  const worst = Math.max(...rtoParts.map((r) => r.s));
  const rpo = pairRpo([
    f.table ? activeTableRpo(f.table, f.regions) : undefined,
    f.bucket ? activeBucketRpo(f.bucket.bucketNamePrefix, f.regions) : undefined,
  ]);
  const alarmChecks = f.alarms.reduce((s, a) => s + (a > 0 ? a + 1 : 0), 0);
  // Active-active replicates every write to the other N - 1 regions; the pair (active false) to its standby only.
  const replication = (copies: number, active: boolean = true): CostDriver[] => [
    ...(f.table ? tableReplicationDrivers(f.table, active ? copies : undefined).map((d) => (active && isStrong(f.table!)
      ? { ...d, quantityArithmetic: `${d.quantityArithmetic} (strong consistency assumed priced as eventual replication; a witness's share, if billed, is not modelled)` } : d)) : []),
    ...(f.bucket ? bucketReplicationDrivers(f.bucket, { source: `${f.bucket.bucketNamePrefix}-<account>-<region>` }, active ? copies : undefined) : []),
  ];
  const own = [...healthCheckDrivers(n, f.https, f.dns.intervalSeconds === 10, alarmChecks), ...replication(n - 1)];
  // The pair as an alternative keeps the regional parts' recovery times: its RTO is the worst of those and its failover.
  const partsWorst = Math.max(0, ...profiles.map((p) => p.rto.seconds));
  const scenarios = pairScenarios(aa, f, own, replication(1, false), partsWorst);
  const profile: WorkloadProfile = {
    name: f.name,
    pattern: 'ActiveActiveRegions',
    failureDomains: domains,
    rto: { seconds: worst, arithmetic: `max(${rtoParts.map((r) => `${r.name} ${r.s} s`).join(', ')}) = ${worst} s` },
    ...(rpo ? { rpo } : { rpoNotModelled: 'the workload replicates no data store (give `table` for a DynamoDB global table or `bucket` for two-way S3 replication); its data lives in backing stores it reaches by config' }),
    costDrivers: own,
    ...(scenarios ? { costScenarios: scenarios.scenarios } : {}),
    dataFlows: [{ from: 'users', to: f.name, label: `DNS ${aa.node.path} latency records (${f.regions.join(', ')})` }],
    alternatives: scenarios?.alternatives ?? [],
  };
  Profiles.record(aa, profile);
}

function lossText(share: number, n: number, floor: number): string {
  return `ceil(${share} x ${n} / (${n} - 1)) = ${floor}`;
}

/**
 * The same users as an active-active workload and as an active-passive pair: each scenario lists
 * every region's compute and fixed lines (Fargate on demand at the scenario's task counts, the
 * other lines as each region's profiles record them), the health checks and the replication.
 */
function pairScenarios(aa: RecordedActiveActive, f: ActiveActiveFacts, own: CostDriver[], pairReplication: CostDriver[], partsWorst: number):
{ scenarios: CostScenario[]; alternatives: Array<{ change: string; rtoSeconds: number; rpoSeconds?: number }> } | undefined {
  const sp = f.serviceProps;
  const cpu = sp?.cpu ?? 512;
  const memory = sp?.memoryLimitMiB ?? 1024;
  if (!sp || aa.regionTasks === undefined || aa.services.length === 0 || typeof cpu !== 'number' || typeof memory !== 'number') return undefined;
  const arm = sp.cpuArchitecture === ecs.CpuArchitecture.ARM64;
  const n = f.regions.length;
  const zones = aa.services[0].zoneCount;
  // The pair's primary carries every region's share and keeps it through a zone loss (StatelessService's floor).
  const load = n * f.share;
  const primary = zones >= 2 ? zoneLossFloor(load, zones) : load;
  const warm = StandbyMode.warmStandby({ capacityPercent: D.warmCapacityPercent });
  const regionLines = (i: number, tasks: number | undefined): CostDriver[] => {
    const stack = aa.stacks[i];
    const recorded = stack.node.findAll().map((c) => Profiles.of(c))
      .filter((p): p is WorkloadProfile => p !== undefined).flatMap((p) => p.costDrivers);
    const fixed = recorded.filter((d) => !FARGATE.test(String(d.priceItem ?? '')));
    const compute = tasks === undefined ? recorded.filter((d) => FARGATE.test(String(d.priceItem ?? ''))) : fargateOnDemandDrivers(tasks, cpu, memory, arm);
    return [...compute, ...fixed].map((d) => ({ ...d, item: `${stack.region}: ${d.item}` }));
  };
  const pairChecks = healthCheckDrivers(2, f.https, f.dns.intervalSeconds === 10, f.alarms[0] > 0 ? f.alarms[0] + 1 : 0);
  const activeName = `active-active: ${n} regions x ${aa.regionTasks} tasks`;
  const pair = (mode: StandbyMode): CostScenario => ({
    name: `active-passive pair, ${mode.describe()}: ${primary} + ${mode.standbyTasks(primary)} tasks`,
    costDrivers: [...regionLines(0, primary), ...regionLines(1, mode.standbyTasks(primary)), ...pairChecks, ...pairReplication],
    compareTo: activeName,
  });
  const scenarios: CostScenario[] = [
    { name: activeName, costDrivers: [...f.regions.flatMap((_, i) => regionLines(i, undefined)), ...own] },
    pair(StandbyMode.hotStandby()),
    pair(warm),
  ];
  const timing = {
    intervalSeconds: f.dns.intervalSeconds ?? 10,
    failureThreshold: f.dns.failureThreshold,
    ttlSeconds: 60,
    primaryTasks: primary,
    standbyTasks: primary,
    taskStartSeconds: aa.workloads[0].taskStartSeconds ?? D.taskStartSeconds,
    targetHealthCheckIntervalSeconds: secondsOrDefault(sp.healthCheckInterval, D.targetHealthCheckIntervalSeconds),
    healthyThresholdCount: D.healthyThresholdCount,
    targetCpuUtilizationPercent: sp.targetCpuUtilizationPercent ?? D.targetCpuUtilizationPercent,
  };
  // The pair replicates the same stores one way: its table is eventual (1 s), its bucket S3 RTC (900 s).
  const rpoOfPair = f.bucket ? 900 : f.table ? 1 : undefined;
  const alternatives = [StandbyMode.hotStandby(), warm].map((m) => ({
    change: `ActivePassiveRegionPair, ${m.describe()} (primary ${primary} tasks for all ${load} shared tasks over ${zones} zones: ceil(${load} x ${zones} / (${zones} - 1)); standby ${m.standbyTasks(primary)}; one writer region)`,
    rtoSeconds: Math.max(partsWorst, failoverRecovery({ ...timing, standbyTasks: m.standbyTasks(primary) }).seconds),
    ...(rpoOfPair !== undefined ? { rpoSeconds: rpoOfPair } : {}),
  }));
  return { scenarios, alternatives };
}
