import { Duration, Names, Token, Validations } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { AlertSeverity, BurnRateWindow } from './burn-rate';
import { SLO_DEFAULTS } from './defaults';
import { ObjectiveKind, ServiceLevelObjective, SliExpression } from './objective';
import { applicationSignalsSlo, SLO_NAME_PATTERN } from './private/app-signals';
import { alarmShape, durationText, evaluationText, isoDuration, roundRatio } from './private/arith';
import { addRollbackAlarms } from './private/deployment-alarms';
import { PatternValidationError } from '../core/errors';
import { describeValue, oneOf, PropValidator, warn, wholeDuration } from '../core/validation';

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
   * Availability objectives only: a latency SLI uses the extended statistic `PR(:threshold)`, which
   * Route 53 health checks on CloudWatch alarms do not accept (an error names this prop).
   *
   * @default false
   */
  readonly regionalHealthSignal?: boolean;

  /**
   * Minimum-traffic guard of the deployment alarm (the fast burn's short window): while that
   * window has fewer requests than this, the alarm's datapoint is 0 (not breaching), so one failed
   * request among a handful does not roll a good release back. The page alerts are not weakened:
   * the fast burn's long window and the other windows have no guard. 0 turns the guard off.
   *
   * @default - the larger of 100 and ceil(1 / fast-burn threshold), the smallest count at which a
   * single failed request stays under the threshold (100 at 99.9 %: 1 / 0.0144 = 69.4; 695 at 99.99 %)
   */
  readonly deploymentMinRequests?: number;

  /**
   * Also declare the objective as a CloudWatch Application Signals request-based SLO
   * (`AWS::ApplicationSignals::ServiceLevelObjective`) over the same counts, with a burn rate for
   * every alert window, so the console shows the error budget and burn rates. The alarms stay the
   * paging and rollback path. Creating it creates the Application Signals service-linked role if it
   * does not exist (the deploying role needs `iam:CreateServiceLinkedRole`); turn it off in a region
   * without an Application Signals endpoint (AWS General Reference, "Amazon CloudWatch Application
   * Signals endpoints and quotas"; not checked by the library) or where the role may not be created.
   *
   * @default true
   */
  readonly applicationSignalsSlo?: boolean;

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
  /**
   * The deployment alarm's minimum-traffic guard: requests its window must have before errors
   * count (0: no guard).
   */
  readonly deploymentMinRequests: number;
  /** Name of the Application Signals SLO, when created. */
  readonly applicationSignalsSloName?: string;
  /**
   * What the Application Signals SLO records (its counts, goal and burn-rate windows), or why it
   * was not created.
   */
  readonly applicationSignalsSlo: string;
  /** What these alarms cannot see or do, in words (e.g. no Route 53 signal for latency). */
  readonly limitations: string[];
}

/**
 * Multi-window, multi-burn-rate alerting for one objective, as in the Google SRE workbook
 * (chapter 5, "Alerting on SLOs").
 *
 * For each burn-rate window it creates two metric-math alarms on the objective's bad-request
 * ratio, one over the long and one over the short window, each in ALARM when the ratio is above
 * `burnRate x (1 - target)` (e.g. 14.4 x 0.001 = 0.0144), and a composite alarm that is in ALARM
 * when both are. A `page` composite alarm (any page window) and a `ticket` composite alarm (any
 * ticket window) notify the topics. Missing data (no request and no error) is not breaching.
 *
 * Every window is one datapoint whose period is the window, so each alarm compares the real window
 * ratio (the sum of bad over the sum of all requests in the window): CloudWatch allows a period x
 * evaluation periods of up to 7 days for periods of 1 h or more, and up to 1 day below 1 h
 * (PutMetricAlarm, Period), so the 3-day ticket window is one 3-day datapoint (period 259,200 s).
 *
 * The fast burn (the window with the highest burn rate) also yields:
 * - `deploymentAlarm`: its short-window metric alarm, which `attachToService` lists in the ECS
 *   service's deployment alarms with rollback. A metric alarm, not the composite, because ECS
 *   documents deployment alarms as CloudWatch metric alarms (CloudWatch's DescribeAlarms returns
 *   composite alarms only when asked for them); the short window judges the new tasks on the last
 *   minutes, recovers soon after a fix, and keeps ECS's bake time (derived from the alarm's
 *   period) short. Its datapoint is 0 while the window has fewer than `deploymentMinRequests`
 *   requests. A deployment during an ongoing incident is judged on those minutes only.
 * - `regionalHealthAlarm` (opt-in, availability only): a metric alarm on its long window for a
 *   Route 53 health check; missing data is breaching (see the property).
 */
