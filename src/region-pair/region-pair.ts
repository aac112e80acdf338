import * as fs from 'fs';
import * as path from 'path';
import { CfnOutput, Environment, Stack, Stage, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ARC_ASSUMPTIONS, arcAutomation, arcRecovery, arcRunbookLines, recoveryControlStack, STANDBY_SCALABLE_TARGET_OUTPUT, regionalRecordName, validateRecoveryControllerOptions } from './arc';
import { RecoveryControlResources } from './arc-resources';
import { drillRecovery, failoverRecovery, FailoverTiming, standbyModeCosts } from './arithmetic';
import { auroraEnvironment, auroraRpo, auroraRunbookSteps, defaultStandbyInstances, PairAurora, pairAurora, validatePairAurora } from './aurora';
import { PairAuroraOptions } from './aurora-options';
import { acknowledgeBucketGrant, bucketRpo, bucketRunbookSteps, pairBuckets, pairRpo, validatePairBucket } from './bucket';
import { PairBucketOptions } from './bucket-options';
import { REGION_PAIR_DEFAULTS as D } from './defaults';
import { drillDocuments } from './drill';
import { Failover } from './failover';
import { drillExperimentRunbook, regionalDrillExperiment } from './fis';
import { recordPairProfiles } from './profile';
import { certificateIn, endpointHealthCheck, regionEnvironment, requireOutsideStacks, secondsOrDefault, serviceWorkload, sloHealthCheck, validateBuiltWorkload, validateDnsOptions, validateRegionalServiceProps, validateTableOptions, validateZoneAndRecord, withRegionalSignal, zoneIn } from './regional';
import { runbookMarkdown } from './runbook';
import { StandbyMode, StandbyModeCost, StandbyModeKind } from './standby-mode';
import { pairTable, tableRpo } from './table';
import { PairTableOptions } from './table-options';
import { PatternValidationError } from '../core/errors';
import { describeValue, isUnresolved, nonEmptyString, PropValidator, warn } from '../core/validation';
import { TimeEstimate } from '../report';
import { StatelessService, StatelessServiceProps } from '../stateless-service';

/** The public hosted zone the pair's records live in, named by attributes so each region reads it itself. */
export interface PairHostedZone {
  /** The hosted zone ID (`Z0123456789ABCDEFGHIJ`). */
  readonly hostedZoneId: string;
  /** The zone's domain name (`example.com`). */
  readonly zoneName: string;
  /**
   * Whether the zone is a private hosted zone. Route 53 health checkers probe from the internet and
   * a private zone answers only inside its VPCs, so a private zone is an error for an
   * internet-facing pair.
   *
   * @default false
   */
  readonly privateZone?: boolean;
}

/** Which side of the pair a region is. */
export enum RegionRole {
  /** Serves while healthy: the PRIMARY failover record. */
  PRIMARY = 'PRIMARY',
  /** Serves after failover: the SECONDARY failover record. */
  STANDBY = 'STANDBY',
}

/** What a workload builder is told about the region it builds in. */
export interface RegionContext {
  /** Primary or standby. */
  readonly role: RegionRole;
  /** The region (concrete). */
  readonly region: string;
  /** The account (concrete). */
  readonly account: string;
  /** The regional stack the workload is built in. */
  readonly stack: Stack;
  /** The pair's standby mode (size the standby by it, or return `scaling` and `taskCount` and the pair sets it). */
  readonly standbyMode: StandbyMode;
  /** The hosted zone, read from its attributes in this stack. */
  readonly hostedZone: route53.IHostedZone;
  /** The pair's DNS name. */
  readonly recordName: string;
  /** The certificate for `recordName` in this region, when the pair creates one. */
  readonly certificate?: acm.ICertificate;
  /**
   * The pair's DynamoDB table in this region (the global table in the primary, its replica read by
   * name in the standby), when `table` is given.
   */
  readonly table?: dynamodb.ITableV2;
  /**
   * The pair's S3 bucket in this region (the replicating source in the primary, the replica in the
   * standby), when `bucket` is given.
   */
  readonly bucket?: s3.IBucket;
}

/** What a regional workload gives the pair. */
export interface RegionalWorkload {
  /** The load balancer the region's failover record aliases and its health check probes. */
  readonly loadBalancer: elbv2.ILoadBalancerV2;
  /**
   * The ECS service the failover automation scales.
   *
   * @default - no automation: the pair's failover is DNS only
   */
  readonly service?: ecs.BaseService;
  /**
   * The service's task count scaling. With `taskCount`, the pair sets the standby's minimum to its
   * mode's count (pilot light 1, warm a share, hot all).
   *
   * @default - the standby's count is the builder's
   */
  readonly scaling?: ecs.ScalableTaskCount;
  /**
   * The primary's task count (the autoscaling minimum) the standby scales to on failover.
   *
   * @default - not known: the standby's scale-up is not modelled
   */
  readonly taskCount?: number;
  /**
   * The autoscaling maximum during failover.
   *
   * @default - 3 x taskCount
   */
  readonly maxTaskCount?: number;
  /**
   * The path the Route 53 health check requests.
   *
   * @default '/'
   */
  readonly healthCheckPath?: string;
  /**
   * Whether the load balancer serves HTTPS on 443 (the health check then uses HTTPS: an HTTP check
   * would pass on the 80 -> 443 redirect the load balancer answers itself).
   *
   * @default false
   */
  readonly https?: boolean;
  /**
   * CloudWatch alarms in this region that say users are failing (the SLO regional health alarms).
   * On the primary, each becomes a CLOUDWATCH_METRIC health check and the record's check is a
   * CALCULATED check over them and the endpoint, so a region that answers but fails users fails over.
   *
   * @default - the StatelessService's `slos.regionalHealthAlarms` with `serviceProps`, else none
   */
  readonly healthAlarms?: cloudwatch.IAlarm[];
  /**
   * Assumed seconds from placing a task to its container listening, for the scale-up arithmetic.
   *
   * @default 60
   */
  readonly taskStartSeconds?: number;
}

