import { CfnParameter, Stack } from 'aws-cdk-lib';
import { AutoScalingSingleAZRule } from '../../../src/nag/rules/autoscaling/AutoScalingSingleAZ';
import { AutoScalingSpotAllocationRule } from '../../../src/nag/rules/autoscaling/AutoScalingSpotAllocation';
import { AutoScalingSpotDiversityRule } from '../../../src/nag/rules/autoscaling/AutoScalingSpotDiversity';
import { AutoScalingSpotOnDemandBaseRule } from '../../../src/nag/rules/autoscaling/AutoScalingSpotOnDemandBase';
import { AutoScalingSpotRebalanceRule } from '../../../src/nag/rules/autoscaling/AutoScalingSpotRebalance';
import { expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LT = { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-1', Version: '1' } };

function mixed(stack: Stack, id: string, dist: { [k: string]: unknown }, types: string[], extra: { [k: string]: unknown } = {}) {
  return res(stack, id, ASG, {
    MinSize: '0',
    MaxSize: '6',
    VPCZoneIdentifier: ['subnet-1', 'subnet-2'],
    MixedInstancesPolicy: { InstancesDistribution: dist, LaunchTemplate: { ...LT, Overrides: types.map((t) => ({ InstanceType: t })) } },
    ...extra,
  });
}
const good = { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' };
const goodTypes = ['m5.large', 'm6i.large', 'm5a.large'];

describe('AutoScalingSingleAZ', () => {
  test('Noncompliance 1: one subnet', () => {
    const stack = newStack();
    res(stack, 'Asg', ASG, { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: ['subnet-1'] });
    expectNonCompliant(stack, AutoScalingSingleAZRule, 'Asg');
  });
  test('Noncompliance 2: one zone', () => {
    const stack = newStack();
    res(stack, 'Asg', ASG, { MinSize: '1', MaxSize: '2', AvailabilityZones: ['us-east-1a'] });
    expectNonCompliant(stack, AutoScalingSingleAZRule, 'Asg');
  });
  test('Noncompliance 3: two subnets of the stack in the same zone', () => {
    const stack = newStack();
    res(stack, 'S1', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' });
    res(stack, 'S2', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' });
    res(stack, 'Asg', ASG, { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: [{ Ref: 'S1' }, { Ref: 'S2' }] });
    expectNonCompliant(stack, AutoScalingSingleAZRule, 'Asg');
  });
  test('Compliance: two subnets, or subnets from a list parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' });
    res(stack, 'A', ASG, { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: ['subnet-1', 'subnet-2'] });
    res(stack, 'B', ASG, { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: p.valueAsList });
    expectCompliant(stack, AutoScalingSingleAZRule, 'A');
    expectCompliant(stack, AutoScalingSingleAZRule, 'B');
  });
  test('Not applicable: no Auto Scaling group', () => {
    const stack = newStack();
    res(stack, 'Lt', 'AWS::EC2::LaunchTemplate', { LaunchTemplateData: {} });
    expectNotApplicable(stack, AutoScalingSingleAZRule);
  });
});

describe('AutoScalingSpotDiversity', () => {
  test('Noncompliance 1: spot with 2 instance types', () => {
    const stack = newStack();
    mixed(stack, 'Asg', good, ['m5.large', 'm6i.large'], { CapacityRebalance: true });
    const [f] = expectNonCompliant(stack, AutoScalingSpotDiversityRule, 'Asg');
    expect(f.description).toMatch(/2 instance types\./);
  });
  test('Noncompliance 2: spot launch template without MixedInstancesPolicy', () => {
    const stack = newStack();
    res(stack, 'Lt', 'AWS::EC2::LaunchTemplate', { LaunchTemplateData: { InstanceType: 'm5.large', InstanceMarketOptions: { MarketType: 'spot' } } });
    res(stack, 'Asg', ASG, { MinSize: '0', MaxSize: '2', VPCZoneIdentifier: ['a', 'b'], LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } });
    expectNonCompliant(stack, AutoScalingSpotDiversityRule, 'Asg');
  });
  test('Noncompliance 3: spot launch configuration', () => {
    const stack = newStack();
    res(stack, 'Lc', 'AWS::AutoScaling::LaunchConfiguration', { ImageId: 'ami-1', InstanceType: 'm5.large', SpotPrice: '0.05' });
    res(stack, 'Asg', ASG, { MinSize: '0', MaxSize: '2', VPCZoneIdentifier: ['a', 'b'], LaunchConfigurationName: { Ref: 'Lc' } });
    expectNonCompliant(stack, AutoScalingSpotDiversityRule, 'Asg');
  });
  test('Compliance: 3 types, or attribute-based selection', () => {
    const stack = newStack();
    mixed(stack, 'A', good, goodTypes);
    res(stack, 'B', ASG, {
      MinSize: '0',
      MaxSize: '2',
      MixedInstancesPolicy: {
        InstancesDistribution: good,
        LaunchTemplate: { ...LT, Overrides: [{ InstanceRequirements: { VCpuCount: { Min: 2 }, MemoryMiB: { Min: 4096 } } }] },
      },
    });
    expectCompliant(stack, AutoScalingSpotDiversityRule, 'A');
    expectCompliant(stack, AutoScalingSpotDiversityRule, 'B');
  });
  test('Compliance: instance types given as parameters are never counted as one type', () => {
    const stack = newStack();
    const a = new CfnParameter(stack, 'TypeA');
    const b = new CfnParameter(stack, 'TypeB');
    mixed(stack, 'Params', good, [a.valueAsString, b.valueAsString]);
    mixed(stack, 'Mixed', good, ['m5.large', a.valueAsString]);
    expectCompliant(stack, AutoScalingSpotDiversityRule, 'Params');
    expectCompliant(stack, AutoScalingSpotDiversityRule, 'Mixed');
  });
  test('Noncompliance 4: two known types plus the same type again (a parameter elsewhere does not excuse it)', () => {
    const stack = newStack();
    new CfnParameter(stack, 'Unused');
    mixed(stack, 'Asg', good, ['m5.large', 'm5.large', 'm6i.large']);
    const [f] = expectNonCompliant(stack, AutoScalingSpotDiversityRule, 'Asg');
    expect(f.description).toMatch(/2 instance types\./);
  });
  test('Not applicable: on-demand group (OnDemandPercentageAboveBaseCapacity defaults to 100)', () => {
    const stack = newStack();
    mixed(stack, 'Asg', {}, ['m5.large']);
    expectNotApplicable(stack, AutoScalingSpotDiversityRule);
  });
});

describe('AutoScalingSpotAllocation', () => {
  test('Noncompliance 1: allocation unset (lowest-price)', () => {
    const stack = newStack();
    mixed(stack, 'Asg', { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 50 }, goodTypes);
    expectNonCompliant(stack, AutoScalingSpotAllocationRule, 'Asg');
  });
  test('Noncompliance 2: lowest-price', () => {
    const stack = newStack();
    mixed(stack, 'Asg', { ...good, SpotAllocationStrategy: 'lowest-price' }, goodTypes);
    expectNonCompliant(stack, AutoScalingSpotAllocationRule, 'Asg');
  });
  test('Compliance: price-capacity-optimized, capacity-optimized, or a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Alloc');
    mixed(stack, 'A', good, goodTypes);
    mixed(stack, 'B', { ...good, SpotAllocationStrategy: 'capacity-optimized' }, goodTypes);
    mixed(stack, 'C', { ...good, SpotAllocationStrategy: p.valueAsString }, goodTypes);
    for (const id of ['A', 'B', 'C']) expectCompliant(stack, AutoScalingSpotAllocationRule, id);
  });
  test('Not applicable: no spot', () => {
    const stack = newStack();
    mixed(stack, 'Asg', { OnDemandPercentageAboveBaseCapacity: 100 }, goodTypes);
    expectNotApplicable(stack, AutoScalingSpotAllocationRule);
  });
});

