import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { DECISION_DEFAULTS, DecisionDataStore, DecisionRecordedActiveActive, DecisionWorkloadKind, ResolvedInput, Topology, TOPOLOGY_NAMES, TOPOLOGY_ORDER } from './input';
import { Availability, SLA_TABLE } from './sla';
import { fargateDrivers, spotSplit } from '../core/fargate-cost';
import { sqsRequestDriver } from '../queue-worker/profile';
import { arcCostDrivers, arcRecovery, ARC_ASSUMPTIONS } from '../region-pair/arc';
import { failoverRecovery, FailoverTiming, healthCheckDrivers } from '../region-pair/arithmetic';
import { auroraCostDrivers, auroraPromotion, auroraRpo, defaultStandbyInstances } from '../region-pair/aurora';
import { AuroraGlobalEngine } from '../region-pair/aurora-options';
import { bucketReplicationDrivers, bucketRpo } from '../region-pair/bucket';
import { REGION_PAIR_DEFAULTS as PAIR } from '../region-pair/defaults';
import { StandbyMode, StandbyModeKind } from '../region-pair/standby-mode';
import { tableReplicationDrivers, tableRpo } from '../region-pair/table';
import { centsToUsd, exactProduct, formatNumber, formatUsd } from '../report/decimal';
import { CostDriver, CostDrivers, CostLine, FargatePricing, PriceTable } from '../report/price-table';
import { HOURS_PER_MONTH } from '../report/prices';
import { FailureDomain, TimeEstimate } from '../report/profile';
import { purchaseSplit } from '../spot-fleet/profile';

/** Minutes in the 365-day year the decision counts in. */
export const MINUTES_PER_YEAR = 525_600;

/** One failure domain of one topology: how it recovers, what a year of such failures costs. */
export interface DecisionDomain {
  /** The failure domain. */
  readonly domain: FailureDomain;
  /** True when the topology recovers without a person acting. */
  readonly survives: boolean;
  /**
   * Seconds until it serves again (for a domain not survived: after a person acts, when that is modelled).
   *
   * @default - no recovery: the outage lasts as long as the failure
   */
  readonly rtoSeconds?: number;
  /** Seconds of writes a failure can lose. */
  readonly rpoSeconds: number;
  /** How it recovers, with the arithmetic. */
  readonly how: string;
  /** Failures a year (assumed). */
  readonly perYear: number;
  /** Minutes a failure lasts when nothing recovers (assumed). */
  readonly durationMinutes: number;
  /** The share of users a failure affects. */
  readonly affectedShare: number;
  /** Minutes a year of modelled downtime (perYear x min(duration, RTO) x affected share). */
  readonly downtimeMinutesPerYear: number;
  /** Minutes a year of writes lost (perYear x RPO x share, when the failure outlasts the recovery). */
  readonly dataLossMinutesPerYear: number;
  /** The downtime and data loss arithmetic. */
  readonly arithmetic: string;
}

/** One candidate topology, modelled. */
export interface DecisionCandidate {
  /** The topology. */
  readonly topology: Topology;
  /** Its name (`warm standby (50 %)`). */
  readonly name: string;
  /** True when it is the workload's topology today (`currentTopology`). */
  readonly current: boolean;
  /** False when the topology does not fit the workload (active-active on Aurora). */
  readonly applicable: boolean;
  /**
   * Why it does not fit.
   *
   * @default - it fits
   */
  readonly notApplicableReason?: string;
  /** Per failure domain. */
  readonly domains: DecisionDomain[];
  /** The composed SLA, percent, exact as text (`99.970003`). */
  readonly slaAvailabilityPercent: string;
  /** How the SLA was composed. */
  readonly slaArithmetic: string;
  /** Minutes a year the composed SLA allows. */
  readonly slaDowntimeMinutesPerYear: number;
  /** Minutes a year of modelled downtime (the sum over the domains). */
  readonly modelledDowntimeMinutesPerYear: number;
  /** 100 x (1 - modelled downtime / 525,600 min), rounded to 6 decimals. */
  readonly modelledAvailabilityPercent: number;
  /** Minutes a year of writes lost. */
  readonly dataLossMinutesPerYear: number;
  /** Expected loss a year in US dollars: downtime x revenue + data loss x its cost. */
  readonly expectedLossUsdPerYear: number;
  /** The loss arithmetic. */
  readonly lossArithmetic: string;
  /** Monthly cost lines, priced from the embedded table (and overrides). */
  readonly costLines: CostLine[];
  /** The sum of costLines. */
  readonly monthlyCostUsd: number;
  /** Expected loss a month: the yearly loss / 12. */
  readonly expectedMonthlyLossUsd: number;
  /** Monthly cost + expected monthly loss: what the ranking compares. */
  readonly monthlyTotalUsd: number;
  /** True when its modelled RTO and RPO meet the policy. */
  readonly meetsPolicy: boolean;
  /** What it misses of the policy. */
  readonly policyMisses: string[];
  /**
   * Revenue per hour above which it costs less than the recommended topology (cost + expected loss).
   *
   * @default - none: it has no less downtime than the recommended one, or it is the recommended one
   */
  readonly breakEvenRevenuePerHourUsd?: number;
  /** The break-even arithmetic, or why there is none. */
  readonly breakEvenArithmetic: string;
  /**
   * The active-active candidate of an ActiveActiveRegions workload: its monthly cost here beside the recorded profile's, the difference explained.
   *
   * @default - no recorded profile
   */
  readonly profileCheck?: string;
}

/** How the decision came out. */
export interface DecisionRecommendation {
  /**
   * The recommended topology: of those that meet the policy, the lowest monthly cost + expected monthly loss.
   *
   * @default - none meets the policy
   */
  readonly topology?: Topology;
  /** Why, in a sentence with the numbers. */
  readonly reason: string;
  /** What drives it: the modelled downtime, not the SLA. */
  readonly drivenBy: string;
  /**
   * The next topology up: of those that meet the policy and have less downtime, the one that pays for itself first as revenue rises.
   *
   * @default - none
   */
  readonly nextUp?: Topology;
  /**
   * Revenue per hour at which nextUp pays for itself.
   *
   * @default - no next topology
   */
  readonly nextUpBreakEvenRevenuePerHourUsd?: number;
  /** The next-up arithmetic, or why there is none. */
  readonly nextUpArithmetic: string;
}

/** How far one assumption can move before the recommendation changes. */
export interface DecisionSensitivity {
  /** The input field (`failures.region.perYear`). */
  readonly assumption: string;
  /** Its value in this decision. */
  readonly value: number;
  /** True when it is a default (an assumption), false when given. */
  readonly isDefault: boolean;
  /**
   * The lowest value (searched down to 0) at which the recommendation still holds.
   *
   * @default - holds down to 0
   */
  readonly holdsFrom?: number;
  /**
   * The highest value at which the recommendation still holds.
   *
   * @default - holds up to the searched limit
   */
  readonly holdsTo?: number;
  /** The line the report prints. */
  readonly text: string;
}

