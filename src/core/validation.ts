import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PatternValidationError, PropIssue } from './errors';

/** Prefix of every warning id this library adds (`cdk-cloud-native-patterns:<id>`). */
export const WARNING_PREFIX = 'cdk-cloud-native-patterns';

/** True when a value is a CDK token that synthesis will resolve later: such values are never rejected. */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (typeof value === 'string') return Token.isUnresolved(value);
  if (value instanceof Duration) return value.isUnresolved();
  return Token.isUnresolved(value);
}

/** Seconds of a Duration, or undefined when it is a token. */
export function secondsOf(d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  return d.toSeconds();
}

/**
 * Collects prop problems for one construct and throws them together.
 *
 * Every check skips tokens (`Token.isUnresolved`): a value known only at deploy time is the
 * user's responsibility, never a synth-time error.
 */
export class PropValidator {
  private readonly issues: PropIssue[] = [];

  constructor(private readonly scope: IConstruct) {}

  /** Records a problem. */
  public fail(prop: string, problem: string, fix: string): void {
    this.issues.push({ prop, problem, fix });
  }

  /** Records a problem when `condition` is false. */
  public require(condition: boolean, prop: string, problem: string, fix: string): void {
    if (!condition) this.fail(prop, problem, fix);
  }

  /** Checks that a (resolved) number is finite, and an integer when asked. Returns true when usable. */
  public number(prop: string, value: number | undefined, opts: { integer?: boolean; min?: number; max?: number } = {}): boolean {
    if (value === undefined || isUnresolved(value)) return false;
    if (!Number.isFinite(value)) {
      this.fail(prop, `must be a finite number, got ${value}`, `set ${prop} to a number${rangeText(opts)}`);
      return false;
    }
    if (opts.integer && !Number.isInteger(value)) {
      this.fail(prop, `must be a whole number, got ${value}`, `set ${prop} to a whole number${rangeText(opts)}`);
      return false;
    }
    if ((opts.min !== undefined && value < opts.min) || (opts.max !== undefined && value > opts.max)) {
      this.fail(prop, `is ${value}, outside the allowed range${rangeText(opts)}`, `set ${prop}${rangeText(opts)}`);
      return false;
    }
    return true;
  }

  /** Throws the collected problems, if any, as one PatternValidationError. */
  public throwIfAny(): void {
    if (this.issues.length > 0) {
      throw new PatternValidationError(this.scope, [...this.issues]);
    }
  }
}

function rangeText(opts: { min?: number; max?: number }): string {
  if (opts.min !== undefined && opts.max !== undefined) return ` between ${opts.min} and ${opts.max}`;
  if (opts.min !== undefined) return ` of at least ${opts.min}`;
  if (opts.max !== undefined) return ` of at most ${opts.max}`;
  return '';
}

/**
 * Adds a tagged, acknowledgeable warning: `cdk-cloud-native-patterns:<id>`.
 * Used where a choice is legitimate but risky.
 */
export function warn(scope: IConstruct, id: string, message: string): void {
  Annotations.of(scope).addWarningV2(`${WARNING_PREFIX}:${id}`, message);
}
