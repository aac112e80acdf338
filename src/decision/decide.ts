import { DECISION_DEFAULTS, DecisionWorkloadKind, resolveInput, ResolvedInput, Topology, TOPOLOGY_NAMES, TopologyDecisionInput } from './input';
import { decideResolved, DecisionAssumption, DecisionSensitivity, recommendedTopology, TopologyDecisionResult } from './model';
import { SLA_ROWS } from './sla';
import { formatNumber } from '../report/decimal';
import { PriceTable } from '../report/price-table';
import { PriceItem } from '../report/prices';
import { FailureDomain } from '../report/profile';

/** An assumption the sensitivity search moves. */
interface Knob {
  readonly field: string;
  readonly get: (r: ResolvedInput) => number;
  readonly set: (r: ResolvedInput, v: number) => ResolvedInput;
  /** Durations must stay above 0; the rest may reach 0. */
  readonly positive: boolean;
  /** The step the search starts from when the value is 0. */
  readonly unit: number;
  readonly source: string;
}

function failureKnob(field: 'task' | 'zone' | 'region' | 'badDeployment', domain: FailureDomain, key: 'perYear' | 'durationMinutes' | 'recoverySeconds'): Knob {
  const source = DECISION_DEFAULTS.sources[field];
  return {
    field: `failures.${field}.${key}`,
    get: (r) => r.failures[domain][key],
    set: (r, v) => ({ ...r, failures: { ...r.failures, [domain]: { ...r.failures[domain], [key]: v } } }),
    positive: key !== 'perYear',
    unit: 1,
    source,
  };
}

function fargateItem(r: ResolvedInput): PriceItem {
  return r.arm64 ? PriceItem.FARGATE_ARM_VCPU_HOUR : PriceItem.FARGATE_X86_VCPU_HOUR;
}

const KNOBS: Knob[] = [
  { field: 'revenuePerHourUsd', get: (r) => r.revenuePerHourUsd, set: (r, v) => ({ ...r, revenuePerHourUsd: v }), positive: false, unit: 1, source: 'given' },
  { field: 'dataLossUsdPerMinute', get: (r) => r.dataLossUsdPerMinute, set: (r, v) => ({ ...r, dataLossUsdPerMinute: v }), positive: false, unit: 1, source: 'default 0 (not given)' },
  failureKnob('task', FailureDomain.INSTANCE, 'perYear'),
  failureKnob('task', FailureDomain.INSTANCE, 'recoverySeconds'),
  failureKnob('zone', FailureDomain.ZONE, 'perYear'),
  failureKnob('zone', FailureDomain.ZONE, 'durationMinutes'),
  failureKnob('zone', FailureDomain.ZONE, 'recoverySeconds'),
  failureKnob('region', FailureDomain.REGION, 'perYear'),
  failureKnob('region', FailureDomain.REGION, 'durationMinutes'),
  failureKnob('badDeployment', FailureDomain.BAD_DEPLOYMENT, 'perYear'),
  failureKnob('badDeployment', FailureDomain.BAD_DEPLOYMENT, 'recoverySeconds'),
  { field: 'recovery.restoreHours', get: (r) => r.restoreHours, set: (r, v) => ({ ...r, restoreHours: v }), positive: true, unit: 1, source: DECISION_DEFAULTS.sources.restore },
  { field: 'recovery.backupIntervalHours', get: (r) => r.backupIntervalHours, set: (r, v) => ({ ...r, backupIntervalHours: v }), positive: true, unit: 1, source: DECISION_DEFAULTS.sources.backupInterval },
  { field: 'recovery.activeActiveExtraUsdPerMonth', get: (r) => r.activeActiveExtraUsdPerMonth, set: (r, v) => ({ ...r, activeActiveExtraUsdPerMonth: v }), positive: false, unit: 100, source: DECISION_DEFAULTS.sources.activeActive },
  { field: 'traffic.writesPerMonth', get: (r) => r.writesPerMonth, set: (r, v) => ({ ...r, writesPerMonth: v }), positive: false, unit: 1_000_000, source: 'default 0 (not given)' },
  {
    field: 'priceOverrides.<Fargate vCPU-hour>',
    get: (r) => PriceTable.forRegion(r.standbyRegion, r.priceOverrides).unitPrice(fargateItem(r)),
    set: (r, v) => ({ ...r, priceOverrides: { ...r.priceOverrides, [fargateItem(r)]: v } }),
    positive: false,
    unit: 0.01,
    source: 'the embedded price table: the standby\'s and the primary\'s compute',
  },
];