/** The labelled assumptions of a decision. */
export interface DecisionAssumption {
  /** The input field. */
  readonly field: string;
  /** The value used. */
  readonly value: string;
  /** Given by the user, or the default and where it comes from. */
  readonly source: string;
}

/** The topology decision for one workload. */
export interface TopologyDecisionResult {
  /** The workload. */
  readonly workloadName: string;
  /** The primary region. */
  readonly region: string;
  /** The other region of the two-region topologies. */
  readonly standbyRegion: string;
  /** US dollars lost per hour down. */
  readonly revenuePerHourUsd: number;
  /** US dollars per minute of lost writes, with how it was worked out. */
  readonly dataLossUsdPerMinute: number;
  /** The kind of workload modelled: a load-balanced service, or a queue worker. */
  readonly workloadKind: DecisionWorkloadKind;
  /** The candidates in ladder order. */
  readonly candidates: DecisionCandidate[];
  /** Applicable candidates by monthly total: those meeting the policy first. */
  readonly ranking: Topology[];
  /** The recommendation. */
  readonly recommendation: DecisionRecommendation;
  /** One line per assumption: how far it can move before the recommendation changes. */
  readonly sensitivity: DecisionSensitivity[];
  /** Every input with its value and source (given or assumed). */
  readonly assumptions: DecisionAssumption[];
  /** The policy the candidates were checked against, in words. */
  readonly policy: string;
  /** What the decision does not model. */
  readonly notModelled: string[];
  /** The SLA table the composition used (service, percent, URL, page version, date checked). */
  readonly slaSources: string[];
}

const WORDS: { [d: string]: string } = { 'instance': 'task', 'zone': 'zone', 'bad-deployment': 'bad deployment', 'region': 'region' };

function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

function cents(lines: CostLine[]): number {
  return lines.reduce((s, l) => s + Math.round(l.usd * 100), 0);
}

function timing(input: ResolvedInput, standbyTasks: number): FailoverTiming {
  return {
    intervalSeconds: PAIR.healthCheckInterval.toSeconds(),
    failureThreshold: PAIR.failureThreshold,
    ttlSeconds: PAIR.ttl.toSeconds(),
    primaryTasks: input.tasks,
    standbyTasks,
    taskStartSeconds: PAIR.taskStartSeconds,
    targetHealthCheckIntervalSeconds: PAIR.targetHealthCheckIntervalSeconds,
    healthyThresholdCount: PAIR.healthyThresholdCount,
    targetCpuUtilizationPercent: PAIR.targetCpuUtilizationPercent,
  };
}

function standbyMode(t: Topology, input: ResolvedInput): StandbyMode | undefined {
  switch (t) {
    case Topology.PILOT_LIGHT: return StandbyMode.pilotLight();
    case Topology.WARM_STANDBY: return StandbyMode.warmStandby({ capacityPercent: input.warmCapacityPercent });
    case Topology.HOT_STANDBY: return StandbyMode.hotStandby();
    default: return undefined;
  }
}

/** GB a month the stated writes copy across regions: writes x KB / 1,048,576. */
function gbWritten(input: ResolvedInput): number {
  return Number(((input.writesPerMonth * input.averageItemKb) / (1024 * 1024)).toFixed(6));
}

// The Aurora options the region pair's arithmetic reads (instances, I/O, GB); the engine is not priced.
function auroraOptions(input: ResolvedInput) {
  return {
    globalClusterIdentifier: `${input.workloadName}-db`,
    engine: AuroraGlobalEngine.POSTGRESQL,
    engineVersion: '',
    gbWrittenPerMonth: gbWritten(input),
  };
}

function fargate(table: PriceTable, tasks: number, input: ResolvedInput, where: string): CostLine[] {
  const pricing = input.arm64 ? FargatePricing.ARM_ON_DEMAND : FargatePricing.X86_ON_DEMAND;
  return [CostDrivers.fargateVcpuHours(tasks, input.vcpu, pricing), CostDrivers.fargateMemoryHours(tasks, input.memoryGb, pricing)]
    .map((d) => ({ ...table.price(d), item: `${where}: ${d.item}` }));
}

/** True for a queue worker (no load balancer, failover by switching queues). */
function isWorker(input: ResolvedInput): boolean {
  return input.kind === DecisionWorkloadKind.QUEUE_WORKER;
}

/** The compute of `count` tasks (or, with compute.ec2, instances split as the mixed instances group does). */
function computeLines(table: PriceTable, count: number, input: ResolvedInput, where: string): CostLine[] {
  const e = input.ec2;
  const fs = input.fargateSpot;
  if (fs) {
    // Split as ECS splits the capacity provider strategy (the QueueWorkerService profile's arithmetic).
    const split = spotSplit(count, fs.onDemandBase, fs.spotWeight, fs.onDemandWeight);
    const task = { cpu: exactProduct(input.vcpu, 1024), memoryMiB: exactProduct(input.memoryGb, 1024), spotDiscountPercent: fs.spotDiscountPercent };
    return priced(table, fargateDrivers(task, split, split.spotTasks > 0 ? `spot tasks: ${split.arithmetic}` : undefined), where);
  }
  if (!e) return fargate(table, count, input, where);
  const split = purchaseSplit(count, e.onDemandBase, e.onDemandPercentageAboveBase, `${count} instances`);
  const priceNote = 'compute.ec2.onDemandHourlyUsd; the same price assumed in both regions';
  const drivers = [CostDrivers.ec2OnDemandInstanceHours(split.onDemand, e.onDemandHourlyUsd, split.onDemandArithmetic, priceNote)];
  if (split.spot > 0) {
    drivers.push(CostDrivers.ec2SpotInstanceHours(split.spot, e.onDemandHourlyUsd, e.spotDiscountPercent, split.spotArithmetic,
      `${priceNote}; compute.ec2.spotDiscountPercent ${formatNumber(e.spotDiscountPercent)} % (assumed: spot prices float)`));
  }
  return priced(table, drivers, where);
}

/** The SQS requests of a region's queue: its messages x 3 and its polling workers' empty long polls. */
function sqsLines(table: PriceTable, input: ResolvedInput, messages: number, pollers: number, where: string): CostLine[] {
  return priced(table, [sqsRequestDriver({ messagesPerMonth: messages, fifo: input.worker!.fifo }, pollers)], where);
}

