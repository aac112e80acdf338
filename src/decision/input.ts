import { PropIssue } from '../core/errors';
import { priceOverrideProblems } from '../report/price-table';
import { PRICE_ITEMS, PRICED_REGIONS } from '../report/prices';
import { FailureDomain } from '../report/profile';

/**
 * The candidate topologies: single region across zones, and the disaster recovery strategies of
 * AWS's "Disaster Recovery of Workloads on AWS" whitepaper (backup and restore, pilot light, warm
 * standby, multi-site active/passive as a hot standby, multi-site active/active).
 */
export enum Topology {
  /** One region, tasks and data across two or more zones; a region loss is an outage until the region recovers. */
  SINGLE_REGION_MULTI_AZ = 'SINGLE_REGION_MULTI_AZ',
  /** AWS Backup copies the data to the other region; on a region loss a person redeploys and restores there (RTO in hours). */
  BACKUP_AND_RESTORE = 'BACKUP_AND_RESTORE',
  /** Data replicated; the standby runs 1 task and scales after failover. */
  PILOT_LIGHT = 'PILOT_LIGHT',
  /** Data replicated; the standby runs a share of the primary's tasks (50 % by default). */
  WARM_STANDBY = 'WARM_STANDBY',
  /** Data replicated; the standby runs the primary's task count, idle until failover. */
  HOT_STANDBY = 'HOT_STANDBY',
  /** Both regions serve (latency routing), each with the full task count; multi-writer data. */
  ACTIVE_ACTIVE = 'ACTIVE_ACTIVE',
}

/** The topologies in ladder order (least to most standby). */
export const TOPOLOGY_ORDER: Topology[] = [Topology.SINGLE_REGION_MULTI_AZ, Topology.BACKUP_AND_RESTORE, Topology.PILOT_LIGHT,
  Topology.WARM_STANDBY, Topology.HOT_STANDBY, Topology.ACTIVE_ACTIVE];

/** How the report names a topology. */
export const TOPOLOGY_NAMES: { readonly [t in Topology]: string } = {
  SINGLE_REGION_MULTI_AZ: 'single region, multi-AZ',
  BACKUP_AND_RESTORE: 'backup and restore',
  PILOT_LIGHT: 'pilot light',
  WARM_STANDBY: 'warm standby',
  HOT_STANDBY: 'hot standby',
  ACTIVE_ACTIVE: 'active-active',
};

/** Where the workload keeps its data: sets the SLA of the data part and what replication costs. */
export enum DecisionDataStore {
  /** No data store (the workload is stateless, or its data is not part of the decision). */
  NONE = 'NONE',
  /** A DynamoDB table (a global table in the two-region topologies). */
  DYNAMODB = 'DYNAMODB',
  /** An Aurora cluster (an Aurora global database in the standby topologies; one writer region, so no active-active). */
  AURORA = 'AURORA',
  /** An S3 bucket (Cross-Region Replication with Replication Time Control in the standby topologies). */
  S3 = 'S3',
}

/** What kind of workload the decision is for: what fronts it and how it fails over to the other region. */
export enum DecisionWorkloadKind {
  /** Fargate tasks behind an Application Load Balancer; Route 53 health checks and DNS failover move the users (StatelessService, ActivePassiveRegionPair, ActiveActiveRegions). */
  LOAD_BALANCED_SERVICE = 'LOAD_BALANCED_SERVICE',
  /**
   * Workers that consume an SQS queue, with no load balancer (QueueWorkerService; workers on a SpotFleetWithFallback):
   * no ALB and no Route 53 health checks; a regional failover means the producers send to, and the workers in the
   * other region consume, that region's own queue. SQS has no cross-region replication, so the lost region's backlog stays behind.
   */
  QUEUE_WORKER = 'QUEUE_WORKER',
}

/** A queue worker's messages (QUEUE_WORKER only). */
export interface DecisionWorker {
  /** Messages a month the producers send (for the SQS requests and to turn the backlog into seconds of messages). */
  readonly messagesPerMonth: number;
  /**
   * Messages waiting in the queue at a typical moment: what a region loss strands in its queue (SQS does not replicate across regions).
   *
   * @default - TopologyDecision with a QueueWorkerService workload: its scaling target (targetBacklogPerTask x compute.tasks); otherwise required
   */
  readonly backlogMessages?: number;
  /**
   * Seconds until the producers send to the other region's queue after a region loss (their detection and switch; the library does not build it).
   *
   * @default 300
   */
  readonly producerSwitchSeconds?: number;
  /**
   * True when the producers switch queues by themselves (built and tested); false when a person switches them.
   *
   * @default false
   */
  readonly producersSwitchAutomatically?: boolean;
  /**
   * A FIFO queue (its request price).
   *
   * @default false
   */
  readonly fifo?: boolean;
}

/** EC2 instances instead of Fargate tasks (workers on a SpotFleetWithFallback): `compute.tasks` counts instances. */
export interface DecisionEc2Compute {
  /** On-demand US dollars an hour of one instance (the same assumed in the other region). */
  readonly onDemandHourlyUsd: number;
  /**
   * Percent the spot price is below on-demand (an assumption: spot prices float).
   *
   * @default 0
   */
  readonly spotDiscountPercent?: number;
  /**
   * Instances always on demand (the mixed instances group's on-demand base).
   *
   * @default 0
   */
  readonly onDemandBase?: number;
  /**
   * Percent of the instances above the base that are on demand.
   *
   * @default 100
   */
  readonly onDemandPercentageAboveBase?: number;
  /**
   * Seconds from launching an instance to it taking work (the standby's scale-up).
   *
   * @default 180
   */
  readonly instanceStartSeconds?: number;
}