describe('AutoScalingSpotRebalance', () => {
  test('Noncompliance 1: capacity rebalance unset', () => {
    const stack = newStack();
    mixed(stack, 'Asg', good, goodTypes);
    expectNonCompliant(stack, AutoScalingSpotRebalanceRule, 'Asg');
  });
  test('Noncompliance 2: capacity rebalance false', () => {
    const stack = newStack();
    mixed(stack, 'Asg', good, goodTypes, { CapacityRebalance: 'false' });
    expectNonCompliant(stack, AutoScalingSpotRebalanceRule, 'Asg');
  });
  test('Compliance: capacity rebalance on', () => {
    const stack = newStack();
    mixed(stack, 'Asg', good, goodTypes, { CapacityRebalance: true });
    expectCompliant(stack, AutoScalingSpotRebalanceRule, 'Asg');
  });
  test('Not applicable: no spot', () => {
    const stack = newStack();
    res(stack, 'Lt', 'AWS::EC2::LaunchTemplate', { LaunchTemplateData: { InstanceType: 'm5.large' } });
    res(stack, 'Asg', ASG, { MinSize: '1', MaxSize: '2', LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } });
    expectNotApplicable(stack, AutoScalingSpotRebalanceRule);
  });
});

describe('AutoScalingSpotOnDemandBase', () => {
  test('Noncompliance 1: no on-demand base (warning)', () => {
    const stack = newStack();
    mixed(stack, 'Asg', { OnDemandPercentageAboveBaseCapacity: 20, SpotAllocationStrategy: 'price-capacity-optimized' }, goodTypes);
    const [f] = expectNonCompliant(stack, AutoScalingSpotOnDemandBaseRule, 'Asg');
    expect(f.severity).toBe('warning');
  });
  test('Noncompliance 2: base 0', () => {
    const stack = newStack();
    mixed(stack, 'Asg', { ...good, OnDemandBaseCapacity: 0 }, goodTypes);
    expectNonCompliant(stack, AutoScalingSpotOnDemandBaseRule, 'Asg');
  });
  test('Compliance: base 1', () => {
    const stack = newStack();
    mixed(stack, 'Asg', good, goodTypes);
    expectCompliant(stack, AutoScalingSpotOnDemandBaseRule, 'Asg');
  });
  test('Not applicable: no spot', () => {
    const stack = newStack();
    mixed(stack, 'Asg', { OnDemandBaseCapacity: 1 }, goodTypes);
    expectNotApplicable(stack, AutoScalingSpotOnDemandBaseRule);
  });
});
