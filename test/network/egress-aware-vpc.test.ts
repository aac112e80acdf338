import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EgressAwareVpc, NatStrategy } from '../../src/network';
import { Profiles } from '../../src/report';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

function stack(): Stack {
  return regionalStack(new App());
}

describe('EgressAwareVpc defaults', () => {
  const s = stack();
  const vpc = new EgressAwareVpc(s, 'Vpc');
  const t = Template.fromStack(s);

  test('three zones, one NAT gateway per zone, each with an Elastic IP', () => {
    expect(vpc.zoneCount).toBe(3);
    expect(vpc.natGatewayCount).toBe(3);
    expect(vpc.natStrategy).toBe(NatStrategy.ONE_PER_ZONE);
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.resourceCountIs('AWS::EC2::EIP', 3);
  });

  test('public subnets never auto-assign public IPs; private subnets have egress', () => {
    t.resourceCountIs('AWS::EC2::Subnet', 6);
    t.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    expect(vpc.privateSubnets).toHaveLength(3);
    expect(vpc.isolatedSubnets).toHaveLength(0);
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
  });

  test('each private subnet routes to the NAT gateway in its own zone', () => {
    const routes = t.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } });
    const nats = new Set(Object.values(routes).map((r: any) => JSON.stringify(r.Properties.NatGatewayId)));
    expect(Object.keys(routes)).toHaveLength(3);
    expect(nats.size).toBe(3);
  });

  test('free gateway endpoints for S3 and DynamoDB', () => {
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])] }),
    });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.dynamodb$')])] }),
    });
    for (const g of Object.values(t.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))) {
      expect(g.Properties.RouteTableIds.map((r: any) => r.Ref).sort()).toEqual([1, 2, 3].map((i) => expect.stringMatching(`^VpcPrivateSubnet${i}RouteTable`)));
    }
    expect(vpc.s3Endpoint).toBeDefined();
    expect(vpc.dynamoDbEndpoint).toBeDefined();
  });

  test('flow logs of all traffic to a log group kept one month', () => {
    t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  test('no warnings', () => {
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('cdk-cloud-native-patterns'))).toHaveLength(0);
  });

  test('is an ec2.Vpc usable as vpc: in aws-cdk-lib constructs', () => {
    expect(vpc).toBeInstanceOf(ec2.Vpc);
    const cluster = new ecs.Cluster(s, 'Cluster', { vpc });
    expect(cluster.vpc).toBe(vpc);
  });
});

describe('EgressAwareVpc NAT strategies', () => {
  test('ONE_SHARED: one NAT gateway, every private subnet routes to it, tagged warning with the zone trade-off', () => {
    const s = stack();
    const vpc = new EgressAwareVpc(s, 'Vpc', { natStrategy: NatStrategy.ONE_SHARED });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.resourceCountIs('AWS::EC2::EIP', 1);
    expect(vpc.natGatewayCount).toBe(1);
    const routes = t.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } });
    expect(Object.keys(routes)).toHaveLength(3);
    Annotations.fromStack(s).hasWarning('/Stack/Vpc',
      Match.stringLikeRegexp('losing that zone cuts egress for every zone.*\\[ack: cdk-cloud-native-patterns:SharedNatGateway\\]'));
  });

  test('NONE: no NAT gateway, isolated private subnets, the listed interface endpoints in every zone', () => {
    const s = stack();
    const vpc = new EgressAwareVpc(s, 'Vpc', {
      natStrategy: NatStrategy.NONE,
      interfaceEndpoints: [
        ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        ec2.InterfaceVpcEndpointAwsService.ECR,
        ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      ],
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::EIP', 0);
    expect(vpc.isolatedSubnets).toHaveLength(3);
    expect(vpc.privateSubnets).toHaveLength(0);
    expect(vpc.interfaceEndpoints).toHaveLength(3);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 5);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
      ServiceName: 'com.amazonaws.us-east-1.ecr.dkr',
      SubnetIds: [1, 2, 3].map((i) => ({ Ref: Match.stringLikeRegexp(`VpcPrivateSubnet${i}Subnet`) })),
    });
    // The gateway endpoints serve the isolated subnets' route tables too.
    const gateways = Object.values(t.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }));
    expect(gateways).toHaveLength(2);
    for (const g of gateways) {
      expect(g.Properties.RouteTableIds.map((r: any) => r.Ref).sort()).toEqual([1, 2, 3].map((i) => expect.stringMatching(`^VpcPrivateSubnet${i}RouteTable`)));
    }
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('cdk-cloud-native-patterns'))).toHaveLength(0);
  });

  test('NONE without interface endpoints warns that only S3 and DynamoDB are reachable', () => {
    const s = stack();
    new EgressAwareVpc(s, 'Vpc', { natStrategy: NatStrategy.NONE });
    Annotations.fromStack(s).hasWarning('/Stack/Vpc',
      Match.stringLikeRegexp('reach only S3 and DynamoDB.*\\[ack: cdk-cloud-native-patterns:NoEgress\\]'));
  });

  test('maxAzs 2 and a flow log retention are honoured', () => {
    const s = stack();
    const vpc = new EgressAwareVpc(s, 'Vpc', { maxAzs: 2, flowLogRetention: logs.RetentionDays.ONE_YEAR });
    const t = Template.fromStack(s);
    expect(vpc.zoneCount).toBe(2);
    t.resourceCountIs('AWS::EC2::NatGateway', 2);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });
});

