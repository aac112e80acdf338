import { compareText, centsToUsd, exactProduct, formatNumber, formatUsd, productInCents } from './decimal';
import { EMBEDDED_PRICES, HOURS_PER_MONTH, PRICE_ITEMS, PRICED_REGIONS, PriceItem, unitPriceText } from './prices';

/**
 * One monthly cost driver before it is priced: a quantity of a price item, with its arithmetic.
 * Patterns record drivers; the report prices them at synth with the region's table and the
 * user's overrides.
 */
export interface CostDriver {
  /** What is paid for, in the user's words (`NAT gateway hours`). */
  readonly item: string;
  /**
   * The price item the quantity is billed in: its unit price comes from the region's table and the
   * user's overrides.
   *
   * @default - priced at `unitPriceUsd` (one of the two must be given)
   */
  readonly priceItem?: PriceItem;
  /** Units a month of `priceItem`, or of what `unitPriceUsd` is the price of (2190 NAT gateway-hours). */
  readonly quantity: number;
  /** How the quantity was worked out (`3 NAT gateways x 730 h`). */
  readonly quantityArithmetic: string;
  /**
   * A unit price in US dollars the driver carries itself, for what the embedded table does not
   * price (EC2 instance hours): the same in every region, and not changed by `priceOverrides`.
   *
   * @default - the table's price of `priceItem`
   */
  readonly unitPriceUsd?: number;
  /**
   * How `unitPriceUsd` appears in the arithmetic, with where it comes from
   * (`$0.096/h (assumed: m5.large us-east-1 list price)`).
   *
   * @default - the price as `$<unitPriceUsd>`
   */
  readonly unitPriceArithmetic?: string;
}

/** One priced line of a workload's monthly cost. */
export interface CostLine {
  /** What is paid for. */
  readonly item: string;
  /** The arithmetic, ending in the rounded amount (`3 NAT gateways x 730 h x $0.045/h = $98.55`). */
  readonly arithmetic: string;
  /** US dollars a month, rounded half up to the cent. */
  readonly usd: number;
}

/** One problem with a price override, for error messages. */
export function priceOverrideProblems(overrides: { [item: string]: number } | undefined): string[] {
  const problems: string[] = [];
  for (const [item, value] of Object.entries(overrides ?? {}).sort(([a], [b]) => compareText(a, b))) {
    if (!(PRICE_ITEMS as readonly string[]).includes(item)) {
      problems.push(`'${item}' is not a price item (use one of ${PRICE_ITEMS.join(', ')})`);
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(`${item} must be a finite number of US dollars, got ${value}`);
    } else if (value < 0) {
      problems.push(`${item} is ${value}; a price cannot be negative`);
    }
  }
  return problems;
}

/**
 * The unit prices a workload is costed with: a region's embedded table with the user's overrides
 * applied. Prices are on-demand list prices in US dollars, dated and sourced.
 */
export class PriceTable {
  /**
   * The embedded table of a region, with overrides (keys are `PriceItem` values, values in USD).
   *
   * Throws when an override is negative, not a finite number or not a price item, and when the
   * region has no embedded table and the overrides do not price every item.
   */
  public static forRegion(region: string, overrides?: { [item: string]: number }): PriceTable {
    const problems = priceOverrideProblems(overrides);
    if (problems.length > 0) {
      throw new Error(`Bad price overrides: ${problems.join('; ')}`);
    }
    const embedded = EMBEDDED_PRICES[region];
    const given = overrides ?? {};
    if (!embedded) {
      const missing = PRICE_ITEMS.filter((i) => given[i] === undefined);
      if (missing.length > 0) {
        throw new Error(`No embedded price table for region '${region}' (tables exist for ${PRICED_REGIONS.join(', ')}). `
          + `Set priceOverrides for ${missing.join(', ')}, or set pricesFromRegion to the nearest region with a table.`);
      }
    }
    const prices: { [item: string]: number } = {};
    for (const item of PRICE_ITEMS) prices[item] = given[item] ?? embedded!.prices[item];
    const overridden = PRICE_ITEMS.filter((i) => given[i] !== undefined);
    return new PriceTable(region, prices, overridden,
      embedded?.asOf ?? 'user-supplied', embedded?.sources ?? [], embedded?.confidence ?? 'every price supplied by the user');
  }

  /** True when the region has an embedded price table. */
  public static hasEmbeddedTable(region: string): boolean {
    return EMBEDDED_PRICES[region] !== undefined;
  }