/** Fargate Spot above an on-demand base (QUEUE_WORKER only), split as ECS splits a capacity provider strategy. */
export interface DecisionFargateSpot {
  /**
   * Tasks always on FARGATE (on demand).
   *
   * @default 0
   */
  readonly onDemandBase?: number;
  /**
   * FARGATE_SPOT weight above the base.
   *
   * @default 1
   */
  readonly spotWeight?: number;
  /**
   * FARGATE weight above the base.
   *
   * @default 0
   */
  readonly onDemandWeight?: number;
  /**
   * Percent Fargate Spot is below on demand (an assumption: AWS says up to 70 %).
   *
   * @default 70
   */
  readonly spotDiscountPercent?: number;
}

/** The workload's compute in the primary region. */
export interface DecisionCompute {
  /** Tasks the primary region runs. */
  readonly tasks: number;
  /**
   * vCPU per task.
   *
   * @default 0.5
   */
  readonly vcpu?: number;
  /**
   * Memory per task in GB.
   *
   * @default 1
   */
  readonly memoryGb?: number;
  /**
   * Fargate ARM64 prices instead of x86.
   *
   * @default false
   */
  readonly arm64?: boolean;
  /**
   * Availability Zones the tasks span.
   *
   * @default 3
   */
  readonly zones?: number;
  /**
   * EC2 instances instead of Fargate tasks (QUEUE_WORKER only): then `tasks` counts instances and vcpu, memoryGb and arm64 are not used.
   *
   * @default - Fargate tasks
   */
  readonly ec2?: DecisionEc2Compute;
  /**
   * Fargate Spot above an on-demand base (QUEUE_WORKER only; x86 only, so not with arm64).
   *
   * @default - every task on demand (TopologyDecision with a QueueWorkerService on spot: its capacity and spot discount)
   */
  readonly fargateSpot?: DecisionFargateSpot;
}

/** The workload's traffic a month (assumptions; each is labelled as assumed in the cost lines). */
export interface DecisionTraffic {
  /**
   * Requests a month, for the load balancer capacity units (one new connection per request, 25 new connections a second per LCU).
   *
   * @default 0
   */
  readonly requestsPerMonth?: number;
  /**
   * GB a month to the internet.
   *
   * @default 0
   */
  readonly internetGbPerMonth?: number;
  /**
   * GB a month between zones (each GB is billed on both sides).
   *
   * @default 0
   */
  readonly crossZoneGbPerMonth?: number;
  /**
   * GB a month the application sends between regions when both serve (active-active only; replication is priced apart).
   *
   * @default 0
   */
  readonly interRegionGbPerMonth?: number;
  /**
   * Writes a month to replicate (DynamoDB: replicated write units; all stores: the GB copied across regions).
   *
   * @default 0
   */
  readonly writesPerMonth?: number;
  /**
   * Average written item or object size in KB.
   *
   * @default 1
   */
  readonly averageItemKb?: number;
  /**
   * GB of data held, for backup storage in the other region (backup and restore).
   *
   * @default 0
   */
  readonly dataSizeGb?: number;
}

/** How often a failure domain fails and how long a failure lasts when nothing recovers from it. */
export interface FailureAssumption {
  /**
   * Failures a year.
   *
   * @default - the domain's default (see DECISION_DEFAULTS)
   */
  readonly perYear?: number;
  /**
   * Minutes a failure lasts if the workload does not recover from it itself.
   *
   * @default - the domain's default
   */
  readonly durationMinutes?: number;
  /**
   * Seconds the in-region recovery takes (task, zone and bad deployment: the same in every topology).
   *
   * @default - the domain's default
   */
  readonly recoverySeconds?: number;
}

/** Failure frequencies and durations per domain. Every default is an assumption, labelled as such. */
export interface DecisionFailures {
  /** @default - 24 a year, 10 min, recovery 20 s */
  readonly task?: FailureAssumption;
  /** @default - 1 a year, 120 min, recovery 20 s */
  readonly zone?: FailureAssumption;
  /** @default - 0.1 a year, 240 min */
  readonly region?: FailureAssumption;
  /** @default - 4 a year, 60 min, recovery 600 s */
  readonly badDeployment?: FailureAssumption;
}

/** Recovery assumptions of the topologies that the failure domains do not set. */
export interface DecisionRecovery {
  /**
   * Hours to redeploy and restore in the other region (backup and restore).
   *
   * @default 4
   */
  readonly restoreHours?: number;
  /**
   * Hours between cross-region backup copies (backup and restore RPO).
   *
   * @default 24
   */
  readonly backupIntervalHours?: number;
  /**
   * US dollars per GB-month of backup storage in the other region.
   *
   * @default 0.05
   */
  readonly backupStorageUsdPerGbMonth?: number;
  /**
   * The standby's share of the primary's tasks in a warm standby, percent (1-99).
   *
   * @default 50
   */
  readonly warmCapacityPercent?: number;
  /**
   * Fail over with Application Recovery Controller routing controls (a person flips them) instead of automatic DNS failover.
   *
   * @default false
   */
  readonly failoverWithArc?: boolean;
  /**
   * US dollars a month for what active-active needs beyond the infrastructure (multi-writer conflict handling, its engineering and operation).
   *
   * @default 0
   */
  readonly activeActiveExtraUsdPerMonth?: number;
}

