import { CfnResource } from 'aws-cdk-lib';
import { get, logicalIdOf, perStack, props, raw, referencedId, referencedIds, resourceById, resourcesOfType, str, UNKNOWN } from '../../cfn';
import { PRICES, rate, usd } from '../../prices';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** The free gateway endpoints, in the order they are named in findings. */
const GATEWAY_SERVICES = [
  { key: 's3', name: 'S3 (com.amazonaws.<region>.s3)' },
  { key: 'dynamodb', name: 'DynamoDB (com.amazonaws.<region>.dynamodb)' },
] as const;

interface VpcNetwork {
  /** Public NAT gateways in subnets of the VPC. */
  nats: number;
  /** Gateway endpoints attached to it (s3, dynamodb), or UNKNOWN when one's type or service is a parameter. */
  endpoints: Set<string> | typeof UNKNOWN;
}

/**
 * VPCs of this stack with public NAT gateways and no S3 gateway endpoint. ECR stores image
 * layers in S3, so every image pull from a private subnet then pays NAT data processing, even
 * when a DynamoDB gateway endpoint exists. Fires once per VPC, on the VPC, naming the missing
 * gateway endpoints.
 */
export function VPCNATWithoutGatewayEndpoints(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::VPC') return NOT_APPLICABLE;
  const net = network(node);
  if (net.nats === 0) return NOT_APPLICABLE;
  if (net.endpoints === UNKNOWN) return COMPLIANT;
  return net.endpoints.has('s3') ? COMPLIANT : NON_COMPLIANT;
}

/** Public NAT gateways in subnets of this VPC. */
export function natGateways(vpc: CfnResource): number {
  return network(vpc).nats;
}

function network(vpc: CfnResource): VpcNetwork {
  return networks(vpc).get(logicalIdOf(vpc)) ?? { nats: 0, endpoints: new Set() };
}

/** NAT gateways and gateway endpoints of every VPC of the stack, by VPC logical id. Indexed once per stack. */
function networks(node: CfnResource): Map<string, VpcNetwork> {
  return perStack(node, 'vpc:networks', () => {
    const out = new Map<string, VpcNetwork>();
    const of = (id: string) => {
      let n = out.get(id);
      if (!n) {
        n = { nats: 0, endpoints: new Set() };
        out.set(id, n);
      }
      return n;
    };
    for (const nat of resourcesOfType(node, 'AWS::EC2::NatGateway')) {
      const np = props(nat);
      const connectivity = str(get(np, 'ConnectivityType')) ?? 'public';
      if (connectivity !== 'public') continue;
      const subnetId = referencedId(raw(np, 'SubnetId'));
      const subnet = subnetId ? resourceById(node, subnetId) : undefined;
      if (subnet?.cfnResourceType !== 'AWS::EC2::Subnet') continue;
      for (const vpcId of referencedIds(raw(props(subnet), 'VpcId'))) of(vpcId).nats++;
    }
    for (const endpoint of resourcesOfType(node, 'AWS::EC2::VPCEndpoint')) {
      const ep = props(endpoint);
      const service = endpointService(ep);
      for (const vpcId of referencedIds(raw(ep, 'VpcId'))) {
        const n = of(vpcId);
        if (service === undefined || n.endpoints === UNKNOWN) continue;
        if (service === UNKNOWN) n.endpoints = UNKNOWN;
        else n.endpoints.add(service);
      }
    }
    return out;
  });
}

/** 's3' or 'dynamodb' for a gateway endpoint to them; undefined for anything else; UNKNOWN when a deciding value is a parameter. */
function endpointService(ep: { readonly [key: string]: unknown }): string | undefined | typeof UNKNOWN {
  const type = str(get(ep, 'VpcEndpointType')) ?? 'Gateway';
  if (type === UNKNOWN) return UNKNOWN;
  if (type !== 'Gateway') return undefined;
  // Service names are often built with Fn::Join / Fn::Sub around the region: read the text.
  const text = JSON.stringify(raw(ep, 'ServiceName') ?? '').toLowerCase();
  if (/\.dynamodb\b/.test(text)) return 'dynamodb';
  if (/\.s3\b/.test(text)) return 's3';
  return text.includes('com.amazonaws') ? undefined : UNKNOWN;
}

/** The free gateway endpoints the VPC lacks, by name. */
function missing(vpc: CfnResource): string[] {
  const endpoints = network(vpc).endpoints;
  if (endpoints === UNKNOWN) return [];
  return GATEWAY_SERVICES.filter((s) => !endpoints.has(s.key)).map((s) => s.name);
}

export const VPCNATWithoutGatewayEndpointsRule: RuleDefinition = {
  rule: VPCNATWithoutGatewayEndpoints,
  resourceTypes: ['AWS::EC2::VPC'],
  level: NagMessageLevel.ERROR,
  info: 'The VPC sends traffic through NAT gateways but has no S3 gateway endpoint.',
  explanation: `ECR stores image layers in S3, so without an S3 gateway endpoint every image pull (each task start, each deployment, each spot replacement) and all other S3 traffic from private subnets pays NAT data processing (${rate(PRICES.natGatewayGb)}/GB) on top of the NAT hours; a DynamoDB endpoint does not help it. Gateway endpoints for S3 and DynamoDB are free and take that traffic off the NAT; EgressAwareVpc (and the VPC StatelessService creates) adds both by default.`,
  checks: 'AWS::EC2::VPC with public AWS::EC2::NatGateway resources in its subnets (same stack) and no Gateway-type AWS::EC2::VPCEndpoint for S3 attached to it (a DynamoDB one alone does not count); the finding names the missing gateway endpoints (S3, and DynamoDB when it is missing too).',
  source: `ECR User Guide, "Amazon ECR interface VPC endpoints (AWS PrivateLink)" (image layers are in S3: create the S3 gateway endpoint); VPC pricing (NAT gateway ${rate(PRICES.natGatewayHour)}/h and ${rate(PRICES.natGatewayGb)}/GB processed, us-east-1; gateway endpoints free).`,
  detail: (node) => {
    const n = natGateways(node);
    const monthly = n * PRICES.hoursPerMonth * PRICES.natGatewayHour;
    return `Missing gateway endpoints: ${missing(node).join(', ')}. NAT hours alone: ${n} x ${PRICES.hoursPerMonth} h x ${rate(PRICES.natGatewayHour)} = ${usd(monthly)} per month (us-east-1), plus ${rate(PRICES.natGatewayGb)}/GB processed that the gateway endpoints would take off S3 (ECR image layers) and DynamoDB traffic.`;
  },
};