function priced(table: PriceTable, drivers: CostDriver[], where?: string): CostLine[] {
  return drivers.map((d) => {
    const l = table.price(d);
    return where ? { ...l, item: `${where}: ${l.item}` } : l;
  });
}

function commonLines(input: ResolvedInput, pt: PriceTable): CostLine[] {
  if (isWorker(input)) {
    // No load balancer: compute, the queue's requests (every message, whichever region takes it) and the traffic.
    const w = computeLines(pt, input.tasks, input, `Primary ${input.region}`);
    w.push(...sqsLines(pt, input, input.worker!.messagesPerMonth, input.tasks, `Primary ${input.region}`));
    if (input.internetGbPerMonth > 0) w.push(...priced(pt, [CostDrivers.internetEgressGb(input.internetGbPerMonth)], 'All regions'));
    if (input.crossZoneGbPerMonth > 0) w.push(...priced(pt, [CostDrivers.crossAzGb(input.crossZoneGbPerMonth)], 'All regions'));
    if (input.dataStore === DecisionDataStore.AURORA) w.push(...priced(pt, auroraCostDrivers(auroraOptions(input), 0).slice(0, 1), `Primary ${input.region}`));
    return w;
  }
  const lines = fargate(pt, input.tasks, input, `Primary ${input.region}`);
  lines.push(...priced(pt, [CostDrivers.albHours(1)], `Primary ${input.region}`));
  const rps = input.requestsPerMonth / (HOURS_PER_MONTH * 3600);
  const byConnections = rps / DECISION_DEFAULTS.newConnectionsPerLcu;
  const byBytes = input.internetGbPerMonth / HOURS_PER_MONTH;
  const lcu = round(Math.max(byConnections, byBytes), 4);
  if (lcu > 0) {
    const driver = CostDrivers.albLcuHours(lcu);
    lines.push(...priced(pt, [{
      ...driver,
      quantityArithmetic: `max(${formatNumber(input.requestsPerMonth)} requests / (730 h x 3600 s) / 25 new connections per LCU = ${formatNumber(round(byConnections, 4))}, `
        + `${formatNumber(input.internetGbPerMonth)} GB / 730 h at 1 GB per LCU-hour = ${formatNumber(round(byBytes, 4))}) = ${formatNumber(lcu)} LCU (assumed: one new connection per request) x 730 h`,
    }], 'All regions'));
  }
  if (input.internetGbPerMonth > 0) lines.push(...priced(pt, [CostDrivers.internetEgressGb(input.internetGbPerMonth)], 'All regions'));
  if (input.crossZoneGbPerMonth > 0) lines.push(...priced(pt, [CostDrivers.crossAzGb(input.crossZoneGbPerMonth)], 'All regions'));
  if (input.dataStore === DecisionDataStore.AURORA) {
    lines.push(...priced(pt, auroraCostDrivers(auroraOptions(input), 0).slice(0, 1), `Primary ${input.region}`));
  }
  return lines;
}

function replicationLines(input: ResolvedInput, pt: PriceTable, mode: StandbyModeKind): CostLine[] {
  switch (input.dataStore) {
    case DecisionDataStore.DYNAMODB:
      return priced(pt, tableReplicationDrivers({
        tableName: `${input.workloadName}-table`,
        partitionKey: { name: 'pk', type: AttributeType.STRING },
        writesPerMonth: input.writesPerMonth,
        averageItemKb: input.averageItemKb,
      }), 'Replication');
    case DecisionDataStore.AURORA: {
      const o = auroraOptions(input);
      return priced(pt, auroraCostDrivers(o, defaultStandbyInstances(o, mode)).slice(1), 'Replication');
    }
    case DecisionDataStore.S3:
      return priced(pt, bucketReplicationDrivers({ gbWrittenPerMonth: gbWritten(input) }, { source: `${input.workloadName}-bucket` }), 'Replication');
    default:
      return [];
  }
}

function regionRpo(input: ResolvedInput): TimeEstimate {
  const names = { source: `${input.workloadName}-bucket`, replica: `${input.workloadName}-bucket-replica` };
  switch (input.dataStore) {
    case DecisionDataStore.DYNAMODB: return tableRpo({ tableName: `${input.workloadName}-table`, partitionKey: { name: 'pk', type: AttributeType.STRING } }, input.standbyRegion);
    case DecisionDataStore.AURORA: return auroraRpo({ primaryClusterId: `${input.workloadName}-db-${input.region}`, standbyClusterId: `${input.workloadName}-db-${input.standbyRegion}` });
    case DecisionDataStore.S3: return bucketRpo(names);
    default: return { seconds: 0, arithmetic: 'no data store: nothing to lose (assumed: the workload holds no data)' };
  }
}

/** The SLA composition of a topology. */
function sla(t: Topology, input: ResolvedInput): Availability {
  const ecs = Availability.of(SLA_TABLE.ecsFargate.percent, input.ec2 ? 'EC2 (Compute SLA)' : 'ECS/Fargate');
  const alb = Availability.of(SLA_TABLE.alb.percent, 'ALB');
  const r53 = Availability.of(SLA_TABLE.route53.percent, 'Route 53');
  const store = (global: boolean): Availability[] => {
    switch (input.dataStore) {
      case DecisionDataStore.DYNAMODB: return [global ? Availability.of(SLA_TABLE.dynamodbGlobal.percent, 'DynamoDB global tables') : Availability.of(SLA_TABLE.dynamodb.percent, 'DynamoDB')];
      case DecisionDataStore.AURORA: return [Availability.of(SLA_TABLE.aurora.percent, 'Aurora')];
      case DecisionDataStore.S3: return [Availability.of(SLA_TABLE.s3.percent, 'S3')];
      default: return [];
    }
  };
  if (isWorker(input)) {
    // No load balancer and no DNS: the workers (and the store) in series; SQS's SLA is not in the table (not composed, said in notModelled).
    if (t === Topology.SINGLE_REGION_MULTI_AZ || t === Topology.BACKUP_AND_RESTORE) return Availability.series([ecs, ...store(false)]);
    if (input.dataStore === DecisionDataStore.DYNAMODB) return Availability.series([Availability.parallel([ecs, ecs]), ...store(true)]);
    const wpath = Availability.series([ecs, ...store(false)]);
    return Availability.parallel([wpath, wpath]);
  }
  if (t === Topology.SINGLE_REGION_MULTI_AZ || t === Topology.BACKUP_AND_RESTORE) {
    // A backup in the other region runs nothing: no parallel path.
    return Availability.series([ecs, alb, ...store(false)]);
  }
  if (input.dataStore === DecisionDataStore.DYNAMODB) {
    // One global table serves both regions: its SLA is in series with the two compute paths.
    const path = Availability.series([ecs, alb]);
    return Availability.series([r53, Availability.parallel([path, path]), ...store(true)]);
  }
  const path = Availability.series([ecs, alb, ...store(false)]);
  return Availability.series([r53, Availability.parallel([path, path])]);
}

