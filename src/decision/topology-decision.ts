import { Construct, IConstruct } from 'constructs';
import { decideTopology } from './decide';
import { DecisionPolicy, DecisionRecordedActiveActive, DecisionWorkloadKind, FailureAssumption, Topology, TopologyDecisionError, TopologyDecisionInput } from './input';
import { decisionMarkdown } from './markdown';
import { TopologyDecisionResult } from './model';
import { PatternValidationError } from '../core/errors';
import { ResiliencePolicy } from '../report/policy';
import { PriceTable } from '../report/price-table';
import { FailureDomain } from '../report/profile';
import { CloudNativeReport, Profiles } from '../report/report';

/** Props of TopologyDecision: the decision input, and where to take the policy and the current topology from. */
export interface TopologyDecisionProps extends TopologyDecisionInput {
  /**
   * The ResiliencePolicy whose RTO, RPO and mustSurvive the candidates must meet (used when `policy` is not given).
   *
   * @default - the first ResiliencePolicy whose scope holds `workload`, else none
   */
  readonly resiliencePolicy?: ResiliencePolicy;
  /**
   * The profiled workload the decision is for: its pattern marks the current topology (StatelessService and
   * QueueWorkerService, SpotFleetWithFallback: single region; ActivePassiveRegionPair: its standby mode; ActiveActiveRegions: active-active),
   * and its profile's zones and recovery times of a task, a zone and a bad deployment replace the defaults the input leaves unset.
   * A QueueWorkerService or SpotFleetWithFallback workload makes the kind QUEUE_WORKER when `workloadKind` is unset: a
   * QueueWorkerService gives `worker.backlogMessages` (its targetBacklogPerTask x compute.tasks) and, on spot, `compute.fargateSpot`
   * (its capacity's base and weights, the spot discount its profile prices), a SpotFleetWithFallback
   * gives `compute.ec2` (the on-demand price and spot discount its profile's cost lines use, its on-demand base and percentage).
   * An ActiveActiveRegions workload gives `recordedActiveActive`: its region-loss recovery and RPO, its tasks per region and its
   * active-active cost scenario priced with the `region` table, which the active-active candidate uses and states.
   *
   * @default - no workload: `currentTopology` as given
   */
  readonly workload?: IConstruct;
}

const REGISTERED = new WeakSet<CloudNativeReport>();

/** The current topology a recorded workload's pattern stands for. */
function currentOf(workload: IConstruct): Topology | undefined {
  const pattern = Profiles.of(workload)?.pattern;
  if (pattern === 'StatelessService' || pattern === 'QueueWorkerService' || pattern === 'SpotFleetWithFallback') return Topology.SINGLE_REGION_MULTI_AZ;
  if (pattern === 'ActiveActiveRegions') return Topology.ACTIVE_ACTIVE;
  if (pattern === 'ActivePassiveRegionPair') {
    const kind = (workload as unknown as { standbyMode?: { kind?: string } }).standbyMode?.kind;
    return kind === 'PILOT_LIGHT' ? Topology.PILOT_LIGHT : kind === 'WARM' ? Topology.WARM_STANDBY : kind === 'HOT' ? Topology.HOT_STANDBY : undefined;
  }
  return undefined;
}

/**
 * What the workload's profile states and the input leaves unset: its zones, and the recovery of a
 * task, a zone and a bad deployment (the same in every topology), so the decision uses the
 * pattern's own arithmetic instead of the defaults.
 */
