import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CostDriver } from './price-table';

/** A kind of failure a workload is modelled against. */
export enum FailureDomain {
  /** One task, instance or container dies. */
  INSTANCE = 'instance',
  /** One Availability Zone is lost. */
  ZONE = 'zone',
  /** A whole region is lost. */
  REGION = 'region',
  /** A new version is broken. */
  BAD_DEPLOYMENT = 'bad-deployment',
}

/** A duration with the arithmetic that produced it. */
export interface TimeEstimate {
  /** Seconds. */
  readonly seconds: number;
  /** How the seconds were worked out (`detection 2 x 10 s = 20 s + ...`). */
  readonly arithmetic: string;
}

/** Whether, and how, a workload survives one failure domain. */
export interface FailureDomainProfile {
  /** The failure domain. */
  readonly domain: FailureDomain;
  /** True when the workload keeps serving (after its recovery time) without a person acting. */
  readonly survives: boolean;
  /** How it survives, or why it does not. */
  readonly how: string;
  /**
   * Time until it serves again, when it survives.
   *
   * @default - no recovery time stated (0 s)
   */
  readonly recovery?: TimeEstimate;
}

/** A data flow for the report's diagram: from a workload or outside party to another. */
export interface DataFlow {
  /** Source: a workload name, or an outside party (`users`, `internet`, `S3`). */
  readonly from: string;
  /** Destination: a workload name, or an outside party. */
  readonly to: string;
  /** What flows (`HTTPS`, `egress via NAT`). */
  readonly label: string;
}

/** Another configuration of the same pattern and what it would model: used to say what would meet a policy. */
export interface RecoveryAlternative {
  /** The change, in the user's words (`healthCheckInterval 5 s`, `WARM standby`). */
  readonly change: string;
  /** The RTO it models, in seconds. */
  readonly rtoSeconds: number;
  /**
   * The RPO it models, in seconds.
   *
   * @default - same as the current configuration
   */
  readonly rpoSeconds?: number;
}

/**
 * A service level objective of a workload and the alarms that watch it, as the report lists it.
 */
export interface ObjectiveProfile {
  /** Name of the objective. */
  readonly name: string;
  /** `AVAILABILITY` or `LATENCY`. */
  readonly kind: string;
  /** The SLI in words. */
  readonly sli: string;
  /** Target, in percent (e.g. 99.9). */
  readonly targetPercent: number;
  /** The objective's window, in seconds. */
  readonly windowSeconds: number;
  /** The error budget as minutes of full outage over the window: window x (100 - target) / 100. */
  readonly errorBudgetMinutes: number;
  /** One line per alarm: its name and when it fires or what it does. */
  readonly alarms: string[];
  /**
   * What else watches the objective, and what its alarms cannot see or do (e.g. the CloudWatch
   * Application Signals SLO that declares it, or why none could).
   *
   * @default - none
   */
  readonly notes?: string[];
}

/**
 * How a workload deploys a release and what a bad one costs users, as the report lists it: the
 * share of users it reaches before the rollback, how long they get it, and how long a good release
 * takes, each with its arithmetic.
 */
export interface RolloutProfile {
  /** The deployment strategy (`ROLLING`, `CANARY`, `LINEAR`, `BLUE_GREEN`). */
  readonly strategy: string;
  /** The strategy with its numbers, in words (`canary 5 % for 10 min, then 100 %; bake 10 min`). */
  readonly description: string;
  /** What rolls a release back (alarm names and what each watches). */
  readonly judgedBy: string[];
  /** True when a release that starts and serves errors is rolled back without a person acting. */
  readonly rollsBack: boolean;
  /** Share of users (percent of requests) a bad release reaches before it is rolled back. */
  readonly usersReachedPercent: number;
  /** How that share was worked out. */
  readonly usersReachedArithmetic: string;
  /**
   * From the bad release reaching users to the rollback completing (alarm period x datapoints +
   * the rollback). Absent when nothing rolls it back.
   *
   * @default - not rolled back
   */
  readonly timeToRollback?: TimeEstimate;
  /** How long a good release takes, start to finish. */
  readonly deploymentTime: TimeEstimate;
  /**
   * Assumptions and what is not modelled.
   *
   * @default - none
   */
  readonly notes?: string[];
}

/**
 * A situation of a workload priced apart from its steady-state total, e.g. its Fargate tasks all on
 * demand (what spot saves) or at the autoscaling maximum.
 */
export interface CostScenario {
  /** What the situation is, in the user's words, with its numbers (`at the maximum, 18 tasks`). */
  readonly name: string;
  /** The drivers that differ in this situation (the others are as in the steady state). */
  readonly costDrivers: CostDriver[];
  /**
   * The name of another scenario of the same workload this one is compared with: the report shows
   * the difference between the two, with the arithmetic.
   *
   * @default - no comparison
   */
  readonly compareTo?: string;
}

/**
 * What a pattern records about itself for the synth-time report: the failures it survives and how,
 * its recovery time and data-loss bounds with the arithmetic, and its monthly cost drivers.
 */
