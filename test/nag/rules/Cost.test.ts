import { CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EBSVolumeGP2Rule } from '../../../src/nag/rules/ec2/EBSVolumeGP2';
import { ECRLifecyclePolicyRule } from '../../../src/nag/rules/ecr/ECRLifecyclePolicy';
import { LogGroupRetentionRule } from '../../../src/nag/rules/logs/LogGroupRetention';
import { VPCNATWithoutGatewayEndpointsRule } from '../../../src/nag/rules/vpc/VPCNATWithoutGatewayEndpoints';
import { VPCPublicIPv4OnLaunchRule } from '../../../src/nag/rules/vpc/VPCPublicIPv4OnLaunch';
import { expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

describe('VPCNATWithoutGatewayEndpoints', () => {
  test('Noncompliance 1: CDK VPC with 3 NAT gateways and no gateway endpoint, priced', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 3 });
    const [f] = expectNonCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'Vpc/Resource');
    expect(f.description).toContain('3 x 730 h x $0.045 = $98.55 per month (us-east-1)');
  });
  test('Noncompliance 2: template VPC with one NAT gateway and only an interface endpoint', () => {
    const stack = newStack();
    res(stack, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    res(stack, 'Public', 'AWS::EC2::Subnet', { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' });
    res(stack, 'Nat', 'AWS::EC2::NatGateway', { SubnetId: { Ref: 'Public' }, AllocationId: 'eipalloc-1' });
    res(stack, 'Ssm', 'AWS::EC2::VPCEndpoint', { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.ssm' });
    const [f] = expectNonCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'Vpc');
    expect(f.description).toContain('1 x 730 h x $0.045 = $32.85 per month');
  });
  test('Noncompliance 3: a DynamoDB gateway endpoint alone does not carry ECR image layers (S3): the missing one is named', () => {
    const stack = newStack();
    res(stack, 'B', 'AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' });
    res(stack, 'BSubnet', 'AWS::EC2::Subnet', { VpcId: { Ref: 'B' }, CidrBlock: '10.1.0.0/24' });
    res(stack, 'BNat', 'AWS::EC2::NatGateway', { SubnetId: { Ref: 'BSubnet' }, AllocationId: 'eipalloc-1' });
    res(stack, 'BDdb', 'AWS::EC2::VPCEndpoint', { VpcId: { Ref: 'B' }, ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] } });
    const [f] = expectNonCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'B');
    expect(f.description).toContain('Missing gateway endpoints: S3 (com.amazonaws.<region>.s3). NAT hours alone: 1 x 730 h');
  });
  test('Noncompliance 1 names both missing endpoints', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const [f] = expectNonCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'Vpc/Resource');
    expect(f.description).toContain('Missing gateway endpoints: S3 (com.amazonaws.<region>.s3), DynamoDB (com.amazonaws.<region>.dynamodb).');
  });
  test('Compliance: an S3 gateway endpoint (CDK), or S3 and DynamoDB ones built with Fn::Sub / Fn::Join, or a service name from a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Service');
    new ec2.Vpc(stack, 'A', { natGateways: 1, gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } } });
    res(stack, 'B', 'AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' });
    res(stack, 'BSubnet', 'AWS::EC2::Subnet', { VpcId: { Ref: 'B' }, CidrBlock: '10.1.0.0/24' });
    res(stack, 'BNat', 'AWS::EC2::NatGateway', { SubnetId: { Ref: 'BSubnet' }, AllocationId: 'eipalloc-1' });
    res(stack, 'BDdb', 'AWS::EC2::VPCEndpoint', { VpcId: { Ref: 'B' }, ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] } });
    res(stack, 'BS3', 'AWS::EC2::VPCEndpoint', { VpcId: { Ref: 'B' }, VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' } });
    res(stack, 'C', 'AWS::EC2::VPC', { CidrBlock: '10.2.0.0/16' });
    res(stack, 'CSubnet', 'AWS::EC2::Subnet', { VpcId: { Ref: 'C' }, CidrBlock: '10.2.0.0/24' });
    res(stack, 'CNat', 'AWS::EC2::NatGateway', { SubnetId: { Ref: 'CSubnet' }, AllocationId: 'eipalloc-2' });
    res(stack, 'CEp', 'AWS::EC2::VPCEndpoint', { VpcId: { Ref: 'C' }, ServiceName: p.valueAsString });
    expectCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'A/Resource');
    expectCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'B');
    expectCompliant(stack, VPCNATWithoutGatewayEndpointsRule, 'C');
  });
  test('Not applicable: VPC without NAT gateways', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expectNotApplicable(stack, VPCNATWithoutGatewayEndpointsRule);
  });
});