/** Builds the workload in each regional stack (jsii-friendly: implement `buildRegion`; `build` is reserved in some languages). */
export interface IRegionalWorkloadBuilder {
  /** Builds the workload of one region in `scope` (a construct in the region's stack). */
  buildRegion(scope: Construct, region: RegionContext): RegionalWorkload;
}

/** Props of ActivePassiveRegionPair. */
export interface ActivePassiveRegionPairProps {
  /** The primary region's account and region (both concrete). */
  readonly primary: Environment;
  /** The standby region's account and region (both concrete, another region). */
  readonly standby: Environment;
  /** The public hosted zone of `recordName`, by ID and name (read in each region, never exported). */
  readonly hostedZone: PairHostedZone;
  /** The DNS name users call, in the zone (`app.example.com`). */
  readonly recordName: string;
  /**
   * The workload as StatelessService props, built in each region (the standby sized by
   * `standbyMode`). `domainName`, `domainZone` and `certificate` are the pair's: leave them out.
   * Give this or `workloadBuilder`.
   *
   * @default - `workloadBuilder` builds it
   */
  readonly serviceProps?: StatelessServiceProps;
  /**
   * Builds the workload in each region, for anything behind a load balancer. Give this or `serviceProps`.
   *
   * @default - a StatelessService from `serviceProps`
   */
  readonly workloadBuilder?: IRegionalWorkloadBuilder;
  /**
   * How much compute the standby keeps.
   *
   * @default StandbyMode.warmStandby({ capacityPercent: 50 })
   */
  readonly standbyMode?: StandbyMode;
  /**
   * How traffic moves to the standby.
   *
   * @default Failover.dnsHealthCheck()
   */
  readonly failover?: Failover;
  /**
   * Whether each region gets a DNS-validated certificate for `recordName` (the StatelessService then
   * serves HTTPS and redirects HTTP).
   *
   * @default true
   */
  readonly certificate?: boolean;
  /**
   * A DynamoDB global table written in the primary and replicated to the standby (deletion
   * protection and point-in-time recovery on both replicas, retained on delete). With
   * `serviceProps`, both regions' services get its name in `environmentVariable` and read-write
   * access to their region's replica.
   *
   * @default - no table: the pair replicates no data and its RPO is not modelled
   */
  readonly table?: PairTableOptions;
  /**
   * An S3 bucket written in the primary and replicated to a bucket in the standby with S3
   * Replication Time Control and metrics (versioned, TLS only, public access blocked, retained on
   * delete, named `<bucketNamePrefix>-<account>-<region>`). With `serviceProps`, each region's
   * service gets its region's bucket name in `environmentVariable` and read-write access to it.
   * Deploy the standby stack first: S3 rejects a replication configuration whose destination
   * does not exist yet.
   *
   * @default - no bucket
   */
  readonly bucket?: PairBucketOptions;
  /**
   * An Aurora global database: the writer cluster in the primary's VPC, a secondary cluster
   * (headless with a pilot light standby) in the standby's, each encrypted with its own region's
   * KMS key, deletion protected and snapshotted on delete; the credentials secret is replicated to
   * the standby. Needs `serviceProps` (each service gets DATABASE_SECRET_NAME and its region's
   * DATABASE_HOST and may connect). Deploy the primary stack first: the secondary joins an
   * existing global database. The DNS failover does not promote it: the runbook has the commands.
   *
   * @default - no database
   */
  readonly aurora?: PairAuroraOptions;
  /**
   * Whether the primary stack gets an AWS FIS experiment template that rehearses the loss of the
   * primary region for 10 minutes: it cuts the workload's subnets off from the standby region
   * (`aws:network:route-table-disrupt-cross-region-connectivity`) and pauses the table's
   * replication (`aws:dynamodb:global-table-pause-replication`), with the SLO alarms as stop
   * conditions (none without SLOs: a tagged warning) and a retained CloudWatch Logs group.
   * Needs `serviceProps`. Creating it starts nothing: `aws fis start-experiment` does (runbook).
   *
   * @default false
   */
  readonly regionDrillExperiment?: boolean;
  /**
   * Stack names are `<prefix>-primary` and `<prefix>-standby` (with the Stage's name in front inside a Stage).
   *
   * @default - the construct id
   */
  readonly stackNamePrefix?: string;
  /**
   * The pair's name in the report, runbook and automation document names.
   *
   * @default - the construct id
   */
  readonly workloadName?: string;
}

/**
 * One workload in a primary and a standby region with automated, drillable DNS failover.
 *
 * Creates one stack per region (`primaryStack`, `standbyStack`; deploy either first, in any order:
 * neither references the other). Each stack reads the hosted zone from its attributes and owns its
 * failover alias record (PRIMARY / SECONDARY, `evaluateTargetHealth: true`) and a Route 53 health
 * check on its own load balancer. The standby runs the `standbyMode`'s share of the primary's tasks;
 * SSM Automation documents in the standby stack scale it up and force the DNS shift (a drill) and
 * fail back; a runbook is written beside the cloud-native report at synth.
 */
