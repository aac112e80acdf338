import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { SLO_DEFAULTS } from './defaults';
import { roundRatio } from './private/arith';
import { describeValue, isUnresolved, PropValidator, wholeDuration } from '../core/validation';

/**
 * What an objective measures.
 */
export enum ObjectiveKind {
  /** The share of requests that succeed. */
  AVAILABILITY = 'AVAILABILITY',
  /** The share of requests answered within a latency threshold. */
  LATENCY = 'LATENCY',
}

/** Props shared by every objective. */
export interface ObjectiveCommonProps {
  /**
   * The share of good requests the objective promises, in percent: above 0 and below 100,
   * e.g. 99.9. The error budget is 100 - targetPercent.
   */
  readonly targetPercent: number;

  /**
   * The window the objective is measured over. It must be at least as long as the longest
   * burn-rate alert window (3 days with the SRE workbook alerts).
   *
   * @default Duration.days(30)
   */
  readonly window?: Duration;
}

/**
 * An availability objective over any pair of CloudWatch metrics: bad (or good) requests and all
 * requests. Give exactly one of `badMetric` and `goodMetric`.
 */
export interface AvailabilityObjectiveProps extends ObjectiveCommonProps {
  /**
   * Name of the objective, used in alarm names (letters, digits, `-`, `_` and `.`), e.g.
   * `checkout-availability`.
   */
  readonly name: string;

  /**
   * All valid requests. Counted with the Sum statistic when it is a `cloudwatch.Metric`. With
   * `badMetric`, a period with more bad requests than counted requests (or bad requests and no
   * datapoint of this metric) counts as fully bad: the ratio's denominator is the larger of the two.
   */
  readonly totalMetric: cloudwatch.IMetric;

  /**
   * Failed requests (e.g. 5xx responses). A period with no datapoint counts as no failure.
   * Counted with the Sum statistic when it is a `cloudwatch.Metric`.
   *
   * @default - use `goodMetric`
   */
  readonly badMetric?: cloudwatch.IMetric;

  /**
   * Successful requests. A period with requests but no datapoint of this metric counts as all
   * requests failed. Counted with the Sum statistic when it is a `cloudwatch.Metric`.
   *
   * @default - use `badMetric`
   */
  readonly goodMetric?: cloudwatch.IMetric;
}

/**
 * A latency objective over any latency metric that supports percentile statistics: the share of
 * requests answered within `threshold`.
 */
export interface LatencyObjectiveProps extends ObjectiveCommonProps {
  /**
   * Name of the objective, used in alarm names (letters, digits, `-`, `_` and `.`), e.g.
   * `checkout-latency`.
   */
  readonly name: string;

  /**
   * The per-request latency metric. It must support percentile statistics (published as values
   * or statistic sets with percentiles, like ALB `TargetResponseTime`): the share of fast
   * requests is its percentile rank `PR(:threshold)`.
   */
  readonly latencyMetric: cloudwatch.Metric;

  /**
   * A request is good when its latency is at most this, in the unit of `latencyMetric`. Above 0.
   */
  readonly threshold: number;
}

/**
 * An availability objective measured on an Application Load Balancer, declared before the load
 * balancer exists (see `LoadBalancedObjective`).
 */
export interface LoadBalancerAvailabilityProps extends ObjectiveCommonProps {
  /**
   * Name of the objective, used in alarm names.
   *
   * @default 'availability'
   */
  readonly name?: string;
}

/**
 * A latency objective measured on an Application Load Balancer, declared before the load
 * balancer exists (see `LoadBalancedObjective`).
 */
export interface LoadBalancerLatencyProps extends ObjectiveCommonProps {
  /**
   * Name of the objective, used in alarm names.
   *
   * @default 'latency'
   */
  readonly name?: string;

  /**
   * A request is good when the target answers within this many milliseconds (ALB
   * `TargetResponseTime`). Above 0.
   */
  readonly thresholdMs: number;
}

/**
 * An availability objective on an existing Application Load Balancer.
 */
