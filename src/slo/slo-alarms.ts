import { Duration, Names, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AlertSeverity, BurnRateWindow } from './burn-rate';
import { SLO_DEFAULTS } from './defaults';
import { ServiceLevelObjective, SliExpression } from './objective';
import { alarmShape, durationText, evaluationText, isoDuration, roundRatio } from './private/arith';
import { PropValidator, warn } from '../core/validation';

const SLO_ALARMS_SYMBOL = Symbol.for('cdk-cloud-native-patterns.SloAlarms');

/**
 * Props of SloAlarms.
 */
export interface SloAlarmsProps {
  /** The objective to alert on. */
  readonly objective: ServiceLevelObjective;

  /**
   * The burn-rate alerts. Every long window must fit in the objective's window.
   *
   * @default BurnRateWindow.sreWorkbook() - page on 14.4x over 1 h and 5 min, page on 6x over
   * 6 h and 30 min, ticket on 1x over 3 days and 6 h
   */
  readonly burnRateWindows?: BurnRateWindow[];

  /**
   * Where page alerts go (ALARM and OK).
   *
   * @default - no notification: the alarms show on the dashboard only (tagged warning
   * `cdk-cloud-native-patterns:SloAlertsNotifyNobody` when no topic is given at all)
   */
  readonly pageTopic?: sns.ITopic;

  /**
   * Where ticket alerts go (ALARM and OK).
   *
   * @default - the page topic
   */
  readonly ticketTopic?: sns.ITopic;

  /**
   * Prefix of every alarm name. Alarm names are set, not generated, so an ECS service can list
   * its deployment alarm by name without depending on the alarm (a service metric in the alarm
   * would otherwise make a circular dependency), and so both regions of a pair share names.
   * Unique per account and region.
   *
   * @default - unique in the stack and stable: `<stack name>-<construct path>-<hash>`
   */
  readonly alarmNamePrefix?: string;

  /**
   * Also create `regionalHealthAlarm`, a metric alarm meant for a Route 53 health check so a
   * region pair fails over when the fast burn goes on, not only when the endpoint is down.
   *
   * @default false
   */
  readonly regionalHealthSignal?: boolean;

  /**
   * A dashboard to add this objective's widgets to (e.g. one dashboard per service for all its
   * objectives).
   *
   * @default - a new dashboard for this objective
   */
  readonly dashboard?: cloudwatch.Dashboard;
}

/**
 * The alarms of one burn-rate window.
 */
export interface BurnRateWindowAlarms {
  /** The window. */
  readonly window: BurnRateWindow;
  /** The error-ratio threshold of both alarms: burnRate x (1 - target). */
  readonly errorRatioThreshold: number;
  /** Error ratio over the long window above the threshold. */
  readonly longWindowAlarm: cloudwatch.Alarm;
  /** Error ratio over the short window above the threshold. */
  readonly shortWindowAlarm: cloudwatch.Alarm;
  /** Both of them in ALARM. */
  readonly alarm: cloudwatch.CompositeAlarm;
}

/** One burn-rate alert in the plain description of an objective. */
export interface BurnRateAlertDescription {
  /** Name of the alert window, e.g. `fast-burn`. */
  readonly name: string;
  /** `PAGE` or `TICKET`. */
  readonly severity: string;
  /** The burn rate it fires at. */
  readonly burnRate: number;
  /** The error-ratio threshold: burnRate x (1 - target). */
  readonly errorRatioThreshold: number;
  /** Long window, in seconds. */
  readonly longWindowSeconds: number;
  /** Short window, in seconds. */
  readonly shortWindowSeconds: number;
  /** Share (percent) of the window's error budget spent when the alert fires. */
  readonly budgetSpentPercent: number;
  /** How CloudWatch evaluates the long window, in words. */
  readonly longWindowEvaluation: string;
  /** Name of the composite alarm (long AND short). */
  readonly alarmName: string;
  /** Name of the long-window metric alarm. */
  readonly longWindowAlarmName: string;
  /** Name of the short-window metric alarm. */
  readonly shortWindowAlarmName: string;
}

/**
 * A plain description of an objective and its alarms, for reports.
 */