export class ActivePassiveRegionPair extends Construct {
  /** The primary region's stack. */
  public readonly primaryStack: Stack;
  /** The standby region's stack. */
  public readonly standbyStack: Stack;
  /** The primary region's workload. */
  public readonly primaryWorkload: RegionalWorkload;
  /** The standby region's workload. */
  public readonly standbyWorkload: RegionalWorkload;
  /** The primary's StatelessService, with `serviceProps`. */
  public readonly primaryService?: StatelessService;
  /** The standby's StatelessService, with `serviceProps`. */
  public readonly standbyService?: StatelessService;
  /** The primary's failover record (PRIMARY); with `Failover.recoveryController()`, its plain alias record `<region>.<recordName>`. */
  public readonly primaryRecord: route53.ARecord;
  /** The standby's failover record (SECONDARY); with `Failover.recoveryController()`, its plain alias record `<region>.<recordName>`. */
  public readonly standbyRecord: route53.ARecord;
  /** The health check on the primary's load balancer. */
  public readonly primaryEndpointHealthCheck: route53.HealthCheck;
  /** The health check the PRIMARY record uses: the endpoint check, or a CALCULATED check over it and the SLO alarms. */
  public readonly primaryHealthCheck: route53.IHealthCheck;
  /** The health check on the standby's load balancer (SECONDARY record). */
  public readonly standbyHealthCheck: route53.HealthCheck;
  /** The failover automation document (standby stack), when the workload has a service. */
  public readonly failoverDocument?: ssm.CfnDocument;
  /** The fail-back automation document (standby stack), when the workload has a service. */
  public readonly failBackDocument?: ssm.CfnDocument;
  /** The standby mode. */
  public readonly standbyMode: StandbyMode;
  /** Tasks the primary runs (its autoscaling minimum), when known. */
  public readonly primaryTasks?: number;
  /** Tasks the standby runs while idle, when known. */
  public readonly standbyTasks?: number;
  /** The DynamoDB global table (primary stack), when `table` is given. */
  public readonly table?: dynamodb.TableV2;
  /** The standby's replica, read by name in the standby stack, when `table` is given. */
  public readonly standbyTable?: dynamodb.ITableV2;
  /** The replicating source bucket (primary stack), when `bucket` is given. */
  public readonly bucket?: s3.Bucket;
  /** The replica bucket (standby stack), when `bucket` is given. */
  public readonly standbyBucket?: s3.Bucket;
  /** The Aurora writer cluster (primary stack), when `aurora` is given. */
  public readonly auroraCluster?: rds.DatabaseCluster;
  /** The Aurora global database (primary stack), when `aurora` is given. */
  public readonly globalCluster?: rds.CfnGlobalCluster;
  /** The Aurora secondary cluster (standby stack), when `aurora` is given. */
  public readonly auroraSecondary?: rds.CfnDBCluster;
  /** The FIS experiment template rehearsing the primary region's loss (primary stack), with `regionDrillExperiment`. */
  public readonly drillExperimentTemplate?: fis.CfnExperimentTemplate;
  /** The modelled recovery time of a region loss, with the arithmetic. */
  public readonly regionRecovery: TimeEstimate;
  /** The standby's idle Fargate cost in each mode (with `serviceProps`; empty otherwise). */
  public readonly standbyModeCosts: StandbyModeCost[];
  /**
   * The ARC routing controls, their health checks and the failover records, in a third stack
   * `<prefix>-recovery-control` (us-west-2), with `Failover.recoveryController()`.
   */
  public readonly recoveryControl?: RecoveryControlResources;
  /** File name of the runbook written into the cloud assembly folder at synth. */
  public readonly runbookFileName: string;