export interface AlbAvailabilityObjectiveProps extends LoadBalancerAvailabilityProps {
  /** The load balancer in front of the service. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Measure one target group of a shared load balancer. Errors the load balancer itself returns
   * (`HTTPCode_ELB_5XX_Count`: 502, 503, 504 when targets fail or none is healthy) have no target
   * group dimension, so they are counted only without a target group.
   *
   * @default - the whole load balancer: target 5xx plus load balancer 5xx over all requests
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;
}

/**
 * A latency objective on an existing Application Load Balancer.
 */
export interface AlbLatencyObjectiveProps extends LoadBalancerLatencyProps {
  /** The load balancer in front of the service. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Measure one target group of a shared load balancer.
   *
   * @default - the whole load balancer
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;
}

/**
 * The expressions an objective offers over a period.
 */
export enum SliExpression {
  /** Bad requests / all requests (0..1). */
  ERROR_RATIO = 'ERROR_RATIO',
  /** Error ratio / error budget. */
  BURN_RATE = 'BURN_RATE',
  /** 100 x (1 - error ratio). */
  SLI_PERCENT = 'SLI_PERCENT',
  /** 100 x (1 - error ratio / error budget). */
  BUDGET_REMAINING_PERCENT = 'BUDGET_REMAINING_PERCENT',
}

/** How the bad-request ratio is computed, before any period is applied. */
interface RatioDefinition {
  /** Metric-math expression of the bad ratio (0..1) over one period. */
  readonly expression: string;
  /**
   * Metric-math expression of the number of requests in the period (the ratio's denominator), for
   * the deployment alarm's minimum-traffic guard.
   */
  readonly volume: string;
  /** The metrics the expressions use, by id. */
  readonly usingMetrics: { [id: string]: cloudwatch.IMetric };
  /** The same in words, for the report and the dashboard. */
  readonly text: string;
  /**
   * The request counts of an Application Signals request-based SLO, as metric-math expressions over
   * the same metrics: `monitored` counts bad (or good) requests, `total` all requests.
   */
  readonly counts: { readonly monitoredKind: 'BAD' | 'GOOD'; readonly monitored: string; readonly total: string };
  /** What this SLI cannot see, in words (listed in the description for the report). */
  readonly limitations: string[];
}

interface ObjectiveInit {
  readonly name: string;
  readonly kind: ObjectiveKind;
  readonly targetPercent: number;
  readonly window?: Duration;
  readonly ratio: RatioDefinition;
  readonly threshold?: number;
  readonly thresholdUnit?: string;
  readonly metricProblems?: Problem[];
}

interface Problem { readonly prop: string; readonly problem: string; readonly fix: string }

/**
 * The bad ratio of errors `e` over requests `n` (both already FILLed with 0), guarded so that
 * errors with no counted request count as fully bad.
 *
 * The ALB publishes a metric only when it has data, and answers 5xx itself (HTTPCode_ELB_5XX_Count)
 * when no target can serve; RequestCount counts only requests for which it could choose a target
 * (ELB user guide, "CloudWatch metrics for your Application Load Balancer"). So in the worst case
 * there are errors and no RequestCount datapoint. CloudWatch metric math drops a datapoint whose
 * division is by zero and treats a missing value as 0 in arithmetic (CloudWatch user guide, "Metric
 * math syntax and functions"); FILL(m, 0) gives every period a value. The denominator is
 * IF(n >= e, n, e): the requests, or the errors when there are more errors than counted requests, so
 * the ratio is 1 when users only get errors and at most 1. With no request and no error the division
 * is 0 / 0: no datapoint (no traffic, nothing spent).
 */
function guardedRatio(e: string, n: string): { expression: string; volume: string } {
  const volume = `IF(${n} >= ${e}, ${n}, ${e})`;
  return { expression: `${e} / ${volume}`, volume };
}

const TARGET_GROUP_LIMITATION = 'measured on one target group: 5xx the load balancer answers itself (HTTPCode_ELB_5XX_Count, e.g. 503 when no target is '
  + 'healthy or registered) have no target group dimension and are not counted, so a target group that cannot serve looks like no traffic; '
  + 'measure the whole load balancer to catch that';
const LATENCY_ELB_LIMITATION = 'latency is measured on requests a target answered (TargetResponseTime); requests the load balancer '
  + 'answers itself have no response time, so an outage shows in the availability objective, not here';
const LATENCY_ROUTE53_LIMITATION = 'no regional health alarm: the SLI uses the extended statistic PR(:threshold), and Route 53 health checks '
  + 'on CloudWatch alarms accept only the standard statistics Average, Minimum, Maximum, Sum and SampleCount (Route 53 API, AlarmIdentifier)';

/**
 * A declared service level objective: an SLI (the share of good requests), a target and a window.
 *
 * The SLI is always a bad-request ratio computed with CloudWatch metric math over one period, so
 * every alarm, graph and budget figure uses the same expression:
 * - availability: `e / IF(n >= e, n, e)` with `e = FILL(bad, 0)` and `n = FILL(total, 0)`, or
 *   `(FILL(total, 0) - FILL(good, 0)) / FILL(total, 0)`: errors with no counted request are fully
 *   bad (the load balancer answering 5xx itself while RequestCount has no datapoint);
 * - latency: `(100 - withinThreshold) / 100`, where `withinThreshold` is the latency metric's
 *   percentile rank `PR(:threshold)`: the percentage of requests at or under the threshold.
 *   CloudWatch has no "share of requests under X ms" metric; the percentile rank over a period
 *   is exactly that share for that period.
 *
 * Create one with a static factory, then pass it to `SloAlarms` (or to a service that takes
 * objectives). Props are checked when the alarms are created, all problems reported together.
 */
export class ServiceLevelObjective {
  /**
   * An availability objective over any pair of metrics: bad (or good) requests and all requests.
   */
  public static availability(props: AvailabilityObjectiveProps): ServiceLevelObjective {
    const p: Partial<AvailabilityObjectiveProps> = props ?? {};
    const problems: Problem[] = propsProblems(props, 'ServiceLevelObjective.availability({ name, badMetric, totalMetric, targetPercent })');
    if (p.totalMetric === undefined || p.totalMetric === null) {
      problems.push({ prop: 'totalMetric', problem: 'is required but was not given', fix: 'pass the metric of all valid requests (e.g. RequestCount) as totalMetric' });
    } else if (!isMetric(p.totalMetric)) {
      problems.push({ prop: 'totalMetric', problem: `must be a CloudWatch metric, got ${describeValue(p.totalMetric)}`, fix: 'pass a cloudwatch.Metric (or MathExpression) as totalMetric' });
    }
    for (const prop of ['badMetric', 'goodMetric'] as const) {
      const m = p[prop];
      if (m !== undefined && m !== null && !isMetric(m)) {
        problems.push({ prop, problem: `must be a CloudWatch metric, got ${describeValue(m)}`, fix: `pass a cloudwatch.Metric (or MathExpression) as ${prop}` });
      }
    }
    const given = [p.badMetric, p.goodMetric].filter((m) => m !== undefined && m !== null).length;
    if (given !== 1) {
      problems.push({
        prop: 'badMetric and goodMetric',
        problem: given === 0 ? 'neither is set, so no request can be counted as good or bad' : 'both are set',
        fix: 'set exactly one of them: badMetric (e.g. 5xx count) or goodMetric (e.g. 2xx count)',
      });
    }
    const total = asSum(p.totalMetric);
    let ratio: RatioDefinition;
    if (p.goodMetric && !p.badMetric) {
      const n = 'FILL(total, 0)';
      const g = 'FILL(good, 0)';
      ratio = {
        expression: `(${n} - ${g}) / ${n}`,
        volume: n,
        usingMetrics: { good: asSum(p.goodMetric), total },
        text: `(${metricText(p.totalMetric)} - ${metricText(p.goodMetric)}) / ${metricText(p.totalMetric)}`,
        counts: { monitoredKind: 'GOOD', monitored: g, total: n },
        limitations: ['with goodMetric, a period with no total request has no datapoint: failures that are not counted in totalMetric are not seen; '
          + 'use badMetric with a totalMetric that counts every request to see them'],
      };
    } else {
      const g = guardedRatio('FILL(bad, 0)', 'FILL(total, 0)');
      ratio = {
        ...g,
        usingMetrics: { bad: asSum(p.badMetric ?? p.totalMetric), total },
        text: `${metricText(p.badMetric)} / ${metricText(p.totalMetric)}, errors without counted requests fully bad`,
        counts: { monitoredKind: 'BAD', monitored: 'FILL(bad, 0)', total: g.volume },
        limitations: [],
      };
    }
    return new ServiceLevelObjective({
      name: p.name as string,
      kind: ObjectiveKind.AVAILABILITY,
      targetPercent: p.targetPercent as number,
      window: p.window,
      ratio,
      metricProblems: problems,
    });
  }

