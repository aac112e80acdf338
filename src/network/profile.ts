import { NatStrategy } from './nat-strategy';
import { exactProduct, formatNumber } from '../report/decimal';
import { CostDriver, CostDrivers } from '../report/price-table';
import { DataFlow, FailureDomain, FailureDomainProfile, WorkloadProfile } from '../report/profile';

/** A traffic assumption of the profile: stated by the user, a deploy-time token, or not stated. */
export type TrafficAssumption = { readonly kind: 'given'; readonly gb: number } | { readonly kind: 'token' } | { readonly kind: 'unstated' };

/** What the EgressAwareVpc profile is computed from. */
export interface EgressAwareVpcProfileInput {
  readonly name: string;
  readonly strategy: NatStrategy;
  readonly zones: number;
  readonly natGateways: number;
  readonly interfaceEndpoints: number;
  readonly natProcessedGbPerMonth: TrafficAssumption;
  /** The part of the NAT traffic sent out to the internet; unstated means all of natProcessedGbPerMonth. */
  readonly natInternetEgressGbPerMonth: TrafficAssumption;
  readonly interfaceEndpointGbPerMonth: TrafficAssumption;
  readonly natZone?: string;
}

/** A priced quantity with where it comes from, or not priced at all (a token). */
function trafficDriver(base: CostDriver, gb: number, text: string): CostDriver {
  return { ...base, quantity: gb, quantityArithmetic: text };
}

function gbText(a: TrafficAssumption, prop: string): { gb: number; text: string } {
  switch (a.kind) {
    case 'given': return { gb: a.gb, text: `${formatNumber(a.gb)} GB (${prop}, assumed)` };
    case 'token': return { gb: 0, text: `not priced: ${prop} is known only at deploy time` };
    default: return { gb: 0, text: `0 GB (not stated: set ${prop} to price this traffic)` };
  }
}

/**
 * The NAT gateways' cost drivers: gateway hours, their Elastic IPs, data processing, and for the
 * traffic sent out to the internet the data transfer out charge as well ("NAT gateway hourly usage
 * and data processing rates apply. Amazon EC2 charges for data transfer also apply": Amazon VPC
 * User Guide, "Pricing for NAT gateways"; aws.amazon.com/vpc/pricing). With one shared gateway the
 * traffic of the other zones also crosses a zone boundary, billed on both sides (EC2 on-demand
 * pricing, "Data transfer within the same AWS Region").
 */
function natDrivers(i: EgressAwareVpcProfileInput): CostDriver[] {
  const processed = gbText(i.natProcessedGbPerMonth, 'natProcessedGbPerMonth');
  const drivers: CostDriver[] = [
    CostDrivers.natGatewayHours(i.natGateways),
    CostDrivers.publicIpv4Hours(i.natGateways, `NAT gateway Elastic IP${i.natGateways === 1 ? '' : 's'}`),
    trafficDriver(CostDrivers.natProcessedGb(processed.gb), processed.gb, processed.text),
  ];
  const egress = i.natInternetEgressGbPerMonth;
  let out: { gb: number; text: string };
  if (egress.kind === 'unstated') {
    out = i.natProcessedGbPerMonth.kind === 'given'
      ? { gb: processed.gb, text: `${formatNumber(processed.gb)} GB (assumed: all of natProcessedGbPerMonth goes out to the internet, the upper bound; set natInternetEgressGbPerMonth to the outbound part)` }
      : i.natProcessedGbPerMonth.kind === 'token'
        ? { gb: 0, text: 'not priced: natProcessedGbPerMonth is known only at deploy time' }
        : { gb: 0, text: '0 GB (not stated: set natInternetEgressGbPerMonth to price traffic out to the internet)' };
  } else {
    out = gbText(egress, 'natInternetEgressGbPerMonth');
  }
  drivers.push(trafficDriver(CostDrivers.internetEgressGb(out.gb), out.gb,
    `${out.text}; first 10 TB tier, the account's 100 GB free tier not applied`));
  if (i.strategy === NatStrategy.ONE_SHARED && i.zones > 1) {
    const crossing = exactProduct(processed.gb, i.zones - 1) / i.zones;
    const quantity = Number(exactProduct(crossing, 2).toFixed(6));
    drivers.push(trafficDriver(CostDrivers.crossAzGb(0), quantity, i.natProcessedGbPerMonth.kind === 'token'
      ? 'not priced: natProcessedGbPerMonth is known only at deploy time'
      : `${processed.text.replace(/ \(.*$/, '')} x (${i.zones} - 1) / ${i.zones} zones routed to the shared NAT gateway's zone (assumed evenly spread) x 2 sides = ${formatNumber(quantity)} GB`));
  }
  return drivers;
}

