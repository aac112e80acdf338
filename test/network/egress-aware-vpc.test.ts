import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EgressAwareVpc, NatStrategy } from '../../src/network';
import { PriceTable, Profiles } from '../../src/report';
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

  test('flowLogRetention INFINITE is a tagged warning, as for container logs', () => {
    const s = stack();
    new EgressAwareVpc(s, 'Vpc', { flowLogRetention: logs.RetentionDays.INFINITE });
    Annotations.fromStack(s).hasWarning('/Stack/Vpc',
      Match.stringLikeRegexp('flowLogRetention is INFINITE: flow logs are billed for storage forever.*\\[ack: cdk-cloud-native-patterns:FlowLogsKeptForever\\]'));
    Template.fromStack(s).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
  });

  test('an empty workloadName is an error', () => {
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { workloadName: '  ' }))
      .toThrow(/workloadName: is an empty string.*Fix: give the VPC a name for the report/);
  });

  test('unknown enum-like values from JavaScript are the library\'s error, all together', () => {
    const js: any = { natStrategy: 'SHARED', flowLogRetention: 15, maxAzs: 2.5, ipAddresses: '10.0.0.0/16', interfaceEndpoints: ['ecr.api'] };
    expect(() => new EgressAwareVpc(stack(), 'Vpc', js))
      .toThrow(/5 problems[\s\S]*maxAzs: must be a whole number, got 2.5[\s\S]*natStrategy: is 'SHARED', not one of the allowed values.*Fix: set natStrategy to one of: NatStrategy.ONE_PER_ZONE, NatStrategy.ONE_SHARED, NatStrategy.NONE[\s\S]*ipAddresses: is '10.0.0.0\/16', not an IP address allocation.*Fix: set ipAddresses to ec2.IpAddresses.cidr[\s\S]*flowLogRetention: is 15, not one of the allowed values.*Fix: set flowLogRetention to one of: a logs.RetentionDays value[\s\S]*interfaceEndpoints: has 'ecr.api', not an interface endpoint service.*Fix: list ec2.InterfaceVpcEndpointAwsService values/);
  });

  test('null props from JavaScript or Python are the defaults', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', null as any);
    expect([vpc.zoneCount, vpc.natGatewayCount, vpc.natStrategy]).toEqual([3, 3, NatStrategy.ONE_PER_ZONE]);
  });

  test('maxAzs as a string from JavaScript is the library\'s error', () => {
    const js: any = { maxAzs: '3' };
    expect(() => new EgressAwareVpc(stack(), 'Vpc', js)).toThrow(/maxAzs: must be a finite number, got 3.*Fix: set maxAzs to a number of at least 2/);
  });

  test('interfaceEndpoints that is not a list is the library\'s error', () => {
    const js: any = { interfaceEndpoints: ec2.InterfaceVpcEndpointAwsService.ECR };
    expect(() => new EgressAwareVpc(stack(), 'Vpc', js)).toThrow(/interfaceEndpoints: is a InterfaceVpcEndpointAwsService, not a list.*Fix: list services such as/);
  });

  test('internet egress above the NAT traffic, or with no NAT gateway', () => {
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { natProcessedGbPerMonth: 100, natInternetEgressGbPerMonth: 150 }))
      .toThrow(/natInternetEgressGbPerMonth: is 150 GB, more than the 100 GB natProcessedGbPerMonth.*Fix: set natProcessedGbPerMonth to at least 150/);
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { natStrategy: NatStrategy.NONE, natInternetEgressGbPerMonth: 5 }))
      .toThrow(/natInternetEgressGbPerMonth: is set but natStrategy is NONE, so nothing reaches the internet/);
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { natInternetEgressGbPerMonth: -1 })).toThrow(/natInternetEgressGbPerMonth: is -1, outside the allowed range of at least 0/);
  });

  test('an interface endpoint listed twice', () => {
    expect(() => new EgressAwareVpc(stack(), 'Vpc', { interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR] }))
      .toThrow(/interfaceEndpoints: lists ecr.api more than once/);
  });
});

describe('EgressAwareVpc endpoint services', () => {
  test('the gateway endpoints always, then the interface endpoints by short name, in order', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', {
      natStrategy: NatStrategy.NONE,
      interfaceEndpoints: [
        ec2.InterfaceVpcEndpointAwsService.ECR,
        ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        ec2.InterfaceVpcEndpointAwsService.SSM,
      ],
    });
    expect(vpc.interfaceEndpointServices).toEqual(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm']);
    expect(vpc.endpointServices).toEqual(['s3', 'dynamodb', 'ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm']);
  });

  test('without interface endpoints: S3 and DynamoDB only', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc');
    expect(vpc.interfaceEndpointServices).toEqual([]);
    expect(vpc.endpointServices).toEqual(['s3', 'dynamodb']);
  });
});

