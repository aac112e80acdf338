import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EGRESS_AWARE_VPC_DEFAULTS as D } from './defaults';
import { NatStrategy } from './nat-strategy';
import { isUnresolved, PropValidator, warn } from '../core/validation';
import { CostDriver, CostDrivers } from '../report/price-table';
import { DataFlow, FailureDomain, FailureDomainProfile, WorkloadProfile } from '../report/profile';
import { Profiles } from '../report/report';

/** Props of EgressAwareVpc. */
export interface EgressAwareVpcProps {
  /**
   * Zones to use (at least 2). A stack without an explicit region gets at most 2 zones from CDK.
   *
   * @default 3
   */
  readonly maxAzs?: number;

  /**
   * How private subnets reach the internet: a NAT gateway per zone, one shared, or none
   * (interface endpoints only).
   *
   * @default NatStrategy.ONE_PER_ZONE
   */
  readonly natStrategy?: NatStrategy;

  /**
   * AWS services the private subnets reach through interface endpoints (one network interface
   * per zone each, billed per zone-hour). With `NatStrategy.NONE` these are the only AWS services
   * besides S3 and DynamoDB the private subnets can reach; ECS on Fargate needs at least ECR_DOCKER,
   * ECR and CLOUDWATCH_LOGS.
   *
   * @default - none (S3 and DynamoDB always have free gateway endpoints)
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * The VPC's IPv4 address range.
   *
   * @default ec2.IpAddresses.cidr('10.0.0.0/16')
   */
  readonly ipAddresses?: ec2.IIpAddresses;

  /**
   * How long flow logs are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * Report assumption: GB a month processed by the NAT gateways (both directions).
   *
   * @default 0
   */
  readonly natProcessedGbPerMonth?: number;

  /**
   * Report assumption: GB a month processed by the interface endpoints.
   *
   * @default 0
   */
  readonly interfaceEndpointGbPerMonth?: number;

  /**
   * The VPC's name in the cloud-native report.
   *
   * @default - the construct path
   */
  readonly workloadName?: string;
}

/**
 * A VPC whose egress is an explicit, priced choice. It is an `ec2.Vpc`, so pass it as `vpc:`
 * anywhere.
 *
 * - Free gateway endpoints for S3 and DynamoDB, so that traffic never pays NAT processing.
 * - NAT strategy: one NAT gateway per zone (default), one shared (a tagged warning states the
 *   zone-failure trade-off), or none with the interface endpoints you list.
 * - Flow logs to CloudWatch Logs with a retention; public subnets never assign public IPs.
 * - Records its profile (NAT gateway hours, NAT processing, the gateways' public IPv4 addresses,
 *   interface endpoint zone-hours and processing) for the cloud-native report.
 */
export class EgressAwareVpc extends ec2.Vpc {
  /** The NAT strategy in use. */
  public readonly natStrategy: NatStrategy;
  /** The number of NAT gateways. */
  public readonly natGatewayCount: number;
  /** The number of zones. */
  public readonly zoneCount: number;
  /** The flow log. */
  public readonly flowLog: ec2.FlowLog;
  /** The flow log's log group. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The S3 gateway endpoint. */
  public readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  /** The DynamoDB gateway endpoint. */
  public readonly dynamoDbEndpoint: ec2.GatewayVpcEndpoint;
  /** The interface endpoints, in the order of `interfaceEndpoints`. */
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[];

  constructor(scope: Construct, id: string, props: EgressAwareVpcProps = {}) {
    const strategy = props.natStrategy ?? D.natStrategy;
    const maxAzs = props.maxAzs ?? D.maxAzs;
    // ec2.Vpc validates in its constructor, before this one can: give it a usable zone count and
    // report a bad one below, with the library's error.
    const usableAzs = Number.isInteger(maxAzs) && maxAzs >= 2 ? maxAzs : D.maxAzs;
    super(scope, id, {
      maxAzs: usableAzs,
      ipAddresses: props.ipAddresses ?? ec2.IpAddresses.cidr(D.cidr),
      natGateways: strategy === NatStrategy.NONE ? 0 : strategy === NatStrategy.ONE_SHARED ? 1 : undefined,
      subnetConfiguration: [
        // The load balancer and NAT gateways need no auto-assigned public IPs (NAT uses Elastic IPs).
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: D.publicCidrMask, mapPublicIpOnLaunch: false },
        {
          name: 'Private',
          subnetType: strategy === NatStrategy.NONE ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: D.privateCidrMask,
        },
      ],
    });