/** The targets the decision checks (a ResiliencePolicy's; `TopologyDecision.policyTargets(policy)` reads them). */
export interface DecisionPolicy {
  /**
   * Target RTO in seconds, for every domain in mustSurvive.
   *
   * @default - no RTO target
   */
  readonly rtoSeconds?: number;
  /**
   * Target RPO in seconds, for every domain in mustSurvive.
   *
   * @default - no RPO target
   */
  readonly rpoSeconds?: number;
  /**
   * Domains a topology must survive without a person acting.
   *
   * @default [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT]
   */
  readonly mustSurvive?: FailureDomain[];
}

/**
 * What a deployed ActiveActiveRegions workload's recorded profile says, for the active-active
 * candidate (TopologyDecision reads it from the workload; give it by hand only from such a profile).
 */
export interface DecisionRecordedActiveActive {
  /** The profiled workload's name. */
  readonly workloadName: string;
  /** Regions it serves from (the decision's own model has 2). */
  readonly regionCount: number;
  /**
   * Tasks each region runs.
   *
   * @default - not known
   */
  readonly tasksPerRegion?: number;
  /** The profile's region-loss recovery in seconds: the active-active candidate's region RTO. */
  readonly regionRtoSeconds: number;
  /** Its arithmetic. */
  readonly regionRtoArithmetic: string;
  /**
   * The profile's RPO in seconds: the active-active candidate's region RPO.
   *
   * @default - the profile does not model it: the decision's own figure stays, said so
   */
  readonly regionRpoSeconds?: number;
  /**
   * Its arithmetic, or why it is not modelled.
   *
   * @default - none
   */
  readonly regionRpoArithmetic?: string;
  /**
   * US dollars a month of the profile's active-active cost scenario (every line of every region).
   *
   * @default - no scenario recorded (the workload has no serviceProps): no cost check
   */
  readonly monthlyCostUsd?: number;
  /**
   * Of monthlyCostUsd, the Fargate compute.
   *
   * @default - not split
   */
  readonly computeMonthlyCostUsd?: number;
  /**
   * How monthlyCostUsd was priced.
   *
   * @default - none
   */
  readonly monthlyCostArithmetic?: string;
}

/** What the topology decision is made from, stated once. */
export interface TopologyDecisionInput {
  /** The workload's name. */
  readonly workloadName: string;
  /** The primary region (a region with an embedded price table, or priceOverrides for every item). */
  readonly region: string;
  /**
   * The other region of the two-region topologies.
   *
   * @default - 'us-west-2', or 'us-east-1' when the primary is us-west-2
   */
  readonly standbyRegion?: string;
  /** US dollars lost per hour the workload is down (revenue, or the cost of the outage). */
  readonly revenuePerHourUsd: number;
  /**
   * US dollars per minute of lost writes.
   *
   * @default - from dataLossUsdPerWrite, else 0
   */
  readonly dataLossUsdPerMinute?: number;
  /**
   * US dollars per lost write; with traffic.writesPerMonth it gives the cost per minute (writes / (730 x 60) x this).
   *
   * @default - not used
   */
  readonly dataLossUsdPerWrite?: number;
  /**
   * What fronts the workload and how it fails over.
   *
   * @default DecisionWorkloadKind.LOAD_BALANCED_SERVICE (TopologyDecision: QUEUE_WORKER for a QueueWorkerService or SpotFleetWithFallback workload)
   */
  readonly workloadKind?: DecisionWorkloadKind;
  /**
   * The queue worker's messages (QUEUE_WORKER only, and required there).
   *
   * @default - none
   */
  readonly worker?: DecisionWorker;
  /** The primary region's compute. */
  readonly compute: DecisionCompute;
  /**
   * Traffic a month.
   *
   * @default - all 0
   */
  readonly traffic?: DecisionTraffic;
  /**
   * Where the data lives.
   *
   * @default DecisionDataStore.DYNAMODB
   */
  readonly dataStore?: DecisionDataStore;
  /**
   * Failure frequencies and durations.
   *
   * @default - the documented defaults (assumptions)
   */
  readonly failures?: DecisionFailures;
  /**
   * Recovery assumptions.
   *
   * @default - the documented defaults (assumptions)
   */
  readonly recovery?: DecisionRecovery;
  /**
   * The targets to meet.
   *
   * @default - none: every topology qualifies
   */
  readonly policy?: DecisionPolicy;
  /**
   * Unit prices replacing the embedded table's (keys are PriceItem values).
   *
   * @default - the embedded prices
   */
  readonly priceOverrides?: { [item: string]: number };
  /**
   * The recorded profile of the workload when it is an ActiveActiveRegions: the active-active candidate takes its
   * region RTO and RPO from it, and states its monthly cost beside the decision's own (LOAD_BALANCED_SERVICE only).
   *
   * @default - TopologyDecision with an ActiveActiveRegions workload: read from its profile; otherwise none
   */
  readonly recordedActiveActive?: DecisionRecordedActiveActive;
  /**
   * The topology the workload uses today, marked in the comparison.
   *
   * @default - not marked
   */
  readonly currentTopology?: Topology;
}