interface RegionModel {
  survives: boolean;
  rtoSeconds?: number;
  rpo: TimeEstimate;
  how: string;
  share: number;
}

/**
 * Seconds of messages a region loss strands in its queue: the backlog / the arrival rate. SQS
 * endpoints are independent per region and share no data
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/endpoints.html), and
 * queues have no cross-region replication of messages
 * (https://disaster-recovery.workshop.aws/en/services/app_integration/sqs/active-active.html).
 */
function queueRpo(input: ResolvedInput): TimeEstimate {
  const w = input.worker!;
  const perSecond = w.messagesPerMonth / (HOURS_PER_MONTH * 3600);
  const seconds = Math.ceil(w.backlogMessages / perSecond);
  return {
    seconds,
    arithmetic: `${formatNumber(w.backlogMessages)} messages waiting (worker.backlogMessages) / (${formatNumber(w.messagesPerMonth)} messages / (730 h x 3600 s) = ${formatNumber(round(perSecond, 4))} a second)`
      + ` = ${seconds} s of messages left in the lost region's queue (SQS does not replicate a queue to another region; they are processed if the region returns within the queue's retention, counted as lost here)`,
  };
}

/** The worse of the store's RPO and the queue's stranded backlog. */
function workerRegionRpo(input: ResolvedInput, store: TimeEstimate): TimeEstimate {
  const q = queueRpo(input);
  const seconds = Math.max(q.seconds, store.seconds);
  return { seconds, arithmetic: `max(queue ${q.seconds} s: ${q.arithmetic}; data store ${store.seconds} s: ${store.arithmetic}) = ${seconds} s` };
}

function workerRegionModel(t: Topology, input: ResolvedInput): RegionModel {
  const w = input.worker!;
  const d = input.failures.region.durationMinutes;
  const switchText = `the producers send to ${input.standbyRegion}'s own queue after ${w.producerSwitchSeconds} s (worker.producerSwitchSeconds; ${w.producersSwitchAutomatically ? 'they switch by themselves (given)' : 'a person switches them: worker.producersSwitchAutomatically is false'})`;
  switch (t) {
    case Topology.SINGLE_REGION_MULTI_AZ:
      return {
        survives: false,
        rpo: { seconds: 0, arithmetic: 'the messages wait in the region\'s queue (SQS stores them redundantly in the region) and are processed when it returns (assumed: an impairment, not a loss of the region\'s data)' },
        how: `no other region: the work stops for the impairment (${d} min, assumed); the producers' sends fail meanwhile unless they buffer`,
        share: 1,
      };
    case Topology.BACKUP_AND_RESTORE: {
      const store: TimeEstimate = input.dataStore === DecisionDataStore.NONE
        ? { seconds: 0, arithmetic: 'no data store' }
        : { seconds: input.backupIntervalHours * 3600, arithmetic: `cross-region backup copies every ${input.backupIntervalHours} h (assumed)` };
      return {
        survives: false,
        rtoSeconds: input.restoreHours * 3600,
        rpo: workerRegionRpo(input, store),
        how: `a person redeploys in ${input.standbyRegion} (a new, empty queue) and restores the latest copied backup, and the producers are pointed at the new queue: ${input.restoreHours} h (the AWS DR whitepaper puts backup and restore RTO in hours)`,
        share: 1,
      };
    }
    case Topology.ACTIVE_ACTIVE:
      return {
        survives: w.producersSwitchAutomatically,
        rtoSeconds: w.producerSwitchSeconds,
        rpo: workerRegionRpo(input, regionRpo(input)),
        how: `both regions consume their own queue, the producers split between them (assumed half each); ${switchText.replace(`${input.standbyRegion}'s own queue`, 'the other region\'s queue')}; the other region already runs ${input.tasks} ${input.ec2 ? 'instances' : 'tasks'}: only the lost region's producers (assumed half) are affected`,
        share: 0.5,
      };
    default: {
      const mode = standbyMode(t, input)!;
      const standby = mode.standbyTasks(input.tasks);
      const startS = input.ec2 ? input.ec2.instanceStartSeconds : PAIR.taskStartSeconds;
      const detectS = DECISION_DEFAULTS.workerScalingDetectionSeconds;
      const scale = standby >= input.tasks ? 0 : detectS + startS;
      const scaleText = scale === 0
        ? `scale-up 0 s (the standby already runs the primary's ${input.tasks})`
        : `scale-up ${standby} -> ${input.tasks}: the backlog-per-task policy sizes the service to the backlog in one step (a backlog metric is not capped like CPU; assumed) = scaling alarm ${detectS} s + ${input.ec2 ? `instance start ${startS} s (compute.ec2.instanceStartSeconds)` : `task start ${startS} s (assumed)`} = ${scale} s`;
      let r: TimeEstimate = { seconds: w.producerSwitchSeconds + scale, arithmetic: `producers switch ${w.producerSwitchSeconds} s + ${scaleText} = ${w.producerSwitchSeconds + scale} s` };
      if (input.dataStore === DecisionDataStore.AURORA) {
        const p = auroraPromotion(defaultStandbyInstances(auroraOptions(input), mode.kind));
        r = { seconds: r.seconds + p.seconds, arithmetic: `${r.arithmetic}; then the database takes writes: ${p.arithmetic}; = ${r.seconds + p.seconds} s` };
      }
      return {
        survives: w.producersSwitchAutomatically,
        rtoSeconds: r.seconds,
        rpo: workerRegionRpo(input, regionRpo(input)),
        how: `no load balancer and no DNS failover: ${switchText}, where ${standby} standby ${input.ec2 ? 'instance' : 'task'}${standby === 1 ? '' : 's'} (${mode.describe()}) consume${standby === 1 ? 's' : ''} it: ${r.arithmetic}`,
        share: 1,
      };
    }
  }
}