  /**
   * A latency objective over any latency metric with percentiles: the share of requests at or
   * under `threshold` (in the metric's unit).
   */
  public static latency(props: LatencyObjectiveProps): ServiceLevelObjective {
    const p: Partial<LatencyObjectiveProps> = props ?? {};
    const problems = propsProblems(props, 'ServiceLevelObjective.latency({ name, latencyMetric, threshold, targetPercent })');
    const metric = p.latencyMetric;
    if (metric === undefined || metric === null) {
      problems.push({ prop: 'latencyMetric', problem: 'is required but was not given', fix: 'pass the per-request latency metric (with percentiles, e.g. TargetResponseTime) as latencyMetric' });
    } else if (!(metric instanceof cloudwatch.Metric)) {
      problems.push({
        prop: 'latencyMetric',
        problem: `must be a cloudwatch.Metric (its percentile rank is taken), got ${describeValue(metric)}`,
        fix: 'pass a cloudwatch.Metric that supports percentile statistics as latencyMetric',
      });
    }
    const usable = metric instanceof cloudwatch.Metric ? metric : new cloudwatch.Metric({ namespace: 'Missing', metricName: 'latencyMetric' });
    const unit = usable.unit ? String(usable.unit) : 'metric units';
    return ServiceLevelObjective.latencyOf(p.name as string, usable, p.threshold as number, p.threshold as number, unit,
      p as ObjectiveCommonProps, [], problems);
  }

