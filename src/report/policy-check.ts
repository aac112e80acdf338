import { IConstruct } from 'constructs';
import { compareText, formatUsd } from './decimal';
import { formatSeconds, ReportWorkload } from './model';
import { FailureDomain } from './profile';
import { PropIssue } from '../core/errors';

// The policy's checks apart from its construct: the report (report.ts) imports this module, the
// ResiliencePolicy construct (policy.ts) imports both, so the folder has no import circle.

/** What a ResiliencePolicy does when a workload misses a target. */
export enum PolicyEnforcement {
  /** Synthesis fails: each miss is an error annotation, so `cdk synth` prints it once and exits non-zero (the default). */
  FAIL_SYNTHESIS = 'FAIL_SYNTHESIS',
  /** Each miss becomes a tagged warning (`cdk-cloud-native-patterns:ResiliencePolicy`); synthesis goes on. */
  WARN = 'WARN',
}

/** The targets of one policy, as the report checks them. */
export interface PolicyTargets {
  readonly rtoSeconds?: number;
  readonly rpoSeconds?: number;
  readonly monthlyBudgetUsd?: number;
  readonly mustSurvive: FailureDomain[];
  readonly enforcement: PolicyEnforcement;
}

/** One miss, with the workload it is about (for where the error is shown). */
export interface PolicyMiss extends PropIssue {
  /** Construct path of the workload the miss is about; undefined for a miss about the policy itself. */
  readonly workloadPath?: string;
}

/** The result of checking one policy, as the report writes it. */
export interface PolicyCheckResult {
  readonly path: string;
  readonly enforcement: string;
  readonly appliesTo: string[];
  readonly targets: { rtoSeconds: number | null; rpoSeconds: number | null; monthlyBudgetUsd: number | null; mustSurvive: string[] };
  readonly passed: boolean;
  readonly misses: PolicyMiss[];
}

const POLICY = Symbol.for('cdk-cloud-native-patterns.resilience-policy');

/** Marks a construct as a policy with these targets (a symbol property, so two copies of the library agree). */
export function markPolicy(scope: IConstruct, targets: PolicyTargets): void {
  Object.defineProperty(scope, POLICY, { value: targets, configurable: true, enumerable: false, writable: true });
}

/** The policies in a construct tree, in tree order, with their targets. */
export function findPolicies(root: IConstruct): Array<{ construct: IConstruct; targets: PolicyTargets }> {
  const found: Array<{ construct: IConstruct; targets: PolicyTargets }> = [];
  for (const c of root.node.findAll()) {
    const targets = (c as unknown as { [POLICY]?: PolicyTargets })[POLICY];
    if (targets !== undefined) found.push({ construct: c, targets });
  }
  return found;
}

/** What it takes to survive a failure domain the workload does not. */
const SURVIVAL_ADVICE: { [d: string]: string } = {
  [FailureDomain.INSTANCE]: 'run at least 2 tasks or instances behind a health-checked load balancer',
  [FailureDomain.ZONE]: 'spread over at least 2 zones with enough tasks to lose the fullest one, and egress that does not depend on one zone (NatStrategy.ONE_PER_ZONE)',
  [FailureDomain.BAD_DEPLOYMENT]: 'deploy with a circuit breaker and automatic rollback, and SLO alarms that roll back a release that serves errors',
  [FailureDomain.REGION]: 'a second region with automated failover (ActivePassiveRegionPair with WARM or HOT standby, or ActiveActiveRegions)',
};

