import { exactProduct, formatNumber } from './decimal';

/** Hours in a month, as AWS pricing pages and the AWS Pricing Calculator count them. */
export const HOURS_PER_MONTH = 730;

/**
 * A priced unit in the report's price table. The value is the key used in `priceOverrides`.
 */
export enum PriceItem {
  /** NAT gateway, per gateway-hour. */
  NAT_GATEWAY_HOUR = 'NAT_GATEWAY_HOUR',
  /** NAT gateway data processing, per GB (both directions). */
  NAT_GATEWAY_GB = 'NAT_GATEWAY_GB',
  /** Public IPv4 address (including the Elastic IP of a NAT gateway), per address-hour. */
  PUBLIC_IPV4_HOUR = 'PUBLIC_IPV4_HOUR',
  /** Interface VPC endpoint, per endpoint-hour in each zone. */
  INTERFACE_ENDPOINT_HOUR = 'INTERFACE_ENDPOINT_HOUR',
  /** Interface VPC endpoint data processing, per GB (first PB tier). */
  INTERFACE_ENDPOINT_GB = 'INTERFACE_ENDPOINT_GB',
  /** Fargate Linux/x86_64, per vCPU-hour. */
  FARGATE_X86_VCPU_HOUR = 'FARGATE_X86_VCPU_HOUR',
  /** Fargate Linux/x86_64, per GB-hour of memory. */
  FARGATE_X86_GB_HOUR = 'FARGATE_X86_GB_HOUR',
  /** Fargate Linux/ARM64, per vCPU-hour. */
  FARGATE_ARM_VCPU_HOUR = 'FARGATE_ARM_VCPU_HOUR',
  /** Fargate Linux/ARM64, per GB-hour of memory. */
  FARGATE_ARM_GB_HOUR = 'FARGATE_ARM_GB_HOUR',
  /** Fargate Spot (x86_64 only), per vCPU-hour. The price floats: the table assumes 70 % off on-demand. */
  FARGATE_SPOT_VCPU_HOUR = 'FARGATE_SPOT_VCPU_HOUR',
  /** Fargate Spot (x86_64 only), per GB-hour. The price floats: the table assumes 70 % off on-demand. */
  FARGATE_SPOT_GB_HOUR = 'FARGATE_SPOT_GB_HOUR',
  /** Application Load Balancer, per load-balancer-hour. */
  ALB_HOUR = 'ALB_HOUR',
  /** Application Load Balancer, per LCU-hour. */
  ALB_LCU_HOUR = 'ALB_LCU_HOUR',
  /** Data transfer between zones of a region, per GB in each direction (both sides pay). */
  CROSS_AZ_GB = 'CROSS_AZ_GB',
  /** Data transfer out to another region, per GB. */
  INTER_REGION_GB = 'INTER_REGION_GB',
  /** Data transfer out to the internet, per GB (first 10 TB/month tier; the account-wide 100 GB free tier is not applied). */
  INTERNET_EGRESS_GB = 'INTERNET_EGRESS_GB',
  /** CloudWatch standard-resolution alarm, per alarm metric-month (a metric math alarm bills each metric it retrieves). */
  CLOUDWATCH_ALARM_METRIC_MONTH = 'CLOUDWATCH_ALARM_METRIC_MONTH',
  /** CloudWatch high-resolution alarm (period under 60 s), per alarm metric-month. */
  CLOUDWATCH_HIGH_RESOLUTION_ALARM_METRIC_MONTH = 'CLOUDWATCH_HIGH_RESOLUTION_ALARM_METRIC_MONTH',
  /** CloudWatch composite alarm, per alarm-month. */
  CLOUDWATCH_COMPOSITE_ALARM_MONTH = 'CLOUDWATCH_COMPOSITE_ALARM_MONTH',
  /** CloudWatch dashboard, per dashboard-month (the account-wide 3 free dashboards are not applied). */
  CLOUDWATCH_DASHBOARD_MONTH = 'CLOUDWATCH_DASHBOARD_MONTH',
  /** CloudWatch custom metric (Container Insights metrics are custom metrics), per metric-month, first 10,000-metric tier. */
  CLOUDWATCH_CUSTOM_METRIC_MONTH = 'CLOUDWATCH_CUSTOM_METRIC_MONTH',
  /** Vended logs (VPC flow logs) delivered to CloudWatch Logs, per GB, first 10 TB tier. */
  CLOUDWATCH_VENDED_LOG_GB = 'CLOUDWATCH_VENDED_LOG_GB',
  /** Amazon SQS standard queue requests, per million (first 100 billion a month; each 64 KB chunk of a payload is a request; the account-wide 1 million free requests are not applied). */
  SQS_STANDARD_MILLION_REQUESTS = 'SQS_STANDARD_MILLION_REQUESTS',
  /** Amazon SQS FIFO queue requests, per million (same rules as standard). */
  SQS_FIFO_MILLION_REQUESTS = 'SQS_FIFO_MILLION_REQUESTS',
  /** AWS FIS, per action-minute (an action's running time, rounded to the nearest minute). */
  FIS_ACTION_MINUTE = 'FIS_ACTION_MINUTE',
}