export class SloAlarms extends Construct {
  /** True when `x` is an SloAlarms construct (for reports walking the construct tree). */
  public static isSloAlarms(x: unknown): x is SloAlarms {
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
  /** The metric alarm ECS deployments roll back on: the fast burn's short window, traffic-guarded. */
  public readonly deploymentAlarm: cloudwatch.Alarm;
  /** Name of `deploymentAlarm`, a literal string (no dependency on the alarm). */
  public readonly deploymentAlarmName: string;
  /** Requests the deployment alarm's window needs before its errors count (0: no guard). */
  public readonly deploymentMinRequests: number;
  /**
   * A metric alarm for a Route 53 health check (`regionalHealthSignal: true`, availability
   * objectives): the fast burn's error ratio over its long window above the fast-burn threshold.
   *
   * Missing data is BREACHING. With the guarded ratio, a region whose users only get 5xx from the
   * load balancer has datapoints (ratio 1); a datapoint is missing only when the load balancer
   * counted neither a request nor an error for the whole window, which for a region that serves
   * traffic means clients do not reach it (listener, security group, certificate or network
   * failures leave no RequestCount and no 5xx). Route 53 would otherwise use its
   * InsufficientDataHealthStatus, LastKnownStatus by default and healthy for a new check (Route 53
   * API, HealthCheckConfig), and keep sending users there. The consequence: after a failover the
   * region that lost its traffic stays unhealthy until traffic returns, so failing back is a
   * deliberate step; and a standby that serves no traffic is unhealthy by design, so attach this
   * alarm only to the health check of a region that serves traffic.
   *
   * Route 53 documents alarm health checks for standard-resolution metrics with the Average,
   * Minimum, Maximum, Sum and SampleCount statistics (Route 53 API, AlarmIdentifier); this alarm
   * uses only Sum statistics in metric math. Route 53 does not state whether metric math is
   * accepted: check it in your account before relying on it.
   */
  public readonly regionalHealthAlarm?: cloudwatch.Alarm;
  /** The Application Signals SLO (`applicationSignalsSlo`, default true), when it could be declared. */
  public readonly applicationSignalsSlo?: applicationsignals.CfnServiceLevelObjective;
  /** The dashboard with this objective's widgets. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** A plain description of the objective and its alarms, for reports. */
  public readonly description: SloDescription;

  constructor(scope: Construct, id: string, props: SloAlarmsProps) {
    super(scope, id);
    Object.defineProperty(this, SLO_ALARMS_SYMBOL, { value: true });
    const p: Partial<SloAlarmsProps> = props ?? {};
    const windows = p.burnRateWindows ?? BurnRateWindow.sreWorkbook();
    validate(this, props, windows);
    const objective = p.objective as ServiceLevelObjective;

    this.objective = objective;
    const prefix = p.alarmNamePrefix ?? Names.uniqueResourceName(this, { maxLength: 120, separator: '-' });
    const budget = objective.errorBudget;
    if (!p.pageTopic && !p.ticketTopic) {
      warn(this, 'SloAlertsNotifyNobody',
        `No pageTopic or ticketTopic: the burn-rate alerts of "${objective.name}" notify nobody. Pass an SNS topic so someone acts on them.`);
    }

    const fastWindow = windows.reduce((a, b) => (b.burnRate > a.burnRate ? b : a));
    const fastThreshold = roundRatio(fastWindow.burnRate * budget);
    this.deploymentMinRequests = p.deploymentMinRequests
      ?? Math.max(SLO_DEFAULTS.deploymentMinRequestsFloor, Math.ceil(roundRatio(1 / fastThreshold)));

    this.windowAlarms = windows.map((w) => {
      const threshold = roundRatio(w.burnRate * budget);
      const long = this.burnAlarm(`${w.name}-long`, `${prefix}-${w.name}-long`, w, w.longWindow, threshold,
        cloudwatch.TreatMissingData.NOT_BREACHING, 0);
      const short = this.burnAlarm(`${w.name}-short`, `${prefix}-${w.name}-short`, w, w.shortWindow, threshold,
        cloudwatch.TreatMissingData.NOT_BREACHING, w === fastWindow ? this.deploymentMinRequests : 0);
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

    this.pageAlarm = this.severityAlarm('page', `${prefix}-page`, AlertSeverity.PAGE, p.pageTopic);
    this.ticketAlarm = this.severityAlarm('ticket', `${prefix}-ticket`, AlertSeverity.TICKET, p.ticketTopic ?? p.pageTopic);

    const fast = this.windowAlarms.find((a) => a.window === fastWindow)!;
    this.fastBurnAlarm = fast.alarm;
    this.deploymentAlarm = fast.shortWindowAlarm;
    this.deploymentAlarmName = `${prefix}-${fast.window.name}-short`;

    if (p.regionalHealthSignal) {
      this.regionalHealthAlarm = this.burnAlarm('regional-health', `${prefix}-regional-health`, fast.window,
        fast.window.longWindow, fast.errorRatioThreshold, cloudwatch.TreatMissingData.BREACHING, 0);
    }

    const limitations = objective.limitations;
    let sloNote = 'not created: applicationSignalsSlo is false';
    let sloName: string | undefined;
    if (p.applicationSignalsSlo ?? true) {
      const alarmsText = `Paging: ${this.pageAlarm ? `${prefix}-page` : 'none'}; tickets: ${this.ticketAlarm ? `${prefix}-ticket` : 'none'}; `
        + `rollback: ${this.deploymentAlarmName}.`;
      const result = applicationSignalsSlo(this, 'ApplicationSignalsSlo', {
        objective,
        name: `${prefix}-slo`,
        windows: windows.flatMap((w) => [w.longWindow, w.shortWindow]),
        alarmsText,
      });
      this.applicationSignalsSlo = result.slo;
      sloNote = result.note;
      if (result.slo) {
        sloName = `${prefix}-slo`;
      } else {
        warn(this, 'SloNotInApplicationSignals', `The objective "${objective.name}" is not declared in Application Signals: ${result.note}.`);
      }
    }

    this.dashboard = p.dashboard ?? new cloudwatch.Dashboard(this, 'Dashboard', {
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
      deploymentMinRequests: this.deploymentMinRequests,
      applicationSignalsSloName: sloName,
      applicationSignalsSlo: sloNote,
      limitations: [
        ...limitations,
        ...(this.deploymentMinRequests > 0
          ? [`the deployment alarm ${this.deploymentAlarmName} ignores errors while its ${durationText(fastWindow.shortWindow)} window has fewer than `
            + `${this.deploymentMinRequests} requests, so a release serving errors at lower traffic is rolled back only by the circuit breaker (failing tasks)`]
          : []),
      ],
    };
  }

  /**
   * Rolls an ECS service's deployments back when the fast burn's short window alarms: lists
   * `deploymentAlarm` by name in the service's deployment alarms with
   * `AlarmBehavior.ROLLBACK_ON_ALARM`. The service must use the ECS deployment controller (the
   * default), and every deployment alarm of a service must use the same behavior. Works for any
   * ECS service (e.g. both services of a Fargate Spot fallback pair).
   */
  public attachToService(service: ecs.BaseService): void {
    if (service === undefined || service === null
      || typeof (service as unknown as { enableDeploymentAlarms?: unknown }).enableDeploymentAlarms !== 'function') {
      throw new PatternValidationError(this, [{
        prop: 'attachToService(service)',
        problem: service === undefined || service === null ? 'no service was given' : `must be an ECS service, got ${describeValue(service)}`,
        fix: 'pass the ecs.FargateService or ecs.Ec2Service whose deployments should roll back on fast burn',
      }]);
    }
    addRollbackAlarms(service, [this.deploymentAlarmName]);
  }

  private burnAlarm(id: string, alarmName: string, w: BurnRateWindow, window: Duration, threshold: number,
    treatMissingData: cloudwatch.TreatMissingData, minRequests: number): cloudwatch.Alarm {
    const shape = alarmShape(window);
    const label = `${this.objective.name} error ratio (${durationText(shape.period)})`;
    const guard = minRequests > 0 ? `; 0 while the window has fewer than ${minRequests} requests` : '';
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName,
      alarmDescription: `${this.objective.name}: error ratio over ${durationText(window)} above ${threshold} `
        + `(burn rate ${w.burnRate} x error budget ${this.objective.errorBudget}); ${evaluationText(window)}${guard}.`,
      metric: this.objective._guardedErrorRatio(shape.period, minRequests, label),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: shape.evaluationPeriods,
      datapointsToAlarm: shape.evaluationPeriods,
      treatMissingData,
    });
    // NIST 800-53 R5 wants an action on every metric alarm; these are inputs of the composite
    // alarms, which carry the notifications (and ECS reads the deployment alarm by name).
    const reason = 'A burn-rate window alarm is an input of the page or ticket composite alarm, which notifies; the fast burn\'s short window also rolls ECS deployments back'
      + (treatMissingData === cloudwatch.TreatMissingData.BREACHING ? '; the regional health alarm is read by a Route 53 health check.' : '.');
    Validations.of(alarm).acknowledge(
      { id: 'NIST.800.53.R5-CloudWatchAlarmAction', reason },
      // The Control Tower rule of the cfn-guard plugin asks the same.
      { id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', reason },
    );
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
    const burnLine = (a: BurnRateWindowAlarms, i: number) => {
      const period = alarmShape(a.window.longWindow).period;
      return o._expression(SliExpression.BURN_RATE, period, `${a.window.name} (${durationText(period)})`, `_w${i}`);
    };
    // A metric-math input keeps its inner ids, which would clash between periods in one graph:
    // then each window gets its own graph.
    const burnGraphs = o._plainMetricsOnly
      ? [new cloudwatch.GraphWidget({
        title: `${o.name} burn rate (long windows)`,
        width: 12,
        height: 6,
        left: this.windowAlarms.map(burnLine),
        leftAnnotations: this.windowAlarms.map((a) => ({ value: a.window.burnRate, label: `${a.window.name} ${a.window.burnRate}x` })),
        leftYAxis: { min: 0 },
      })]
      : this.windowAlarms.map((a, i) => new cloudwatch.GraphWidget({
        title: `${o.name} burn rate over ${durationText(a.window.longWindow)}`,
        width: 12,
        height: 6,
        left: [burnLine(a, i)],
        leftAnnotations: [{ value: a.window.burnRate, label: `${a.window.name} ${a.window.burnRate}x` }],
        leftYAxis: { min: 0 },
      }));
    const sliGraph = new cloudwatch.GraphWidget({
      title: `${o.name} SLI (%)`,
      width: 12,
      height: 6,
      left: [o._expression(SliExpression.SLI_PERCENT, SLO_DEFAULTS.dashboardSliPeriod)],
      leftAnnotations: [{ value: o.targetPercent, label: `target ${o.targetPercent} %` }],
    });
    return [[text], [sli, remaining, status], [...burnGraphs, sliGraph]];
  }
}

const SEVERITIES = [AlertSeverity.PAGE, AlertSeverity.TICKET];

function validate(scope: IConstruct, props: SloAlarmsProps | undefined, windows: BurnRateWindow[]): void {
  const v = new PropValidator(scope);
  if (props === undefined || props === null) {
    v.fail('props', 'were not given', 'pass { objective } with an objective from ServiceLevelObjective.availability(...) or .latency(...)');
    v.throwIfAny();
  }
  const p = props as SloAlarmsProps;
  const objective = p.objective;
  let objectiveOk = false;
  if (objective === undefined || objective === null) {
    v.fail('objective', 'is required but was not given', 'pass an objective from ServiceLevelObjective.availability(...), .latency(...), .albAvailability(...) or .albLatency(...)');
  } else if (!(objective instanceof ServiceLevelObjective)) {
    v.fail('objective', `must be a ServiceLevelObjective, got ${describeValue(objective)}`,
      'create it with ServiceLevelObjective.availability(...) or .latency(...) (a LoadBalancedObjective needs .bind(loadBalancer) first)');
  } else {
    objective._validate(v, 'objective');
    objectiveOk = true;
  }
  let windowsOk = Array.isArray(windows);
  if (!windowsOk) {
    v.fail('burnRateWindows', `must be a list of BurnRateWindow, got ${describeValue(windows)}`, 'omit burnRateWindows for the SRE workbook alerts, or pass [BurnRateWindow.of(...), ...]');
  } else {
    v.require(windows.length > 0, 'burnRateWindows', 'is empty, so nothing would alert',
      'omit burnRateWindows for the SRE workbook alerts, or pass at least one BurnRateWindow');
  }
  const names = new Set<string>();
  const maxMinutes = SLO_DEFAULTS.maxWindow.toMinutes();
  const objWindowMinutes = objectiveOk && objective.window instanceof Duration && !objective.window.isUnresolved()
    ? objective.window.toMilliseconds({ integral: false }) / 60000 : undefined;
  const budgetOk = objectiveOk && typeof objective.targetPercent === 'number' && !Token.isUnresolved(objective.targetPercent)
    && objective.targetPercent > 0 && objective.targetPercent < 100;
  (windowsOk ? windows : []).forEach((w, i) => {
    const pw = `burnRateWindows[${i}]`;
    if (!(w instanceof BurnRateWindow)) {
      v.fail(pw, `must be a BurnRateWindow, got ${describeValue(w)}`, 'create it with BurnRateWindow.of({ name, burnRate, longWindow, shortWindow, severity })');
      windowsOk = false;
      return;
    }
    if (w._propsMissing) {
      v.fail(pw, 'was created without props', 'call BurnRateWindow.of({ name, burnRate, longWindow, shortWindow, severity })');
      windowsOk = false;
      return;
    }
    if (w.name === undefined || w.name === null) {
      v.fail(`${pw}.name`, 'is required but was not given', 'name the alert with 1-60 letters, digits, "-", "_" or "." (e.g. "fast-burn")');
    } else if (w.name === '') {
      v.fail(`${pw}.name`, 'is an empty string, so its alarm names would clash', 'name the alert with 1-60 letters, digits, "-", "_" or "." (e.g. "fast-burn")');
    } else {
      v.require(typeof w.name === 'string' && /^[A-Za-z0-9._-]{1,60}$/.test(w.name), `${pw}.name`, `${describeValue(w.name)} cannot be used in alarm names`,
        'use 1-60 letters, digits, "-", "_" or "." (e.g. "fast-burn")');
      v.require(!names.has(w.name), `${pw}.name`, `"${w.name}" is used by two windows, so their alarm names would clash`,
        'give each window its own name');
      names.add(w.name);
    }
    if (w.severity === undefined || w.severity === null) {
      v.fail(`${pw}.severity`, 'is required but was not given', 'set severity to AlertSeverity.PAGE or AlertSeverity.TICKET');
      windowsOk = false;
    } else if (!oneOf(v, `${pw}.severity`, w.severity, SEVERITIES, ['AlertSeverity.PAGE', 'AlertSeverity.TICKET'])) {
      windowsOk = false;
    }
    if (w.burnRate === undefined || w.burnRate === null) {
      v.fail(`${pw}.burnRate`, 'is required but was not given', 'set burnRate, e.g. 14.4 (1 spends exactly the budget over the window)');
      windowsOk = false;
    } else if (typeof w.burnRate !== 'number') {
      v.fail(`${pw}.burnRate`, `must be a number, got ${describeValue(w.burnRate)}`, 'set burnRate to a number, e.g. 14.4');
      windowsOk = false;
    } else if (Token.isUnresolved(w.burnRate)) {
      v.fail(`${pw}.burnRate`, 'is a token; the alarm threshold is computed from it at synth time', 'pass the burn rate as a number, e.g. 14.4');
      windowsOk = false;
    } else if (v.number(`${pw}.burnRate`, w.burnRate)) {
      v.require(w.burnRate > 0, `${pw}.burnRate`, `is ${w.burnRate}; a burn rate must be above 0`,
        'use a burn rate above 0, e.g. 14.4 (1 spends exactly the budget over the window)');
      if (w.burnRate > 0 && budgetOk) {
        const threshold = roundRatio(w.burnRate * objective.errorBudget);
        v.require(threshold < 1, `${pw}.burnRate`,
          `${w.burnRate} x error budget ${objective.errorBudget} = ${threshold}: an error ratio can never exceed 1, so this alert could never fire`,
          `lower the burn rate below ${roundRatio(1 / objective.errorBudget)}, or raise objective.targetPercent`);
      }
      if (!(w.burnRate > 0)) windowsOk = false;
    } else {
      windowsOk = false;
    }
    const minutes: number[] = [];
    for (const [prop, d] of [['longWindow', w.longWindow], ['shortWindow', w.shortWindow]] as const) {
      if (d === undefined || d === null) {
        v.fail(`${pw}.${prop}`, 'is required but was not given', `set ${prop} to a Duration of whole minutes, e.g. Duration.hours(1)`);
        continue;
      }
      if (d instanceof Duration && d.isUnresolved()) {
        v.fail(`${pw}.${prop}`, 'is a token; alarm periods are computed from it at synth time', 'pass a literal Duration');
        continue;
      }
      // Alarm periods are whole minutes (PutMetricAlarm, Period: 10, 20, 30 or a multiple of 60 s;
      // sub-minute periods are for high-resolution metrics only), at most 7 days for one datapoint.
      const m = wholeDuration(v, `${pw}.${prop}`, d, 'minutes', { min: 1 });
      if (m === undefined) continue;
      if (m > maxMinutes) {
        v.fail(`${pw}.${prop}`, `is ${durationText(d as Duration)}; the window is one alarm datapoint and CloudWatch evaluates at most 7 days `
          + '(period x evaluation periods <= 604,800 s, PutMetricAlarm)', 'use a window of at most 7 days');
        continue;
      }
      minutes.push(m);
    }
    if (minutes.length === 2) {
      const [long, short] = minutes;
      v.require(short < long, `${pw}.shortWindow`,
        `${durationText(w.shortWindow)} is not shorter than the long window ${durationText(w.longWindow)}`,
        'use a short window shorter than the long one (the SRE workbook uses 1/12 of it)');
      if (objWindowMinutes !== undefined) {
        v.require(long <= objWindowMinutes, 'objective.window',
          `${durationText(objective.window)} is shorter than the long alert window ${durationText(w.longWindow)} of "${w.name}"`,
          `measure the objective over at least ${durationText(w.longWindow)} (30 days is usual), or shorten the alert window`);
      }
    } else {
      windowsOk = false;
    }
  });
  const prefix = p.alarmNamePrefix;
  if (prefix !== undefined && prefix !== null) {
    if (typeof prefix === 'string' && prefix.length === 0) {
      v.fail('alarmNamePrefix', 'is an empty string, so alarm names would start with "-"', 'omit alarmNamePrefix for a unique default, or use 1-150 letters, digits, "-", "_" or "."');
    } else if (typeof prefix !== 'string' || !/^[A-Za-z0-9._-]{1,150}$/.test(prefix)) {
      v.fail('alarmNamePrefix', `${describeValue(prefix)} cannot start alarm names`, 'use 1-150 letters, digits, "-", "_" or "."');
    } else if ((p.applicationSignalsSlo ?? true) && !SLO_NAME_PATTERN.test(`${prefix}-slo`)) {
      v.fail('alarmNamePrefix', `"${prefix}" cannot start the name of the Application Signals SLO "<prefix>-slo" (at most 128 characters, starting with a letter or digit)`,
        'use at most 124 characters starting with a letter or digit, or set applicationSignalsSlo: false');
    }
  }
  if (p.deploymentMinRequests !== undefined && p.deploymentMinRequests !== null) {
    if (typeof p.deploymentMinRequests !== 'number') {
      v.fail('deploymentMinRequests', `must be a number, got ${describeValue(p.deploymentMinRequests)}`, 'set deploymentMinRequests to a whole number of requests, e.g. 100 (0 turns the guard off)');
    } else if (Token.isUnresolved(p.deploymentMinRequests)) {
      v.fail('deploymentMinRequests', 'is a token; it is written into the alarm expression at synth time', 'pass a number, e.g. 100');
    } else {
      v.number('deploymentMinRequests', p.deploymentMinRequests, { integer: true, min: 0 });
    }
  }
  if (p.regionalHealthSignal && objectiveOk && objective.kind === ObjectiveKind.LATENCY) {
    v.fail('regionalHealthSignal',
      `is true for the latency objective "${objective.name}", whose SLI uses the extended statistic PR(:${objective.latencyThreshold}); `
      + 'Route 53 health checks on CloudWatch alarms accept only the standard statistics Average, Minimum, Maximum, Sum and SampleCount (Route 53 API, AlarmIdentifier)',
      'set regionalHealthSignal only on an availability objective (its alarm uses Sum statistics), and leave it off for latency objectives');
  }
  v.throwIfAny();
  // Unreachable with problems; keeps the compiler aware that windows were checked.
  if (!windowsOk) throw new PatternValidationError(scope, [{ prop: 'burnRateWindows', problem: 'are not usable', fix: 'pass BurnRateWindow.of(...) values' }]);
}