/** The worker's knobs, and the EC2 price instead of Fargate's when compute.ec2 is set. */
const WORKER_KNOBS: Knob[] = [
  {
    field: 'worker.backlogMessages',
    get: (r) => r.worker!.backlogMessages,
    set: (r, v) => ({ ...r, worker: { ...r.worker!, backlogMessages: v } }),
    positive: false,
    unit: 10,
    source: 'given, or the QueueWorkerService scaling target',
  },
  {
    field: 'worker.producerSwitchSeconds',
    get: (r) => r.worker!.producerSwitchSeconds,
    set: (r, v) => ({ ...r, worker: { ...r.worker!, producerSwitchSeconds: v } }),
    positive: true,
    unit: 60,
    source: DECISION_DEFAULTS.sources.producerSwitch,
  },
];
const EC2_KNOB: Knob = {
  field: 'compute.ec2.onDemandHourlyUsd',
  get: (r) => r.ec2!.onDemandHourlyUsd,
  set: (r, v) => ({ ...r, ec2: { ...r.ec2!, onDemandHourlyUsd: v } }),
  positive: true,
  unit: 0.01,
  source: 'given',
};

function knobsOf(r: ResolvedInput): Knob[] {
  if (r.kind !== DecisionWorkloadKind.QUEUE_WORKER) return KNOBS;
  const base = KNOBS;
  return [...(r.ec2 ? base.filter((k) => !k.field.startsWith('priceOverrides.')) : base), ...(r.ec2 ? [EC2_KNOB] : []), ...WORKER_KNOBS];
}

const EXPAND = 20;
const BISECT = 20;

function sig(n: number): number {
  return n === 0 ? 0 : Number(n.toPrecision(4));
}

function nameOf(t: Topology | undefined): string {
  return t === undefined ? 'no topology meeting the policy' : TOPOLOGY_NAMES[t];
}

/** How far one knob can move before the recommendation changes, by doubling out and bisecting back. */
function sensitivityOf(base: ResolvedInput, k: Knob, rec: Topology | undefined, given: boolean): DecisionSensitivity {
  const v = k.get(base);
  const at = (x: number) => recommendedTopology(k.set(base, x));
  let same = v;
  let diff: number | undefined;
  for (let i = 0; i < EXPAND; i++) {
    const x = v > 0 ? v * 2 ** (i + 1) : k.unit * 2 ** i;
    if (at(x) !== rec) {
      diff = x;
      break;
    }
    same = x;
  }
  let holdsTo: number | undefined;
  let above: Topology | undefined;
  if (diff !== undefined) {
    let changed: number = diff;
    for (let i = 0; i < BISECT; i++) {
      const mid: number = (same + changed) / 2;
      if (at(mid) === rec) same = mid;
      else changed = mid;
    }
    holdsTo = sig(same);
    above = at(changed);
  }
  let holdsFrom: number | undefined;
  let below: Topology | undefined;
  const floor = k.positive ? v / 1e6 : 0;
  if (v > 0 && at(floor) !== rec) {
    let lo = floor;
    let hi = v;
    for (let i = 0; i < BISECT; i++) {
      const mid = (lo + hi) / 2;
      if (at(mid) === rec) hi = mid;
      else lo = mid;
    }
    holdsFrom = sig(hi);
    below = at(lo);
  }
  const range = `${holdsFrom === undefined ? `from ${k.positive ? 'near 0' : '0'}` : `from ${formatNumber(holdsFrom)}`} to ${holdsTo === undefined ? `at least ${formatNumber(sig(v > 0 ? v * 2 ** EXPAND : k.unit * 2 ** (EXPAND - 1)))}, the end of the search` : formatNumber(holdsTo)}`;
  const changes = [below !== undefined || holdsFrom !== undefined ? `below: ${nameOf(below)}` : '', holdsTo !== undefined ? `above: ${nameOf(above)}` : ''].filter((x) => x).join('; ');
  return {
    assumption: k.field,
    value: v,
    isDefault: !given,
    ...(holdsFrom !== undefined ? { holdsFrom } : {}),
    ...(holdsTo !== undefined ? { holdsTo } : {}),
    text: `${k.field} = ${formatNumber(v)} (${given ? 'given' : k.source}): ${nameOf(rec)} holds ${range}${changes ? ` (${changes})` : ' (no change found)'}`,
  };
}