describe('EgressAwareVpc profile', () => {
  function priced(vpc: EgressAwareVpc) {
    const table = PriceTable.forRegion('us-east-1');
    return Profiles.of(vpc)!.costDrivers.map((d) => table.price(d)).map((l) => [l.item, l.arithmetic, l.usd]);
  }

  test('NAT traffic to the internet pays NAT processing and data transfer out', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', { maxAzs: 2, natProcessedGbPerMonth: 500, natInternetEgressGbPerMonth: 200 });
    expect(priced(vpc)).toEqual([
      ['NAT gateway hours', '2 NAT gateways x 730 h x $0.045/h = $65.70', 65.7],
      ['Public IPv4 addresses', '2 NAT gateway Elastic IPs x 730 h x $0.005/h = $7.30', 7.3],
      ['NAT gateway data processed', '500 GB (natProcessedGbPerMonth, assumed) x $0.045/GB = $22.50', 22.5],
      ['Internet data transfer out', "200 GB (natInternetEgressGbPerMonth, assumed); first 10 TB tier, the account's 100 GB free tier not applied x $0.09/GB = $18.00", 18],
    ]);
  });

  test('without natInternetEgressGbPerMonth all NAT traffic is assumed to go out (the upper bound), and says so', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', { maxAzs: 2, natProcessedGbPerMonth: 100 });
    expect(priced(vpc)[3]).toEqual(['Internet data transfer out',
      '100 GB (assumed: all of natProcessedGbPerMonth goes out to the internet, the upper bound; set natInternetEgressGbPerMonth to the outbound part); '
      + "first 10 TB tier, the account's 100 GB free tier not applied x $0.09/GB = $9.00", 9]);
  });

  test('no traffic stated: the traffic lines say so', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', { maxAzs: 2 });
    expect(priced(vpc).slice(2).map((l) => l[1])).toEqual([
      '0 GB (not stated: set natProcessedGbPerMonth to price this traffic) x $0.045/GB = $0.00',
      "0 GB (not stated: set natInternetEgressGbPerMonth to price traffic out to the internet); first 10 TB tier, the account's 100 GB free tier not applied x $0.09/GB = $0.00",
    ]);
  });

  test('a shared NAT gateway: the other zones\' traffic also crosses a zone boundary, both sides billed', () => {
    const vpc = new EgressAwareVpc(stack(), 'Vpc', { natStrategy: NatStrategy.ONE_SHARED, natProcessedGbPerMonth: 300 });
    expect(priced(vpc).map((l) => l[0])).toEqual([
      'NAT gateway hours', 'Public IPv4 addresses', 'NAT gateway data processed', 'Internet data transfer out', 'Cross-zone data transfer',
    ]);
    // 300 x 2 / 3 = 200 GB cross a zone boundary, x 2 sides x $0.01 = $4.00
    expect(priced(vpc)[4]).toEqual(['Cross-zone data transfer',
      "300 GB x (3 - 1) / 3 zones routed to the shared NAT gateway's zone (assumed evenly spread) x 2 sides = 400 GB x $0.01/GB = $4.00", 4]);
  });

  test('a token traffic assumption is not priced, with a tagged warning', () => {
    const s = stack();
    const gb = new CfnParameter(s, 'Gb', { type: 'Number', default: 10 }).valueAsNumber;
    const vpc = new EgressAwareVpc(s, 'Vpc', { maxAzs: 2, natProcessedGbPerMonth: gb });
    Annotations.fromStack(s).hasWarning('/Stack/Vpc', Match.stringLikeRegexp('natProcessedGbPerMonth is a token.*cdk-cloud-native-patterns:ReportNeedsConcreteValues'));
    expect(priced(vpc).slice(2).map((l) => [l[1], l[2]])).toEqual([
      ['not priced: natProcessedGbPerMonth is known only at deploy time x $0.045/GB = $0.00', 0],
      ["not priced: natProcessedGbPerMonth is known only at deploy time; first 10 TB tier, the account's 100 GB free tier not applied x $0.09/GB = $0.00", 0],
    ]);
  });

  test('RPO is not applicable: a network holds no data', () => {
    const p = Profiles.of(new EgressAwareVpc(stack(), 'Vpc'))!;
    expect(p.rpo).toEqual({ seconds: 0, arithmetic: 'not applicable: a network holds no data, so there is none to lose; the RPO is that of the workloads and stores that use it' });
  });

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
      ['NAT gateway data processed', 500, '500 GB (natProcessedGbPerMonth, assumed)'],
      ['Internet data transfer out', 500, '500 GB (assumed: all of natProcessedGbPerMonth goes out to the internet, the upper bound; '
        + "set natInternetEgressGbPerMonth to the outbound part); first 10 TB tier, the account's 100 GB free tier not applied"],
      ['Interface endpoint hours', 2190, '1 endpoint x 3 zones x 730 h'],
      ['Interface endpoint data processed', 20, '20 GB (interfaceEndpointGbPerMonth, assumed)'],
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
