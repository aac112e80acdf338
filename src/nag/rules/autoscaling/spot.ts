import { CfnResource } from 'aws-cdk-lib';
import { bool, get, list, num, props, raw, referencedId, resourceById, str, UNKNOWN } from '../../cfn';

/** How an Auto Scaling group buys capacity, as far as the template says. */
export interface SpotProfile {
  /** The group runs spot instances (UNKNOWN when a deciding value is a parameter). */
  readonly usesSpot: boolean | typeof UNKNOWN;
  /** The group has a MixedInstancesPolicy. */
  readonly mixed: boolean;
  /** Number of instance types it may launch; Infinity with attribute-based selection. */
  readonly instanceTypes: number | typeof UNKNOWN;
  /** SpotAllocationStrategy (undefined: CloudFormation's lowest-price). */
  readonly allocation: string | undefined | typeof UNKNOWN;
  /** OnDemandBaseCapacity (undefined: 0). */
  readonly onDemandBase: number | undefined | typeof UNKNOWN;
  /** OnDemandPercentageAboveBaseCapacity (undefined: 100). */
  readonly onDemandPercent: number | undefined | typeof UNKNOWN;
  /** CapacityRebalance (undefined: false). */
  readonly capacityRebalance: boolean | undefined | typeof UNKNOWN;
}

export const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/** The spot profile of an Auto Scaling group. */
export function spotProfile(asg: CfnResource): SpotProfile {
  const p = props(asg);
  const capacityRebalance = bool(get(p, 'CapacityRebalance'));
  const mip = get(p, 'MixedInstancesPolicy');
  if (mip === UNKNOWN) {
    return {
      usesSpot: UNKNOWN, mixed: true, instanceTypes: UNKNOWN, allocation: UNKNOWN, onDemandBase: UNKNOWN, onDemandPercent: UNKNOWN, capacityRebalance,
    };
  }
  if (mip !== undefined) {
    const dist = get(mip, 'InstancesDistribution');
    const onDemandPercent = num(get(dist, 'OnDemandPercentageAboveBaseCapacity'));
    const usesSpot = onDemandPercent === UNKNOWN ? UNKNOWN : (onDemandPercent ?? 100) < 100;
    const overrides = list(get(mip, 'LaunchTemplate', 'Overrides'));
    let instanceTypes: number | typeof UNKNOWN;
    if (overrides === UNKNOWN) instanceTypes = UNKNOWN;
    else if ((overrides ?? []).some((o) => get(o, 'InstanceRequirements') !== undefined)) instanceTypes = Infinity;
    else instanceTypes = distinctTypes(overrides ?? []);
    const allocation = str(get(dist, 'SpotAllocationStrategy'));
    const onDemandBase = num(get(dist, 'OnDemandBaseCapacity'));
    return { usesSpot, mixed: true, instanceTypes, allocation, onDemandBase, onDemandPercent, capacityRebalance };
  }
  return {
    usesSpot: singleTypeSpot(asg),
    mixed: false,
    instanceTypes: 1,
    allocation: undefined,
    onDemandBase: undefined,
    onDemandPercent: undefined,
    capacityRebalance,
  };
}

/**
 * The number of distinct instance types the overrides name (1 when none: the launch template's
 * own type). A type given as a parameter or any other value known only at deploy time could be
 * any type, so the count is UNKNOWN unless the known types already reach 3.
 */
function distinctTypes(overrides: unknown[]): number | typeof UNKNOWN {
  const known = new Set<string>();
  let unknown = false;
  for (const o of overrides) {
    const type = str(get(o, 'InstanceType'));
    if (type === UNKNOWN) unknown = true;
    else if (type !== undefined) known.add(type);
  }
  if (unknown) return known.size >= 3 ? known.size : UNKNOWN;
  return Math.max(1, known.size);
}

/** A group without MixedInstancesPolicy runs spot when its launch template or configuration asks for it. */
function singleTypeSpot(asg: CfnResource): boolean | typeof UNKNOWN {
  const p = props(asg);
  const ltRef = raw(p, 'LaunchTemplate', 'LaunchTemplateId') ?? raw(p, 'LaunchTemplate', 'LaunchTemplateName');
  const lcRef = raw(p, 'LaunchConfigurationName');
  const id = referencedId(ltRef) ?? referencedId(lcRef);
  if (!id) return ltRef !== undefined || lcRef !== undefined ? UNKNOWN : false;
  const source = resourceById(asg, id);
  if (!source) return UNKNOWN;
  if (source.cfnResourceType === 'AWS::EC2::LaunchTemplate') {
    const market = str(get(props(source), 'LaunchTemplateData', 'InstanceMarketOptions', 'MarketType'));
    return market === UNKNOWN ? UNKNOWN : market === 'spot';
  }
  if (source.cfnResourceType === 'AWS::AutoScaling::LaunchConfiguration') {
    const price = get(props(source), 'SpotPrice');
    return price === UNKNOWN ? UNKNOWN : price !== undefined;
  }
  return UNKNOWN;
}

/** True when the group runs only spot above nothing: no on-demand base and 0 % on-demand above it. */
export function spotOnly(profile: SpotProfile): boolean | typeof UNKNOWN {
  if (profile.usesSpot !== true) return profile.usesSpot === UNKNOWN ? UNKNOWN : false;
  if (!profile.mixed) return true;
  if (profile.onDemandBase === UNKNOWN || profile.onDemandPercent === UNKNOWN) return UNKNOWN;
  return (profile.onDemandBase ?? 0) === 0 && profile.onDemandPercent === 0;
}