  /**
   * An availability objective on an Application Load Balancer: requests answered with a 5xx by
   * the targets or by the load balancer, over all requests.
   *
   * Without `targetGroup`: `e / IF(n >= e, n, e)` with `e = FILL(targetErrors, 0) + FILL(lbErrors, 0)`
   * and `n = FILL(requests, 0)`, from `HTTPCode_Target_5XX_Count`, `HTTPCode_ELB_5XX_Count` and
   * `RequestCount` of the load balancer: when no target can serve, the load balancer answers 5xx
   * itself and RequestCount may have no datapoint; the ratio is then 1.
   * With `targetGroup`: the same over that target group's `HTTPCode_Target_5XX_Count` and
   * `RequestCount` (the load balancer's own 5xx have no target group dimension).
   * 4xx responses are the client's fault and count as good.
   */
  public static albAvailability(props: AlbAvailabilityObjectiveProps): ServiceLevelObjective {
    const p: Partial<AlbAvailabilityObjectiveProps> = props ?? {};
    return LoadBalancedObjective.availability(p as LoadBalancerAvailabilityProps)
      ._bindOrReport(p.loadBalancer, p.targetGroup, propsProblems(props, 'ServiceLevelObjective.albAvailability({ loadBalancer, targetPercent })'));
  }

  /**
   * A latency objective on an Application Load Balancer: the share of requests whose target
   * response time (`TargetResponseTime`, in seconds) is at most `thresholdMs`, as the percentile
   * rank `PR(:thresholdMs / 1000)`.
   */
  public static albLatency(props: AlbLatencyObjectiveProps): ServiceLevelObjective {
    const p: Partial<AlbLatencyObjectiveProps> = props ?? {};
    return LoadBalancedObjective.latency(p as LoadBalancerLatencyProps)
      ._bindOrReport(p.loadBalancer, p.targetGroup, propsProblems(props, 'ServiceLevelObjective.albLatency({ loadBalancer, thresholdMs, targetPercent })'));
  }

  /** @internal */
  public static _latencyOf(name: string, metric: cloudwatch.Metric, threshold: number, shownThreshold: number,
    unit: string, props: ObjectiveCommonProps, limitations: string[], problems: Problem[]): ServiceLevelObjective {
    return ServiceLevelObjective.latencyOf(name, metric, threshold, shownThreshold, unit, props, limitations, problems);
  }

  /** @internal */
  public static _fromErrorsAndRequests(name: string, props: ObjectiveCommonProps, errors: string,
    usingMetrics: { [id: string]: cloudwatch.IMetric }, text: string, limitations: string[], problems: Problem[]): ServiceLevelObjective {
    const g = guardedRatio(errors, 'FILL(requests, 0)');
    return new ServiceLevelObjective({
      name,
      kind: ObjectiveKind.AVAILABILITY,
      targetPercent: props.targetPercent,
      window: props.window,
      ratio: { ...g, usingMetrics, text, counts: { monitoredKind: 'BAD', monitored: errors, total: g.volume }, limitations },
      metricProblems: problems,
    });
  }

