/**
 * Exact decimal arithmetic for prices and quantities.
 *
 * Binary floating point turns 3 x 730 x 0.045 into 98.55000000000001; a report that is tested to
 * the cent must not depend on that. Every factor is taken as the decimal its shortest JavaScript
 * representation shows (0.045 is 45 / 1000), multiplied as a BigInt, and rounded once.
 */

interface Scaled {
  /** The digits, as an integer. */
  readonly digits: bigint;
  /** How many of them are after the decimal point. */
  readonly scale: number;
}

function scaled(n: number): Scaled {
  if (!Number.isFinite(n)) {
    throw new RangeError(`not a finite number: ${n}`);
  }
  let text = String(n);
  if (/e/i.test(text)) {
    // 1e-7 and 1e21 style: expand, then drop trailing zeros.
    text = n.toFixed(20).replace(/\.?0+$/, '');
  }
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const [whole, frac = ''] = text.split('.');
  const digits = BigInt(whole + frac) * (negative ? -1n : 1n);
  return { digits, scale: frac.length };
}

function product(factors: number[]): Scaled {
  let digits = 1n;
  let scale = 0;
  for (const f of factors) {
    const s = scaled(f);
    digits *= s.digits;
    scale += s.scale;
  }
  return { digits, scale };
}

function roundHalfUp(value: Scaled, places: number): bigint {
  // value x 10^places, rounded half away from zero.
  const shift = value.scale - places;
  if (shift <= 0) return value.digits * 10n ** BigInt(-shift);
  const divisor = 10n ** BigInt(shift);
  const negative = value.digits < 0n;
  const abs = negative ? -value.digits : value.digits;
  let q = abs / divisor;
  if ((abs % divisor) * 2n >= divisor) q += 1n;
  return negative ? -q : q;
}

function toNumber(value: Scaled): number {
  const negative = value.digits < 0n;
  const abs = (negative ? -value.digits : value.digits).toString().padStart(value.scale + 1, '0');
  const whole = abs.slice(0, abs.length - value.scale);
  const frac = abs.slice(abs.length - value.scale);
  return Number(`${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`);
}

/** The exact product of decimal factors, as the nearest number (3 x 0.5 x 730 = 1095). */
export function exactProduct(...factors: number[]): number {
  return toNumber(product(factors));
}

/**
 * The exact product of decimal factors in US dollars, rounded half up to whole cents.
 * 3 x 730 x 0.045 = 98.55 exactly = 9855 cents; 0.5 x 730 x 0.004445 = 1.6224... = 162 cents.
 */
export function productInCents(...factors: number[]): number {
  return Number(roundHalfUp(product(factors), 2));
}

/** Cents as dollars (9855 -> 98.55). */
export function centsToUsd(cents: number): number {
  return toNumber({ digits: BigInt(cents), scale: 2 });
}

/** Dollars with two decimals and a sign: `$98.55`, `$0.00`. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

/** A number as a person writes it: shortest exact decimal, no exponent (0.004445, 1095). */
export function formatNumber(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/\.?0+$/, '') : text;
}

/** Orders text by code point, the same on every machine and locale (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
