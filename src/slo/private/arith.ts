import { Duration } from 'aws-cdk-lib';
import { SLO_DEFAULTS } from '../defaults';

/**
 * Rounds away binary floating-point noise (14.4 x 0.001 = 0.014400000000000001) so thresholds
 * and expressions read exactly as the arithmetic a person would do.
 */
export function roundRatio(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/** Period and number of datapoints of the alarm for one window (see SloAlarms). */
export function alarmShape(window: Duration): { period: Duration; evaluationPeriods: number } {
  const seconds = window.toSeconds();
  const max = SLO_DEFAULTS.maxSinglePeriod.toSeconds();
  if (seconds <= max) return { period: window, evaluationPeriods: 1 };
  return { period: SLO_DEFAULTS.maxSinglePeriod, evaluationPeriods: seconds / max };
}

export function evaluationText(window: Duration): string {
  const shape = alarmShape(window);
  return shape.evaluationPeriods === 1
    ? `one ${durationText(shape.period)} datapoint`
    : `${shape.evaluationPeriods} of ${shape.evaluationPeriods} ${durationText(shape.period)} datapoints`;
}

/** A duration in the largest whole unit: `30 days`, `6 h`, `5 min`. */
export function durationText(d: Duration): string {
  const s = d.toSeconds();
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