function regionModel(t: Topology, input: ResolvedInput): RegionModel {
  if (isWorker(input)) return workerRegionModel(t, input);
  const d = input.failures.region.durationMinutes;
  switch (t) {
    case Topology.SINGLE_REGION_MULTI_AZ:
      return {
        survives: false,
        rpo: { seconds: 0, arithmetic: 'no copy in another region: the data is back when the region is (assumed: an impairment, not a loss of the region\'s data; a lost region loses everything)' },
        how: `no other region: the outage lasts the impairment (${d} min, assumed)`,
        share: 1,
      };
    case Topology.BACKUP_AND_RESTORE: {
      const s = input.restoreHours * 3600;
      return {
        survives: false,
        rtoSeconds: s,
        rpo: input.dataStore === DecisionDataStore.NONE
          ? { seconds: 0, arithmetic: 'no data store: nothing to restore but the stack (assumed: the workload holds no data)' }
          : { seconds: input.backupIntervalHours * 3600, arithmetic: `cross-region backup copies every ${input.backupIntervalHours} h (assumed): up to ${input.backupIntervalHours} h of writes lost` },
        how: `a person redeploys in ${input.standbyRegion} and restores the latest copied backup: ${input.restoreHours} h (the AWS DR whitepaper puts backup and restore RTO in hours)`,
        share: 1,
      };
    }
    case Topology.ACTIVE_ACTIVE: {
      const r = failoverRecovery(timing(input, input.tasks));
      return {
        survives: true,
        rtoSeconds: r.seconds,
        rpo: regionRpo(input),
        how: `latency records stop answering with the failed region: ${r.arithmetic}; the other region already runs ${input.tasks} tasks; only its share of users (assumed half) is affected`,
        share: 0.5,
      };
    }
    default: {
      const mode = standbyMode(t, input)!;
      const standbyTasks = mode.standbyTasks(input.tasks);
      let r: TimeEstimate = input.failoverWithArc
        ? arcRecovery({ ...timing(input, standbyTasks), decisionSeconds: ARC_ASSUMPTIONS.decisionSeconds })
        : failoverRecovery(timing(input, standbyTasks));
      if (input.dataStore === DecisionDataStore.AURORA) {
        const p = auroraPromotion(defaultStandbyInstances(auroraOptions(input), mode.kind));
        r = { seconds: r.seconds + p.seconds, arithmetic: `${r.arithmetic}; then the database takes writes: ${p.arithmetic}; = ${r.seconds + p.seconds} s` };
      }
      return {
        survives: !input.failoverWithArc,
        rtoSeconds: r.seconds,
        rpo: regionRpo(input),
        how: `${input.failoverWithArc ? 'ARC routing controls flipped by a person' : 'Route 53 DNS failover'} to ${input.standbyRegion} (${mode.describe()}, ${standbyTasks} standby task${standbyTasks === 1 ? '' : 's'}): ${r.arithmetic}`,
        share: 1,
      };
    }
  }
}

function domainResult(domain: FailureDomain, survives: boolean, rtoSeconds: number | undefined, rpo: TimeEstimate, how: string,
  f: { perYear: number; durationMinutes: number }, share: number, whose: string = 'users'): DecisionDomain {
  const durationS = f.durationMinutes * 60;
  const downS = rtoSeconds === undefined ? durationS : Math.min(durationS, rtoSeconds);
  const failsOver = rtoSeconds !== undefined && durationS > rtoSeconds;
  const downtime = round(f.perYear * (downS / 60) * share, 6);
  const lossMin = failsOver ? round(f.perYear * (rpo.seconds / 60) * share, 6) : 0;
  const shareText = share === 1 ? '' : ` x ${formatNumber(round(share, 6))} of ${whose}`;
  const downText = rtoSeconds === undefined
    ? `${formatNumber(f.perYear)}/year x ${formatNumber(f.durationMinutes)} min (no recovery: the whole failure)${shareText} = ${formatNumber(downtime)} min/year`
    : `${formatNumber(f.perYear)}/year x min(${formatNumber(f.durationMinutes)} min, ${formatNumber(round(rtoSeconds / 60, 4))} min)${shareText} = ${formatNumber(downtime)} min/year`;
  const lossText = lossMin > 0 ? `; writes lost ${formatNumber(f.perYear)}/year x ${formatNumber(round(rpo.seconds / 60, 4))} min${shareText} = ${formatNumber(lossMin)} min/year` : '';
  return {
    domain,
    survives,
    ...(rtoSeconds !== undefined ? { rtoSeconds } : {}),
    rpoSeconds: rpo.seconds,
    how: `${how}; RPO: ${rpo.arithmetic}`,
    perYear: f.perYear,
    durationMinutes: f.durationMinutes,
    affectedShare: round(share, 6),
    downtimeMinutesPerYear: downtime,
    dataLossMinutesPerYear: lossMin,
    arithmetic: `${downText}${lossText}`,
  };
}


// The sensitivity search models the same costs many times while it moves a failure assumption:
// cost lines depend only on these fields, so they are kept per topology and those fields.
const COST_CACHE = new Map<string, CostLine[]>();

/** The tasks per region of the active-active candidate when a recorded ActiveActiveRegions profile states them. */
function aaTasksOf(t: Topology, input: ResolvedInput): number | undefined {
  return t === Topology.ACTIVE_ACTIVE && !isWorker(input) ? input.recordedActiveActive?.tasksPerRegion : undefined;
}