    const v = new PropValidator(this);
    v.number('maxAzs', maxAzs, { integer: true, min: 2 });
    v.number('natProcessedGbPerMonth', props.natProcessedGbPerMonth, { min: 0 });
    v.number('interfaceEndpointGbPerMonth', props.interfaceEndpointGbPerMonth, { min: 0 });
    v.require(!(strategy === NatStrategy.NONE && (props.natProcessedGbPerMonth ?? 0) > 0), 'natProcessedGbPerMonth',
      'is set but natStrategy is NONE, so no traffic goes through a NAT gateway', 'remove natProcessedGbPerMonth, or choose a NAT strategy');
    const names = (props.interfaceEndpoints ?? []).map((s) => s.shortName);
    const dupes = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    v.require(dupes.length === 0, 'interfaceEndpoints', `lists ${dupes.join(', ')} more than once`, 'list each service once');
    v.throwIfAny();

    this.natStrategy = strategy;
    this.zoneCount = this.availabilityZones.length;
    this.natGatewayCount = strategy === NatStrategy.NONE ? 0 : strategy === NatStrategy.ONE_SHARED ? 1 : this.publicSubnets.length;

    // Free gateway endpoints keep S3 and DynamoDB traffic off the NAT gateways' per-GB processing.
    // The private subnets' route tables, whichever the strategy (CDK would pick the public ones too when they are isolated).
    const privateTables: ec2.SubnetSelection[] = [{ subnets: [...this.privateSubnets, ...this.isolatedSubnets] }];
    this.s3Endpoint = this.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: privateTables });
    this.dynamoDbEndpoint = this.addGatewayEndpoint('DynamoDB', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: privateTables });
    this.interfaceEndpoints = (props.interfaceEndpoints ?? []).map((service) =>
      this.addInterfaceEndpoint(`${service.shortName.replace(/[^A-Za-z0-9]/g, '')}Endpoint`, { service, privateDnsEnabled: true }));

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? D.flowLogRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.flowLog = this.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup) });

    if (strategy === NatStrategy.ONE_SHARED) {
      warn(this, 'SharedNatGateway',
        `All ${this.zoneCount} zones send internet egress through one NAT gateway in one zone: `
        + 'losing that zone cuts egress for every zone until it recovers, and the other zones pay cross-zone transfer to reach it. '
        + 'Use NatStrategy.ONE_PER_ZONE for production, or NatStrategy.NONE with interface endpoints.');
    }
    if (strategy === NatStrategy.NONE && this.interfaceEndpoints.length === 0) {
      warn(this, 'NoEgress',
        'natStrategy is NONE and no interfaceEndpoints are listed: private subnets reach only S3 and DynamoDB. '
        + 'List the interface endpoints your workloads need (ECS on Fargate needs ECR_DOCKER, ECR and CLOUDWATCH_LOGS).');
    }

    Profiles.record(this, egressAwareVpcProfile({
      name: props.workloadName ?? this.node.path,
      strategy,
      zones: this.zoneCount,
      natGateways: this.natGatewayCount,
      interfaceEndpoints: this.interfaceEndpoints.length,
      natProcessedGbPerMonth: isUnresolved(props.natProcessedGbPerMonth) ? 0 : props.natProcessedGbPerMonth ?? D.natProcessedGbPerMonth,
      interfaceEndpointGbPerMonth: isUnresolved(props.interfaceEndpointGbPerMonth)
        ? 0 : props.interfaceEndpointGbPerMonth ?? D.interfaceEndpointGbPerMonth,
      natZone: this.publicSubnets[0] && !Token.isUnresolved(this.publicSubnets[0].availabilityZone)
        ? this.publicSubnets[0].availabilityZone : undefined,
    }));
  }
}

/** What the EgressAwareVpc profile is computed from. */
export interface EgressAwareVpcProfileInput {
  readonly name: string;
  readonly strategy: NatStrategy;
  readonly zones: number;
  readonly natGateways: number;
  readonly interfaceEndpoints: number;
  readonly natProcessedGbPerMonth: number;
  readonly interfaceEndpointGbPerMonth: number;
  readonly natZone?: string;
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
  const drivers: CostDriver[] = [];
  if (input.natGateways > 0) {
    drivers.push(
      CostDrivers.natGatewayHours(input.natGateways),
      CostDrivers.publicIpv4Hours(input.natGateways, `NAT gateway Elastic IP${input.natGateways === 1 ? '' : 's'}`),
      CostDrivers.natProcessedGb(input.natProcessedGbPerMonth),
    );
  }
  if (input.interfaceEndpoints > 0) {
    drivers.push(
      CostDrivers.interfaceEndpointHours(input.interfaceEndpoints, input.zones),
      CostDrivers.interfaceEndpointGb(input.interfaceEndpointGbPerMonth),
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
    rpo: { seconds: 0, arithmetic: 'holds no data' },
    costDrivers: drivers,
    dataFlows: flows,
  };
}