export interface WorkloadProfile {
  /** The workload's name in the report. */
  readonly name: string;
  /** The pattern (`StatelessService`, `EgressAwareVpc`). */
  readonly pattern: string;
  /**
   * Zones the workload spans.
   *
   * @default - not stated
   */
  readonly zones?: number;
  /** One entry per failure domain the pattern is modelled against. */
  readonly failureDomains: FailureDomainProfile[];
  /** Recovery time objective the pattern models: the longest recovery among the failures it survives. */
  readonly rto: TimeEstimate;
  /**
   * Recovery point objective the pattern models: the most recent data that can be lost.
   *
   * @default - not modelled (the report shows "not modelled", never 0 s)
   */
  readonly rpo?: TimeEstimate;
  /**
   * Why the workload's RPO is not modelled, when its data lives in backing stores the library does
   * not profile (a database the service is given by config). When set, the report shows the RPO as
   * not modelled with this reason (and `rpo`, if given, as what the workload itself holds), and a
   * ResiliencePolicy with an RPO target counts it as a miss.
   *
   * @default - the RPO is modelled by `rpo`; without `rpo` it is not modelled
   */
  readonly rpoNotModelled?: string;
  /** Monthly cost drivers, priced at synth with the region's table and the user's overrides. */
  readonly costDrivers: CostDriver[];
  /**
   * Situations priced apart from the steady-state total (all on demand, while a fallback runs, at the
   * maximum count): each priced with the same table, listed beside the total and never added to it.
   *
   * @default - none
   */
  readonly costScenarios?: CostScenario[];
  /**
   * Data flows for the diagram.
   *
   * @default - none
   */
  readonly dataFlows?: DataFlow[];
  /**
   * Other configurations and what they model, to say what would meet a policy.
   *
   * @default - none
   */
  readonly alternatives?: RecoveryAlternative[];
  /**
   * Service level objectives of the workload and their alarms.
   *
   * @default - none
   */
  readonly objectives?: ObjectiveProfile[];
  /**
   * How the workload deploys a release and the blast radius of a bad one.
   *
   * @default - not stated
   */
  readonly rollout?: RolloutProfile;
  /**
   * Construct paths of other profiled constructs this workload needs to serve (its VPC, for its
   * egress). The report folds each one into the workload: the workload survives a failure domain
   * only if every dependency does (the dependency's reason is quoted), the dependency's cost lines
   * are listed under the workload, and the dependency is not listed as a workload of its own.
   * A dependency shared by several workloads is priced under the first of them (by name, then
   * path); the others list it with a note and no cost, so no total counts it twice.
   *
   * @default - no dependencies beyond the constructs nested inside the workload
   */
  readonly dependsOn?: string[];
  /**
   * Failure drills (AWS FIS experiments) that prove the workload's failure-domain claims, each
   * with the command that starts it and its cost per run.
   *
   * @default - no drills
   */
  readonly drills?: DrillProfile[];
}

/**
 * A failure drill of a workload as the report lists it: the claim it tests, what should happen,
 * how to start it and what a run costs.
 */
export interface DrillProfile {
  /** The drill's name (`task churn`, `zone disruption`). */
  readonly name: string;
  /** The failure domain whose claim it tests. */
  readonly domain: FailureDomain;
  /** The claim, as the workload's profile states it. */
  readonly claim: string;
  /** What the experiment does: the FIS action, its targets and parameters. */
  readonly action: string;
  /** What should happen: the SLO holds, and recovery within the modelled time, with its arithmetic. */
  readonly expectedOutcome: string;
  /**
   * The modelled recovery time the drill checks, in seconds.
   *
   * @default - no recovery time is modelled for it
   */
  readonly recoverySeconds?: number;
  /** The shell command that starts it (the template id read from the stack output). */
  readonly command: string;
  /** The alarms that stop it, or why there are none. */
  readonly stopConditions: string[];
  /** What one run costs: FIS action-minutes, priced with the report's table. */
  readonly costPerRun: CostDriver;
}

/** A profile as recorded on a construct, with where it lives. */
export interface RecordedProfile {
  /** The profile. */
  readonly profile: WorkloadProfile;
  /** Construct path of the construct it was recorded on. */
  readonly path: string;
  /** The stack's region, when it is a concrete value. */
  readonly region?: string;
}

const PROFILE: unique symbol = Symbol.for('cdk-cloud-native-patterns.profile');

/** Stores a profile on a construct (a symbol property, so two copies of the library agree). */
export function storeProfile(scope: IConstruct, profile: WorkloadProfile): RecordedProfile {
  const stack = stackOf(scope);
  const region = stack && !Token.isUnresolved(stack.region) ? stack.region : undefined;
  const recorded: RecordedProfile = { profile, path: scope.node.path, region };
  Object.defineProperty(scope, PROFILE, { value: recorded, configurable: true, enumerable: false, writable: true });
  return recorded;
}

/** The profile stored on a construct, if any. */
export function storedProfile(scope: IConstruct): RecordedProfile | undefined {
  return (scope as unknown as { [PROFILE]?: RecordedProfile })[PROFILE];
}

function stackOf(scope: IConstruct): Stack | undefined {
  try {
    return Stack.of(scope);
  } catch {
    return undefined;
  }
}