function costLinesOf(t: Topology, input: ResolvedInput, name: string, applicable: boolean): CostLine[] {
  const key = JSON.stringify([t, input.workloadName, input.region, input.standbyRegion, input.tasks, input.vcpu, input.memoryGb, input.arm64,
    input.requestsPerMonth, input.internetGbPerMonth, input.crossZoneGbPerMonth, input.interRegionGbPerMonth, input.writesPerMonth,
    input.averageItemKb, input.dataSizeGb, input.dataStore, input.backupStorageUsdPerGbMonth, input.warmCapacityPercent,
    input.failoverWithArc, input.activeActiveExtraUsdPerMonth, input.priceOverrides,
    input.kind, input.worker, input.ec2, input.fargateSpot, aaTasksOf(t, input)]);
  const cached = COST_CACHE.get(key);
  if (cached) return cached;
  const mode = standbyMode(t, input);
  const aa = t === Topology.ACTIVE_ACTIVE;
  const pt = PriceTable.forRegion(input.region, input.priceOverrides);
  const st = PriceTable.forRegion(input.standbyRegion, input.priceOverrides);
  // Active-active of a recorded ActiveActiveRegions workload: each region runs the profile's task count.
  const lines = commonLines({ ...input, tasks: aaTasksOf(t, input) ?? input.tasks }, pt);
  if (t === Topology.BACKUP_AND_RESTORE && input.dataStore !== DecisionDataStore.NONE) {
    const gb = gbWritten(input);
    lines.push(...priced(pt, [{ ...CostDrivers.interRegionGb(gb), item: 'AWS Backup cross-region copies', quantityArithmetic: `${formatNumber(input.writesPerMonth)} writes x ${formatNumber(input.averageItemKb)} KB / 1048576 = ${formatNumber(gb)} GB changed a month (assumed: incremental copies)` }], 'Backup'));
    lines.push(...priced(st, [{
      item: 'AWS Backup storage in the other region',
      quantity: input.dataSizeGb,
      quantityArithmetic: `${formatNumber(input.dataSizeGb)} GB held (assumed)`,
      unitPriceUsd: input.backupStorageUsdPerGbMonth,
      unitPriceArithmetic: `$${formatNumber(input.backupStorageUsdPerGbMonth)}/GB-month (${DECISION_DEFAULTS.sources.backupStorage})`,
    }], `Standby ${input.standbyRegion}`));
  }
  if (mode || aa) {
    const kind = mode ? mode.kind : StandbyModeKind.HOT;
    const standbyTasks = mode ? mode.standbyTasks(input.tasks) : aaTasksOf(t, input) ?? input.tasks;
    const where = `${aa ? 'Second region' : 'Standby'} ${input.standbyRegion}`;
    if (isWorker(input)) {
      // The other region's workers poll their own, idle (or, active-active, half-fed) queue; no load balancer, no health checks.
      lines.push(...computeLines(st, standbyTasks, input, `${where} (${aa ? 'consuming' : name})`));
      lines.push(...sqsLines(st, input, 0, standbyTasks, `${where} (its own queue; messages counted once in the primary's line)`));
    } else {
      lines.push(...fargate(st, standbyTasks, input, `${where} (${aa ? 'serving' : name})`));
      lines.push(...priced(st, [CostDrivers.albHours(1)], where));
      lines.push(...priced(pt, healthCheckDrivers(2, true, true, 0), 'Failover'));
    }
    if (applicable) lines.push(...replicationLines(input, pt, kind));
    if (mode && input.failoverWithArc) lines.push(...priced(pt, arcCostDrivers(), 'Failover'));
    if (aa && input.interRegionGbPerMonth > 0) lines.push(...priced(pt, [CostDrivers.interRegionGb(input.interRegionGbPerMonth)], 'Between the serving regions'));
    if (aa && input.activeActiveExtraUsdPerMonth > 0) {
      lines.push({
        item: 'Active-active: multi-writer conflict handling and operation',
        arithmetic: `$${formatNumber(input.activeActiveExtraUsdPerMonth)}/month (given: recovery.activeActiveExtraUsdPerMonth)`,
        usd: round(input.activeActiveExtraUsdPerMonth, 2),
      });
    }
  }
  if (COST_CACHE.size > 10_000) COST_CACHE.clear();
  COST_CACHE.set(key, lines);
  return lines;
}

/** The failure domains of a queue worker: messages stay in SQS until a worker deletes them. */
function workerDomains(input: ResolvedInput, aa: boolean, region: RegionModel): DecisionDomain[] {
  const f = input.failures;
  const unit = input.ec2 ? 'instance' : 'task';
  const inRegion = (x: number) => (aa ? x / 2 : x);
  const storeZone = input.dataStore === DecisionDataStore.NONE ? 'no data store; SQS stores each message in several zones' : 'SQS and the store keep copies in several zones';
  const zeroRpo = (why: string): TimeEstimate => ({ seconds: 0, arithmetic: why });
  return [
    domainResult(FailureDomain.INSTANCE, true, f.instance.recoverySeconds, zeroRpo('its message stays in SQS until a worker deletes it'),
      `${input.ec2 ? 'an' : 'a'} ${unit} that dies leaves its message in the queue, visible again after the visibility timeout, and another worker takes it (${f.instance.recoverySeconds} s); it did 1 of ${aa ? 2 * input.tasks : input.tasks} ${unit}s' work`,
      f.instance, inRegion(1 / input.tasks), 'the work'),
    domainResult(FailureDomain.ZONE, true, f.zone.recoverySeconds, zeroRpo(storeZone),
      `SQS is regional: workers in the other zones take the lost zone's messages after the visibility timeout and scaling replaces its capacity (${f.zone.recoverySeconds} s); it had 1 of ${input.zones} zones' workers${aa ? ' in one of 2 regions' : ''}`,
      f.zone, inRegion(1 / input.zones), 'the work'),
    domainResult(FailureDomain.BAD_DEPLOYMENT, true, f['bad-deployment'].recoverySeconds, zeroRpo('the failed messages are retried by the old workers (a deployment that corrupts data: not modelled)'),
      `rolled back in ${f['bad-deployment'].recoverySeconds} s (${input.ec2
        ? 'assumed: the ECS service\'s deployment circuit breaker; a changed launch template of the fleet is not rolled back, see the fleet\'s own profile'
        : 'deployment circuit breaker, or QueueWorkerService\'s not-draining alarm'})${aa ? '; deployed one region at a time, so half the work' : ''}`,
      f['bad-deployment'], aa ? 0.5 : 1, 'the work'),
    domainResult(FailureDomain.REGION, region.survives, region.rtoSeconds, region.rpo, region.how, f.region, region.share, 'the work'),
  ];
}

/** The active-active region domain from the recorded profile, with the decision's own figures beside it. */
function recordedRegion(rec: DecisionRecordedActiveActive, own: RegionModel): RegionModel {
  const rpo: TimeEstimate = rec.regionRpoSeconds !== undefined
    ? { seconds: rec.regionRpoSeconds, arithmetic: `from the recorded profile: ${rec.regionRpoArithmetic ?? `${rec.regionRpoSeconds} s`} (the decision's own model: ${own.rpo.seconds} s)` }
    : { seconds: own.rpo.seconds, arithmetic: `the recorded profile does not model it (${rec.regionRpoArithmetic ?? 'no reason given'}): the decision's own model: ${own.rpo.arithmetic}` };
  return {
    survives: true,
    rtoSeconds: rec.regionRtoSeconds,
    rpo,
    how: `from the recorded ActiveActiveRegions profile '${rec.workloadName}' (${rec.regionCount} regions${rec.tasksPerRegion !== undefined ? ` x ${rec.tasksPerRegion} tasks` : ''}): ${rec.regionRtoArithmetic}`
      + `; the lost region's share of users: 1 of ${rec.regionCount} (the decision's own model: ${own.rtoSeconds} s for 2 regions)`,
    share: 1 / rec.regionCount,
  };
}

