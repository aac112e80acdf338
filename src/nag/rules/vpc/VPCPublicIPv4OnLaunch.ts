import { CfnResource } from 'aws-cdk-lib';
import { bool, get, props } from '../../cfn';
import { PRICES, rate, usd } from '../../prices';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

const PER_ADDRESS_MONTH = PRICES.hoursPerMonth * PRICES.publicIpv4Hour;

/** Subnets that give every instance and ENI launched in them a public IPv4 address. */
export function VPCPublicIPv4OnLaunch(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::Subnet') return NOT_APPLICABLE;
  return bool(get(props(node), 'MapPublicIpOnLaunch')) === true ? NON_COMPLIANT : COMPLIANT;
}

export const VPCPublicIPv4OnLaunchRule: RuleDefinition = {
  rule: VPCPublicIPv4OnLaunch,
  resourceTypes: ['AWS::EC2::Subnet'],
  level: NagMessageLevel.WARN,
  info: `The subnet assigns a public IPv4 address to everything launched in it (${PRICES.hoursPerMonth} h x ${rate(PRICES.publicIpv4Hour)} = ${usd(PER_ADDRESS_MONTH)} per address per month).`,
  explanation: `Every public IPv4 address is billed at ${rate(PRICES.publicIpv4Hour)}/h whether used or not, and an instance that gets one by default is reachable from the internet unless its security group says otherwise. Launch workloads in private subnets behind a load balancer and NAT (or IPv6); load balancers and NAT gateways do not need auto-assigned addresses. StatelessService\'s VPC turns MapPublicIpOnLaunch off.`,
  checks: 'AWS::EC2::Subnet with `MapPublicIpOnLaunch: true` (default false for subnets created with CloudFormation).',
  source: `VPC pricing, public IPv4 address ${rate(PRICES.publicIpv4Hour)}/h (since 1 Feb 2024).`,
};