export interface SloDescription {
  /** Name of the objective. */
  readonly name: string;
  /** `AVAILABILITY` or `LATENCY`. */
  readonly kind: string;
  /** The SLI in words. */
  readonly sli: string;
  /** The metric-math expression of the bad-request ratio. */
  readonly errorRatioExpression: string;
  /** Latency threshold, for latency objectives. */
  readonly latencyThreshold?: number;
  /** Unit of `latencyThreshold`. */
  readonly latencyThresholdUnit?: string;
  /** Target, in percent. */
  readonly targetPercent: number;
  /** The objective's window, in seconds. */
  readonly windowSeconds: number;
  /** The error budget as a fraction: (100 - target) / 100. */
  readonly errorBudget: number;
  /** The error budget as minutes of full outage over the window. */
  readonly errorBudgetMinutes: number;
  /** The burn-rate alerts. */
  readonly alerts: BurnRateAlertDescription[];
  /** Name of the page composite alarm, when there are page alerts. */
  readonly pageAlarmName?: string;
  /** Name of the ticket composite alarm, when there are ticket alerts. */
  readonly ticketAlarmName?: string;
  /** Name of the metric alarm ECS deployments roll back on. */
  readonly deploymentAlarmName: string;
  /** Name of the regional health alarm, when created. */
  readonly regionalHealthAlarmName?: string;
}

/**
 * Multi-window, multi-burn-rate alerting for one objective, as in the Google SRE workbook
 * (chapter 5, "Alerting on SLOs").
 *
 * For each burn-rate window it creates two metric-math alarms on the objective's bad-request
 * ratio, one over the long and one over the short window, each in ALARM when the ratio is above
 * `burnRate x (1 - target)` (e.g. 14.4 x 0.001 = 0.0144), and a composite alarm that is in ALARM
 * when both are. A `page` composite alarm (any page window) and a `ticket` composite alarm (any
 * ticket window) notify the topics. Missing data (no requests) is not breaching.
 *
 * How windows become alarms: a window of at most 1 day is one datapoint whose period is the
 * window, so the ratio is exact (the sum of bad over the sum of all requests in the window).
 * CloudWatch limits an alarm's period x evaluation periods to 7 days (1 day for periods under an
 * hour), and this library keeps periods at or under 1 day; so a longer window (e.g. the 3-day
 * ticket window) is evaluated as N daily datapoints that must all breach (N of N). That is an
 * approximation: it fires on a steady slow burn, the case the ticket alert is for, but not when
 * one bad day averages above the rate over three; such a burst is what the page alerts catch.
 *
 * The fast burn (the window with the highest burn rate) also yields:
 * - `deploymentAlarm`: its short-window metric alarm, which `attachToService` lists in the ECS
 *   service's deployment alarms with rollback. A metric alarm, not the composite, because ECS
 *   documents deployment alarms as CloudWatch metric alarms (CloudWatch's DescribeAlarms returns
 *   composite alarms only when asked for them); the short window judges the new tasks on the last
 *   minutes, recovers soon after a fix, and keeps ECS's bake time (derived from the alarm's
 *   period) short. A deployment during an ongoing incident is judged on those minutes only.
 * - `regionalHealthAlarm` (opt-in): a metric alarm on its long window for a Route 53 health check.
 */
export class SloAlarms extends Construct {
  /** True when `x` is an SloAlarms construct (for reports walking the construct tree). */
  public static isSloAlarms(x: any): x is SloAlarms {
    return x !== null && typeof x === 'object' && SLO_ALARMS_SYMBOL in x;
  }