/** The unit each item is priced in, as it appears in the report's arithmetic (`$0.045/h`). */
export const PRICE_UNITS: { readonly [item in PriceItem]: string } = {
  NAT_GATEWAY_HOUR: 'h',
  NAT_GATEWAY_GB: 'GB',
  PUBLIC_IPV4_HOUR: 'h',
  INTERFACE_ENDPOINT_HOUR: 'h',
  INTERFACE_ENDPOINT_GB: 'GB',
  FARGATE_X86_VCPU_HOUR: 'vCPU-h',
  FARGATE_X86_GB_HOUR: 'GB-h',
  FARGATE_ARM_VCPU_HOUR: 'vCPU-h',
  FARGATE_ARM_GB_HOUR: 'GB-h',
  FARGATE_SPOT_VCPU_HOUR: 'vCPU-h',
  FARGATE_SPOT_GB_HOUR: 'GB-h',
  ALB_HOUR: 'h',
  ALB_LCU_HOUR: 'LCU-h',
  CROSS_AZ_GB: 'GB',
  INTER_REGION_GB: 'GB',
  INTERNET_EGRESS_GB: 'GB',
  CLOUDWATCH_ALARM_METRIC_MONTH: 'alarm metric-month',
  CLOUDWATCH_HIGH_RESOLUTION_ALARM_METRIC_MONTH: 'alarm metric-month',
  CLOUDWATCH_COMPOSITE_ALARM_MONTH: 'alarm-month',
  CLOUDWATCH_DASHBOARD_MONTH: 'dashboard-month',
  CLOUDWATCH_CUSTOM_METRIC_MONTH: 'metric-month',
  CLOUDWATCH_VENDED_LOG_GB: 'GB',
  SQS_STANDARD_MILLION_REQUESTS: 'million requests',
  SQS_FIFO_MILLION_REQUESTS: 'million requests',
  FIS_ACTION_MINUTE: 'action-minute',
};

/** Every price item, in a fixed order. */
export const PRICE_ITEMS: readonly PriceItem[] = Object.values(PriceItem) as PriceItem[];

/** The fraction of the on-demand price Fargate Spot is assumed to cost ("up to 70 % off"). */
export const FARGATE_SPOT_FRACTION = 0.3;

/** One region's embedded prices, with where and when they were taken from. */
export interface RegionPrices {
  /** Region code, e.g. `us-east-1`. */
  readonly region: string;
  /** The date of the prices (ISO 8601). */
  readonly asOf: string;
  /** Where each price is published (one URL per kind of charge). */
  readonly sources: string[];
  /** How well the numbers are checked; shown in the report. */
  readonly confidence: string;
  /** The prices, one per item. */
  readonly prices: { readonly [item in PriceItem]: number };
}

const SOURCES = [
  'https://aws.amazon.com/vpc/pricing/',
  'https://aws.amazon.com/privatelink/pricing/',
  'https://aws.amazon.com/fargate/pricing/',
  'https://aws.amazon.com/elasticloadbalancing/pricing/',
  'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
  'https://aws.amazon.com/cloudwatch/pricing/',
  'https://aws.amazon.com/sqs/pricing/',
];

/** Where the FIS price is published: cited by the drill cost lines (drills are priced per run, not in the monthly total). */
export const FIS_PRICE_SOURCE = 'https://aws.amazon.com/fis/pricing/';

const AS_OF = '2026-11-01';

interface BasePrices {
  natHour: number;
  natGb: number;
  endpointHour: number;
  x86Vcpu: number;
  x86Gb: number;
  armVcpu: number;
  armGb: number;
  albHour: number;
  albLcu: number;
  interRegionGb: number;
  internetGb: number;
  /** CloudWatch Logs vended-log ingestion per GB (the one CloudWatch price that differs by region here). */
  vendedLogGb: number;
}