  private static latencyOf(name: string, metric: cloudwatch.Metric, threshold: number, shownThreshold: number,
    unit: string, props: ObjectiveCommonProps, limitations: string[], problems: Problem[]): ServiceLevelObjective {
    const usableThreshold = typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0 ? threshold : 1;
    const withinThreshold = metric.with({ statistic: cloudwatch.Stats.percentileRank(usableThreshold) });
    const latencyCount = metric.with({ statistic: 'SampleCount' });
    return new ServiceLevelObjective({
      name,
      kind: ObjectiveKind.LATENCY,
      targetPercent: props.targetPercent,
      window: props.window,
      threshold: shownThreshold,
      thresholdUnit: unit,
      ratio: {
        expression: '(100 - withinThreshold) / 100',
        volume: 'FILL(latencyCount, 0)',
        usingMetrics: { withinThreshold, latencyCount },
        text: `share of ${metric.metricName} above ${shownThreshold} ${unit} (100 - ${metric.metricName} PR(:${usableThreshold})) / 100`,
        // Good requests per minute: the share at or under the threshold times the requests with a
        // latency (SampleCount); exact for each one-minute period.
        counts: { monitoredKind: 'GOOD', monitored: 'withinThreshold / 100 * FILL(latencyCount, 0)', total: 'FILL(latencyCount, 0)' },
        limitations: [...limitations, LATENCY_ROUTE53_LIMITATION],
      },
      metricProblems: problems,
    });
  }

  /** Name of the objective, used in alarm names. */
  public readonly name: string;
  /** Availability or latency. */
  public readonly kind: ObjectiveKind;
  /** The promised share of good requests, in percent. */
  public readonly targetPercent: number;
  /** The window the objective is measured over. */
  public readonly window: Duration;
  /** The latency threshold, for latency objectives, in `latencyThresholdUnit`. */
  public readonly latencyThreshold?: number;
  /** Unit of `latencyThreshold` (`ms` for load balancer objectives). */
  public readonly latencyThresholdUnit?: string;
  /** The SLI in words: how the bad-request ratio is computed. */
  public readonly sliDescription: string;

  private readonly ratio: RatioDefinition;
  private readonly metricProblems: Problem[];

  private constructor(init: ObjectiveInit) {
    this.name = init.name;
    this.kind = init.kind;
    this.targetPercent = init.targetPercent;
    this.window = init.window ?? SLO_DEFAULTS.window;
    this.latencyThreshold = init.threshold;
    this.latencyThresholdUnit = init.thresholdUnit;
    this.ratio = init.ratio;
    this.sliDescription = init.ratio.text;
    this.metricProblems = init.metricProblems ?? [];
  }

  /**
   * The error budget: the share of requests allowed to be bad, as a fraction
   * ((100 - targetPercent) / 100, e.g. 0.001 for 99.9 %).
   */
  public get errorBudget(): number {
    return roundRatio((100 - this.targetPercent) / 100);
  }

  /** The metric-math expression of the bad-request ratio (0..1) over one period. */
  public get errorRatioExpression(): string {
    return this.ratio.expression;
  }

  /** The metric-math expression of the number of requests in one period (the ratio's denominator). */
  public get requestVolumeExpression(): string {
    return this.ratio.volume;
  }

  /** What the SLI cannot see, in words. */
  public get limitations(): string[] {
    return [...this.ratio.limitations];
  }

  /** The bad-request ratio (0..1) over each `period`. */
  public errorRatio(period: Duration, label?: string): cloudwatch.MathExpression {
    return this._expression(SliExpression.ERROR_RATIO, period, label);
  }

  /** How many times faster than sustainable the budget burns, over each `period`: ratio / budget. */
  public burnRate(period: Duration, label?: string): cloudwatch.MathExpression {
    return this._expression(SliExpression.BURN_RATE, period, label);
  }

  /** The SLI: the share of good requests in percent, over each `period`: 100 x (1 - ratio). */
  public sliPercent(period: Duration, label?: string): cloudwatch.MathExpression {
    return this._expression(SliExpression.SLI_PERCENT, period, label);
  }

  /**
   * The error budget left (percent; negative when overspent) if `period` were the whole window:
   * 100 x (1 - ratio / budget).
   */
  public budgetRemainingPercent(period: Duration, label?: string): cloudwatch.MathExpression {
    return this._expression(SliExpression.BUDGET_REMAINING_PERCENT, period, label);
  }

