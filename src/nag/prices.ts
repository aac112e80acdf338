/**
 * Prices the cost rules quote, us-east-1, as plain data with their sources.
 * Dated: checked against the public pricing pages in 2026; the report has the full, overridable table.
 */
export const PRICES = {
  /** NAT gateway hour (VPC pricing). */
  natGatewayHour: 0.045,
  /** NAT gateway data processing per GB (VPC pricing). */
  natGatewayGb: 0.045,
  /** Public IPv4 address hour, in use or idle (VPC pricing, since Feb 2024). */
  publicIpv4Hour: 0.005,
  /** Hours in a month, as AWS pricing pages count them. */
  hoursPerMonth: 730,
  /** EBS gp2 and gp3 storage per GB-month (EBS pricing). */
  gp2GbMonth: 0.10,
  gp3GbMonth: 0.08,
} as const;

/** Money with 2 decimals and thousands separators, e.g. 98.55 -> "$98.55". */
export function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price with the digits it has, at least 2 decimals: 0.045 -> "$0.045", 0.1 -> "$0.10". */
export function rate(price: number): string {
  const [whole, frac = ''] = price.toFixed(4).replace(/0+$/, '').split('.');
  return `$${whole}.${frac.padEnd(2, '0')}`;
}