describe('EgressAwareVpc errors', () => {
  test('bad props are reported together, with the construct path and the fix', () => {
    const s = stack();
    expect(() => new EgressAwareVpc(s, 'Vpc', { maxAzs: 1, natProcessedGbPerMonth: -5, interfaceEndpointGbPerMonth: NaN }))
      .toThrow(/\[Stack\/Vpc\] 3 problems[\s\S]*maxAzs: is 1, outside the allowed range of at least 2[\s\S]*natProcessedGbPerMonth: is -5[\s\S]*interfaceEndpointGbPerMonth: must be a finite number/);
  });

  test('NAT traffic assumed with no NAT gateway', () => {
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { natStrategy: NatStrategy.NONE, natProcessedGbPerMonth: 10 }))
      .toThrow(/natProcessedGbPerMonth: is set but natStrategy is NONE.*Fix: remove natProcessedGbPerMonth, or choose a NAT strategy/);
  });

  test('an interface endpoint listed twice', () => {
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR] }))
      .toThrow(/interfaceEndpoints: lists ecr.api more than once/);
  });
});

describe('EgressAwareVpc profile', () => {
  test('records NAT hours, Elastic IPs, NAT processing and interface endpoint zone-hours as cost drivers', () => {
    const s = stack();
    const vpc = new EgressAwareVpc(s, 'Vpc', {
      natProcessedGbPerMonth: 500,
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      interfaceEndpointGbPerMonth: 20,
      workloadName: 'network',
    });
    const p = Profiles.of(vpc)!;
    expect(p.name).toBe('network');
    expect(p.pattern).toBe('EgressAwareVpc');
    expect(p.costDrivers.map((d) => [d.item, d.quantity, d.quantityArithmetic])).toEqual([
      ['NAT gateway hours', 2190, '3 NAT gateways x 730 h'],
      ['Public IPv4 addresses', 2190, '3 NAT gateway Elastic IPs x 730 h'],
      ['NAT gateway data processed', 500, '500 GB (assumed)'],
      ['Interface endpoint hours', 2190, '1 endpoint x 3 zones x 730 h'],
      ['Interface endpoint data processed', 20, '20 GB (assumed)'],
    ]);
    expect(p.failureDomains.find((d) => d.domain === 'zone')).toMatchObject({ survives: true });
  });

  test('a shared NAT gateway does not survive a zone', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', { natStrategy: NatStrategy.ONE_SHARED });
    expect(Profiles.of(vpc)!.failureDomains.find((d) => d.domain === 'zone')).toMatchObject({
      survives: false,
      how: expect.stringMatching(/one NAT gateway \(in dummy1a\) carries every zone's egress/),
    });
  });
});

describe('EgressAwareVpc compliance', () => {
  test('default props pass AwsSolutions with no finding', () => {
    const app = checkedApp(['AwsSolutions']);
    const s = regionalStack(app);
    new EgressAwareVpc(s, 'Vpc');
    const result = synthFindings(app);
    expect(ruleIds(result.findings)).toEqual([]);
    expect(result.failed).toBe(false);
  });
});
