import { CfnResource } from 'aws-cdk-lib';
import { get, num, props, str, UNKNOWN } from '../../cfn';
import { PRICES, rate, usd } from '../../prices';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** EBS volumes on gp2 (explicitly, or by CloudFormation's default for AWS::EC2::Volume). */
export function EBSVolumeGP2(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::EC2::Volume') return NOT_APPLICABLE;
  const type = str(get(props(node), 'VolumeType'));
  if (type === UNKNOWN) return COMPLIANT;
  return (type ?? 'gp2') === 'gp2' ? NON_COMPLIANT : COMPLIANT;
}

export const EBSVolumeGP2Rule: RuleDefinition = {
  rule: EBSVolumeGP2,
  resourceTypes: ['AWS::EC2::Volume'],
  level: NagMessageLevel.WARN,
  info: `The EBS volume is gp2 (${rate(PRICES.gp2GbMonth)}/GB-month); gp3 costs ${rate(PRICES.gp3GbMonth)}/GB-month with a 3,000 IOPS baseline at any size.`,
  explanation: 'gp3 is 20 % cheaper per GB than gp2 and its baseline performance does not depend on the volume size, so small gp2 volumes are both dearer and slower. Set `VolumeType: gp3` (an in-place change without downtime for existing volumes).',
  checks: 'AWS::EC2::Volume with `VolumeType` gp2 or unset (CloudFormation default gp2).',
  source: `EBS pricing, us-east-1 (gp2 ${rate(PRICES.gp2GbMonth)}, gp3 ${rate(PRICES.gp3GbMonth)} per GB-month); AWS::EC2::Volume VolumeType default gp2.`,
  detail: (node) => {
    const size = num(get(props(node), 'Size'));
    if (typeof size !== 'number') return undefined;
    const saving = size * (PRICES.gp2GbMonth - PRICES.gp3GbMonth);
    return `${size} GB x (${rate(PRICES.gp2GbMonth)} - ${rate(PRICES.gp3GbMonth)}) = ${usd(saving)} per month saved on gp3.`;
  },
};