/** The active-active cost here against the recorded profile's, the difference split into compute and the rest. */
function profileCheckOf(rec: DecisionRecordedActiveActive, lines: CostLine[], input: ResolvedInput): string {
  if (rec.monthlyCostUsd === undefined) {
    return `the recorded profile '${rec.workloadName}' has no active-active cost scenario (it prices its regions' services as their own workloads): the cost here is this model's only`;
  }
  const model = centsToUsd(cents(lines));
  const compute = centsToUsd(cents(lines.filter((l) => / Fargate /.test(` ${l.item} `))));
  const diff = centsToUsd(Math.round(rec.monthlyCostUsd * 100) - Math.round(model * 100));
  const split = rec.computeMonthlyCostUsd !== undefined
    ? `: compute ${formatUsd(rec.computeMonthlyCostUsd)} in the profile (${rec.regionCount} regions${rec.tasksPerRegion !== undefined ? ` x ${rec.tasksPerRegion} tasks` : ''}) against ${formatUsd(compute)} here`
      + ` (2 regions x ${rec.tasksPerRegion ?? input.tasks} tasks, ${rec.tasksPerRegion !== undefined ? 'the profile\'s count' : 'compute.tasks'})`
      + `, and ${formatUsd(centsToUsd(Math.round(rec.monthlyCostUsd * 100) - Math.round(rec.computeMonthlyCostUsd * 100)))} of other lines in the profile`
      + ` (every line its regions record: load balancers, NAT gateways, endpoints, logs, health checks, replication) against ${formatUsd(centsToUsd(Math.round(model * 100) - Math.round(compute * 100)))} here`
      + ' (the load balancers, traffic, health checks and replication, the lines every candidate here prices alike)'
    : '';
  return `recorded profile '${rec.workloadName}': ${formatUsd(rec.monthlyCostUsd)}/month (${rec.monthlyCostArithmetic ?? 'its active-active cost scenario'}); this model: ${formatUsd(model)}/month;`
    + ` the profile is ${formatUsd(Math.abs(diff))} ${diff >= 0 ? 'more' : 'less'}${split}. The ranking uses this model's figure, so that every candidate is priced the same way; the region RTO and RPO are the profile's`;
}

/** Models one topology (before ranking and break-even). */
export function modelTopology(t: Topology, input: ResolvedInput): Omit<DecisionCandidate, 'breakEvenRevenuePerHourUsd' | 'breakEvenArithmetic'> {
  const mode = standbyMode(t, input);
  const name = mode ? mode.describe() : TOPOLOGY_NAMES[t];
  const applicable = !(t === Topology.ACTIVE_ACTIVE && input.dataStore === DecisionDataStore.AURORA);
  const aa = t === Topology.ACTIVE_ACTIVE;
  const f = input.failures;
  const inRegion = (x: number) => (aa ? x / 2 : x);
  const storeZone = input.dataStore === DecisionDataStore.NONE ? 'no data store' : 'the store keeps copies in several zones (DynamoDB, Aurora storage, S3 Standard)';
  const zeroRpo = (why: string): TimeEstimate => ({ seconds: 0, arithmetic: why });
  const rec = aa && !isWorker(input) ? input.recordedActiveActive : undefined;
  const regionTasks = aaTasksOf(t, input) ?? input.tasks;
  const region = rec ? recordedRegion(rec, regionModel(t, input)) : regionModel(t, input);
  const domains: DecisionDomain[] = isWorker(input) ? workerDomains(input, aa, region) : [
    domainResult(FailureDomain.INSTANCE, true, f.instance.recoverySeconds, zeroRpo('tasks hold no data (StatelessService)'),
      `the load balancer takes the failed task out in ${f.instance.recoverySeconds} s; it carried 1 of ${aa ? 2 * regionTasks : input.tasks} tasks' traffic`,
      f.instance, inRegion(1 / regionTasks)),
    domainResult(FailureDomain.ZONE, true, f.zone.recoverySeconds, zeroRpo(storeZone),
      `the load balancer routes around the zone in ${f.zone.recoverySeconds} s (gray failures that pass health checks need a zonal shift: not modelled); it carried 1 of ${input.zones} zones' traffic${aa ? ' in one of 2 regions' : ''}`,
      f.zone, inRegion(1 / input.zones)),
    domainResult(FailureDomain.BAD_DEPLOYMENT, true, f['bad-deployment'].recoverySeconds, zeroRpo('not modelled: a deployment that corrupts data'),
      `rolled back in ${f['bad-deployment'].recoverySeconds} s (deployment circuit breaker or SLO alarm)${aa ? '; deployed one region at a time, so half the users' : ''}`,
      f['bad-deployment'], aa ? 0.5 : 1),
    domainResult(FailureDomain.REGION, region.survives, region.rtoSeconds, region.rpo, region.how, f.region, region.share),
  ];
  const downtime = round(domains.reduce((s, d) => s + d.downtimeMinutesPerYear, 0), 6);
  const lossMinutes = round(domains.reduce((s, d) => s + d.dataLossMinutesPerYear, 0), 6);
  const downtimeCents = Math.round((downtime * input.revenuePerHourUsd * 100) / 60);
  const dataCents = Math.round(lossMinutes * input.dataLossUsdPerMinute * 100);
  const lossCents = downtimeCents + dataCents;
  const lossArithmetic = `${formatNumber(downtime)} min/year x $${formatNumber(input.revenuePerHourUsd)}/h / 60 = ${formatUsd(centsToUsd(downtimeCents))}`
    + ` + ${formatNumber(lossMinutes)} min/year of writes x $${formatNumber(input.dataLossUsdPerMinute)}/min = ${formatUsd(centsToUsd(dataCents))}; = ${formatUsd(centsToUsd(lossCents))}/year`;

  const lines = costLinesOf(t, input, name, applicable);
  const costCents = cents(lines);
  const monthlyLossCents = Math.round(lossCents / 12);
  const misses: string[] = [];
  if (!applicable) misses.push('not applicable');
  for (const d of domains) {
    if (!input.policy.mustSurvive.includes(d.domain)) continue;
    if (!d.survives) misses.push(`does not survive ${WORDS[d.domain]} without a person acting`);
    if (input.policy.rtoSeconds !== undefined && (d.rtoSeconds === undefined || d.rtoSeconds > input.policy.rtoSeconds)) {
      misses.push(`${WORDS[d.domain]} RTO ${d.rtoSeconds === undefined ? 'none (outage for the whole failure)' : `${d.rtoSeconds} s`} > target ${input.policy.rtoSeconds} s`);
    }
    if (input.policy.rpoSeconds !== undefined && d.rpoSeconds > input.policy.rpoSeconds) {
      misses.push(`${WORDS[d.domain]} RPO ${d.rpoSeconds} s > target ${input.policy.rpoSeconds} s`);
    }
  }
  const a = sla(t, input);
  return {
    topology: t,
    name,
    current: input.currentTopology === t,
    applicable,
    ...(applicable ? {} : { notApplicableReason: 'Aurora global database has one writer region: active-active needs multi-writer data (DynamoDB global tables)' }),
    domains,
    slaAvailabilityPercent: a.percentText(),
    slaArithmetic: a.arithmetic,
    slaDowntimeMinutesPerYear: a.downtimeMinutesPerYear(),
    modelledDowntimeMinutesPerYear: downtime,
    modelledAvailabilityPercent: round(100 * (1 - downtime / MINUTES_PER_YEAR), 6),
    dataLossMinutesPerYear: lossMinutes,
    expectedLossUsdPerYear: centsToUsd(lossCents),
    lossArithmetic,
    costLines: lines,
    monthlyCostUsd: centsToUsd(costCents),
    expectedMonthlyLossUsd: centsToUsd(monthlyLossCents),
    monthlyTotalUsd: centsToUsd(costCents + monthlyLossCents),
    meetsPolicy: misses.length === 0,
    policyMisses: misses,
    ...(rec ? { profileCheck: profileCheckOf(rec, lines, input) } : {}),
  };
}

