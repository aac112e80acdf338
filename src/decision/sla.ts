/**
 * Published service level agreements, dated, with where they were read, and the exact decimal
 * composition of availabilities in series and in parallel.
 *
 * An SLA is what AWS credits when it misses, not what a workload experiences: the decision shows
 * the composed SLA beside the downtime modelled from failure frequencies and recovery times, and
 * ranks on the modelled downtime.
 */

/** One published SLA the composition uses. */
export interface ServiceSla {
  /** The service and the deployment the commitment covers. */
  readonly service: string;
  /** Monthly uptime percentage AWS commits to (e.g. 99.99). */
  readonly percent: number;
  /** What the commitment applies to, in the SLA's words. */
  readonly appliesTo: string;
  /** The SLA page. */
  readonly url: string;
  /** The page's own "Last Updated" date as seen, or how the figure was confirmed. */
  readonly pageVersion: string;
  /** When this library checked the figure (ISO 8601). */
  readonly checked: string;
}

const CHECKED = '2026-12-01';

/** The SLA table, checked on the date each row states. */
export const SLA_TABLE = {
  ecsFargate: {
    service: 'Amazon ECS / AWS Fargate (Region-Level SLA)',
    percent: 99.99,
    appliesTo: 'tasks deployed across two or more Availability Zones of a region (Amazon Compute SLA, Region-Level SLA)',
    url: 'https://aws.amazon.com/compute/sla/',
    pageVersion: 'Region-Level SLA text as in the version "Last Updated: May 5, 2022" (listed on https://aws.amazon.com/compute/sla/historical/); the figure is the same in the current page as quoted',
    checked: CHECKED,
  },
  alb: {
    service: 'Elastic Load Balancing (Multi-AZ Load Balancer SLA)',
    percent: 99.99,
    appliesTo: 'a load balancer deployed in two or more Availability Zones',
    url: 'https://aws.amazon.com/elasticloadbalancing/sla/',
    pageVersion: 'Last Updated: July 25th, 2022',
    checked: CHECKED,
  },
  route53: {
    service: 'Amazon Route 53 (DNS)',
    percent: 100,
    appliesTo: 'answering DNS queries ("100% Available"); health checks are not covered by it',
    url: 'https://aws.amazon.com/route53/sla/',
    pageVersion: 'service commitment "100% Available" as quoted from the SLA; the page itself was not retrieved (only quotes of it)',
    checked: CHECKED,
  },
  dynamodb: {
    service: 'Amazon DynamoDB (Standard SLA)',
    percent: 99.99,
    appliesTo: 'a table in one region',
    url: 'https://aws.amazon.com/dynamodb/sla/',
    pageVersion: 'figure as summarised from the SLA (the page itself was not retrieved; confirm before relying on it)',
    checked: CHECKED,
  },
  dynamodbGlobal: {
    service: 'Amazon DynamoDB (Global Tables SLA)',
    percent: 99.999,
    appliesTo: 'global tables; the SLA sets conditions on replicas and on failing over during an incident (read them)',
    url: 'https://aws.amazon.com/dynamodb/sla/',
    pageVersion: 'figure as summarised from the SLA (the page itself was not retrieved; confirm before relying on it)',
    checked: CHECKED,
  },
  aurora: {
    service: 'Amazon Aurora (Multi-AZ SLA)',
    percent: 99.99,
    appliesTo: 'an Aurora cluster deployed across two or more Availability Zones (each cluster of a global database on its own; the global database has no SLA of its own)',
    url: 'https://aws.amazon.com/rds/aurora/sla/',
    pageVersion: 'Last Updated: May 19, 2022',
    checked: CHECKED,
  },
  s3: {
    service: 'Amazon S3 (S3 Standard)',
    percent: 99.9,
    appliesTo: 'requests to S3 Standard in a region',
    url: 'https://aws.amazon.com/s3/sla/',
    pageVersion: 'Last Updated: November 28, 2023',
    checked: CHECKED,
  },
} as const;

/** Every SLA row, in table order. */
export const SLA_ROWS: ServiceSla[] = Object.values(SLA_TABLE);

/** An exact decimal: digits x 10^-scale. */
interface Dec {
  readonly digits: bigint;
  readonly scale: number;
}

function dec(n: number): Dec {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  let shown = String(n);
  if (/e/i.test(shown)) shown = n.toFixed(20).replace(/\.?0+$/, '');
  const negative = shown.startsWith('-');
  if (negative) shown = shown.slice(1);
  const [whole, frac = ''] = shown.split('.');
  return { digits: BigInt(whole + frac) * (negative ? -1n : 1n), scale: frac.length };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

function mul(a: Dec, b: Dec): Dec {
  return { digits: a.digits * b.digits, scale: a.scale + b.scale };
}

function sub(a: Dec, b: Dec): Dec {
  const [x, y, scale] = align(a, b);
  return { digits: x - y, scale };
}

const ONE: Dec = { digits: 1n, scale: 0 };
const HUNDRED: Dec = { digits: 100n, scale: 0 };

function text(d: Dec): string {
  const negative = d.digits < 0n;
  const abs = (negative ? -d.digits : d.digits).toString().padStart(d.scale + 1, '0');
  const whole = abs.slice(0, abs.length - d.scale);
  const frac = abs.slice(abs.length - d.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

function fromPercent(p: number): Dec {
  const d = dec(p);
  return { digits: d.digits, scale: d.scale + 2 };
}

function toPercent(d: Dec): Dec {
  return mul(d, HUNDRED);
}

/** An availability as an exact decimal, with the arithmetic that produced it. */
export class Availability {
  /** One part's published availability, in percent. */
  public static of(percent: number, name: string): Availability {
    return new Availability(fromPercent(percent), `${name} ${text(dec(percent))} %`, true);
  }

  /** Parts that must all be up (series): the product of their availabilities. */
  public static series(parts: Availability[]): Availability {
    const value = parts.reduce((acc, p) => mul(acc, p.value), ONE);
    return new Availability(value, parts.map((p) => (p.simple ? p.arithmetic : `(${p.arithmetic})`)).join(' x '), false);
  }

  /** Paths of which one is enough (parallel): 1 - the product of their unavailabilities. */
  public static parallel(paths: Availability[]): Availability {
    const down = paths.reduce((acc, p) => mul(acc, sub(ONE, p.value)), ONE);
    const each = paths.map((p) => `(1 - ${text(toPercent(p.value))} %)`).join(' x ');
    return new Availability(sub(ONE, down), `1 - ${each} [${paths.map((p) => p.arithmetic).join(' | ')}]`, false);
  }

  private constructor(private readonly value: Dec, public readonly arithmetic: string, private readonly simple: boolean) {}

  /** The availability in percent, exact, as text (`99.980001`). */
  public percentText(): string {
    return text(toPercent(this.value));
  }

  /** The availability in percent as the nearest number. */
  public percent(): number {
    return Number(this.percentText());
  }

  /** Minutes a year of unavailability it allows: (1 - A) x 525,600 min (365 days), rounded to 0.001 min. */
  public downtimeMinutesPerYear(): number {
    return Math.round(Number(text(mul(sub(ONE, this.value), { digits: 525_600n, scale: 0 }))) * 1000) / 1000;
  }
}