/** Checks the workloads under a policy's scope against its targets. */
export function checkPolicy(policy: IConstruct, t: PolicyTargets, workloads: ReportWorkload[]): PolicyCheckResult {
  const scopePath = policy.node.scope?.node.path ?? '';
  const applies = workloads.filter((w) => scopePath === '' || w.path === scopePath || w.path.startsWith(`${scopePath}/`));
  const misses: PolicyMiss[] = [];
  if (applies.length === 0) {
    misses.push({
      prop: 'scope',
      problem: `no workload with a profile is under ${scopePath || 'the app'}, so the policy checks nothing`,
      fix: 'create the policy on the App, a stack or a pattern (StatelessService, EgressAwareVpc, ...) that records a profile',
    });
  }
  for (const w of applies) {
    const who = `workload '${w.name}' (${w.path})`;
    for (const d of t.mustSurvive) {
      const entry = w.failureDomains.find((f) => f.domain === d);
      if (!entry || !entry.survives) {
        misses.push({
          prop: 'mustSurvive',
          problem: `${who} does not survive ${d} failure${entry ? `: ${entry.how}` : ' (not modelled by its pattern)'}`,
          fix: `${d} needs ${SURVIVAL_ADVICE[d]}`,
          workloadPath: w.path,
        });
      }
    }
    if (t.rtoSeconds !== undefined && w.rto.seconds === null) {
      misses.push({
        prop: 'rto',
        problem: `${who} has no RTO (${w.rto.arithmetic}), so the target ${formatSeconds(t.rtoSeconds)} is not met`,
        fix: 'make it survive the failure domains its parts take away (see mustSurvive), e.g. a NAT gateway per zone',
        workloadPath: w.path,
      });
    } else if (t.rtoSeconds !== undefined && w.rto.seconds !== null && w.rto.seconds > t.rtoSeconds) {
      misses.push({
        prop: 'rto',
        problem: `${who} models RTO ${formatSeconds(w.rto.seconds)} (${w.rto.arithmetic}), above the target ${formatSeconds(t.rtoSeconds)}`,
        fix: meetAdvice('RTO', t.rtoSeconds, w.rto.seconds, w, (a) => a.rtoSeconds),
        workloadPath: w.path,
      });
    }
    if (t.rpoSeconds !== undefined) {
      if (w.rpo.seconds === null) {
        // No bound is claimed, so no target can be said to be met.
        misses.push({
          prop: 'rpo',
          problem: `${who} has an RPO that is not modelled (${w.rpo.arithmetic.replace(/^not modelled: /, '')}), so the target ${formatSeconds(t.rpoSeconds)} cannot be shown to be met`,
          fix: 'record a profile for the backing stores that hold its data (their replication or backup bounds the RPO), or remove the rpo target from this policy',
          workloadPath: w.path,
        });
      } else if (w.rpo.seconds > t.rpoSeconds) {
        misses.push({
          prop: 'rpo',
          problem: `${who} models RPO ${formatSeconds(w.rpo.seconds)} (${w.rpo.arithmetic}), above the target ${formatSeconds(t.rpoSeconds)}`,
          fix: meetAdvice('RPO', t.rpoSeconds, w.rpo.seconds, w, (a) => a.rpoSeconds),
          workloadPath: w.path,
        });
      }
    }
  }
  if (t.monthlyBudgetUsd !== undefined && applies.length > 0) {
    const totalCents = applies.reduce((s, w) => s + Math.round(w.monthlyCostUsd.total * 100), 0);
    const budgetCents = Math.round(t.monthlyBudgetUsd * 100);
    if (totalCents > budgetCents) {
      const total = totalCents / 100;
      const sum = applies.map((w) => `'${w.name}' ${formatUsd(w.monthlyCostUsd.total)}`).join(' + ');
      const biggest = applies.flatMap((w) => w.monthlyCostUsd.lines.map((l) => ({ w, l })))
        .sort((a, b) => b.l.usd - a.l.usd || compareText(a.l.item, b.l.item)).slice(0, 3)
        .map(({ w, l }) => `'${w.name}' ${l.arithmetic}`);
      misses.push({
        prop: 'monthlyBudgetUsd',
        problem: `${applies.length === 1 ? sum : `${sum} = ${formatUsd(total)}`} a month is above the budget ${formatUsd(t.monthlyBudgetUsd)}`,
        fix: `cut ${formatUsd((totalCents - budgetCents) / 100)} from the largest lines (${biggest.join('; ')}) or raise monthlyBudgetUsd to at least ${formatUsd(total)}`,
        workloadPath: applies[0].path,
      });
    }
  }
  return {
    path: policy.node.path,
    enforcement: t.enforcement,
    appliesTo: applies.map((w) => w.path),
    targets: {
      rtoSeconds: t.rtoSeconds ?? null,
      rpoSeconds: t.rpoSeconds ?? null,
      monthlyBudgetUsd: t.monthlyBudgetUsd ?? null,
      mustSurvive: [...t.mustSurvive],
    },
    passed: misses.length === 0,
    misses,
  };
}

function meetAdvice(what: string, target: number, current: number, w: ReportWorkload,
  pick: (a: ReportWorkload['alternatives'][number]) => number | null): string {
  const options = w.alternatives
    .map((a) => ({ change: a.change, seconds: pick(a) }))
    .filter((a): a is { change: string; seconds: number } => a.seconds !== null);
  const meeting = options.filter((a) => a.seconds <= target);
  if (meeting.length > 0) {
    return `${what} ${formatSeconds(target)} needs ${meeting.map((a) => `${a.change} (models ${formatSeconds(a.seconds)})`).join(' or ')}; `
      + `the current ${w.pattern} configuration models ${formatSeconds(current)}`;
  }
  const best = options.sort((a, b) => a.seconds - b.seconds)[0];
  return `no modelled configuration of ${w.pattern} meets ${what} ${formatSeconds(target)}`
    + (best ? ` (the closest, ${best.change}, models ${formatSeconds(best.seconds)})` : '')
    + `: relax the target to ${formatSeconds(best ? Math.min(best.seconds, current) : current)} or choose another pattern`;
}