/**
 * Defaults of the decision, as plain data. Failure frequencies and durations are assumptions: AWS
 * publishes no failure rates. Calibrate them with your own incident history and the AWS Post-Event
 * Summaries (https://aws.amazon.com/premiumsupport/technology/pes/).
 */
export const DECISION_DEFAULTS = {
  vcpu: 0.5,
  memoryGb: 1,
  zones: 3,
  averageItemKb: 1,
  dataStore: DecisionDataStore.DYNAMODB,
  task: { perYear: 24, durationMinutes: 10, recoverySeconds: 20 },
  zone: { perYear: 1, durationMinutes: 120, recoverySeconds: 20 },
  region: { perYear: 0.1, durationMinutes: 240 },
  badDeployment: { perYear: 4, durationMinutes: 60, recoverySeconds: 600 },
  restoreHours: 4,
  backupIntervalHours: 24,
  backupStorageUsdPerGbMonth: 0.05,
  warmCapacityPercent: 50,
  activeActiveExtraUsdPerMonth: 0,
  producerSwitchSeconds: 300,
  /** The scaling alarm of a backlog-per-task policy: about one minute (QueueWorkerService). */
  workerScalingDetectionSeconds: 60,
  /** New connections a second one LCU covers (ELB pricing page, "LCU details"). */
  newConnectionsPerLcu: 25,
  /** Where each default comes from, shown in the report. */
  sources: {
    task: 'assumed: 2 task replacements a month (deployments excluded); the ALB takes a failed task out after 2 failed checks x 10 s (StatelessService health check)',
    zone: 'assumed: one zone impairment a year lasting 2 h; the ALB stops routing to the zone\'s failed targets after 2 x 10 s; gray failures that pass health checks need a zonal shift (not modelled)',
    region: 'assumed: a multi-hour regional impairment about once in 10 years for one workload (no AWS figure; calibrate with the AWS Post-Event Summaries)',
    badDeployment: 'assumed: 4 bad deployments a year; the deployment circuit breaker or SLO alarm rolls back in about 10 min; without rollback one lasts 1 h',
    restore: 'assumed: the whitepaper "Disaster Recovery of Workloads on AWS" puts backup and restore RTO in hours (redeploy with IaC, restore the data, move DNS)',
    backupInterval: 'assumed: daily AWS Backup cross-region copies',
    backupStorage: 'assumed, unconfirmed: AWS Backup warm storage, about $0.05/GB-month for several resource types (AWS Backup pricing page); not in the embedded table',
    activeActive: 'assumed: 0 (the library cannot price multi-writer conflict handling; set it)',
    producerSwitch: 'assumed: the producers notice failed sends and switch to the other region\'s queue URL in 5 min (the library does not build this)',
  },
} as const;

/** The input with every default applied and checked. */
export interface ResolvedInput {
  readonly workloadName: string;
  readonly region: string;
  readonly standbyRegion: string;
  readonly revenuePerHourUsd: number;
  readonly dataLossUsdPerMinute: number;
  readonly dataLossArithmetic: string;
  readonly tasks: number;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly arm64: boolean;
  readonly zones: number;
  readonly kind: DecisionWorkloadKind;
  readonly worker?: {
    messagesPerMonth: number; backlogMessages: number; producerSwitchSeconds: number; producersSwitchAutomatically: boolean; fifo: boolean;
  };
  readonly ec2?: {
    onDemandHourlyUsd: number; spotDiscountPercent: number; onDemandBase: number; onDemandPercentageAboveBase: number; instanceStartSeconds: number;
  };
  readonly fargateSpot?: { onDemandBase: number; spotWeight: number; onDemandWeight: number; spotDiscountPercent: number };
  readonly requestsPerMonth: number;
  readonly internetGbPerMonth: number;
  readonly crossZoneGbPerMonth: number;
  readonly interRegionGbPerMonth: number;
  readonly writesPerMonth: number;
  readonly averageItemKb: number;
  readonly dataSizeGb: number;
  readonly dataStore: DecisionDataStore;
  readonly failures: { [d in FailureDomain]: { perYear: number; durationMinutes: number; recoverySeconds: number } };
  readonly restoreHours: number;
  readonly backupIntervalHours: number;
  readonly backupStorageUsdPerGbMonth: number;
  readonly warmCapacityPercent: number;
  readonly failoverWithArc: boolean;
  readonly activeActiveExtraUsdPerMonth: number;
  readonly policy: { rtoSeconds?: number; rpoSeconds?: number; mustSurvive: FailureDomain[] };
  readonly priceOverrides: { [item: string]: number };
  readonly currentTopology?: Topology;
  readonly recordedActiveActive?: DecisionRecordedActiveActive;
}

