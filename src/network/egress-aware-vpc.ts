import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EGRESS_AWARE_VPC_DEFAULTS as D } from './defaults';
import { NatStrategy } from './nat-strategy';
import { egressAwareVpcProfile, TrafficAssumption } from './profile';
import { describeValue, isUnresolved, nonEmptyString, oneOf, PropValidator, warn } from '../core/validation';
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
   * How long flow logs are kept in CloudWatch Logs. `INFINITE` is a tagged warning
   * (`cdk-cloud-native-patterns:FlowLogsKeptForever`): the logs are billed for storage forever.
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
   * Report assumption: the part of `natProcessedGbPerMonth` the NAT gateways send out to the
   * internet, in GB a month. It is billed twice: once as NAT data processing and once as data
   * transfer out to the internet (traffic coming in from the internet pays no transfer charge).
   * At most `natProcessedGbPerMonth`.
   *
   * @default - all of natProcessedGbPerMonth (the upper bound, so the report never under-prices egress)
   */
  readonly natInternetEgressGbPerMonth?: number;

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
  /**
   * Short names of the interface endpoint services, in the order of `interfaceEndpoints`
   * (`ec2.InterfaceVpcEndpointAwsService.ECR.shortName` is `ecr.api`; others: `ecr.dkr`, `logs`,
   * `secretsmanager`, `ssm`).
   */
  public readonly interfaceEndpointServices: string[];
  /**
   * Short names of every endpoint service the private subnets reach without a NAT gateway: the
   * gateway endpoints `s3` and `dynamodb` first, then `interfaceEndpointServices`.
   */
  public readonly endpointServices: string[];

  constructor(scope: Construct, id: string, props: EgressAwareVpcProps = {}) {
    const p: EgressAwareVpcProps = props ?? {};
    const knownStrategy = NAT_STRATEGIES.includes(p.natStrategy as NatStrategy);
    const strategy = knownStrategy ? p.natStrategy as NatStrategy : D.natStrategy;
    const maxAzs = p.maxAzs ?? D.maxAzs;
    // ec2.Vpc validates in its constructor, before this one can: give it usable values and report
    // bad ones below, together and with the library's error.
    const usableAzs = Number.isInteger(maxAzs) && maxAzs >= 2 ? maxAzs : D.maxAzs;
    const usableAddresses = isIpAddresses(p.ipAddresses) ? p.ipAddresses : ec2.IpAddresses.cidr(D.cidr);
    super(scope, id, {
      maxAzs: usableAzs,
      ipAddresses: usableAddresses,
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
    oneOf(v, 'natStrategy', p.natStrategy, NAT_STRATEGIES, NAT_STRATEGIES.map((n) => `NatStrategy.${n}`));
    v.require(p.ipAddresses === undefined || isIpAddresses(p.ipAddresses), 'ipAddresses',
      `is ${describeValue(p.ipAddresses)}, not an IP address allocation`, "set ipAddresses to ec2.IpAddresses.cidr('10.0.0.0/16') or another ec2.IpAddresses");
    const retentionOk = oneOf(v, 'flowLogRetention', p.flowLogRetention, RETENTION_DAYS,
      ['a logs.RetentionDays value such as logs.RetentionDays.ONE_MONTH']);
    nonEmptyString(v, 'workloadName', p.workloadName, 'give the VPC a name for the report, or omit workloadName to use the construct path');
    const natGbOk = v.number('natProcessedGbPerMonth', p.natProcessedGbPerMonth, { min: 0 });
    const egressOk = v.number('natInternetEgressGbPerMonth', p.natInternetEgressGbPerMonth, { min: 0 });
    v.number('interfaceEndpointGbPerMonth', p.interfaceEndpointGbPerMonth, { min: 0 });
    v.require(!(strategy === NatStrategy.NONE && (p.natProcessedGbPerMonth ?? 0) > 0), 'natProcessedGbPerMonth',
      'is set but natStrategy is NONE, so no traffic goes through a NAT gateway', 'remove natProcessedGbPerMonth, or choose a NAT strategy');
    v.require(!(strategy === NatStrategy.NONE && (p.natInternetEgressGbPerMonth ?? 0) > 0), 'natInternetEgressGbPerMonth',
      'is set but natStrategy is NONE, so nothing reaches the internet', 'remove natInternetEgressGbPerMonth, or choose a NAT strategy');
    if (egressOk && strategy !== NatStrategy.NONE) {
      const processed = natGbOk ? p.natProcessedGbPerMonth! : 0;
      v.require(isUnresolved(p.natProcessedGbPerMonth) || p.natInternetEgressGbPerMonth! <= processed, 'natInternetEgressGbPerMonth',
        `is ${p.natInternetEgressGbPerMonth} GB, more than the ${processed} GB natProcessedGbPerMonth: every GB a NAT gateway sends out is also processed by it`,
        `set natProcessedGbPerMonth to at least ${p.natInternetEgressGbPerMonth} (both directions), or lower natInternetEgressGbPerMonth`);
    }
    const given = p.interfaceEndpoints;
    const services = Array.isArray(given) ? given : [];
    v.require(given === undefined || Array.isArray(given), 'interfaceEndpoints', `is ${describeValue(given)}, not a list`,
      'list services such as [ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER]');
    const bad = services.filter((s) => !isEndpointService(s));
    v.require(bad.length === 0, 'interfaceEndpoints', `has ${bad.map((b) => describeValue(b)).join(', ')}, not an interface endpoint service`,
      'list ec2.InterfaceVpcEndpointAwsService values, e.g. ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS');
    const names = services.filter(isEndpointService).map((s) => s.shortName);
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
    this.interfaceEndpoints = services.map((service) =>
      this.addInterfaceEndpoint(`${service.shortName.replace(/[^A-Za-z0-9]/g, '')}Endpoint`, { service, privateDnsEnabled: true }));
    this.interfaceEndpointServices = services.map((service) => service.shortName);
    this.endpointServices = ['s3', 'dynamodb', ...this.interfaceEndpointServices];

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: p.flowLogRetention ?? D.flowLogRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.flowLog = this.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup) });

    if (retentionOk && p.flowLogRetention === logs.RetentionDays.INFINITE) {
      warn(this, 'FlowLogsKeptForever',
        'flowLogRetention is INFINITE: flow logs are billed for storage forever. Set a retention (default ONE_MONTH) unless a regulation requires keeping them.');
    }
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

    const trafficTokens = ['natProcessedGbPerMonth', 'natInternetEgressGbPerMonth', 'interfaceEndpointGbPerMonth']
      .filter((k) => isUnresolved(p[k as keyof EgressAwareVpcProps]));
    if (trafficTokens.length > 0) {
      warn(this, 'ReportNeedsConcreteValues', `${trafficTokens.join(', ')} ${trafficTokens.length === 1 ? 'is a token' : 'are tokens'}: `
        + 'the report cannot price that traffic and lists it as not priced. Pass concrete numbers to see the cost.');
    }
    Profiles.record(this, egressAwareVpcProfile({
      name: p.workloadName ?? this.node.path,
      strategy,
      zones: this.zoneCount,
      natGateways: this.natGatewayCount,
      interfaceEndpoints: this.interfaceEndpoints.length,
      natProcessedGbPerMonth: trafficValue(p.natProcessedGbPerMonth),
      natInternetEgressGbPerMonth: trafficValue(p.natInternetEgressGbPerMonth),
      interfaceEndpointGbPerMonth: trafficValue(p.interfaceEndpointGbPerMonth),
      natZone: this.publicSubnets[0] && !Token.isUnresolved(this.publicSubnets[0].availabilityZone)
        ? this.publicSubnets[0].availabilityZone : undefined,
    }));
  }
}

const NAT_STRATEGIES: readonly NatStrategy[] = Object.values(NatStrategy);
const RETENTION_DAYS: readonly unknown[] = Object.values(logs.RetentionDays).filter((d) => typeof d === 'number');

function isIpAddresses(x: unknown): x is ec2.IIpAddresses {
  return typeof x === 'object' && x !== null && typeof (x as { allocateVpcCidr?: unknown }).allocateVpcCidr === 'function';
}

function isEndpointService(x: unknown): x is ec2.InterfaceVpcEndpointAwsService {
  return x instanceof ec2.InterfaceVpcEndpointAwsService
    || (typeof x === 'object' && x !== null && typeof (x as { shortName?: unknown }).shortName === 'string'
      && typeof (x as { name?: unknown }).name === 'string');
}

/** A traffic assumption as the profile takes it: a number, 'token', or undefined when not stated. */
function trafficValue(gb: number | undefined): TrafficAssumption {
  if (gb === undefined) return { kind: 'unstated' };
  if (isUnresolved(gb)) return { kind: 'token' };
  return { kind: 'given', gb };
}