  /**
   * One of the SLI expressions over `period`. With `idSuffix`, the metric ids get the suffix, so
   * expressions of several periods can share one graph (CloudWatch needs distinct ids there).
   * @internal
   */
  public _expression(which: SliExpression, period: Duration, label?: string, idSuffix?: string): cloudwatch.MathExpression {
    const ratio = this.renamed(this.ratio.expression, idSuffix);
    const [expression, defaultLabel] = {
      [SliExpression.ERROR_RATIO]: [ratio, `${this.name} error ratio`],
      [SliExpression.BURN_RATE]: [`(${ratio}) / ${this.errorBudget}`, `${this.name} burn rate`],
      [SliExpression.SLI_PERCENT]: [`100 * (1 - (${ratio}))`, `${this.name} SLI (%)`],
      [SliExpression.BUDGET_REMAINING_PERCENT]: [`100 * (1 - (${ratio}) / ${this.errorBudget})`, `${this.name} error budget remaining (%)`],
    }[which];
    return this.math(expression, period, label ?? defaultLabel, idSuffix);
  }

  /**
   * The error ratio over `period`, 0 while the period has fewer than `minRequests` requests (the
   * deployment alarm's minimum-traffic guard). `minRequests` 0 is the plain error ratio.
   * @internal
   */
  public _guardedErrorRatio(period: Duration, minRequests: number, label: string): cloudwatch.MathExpression {
    if (minRequests <= 0) return this.math(this.ratio.expression, period, label);
    return this.math(`IF(${this.ratio.volume} >= ${minRequests}, ${this.ratio.expression}, 0)`, period, label);
  }

  /**
   * The metrics of the SLI and the count expressions of an Application Signals request-based SLO.
   * @internal
   */
  public _requestCounts(): { usingMetrics: { [id: string]: cloudwatch.IMetric }; monitoredKind: 'BAD' | 'GOOD'; monitored: string; total: string } {
    return { usingMetrics: { ...this.ratio.usingMetrics }, ...this.ratio.counts };
  }

  /**
   * True when every metric of the SLI is a plain CloudWatch metric (a metric-math input keeps its
   * own inner ids, so expressions of several periods cannot share one graph).
   * @internal
   */
  public get _plainMetricsOnly(): boolean {
    return Object.values(this.ratio.usingMetrics).every((m) => m instanceof cloudwatch.Metric);
  }

  /**
   * Records the problems with this objective's props (checked where there is a construct to
   * name in the error).
   * @internal
   */
  public _validate(v: PropValidator, prefix: string): void {
    for (const p of this.metricProblems) v.fail(`${prefix}.${p.prop}`, p.problem, p.fix);
    if (this.name === undefined || this.name === null) {
      v.fail(`${prefix}.name`, 'is required but was not given', 'name the objective with 1-100 letters, digits, "-", "_" or "." (e.g. "checkout-availability")');
    } else if (typeof this.name === 'string' && this.name.length === 0) {
      v.fail(`${prefix}.name`, 'is an empty string, so the alarm names would have no objective part',
        'name the objective with 1-100 letters, digits, "-", "_" or "." (e.g. "checkout-availability")');
    } else {
      v.require(typeof this.name === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(this.name), `${prefix}.name`,
        `${typeof this.name === 'string' ? `"${this.name}"` : describeValue(this.name)} cannot be used in alarm names`,
        'use 1-100 letters, digits, "-", "_" or "." (e.g. "checkout-availability")');
    }
    if (this.targetPercent === undefined || this.targetPercent === null) {
      v.fail(`${prefix}.targetPercent`, 'is required but was not given', 'set targetPercent to the promised share of good requests, e.g. 99.9');
    } else if (typeof this.targetPercent !== 'number') {
      v.fail(`${prefix}.targetPercent`, `must be a number, got ${describeValue(this.targetPercent)}`, 'set targetPercent to a number, e.g. 99.9');
    } else if (isUnresolved(this.targetPercent)) {
      v.fail(`${prefix}.targetPercent`, 'is a token; the alarm thresholds are computed from it at synth time',
        'pass the target as a number, e.g. 99.9');
    } else if (v.number(`${prefix}.targetPercent`, this.targetPercent)) {
      v.require(this.targetPercent > 0 && this.targetPercent < 100, `${prefix}.targetPercent`,
        `is ${this.targetPercent}; a target must be above 0 % and below 100 % (100 % leaves no error budget to alert on)`,
        'set targetPercent between 0 and 100 exclusive, e.g. 99.9');
    }
    if (!(this.window instanceof Duration)) {
      v.fail(`${prefix}.window`, `must be a Duration, got ${describeValue(this.window)}`, 'pass a Duration, e.g. Duration.days(30)');
    } else if (this.window.isUnresolved()) {
      v.fail(`${prefix}.window`, 'is a token; the alert windows are checked against it at synth time', 'pass a literal Duration, e.g. Duration.days(30)');
    } else {
      wholeDuration(v, `${prefix}.window`, this.window, 'minutes', { min: 1 });
    }
    if (this.kind === ObjectiveKind.LATENCY && !isUnresolved(this.latencyThreshold)) {
      const t = this.latencyThreshold;
      if (t === undefined || t === null) {
        v.fail(`${prefix}.threshold`, 'is required but was not given',
          'set the threshold to the latency a good request must not exceed (e.g. thresholdMs: 300)');
      } else {
        v.require(typeof t === 'number' && Number.isFinite(t) && t > 0, `${prefix}.threshold`,
          `is ${describeValue(t)}; a latency threshold must be above 0`,
          'set the threshold to the latency a good request must not exceed (e.g. thresholdMs: 300)');
      }
    }
  }