function givenAt(input: unknown, field: string): boolean {
  if (field.startsWith('priceOverrides.')) {
    const o = (input as { priceOverrides?: { [k: string]: unknown } }).priceOverrides ?? {};
    return o[PriceItem.FARGATE_X86_VCPU_HOUR] !== undefined || o[PriceItem.FARGATE_ARM_VCPU_HOUR] !== undefined;
  }
  if (field === 'dataLossUsdPerMinute' && givenAt(input, 'dataLossUsdPerWrite')) return true;
  let at: unknown = input;
  for (const part of field.split('.')) {
    if (at === undefined || at === null || typeof at !== 'object') return false;
    at = (at as { [k: string]: unknown })[part];
  }
  return at !== undefined;
}

function assumptionsOf(input: TopologyDecisionInput, r: ResolvedInput): DecisionAssumption[] {
  const row = (field: string, value: string, defaultSource: string): DecisionAssumption =>
    ({ field, value, source: givenAt(input, field) ? 'given' : `default (${defaultSource})` });
  const f = (field: 'task' | 'zone' | 'region' | 'badDeployment', domain: FailureDomain) => [
    row(`failures.${field}.perYear`, formatNumber(r.failures[domain].perYear), DECISION_DEFAULTS.sources[field]),
    row(`failures.${field}.durationMinutes`, formatNumber(r.failures[domain].durationMinutes), DECISION_DEFAULTS.sources[field]),
    ...(field === 'region' ? [] : [row(`failures.${field}.recoverySeconds`, formatNumber(r.failures[domain].recoverySeconds), DECISION_DEFAULTS.sources[field])]),
  ];
  return [
    row('revenuePerHourUsd', `$${formatNumber(r.revenuePerHourUsd)}/h`, 'required'),
    { field: 'dataLossUsdPerMinute', value: `$${formatNumber(r.dataLossUsdPerMinute)}/min`, source: givenAt(input, 'dataLossUsdPerMinute') || givenAt(input, 'dataLossUsdPerWrite') ? r.dataLossArithmetic : 'default (0: no cost of lost data given)' },
    row('standbyRegion', r.standbyRegion, 'us-west-2, or us-east-1 when the primary is us-west-2'),
    row('compute.tasks', formatNumber(r.tasks), 'required'),
    row('compute.vcpu', formatNumber(r.vcpu), 'assumed'),
    row('compute.memoryGb', formatNumber(r.memoryGb), 'assumed'),
    row('compute.zones', formatNumber(r.zones), 'assumed'),
    row('dataStore', r.dataStore, 'assumed: DynamoDB'),
    row('traffic.requestsPerMonth', formatNumber(r.requestsPerMonth), '0'),
    row('traffic.internetGbPerMonth', formatNumber(r.internetGbPerMonth), '0'),
    row('traffic.crossZoneGbPerMonth', formatNumber(r.crossZoneGbPerMonth), '0'),
    row('traffic.interRegionGbPerMonth', formatNumber(r.interRegionGbPerMonth), '0'),
    row('traffic.writesPerMonth', formatNumber(r.writesPerMonth), '0'),
    row('traffic.averageItemKb', formatNumber(r.averageItemKb), '1 KB'),
    row('traffic.dataSizeGb', formatNumber(r.dataSizeGb), '0'),
    ...f('task', FailureDomain.INSTANCE),
    ...f('zone', FailureDomain.ZONE),
    ...f('region', FailureDomain.REGION),
    ...f('badDeployment', FailureDomain.BAD_DEPLOYMENT),
    row('recovery.restoreHours', formatNumber(r.restoreHours), DECISION_DEFAULTS.sources.restore),
    row('recovery.backupIntervalHours', formatNumber(r.backupIntervalHours), DECISION_DEFAULTS.sources.backupInterval),
    row('recovery.backupStorageUsdPerGbMonth', formatNumber(r.backupStorageUsdPerGbMonth), DECISION_DEFAULTS.sources.backupStorage),
    row('recovery.warmCapacityPercent', formatNumber(r.warmCapacityPercent), 'the region pair\'s warm standby default'),
    row('recovery.failoverWithArc', String(r.failoverWithArc), 'DNS failover'),
    row('recovery.activeActiveExtraUsdPerMonth', formatNumber(r.activeActiveExtraUsdPerMonth), DECISION_DEFAULTS.sources.activeActive),
    ...(r.worker ? [
      row('workloadKind', r.kind, 'LOAD_BALANCED_SERVICE; TopologyDecision takes QUEUE_WORKER from a QueueWorkerService or SpotFleetWithFallback workload'),
      row('worker.messagesPerMonth', formatNumber(r.worker.messagesPerMonth), 'required'),
      row('worker.backlogMessages', formatNumber(r.worker.backlogMessages), 'the QueueWorkerService scaling target: targetBacklogPerTask x compute.tasks'),
      row('worker.producerSwitchSeconds', formatNumber(r.worker.producerSwitchSeconds), DECISION_DEFAULTS.sources.producerSwitch),
      row('worker.producersSwitchAutomatically', String(r.worker.producersSwitchAutomatically), 'false: a person switches the producers'),
    ] : []),
    ...(r.fargateSpot ? [
      row('compute.fargateSpot.onDemandBase', formatNumber(r.fargateSpot.onDemandBase), '0; TopologyDecision reads the QueueWorkerService capacity'),
      row('compute.fargateSpot.spotWeight', `${r.fargateSpot.spotWeight} (onDemandWeight ${r.fargateSpot.onDemandWeight})`, '1 (onDemandWeight 0); TopologyDecision reads the QueueWorkerService capacity'),
      row('compute.fargateSpot.spotDiscountPercent', `${formatNumber(r.fargateSpot.spotDiscountPercent)} %`, '70 % (AWS says up to 70 %); TopologyDecision reads the QueueWorkerService profile\'s'),
    ] : []),
    ...(r.ec2 ? [
      row('compute.ec2.onDemandHourlyUsd', `$${formatNumber(r.ec2.onDemandHourlyUsd)}/h`, 'required; TopologyDecision reads it from the SpotFleetWithFallback profile'),
      row('compute.ec2.spotDiscountPercent', `${formatNumber(r.ec2.spotDiscountPercent)} %`, '0; TopologyDecision reads it from the SpotFleetWithFallback profile'),
      row('compute.ec2.onDemandBase', formatNumber(r.ec2.onDemandBase), '0; TopologyDecision reads the fleet\'s onDemandBaseCapacity'),
      row('compute.ec2.onDemandPercentageAboveBase', `${formatNumber(r.ec2.onDemandPercentageAboveBase)} %`, '100; TopologyDecision reads the fleet\'s onDemandPercentageAboveBaseCapacity'),
      row('compute.ec2.instanceStartSeconds', formatNumber(r.ec2.instanceStartSeconds), '180 s, the SpotFleetWithFallback report default'),
    ] : []),
  ];
}

