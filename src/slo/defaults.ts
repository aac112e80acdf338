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
   * The longest window evaluated as one datapoint. Longer windows (up to 7 days) are evaluated as
   * whole days, every day breaching: see `SloAlarms` for the approximation.
   */
  maxSinglePeriod: Duration.days(1),
  /** CloudWatch rejects alarms whose period x evaluation periods exceeds 7 days (1 day below 1 h periods). */
  maxEvaluationRange: Duration.days(7),
  /** Period of the SLI graph on the dashboard. */
  dashboardSliPeriod: Duration.minutes(5),
} as const;