  private renamed(expr: string, idSuffix?: string): string {
    return idSuffix
      ? Object.keys(this.ratio.usingMetrics).reduce((e, id) => e.replace(new RegExp(`\\b${id}\\b`, 'g'), `${id}${idSuffix}`), expr)
      : expr;
  }

  private math(expression: string, period: Duration, label: string, idSuffix?: string): cloudwatch.MathExpression {
    const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
    for (const [id, m] of Object.entries(this.ratio.usingMetrics)) {
      // The expression's period overrides the metrics' periods; setting it first keeps CDK from
      // warning that it did.
      usingMetrics[`${id}${idSuffix ?? ''}`] = m instanceof cloudwatch.Metric ? m.with({ period }) : m;
    }
    return new cloudwatch.MathExpression({ expression: this.renamed(expression, idSuffix), usingMetrics, period, label });
  }
}

/**
 * An objective measured on the Application Load Balancer in front of a service, declared before
 * the load balancer exists: a service that takes objectives (e.g. StatelessService) binds it to
 * its own load balancer.
 */
export class LoadBalancedObjective {
  /** The share of requests not answered with a 5xx by the targets or the load balancer. */
  public static availability(props: LoadBalancerAvailabilityProps): LoadBalancedObjective {
    const p: Partial<LoadBalancerAvailabilityProps> = props ?? {};
    return new LoadBalancedObjective(ObjectiveKind.AVAILABILITY, p.name ?? 'availability', p as ObjectiveCommonProps, undefined,
      propsProblems(props, 'LoadBalancedObjective.availability({ targetPercent })'));
  }

  /** The share of requests whose target response time is at most `thresholdMs`. */
  public static latency(props: LoadBalancerLatencyProps): LoadBalancedObjective {
    const p: Partial<LoadBalancerLatencyProps> = props ?? {};
    return new LoadBalancedObjective(ObjectiveKind.LATENCY, p.name ?? 'latency', p as ObjectiveCommonProps, p.thresholdMs,
      propsProblems(props, 'LoadBalancedObjective.latency({ thresholdMs, targetPercent })'));
  }

  /** True when `x` is a LoadBalancedObjective (also across copies of this library). */
  public static isLoadBalancedObjective(x: unknown): x is LoadBalancedObjective {
    return x instanceof LoadBalancedObjective;
  }

  /** Availability or latency. */
  public readonly kind: ObjectiveKind;
  /** Name of the objective, used in alarm names. */
  public readonly name: string;

  private constructor(kind: ObjectiveKind, name: string, private readonly props: ObjectiveCommonProps,
    private readonly thresholdMs: number | undefined, private readonly problems: Problem[]) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * The objective measured on this load balancer (and target group, for a shared load balancer).
   */
  public bind(loadBalancer: elbv2.IApplicationLoadBalancer, targetGroup?: elbv2.IApplicationTargetGroup): ServiceLevelObjective {
    return this._bindOrReport(loadBalancer, targetGroup, []);
  }

