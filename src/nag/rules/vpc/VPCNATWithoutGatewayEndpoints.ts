import { CfnResource } from 'aws-cdk-lib';
import { get, logicalIdOf, props, referencedId, refersTo, resourceById, resourcesOfType, str, UNKNOWN } from '../../cfn';
import { PRICES, rate, usd } from '../../prices';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/**
 * VPCs of this stack with public NAT gateways and neither an S3 nor a DynamoDB gateway endpoint.
 * Fires once per VPC, on the VPC.
 */
export function VPCNATWithoutGatewayEndpoints(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::VPC') return NOT_APPLICABLE;
  const nats = natGateways(node);
  if (nats === 0) return NOT_APPLICABLE;
  const endpoints = gatewayEndpoints(node);
  if (endpoints === UNKNOWN) return COMPLIANT;
  return endpoints.size === 0 ? NON_COMPLIANT : COMPLIANT;
}

/** Public NAT gateways in subnets of this VPC. */
export function natGateways(vpc: CfnResource): number {
  const vpcId = logicalIdOf(vpc);
  let n = 0;
  for (const nat of resourcesOfType(vpc, 'AWS::EC2::NatGateway')) {
    const np = props(nat);
    const connectivity = str(get(np, 'ConnectivityType')) ?? 'public';
    if (connectivity !== 'public') continue;
    const subnetId = referencedId(np.SubnetId);
    const subnet = subnetId ? resourceById(vpc, subnetId) : undefined;
    if (subnet?.cfnResourceType === 'AWS::EC2::Subnet' && refersTo(props(subnet).VpcId, vpcId)) n++;
  }
  return n;
}

/** Which of s3 / dynamodb have a gateway endpoint in this VPC; UNKNOWN when a service name is a parameter. */
function gatewayEndpoints(vpc: CfnResource): Set<string> | typeof UNKNOWN {
  const vpcId = logicalIdOf(vpc);
  const found = new Set<string>();
  for (const endpoint of resourcesOfType(vpc, 'AWS::EC2::VPCEndpoint')) {
    const ep = props(endpoint);
    if (!refersTo(ep.VpcId, vpcId)) continue;
    const type = str(get(ep, 'VpcEndpointType')) ?? 'Gateway';
    if (type === UNKNOWN) return UNKNOWN;
    if (type !== 'Gateway') continue;
    // Service names are often built with Fn::Join / Fn::Sub around the region: read the text.
    const text = JSON.stringify(ep.ServiceName ?? '').toLowerCase();
    if (/\.dynamodb\b/.test(text)) found.add('dynamodb');
    else if (/\.s3\b/.test(text)) found.add('s3');
    else if (!text.includes('com.amazonaws')) return UNKNOWN;
  }
  return found;
}

export const VPCNATWithoutGatewayEndpointsRule: RuleDefinition = {
  rule: VPCNATWithoutGatewayEndpoints,
  level: NagMessageLevel.ERROR,
  info: 'The VPC sends traffic through NAT gateways but has no S3 or DynamoDB gateway endpoint.',
  explanation: `Every byte from private subnets to S3 (including ECR image layers) or DynamoDB then pays NAT data processing (${rate(PRICES.natGatewayGb)}/GB) on top of the NAT hours. Gateway endpoints for S3 and DynamoDB are free and take that traffic off the NAT; EgressAwareVpc (and the VPC StatelessService creates) adds both by default.`,
  checks: 'AWS::EC2::VPC with public AWS::EC2::NatGateway resources in its subnets (same stack) and no Gateway-type AWS::EC2::VPCEndpoint for S3 or DynamoDB attached to it.',
  source: `VPC pricing (NAT gateway ${rate(PRICES.natGatewayHour)}/h and ${rate(PRICES.natGatewayGb)}/GB processed, us-east-1; gateway endpoints free).`,
  detail: (node) => {
    const n = natGateways(node);
    const monthly = n * PRICES.hoursPerMonth * PRICES.natGatewayHour;
    return `NAT hours alone: ${n} x ${PRICES.hoursPerMonth} h x ${rate(PRICES.natGatewayHour)} = ${usd(monthly)} per month (us-east-1), plus ${rate(PRICES.natGatewayGb)}/GB processed that gateway endpoints would take off S3 and DynamoDB traffic.`;
  },
};
