import { Duration } from 'aws-cdk-lib';

/**
 * Rounds away binary floating-point noise (14.4 x 0.001 = 0.014400000000000001) so thresholds
 * and expressions read exactly as the arithmetic a person would do.
 */
export function roundRatio(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/**
 * Period and number of datapoints of the alarm for one window: always one datapoint whose period is
 * the window (windows are whole minutes and at most 7 days, checked before), so the alarm compares
 * the real ratio over the window: sum of bad over sum of all requests.
 */
export function alarmShape(window: Duration): { period: Duration; evaluationPeriods: number } {
  return { period: window, evaluationPeriods: 1 };
}

export function evaluationText(window: Duration): string {
  return `one datapoint over ${durationText(alarmShape(window).period)}`;
}

/** A duration in the largest whole unit: `30 days`, `6 h`, `5 min`. */
export function durationText(d: Duration): string {
  const s = d.toMilliseconds({ integral: false }) / 1000;
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

export function isoDuration(d: Duration): string {
  const s = d.toSeconds();
  if (s % 86400 === 0) return `-P${s / 86400}D`;
  if (s % 3600 === 0) return `-PT${s / 3600}H`;
  return `-PT${Math.ceil(s / 60)}M`;
}