  /** The regions with an embedded price table, sorted. */
  public static pricedRegions(): string[] {
    return [...PRICED_REGIONS];
  }

  /** The region of the prices. */
  public readonly region: string;
  /** The date of the embedded prices (ISO 8601), or `user-supplied`. */
  public readonly asOf: string;
  /** The pages the embedded prices are published on. */
  public readonly sources: string[];
  /** How well the embedded numbers are checked. */
  public readonly confidence: string;
  /** The items whose price the user overrode, in table order. */
  public readonly overriddenItems: string[];

  private constructor(region: string, private readonly prices: { [item: string]: number }, overridden: string[],
    asOf: string, sources: string[], confidence: string) {
    this.region = region;
    this.overriddenItems = overridden;
    this.asOf = asOf;
    this.sources = [...sources];
    this.confidence = confidence;
  }

  /** The unit price of an item in US dollars. */
  public unitPrice(item: PriceItem): number {
    return this.prices[item];
  }

  /** Prices one driver: quantity x unit price, rounded half up to the cent, with the arithmetic. */
  public price(driver: CostDriver): CostLine {
    let unit: number;
    let unitText: string;
    if (driver.unitPriceUsd !== undefined) {
      // A price the driver carries: the table has none for it, so overrides do not apply.
      unit = driver.unitPriceUsd;
      unitText = driver.unitPriceArithmetic ?? `$${formatNumber(unit)}`;
    } else if (driver.priceItem !== undefined) {
      unit = this.unitPrice(driver.priceItem);
      unitText = unitPriceText(driver.priceItem, unit);
    } else {
      throw new Error(`Cost driver '${driver.item}' has neither a priceItem nor a unitPriceUsd`);
    }
    const cents = productInCents(driver.quantity, unit);
    const usd = centsToUsd(cents);
    return {
      item: driver.item,
      arithmetic: `${driver.quantityArithmetic} x ${unitText} = ${formatUsd(usd)}`,
      usd,
    };
  }
}

/** Hours a month, as text in arithmetic (`730 h`). */
function hoursText(): string {
  return `${HOURS_PER_MONTH} h`;
}

function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** CPU architecture a Fargate task is priced for. */
export enum FargatePricing {
  /** Linux/x86_64 on-demand. */
  X86_ON_DEMAND = 'X86_ON_DEMAND',
  /** Linux/ARM64 on-demand. */
  ARM_ON_DEMAND = 'ARM_ON_DEMAND',
  /** Fargate Spot (Linux/x86_64 only). */
  SPOT = 'SPOT',
}

/**
 * Pure functions that turn what a pattern deploys, and the traffic the user assumes, into monthly
 * cost drivers. `PriceTable.price` turns a driver into a priced line.
 */
export class CostDrivers {
  /** NAT gateway hours: count x 730 h. */
  public static natGatewayHours(count: number): CostDriver {
    return {
      item: 'NAT gateway hours',
      priceItem: PriceItem.NAT_GATEWAY_HOUR,
      quantity: exactProduct(count, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(count, 'NAT gateway', 'NAT gateways')} x ${hoursText()}`,
    };
  }

  /** NAT gateway data processing: GB a month (a traffic assumption). */
  public static natProcessedGb(gbPerMonth: number): CostDriver {
    return {
      item: 'NAT gateway data processed',
      priceItem: PriceItem.NAT_GATEWAY_GB,
      quantity: gbPerMonth,
      quantityArithmetic: `${formatNumber(gbPerMonth)} GB (assumed)`,
    };
  }

  /** Public IPv4 addresses (a NAT gateway's Elastic IP is one): count x 730 h. */
  public static publicIpv4Hours(count: number, what: string = 'public IPv4 addresses'): CostDriver {
    return {
      item: 'Public IPv4 addresses',
      priceItem: PriceItem.PUBLIC_IPV4_HOUR,
      quantity: exactProduct(count, HOURS_PER_MONTH),
      quantityArithmetic: `${formatNumber(count)} ${what} x ${hoursText()}`,
    };
  }

  /** Interface endpoints: endpoints x zones x 730 h (each endpoint bills in each zone it has an interface in). */
  public static interfaceEndpointHours(endpoints: number, zones: number): CostDriver {
    return {
      item: 'Interface endpoint hours',
      priceItem: PriceItem.INTERFACE_ENDPOINT_HOUR,
      quantity: exactProduct(endpoints, zones, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(endpoints, 'endpoint', 'endpoints')} x ${plural(zones, 'zone', 'zones')} x ${hoursText()}`,
    };
  }