function policyText(r: ResolvedInput): string {
  const p = r.policy;
  if (p.rtoSeconds === undefined && p.rpoSeconds === undefined && p.mustSurvive.length === 0) return 'no policy: every applicable topology qualifies';
  const parts = [p.rtoSeconds !== undefined ? `RTO <= ${p.rtoSeconds} s` : '', p.rpoSeconds !== undefined ? `RPO <= ${p.rpoSeconds} s` : ''].filter((x) => x);
  return `${parts.length ? parts.join(', ') : 'no RTO or RPO target'}, surviving ${p.mustSurvive.length ? p.mustSurvive.join(', ') : 'nothing in particular'} without a person acting`;
}

const NOT_MODELLED = [
  'what every topology pays alike in the primary region beyond its compute, load balancer and traffic (the VPC, NAT gateways, alarms, logs): the workload\'s own cost lines in the report have them',
  'the data store\'s own reads, writes and storage in the primary region (the same in every topology; Aurora instances are priced)',
  'the second region\'s network (NAT gateways, endpoints, flow logs): price it from the network profile of a deployed pair',
  'the standby load balancer\'s capacity units while idle, and Route 53 queries',
  'a pilot light or warm standby serving with fewer tasks while it scales: counted as down for the whole recovery',
  'gray failures that pass health checks (zonal shift), failback, and clients that cache DNS longer than the TTL',
  'the people\'s time of a manual failover or restore beyond the modelled recovery time',
  'active-active conflict handling (last writer wins in DynamoDB global tables) unless recovery.activeActiveExtraUsdPerMonth prices it',
  'savings plans, Fargate Spot and free tiers',
];