/** The profile of an EgressAwareVpc: its egress's failure domains and its monthly cost drivers. */
export function egressAwareVpcProfile(input: EgressAwareVpcProfileInput): WorkloadProfile {
  const zone: FailureDomainProfile = input.strategy === NatStrategy.ONE_SHARED
    ? {
      domain: FailureDomain.ZONE,
      survives: false,
      how: `one NAT gateway (in ${input.natZone ?? 'one zone'}) carries every zone's egress: losing its zone cuts egress for all zones until it recovers`,
    }
    : input.strategy === NatStrategy.NONE
      ? {
        domain: FailureDomain.ZONE,
        survives: true,
        how: 'no NAT: gateway endpoints are regional and each interface endpoint has a network interface in every zone',
        recovery: { seconds: 0, arithmetic: 'no failover step' },
      }
      : {
        domain: FailureDomain.ZONE,
        survives: true,
        how: `a NAT gateway in each of ${input.zones} zones, each zone routing through its own: losing a zone leaves the others' egress intact`,
        recovery: { seconds: 0, arithmetic: 'no failover step' },
      };
  const drivers: CostDriver[] = input.natGateways > 0 ? natDrivers(input) : [];
  if (input.interfaceEndpoints > 0) {
    const gb = gbText(input.interfaceEndpointGbPerMonth, 'interfaceEndpointGbPerMonth');
    drivers.push(
      CostDrivers.interfaceEndpointHours(input.interfaceEndpoints, input.zones),
      trafficDriver(CostDrivers.interfaceEndpointGb(gb.gb), gb.gb, gb.text),
    );
  }
  const flows: DataFlow[] = [
    { from: input.name, to: 'S3 and DynamoDB', label: 'gateway endpoints (free)' },
    ...(input.natGateways > 0 ? [{ from: input.name, to: 'internet', label: `egress via ${input.natGateways} NAT gateway${input.natGateways === 1 ? '' : 's'}` }] : []),
    ...(input.interfaceEndpoints > 0 ? [{ from: input.name, to: 'AWS services', label: `${input.interfaceEndpoints} interface endpoint${input.interfaceEndpoints === 1 ? '' : 's'}` }] : []),
  ];
  return {
    name: input.name,
    pattern: 'EgressAwareVpc',
    zones: input.zones,
    failureDomains: [
      { domain: FailureDomain.INSTANCE, survives: true, how: 'no instances to lose: NAT gateways and endpoints are managed and redundant within their zone', recovery: { seconds: 0, arithmetic: 'no failover step' } },
      zone,
      { domain: FailureDomain.BAD_DEPLOYMENT, survives: true, how: 'a failed network change is rolled back by CloudFormation', recovery: { seconds: 0, arithmetic: 'no failover step' } },
      { domain: FailureDomain.REGION, survives: false, how: 'a VPC is regional' },
    ],
    rto: { seconds: 0, arithmetic: 'network only: no failover step for the failures it survives' },
    // 0 s adds nothing when the report takes the largest RPO of a workload and its VPC.
    rpo: { seconds: 0, arithmetic: 'not applicable: a network holds no data, so there is none to lose; the RPO is that of the workloads and stores that use it' },
    costDrivers: drivers,
    dataFlows: flows,
  };
}
