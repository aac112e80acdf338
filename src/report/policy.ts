import { Duration } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { compareText, formatUsd } from './decimal';
import { formatSeconds, ReportWorkload } from './model';
import { FailureDomain } from './profile';
// Cycle by design: the report checks policies at synth, a policy makes sure the app has a report.
import { CloudNativeReport } from './report';
import { PropIssue } from '../core/errors';
import { PropValidator, secondsOf } from '../core/validation';

/** What a ResiliencePolicy does when a workload misses a target. */
export enum PolicyEnforcement {
  /** Synthesis fails with a PatternValidationError naming each miss (the default). */
  FAIL_SYNTHESIS = 'FAIL_SYNTHESIS',
  /** Each miss becomes a tagged warning (`cdk-cloud-native-patterns:ResiliencePolicy`); synthesis goes on. */
  WARN = 'WARN',
}

/** Props of ResiliencePolicy. */
export interface ResiliencePolicyProps {
  /**
   * Target recovery time: the longest modelled recovery among the failures each workload survives
   * must not exceed it.
   *
   * @default - no RTO target
   */
  readonly rto?: Duration;

  /**
   * Target recovery point: the modelled data-loss window of each workload must not exceed it.
   *
   * @default - no RPO target
   */
  readonly rpo?: Duration;

  /**
   * Monthly budget in US dollars for all the workloads the policy applies to together, compared
   * with the report's priced total.
   *
   * @default - no budget
   */
  readonly monthlyBudgetUsd?: number;

  /**
   * Failure domains every workload must survive; the RTO target is measured over the failures a
   * workload survives, so a failure it does not survive is a miss here, not a pass.
   *
   * @default [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT]
   */
  readonly mustSurvive?: FailureDomain[];

  /**
   * Whether a miss fails synthesis or only warns.
   *
   * @default PolicyEnforcement.FAIL_SYNTHESIS
   */
  readonly enforcement?: PolicyEnforcement;
}

const POLICY = Symbol.for('cdk-cloud-native-patterns.resilience-policy');

/** What it takes to survive a failure domain the workload does not. */
const SURVIVAL_ADVICE: { [d: string]: string } = {
  [FailureDomain.INSTANCE]: 'run at least 2 tasks or instances behind a health-checked load balancer',
  [FailureDomain.ZONE]: 'spread over at least 2 zones with enough tasks to lose the fullest one, and egress that does not depend on one zone (NatStrategy.ONE_PER_ZONE)',
  [FailureDomain.BAD_DEPLOYMENT]: 'deploy with a circuit breaker and automatic rollback',
  [FailureDomain.REGION]: 'a second region with automated failover (ActivePassiveRegionPair with WARM or HOT standby, or ActiveActiveRegions)',
};

/** The result of checking one policy, as the report writes it. */
export interface PolicyCheckResult {
  readonly path: string;
  readonly enforcement: string;
  readonly appliesTo: string[];
  readonly targets: { rtoSeconds: number | null; rpoSeconds: number | null; monthlyBudgetUsd: number | null; mustSurvive: string[] };
  readonly passed: boolean;
  readonly misses: PropIssue[];
}

/**
 * A declared resilience and cost target for the workloads under a scope: the app (create it on
 * the App), a stack, or one pattern. At synth, the report checks every workload recorded under the
 * policy's scope against it; a miss fails synthesis with a message naming the workload, the target,
 * the modelled value with its arithmetic and what would meet it.
 */
export class ResiliencePolicy extends Construct {
  /** The policies in a construct tree, in tree order. */
  public static findAll(root: IConstruct): ResiliencePolicy[] {
    return root.node.findAll().filter((c): c is ResiliencePolicy => (c as any)[POLICY] === true);
  }

  /** Target RTO in seconds, if any. */
  public readonly rtoSeconds?: number;
  /** Target RPO in seconds, if any. */
  public readonly rpoSeconds?: number;
  /** Monthly budget in US dollars, if any. */
  public readonly monthlyBudgetUsd?: number;
  /** Failure domains every workload must survive. */
  public readonly mustSurvive: FailureDomain[];
  /** What a miss does. */
  public readonly enforcement: PolicyEnforcement;

  constructor(scope: Construct, id: string, props: ResiliencePolicyProps) {
    super(scope, id);
    Object.defineProperty(this, POLICY, { value: true });
    const v = new PropValidator(this);
    this.rtoSeconds = secondsOf(props.rto);
    this.rpoSeconds = secondsOf(props.rpo);
    v.require(props.rto !== undefined || props.rpo !== undefined || props.monthlyBudgetUsd !== undefined,
      'rto, rpo and monthlyBudgetUsd', 'are all unset, so the policy checks nothing', 'set at least one target');
    v.number('monthlyBudgetUsd', props.monthlyBudgetUsd, { min: 0 });
    v.require(this.rtoSeconds === undefined || this.rtoSeconds >= 0, 'rto', 'is negative', 'set a duration of 0 or more');
    v.require(this.rpoSeconds === undefined || this.rpoSeconds >= 0, 'rpo', 'is negative', 'set a duration of 0 or more');
    v.throwIfAny();
    this.monthlyBudgetUsd = props.monthlyBudgetUsd;
    this.mustSurvive = [...(props.mustSurvive ?? [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT])];
    this.enforcement = props.enforcement ?? PolicyEnforcement.FAIL_SYNTHESIS;
    CloudNativeReport.of(this);
  }