function fromProfile(workload: IConstruct, input: TopologyDecisionInput): Partial<TopologyDecisionInput> {
  const p = Profiles.of(workload);
  if (!p) return {};
  const recovery = (d: FailureDomain) => {
    const entry = (p.failureDomains ?? []).find((x) => x.domain === d);
    return entry?.survives && entry.recovery && entry.recovery.seconds > 0 ? entry.recovery.seconds : undefined;
  };
  const f = input.failures ?? {};
  const merge = (given: FailureAssumption | undefined, seconds: number | undefined): FailureAssumption | undefined =>
    (seconds === undefined || given?.recoverySeconds !== undefined ? given : { ...given, recoverySeconds: seconds });
  const compute = input.compute && typeof input.compute === 'object' && input.compute.zones === undefined && typeof p.zones === 'number' && p.zones >= 2
    ? { compute: { ...input.compute, zones: p.zones } } : {};
  return {
    ...compute,
    failures: {
      ...f,
      task: merge(f.task, recovery(FailureDomain.INSTANCE)),
      zone: merge(f.zone, recovery(FailureDomain.ZONE)),
      badDeployment: merge(f.badDeployment, recovery(FailureDomain.BAD_DEPLOYMENT)),
    },
  };
}

const WORKER_PATTERNS = ['QueueWorkerService', 'SpotFleetWithFallback'];

/**
 * What a worker workload's pattern states and the input leaves unset: the kind (QUEUE_WORKER), the
 * backlog a QueueWorkerService's scaling target lets stand (targetBacklogPerTask x compute.tasks),
 * and a SpotFleetWithFallback's instance prices from its recorded cost drivers (on-demand hourly
 * price, the spot discount they were priced at) and its on-demand base and percentage.
 */