/** Bad decision input: every problem, each naming its field and the fix. */
export class TopologyDecisionError extends Error {
  /** The problems, in the order they were found. */
  public readonly issues: PropIssue[];
  constructor(issues: PropIssue[]) {
    const lines = issues.map((i) => `${i.prop}: ${i.problem}. Fix: ${i.fix}`);
    super(lines.length === 1 ? `Topology decision input: ${lines[0]}` : `Topology decision input has ${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join('\n')}`);
    this.name = 'TopologyDecisionError';
    this.issues = issues;
    Object.setPrototypeOf(this, TopologyDecisionError.prototype);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

class Checker {
  public readonly issues: PropIssue[] = [];
  public fail(prop: string, problem: string, fix: string): void {
    this.issues.push({ prop, problem, fix });
  }
  /** A number (optional unless `required`), finite, >= min (or > min when `positive`). */
  public num(prop: string, value: unknown,
    opts: { required?: boolean; positive?: boolean; integer?: boolean; max?: number; example: string }): number | undefined {
    if (value === undefined) {
      if (opts.required) this.fail(prop, 'is missing', `set ${prop} to a number, e.g. ${opts.example}`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(prop, `must be a finite number, got ${describe(value)}`, `set ${prop} to a number, e.g. ${opts.example}`);
      return undefined;
    }
    if (opts.positive ? value <= 0 : value < 0) {
      this.fail(prop, `is ${value}; it must be ${opts.positive ? 'more than 0' : '0 or more'}`, `set ${prop} to a number ${opts.positive ? 'above 0' : 'of 0 or more'}, e.g. ${opts.example}`);
      return undefined;
    }
    if (opts.integer && !Number.isInteger(value)) {
      this.fail(prop, `must be a whole number, got ${value}`, `set ${prop} to a whole number, e.g. ${opts.example}`);
      return undefined;
    }
    // Past 1e12 the exact decimal arithmetic of the cost lines would reach exponent notation.
    const max = opts.max ?? 1e12;
    if (value > max) {
      this.fail(prop, `is ${value}, above the maximum ${max}`, `set ${prop} to at most ${max}`);
      return undefined;
    }
    return value;
  }
  public obj(prop: string, value: unknown, required = false): { [k: string]: unknown } | undefined {
    if (value === undefined) {
      if (required) this.fail(prop, 'is missing', `give ${prop} as an object`);
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(prop, `must be an object, got ${describe(value)}`, `give ${prop} as an object`);
      return undefined;
    }
    return value as { [k: string]: unknown };
  }
  public bool(prop: string, value: unknown): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(prop, `must be true or false, got ${describe(value)}`, `set ${prop} to true or false`);
      return undefined;
    }
    return value;
  }
  public oneOf<T extends string>(prop: string, value: unknown, allowed: readonly T[], names: string): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(prop, `is ${describe(value)}, not one of ${allowed.join(', ')}`, `set ${prop} to one of ${names}`);
      return undefined;
    }
    return value as T;
  }
}

const DOMAIN_FIELDS: Array<{ field: 'task' | 'zone' | 'region' | 'badDeployment'; domain: FailureDomain }> = [
  { field: 'task', domain: FailureDomain.INSTANCE },
  { field: 'zone', domain: FailureDomain.ZONE },
  { field: 'region', domain: FailureDomain.REGION },
  { field: 'badDeployment', domain: FailureDomain.BAD_DEPLOYMENT },
];

function regionProblem(c: Checker, prop: string, region: unknown, overrides: { [item: string]: number }): string | undefined {
  if (typeof region !== 'string' || region.trim().length === 0) {
    c.fail(prop, `must be a region code, got ${describe(region)}`, `set ${prop} to one of ${PRICED_REGIONS.join(', ')}`);
    return undefined;
  }
  const allPriced = PRICE_ITEMS.every((i) => typeof overrides[i] === 'number');
  if (!(PRICED_REGIONS as readonly string[]).includes(region) && !allPriced) {
    const shape = /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? 'has no embedded price table' : 'is not a known region code';
    c.fail(prop, `'${region}' ${shape}`, `use one of ${PRICED_REGIONS.join(', ')}, or give priceOverrides for every price item`);
    return undefined;
  }
  return region;
}

