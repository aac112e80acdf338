import { Annotations, Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
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

// ---------------------------------------------------------------------------------------------
// Shared prop checks (contract 6). Each records its problem on the PropValidator, skips tokens and
// returns the usable value (or undefined), so a construct checks every prop before it throws and
// never hands aws-cdk-lib a value it would reject with its own message.
// ---------------------------------------------------------------------------------------------

/** A unit a Duration is used in by CloudFormation (the property's unit). */
export type DurationUnit = 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days';

const MILLIS_PER: Record<DurationUnit, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/**
 * Records "is required" when a required prop is missing (JavaScript and Python callers can omit
 * anything). Returns true when the value is present.
 */
export function requireDefined(v: PropValidator, prop: string, value: unknown, fix: string): boolean {
  if (value === undefined || value === null) {
    v.fail(prop, 'is required but was not given', fix);
    return false;
  }
  return true;
}

/**
 * The amount of a Duration in `unit` when it is a whole number there (CloudFormation takes whole
 * seconds, days...), else records the problem and returns undefined. Tokens and undefined give
 * undefined without a problem; a value that is not a Duration (JavaScript) is a problem.
 */
export function wholeDuration(
  v: PropValidator,
  prop: string,
  d: unknown,
  unit: DurationUnit,
  opts: { min?: number; max?: number } = {},
): number | undefined {
  if (d === undefined || d === null) return undefined;
  if (!(d instanceof Duration)) {
    v.fail(prop, `must be a Duration, got ${describeValue(d)}`, `set ${prop} with Duration.${unit}(...)`);
    return undefined;
  }
  if (d.isUnresolved()) return undefined;
  const millis = d.toMilliseconds({ integral: false });
  const amount = millis / MILLIS_PER[unit];
  if (!Number.isInteger(amount)) {
    // toHumanString shows two components at most: keep the millis it would drop (90.5 s).
    const human = d.toHumanString();
    const shown = human.includes('millis') || Number.isInteger(millis / 1000) ? human : `${human} ${Number((millis % 1000).toFixed(3))} millis`;
    v.fail(
      prop,
      `is ${shown}, not a whole number of ${unit} (CloudFormation takes whole ${unit})`,
      `set ${prop} to Duration.${unit}(${Math.max(opts.min ?? 0, Math.round(amount))}) or another whole number of ${unit}${rangeText(opts)}`,
    );
    return undefined;
  }
  if ((opts.min !== undefined && amount < opts.min) || (opts.max !== undefined && amount > opts.max)) {
    v.fail(prop, `is ${amount} ${unit}, outside the allowed range${rangeText(opts)} ${unit}`, `set ${prop}${rangeText(opts)} ${unit}`);
    return undefined;
  }
  return amount;
}

/** A unit a Size is used in. */
export type SizeUnit = 'mebibytes' | 'gibibytes';

/**
 * The amount of a Size in `unit` when it is a whole number there, else records the problem and
 * returns undefined (tokens and undefined give undefined without a problem).
 */
export function wholeSize(
  v: PropValidator,
  prop: string,
  s: unknown,
  unit: SizeUnit,
  opts: { min?: number; max?: number } = {},
): number | undefined {
  if (s === undefined || s === null) return undefined;
  if (!(s instanceof Size)) {
    v.fail(prop, `must be a Size, got ${describeValue(s)}`, `set ${prop} with Size.${unit}(...)`);
    return undefined;
  }
  if (s.isUnresolved()) return undefined;
  const amount = unit === 'mebibytes'
    ? s.toMebibytes({ rounding: SizeRoundingBehavior.NONE })
    : s.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(amount)) {
    v.fail(prop, `is ${s.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB, not a whole number of ${unit}`, `set ${prop} to Size.${unit}(${Math.round(amount)}) or another whole number of ${unit}${rangeText(opts)}`);
    return undefined;
  }
  if ((opts.min !== undefined && amount < opts.min) || (opts.max !== undefined && amount > opts.max)) {
    v.fail(prop, `is ${amount} ${unit}, outside the allowed range${rangeText(opts)} ${unit}`, `set ${prop}${rangeText(opts)} ${unit}`);
    return undefined;
  }
  return amount;
}

/**
 * Records a problem when a given string is empty or only blanks (or not a string at all, from
 * JavaScript). Returns true when the value is a usable string; undefined and tokens return false
 * without a problem.
 */
export function nonEmptyString(v: PropValidator, prop: string, s: unknown, fix: string): boolean {
  if (s === undefined || s === null) return false;
  if (typeof s !== 'string') {
    v.fail(prop, `must be a string, got ${describeValue(s)}`, fix);
    return false;
  }
  if (Token.isUnresolved(s)) return false;
  if (s.trim().length === 0) {
    v.fail(prop, 'is an empty string', fix);
    return false;
  }
  return true;
}

/**
 * Records a problem when `value` is not one of `allowed` (enum-like strings and enum values passed
 * from JavaScript or Python). `names` are shown in the fix; by default the allowed values.
 * Undefined and tokens pass. Returns true when the value is allowed.
 */
export function oneOf(v: PropValidator, prop: string, value: unknown, allowed: readonly unknown[], names?: readonly string[]): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string' && Token.isUnresolved(value)) return false;
  if (typeof value === 'number' && Token.isUnresolved(value)) return false;
  if (allowed.includes(value)) return true;
  const shown = (names ?? allowed.map((a) => describeValue(a))).join(', ');
  v.fail(prop, `is ${describeValue(value)}, not one of the allowed values`, `set ${prop} to one of: ${shown}`);
  return false;
}

/** A short, safe description of any value for an error message (never an object dump). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}