function workerFromProfile(workload: IConstruct, input: TopologyDecisionInput): Partial<TopologyDecisionInput> {
  const p = Profiles.of(workload);
  if (!p || !WORKER_PATTERNS.includes(p.pattern)) return {};
  if (input.workloadKind !== undefined && input.workloadKind !== DecisionWorkloadKind.QUEUE_WORKER) return {};
  const out: { -readonly [K in keyof TopologyDecisionInput]?: TopologyDecisionInput[K] } = { workloadKind: DecisionWorkloadKind.QUEUE_WORKER };
  const w = input.worker && typeof input.worker === 'object' ? input.worker : undefined;
  const target = (workload as unknown as { targetBacklogPerTask?: unknown }).targetBacklogPerTask;
  const tasks = input.compute && typeof input.compute === 'object' ? input.compute.tasks : undefined;
  if (p.pattern === 'QueueWorkerService' && w && w.backlogMessages === undefined && typeof target === 'number' && typeof tasks === 'number') {
    out.worker = { ...w, backlogMessages: target * tasks };
  }
  const capacity = (workload as unknown as { capacity?: { usesSpot?: boolean; spotWeight?: number; onDemandWeight?: number } }).capacity;
  const base = (workload as unknown as { onDemandBase?: number }).onDemandBase;
  if (p.pattern === 'QueueWorkerService' && capacity?.usesSpot && input.compute && typeof input.compute === 'object'
    && input.compute.fargateSpot === undefined && input.compute.ec2 === undefined && input.compute.arm64 !== true) {
    // The discount the profile priced its spot lines at, as its arithmetic states it; else the default.
    const spotLine = p.costDrivers.find((d) => d.item === 'Fargate Spot vCPU');
    const m = /\(1 - ([0-9.]+) % spot discount/.exec(spotLine?.quantityArithmetic ?? '');
    out.compute = {
      ...input.compute,
      fargateSpot: {
        ...(typeof base === 'number' ? { onDemandBase: base } : {}),
        ...(typeof capacity.spotWeight === 'number' ? { spotWeight: capacity.spotWeight } : {}),
        ...(typeof capacity.onDemandWeight === 'number' ? { onDemandWeight: capacity.onDemandWeight } : {}),
        ...(m ? { spotDiscountPercent: Number(m[1]) } : {}),
      },
    };
  }
  if (p.pattern === 'SpotFleetWithFallback' && input.compute && typeof input.compute === 'object' && input.compute.ec2 === undefined) {
    const od = p.costDrivers.find((d) => d.item === 'EC2 on-demand instance hours')?.unitPriceUsd;
    const spot = p.costDrivers.find((d) => d.item === 'EC2 spot instance hours')?.unitPriceUsd;
    const fleet = workload as unknown as { onDemandBaseCapacity?: number; onDemandPercentageAboveBaseCapacity?: number };
    if (od !== undefined && od > 0) {
      out.compute = {
        ...input.compute,
        ec2: {
          onDemandHourlyUsd: od,
          // The spot line's unit price is on-demand x (100 - discount) %: the discount the fleet's profile assumed.
          ...(spot !== undefined ? { spotDiscountPercent: Number((100 * (1 - spot / od)).toFixed(6)) } : {}),
          ...(typeof fleet.onDemandBaseCapacity === 'number' ? { onDemandBase: fleet.onDemandBaseCapacity } : {}),
          ...(typeof fleet.onDemandPercentageAboveBaseCapacity === 'number' ? { onDemandPercentageAboveBase: fleet.onDemandPercentageAboveBaseCapacity } : {}),
        },
      };
    }
  }
  return out;
}

/** The scenario of an ActiveActiveRegions profile that prices the workload as deployed (its name starts so). */
const ACTIVE_SCENARIO = 'active-active:';

/**
 * What an ActiveActiveRegions workload's recorded profile says for the active-active candidate:
 * the region-loss recovery, the RPO, and its active-active cost scenario priced with the decision's
 * primary-region table (and priceOverrides), its Fargate lines apart.
 */
function activeActiveFromProfile(workload: IConstruct, input: TopologyDecisionInput): Partial<TopologyDecisionInput> {
  const p = Profiles.of(workload);
  if (!p || p.pattern !== 'ActiveActiveRegions' || input.recordedActiveActive !== undefined) return {};
  if (input.workloadKind === DecisionWorkloadKind.QUEUE_WORKER) return {};
  const region = p.failureDomains.find((d) => d.domain === FailureDomain.REGION);
  if (!region?.survives || !region.recovery) return {};
  const aa = workload as unknown as { stacks?: unknown[]; regionTasks?: number };
  const regionCount = Array.isArray(aa.stacks) ? aa.stacks.length : 2;
  const scenario = (p.costScenarios ?? []).find((s) => s.name.startsWith(ACTIVE_SCENARIO));
  let cost: Partial<DecisionRecordedActiveActive> = {};
  if (scenario && typeof input.region === 'string') {
    let table: PriceTable | undefined;
    try {
      table = PriceTable.forRegion(input.region, input.priceOverrides);
    } catch {
      table = undefined; // the decision names the unpriced region itself
    }
    if (table) {
      const lines = scenario.costDrivers.map((d) => ({ d, l: table!.price(d) }));
      const sum = (xs: typeof lines) => xs.reduce((s, x) => s + Math.round(x.l.usd * 100), 0) / 100;
      cost = {
        monthlyCostUsd: sum(lines),
        computeMonthlyCostUsd: sum(lines.filter((x) => /^FARGATE_/.test(String(x.d.priceItem ?? '')))),
        monthlyCostArithmetic: `its cost scenario "${scenario.name}", ${lines.length} lines priced with the ${input.region} table`,
      };
    }
  }
  return {
    recordedActiveActive: {
      workloadName: p.name,
      regionCount,
      ...(typeof aa.regionTasks === 'number' ? { tasksPerRegion: aa.regionTasks } : {}),
      regionRtoSeconds: region.recovery.seconds,
      regionRtoArithmetic: region.recovery.arithmetic,
      ...(p.rpo && !p.rpoNotModelled ? { regionRpoSeconds: p.rpo.seconds, regionRpoArithmetic: p.rpo.arithmetic } : {}),
      ...(p.rpoNotModelled ? { regionRpoArithmetic: p.rpoNotModelled } : {}),
      ...cost,
    },
  };
}

function policyOver(workload: IConstruct): ResiliencePolicy | undefined {
  return ResiliencePolicy.findAll(workload.node.root).find((p) => {
    const scope = p.node.scope?.node.path ?? '';
    return scope === '' || workload.node.path === scope || workload.node.path.startsWith(`${scope}/`);
  });
}

/**
 * The topology decision of one workload, in the app's report: each candidate topology (single region
 * multi-AZ, backup and restore, pilot light, warm standby, hot standby, active-active) modelled for
 * composed SLA, modelled downtime, RTO and RPO per failure domain, expected loss and monthly cost,
 * with the recommendation, the break-even revenue of the next topology up and a sensitivity line per
 * assumption. At synth the report writes `topology-decision.json` and `topology-decision.md` beside
 * `cloud-native-report.*` and adds a section to the report. `TopologyDecision.decide(input)` makes
 * the same decision without an app.
 */
export class TopologyDecision extends Construct {
  /** File name of the decisions for machines (all decisions of the app). */
  public static readonly JSON_FILE = 'topology-decision.json';
  /** File name of the decisions for people. */
  public static readonly MARKDOWN_FILE = 'topology-decision.md';

  /**
   * Decides without a CDK app. Throws an error naming every bad field (also for JavaScript callers
   * passing the wrong types).
   */
  public static decide(input: TopologyDecisionInput): TopologyDecisionResult {
    return decideTopology(input);
  }

  /** The decision as Markdown (the comparison table first). */
  public static toMarkdown(result: TopologyDecisionResult): string {
    return decisionMarkdown(result, 1);
  }

  /** The targets of a ResiliencePolicy, as the decision checks them. */
  public static policyTargets(policy: ResiliencePolicy): DecisionPolicy {
    return { rtoSeconds: policy.rtoSeconds, rpoSeconds: policy.rpoSeconds, mustSurvive: [...policy.mustSurvive] };
  }

  /** The decisions in a construct tree, in tree order. */
  public static findAll(root: IConstruct): TopologyDecision[] {
    return root.node.findAll().filter((c): c is TopologyDecision => c instanceof TopologyDecision);
  }

  /** The decision. */
  public readonly result: TopologyDecisionResult;

  constructor(scope: Construct, id: string, props: TopologyDecisionProps) {
    super(scope, id);
    const given: TopologyDecisionProps = props ?? ({} as TopologyDecisionProps);
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{ prop: 'props', problem: `is ${props === null ? 'null' : typeof props}`, fix: 'pass the decision input: { workloadName, region, revenuePerHourUsd, compute: { tasks } }' }]);
    }
    const policy = given.policy ?? (given.resiliencePolicy ? TopologyDecision.policyTargets(given.resiliencePolicy)
      : given.workload ? (() => {
        const p = policyOver(given.workload!);
        return p ? TopologyDecision.policyTargets(p) : undefined;
      })() : undefined);
    const current = given.currentTopology ?? (given.workload ? currentOf(given.workload) : undefined);
    const { resiliencePolicy: _p, workload: _w, ...input } = given;
    const worker = given.workload ? workerFromProfile(given.workload, input) : {};
    const withWorker: TopologyDecisionInput = { ...input, ...worker, ...(given.workload ? activeActiveFromProfile(given.workload, input) : {}) };
    try {
      this.result = decideTopology({
        ...withWorker,
        ...(given.workload ? fromProfile(given.workload, withWorker) : {}),
        ...(policy ? { policy } : {}),
        ...(current ? { currentTopology: current } : {}),
      });
    } catch (e) {
      if (e instanceof TopologyDecisionError) throw new PatternValidationError(this, e.issues);
      throw e;
    }
    const report = CloudNativeReport.of(this);
    if (!REGISTERED.has(report)) {
      REGISTERED.add(report);
      const root = this.node.root;
      report._addSection(() => {
        const all = TopologyDecision.findAll(root).map((d) => d.result);
        return {
          key: 'topologyDecisions',
          json: all,
          markdown: all.map((r) => decisionMarkdown(r, 2)).join('\n'),
          files: [
            { name: TopologyDecision.JSON_FILE, content: `${JSON.stringify(all, undefined, 2)}\n` },
            { name: TopologyDecision.MARKDOWN_FILE, content: all.map((r) => decisionMarkdown(r, 1)).join('\n') },
          ],
        };
      });
    }
  }
}