/** Checks the input (also from JavaScript: missing fields, wrong types) and applies the defaults. Throws TopologyDecisionError. */
export function resolveInput(input: TopologyDecisionInput): ResolvedInput {
  const c = new Checker();
  const raw = c.obj('input', input as unknown, true);
  if (!raw) throw new TopologyDecisionError(c.issues);
  if (typeof raw.workloadName !== 'string' || raw.workloadName.trim().length === 0) {
    c.fail('workloadName', `must be a non-empty string, got ${describe(raw.workloadName)}`, 'name the workload, e.g. "web"');
  }
  let overrides: { [item: string]: number } = {};
  const po = c.obj('priceOverrides', raw.priceOverrides);
  if (po) {
    const problems = priceOverrideProblems(po as { [item: string]: number });
    problems.forEach((p) => c.fail('priceOverrides', p, 'give each PriceItem a price of 0 or more US dollars, e.g. { "FARGATE_X86_VCPU_HOUR": 0.05 }'));
    if (problems.length === 0) overrides = po as { [item: string]: number };
  }
  const region = regionProblem(c, 'region', raw.region, overrides);
  const standbyRaw = raw.standbyRegion ?? (region === 'us-west-2' ? 'us-east-1' : 'us-west-2');
  const standbyRegion = regionProblem(c, 'standbyRegion', standbyRaw, overrides);
  if (region && standbyRegion && region === standbyRegion) {
    c.fail('standbyRegion', `is the primary region ${region}`, 'choose another region for the standby');
  }
  const revenue = c.num('revenuePerHourUsd', raw.revenuePerHourUsd, { required: true, example: '1000' });
  const perMinute = c.num('dataLossUsdPerMinute', raw.dataLossUsdPerMinute, { example: '50' });
  const perWrite = c.num('dataLossUsdPerWrite', raw.dataLossUsdPerWrite, { example: '0.01' });
  if (perMinute !== undefined && perWrite !== undefined) {
    c.fail('dataLossUsdPerMinute and dataLossUsdPerWrite', 'are both set', 'give one of them: the cost per minute of lost writes, or per lost write');
  }
  const compute = c.obj('compute', raw.compute, true) ?? {};
  const tasks = c.num('compute.tasks', compute.tasks, { required: true, positive: true, integer: true, max: 10_000, example: '6' });
  const vcpu = c.num('compute.vcpu', compute.vcpu, { positive: true, example: '0.5' }) ?? DECISION_DEFAULTS.vcpu;
  const memoryGb = c.num('compute.memoryGb', compute.memoryGb, { positive: true, example: '1' }) ?? DECISION_DEFAULTS.memoryGb;
  const arm64 = c.bool('compute.arm64', compute.arm64) ?? false;
  const zones = c.num('compute.zones', compute.zones, { positive: true, integer: true, max: 6, example: '3' }) ?? DECISION_DEFAULTS.zones;
  if (zones !== undefined && zones < 2) c.fail('compute.zones', `is ${zones}; every topology here spans at least 2 zones`, 'set compute.zones to 2 or more');
  const kinds = Object.values(DecisionWorkloadKind);
  const kindGiven = c.oneOf('workloadKind', raw.workloadKind, kinds, kinds.map((k) => `DecisionWorkloadKind.${k}`).join(', '));
  // An unknown kind is its own problem: the worker fields are then judged as a worker's, not as misplaced.
  const kindUnknown = raw.workloadKind !== undefined && kindGiven === undefined;
  const kind = kindGiven ?? DecisionWorkloadKind.LOAD_BALANCED_SERVICE;
  const isWorker = kind === DecisionWorkloadKind.QUEUE_WORKER || kindUnknown;
  const workerRaw = c.obj('worker', raw.worker, isWorker);
  let worker: ResolvedInput['worker'];
  if (workerRaw && !isWorker) {
    c.fail('worker', 'is set, but workloadKind is LOAD_BALANCED_SERVICE', 'remove worker, or set workloadKind to DecisionWorkloadKind.QUEUE_WORKER');
  } else if (workerRaw) {
    const messages = c.num('worker.messagesPerMonth', workerRaw.messagesPerMonth, { required: true, positive: true, example: '5000000' });
    const backlog = c.num('worker.backlogMessages', workerRaw.backlogMessages, { required: true, example: '60' });
    const sw = c.num('worker.producerSwitchSeconds', workerRaw.producerSwitchSeconds, { positive: true, example: '300' }) ?? DECISION_DEFAULTS.producerSwitchSeconds;
    const auto = c.bool('worker.producersSwitchAutomatically', workerRaw.producersSwitchAutomatically) ?? false;
    const fifo = c.bool('worker.fifo', workerRaw.fifo) ?? false;
    if (messages !== undefined && backlog !== undefined) {
      worker = { messagesPerMonth: messages, backlogMessages: backlog, producerSwitchSeconds: sw, producersSwitchAutomatically: auto, fifo };
    }
  }
  const ec2Raw = c.obj('compute.ec2', compute.ec2);
  let ec2: ResolvedInput['ec2'];
  if (ec2Raw && !isWorker) {
    c.fail('compute.ec2', 'is set, but a load-balanced service is modelled on Fargate', 'remove compute.ec2, or set workloadKind to DecisionWorkloadKind.QUEUE_WORKER');
  } else if (ec2Raw) {
    for (const f of ['vcpu', 'memoryGb', 'arm64']) {
      if (compute[f] !== undefined) c.fail(`compute.${f}`, 'is set with compute.ec2; it prices Fargate tasks', `remove compute.${f}: compute.ec2.onDemandHourlyUsd prices the instances`);
    }
    const od = c.num('compute.ec2.onDemandHourlyUsd', ec2Raw.onDemandHourlyUsd, { required: true, positive: true, example: '0.096' });
    const disc = c.num('compute.ec2.spotDiscountPercent', ec2Raw.spotDiscountPercent, { max: 99, example: '70' }) ?? 0;
    const base = c.num('compute.ec2.onDemandBase', ec2Raw.onDemandBase, { integer: true, example: '1' }) ?? 0;
    const pct = c.num('compute.ec2.onDemandPercentageAboveBase', ec2Raw.onDemandPercentageAboveBase, { integer: true, max: 100, example: '0' }) ?? 100;
    const start = c.num('compute.ec2.instanceStartSeconds', ec2Raw.instanceStartSeconds, { positive: true, example: '180' }) ?? 180;
    if (od !== undefined) {
      ec2 = { onDemandHourlyUsd: od, spotDiscountPercent: disc, onDemandBase: base, onDemandPercentageAboveBase: pct, instanceStartSeconds: start };
    }
  }
  const spotRaw = c.obj('compute.fargateSpot', compute.fargateSpot);
  let fargateSpot: ResolvedInput['fargateSpot'];
  if (spotRaw && !isWorker) {
    c.fail('compute.fargateSpot', 'is set, but the load-balanced model prices every task on demand', 'remove compute.fargateSpot, or set workloadKind to DecisionWorkloadKind.QUEUE_WORKER');
  } else if (spotRaw && ec2Raw) {
    c.fail('compute.fargateSpot', 'is set with compute.ec2', 'give one of them: Fargate Spot tasks or EC2 instances');
  } else if (spotRaw && compute.arm64 === true) {
    c.fail('compute.fargateSpot', 'is set with compute.arm64; Fargate Spot runs x86_64 only', 'remove compute.arm64 or compute.fargateSpot');
  } else if (spotRaw) {
    const base = c.num('compute.fargateSpot.onDemandBase', spotRaw.onDemandBase, { integer: true, example: '1' }) ?? 0;
    const sw = c.num('compute.fargateSpot.spotWeight', spotRaw.spotWeight, { integer: true, positive: true, max: 1000, example: '1' }) ?? 1;
    const ow = c.num('compute.fargateSpot.onDemandWeight', spotRaw.onDemandWeight, { integer: true, max: 1000, example: '0' }) ?? 0;
    const disc = c.num('compute.fargateSpot.spotDiscountPercent', spotRaw.spotDiscountPercent, { max: 100, example: '70' }) ?? 70;
    fargateSpot = { onDemandBase: base, spotWeight: sw, onDemandWeight: ow, spotDiscountPercent: disc };
  }
  const traffic = c.obj('traffic', raw.traffic) ?? {};
  const t = (name: string, ex: string) => c.num(`traffic.${name}`, traffic[name], { example: ex }) ?? 0;
  const requestsPerMonth = t('requestsPerMonth', '100000000');
  const internetGbPerMonth = t('internetGbPerMonth', '500');
  const crossZoneGbPerMonth = t('crossZoneGbPerMonth', '200');
  const interRegionGbPerMonth = t('interRegionGbPerMonth', '0');
  const writesPerMonth = t('writesPerMonth', '10000000');
  const averageItemKb = c.num('traffic.averageItemKb', traffic.averageItemKb, { positive: true, example: '1' }) ?? DECISION_DEFAULTS.averageItemKb;
  const dataSizeGb = t('dataSizeGb', '100');
  if (isWorker && requestsPerMonth > 0) {
    c.fail('traffic.requestsPerMonth', `is ${requestsPerMonth}, but a queue worker has no load balancer whose capacity units it would price`, 'remove traffic.requestsPerMonth; give worker.messagesPerMonth');
  }
  const stores = Object.values(DecisionDataStore);
  const dataStore = c.oneOf('dataStore', raw.dataStore, stores, stores.map((s) => `DecisionDataStore.${s}`).join(', ')) ?? DECISION_DEFAULTS.dataStore;
  const failuresRaw = c.obj('failures', raw.failures) ?? {};
  const failures = {} as { [d in FailureDomain]: { perYear: number; durationMinutes: number; recoverySeconds: number } };
  for (const { field, domain } of DOMAIN_FIELDS) {
    const given = c.obj(`failures.${field}`, failuresRaw[field]) ?? {};
    const d = DECISION_DEFAULTS[field] as { perYear: number; durationMinutes: number; recoverySeconds?: number };
    failures[domain] = {
      perYear: c.num(`failures.${field}.perYear`, given.perYear, { example: String(d.perYear) }) ?? d.perYear,
      durationMinutes: c.num(`failures.${field}.durationMinutes`, given.durationMinutes, { positive: true, example: String(d.durationMinutes) }) ?? d.durationMinutes,
      recoverySeconds: field === 'region'
        ? 0
        : c.num(`failures.${field}.recoverySeconds`, given.recoverySeconds, { positive: true, example: String(d.recoverySeconds) }) ?? d.recoverySeconds!,
    };
    if (field === 'region' && given.recoverySeconds !== undefined) {
      c.fail('failures.region.recoverySeconds', 'is set, but each topology models its own region recovery', 'remove it; set recovery.restoreHours or recovery.failoverWithArc instead');
    }
  }
  const recovery = c.obj('recovery', raw.recovery) ?? {};
  const restoreHours = c.num('recovery.restoreHours', recovery.restoreHours, { positive: true, example: '4' }) ?? DECISION_DEFAULTS.restoreHours;
  const backupIntervalHours = c.num('recovery.backupIntervalHours', recovery.backupIntervalHours, { positive: true, example: '24' }) ?? DECISION_DEFAULTS.backupIntervalHours;
  const backupStorageUsdPerGbMonth = c.num('recovery.backupStorageUsdPerGbMonth', recovery.backupStorageUsdPerGbMonth, { example: '0.05' }) ?? DECISION_DEFAULTS.backupStorageUsdPerGbMonth;
  const warmCapacityPercent = c.num('recovery.warmCapacityPercent', recovery.warmCapacityPercent, { positive: true, max: 99, example: '50' }) ?? DECISION_DEFAULTS.warmCapacityPercent;
  const failoverWithArc = c.bool('recovery.failoverWithArc', recovery.failoverWithArc) ?? false;
  if (isWorker && failoverWithArc) {
    c.fail('recovery.failoverWithArc', 'is true, but ARC routing controls switch DNS records and a queue worker has none', 'remove recovery.failoverWithArc; set worker.producerSwitchSeconds and worker.producersSwitchAutomatically');
  }
  const activeActiveExtraUsdPerMonth = c.num('recovery.activeActiveExtraUsdPerMonth', recovery.activeActiveExtraUsdPerMonth, { example: '500' }) ?? DECISION_DEFAULTS.activeActiveExtraUsdPerMonth;
  const policyRaw = c.obj('policy', raw.policy) ?? {};
  const rtoSeconds = c.num('policy.rtoSeconds', policyRaw.rtoSeconds, { example: '600' });
  const rpoSeconds = c.num('policy.rpoSeconds', policyRaw.rpoSeconds, { example: '60' });
  const domains = Object.values(FailureDomain) as string[];
  let mustSurvive: FailureDomain[] = [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT];
  if (policyRaw.mustSurvive !== undefined) {
    if (!Array.isArray(policyRaw.mustSurvive)) {
      c.fail('policy.mustSurvive', `must be a list of failure domains, got ${describe(policyRaw.mustSurvive)}`, `list some of ${domains.join(', ')}`);
    } else {
      mustSurvive = policyRaw.mustSurvive.map((d, i) => c.oneOf(`policy.mustSurvive[${i}]`, d, domains, domains.join(', ')) as FailureDomain)
        .filter((d) => d !== undefined);
    }
  }
  const recRaw = c.obj('recordedActiveActive', raw.recordedActiveActive);
  let recorded: DecisionRecordedActiveActive | undefined;
  if (recRaw && isWorker) {
    c.fail('recordedActiveActive', 'is set for a queue worker; an ActiveActiveRegions profile is a load-balanced service\'s', 'remove recordedActiveActive, or leave workloadKind unset');
  } else if (recRaw) {
    const before = c.issues.length;
    if (typeof recRaw.workloadName !== 'string' || recRaw.workloadName.length === 0) {
      c.fail('recordedActiveActive.workloadName', `must be a non-empty string, got ${describe(recRaw.workloadName)}`, 'name the profiled workload');
    }
    c.num('recordedActiveActive.regionCount', recRaw.regionCount, { required: true, integer: true, positive: true, max: 20, example: '2' });
    if (typeof recRaw.regionCount === 'number' && recRaw.regionCount < 2) {
      c.fail('recordedActiveActive.regionCount', `is ${recRaw.regionCount}; active-active serves from 2 or more regions`, 'set it to the profile\'s region count');
    }
    c.num('recordedActiveActive.tasksPerRegion', recRaw.tasksPerRegion, { integer: true, example: '2' });
    c.num('recordedActiveActive.regionRtoSeconds', recRaw.regionRtoSeconds, { required: true, example: '90' });
    c.num('recordedActiveActive.regionRpoSeconds', recRaw.regionRpoSeconds, { example: '1' });
    c.num('recordedActiveActive.monthlyCostUsd', recRaw.monthlyCostUsd, { example: '300' });
    c.num('recordedActiveActive.computeMonthlyCostUsd', recRaw.computeMonthlyCostUsd, { example: '100' });
    for (const f of ['regionRtoArithmetic', 'regionRpoArithmetic', 'monthlyCostArithmetic']) {
      const v = recRaw[f];
      if ((f === 'regionRtoArithmetic' || v !== undefined) && typeof v !== 'string') {
        c.fail(`recordedActiveActive.${f}`, `must be a string, got ${describe(v)}`, 'give the profile\'s arithmetic as text');
      }
    }
    if (c.issues.length === before) recorded = recRaw as unknown as DecisionRecordedActiveActive;
  }
  const current = c.oneOf('currentTopology', raw.currentTopology, TOPOLOGY_ORDER, TOPOLOGY_ORDER.map((x) => `Topology.${x}`).join(', '));
  if (c.issues.length > 0) throw new TopologyDecisionError(c.issues);

  let dataLossUsdPerMinute = perMinute ?? 0;
  let dataLossArithmetic = perMinute !== undefined ? `$${perMinute}/min (given)` : '$0/min (no cost of lost data given)';
  if (perWrite !== undefined) {
    // Writes arrive evenly over the 730 h month (assumed): writes a minute x the cost of one.
    const perMin = writesPerMonth / (730 * 60);
    dataLossUsdPerMinute = Number((perMin * perWrite).toFixed(6));
    dataLossArithmetic = `${writesPerMonth} writes / (730 h x 60 min) = ${Number(perMin.toFixed(3))} writes/min (assumed even) x $${perWrite}/write = $${dataLossUsdPerMinute}/min`;
  }
  return {
    workloadName: raw.workloadName as string,
    region: region!,
    standbyRegion: standbyRegion!,
    revenuePerHourUsd: revenue!,
    dataLossUsdPerMinute,
    dataLossArithmetic,
    tasks: tasks!,
    vcpu,
    memoryGb,
    arm64,
    zones,
    kind,
    ...(worker ? { worker } : {}),
    ...(ec2 ? { ec2 } : {}),
    ...(fargateSpot ? { fargateSpot } : {}),
    requestsPerMonth,
    internetGbPerMonth,
    crossZoneGbPerMonth,
    interRegionGbPerMonth,
    writesPerMonth,
    averageItemKb,
    dataSizeGb,
    dataStore,
    failures,
    restoreHours,
    backupIntervalHours,
    backupStorageUsdPerGbMonth,
    warmCapacityPercent,
    failoverWithArc,
    activeActiveExtraUsdPerMonth,
    policy: { rtoSeconds, rpoSeconds, mustSurvive },
    priceOverrides: overrides,
    currentTopology: current,
    ...(recorded ? { recordedActiveActive: recorded } : {}),
  };
}