function table(region: string, confidence: string, p: BasePrices): RegionPrices {
  return {
    region,
    asOf: AS_OF,
    sources: SOURCES,
    confidence,
    prices: {
      NAT_GATEWAY_HOUR: p.natHour,
      NAT_GATEWAY_GB: p.natGb,
      PUBLIC_IPV4_HOUR: 0.005,
      INTERFACE_ENDPOINT_HOUR: p.endpointHour,
      INTERFACE_ENDPOINT_GB: 0.01,
      FARGATE_X86_VCPU_HOUR: p.x86Vcpu,
      FARGATE_X86_GB_HOUR: p.x86Gb,
      FARGATE_ARM_VCPU_HOUR: p.armVcpu,
      FARGATE_ARM_GB_HOUR: p.armGb,
      FARGATE_SPOT_VCPU_HOUR: exactProduct(p.x86Vcpu, FARGATE_SPOT_FRACTION),
      FARGATE_SPOT_GB_HOUR: exactProduct(p.x86Gb, FARGATE_SPOT_FRACTION),
      ALB_HOUR: p.albHour,
      ALB_LCU_HOUR: p.albLcu,
      CROSS_AZ_GB: 0.01,
      INTER_REGION_GB: p.interRegionGb,
      INTERNET_EGRESS_GB: p.internetGb,
      // Amazon CloudWatch pricing (https://aws.amazon.com/cloudwatch/pricing/): standard-resolution
      // alarm $0.10 and high-resolution $0.30 per alarm metric, composite alarm $0.50, dashboard $3,
      // custom metric $0.30 (first 10,000), all per month.
      CLOUDWATCH_ALARM_METRIC_MONTH: 0.1,
      CLOUDWATCH_HIGH_RESOLUTION_ALARM_METRIC_MONTH: 0.3,
      CLOUDWATCH_COMPOSITE_ALARM_MONTH: 0.5,
      CLOUDWATCH_DASHBOARD_MONTH: 3,
      CLOUDWATCH_CUSTOM_METRIC_MONTH: 0.3,
      CLOUDWATCH_VENDED_LOG_GB: p.vendedLogGb,
      // Amazon SQS pricing (https://aws.amazon.com/sqs/pricing/): $0.40 per million standard and
      // $0.50 per million FIFO requests for the first 100 billion a month, as listed for us-east-1;
      // the same figures are used for every embedded region (not re-checked per region).
      SQS_STANDARD_MILLION_REQUESTS: 0.4,
      SQS_FIFO_MILLION_REQUESTS: 0.5,
      // AWS FIS pricing (https://aws.amazon.com/fis/pricing/): $0.10 per action-minute in every
      // region but AWS GovCloud (US), whose $0.12 no embedded table covers.
      FIS_ACTION_MINUTE: 0.1,
    },
  };
}

const CHECKED = 'on-demand list prices; NAT, public IPv4, endpoints, Fargate and data transfer checked against the project design facts table; ALB hour and LCU from the ELB pricing page, not re-checked live; CloudWatch alarms, dashboards, custom metrics and vended-log ingestion from the CloudWatch pricing page (us-east-1), not re-checked live';
const UNCHECKED = 'on-demand list prices as published on the AWS pricing pages; not re-checked live when this table was built (no network): confirm with the AWS Pricing Calculator before relying on them, or override';

/**
 * The embedded price tables. Fargate Spot is derived as 30 % of on-demand x86 (the pages say
 * "up to 70 % off"; the real price floats), so override FARGATE_SPOT_* with observed prices.
 */
export const EMBEDDED_PRICES: { readonly [region: string]: RegionPrices } = {
  'us-east-1': table('us-east-1', CHECKED, {
    natHour: 0.045,
    natGb: 0.045,
    endpointHour: 0.01,
    x86Vcpu: 0.04048,
    x86Gb: 0.004445,
    armVcpu: 0.03238,
    armGb: 0.00356,
    albHour: 0.0225,
    albLcu: 0.008,
    interRegionGb: 0.02,
    internetGb: 0.09,
    vendedLogGb: 0.5,
  }),
  'us-west-2': table('us-west-2', UNCHECKED, {
    natHour: 0.045,
    natGb: 0.045,
    endpointHour: 0.01,
    x86Vcpu: 0.04048,
    x86Gb: 0.004445,
    armVcpu: 0.03238,
    armGb: 0.00356,
    albHour: 0.0225,
    albLcu: 0.008,
    interRegionGb: 0.02,
    internetGb: 0.09,
    vendedLogGb: 0.5,
  }),
  'eu-west-1': table('eu-west-1', UNCHECKED, {
    natHour: 0.048,
    natGb: 0.048,
    endpointHour: 0.011,
    x86Vcpu: 0.04048,
    x86Gb: 0.004445,
    armVcpu: 0.03238,
    armGb: 0.00356,
    albHour: 0.0252,
    albLcu: 0.008,
    interRegionGb: 0.02,
    internetGb: 0.09,
    vendedLogGb: 0.57,
  }),
  'eu-central-1': table('eu-central-1', UNCHECKED, {
    natHour: 0.052,
    natGb: 0.052,
    endpointHour: 0.012,
    x86Vcpu: 0.04656,
    x86Gb: 0.00511,
    armVcpu: 0.03725,
    armGb: 0.00409,
    albHour: 0.027,
    albLcu: 0.0096,
    interRegionGb: 0.02,
    internetGb: 0.09,
    vendedLogGb: 0.63,
  }),
  'ap-northeast-1': table('ap-northeast-1', UNCHECKED, {
    natHour: 0.062,
    natGb: 0.062,
    endpointHour: 0.014,
    x86Vcpu: 0.05056,
    x86Gb: 0.00553,
    armVcpu: 0.04045,
    armGb: 0.00442,
    albHour: 0.0243,
    albLcu: 0.008,
    interRegionGb: 0.09,
    internetGb: 0.114,
    vendedLogGb: 0.76,
  }),
};

/** The regions that have an embedded price table, sorted. */
export const PRICED_REGIONS: readonly string[] = Object.keys(EMBEDDED_PRICES).sort();

/** `$0.045/h` */
export function unitPriceText(item: PriceItem, usd: number): string {
  return `$${formatNumber(usd)}/${PRICE_UNITS[item]}`;
}