  /** Interface endpoint data processing: GB a month (a traffic assumption). */
  public static interfaceEndpointGb(gbPerMonth: number): CostDriver {
    return {
      item: 'Interface endpoint data processed',
      priceItem: PriceItem.INTERFACE_ENDPOINT_GB,
      quantity: gbPerMonth,
      quantityArithmetic: `${formatNumber(gbPerMonth)} GB (assumed)`,
    };
  }

  /** Fargate vCPU: tasks x vCPU per task x 730 h. */
  public static fargateVcpuHours(tasks: number, vcpuPerTask: number, pricing: FargatePricing): CostDriver {
    const item = pricing === FargatePricing.SPOT ? PriceItem.FARGATE_SPOT_VCPU_HOUR
      : pricing === FargatePricing.ARM_ON_DEMAND ? PriceItem.FARGATE_ARM_VCPU_HOUR : PriceItem.FARGATE_X86_VCPU_HOUR;
    return {
      item: `Fargate ${fargateLabel(pricing)} vCPU`,
      priceItem: item,
      quantity: exactProduct(tasks, vcpuPerTask, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(tasks, 'task', 'tasks')} x ${formatNumber(vcpuPerTask)} vCPU x ${hoursText()}`,
    };
  }

  /** Fargate memory: tasks x GB per task x 730 h. */
  public static fargateMemoryHours(tasks: number, gbPerTask: number, pricing: FargatePricing): CostDriver {
    const item = pricing === FargatePricing.SPOT ? PriceItem.FARGATE_SPOT_GB_HOUR
      : pricing === FargatePricing.ARM_ON_DEMAND ? PriceItem.FARGATE_ARM_GB_HOUR : PriceItem.FARGATE_X86_GB_HOUR;
    return {
      item: `Fargate ${fargateLabel(pricing)} memory`,
      priceItem: item,
      quantity: exactProduct(tasks, gbPerTask, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(tasks, 'task', 'tasks')} x ${formatNumber(gbPerTask)} GB x ${hoursText()}`,
    };
  }

  /** Application Load Balancer hours: count x 730 h. */
  public static albHours(count: number): CostDriver {
    return {
      item: 'Load balancer hours',
      priceItem: PriceItem.ALB_HOUR,
      quantity: exactProduct(count, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(count, 'load balancer', 'load balancers')} x ${hoursText()}`,
    };
  }

  /** Application Load Balancer capacity: average LCUs (an assumption) x 730 h. */
  public static albLcuHours(averageLcus: number): CostDriver {
    return {
      item: 'Load balancer capacity units',
      priceItem: PriceItem.ALB_LCU_HOUR,
      quantity: exactProduct(averageLcus, HOURS_PER_MONTH),
      quantityArithmetic: `${formatNumber(averageLcus)} LCU (assumed average) x ${hoursText()}`,
    };
  }

  /** Traffic between zones: GB a month x 2 (the sending and the receiving side each pay per GB). */
  public static crossAzGb(gbPerMonth: number): CostDriver {
    return {
      item: 'Cross-zone data transfer',
      priceItem: PriceItem.CROSS_AZ_GB,
      quantity: exactProduct(gbPerMonth, 2),
      quantityArithmetic: `${formatNumber(gbPerMonth)} GB (assumed) x 2 directions`,
    };
  }

  /** Traffic to another region: GB a month (an assumption). */
  public static interRegionGb(gbPerMonth: number): CostDriver {
    return {
      item: 'Inter-region data transfer',
      priceItem: PriceItem.INTER_REGION_GB,
      quantity: gbPerMonth,
      quantityArithmetic: `${formatNumber(gbPerMonth)} GB (assumed)`,
    };
  }

  /**
   * EC2 on-demand instance hours at an hourly price the caller states (the embedded table has no
   * instance prices, which differ by type and region): instances x 730 h x the hourly price.
   *
   * @param instances instances running on average
   * @param hourlyUsd the on-demand price of one instance hour, in US dollars
   * @param countNote how the instance count was worked out, shown after it
   * @param priceNote where the hourly price comes from, shown after it
   */
  public static ec2OnDemandInstanceHours(instances: number, hourlyUsd: number, countNote?: string, priceNote?: string): CostDriver {
    return {
      item: 'EC2 on-demand instance hours',
      quantity: exactProduct(instances, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(instances, 'on-demand instance', 'on-demand instances')}${note(countNote)} x ${hoursText()}`,
      unitPriceUsd: hourlyUsd,
      unitPriceArithmetic: `$${formatNumber(hourlyUsd)}/h${note(priceNote)}`,
    };
  }