const WORKER_NOT_MODELLED = [
  'queue worker: SQS has no cross-region replication, so the other region has its own queue; the producers\' switch to it is assumed (worker.producerSwitchSeconds), the library does not build it',
  'queue worker: the messages left in the lost region\'s queue are counted as lost (the RPO); if the region returns within the queue\'s retention they are processed late instead',
  'queue worker: SQS\'s own SLA is not composed (not confirmed from the SQS SLA page): the composed figure covers the compute and the store only',
  'queue worker: a standby that scales up processes the backlog meanwhile with fewer workers; counted as down for the whole recovery',
];
const FARGATE_WORKER_NOT_MODELLED = 'queue worker on Fargate: every task is priced on demand (set compute.fargateSpot, or give a QueueWorkerService workload, to price its spot tasks)';
const FARGATE_SPOT_NOT_MODELLED = 'queue worker on Fargate Spot: the spot tasks are priced at compute.fargateSpot.spotDiscountPercent below on demand (spot prices float), the same split in both regions; while the fallback runs they are on demand';
const EC2_NOT_MODELLED = 'EC2 workers: the instances are priced from compute.ec2 (the fleet\'s profile) in both regions; the SQS empty polls assume one polling worker per instance';

/** Decides from a TopologyDecisionInput: every candidate, the ranking, the recommendation, the break-even and the sensitivity. */
export function decideTopology(input: TopologyDecisionInput): TopologyDecisionResult {
  const r = resolveInput(input);
  const { candidates, ranking, recommendation } = decideResolved(r);
  const sensitivity = knobsOf(r).map((k) => sensitivityOf(r, k, recommendation.topology, givenAt(input, k.field)));
  return {
    workloadName: r.workloadName,
    region: r.region,
    standbyRegion: r.standbyRegion,
    revenuePerHourUsd: r.revenuePerHourUsd,
    dataLossUsdPerMinute: r.dataLossUsdPerMinute,
    candidates,
    ranking,
    recommendation,
    sensitivity,
    assumptions: assumptionsOf(input, r),
    policy: policyText(r),
    workloadKind: r.kind,
    notModelled: r.worker ? [...NOT_MODELLED.filter((t) => !t.startsWith('the standby load balancer') && !t.startsWith('gray failures')),
      'gray failures that pass health checks, and failback', ...WORKER_NOT_MODELLED, r.ec2 ? EC2_NOT_MODELLED : r.fargateSpot ? FARGATE_SPOT_NOT_MODELLED : FARGATE_WORKER_NOT_MODELLED] : [...NOT_MODELLED],
    slaSources: SLA_ROWS.map((s) => `${s.service}: ${s.percent} % for ${s.appliesTo}; ${s.url} (${s.pageVersion}; checked ${s.checked})`),
  };
}