  /** @internal Checks the workloads under this policy's scope. */
  public _check(workloads: ReportWorkload[]): PolicyCheckResult {
    const scopePath = this.node.scope?.node.path ?? '';
    const applies = workloads.filter((w) => scopePath === '' || w.path === scopePath || w.path.startsWith(`${scopePath}/`));
    const misses: PropIssue[] = [];
    if (applies.length === 0) {
      misses.push({
        prop: 'scope',
        problem: `no workload with a profile is under ${scopePath || 'the app'}, so the policy checks nothing`,
        fix: 'create the policy on the App, a stack or a pattern (StatelessService, EgressAwareVpc, ...) that records a profile',
      });
    }
    for (const w of applies) {
      const who = `workload '${w.name}' (${w.path})`;
      for (const d of this.mustSurvive) {
        const entry = w.failureDomains.find((f) => f.domain === d);
        if (!entry || !entry.survives) {
          misses.push({
            prop: 'mustSurvive',
            problem: `${who} does not survive ${d} failure${entry ? `: ${entry.how}` : ' (not modelled by its pattern)'}`,
            fix: `${d} needs ${SURVIVAL_ADVICE[d]}`,
          });
        }
      }
      if (this.rtoSeconds !== undefined && w.rto.seconds > this.rtoSeconds) {
        misses.push({
          prop: 'rto',
          problem: `${who} models RTO ${formatSeconds(w.rto.seconds)} (${w.rto.arithmetic}), above the target ${formatSeconds(this.rtoSeconds)}`,
          fix: meetAdvice('RTO', this.rtoSeconds, w, (a) => a.rtoSeconds),
        });
      }
      if (this.rpoSeconds !== undefined && w.rpo.seconds > this.rpoSeconds) {
        misses.push({
          prop: 'rpo',
          problem: `${who} models RPO ${formatSeconds(w.rpo.seconds)} (${w.rpo.arithmetic}), above the target ${formatSeconds(this.rpoSeconds)}`,
          fix: meetAdvice('RPO', this.rpoSeconds, w, (a) => a.rpoSeconds),
        });
      }
    }
    if (this.monthlyBudgetUsd !== undefined && applies.length > 0) {
      const totalCents = applies.reduce((s, w) => s + Math.round(w.monthlyCostUsd.total * 100), 0);
      const budgetCents = Math.round(this.monthlyBudgetUsd * 100);
      if (totalCents > budgetCents) {
        const total = totalCents / 100;
        const sum = applies.map((w) => `'${w.name}' ${formatUsd(w.monthlyCostUsd.total)}`).join(' + ');
        const biggest = applies.flatMap((w) => w.monthlyCostUsd.lines.map((l) => ({ w, l })))
          .sort((a, b) => b.l.usd - a.l.usd || compareText(a.l.item, b.l.item)).slice(0, 3)
          .map(({ w, l }) => `'${w.name}' ${l.arithmetic}`);
        misses.push({
          prop: 'monthlyBudgetUsd',
          problem: `${applies.length === 1 ? sum : `${sum} = ${formatUsd(total)}`} a month is above the budget ${formatUsd(this.monthlyBudgetUsd)}`,
          fix: `cut ${formatUsd((totalCents - budgetCents) / 100)} from the largest lines (${biggest.join('; ')}) or raise monthlyBudgetUsd to at least ${formatUsd(total)}`,
        });
      }
    }
    return {
      path: this.node.path,
      enforcement: this.enforcement,
      appliesTo: applies.map((w) => w.path),
      targets: {
        rtoSeconds: this.rtoSeconds ?? null,
        rpoSeconds: this.rpoSeconds ?? null,
        monthlyBudgetUsd: this.monthlyBudgetUsd ?? null,
        mustSurvive: [...this.mustSurvive],
      },
      passed: misses.length === 0,
      misses,
    };
  }
}

function meetAdvice(what: string, target: number, w: ReportWorkload,
  pick: (a: ReportWorkload['alternatives'][number]) => number | null): string {
  const options = w.alternatives
    .map((a) => ({ change: a.change, seconds: pick(a) }))
    .filter((a): a is { change: string; seconds: number } => a.seconds !== null);
  const meeting = options.filter((a) => a.seconds <= target);
  if (meeting.length > 0) {
    return `${what} ${formatSeconds(target)} needs ${meeting.map((a) => `${a.change} (models ${formatSeconds(a.seconds)})`).join(' or ')}; `
      + `the current ${w.pattern} configuration models ${formatSeconds(what === 'RTO' ? w.rto.seconds : w.rpo.seconds)}`;
  }
  const best = options.sort((a, b) => a.seconds - b.seconds)[0];
  return `no modelled configuration of ${w.pattern} meets ${what} ${formatSeconds(target)}`
    + (best ? ` (the closest, ${best.change}, models ${formatSeconds(best.seconds)})` : '')
    + `: relax the target to ${formatSeconds(best ? Math.min(best.seconds, what === 'RTO' ? w.rto.seconds : w.rpo.seconds) : (what === 'RTO' ? w.rto.seconds : w.rpo.seconds))} or choose another pattern`;
}