describe('VPCPublicIPv4OnLaunch', () => {
  test('Noncompliance 1: CDK public subnets map public IPs by default (warning, priced)', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    const findings = expectNonCompliant(stack, VPCPublicIPv4OnLaunchRule, 'Vpc/PublicSubnet1/Subnet', 'Vpc/PublicSubnet2/Subnet');
    expect(findings[0].severity).toBe('warning');
    expect(findings[0].description).toContain('730 h x $0.005 = $3.65 per address per month');
  });
  test('Noncompliance 2: template subnet with "true"', () => {
    const stack = newStack();
    res(stack, 'Subnet', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: 'true' });
    expectNonCompliant(stack, VPCPublicIPv4OnLaunchRule, 'Subnet');
  });
  test('Compliance: default off, or from a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Map');
    res(stack, 'A', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24' });
    res(stack, 'B', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: p.valueAsString });
    expectCompliant(stack, VPCPublicIPv4OnLaunchRule, 'A');
    expectCompliant(stack, VPCPublicIPv4OnLaunchRule, 'B');
  });
  test('Not applicable: no subnet', () => {
    const stack = newStack();
    res(stack, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    expectNotApplicable(stack, VPCPublicIPv4OnLaunchRule);
  });
});

describe('LogGroupRetention', () => {
  test('Noncompliance 1: RetentionDays.INFINITE (L2)', () => {
    const stack = newStack();
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.INFINITE });
    expectNonCompliant(stack, LogGroupRetentionRule, 'Logs/Resource');
  });
  test('Noncompliance 2: no RetentionInDays', () => {
    const stack = newStack();
    res(stack, 'Logs', 'AWS::Logs::LogGroup', { LogGroupName: 'app' });
    expectNonCompliant(stack, LogGroupRetentionRule, 'Logs');
  });
  test('Compliance: retention set, or from a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Days', { type: 'Number' });
    new logs.LogGroup(stack, 'A', { retention: logs.RetentionDays.ONE_MONTH });
    res(stack, 'B', 'AWS::Logs::LogGroup', { RetentionInDays: p.valueAsNumber });
    expectCompliant(stack, LogGroupRetentionRule, 'A/Resource');
    expectCompliant(stack, LogGroupRetentionRule, 'B');
  });
  test('Not applicable: no log group', () => {
    const stack = newStack();
    res(stack, 'Stream', 'AWS::Logs::LogStream', { LogGroupName: 'x' });
    expectNotApplicable(stack, LogGroupRetentionRule);
  });
});

describe('ECRLifecyclePolicy', () => {
  test('Noncompliance 1: repository without lifecycle rules (L2)', () => {
    const stack = newStack();
    new ecr.Repository(stack, 'Repo');
    expectNonCompliant(stack, ECRLifecyclePolicyRule, 'Repo/Resource');
  });
  test('Noncompliance 2: lifecycle policy with a registry id only', () => {
    const stack = newStack();
    res(stack, 'Repo', 'AWS::ECR::Repository', { LifecyclePolicy: { RegistryId: '123456789012' } });
    expectNonCompliant(stack, ECRLifecyclePolicyRule, 'Repo');
  });
  test('Compliance: lifecycle rule', () => {
    const stack = newStack();
    new ecr.Repository(stack, 'Repo', { lifecycleRules: [{ maxImageCount: 20 }] });
    expectCompliant(stack, ECRLifecyclePolicyRule, 'Repo/Resource');
  });
  test('Not applicable: no repository', () => {
    const stack = newStack();
    res(stack, 'Bucket', 'AWS::S3::Bucket');
    expectNotApplicable(stack, ECRLifecyclePolicyRule);
  });
});

describe('EBSVolumeGP2', () => {
  test('Noncompliance 1: gp2 by default, with the saving priced', () => {
    const stack = newStack();
    res(stack, 'Vol', 'AWS::EC2::Volume', { AvailabilityZone: 'us-east-1a', Size: 500 });
    const [f] = expectNonCompliant(stack, EBSVolumeGP2Rule, 'Vol');
    expect(f.severity).toBe('warning');
    expect(f.description).toContain('500 GB x ($0.10 - $0.08) = $10.00 per month saved on gp3');
  });
  test('Noncompliance 2: explicit gp2', () => {
    const stack = newStack();
    res(stack, 'Vol', 'AWS::EC2::Volume', { AvailabilityZone: 'us-east-1a', Size: 100, VolumeType: 'gp2' });
    expectNonCompliant(stack, EBSVolumeGP2Rule, 'Vol');
  });
  test('Compliance: gp3', () => {
    const stack = newStack();
    res(stack, 'Vol', 'AWS::EC2::Volume', { AvailabilityZone: 'us-east-1a', Size: 100, VolumeType: 'gp3' });
    expectCompliant(stack, EBSVolumeGP2Rule, 'Vol');
  });
  test('Not applicable: no volume', () => {
    const stack = newStack();
    res(stack, 'Lt', 'AWS::EC2::LaunchTemplate', { LaunchTemplateData: {} });
    expectNotApplicable(stack, EBSVolumeGP2Rule);
  });
});
