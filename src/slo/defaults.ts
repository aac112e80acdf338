import { Duration } from 'aws-cdk-lib';

/**
 * Opinionated defaults of the SLO constructs, as plain data, apart from the wiring.
 * Each value is asserted by a test and stated in the props' TSDoc.
 */
export const SLO_DEFAULTS = {
  /** The window an objective is measured over. */
  window: Duration.days(30),
  /**
   * Multi-window, multi-burn-rate alerts: Google SRE workbook, chapter 5 "Alerting on SLOs",
   * recommended parameters. Each alert fires when both its long and its short window burn the
   * error budget faster than `burnRate`; the short window makes it reset soon after the burn stops.
   * With a 30-day window: 14.4x over 1 h spends 2 % of the budget, 6x over 6 h spends 5 %,
   * 1x over 3 days spends 10 %.
   */
  burnRateWindows: [
    { name: 'fast-burn', severity: 'PAGE', burnRate: 14.4, longWindow: Duration.hours(1), shortWindow: Duration.minutes(5) },
    { name: 'medium-burn', severity: 'PAGE', burnRate: 6, longWindow: Duration.hours(6), shortWindow: Duration.minutes(30) },
    { name: 'slow-burn', severity: 'TICKET', burnRate: 1, longWindow: Duration.days(3), shortWindow: Duration.hours(6) },
  ],
  /**
   * Every window is ONE datapoint whose period is the window, so its ratio is the real window ratio.
   * CloudWatch PutMetricAlarm, Period: periods are 10, 20, 30 or a multiple of 60 seconds, and
   * period x evaluation periods may not exceed 7 days (604,800 s), or 1 day (86,400 s) for periods
   * under 1 hour. One datapoint of a window under 1 h is at most 1 h, so only the 7-day limit binds.
   */
  maxWindow: Duration.days(7),
  /**
   * Application Signals BurnRateConfiguration LookBackWindowMinutes: 1 to 10080 (7 days)
   * (CloudFormation AWS::ApplicationSignals::ServiceLevelObjective BurnRateConfiguration).
   */
  maxLookBackWindowMinutes: 10080,
  /**
   * The deployment alarm (the fast burn's short window) counts as not breaching while its window
   * has fewer requests than this floor, so one failed request among a handful does not roll a good
   * release back. The default is the larger of this floor and the smallest count at which a single
   * failed request stays at or under the threshold (ceil(1 / threshold)).
   */
  deploymentMinRequestsFloor: 100,
  /** Period of the SLI graph on the dashboard. */
  dashboardSliPeriod: Duration.minutes(5),
  /**
   * Period of the metrics in the Application Signals SLO's request counts: request-based SLOs sum
   * good (or bad) and total counts; one minute keeps the percentile-rank good count exact.
   */
  applicationSignalsPeriod: Duration.minutes(1),
} as const;