  /** The objective alerted on. */
  public readonly objective: ServiceLevelObjective;
  /** The alarms of each burn-rate window, in the order given. */
  public readonly windowAlarms: BurnRateWindowAlarms[];
  /** Any page window in ALARM; notifies the page topic. Undefined when no window pages. */
  public readonly pageAlarm?: cloudwatch.CompositeAlarm;
  /** Any ticket window in ALARM; notifies the ticket topic. Undefined when no window opens tickets. */
  public readonly ticketAlarm?: cloudwatch.CompositeAlarm;
  /** The fast-burn composite alarm (long AND short window of the highest burn rate). */
  public readonly fastBurnAlarm: cloudwatch.CompositeAlarm;
  /** The metric alarm ECS deployments roll back on: the fast burn's short window. */
  public readonly deploymentAlarm: cloudwatch.Alarm;
  /** Name of `deploymentAlarm`, a literal string (no dependency on the alarm). */
  public readonly deploymentAlarmName: string;
  /**
   * A metric alarm for a Route 53 health check (`regionalHealthSignal: true`): the fast burn's
   * error ratio over its long window above the fast-burn threshold.
   *
   * Missing data is `missing`, so with no traffic (after a failover) the alarm goes to
   * INSUFFICIENT_DATA: give the health check `insufficientDataHealthStatus: LastKnownStatus` so the
   * region stays unhealthy until someone fails back on purpose. Route 53 documents alarm health
   * checks for standard-resolution metrics with the Average, Minimum, Maximum, Sum and SampleCount
   * statistics and does not mention metric math; check that your account accepts this alarm in a
   * health check before relying on it.
   */
  public readonly regionalHealthAlarm?: cloudwatch.Alarm;
  /** The dashboard with this objective's widgets. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** A plain description of the objective and its alarms, for reports. */
  public readonly description: SloDescription;

  constructor(scope: Construct, id: string, props: SloAlarmsProps) {
    super(scope, id);
    Object.defineProperty(this, SLO_ALARMS_SYMBOL, { value: true });
    const objective = props.objective;
    const windows = props.burnRateWindows ?? BurnRateWindow.sreWorkbook();
    validate(this, objective, windows, props.alarmNamePrefix);

    this.objective = objective;
    const prefix = props.alarmNamePrefix ?? Names.uniqueResourceName(this, { maxLength: 120, separator: '-' });
    const budget = objective.errorBudget;
    if (!props.pageTopic && !props.ticketTopic) {
      warn(this, 'SloAlertsNotifyNobody',
        `No pageTopic or ticketTopic: the burn-rate alerts of "${objective.name}" notify nobody. Pass an SNS topic so someone acts on them.`);
    }

    this.windowAlarms = windows.map((w) => {
      const threshold = roundRatio(w.burnRate * budget);
      const long = this.burnAlarm(`${w.name}-long`, `${prefix}-${w.name}-long`, w, w.longWindow, threshold,
        cloudwatch.TreatMissingData.NOT_BREACHING);
      const short = this.burnAlarm(`${w.name}-short`, `${prefix}-${w.name}-short`, w, w.shortWindow, threshold,
        cloudwatch.TreatMissingData.NOT_BREACHING);
      const alarm = new cloudwatch.CompositeAlarm(this, `${w.name}`, {
        compositeAlarmName: `${prefix}-${w.name}`,
        alarmDescription: `${objective.name}: error budget burning faster than ${w.burnRate}x over both ${durationText(w.longWindow)} and ${durationText(w.shortWindow)} (${w.severity}).`,
        alarmRule: cloudwatch.AlarmRule.allOf(
          cloudwatch.AlarmRule.fromAlarm(long, cloudwatch.AlarmState.ALARM),
          cloudwatch.AlarmRule.fromAlarm(short, cloudwatch.AlarmState.ALARM),
        ),
      });
      return { window: w, errorRatioThreshold: threshold, longWindowAlarm: long, shortWindowAlarm: short, alarm };
    });

    this.pageAlarm = this.severityAlarm('page', `${prefix}-page`, AlertSeverity.PAGE, props.pageTopic);
    this.ticketAlarm = this.severityAlarm('ticket', `${prefix}-ticket`, AlertSeverity.TICKET, props.ticketTopic ?? props.pageTopic);

    const fast = this.windowAlarms.reduce((a, b) => (b.window.burnRate > a.window.burnRate ? b : a));
    this.fastBurnAlarm = fast.alarm;
    this.deploymentAlarm = fast.shortWindowAlarm;
    this.deploymentAlarmName = `${prefix}-${fast.window.name}-short`;

    if (props.regionalHealthSignal) {
      this.regionalHealthAlarm = this.burnAlarm('regional-health', `${prefix}-regional-health`, fast.window,
        fast.window.longWindow, fast.errorRatioThreshold, cloudwatch.TreatMissingData.MISSING);
    }

    this.dashboard = props.dashboard ?? new cloudwatch.Dashboard(this, 'Dashboard', {
      periodOverride: cloudwatch.PeriodOverride.INHERIT,
    });
    this.dashboard.addWidgets(...this.dashboardRows().flat());

    this.description = {
      name: objective.name,
      kind: objective.kind,
      sli: objective.sliDescription,
      errorRatioExpression: objective.errorRatioExpression,
      latencyThreshold: objective.latencyThreshold,
      latencyThresholdUnit: objective.latencyThresholdUnit,
      targetPercent: objective.targetPercent,
      windowSeconds: objective.window.toSeconds(),
      errorBudget: budget,
      errorBudgetMinutes: roundRatio(objective.window.toMinutes() * budget),
      alerts: this.windowAlarms.map((a) => ({
        name: a.window.name,
        severity: a.window.severity,
        burnRate: a.window.burnRate,
        errorRatioThreshold: a.errorRatioThreshold,
        longWindowSeconds: a.window.longWindow.toSeconds(),
        shortWindowSeconds: a.window.shortWindow.toSeconds(),
        budgetSpentPercent: a.window.budgetSpentPercent(objective.window),
        longWindowEvaluation: evaluationText(a.window.longWindow),
        alarmName: `${prefix}-${a.window.name}`,
        longWindowAlarmName: `${prefix}-${a.window.name}-long`,
        shortWindowAlarmName: `${prefix}-${a.window.name}-short`,
      })),
      pageAlarmName: this.pageAlarm ? `${prefix}-page` : undefined,
      ticketAlarmName: this.ticketAlarm ? `${prefix}-ticket` : undefined,
      deploymentAlarmName: this.deploymentAlarmName,
      regionalHealthAlarmName: this.regionalHealthAlarm ? `${prefix}-regional-health` : undefined,
    };
  }

