import { Duration } from 'aws-cdk-lib';
import { SLO_DEFAULTS } from './defaults';
import { roundRatio } from './private/arith';

/**
 * How urgent a burn-rate alert is: who gets it and how fast they must act.
 */
export enum AlertSeverity {
  /** Wake someone up: the budget burns fast enough to be gone within days. Sent to the page topic. */
  PAGE = 'PAGE',
  /** A ticket for working hours: a slow, steady burn that would exhaust the budget within the window. */
  TICKET = 'TICKET',
}

/**
 * Props of one burn-rate alert window.
 */
export interface BurnRateWindowProps {
  /**
   * Name of the alert, used in alarm names (letters, digits, `-`, `_` and `.`), e.g. `fast-burn`.
   */
  readonly name: string;

  /**
   * How many times faster than sustainable the error budget burns when the alert fires.
   * A burn rate of 1 spends exactly the budget over the objective's window; the error-rate
   * threshold of the alarms is `burnRate x (1 - target)`.
   */
  readonly burnRate: number;

  /**
   * The long window: the burn must last this long. Whole minutes, at most 7 days. It is evaluated
   * as one datapoint over the whole window (CloudWatch allows period x evaluation periods up to
   * 7 days for periods of 1 h or more), so the alarm compares the real window ratio.
   */
  readonly longWindow: Duration;

  /**
   * The short window: the burn must still be going on over this window, so the alert resets soon
   * after the burn stops. Shorter than `longWindow`; the SRE workbook uses 1/12 of it.
   */
  readonly shortWindow: Duration;

  /**
   * Whether the alert pages or opens a ticket.
   */
  readonly severity: AlertSeverity;
}

/**
 * One multi-window burn-rate alert: the error budget burns faster than `burnRate` over both the
 * long and the short window.
 */
export class BurnRateWindow {
  /**
   * The three alerts the Google SRE workbook recommends (chapter 5, "Alerting on SLOs"):
   * page on 14.4x over 1 h confirmed by 5 min, page on 6x over 6 h confirmed by 30 min,
   * ticket on 1x over 3 days confirmed by 6 h.
   */
  public static sreWorkbook(): BurnRateWindow[] {
    return SLO_DEFAULTS.burnRateWindows.map((w) => new BurnRateWindow({
      name: w.name,
      burnRate: w.burnRate,
      longWindow: w.longWindow,
      shortWindow: w.shortWindow,
      severity: w.severity === 'PAGE' ? AlertSeverity.PAGE : AlertSeverity.TICKET,
    }));
  }

  /** A burn-rate alert of your own. */
  public static of(props: BurnRateWindowProps): BurnRateWindow {
    return new BurnRateWindow(props);
  }

  /** Name of the alert, used in alarm names. */
  public readonly name: string;
  /** Budget burn rate the alert fires at. */
  public readonly burnRate: number;
  /** The window the burn must last. */
  public readonly longWindow: Duration;
  /** The window the burn must still be going on. */
  public readonly shortWindow: Duration;
  /** Page or ticket. */
  public readonly severity: AlertSeverity;

  /** True when the props object itself was missing (JavaScript, Python). @internal */
  public readonly _propsMissing: boolean;

  private constructor(props: BurnRateWindowProps) {
    // From JavaScript or Python the props may be missing; SloAlarms reports that with the fix.
    const p: Partial<BurnRateWindowProps> = props ?? {};
    this._propsMissing = props === undefined || props === null || typeof props !== 'object';
    this.name = p.name as string;
    this.burnRate = p.burnRate as number;
    this.longWindow = p.longWindow as Duration;
    this.shortWindow = p.shortWindow as Duration;
    this.severity = p.severity as AlertSeverity;
  }

  /**
   * The share (percent) of the error budget spent by the time this alert fires, for an objective
   * measured over `objectiveWindow`: burnRate x longWindow / objectiveWindow x 100.
   */
  public budgetSpentPercent(objectiveWindow: Duration): number {
    return roundRatio((this.burnRate * this.longWindow.toSeconds() * 100) / objectiveWindow.toSeconds());
  }
}