  /** @internal */
  public _bindOrReport(loadBalancer: unknown, targetGroup: unknown, extraProblems: Problem[]): ServiceLevelObjective {
    const problems = [...extraProblems, ...this.problems];
    let lb = loadBalancer as elbv2.IApplicationLoadBalancer | undefined;
    if (lb === undefined || lb === null) {
      problems.push({ prop: 'loadBalancer', problem: 'is required but was not given', fix: 'pass the Application Load Balancer in front of the service' });
      lb = undefined;
    } else if (!hasMetrics(lb)) {
      problems.push({ prop: 'loadBalancer', problem: `must be an Application Load Balancer, got ${describeValue(lb)}`, fix: 'pass an elbv2.IApplicationLoadBalancer' });
      lb = undefined;
    }
    let tg = targetGroup as elbv2.IApplicationTargetGroup | undefined;
    if (tg !== undefined && tg !== null && !hasMetrics(tg)) {
      problems.push({ prop: 'targetGroup', problem: `must be an Application Load Balancer target group, got ${describeValue(tg)}`, fix: 'pass an elbv2.IApplicationTargetGroup, or omit it' });
      tg = undefined;
    }
    if (tg === null) tg = undefined;
    const source = tg ?? lb;
    if (this.kind === ObjectiveKind.LATENCY) {
      const ms = this.thresholdMs as number;
      const metric = source ? source.metrics.targetResponseTime() : missingMetric('TargetResponseTime');
      // TargetResponseTime is in seconds.
      const seconds = typeof ms === 'number' ? roundRatio(ms / 1000) : ms;
      return ServiceLevelObjective._latencyOf(this.name, metric, seconds, ms, 'ms', this.props,
        [LATENCY_ELB_LIMITATION], problems);
    }
    if (tg) {
      return ServiceLevelObjective._fromErrorsAndRequests(this.name, this.props, 'FILL(targetErrors, 0)',
        {
          targetErrors: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' }),
          requests: tg.metrics.requestCount({ statistic: 'Sum' }),
        },
        'HTTPCode_Target_5XX_Count / RequestCount (target group)', [TARGET_GROUP_LIMITATION], problems);
    }
    const m = lb?.metrics;
    return ServiceLevelObjective._fromErrorsAndRequests(this.name, this.props, '(FILL(targetErrors, 0) + FILL(lbErrors, 0))',
      {
        targetErrors: m ? m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' }) : missingMetric('HTTPCode_Target_5XX_Count'),
        lbErrors: m ? m.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum' }) : missingMetric('HTTPCode_ELB_5XX_Count'),
        requests: m ? m.requestCount({ statistic: 'Sum' }) : missingMetric('RequestCount'),
      },
      '(HTTPCode_Target_5XX_Count + HTTPCode_ELB_5XX_Count) / RequestCount (load balancer), 5xx without counted requests fully bad', [], problems);
  }
}

/** A problem when a factory was called without its props object (JavaScript, Python). */
function propsProblems(props: unknown, call: string): Problem[] {
  if (props === undefined || props === null) {
    return [{ prop: 'props', problem: 'were not given', fix: `call ${call}` }];
  }
  if (typeof props !== 'object') {
    return [{ prop: 'props', problem: `must be an object, got ${describeValue(props)}`, fix: `call ${call}` }];
  }
  return [];
}

function isMetric(x: unknown): x is cloudwatch.IMetric {
  return x instanceof cloudwatch.Metric || x instanceof cloudwatch.MathExpression
    || (typeof x === 'object' && x !== null && typeof (x as { toMetricConfig?: unknown }).toMetricConfig === 'function');
}

function hasMetrics(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { metrics?: unknown }).metrics === 'object';
}

/** Stands in for a metric whose source was not given; the objective then fails validation. */
function missingMetric(name: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'Missing', metricName: name, statistic: 'Sum' });
}

function asSum(metric: cloudwatch.IMetric | undefined): cloudwatch.IMetric {
  if (metric instanceof cloudwatch.Metric) return metric.with({ statistic: 'Sum' });
  return isMetric(metric) ? metric : missingMetric('totalMetric');
}

function metricText(metric: cloudwatch.IMetric | undefined): string {
  if (metric === undefined || metric === null) return '?';
  if (metric instanceof cloudwatch.Metric) return metric.metricName;
  return isMetric(metric) ? metric.toString() : '?';
}