  /**
   * Rolls an ECS service's deployments back when the fast burn's short window alarms: lists
   * `deploymentAlarm` by name in the service's deployment alarms with
   * `AlarmBehavior.ROLLBACK_ON_ALARM`. The service must use the ECS deployment controller (the
   * default), and every deployment alarm of a service must use the same behavior.
   */
  public attachToService(service: ecs.BaseService): void {
    const name = this.deploymentAlarmName;
    // Checks the behavior (one per service) and enables the alarms when none were enabled yet.
    service.enableDeploymentAlarms([name], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    // aws-cdk-lib 2.262.0 drops the names of every later call (it discards the result of
    // `alarmNames.concat(...)`), so a second objective, or alarms the service enabled first, would
    // silently lose ours. Append through the service's own (protected) property when that happened.
    const internal = service as unknown as { deploymentAlarms?: { alarmNames: string[]; enable: boolean; rollback: boolean } };
    const current = internal.deploymentAlarms;
    if (current && !current.alarmNames.includes(name)) {
      internal.deploymentAlarms = { ...current, alarmNames: [...current.alarmNames, name] };
    }
  }

  private burnAlarm(id: string, alarmName: string, w: BurnRateWindow, window: Duration, threshold: number,
    treatMissingData: cloudwatch.TreatMissingData): cloudwatch.Alarm {
    const shape = alarmShape(window);
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName,
      alarmDescription: `${this.objective.name}: error ratio over ${durationText(window)} above ${threshold} `
        + `(burn rate ${w.burnRate} x error budget ${this.objective.errorBudget}); ${evaluationText(window)}.`,
      metric: this.objective.errorRatio(shape.period, `${this.objective.name} error ratio (${durationText(shape.period)})`),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: shape.evaluationPeriods,
      datapointsToAlarm: shape.evaluationPeriods,
      treatMissingData,
    });
    // NIST 800-53 R5 wants an action on every metric alarm; these are inputs of the composite
    // alarms, which carry the notifications (and ECS reads the deployment alarm by name).
    Validations.of(alarm).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchAlarmAction',
      reason: 'A burn-rate window alarm is an input of the page or ticket composite alarm, which notifies; the fast burn\'s short window also rolls ECS deployments back.',
    });
    return alarm;
  }

  private severityAlarm(id: string, name: string, severity: AlertSeverity, topic: sns.ITopic | undefined): cloudwatch.CompositeAlarm | undefined {
    const members = this.windowAlarms.filter((a) => a.window.severity === severity);
    if (members.length === 0) return undefined;
    const alarm = new cloudwatch.CompositeAlarm(this, id, {
      compositeAlarmName: name,
      alarmDescription: `${this.objective.name}: ${severity === AlertSeverity.PAGE ? 'page' : 'ticket'} - `
        + members.map((a) => `${a.window.burnRate}x over ${durationText(a.window.longWindow)}/${durationText(a.window.shortWindow)}`).join(' or '),
      alarmRule: cloudwatch.AlarmRule.anyOf(...members.map((a) => cloudwatch.AlarmRule.fromAlarm(a.alarm, cloudwatch.AlarmState.ALARM))),
    });
    if (topic) {
      alarm.addAlarmAction(new cwActions.SnsAction(topic));
      alarm.addOkAction(new cwActions.SnsAction(topic));
    }
    return alarm;
  }

  private dashboardRows(): cloudwatch.IWidget[][] {
    const o = this.objective;
    const windowStart = isoDuration(o.window);
    const rows = this.windowAlarms.map((a) =>
      `| ${a.window.name} | ${a.window.severity} | ${a.window.burnRate}x | ${durationText(a.window.longWindow)} | `
      + `${durationText(a.window.shortWindow)} | ${a.errorRatioThreshold} | ${a.window.budgetSpentPercent(o.window)} % |`);
    const text = new cloudwatch.TextWidget({
      width: 24,
      height: 4 + this.windowAlarms.length,
      markdown: [
        `## ${o.name}: ${o.kind === 'LATENCY' ? `latency under ${o.latencyThreshold} ${o.latencyThresholdUnit}` : 'availability'}`,
        `Target **${o.targetPercent} %** over **${durationText(o.window)}**; error budget ${roundRatio(o.errorBudget * 100)} % of requests. SLI: bad ratio = ${o.sliDescription}.`,
        '',
        '| alert | severity | burn rate | long window | short window | error-ratio threshold | budget spent when it fires |',
        '|---|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    });
    const sli = new cloudwatch.SingleValueWidget({
      title: `SLI over the last ${durationText(o.window)} (%)`,
      width: 6,
      height: 5,
      metrics: [o._expression(SliExpression.SLI_PERCENT, o.window)],
      setPeriodToTimeRange: true,
      start: windowStart,
      fullPrecision: true,
    });
    const remaining = new cloudwatch.SingleValueWidget({
      title: `Error budget remaining over the last ${durationText(o.window)} (%)`,
      width: 6,
      height: 5,
      metrics: [o._expression(SliExpression.BUDGET_REMAINING_PERCENT, o.window)],
      setPeriodToTimeRange: true,
      start: windowStart,
    });
    const status = new cloudwatch.AlarmStatusWidget({
      title: `${o.name} alerts`,
      width: 12,
      height: 5,
      alarms: [
        ...(this.pageAlarm ? [this.pageAlarm] : []),
        ...(this.ticketAlarm ? [this.ticketAlarm] : []),
        ...this.windowAlarms.map((a) => a.alarm),
      ],
    });
    const burn = new cloudwatch.GraphWidget({
      title: `${o.name} burn rate (long windows)`,
      width: 12,
      height: 6,
      left: this.windowAlarms.map((a, i) => {
        const period = alarmShape(a.window.longWindow).period;
        return o._expression(SliExpression.BURN_RATE, period, `${a.window.name} (${durationText(period)})`, `_w${i}`);
      }),
      leftAnnotations: this.windowAlarms.map((a) => ({ value: a.window.burnRate, label: `${a.window.name} ${a.window.burnRate}x` })),
      leftYAxis: { min: 0 },
    });
    const sliGraph = new cloudwatch.GraphWidget({
      title: `${o.name} SLI (%)`,
      width: 12,
      height: 6,
      left: [o._expression(SliExpression.SLI_PERCENT, SLO_DEFAULTS.dashboardSliPeriod)],
      leftAnnotations: [{ value: o.targetPercent, label: `target ${o.targetPercent} %` }],
    });
    return [[text], [sli, remaining, status], [burn, sliGraph]];
  }
}

function validate(scope: IConstruct, objective: ServiceLevelObjective, windows: BurnRateWindow[], prefix: string | undefined): void {
  const v = new PropValidator(scope);
  objective._validate(v, 'objective');
  v.require(windows.length > 0, 'burnRateWindows', 'is empty, so nothing would alert',
    'omit burnRateWindows for the SRE workbook alerts, or pass at least one BurnRateWindow');
  const names = new Set<string>();
  const maxRange = SLO_DEFAULTS.maxEvaluationRange.toSeconds();
  const day = SLO_DEFAULTS.maxSinglePeriod.toSeconds();
  const windowOk = !objective.window.isUnresolved();
  const budgetOk = typeof objective.targetPercent === 'number' && objective.targetPercent > 0 && objective.targetPercent < 100;
  windows.forEach((w, i) => {
    const p = `burnRateWindows[${i}]`;
    v.require(/^[A-Za-z0-9._-]{1,60}$/.test(w.name), `${p}.name`, `"${w.name}" cannot be used in alarm names`,
      'use 1-60 letters, digits, "-", "_" or "." (e.g. "fast-burn")');
    v.require(!names.has(w.name), `${p}.name`, `"${w.name}" is used by two windows, so their alarm names would clash`,
      'give each window its own name');
    names.add(w.name);
    if (v.number(`${p}.burnRate`, w.burnRate)) {
      v.require(w.burnRate > 0, `${p}.burnRate`, `is ${w.burnRate}; a burn rate must be above 0`,
        'use a burn rate above 0, e.g. 14.4 (1 spends exactly the budget over the window)');
      if (w.burnRate > 0 && budgetOk) {
        const threshold = roundRatio(w.burnRate * objective.errorBudget);
        v.require(threshold < 1, `${p}.burnRate`,
          `${w.burnRate} x error budget ${objective.errorBudget} = ${threshold}: an error ratio can never exceed 1, so this alert could never fire`,
          `lower the burn rate below ${roundRatio(1 / objective.errorBudget)}, or raise objective.targetPercent`);
      }
    }
    const lenOk = [['longWindow', w.longWindow], ['shortWindow', w.shortWindow]].every(([prop, d]) => {
      const dur = d as Duration;
      if (dur.isUnresolved()) {
        v.fail(`${p}.${prop}`, 'is a token; alarm periods are computed from it at synth time', 'pass a literal Duration');
        return false;
      }
      const s = dur.toSeconds();
      if (s < 60 || s % 60 !== 0) {
        v.fail(`${p}.${prop}`, `is ${s} s; alarm periods are whole minutes`, 'use a whole number of minutes, at least 1');
        return false;
      }
      if (s > day && (s % day !== 0 || s > maxRange)) {
        v.fail(`${p}.${prop}`, `is ${durationText(dur)}; a window over 1 day is evaluated as whole days and CloudWatch evaluates at most 7 days`,
          'use a window of at most 1 day, or a whole number of days up to 7');
        return false;
      }
      return true;
    });
    if (lenOk) {
      v.require(w.shortWindow.toSeconds() < w.longWindow.toSeconds(), `${p}.shortWindow`,
        `${durationText(w.shortWindow)} is not shorter than the long window ${durationText(w.longWindow)}`,
        'use a short window shorter than the long one (the SRE workbook uses 1/12 of it)');
      if (windowOk) {
        v.require(w.longWindow.toSeconds() <= objective.window.toSeconds(), 'objective.window',
          `${durationText(objective.window)} is shorter than the long alert window ${durationText(w.longWindow)} of "${w.name}"`,
          `measure the objective over at least ${durationText(w.longWindow)} (30 days is usual), or shorten the alert window`);
      }
    }
  });
  if (prefix !== undefined) {
    v.require(/^[A-Za-z0-9._-]{1,150}$/.test(prefix), 'alarmNamePrefix', `"${prefix}" cannot start alarm names`,
      'use 1-150 letters, digits, "-", "_" or "."');
  }
  v.throwIfAny();
}