type Modelled = ReturnType<typeof modelTopology>;

/**
 * Ranking: meeting the policy first, then monthly total, monthly cost, ladder order. The total is
 * compared unrounded (cost + (downtime x revenue + lost writes x their cost) / 12), so a cent of
 * rounding never reorders two topologies.
 */
function rank(models: Modelled[], input: ResolvedInput): Modelled[] {
  const total = (m: Modelled) => m.monthlyCostUsd
    + ((m.modelledDowntimeMinutesPerYear * input.revenuePerHourUsd) / 60 + m.dataLossMinutesPerYear * input.dataLossUsdPerMinute) / 12;
  return models.filter((m) => m.applicable).sort((a, b) => Number(b.meetsPolicy) - Number(a.meetsPolicy)
    || total(a) - total(b) || a.monthlyCostUsd - b.monthlyCostUsd
    || TOPOLOGY_ORDER.indexOf(a.topology) - TOPOLOGY_ORDER.indexOf(b.topology));
}

/** The recommended topology of a resolved input (no break-even, no sensitivity): for searches. */
export function recommendedTopology(input: ResolvedInput): Topology | undefined {
  const best = rank(TOPOLOGY_ORDER.map((t) => modelTopology(t, input)), input)[0];
  return best && best.meetsPolicy ? best.topology : undefined;
}

/** The yearly dollars of a candidate that do not depend on revenue: 12 x cost + data loss. */
function fixedYearly(m: Modelled, input: ResolvedInput): number {
  return 12 * m.monthlyCostUsd + m.dataLossMinutesPerYear * input.dataLossUsdPerMinute;
}

function breakEven(m: Modelled, rec: Modelled | undefined, input: ResolvedInput): { usd?: number; arithmetic: string } {
  if (!rec) return { arithmetic: 'no topology meets the policy, so there is nothing to break even with' };
  if (m.topology === rec.topology) return { arithmetic: 'the recommended topology' };
  if (!m.applicable) return { arithmetic: 'not applicable' };
  const less = rec.modelledDowntimeMinutesPerYear - m.modelledDowntimeMinutesPerYear;
  if (less <= 0) return { arithmetic: `never: ${formatNumber(m.modelledDowntimeMinutesPerYear)} min/year of downtime is no less than the recommended ${formatNumber(rec.modelledDowntimeMinutesPerYear)} min/year` };
  const extra = fixedYearly(m, input) - fixedYearly(rec, input);
  const usd = round((60 * extra) / less, 2);
  const text = `(12 x (${formatUsd(m.monthlyCostUsd)} - ${formatUsd(rec.monthlyCostUsd)}) + (${formatNumber(m.dataLossMinutesPerYear)} - ${formatNumber(rec.dataLossMinutesPerYear)}) min x $${formatNumber(input.dataLossUsdPerMinute)}/min of lost writes)`
    + ` / ((${formatNumber(rec.modelledDowntimeMinutesPerYear)} - ${formatNumber(m.modelledDowntimeMinutesPerYear)}) min/year / 60) = ${formatUsd(round(extra, 2))} a year / ${formatNumber(round(less / 60, 6))} h a year = ${formatUsd(usd)}/h`;
  return { usd: Math.max(0, usd), arithmetic: usd <= 0 ? `${text}: it costs no more, so it pays at any revenue` : text };
}

/** Models every candidate, ranks them and finds the break-even revenues (no sensitivity). */
export function decideResolved(input: ResolvedInput): {
  candidates: DecisionCandidate[]; ranking: Topology[]; recommendation: DecisionRecommendation;
} {
  const models = TOPOLOGY_ORDER.map((t) => modelTopology(t, input));
  const ranked = rank(models, input);
  const rec = ranked[0] && ranked[0].meetsPolicy ? ranked[0] : undefined;
  const candidates: DecisionCandidate[] = models.map((m) => {
    const be = breakEven(m, rec, input);
    return { ...m, ...(be.usd !== undefined ? { breakEvenRevenuePerHourUsd: be.usd } : {}), breakEvenArithmetic: be.arithmetic };
  });
  const drivenBy = 'the modelled downtime (failure frequencies x each topology\'s recovery per domain), priced at the revenue per hour; the composed SLA is shown beside it and does not rank: an SLA is what AWS credits, not what happens';
  let recommendation: DecisionRecommendation;
  if (!rec) {
    const closest = ranked[0];
    recommendation = {
      reason: `no topology meets the policy${closest ? `; the cheapest overall is ${closest.name} (${formatUsd(closest.monthlyTotalUsd)}/month), which misses: ${closest.policyMisses.join('; ')}` : ''}`,
      drivenBy,
      nextUpArithmetic: 'none: no topology meets the policy',
    };
  } else {
    const ups = candidates.filter((c) => c.meetsPolicy && c.breakEvenRevenuePerHourUsd !== undefined && c.topology !== rec.topology)
      .sort((a, b) => a.breakEvenRevenuePerHourUsd! - b.breakEvenRevenuePerHourUsd!
        || TOPOLOGY_ORDER.indexOf(a.topology) - TOPOLOGY_ORDER.indexOf(b.topology));
    const up = ups[0];
    recommendation = {
      topology: rec.topology,
      reason: `${rec.name}: of the topologies that meet the policy, the lowest monthly cost + expected monthly loss: ${formatUsd(rec.monthlyCostUsd)} + ${formatUsd(rec.expectedMonthlyLossUsd)} = ${formatUsd(rec.monthlyTotalUsd)}`
        + ` at $${formatNumber(input.revenuePerHourUsd)}/h (${formatNumber(rec.modelledDowntimeMinutesPerYear)} min/year of modelled downtime)`,
      drivenBy,
      ...(up ? { nextUp: up.topology, nextUpBreakEvenRevenuePerHourUsd: up.breakEvenRevenuePerHourUsd } : {}),
      nextUpArithmetic: up
        ? `${up.name} pays for itself above ${formatUsd(up.breakEvenRevenuePerHourUsd!)}/h: ${up.breakEvenArithmetic}`
        : 'none: no topology that meets the policy has less modelled downtime',
    };
  }
  return { candidates, ranking: ranked.map((m) => m.topology), recommendation };
}