  /**
   * EC2 spot instance hours: instances x 730 h x the on-demand hourly price x (1 - an assumed
   * discount). Spot prices float; the discount is an assumption the caller states.
   *
   * @param instances spot instances running on average
   * @param onDemandHourlyUsd the on-demand price of one instance hour, in US dollars
   * @param discountPercent the assumed spot discount off on-demand, 0-100
   * @param countNote how the instance count was worked out, shown after it
   * @param priceNote where the price and the discount come from, shown after them
   */
  public static ec2SpotInstanceHours(instances: number, onDemandHourlyUsd: number, discountPercent: number,
    countNote?: string, priceNote?: string): CostDriver {
    if (!(discountPercent >= 0 && discountPercent <= 100)) {
      throw new RangeError(`a spot discount is 0-100 percent, got ${discountPercent}`);
    }
    // 100 - 66.7 is 33.300000000000004 in binary; the discount is a decimal with a few digits, so
    // rounding the difference to 10 places gives back the exact decimal the arithmetic shows.
    const percentPaid = Number((100 - discountPercent).toFixed(10));
    return {
      item: 'EC2 spot instance hours',
      quantity: exactProduct(instances, HOURS_PER_MONTH),
      quantityArithmetic: `${plural(instances, 'spot instance', 'spot instances')}${note(countNote)} x ${hoursText()}`,
      unitPriceUsd: exactProduct(onDemandHourlyUsd, percentPaid, 0.01),
      unitPriceArithmetic: `$${formatNumber(onDemandHourlyUsd)}/h x (1 - ${formatNumber(discountPercent)} %)${note(priceNote)}`,
    };
  }

  /**
   * Amazon SQS requests: millions of requests a month (each 64 KB chunk of a payload is one
   * request), with how they were counted. The free tier (1 million a month per account) is not applied.
   *
   * @param millionRequests millions of requests a month
   * @param fifo whether the queue is FIFO (priced higher)
   * @param countArithmetic how the requests were counted
   */
  public static sqsRequests(millionRequests: number, fifo: boolean, countArithmetic: string): CostDriver {
    return {
      item: fifo ? 'SQS FIFO requests' : 'SQS standard requests',
      priceItem: fifo ? PriceItem.SQS_FIFO_MILLION_REQUESTS : PriceItem.SQS_STANDARD_MILLION_REQUESTS,
      quantity: millionRequests,
      quantityArithmetic: countArithmetic,
    };
  }

  /**
   * One run of an AWS FIS experiment: its action-minutes (each action's running time, rounded to
   * the nearest minute, summed over its actions) at the FIS price (AWS FIS pricing page).
   *
   * @param actionMinutes action-minutes of one run
   * @param arithmetic how the action-minutes were worked out, shown after them
   */
  public static fisActionMinutes(actionMinutes: number, arithmetic: string): CostDriver {
    return {
      item: 'AWS FIS action-minutes per run',
      priceItem: PriceItem.FIS_ACTION_MINUTE,
      quantity: actionMinutes,
      quantityArithmetic: `${plural(actionMinutes, 'action-minute', 'action-minutes')} (${arithmetic})`,
    };
  }

  /** Traffic to the internet: GB a month (an assumption), at the first-tier price, free tier not applied. */
  public static internetEgressGb(gbPerMonth: number): CostDriver {
    return {
      item: 'Internet data transfer out',
      priceItem: PriceItem.INTERNET_EGRESS_GB,
      quantity: gbPerMonth,
      quantityArithmetic: `${formatNumber(gbPerMonth)} GB (assumed)`,
    };
  }
}

function note(text: string | undefined): string {
  return text ? ` (${text})` : '';
}

function fargateLabel(pricing: FargatePricing): string {
  switch (pricing) {
    case FargatePricing.SPOT: return 'Spot';
    case FargatePricing.ARM_ON_DEMAND: return 'ARM64';
    default: return 'x86';
  }
}
