import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { SLO_DEFAULTS } from './defaults';
import { roundRatio } from './private/arith';
import { isUnresolved, PropValidator } from '../core/validation';

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
   * All valid requests. Counted with the Sum statistic when it is a `cloudwatch.Metric`.
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
  /** The metrics the expression uses, by id. */
  readonly usingMetrics: { [id: string]: cloudwatch.IMetric };
  /** The same in words, for the report and the dashboard. */
  readonly text: string;
}

interface ObjectiveInit {
  readonly name: string;
  readonly kind: ObjectiveKind;
  readonly targetPercent: number;
  readonly window?: Duration;
  readonly ratio: RatioDefinition;
  readonly threshold?: number;
  readonly thresholdUnit?: string;
  readonly metricProblems?: Array<{ prop: string; problem: string; fix: string }>;
}

/**
 * A declared service level objective: an SLI (the share of good requests), a target and a window.
 *
 * The SLI is always a bad-request ratio computed with CloudWatch metric math over one period, so
 * every alarm, graph and budget figure uses the same expression:
 * - availability: `FILL(bad, 0) / total`, or `(total - FILL(good, 0)) / total`;
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
    const problems: Array<{ prop: string; problem: string; fix: string }> = [];
    const given = [props.badMetric, props.goodMetric].filter((m) => m !== undefined).length;
    if (given !== 1) {
      problems.push({
        prop: 'badMetric and goodMetric',
        problem: given === 0 ? 'neither is set, so no request can be counted as good or bad' : 'both are set',
        fix: 'set exactly one of them: badMetric (e.g. 5xx count) or goodMetric (e.g. 2xx count)',
      });
    }
    const ratio: RatioDefinition = props.goodMetric && !props.badMetric
      ? {
        expression: '(total - FILL(good, 0)) / total',
        usingMetrics: { good: asSum(props.goodMetric), total: asSum(props.totalMetric) },
        text: `(${metricText(props.totalMetric)} - ${metricText(props.goodMetric)}) / ${metricText(props.totalMetric)}`,
      }
      : {
        expression: 'FILL(bad, 0) / total',
        usingMetrics: { bad: asSum(props.badMetric ?? props.totalMetric), total: asSum(props.totalMetric) },
        text: `${metricText(props.badMetric)} / ${metricText(props.totalMetric)}`,
      };
    return new ServiceLevelObjective({
      name: props.name,
      kind: ObjectiveKind.AVAILABILITY,
      targetPercent: props.targetPercent,
      window: props.window,
      ratio,
      metricProblems: problems,
    });
  }

  /**
   * A latency objective over any latency metric with percentiles: the share of requests at or
   * under `threshold` (in the metric's unit).
   */
  public static latency(props: LatencyObjectiveProps): ServiceLevelObjective {
    return ServiceLevelObjective.latencyOf(props.name, props.latencyMetric, props.threshold, props.threshold,
      props.latencyMetric.unit ? String(props.latencyMetric.unit) : 'metric units', props);
  }

  /**
   * An availability objective on an Application Load Balancer: requests answered with a 5xx by
   * the targets or by the load balancer, over all requests.
   *
   * Without `targetGroup`: `(FILL(targetErrors, 0) + FILL(lbErrors, 0)) / requests` from
   * `HTTPCode_Target_5XX_Count`, `HTTPCode_ELB_5XX_Count` and `RequestCount` of the load balancer.
   * With `targetGroup`: `FILL(targetErrors, 0) / requests` of that target group.
   * 4xx responses are the client's fault and count as good.
   */
  public static albAvailability(props: AlbAvailabilityObjectiveProps): ServiceLevelObjective {
    return LoadBalancedObjective.availability(props).bind(props.loadBalancer, props.targetGroup);
  }

  /**
   * A latency objective on an Application Load Balancer: the share of requests whose target
   * response time (`TargetResponseTime`, in seconds) is at most `thresholdMs`, as the percentile
   * rank `PR(:thresholdMs / 1000)`.
   */
  public static albLatency(props: AlbLatencyObjectiveProps): ServiceLevelObjective {
    return LoadBalancedObjective.latency(props).bind(props.loadBalancer, props.targetGroup);
  }

  /** @internal */
  public static _latencyOf(name: string, metric: cloudwatch.Metric, threshold: number, shownThreshold: number,
    unit: string, props: ObjectiveCommonProps): ServiceLevelObjective {
    return ServiceLevelObjective.latencyOf(name, metric, threshold, shownThreshold, unit, props);
  }

  /** @internal */
  public static _fromRatio(name: string, kind: ObjectiveKind, props: ObjectiveCommonProps, expression: string,
    usingMetrics: { [id: string]: cloudwatch.IMetric }, text: string): ServiceLevelObjective {
    return new ServiceLevelObjective({
      name,
      kind,
      targetPercent: props.targetPercent,
      window: props.window,
      ratio: { expression, usingMetrics, text },
    });
  }

  private static latencyOf(name: string, metric: cloudwatch.Metric, threshold: number, shownThreshold: number,
    unit: string, props: ObjectiveCommonProps): ServiceLevelObjective {
    const withinThreshold = metric.with({ statistic: cloudwatch.Stats.percentileRank(threshold) });
    return new ServiceLevelObjective({
      name,
      kind: ObjectiveKind.LATENCY,
      targetPercent: props.targetPercent,
      window: props.window,
      threshold: shownThreshold,
      thresholdUnit: unit,
      ratio: {
        expression: '(100 - withinThreshold) / 100',
        usingMetrics: { withinThreshold },
        text: `share of ${metric.metricName} above ${shownThreshold} ${unit} (100 - ${metric.metricName} PR(:${threshold})) / 100`,
      },
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
  private readonly metricProblems: Array<{ prop: string; problem: string; fix: string }>;

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
    const rename = (expr: string) => idSuffix
      ? Object.keys(this.ratio.usingMetrics).reduce((e, id) => e.replace(new RegExp(`\\b${id}\\b`, 'g'), `${id}${idSuffix}`), expr)
      : expr;
    const ratio = rename(this.ratio.expression);
    const [expression, defaultLabel] = {
      [SliExpression.ERROR_RATIO]: [ratio, `${this.name} error ratio`],
      [SliExpression.BURN_RATE]: [`(${ratio}) / ${this.errorBudget}`, `${this.name} burn rate`],
      [SliExpression.SLI_PERCENT]: [`100 * (1 - (${ratio}))`, `${this.name} SLI (%)`],
      [SliExpression.BUDGET_REMAINING_PERCENT]: [`100 * (1 - (${ratio}) / ${this.errorBudget})`, `${this.name} error budget remaining (%)`],
    }[which];
    const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
    for (const [id, m] of Object.entries(this.ratio.usingMetrics)) {
      // The expression's period overrides the metrics' periods; setting it first keeps CDK from
      // warning that it did.
      usingMetrics[`${id}${idSuffix ?? ''}`] = m instanceof cloudwatch.Metric ? m.with({ period }) : m;
    }
    return new cloudwatch.MathExpression({ expression, usingMetrics, period, label: label ?? defaultLabel });
  }

  /**
   * Records the problems with this objective's props (checked where there is a construct to
   * name in the error).
   * @internal
   */
  public _validate(v: PropValidator, prefix: string): void {
    for (const p of this.metricProblems) v.fail(`${prefix}.${p.prop}`, p.problem, p.fix);
    v.require(typeof this.name === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(this.name), `${prefix}.name`,
      `"${this.name}" cannot be used in alarm names`,
      'use 1-100 letters, digits, "-", "_" or "." (e.g. "checkout-availability")');
    if (isUnresolved(this.targetPercent)) {
      v.fail(`${prefix}.targetPercent`, 'is a token; the alarm thresholds are computed from it at synth time',
        'pass the target as a number, e.g. 99.9');
    } else if (v.number(`${prefix}.targetPercent`, this.targetPercent)) {
      v.require(this.targetPercent > 0 && this.targetPercent < 100, `${prefix}.targetPercent`,
        `is ${this.targetPercent}; a target must be above 0 % and below 100 % (100 % leaves no error budget to alert on)`,
        'set targetPercent between 0 and 100 exclusive, e.g. 99.9');
    }
    if (this.window.isUnresolved()) {
      v.fail(`${prefix}.window`, 'is a token; the alert windows are checked against it at synth time', 'pass a literal Duration, e.g. Duration.days(30)');
    }
    if (this.kind === ObjectiveKind.LATENCY && !isUnresolved(this.latencyThreshold)) {
      const t = this.latencyThreshold;
      v.require(typeof t === 'number' && Number.isFinite(t) && t > 0, `${prefix}.threshold`,
        `is ${t}; a latency threshold must be above 0`,
        'set the threshold to the latency a good request must not exceed (e.g. thresholdMs: 300)');
    }
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
    return new LoadBalancedObjective(ObjectiveKind.AVAILABILITY, props.name ?? 'availability', props, undefined);
  }

  /** The share of requests whose target response time is at most `thresholdMs`. */
  public static latency(props: LoadBalancerLatencyProps): LoadBalancedObjective {
    return new LoadBalancedObjective(ObjectiveKind.LATENCY, props.name ?? 'latency', props, props.thresholdMs);
  }

  /** Availability or latency. */
  public readonly kind: ObjectiveKind;
  /** Name of the objective, used in alarm names. */
  public readonly name: string;

  private constructor(kind: ObjectiveKind, name: string, private readonly props: ObjectiveCommonProps,
    private readonly thresholdMs: number | undefined) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * The objective measured on this load balancer (and target group, for a shared load balancer).
   */
  public bind(loadBalancer: elbv2.IApplicationLoadBalancer, targetGroup?: elbv2.IApplicationTargetGroup): ServiceLevelObjective {
    if (this.kind === ObjectiveKind.LATENCY) {
      const ms = this.thresholdMs as number;
      const metric = (targetGroup ? targetGroup.metrics : loadBalancer.metrics).targetResponseTime();
      // TargetResponseTime is in seconds.
      const seconds = typeof ms === 'number' ? roundRatio(ms / 1000) : ms;
      return ServiceLevelObjective._latencyOf(this.name, metric, seconds, ms, 'ms', this.props);
    }
    if (targetGroup) {
      return ServiceLevelObjective._fromRatio(this.name, ObjectiveKind.AVAILABILITY, this.props,
        'FILL(targetErrors, 0) / requests',
        {
          targetErrors: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' }),
          requests: targetGroup.metrics.requestCount({ statistic: 'Sum' }),
        },
        'HTTPCode_Target_5XX_Count / RequestCount (target group)');
    }
    return ServiceLevelObjective._fromRatio(this.name, ObjectiveKind.AVAILABILITY, this.props,
      '(FILL(targetErrors, 0) + FILL(lbErrors, 0)) / requests',
      {
        targetErrors: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' }),
        lbErrors: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum' }),
        requests: loadBalancer.metrics.requestCount({ statistic: 'Sum' }),
      },
      '(HTTPCode_Target_5XX_Count + HTTPCode_ELB_5XX_Count) / RequestCount (load balancer)');
  }
}

function asSum(metric: cloudwatch.IMetric): cloudwatch.IMetric {
  return metric instanceof cloudwatch.Metric ? metric.with({ statistic: 'Sum' }) : metric;
}

function metricText(metric: cloudwatch.IMetric | undefined): string {
  if (metric === undefined) return '?';
  if (metric instanceof cloudwatch.Metric) return metric.metricName;
  return metric.toString();
}