  constructor(scope: Construct, id: string, props: ActivePassiveRegionPairProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{
        prop: 'props',
        problem: 'are required but were not given',
        fix: 'pass { primary, standby, hostedZone, recordName, serviceProps } (or workloadBuilder instead of serviceProps)',
      }]);
    }
    const v = new PropValidator(this);
    const env = (prop: string, e: unknown) => regionEnvironment(v, prop, e);
    const primaryEnv = env('primary', props.primary);
    const standbyEnv = env('standby', props.standby);
    if (primaryEnv && standbyEnv) {
      v.require(primaryEnv.region !== standbyEnv.region, 'primary.region and standby.region',
        `are both ${primaryEnv.region}: a standby in the same region is lost with the primary`,
        'choose another region for the standby (e.g. us-west-2 for us-east-1)');
    }
    requireOutsideStacks(v, scope);
    const zone = props.hostedZone;
    const recordName = props.recordName;
    validateZoneAndRecord(v, zone, recordName);
    const hasService = props.serviceProps !== undefined && props.serviceProps !== null;
    const hasBuilder = props.workloadBuilder !== undefined && props.workloadBuilder !== null;
    v.require(hasService !== hasBuilder, hasService ? 'serviceProps and workloadBuilder' : 'serviceProps or workloadBuilder',
      hasService ? 'are both given' : 'is required: the pair has no workload to run in each region',
      'give serviceProps (a StatelessService in each region) or workloadBuilder (your own workload), not both');
    if (hasBuilder && typeof (props.workloadBuilder as { buildRegion?: unknown }).buildRegion !== 'function') {
      v.fail('workloadBuilder', `must implement buildRegion(scope, region), got ${describeValue(props.workloadBuilder)}`, 'pass an object with a buildRegion(scope, region) method returning { loadBalancer, ... }');
    }
    if (hasService) {
      validateRegionalServiceProps(v, props.serviceProps!, props.workloadName !== undefined);
    }
    const internetFacing = hasService ? props.serviceProps!.internetFacing ?? true : true;
    if (zone?.privateZone === true) {
      v.require(!internetFacing, 'hostedZone.privateZone', 'is true, but a private hosted zone answers only inside its VPCs and Route 53 health checkers probe from the internet, so the public endpoints could never be reached by name nor failed over',
        'use the public hosted zone of the domain (privateZone false)');
    }
    if (props.standbyMode !== undefined && !(props.standbyMode instanceof StandbyMode)) {
      v.fail('standbyMode', `must be a StandbyMode, got ${describeValue(props.standbyMode)}`, 'use StandbyMode.pilotLight(), StandbyMode.warmStandby({ capacityPercent }) or StandbyMode.hotStandby()');
    }
    const mode = props.standbyMode instanceof StandbyMode ? props.standbyMode : StandbyMode.warmStandby({ capacityPercent: D.warmCapacityPercent });
    if (mode.kind === StandbyModeKind.WARM) {
      v.number('standbyMode.capacityPercent', mode.capacityPercent, { integer: true, min: 1, max: 99 });
    }
    if (props.failover !== undefined && !(props.failover instanceof Failover)) {
      v.fail('failover', `must be a Failover, got ${describeValue(props.failover)}`, 'use Failover.dnsHealthCheck({ interval, failureThreshold, ttl }) or Failover.recoveryController({ decisionTime, automatedBy })');
    }
    const failover = props.failover instanceof Failover ? props.failover : Failover.dnsHealthCheck();
    const arcOptions = failover.mechanism === 'RECOVERY_CONTROLLER' ? failover.recoveryControllerOptions ?? {} : undefined;
    const decisionS = arcOptions ? validateRecoveryControllerOptions(v, arcOptions) : undefined;
    const dns = validateDnsOptions(v, 'failover', failover.dnsOptions);
    const intervalS = dns.intervalSeconds;
    const threshold = dns.failureThreshold;
    const ttlS = dns.ttlSeconds;
    const to = props.table;
    if (to !== undefined && to !== null) {
      validateTableOptions(v, to, hasService ? props.serviceProps!.environment : undefined);
    }
    const bo = props.bucket ?? undefined;
    if (bo !== undefined) {
      if (typeof bo !== 'object') {
        v.fail('bucket', `must be an object, got ${describeValue(bo)}`, "pass bucket: { bucketNamePrefix: 'shop-assets' }");
      } else {
        validatePairBucket(v, bo, primaryEnv?.account, primaryEnv?.region, standbyEnv?.region);
        if (primaryEnv && standbyEnv && primaryEnv.account !== standbyEnv.account) {
          v.fail('bucket', `replicates from account ${primaryEnv.account} to ${standbyEnv.account}; the pair builds same-account replication only`, 'use one account for both regions, or replicate the bucket yourself with a destination bucket policy');
        }
        const bucketVar = bo.environmentVariable ?? 'BUCKET_NAME';
        if (hasService && props.serviceProps!.environment && bucketVar in props.serviceProps!.environment) {
          v.fail('bucket.environmentVariable', `'${bucketVar}' is also set in serviceProps.environment; the container would get only one of them`,
            'remove it from serviceProps.environment (the pair sets it to the region\'s bucket name) or choose another bucket.environmentVariable');
        }
        if (to && (to.environmentVariable ?? 'TABLE_NAME') === bucketVar) {
          v.fail('bucket.environmentVariable', `'${bucketVar}' is also table.environmentVariable`, 'give the bucket and the table different environment variables');
        }
      }
    }
    const ao = props.aurora ?? undefined;
    if (ao !== undefined) {
      if (typeof ao !== 'object') {
        v.fail('aurora', `must be an object, got ${describeValue(ao)}`, "pass aurora: { globalClusterIdentifier: 'shop-db', engine: AuroraGlobalEngine.POSTGRESQL, engineVersion: '17.5' }");
      } else {
        validatePairAurora(v, ao, mode.kind, hasService, primaryEnv?.region, standbyEnv?.region);
        if (hasService && props.serviceProps!.environment) {
          for (const k of ['DATABASE_SECRET_NAME', 'DATABASE_HOST']) {
            if (k in props.serviceProps!.environment) {
              v.fail('aurora', `sets ${k} in each service's environment, and serviceProps.environment sets it too`, `remove ${k} from serviceProps.environment`);
            }
          }
        }
      }
    }
    if (props.regionDrillExperiment !== undefined && typeof props.regionDrillExperiment !== 'boolean') {
      v.fail('regionDrillExperiment', `must be true or false, got ${describeValue(props.regionDrillExperiment)}`, 'set regionDrillExperiment to true for the FIS rehearsal, or leave it out');
    } else if (props.regionDrillExperiment && !hasService) {
      v.fail('regionDrillExperiment', 'needs serviceProps: the experiment targets the StatelessService VPC\'s subnets', 'give serviceProps, or build an FIS experiment for your own workload');
    }
    const prefix = props.stackNamePrefix ?? id;
    nonEmptyString(v, 'stackNamePrefix', prefix, 'set stackNamePrefix to letters, digits and hyphens');
    if (typeof prefix === 'string' && !Token.isUnresolved(prefix)) {
      v.require(/^[A-Za-z][A-Za-z0-9-]{0,100}$/.test(prefix), 'stackNamePrefix', `'${prefix}' is not usable in a stack name (letters, digits and hyphens, starting with a letter)`,
        'set stackNamePrefix, e.g. \'Shop\'');
    }
    const name = props.workloadName ?? id;
    if (typeof name === 'string') {
      v.require(/^[A-Za-z0-9_.-]{3,100}$/.test(name), 'workloadName',
        `'${name}'${props.workloadName === undefined ? ' (the construct id, its default)' : ''} is not usable in the automation document names (3-100 letters, digits, _ . -)`,
        "set workloadName, e.g. 'shop'");
    }
    v.throwIfAny();

    this.standbyMode = mode;
    const stage = Stage.of(this);
    // Inside a Stage, its name leads, as CDK names stacks there.
    const stageName = stage && stage.stageName ? `${stage.stageName}-` : '';
    const usable = (t: number | undefined) => (t === undefined || isUnresolved(t) ? undefined : t);

    this.primaryStack = new Stack(this, 'Primary', { env: primaryEnv!, stackName: `${stageName}${prefix}-primary` });
    this.standbyStack = new Stack(this, 'Standby', { env: standbyEnv!, stackName: `${stageName}${prefix}-standby` });
    const primaryZone = zoneIn(this.primaryStack, zone);
    const standbyZone = zoneIn(this.standbyStack, zone);
    const primaryCert = certificateIn(this.primaryStack, primaryZone, recordName, props.certificate ?? true);
    const standbyCert = certificateIn(this.standbyStack, standbyZone, recordName, props.certificate ?? true);
    // The global table lives in the primary stack; the standby reads its replica by name.
    this.table = to ? pairTable(this.primaryStack, standbyEnv!.region, to) : undefined;
    this.standbyTable = to ? dynamodb.TableV2.fromTableName(this.standbyStack, 'Table', to.tableName) : undefined;
    // The source bucket and its replication in the primary; the replica in the standby, named.
    const buckets = bo ? pairBuckets(this.primaryStack, this.standbyStack, bo) : undefined;
    this.bucket = buckets?.source;
    this.standbyBucket = buckets?.replica;
    const bucketEnv = (base: { [key: string]: string } | undefined, region: string) => (bo && buckets
      ? { environment: { ...base, [bo.environmentVariable ?? 'BUCKET_NAME']: region === primaryEnv!.region ? buckets.names.source : buckets.names.replica } }
      : {});
    const context = (role: RegionRole, stack: Stack, z: route53.IHostedZone, certificate?: acm.ICertificate): RegionContext => ({
      role,
      region: stack.region,
      account: stack.account,
      stack,
      standbyMode: mode,
      hostedZone: z,
      recordName,
      certificate,
      table: role === RegionRole.PRIMARY ? this.table : this.standbyTable,
      bucket: role === RegionRole.PRIMARY ? this.bucket : this.standbyBucket,
    });

    // ---- workloads: the primary first, since the standby is sized from it --------------------------
    let aurora: PairAurora | undefined;
    let primary: RegionalWorkload;
    let standby: RegionalWorkload;
    if (hasService) {
      const given = props.serviceProps!;
      // With SLOs, each region also gets its regional health alarm (unless the user chose), so the
      // primary's Route 53 check fails over when the region answers but fails users.
      const withSignal = withRegionalSignal(given);
      const sp: StatelessServiceProps = to
        ? { ...withSignal, environment: { ...given.environment, [to.environmentVariable ?? 'TABLE_NAME']: to.tableName } }
        : withSignal;
      const svcName = (role: string, region: string) => `${name} ${role} (${region})`;
      this.primaryService = new StatelessService(this.primaryStack, 'Service', {
        ...sp, ...bucketEnv(sp.environment, primaryEnv!.region), certificate: primaryCert, workloadName: props.workloadName !== undefined ? svcName('primary', primaryEnv!.region) : undefined,
      });
      const p = this.primaryService;
      const primaryCount = usable(p.desiredCount);
      const standbyCount = primaryCount === undefined ? undefined : mode.standbyTasks(primaryCount);
      const standbyFloorShort = standbyCount !== undefined && standbyCount < p.zoneLossFloor;
      this.standbyService = new StatelessService(this.standbyStack, 'Service', {
        ...sp,
        ...bucketEnv(sp.environment, standbyEnv!.region),
        certificate: standbyCert,
        workloadName: props.workloadName !== undefined ? svcName('standby', standbyEnv!.region) : undefined,
        desiredCount: standbyCount ?? sp.desiredCount,
        // The standby scales to the primary's ceiling on failover.
        maxCapacity: usable(p.maxCapacity) ?? sp.maxCapacity,
        // An idle standby below the zone-loss floor is the mode's choice, stated by a warning.
        requireZoneLossHeadroom: standbyFloorShort ? false : sp.requireZoneLossHeadroom,
      });
      const s = this.standbyService;
      this.table?.grantReadWriteData(p.taskDefinition.taskRole);
      this.standbyTable?.grantReadWriteData(s.taskDefinition.taskRole);
      this.bucket?.grantReadWrite(p.taskDefinition.taskRole);
      this.standbyBucket?.grantReadWrite(s.taskDefinition.taskRole);
      if (buckets) {
        acknowledgeBucketGrant(p.taskDefinition.taskRole, buckets.names.source);
        acknowledgeBucketGrant(s.taskDefinition.taskRole, buckets.names.replica);
      }
      if (ao) {
        aurora = pairAurora(
          { stack: this.primaryStack, vpc: p.vpc, service: p.service, taskRole: p.taskDefinition.taskRole },
          { stack: this.standbyStack, vpc: s.vpc, service: s.service, taskRole: s.taskDefinition.taskRole },
          ao, defaultStandbyInstances(ao, mode.kind));
        for (const [svc, isPrimary] of [[p, true], [s, false]] as const) {
          for (const [k, value] of Object.entries(auroraEnvironment(aurora, isPrimary))) {
            svc.taskDefinition.defaultContainer?.addEnvironment(k, value);
          }
        }
        this.auroraCluster = aurora.cluster;
        this.globalCluster = aurora.globalCluster;
        this.auroraSecondary = aurora.secondary;
        if (bo) {
          warn(aurora.cluster, 'PairDeploymentOrder', 'bucket and aurora need opposite first deployments (the bucket\'s destination is in the standby, the global database\'s writer in the primary): deploy the pair without bucket first (primary, then standby), then add bucket and deploy the standby, then the primary (see the runbook).');
        }
      }
      if (props.regionDrillExperiment === true) {
        this.drillExperimentTemplate = regionalDrillExperiment(this.primaryStack, {
          namePrefix: name,
          vpc: p.vpc,
          standbyRegion: standbyEnv!.region,
          table: this.table,
          stopAlarms: [...(p.slos?.regionalHealthAlarms ?? []), ...(p.slos?.sloAlarms.map((a) => a.deploymentAlarm) ?? [])],
        });
      }
      if (to || bo || ao) {
        for (const svc of [p, s]) {
          Validations.of(svc.taskDefinition).acknowledge({
            id: 'AwsSolutions-ECS2',
            reason: `The pair passes ${[to ? `the table name in ${to.environmentVariable ?? 'TABLE_NAME'}` : '', bo ? `the region's bucket name in ${bo.environmentVariable ?? 'BUCKET_NAME'}` : '', ao ? 'the database secret\'s name and host in DATABASE_SECRET_NAME and DATABASE_HOST' : ''].filter((x) => x).join(' and ')}: configuration from the environment (twelve-factor), not a secret; secrets go in serviceProps.secrets.`,
          });
        }
      }
      const health = (svc: StatelessService) => serviceWorkload(svc, sp, usable);
      primary = health(p);
      standby = health(s);
      if (mode.kind === StandbyModeKind.PILOT_LIGHT) {
        Validations.of(s.service).acknowledge({
          id: 'CloudNative-ECSServiceSingleTask',
          reason: 'Pilot light: the standby region runs one task while the primary serves; failover scales it to the primary\'s count (target tracking and the failover automation document).',
        });
      }
    } else {
      const builder = props.workloadBuilder!;
      primary = this.buildWith(builder, this.primaryStack, 'Workload', context(RegionRole.PRIMARY, this.primaryStack, primaryZone, primaryCert), 'primary');
      standby = this.buildWith(builder, this.standbyStack, 'Workload', context(RegionRole.STANDBY, this.standbyStack, standbyZone, standbyCert), 'standby');
      // Size the standby by the mode through its scalable target (the builder's own count otherwise).
      const count = usable(primary.taskCount);
      if (count !== undefined && standby.scaling) {
        const target = standby.scaling.node.tryFindChild('Target') as appscaling.ScalableTarget | undefined;
        const cfn = target?.node.defaultChild as appscaling.CfnScalableTarget | undefined;
        if (cfn) {
          cfn.minCapacity = mode.standbyTasks(count);
          cfn.maxCapacity = usable(primary.maxTaskCount) ?? Math.max(3 * count, mode.standbyTasks(count));
        }
      }
    }
    this.primaryWorkload = primary;
    this.standbyWorkload = standby;
    this.primaryTasks = usable(primary.taskCount);
    this.standbyTasks = this.primaryTasks === undefined ? undefined : mode.standbyTasks(this.primaryTasks);

    // ---- failover: each stack owns its record and health checks ----------------------------------
    // Route 53 Developer Guide, "Configuring DNS failover" / "Failover routing": a PRIMARY and a
    // SECONDARY record of the same name and type; evaluateTargetHealth on an alias to a load balancer
    // also fails over when the load balancer has no healthy targets.
    const effectiveTtl = 60;
    const endpointCheck = (stack: Stack, w: RegionalWorkload) => endpointHealthCheck(stack, w, dns);
    this.primaryEndpointHealthCheck = endpointCheck(this.primaryStack, primary);
    this.standbyHealthCheck = endpointCheck(this.standbyStack, standby);
    const alarms = primary.healthAlarms ?? [];
    this.primaryHealthCheck = sloHealthCheck(this.primaryStack, 'PrimaryHealthCheck', this.primaryEndpointHealthCheck, alarms);
    const record = (stack: Stack, z: route53.IHostedZone, w: RegionalWorkload, role: route53.Failover, hc: route53.IHealthCheck) => {
      if (arcOptions) {
        // ARC mode: a plain alias at a deterministic name; the recovery control stack's failover records alias it.
        return new route53.ARecord(stack, 'RegionalRecord', {
          zone: z,
          recordName: regionalRecordName(stack.region, recordName),
          target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(w.loadBalancer, { evaluateTargetHealth: false })),
        });
      }
      const r = new route53.ARecord(stack, 'FailoverRecord', {
        zone: z,
        recordName,
        target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(w.loadBalancer, { evaluateTargetHealth: true })),
        failover: role,
        setIdentifier: `${name}-${role === route53.Failover.PRIMARY ? 'primary' : 'standby'}-${stack.region}`,
        healthCheck: hc,
      });
      return r;
    };
    this.primaryRecord = record(this.primaryStack, primaryZone, primary, route53.Failover.PRIMARY, this.primaryHealthCheck);
    this.standbyRecord = record(this.standbyStack, standbyZone, standby, route53.Failover.SECONDARY, this.standbyHealthCheck);
    // Warnings go on a construct inside the primary stack (the pair is outside every stack, and
    // annotations outside stacks never reach the cloud assembly or `cdk synth`).
    if (ttlS !== undefined && ttlS < 60) {
      warn(this.primaryRecord, 'AliasTtlFixed', `failover.ttl is ${ttlS} s, but the records are aliases to load balancers, which Route 53 answers with a fixed TTL of 60 s (Route 53 FAQ on DNS failover TTLs): the modelled recovery counts 60 s.`);
    }
    if (arcOptions) {
      this.recoveryControl = recoveryControlStack(this, {
        namePrefix: arcOptions.namePrefix ?? name,
        stackName: `${stageName}${prefix}-recovery-control`,
        account: primaryEnv!.account,
        hostedZoneId: zone.hostedZoneId,
        recordName,
        primaryRegion: primaryEnv!.region,
        standbyRegion: standbyEnv!.region,
      });
      // On the stack (not the pair, which is outside any stack), so the cloud assembly carries them.
      warn(this.recoveryControl.stack, 'ArcRoutingControlsStartOff', `failover is Failover.recoveryController(): a new routing control is Off and CloudFormation cannot set its state (data plane only). After the first deployment of ${this.recoveryControl.stack.stackName}, turn the routing controls On with the command in the runbook (${this.runbookFileNameFor()}) or the stack output FailBackCommand.`);
      if (!arcOptions.automatedBy) {
        warn(this.recoveryControl.stack, 'ManualFailover', 'failover is Failover.recoveryController() without automatedBy: ARC detects nothing, so a region loss is failed over only when a person runs the failover command (manual failover in the critical path). Declare the automation that flips the routing controls in failover.automatedBy, or use Failover.dnsHealthCheck() for automatic failover.');
      }
    }
    new CfnOutput(this.primaryStack, 'PrimaryHealthCheckId', {
      value: this.primaryHealthCheck.healthCheckId,
      description: 'The Route 53 health check of the PRIMARY record: pass it to the failover and fail-back automation as PrimaryHealthCheckId.',
    });

    // ---- recovery arithmetic --------------------------------------------------------------------
    const sp = props.serviceProps;
    const timing: FailoverTiming | undefined = this.primaryTasks === undefined ? undefined : {
      intervalSeconds: intervalS ?? 10,
      failureThreshold: threshold,
      ttlSeconds: effectiveTtl,
      primaryTasks: this.primaryTasks,
      standbyTasks: this.standbyTasks!,
      taskStartSeconds: primary.taskStartSeconds ?? D.taskStartSeconds,
      targetHealthCheckIntervalSeconds: secondsOrDefault(sp?.healthCheckInterval, D.targetHealthCheckIntervalSeconds),
      healthyThresholdCount: D.healthyThresholdCount,
      targetCpuUtilizationPercent: sp?.targetCpuUtilizationPercent ?? D.targetCpuUtilizationPercent,
    };
    const dnsOnly = (intervalS ?? 10) * threshold + effectiveTtl;
    this.regionRecovery = arcOptions ? arcRecovery({
      decisionSeconds: decisionS!,
      automatedBy: arcOptions.automatedBy,
      ttlSeconds: effectiveTtl,
      primaryTasks: this.primaryTasks,
      standbyTasks: this.standbyTasks,
      taskStartSeconds: primary.taskStartSeconds ?? D.taskStartSeconds,
      targetHealthCheckIntervalSeconds: secondsOrDefault(sp?.healthCheckInterval, D.targetHealthCheckIntervalSeconds),
      healthyThresholdCount: D.healthyThresholdCount,
      targetCpuUtilizationPercent: sp?.targetCpuUtilizationPercent ?? D.targetCpuUtilizationPercent,
    }) : timing ? failoverRecovery(timing) : {
      seconds: dnsOnly,
      arithmetic: `detection ${threshold} x ${intervalS ?? 10} s + DNS ${effectiveTtl} s = ${dnsOnly} s; the standby's scale-up is not modelled (the workload gave no taskCount)`,
    };
    const cpu = sp?.cpu ?? 512;
    const memory = sp?.memoryLimitMiB ?? 1024;
    this.standbyModeCosts = sp && this.primaryTasks !== undefined && !isUnresolved(cpu) && !isUnresolved(memory)
      ? standbyModeCosts(standbyEnv!.region, this.primaryTasks, mode, cpu, memory, sp.cpuArchitecture === ecs.CpuArchitecture.ARM64)
      : [];

    // ---- drill ------------------------------------------------------------------------------------
    let documents: { failoverName: string; failBackName: string } | undefined;
    let arcDocuments: { failoverName: string; failBackName: string } | undefined;
    if (standby.service && this.primaryTasks !== undefined) {
      const docs = drillDocuments(this.standbyStack, {
        namePrefix: name,
        service: standby.service,
        primaryTasks: this.primaryTasks,
        maxTasks: usable(standby.maxTaskCount) ?? usable(primary.maxTaskCount) ?? 3 * this.primaryTasks,
        standbyTasks: this.standbyTasks!,
        failBackWaitSeconds: (intervalS ?? 10) * threshold + effectiveTtl,
      });
      this.failoverDocument = docs.failover;
      this.failBackDocument = docs.failBack;
      documents = docs;
      if (this.recoveryControl) {
        // The ARC documents read the standby's service from this output, by stack name (no reference).
        new CfnOutput(this.standbyStack, STANDBY_SCALABLE_TARGET_OUTPUT, {
          value: `service/${standby.service.cluster.clusterName}/${standby.service.serviceName}`,
          description: `The standby's ECS service as an Application Auto Scaling resource ID, read by the ARC automation in ${this.recoveryControl.stack.stackName}.`,
        });
        const auto = arcAutomation(this.recoveryControl, {
          namePrefix: arcOptions!.namePrefix ?? name,
          account: standbyEnv!.account,
          standbyRegion: standbyEnv!.region,
          standbyStackName: this.standbyStack.stackName,
          primaryTasks: this.primaryTasks,
          maxTasks: usable(standby.maxTaskCount) ?? usable(primary.maxTaskCount) ?? 3 * this.primaryTasks,
          standbyTasks: this.standbyTasks!,
          failBackWaitSeconds: ARC_ASSUMPTIONS.healthCheckPropagationSeconds + effectiveTtl,
        });
        arcDocuments = auto;
        this.recoveryControl = {
          ...this.recoveryControl,
          failoverDocument: auto.failover,
          failBackDocument: auto.failBack,
          automationRole: auto.role,
        };
      }
    }
    this.runbookFileName = this.runbookFileNameFor();

    // ---- report -----------------------------------------------------------------------------------
    recordPairProfiles(this, name, timing, alarms.length, primary.https ?? false, intervalS === 10, to ?? undefined,
      bo && buckets ? { options: bo, names: buckets.names } : undefined,
      arcOptions ? { automatedBy: arcOptions.automatedBy } : undefined,
      ao && aurora ? { options: ao, aurora } : undefined);
    const runbook = () => runbookMarkdown({
      name,
      path: this.node.path,
      recordName,
      mode,
      primaryRegion: primaryEnv!.region,
      standbyRegion: standbyEnv!.region,
      primaryStackName: this.primaryStack.stackName,
      standbyStackName: this.standbyStack.stackName,
      primaryTasks: this.primaryTasks,
      standbyTasks: this.standbyTasks,
      recovery: this.regionRecovery,
      drill: timing ? drillRecovery(timing) : undefined,
      costs: this.standbyModeCosts,
      documents: arcDocuments ? undefined : documents,
      intervalSeconds: intervalS ?? 10,
      failureThreshold: threshold,
      calculated: alarms.length > 0,
      arc: this.recoveryControl ? arcRunbookLines({
        stackName: this.recoveryControl.stack.stackName,
        primaryRegion: primaryEnv!.region,
        standbyRegion: standbyEnv!.region,
        primaryStackName: this.primaryStack.stackName,
        standbyStackName: this.standbyStack.stackName,
        automatedBy: arcOptions?.automatedBy,
        failoverDocument: documents?.failoverName,
        automation: arcDocuments ? { failoverName: arcDocuments.failoverName, failBackName: arcDocuments.failBackName } : undefined,
        primaryFirst: aurora !== undefined,
      }) : undefined,
      rpo: pairRpo([
        to ? tableRpo(to, standbyEnv!.region) : undefined,
        buckets ? bucketRpo(buckets.names) : undefined,
        aurora ? auroraRpo(aurora) : undefined,
      ]),
      standbyFirst: buckets !== undefined,
      primaryFirst: aurora !== undefined,
      drillSteps: this.drillExperimentTemplate ? drillExperimentRunbook(primaryEnv!.region, this.primaryStack.stackName) : undefined,
      storeSteps: buckets || aurora ? [
        ...(to ? [`- DynamoDB: nothing to do at failover: the standby's replica of \`${to.tableName}\` takes writes; items written in both regions around the failover and the fail back resolve last writer wins.`] : []),
        ...(buckets ? bucketRunbookSteps(buckets.names, bo!.environmentVariable ?? 'BUCKET_NAME') : []),
        ...(aurora ? auroraRunbookSteps(aurora, ao!, primaryEnv!.account, primaryEnv!.region, standbyEnv!.region) : []),
      ] : undefined,
    });
    this.node.addValidation({
      validate: () => {
        const root = this.node.root;
        if (Stage.isStage(root)) {
          fs.mkdirSync(root.outdir, { recursive: true });
          fs.writeFileSync(path.join(root.outdir, this.runbookFileName), runbook());
        }
        return [];
      },
    });
  }

  private runbookFileNameFor(): string {
    return `${this.node.path.replace(/[^A-Za-z0-9-]/g, '-')}-runbook.md`;
  }

  private buildWith(builder: IRegionalWorkloadBuilder, stack: Stack, id: string, ctx: RegionContext, role: string): RegionalWorkload {
    const scope = new Construct(stack, id);
    const w = builder.buildRegion(scope, ctx) as RegionalWorkload | undefined;
    const v = new PropValidator(this);
    validateBuiltWorkload(v, w, stack, role);
    v.throwIfAny();
    return w!;
  }

}
