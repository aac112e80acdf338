import { CfnOutput, Environment, Stack, Stage, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { regionLossArithmetic, regionLossFloor, regionLossRecovery } from './arithmetic';
import { regionBucket, RegionBucket, validateActiveBucket } from './bucket';
import { ActiveActiveBucketOptions, ActiveActiveTableOptions } from './options';
import { recordActiveActiveProfile } from './profile';
import { activeTable, validateConsistency } from './table';
import { PatternValidationError } from '../core/errors';
import { describeValue, isUnresolved, nonEmptyString, PropValidator, warn } from '../core/validation';
import { zoneLossFloor } from '../core/zones';
import { acknowledgeBucketGrant } from '../region-pair/bucket';
import { REGION_PAIR_DEFAULTS as D } from '../region-pair/defaults';
import { DnsHealthCheckOptions } from '../region-pair/failover';
import { PairHostedZone, RegionalWorkload } from '../region-pair/region-pair';
import {
  certificateIn, endpointHealthCheck, regionEnvironment, requireOutsideStacks, secondsOrDefault, serviceWorkload, sloHealthCheck,
  validateBuiltWorkload,
  validateDnsOptions, validateRegionalServiceProps, validateTableOptions, validateZoneAndRecord, withRegionalSignal, zoneIn,
} from '../region-pair/regional';
import { TimeEstimate } from '../report';
import { StatelessService, StatelessServiceProps } from '../stateless-service';

/** What a workload builder is told about the active region it builds in. */
export interface ActiveRegionContext {
  /** The region (concrete). */
  readonly region: string;
  /** The account (concrete). */
  readonly account: string;
  /** The regional stack the workload is built in. */
  readonly stack: Stack;
  /** The region's position in `regions` (0-based). */
  readonly regionIndex: number;
  /** How many regions serve. */
  readonly regionCount: number;
  /**
   * The task count the region must run so the others carry its users when one region is lost
   * (the region-loss floor, ceil(share x N / (N - 1))): return at least this as `taskCount`.
   */
  readonly minimumTasks: number;
  /** The hosted zone, read from its attributes in this stack. */
  readonly hostedZone: route53.IHostedZone;
  /** The DNS name users call. */
  readonly recordName: string;
  /** The certificate for `recordName` in this region, when the construct creates one. */
  readonly certificate?: acm.ICertificate;
  /** The region's replica of the global table (read by name outside the first region), when `table` is given. */
  readonly table?: dynamodb.ITableV2;
  /** The region's bucket, when `bucket` is given. */
  readonly bucket?: s3.IBucket;
}

/** Builds the workload in each active region (jsii-friendly: implement `buildRegion`). */
export interface IActiveRegionWorkloadBuilder {
  /** Builds the workload of one region in `scope` (a construct in the region's stack). */
  buildRegion(scope: Construct, region: ActiveRegionContext): RegionalWorkload;
}

/** Props of ActiveActiveRegions. */
export interface ActiveActiveRegionsProps {
  /**
   * The regions that serve users, each with its account (both concrete): at least two, each once.
   * The first region's stack holds the global table (with a replica in every other region): keep
   * that region first when you add or remove others, or CloudFormation would move the table to
   * another stack (the retained table stays behind and the new stack cannot create one of the
   * same name). Regions are added or removed at the end.
   */
  readonly regions: Environment[];
  /** The public hosted zone of `recordName`, by ID and name (read in each region, never exported). */
  readonly hostedZone: PairHostedZone;
  /** The DNS name users call, in the zone (`app.example.com`). */
  readonly recordName: string;
  /**
   * The workload as StatelessService props, built in every region, each sized for a region loss.
   * `domainName`, `domainZone` and `certificate` are the construct's; `vpc`, `cluster` and
   * `taskSubnets` belong to one region: leave them out. Give this or `workloadBuilder`.
   *
   * @default - `workloadBuilder` builds it
   */
  readonly serviceProps?: StatelessServiceProps;
  /**
   * Builds the workload in each region, for anything behind a load balancer. Give this or `serviceProps`.
   *
   * @default - a StatelessService from `serviceProps`
   */
  readonly workloadBuilder?: IActiveRegionWorkloadBuilder;
  /**
   * Tasks each region needs for its own share of the users while every region is healthy. Each
   * region then runs at least ceil(share x N / (N - 1)) tasks, so the others absorb a lost
   * region's users without scaling (the zone-loss floor's arithmetic, with regions).
   *
   * @default - `serviceProps.minHealthyTasks` (2 when not set)
   */
  readonly regionShareTasks?: number;
  /**
   * Whether a region count below the region-loss floor is an error. Set to false to accept the
   * risk: the shortfall becomes a tagged warning (`cdk-cloud-native-patterns:RegionLossShortfall`)
   * and the modelled recovery adds the survivors' scale-up.
   *
   * @default true
   */
  readonly requireRegionLossHeadroom?: boolean;
  /**
   * The Route 53 health checks on each region (the same options as the pair's DNS failover).
   *
   * @default - interval 10 s, failure threshold 3, TTL 60 s, checkers in us-east-1, eu-west-1, ap-southeast-1
   */
  readonly healthCheck?: DnsHealthCheckOptions;
  /**
   * Whether each region gets a DNS-validated certificate for `recordName`.
   *
   * @default true
   */
  readonly certificate?: boolean;
  /**
   * A DynamoDB global table with a replica in every region, each written by its region (multi-
   * writer), deletion protected, point-in-time recovery on, retained. With `serviceProps`, every
   * region's service gets its name in `environmentVariable` and read-write access to its replica.
   *
   * @default - no table
   */
  readonly table?: ActiveActiveTableOptions;
  /**
   * An S3 bucket per region replicating to all the others (two-way), each written by its region.
   *
   * @default - no bucket
   */
  readonly bucket?: ActiveActiveBucketOptions;
  /**
   * Stack names are `<prefix>-<region>` (with the Stage's name in front inside a Stage).
   *
   * @default - the construct id
   */
  readonly stackNamePrefix?: string;
  /**
   * The workload's name in the report and the latency records' set identifiers.
   *
   * @default - the construct id
   */
  readonly workloadName?: string;
}

/** Props of a single-writer store, which ActiveActiveRegions rejects (from JavaScript or `as any`). */
const SINGLE_WRITER_PROPS = ['aurora', 'auroraGlobalDatabase', 'database', 'rds', 'cluster', 'databaseCluster', 'elastiCache', 'redis', 'documentDb', 'neptune', 'openSearch'];
const KNOWN_PROPS = new Set(['regions', 'hostedZone', 'recordName', 'serviceProps', 'workloadBuilder', 'regionShareTasks', 'requireRegionLossHeadroom',
  'healthCheck', 'certificate', 'table', 'bucket', 'stackNamePrefix', 'workloadName']);

/**
 * One workload serving users from two or more regions at once, over data every region can write.
 *
 * Creates one stack per region (`<prefix>-<region>`; deploy in any order: none references another).
 * Each stack runs the workload sized so the others absorb its users when it is lost, reads the
 * hosted zone from its attributes and owns its Route 53 latency alias record (`region`,
 * `setIdentifier`, `evaluateTargetHealth: true`) with a health check on its load balancer (and the
 * SLO regional health alarm, CALCULATED), so an unhealthy region leaves DNS by itself. Data lives
 * only in multi-writer stores: a DynamoDB global table (eventual or strong multi-region
 * consistency) and two-way replicated S3 buckets. Single-writer stores (Aurora, RDS) are an error:
 * use ActivePassiveRegionPair.
 */
export class ActiveActiveRegions extends Construct {
  /** The regional stacks, in the order of `regions`. */
  public readonly stacks: Stack[];
  /** The regional workloads, in the order of `regions`. */
  public readonly workloads: RegionalWorkload[];
  /** The StatelessServices, with `serviceProps` (empty otherwise). */
  public readonly services: StatelessService[];
  /** The latency records, one per region. */
  public readonly records: route53.ARecord[];
  /** The endpoint health checks, one per region. */
  public readonly endpointHealthChecks: route53.HealthCheck[];
  /** The health checks the latency records use: the endpoint check, or a CALCULATED check over it and the SLO alarms. */
  public readonly healthChecks: route53.IHealthCheck[];
  /** The DynamoDB global table (first region's stack), when `table` is given. */
  public readonly table?: dynamodb.TableV2;
  /** Each region's replica (the table itself in the first region, read by name elsewhere), when `table` is given. */
  public readonly regionTables: dynamodb.ITableV2[];
  /** Each region's bucket, when `bucket` is given. */
  public readonly buckets: s3.Bucket[];
  /** Tasks each region needs for its share of the users. */
  public readonly regionShareTasks: number;
  /** Tasks each region must run to absorb a region loss: ceil(share x N / (N - 1)). */
  public readonly regionLossFloor: number;
  /** Tasks each region runs (its autoscaling minimum), when known. */
  public readonly regionTasks?: number;
  /** The modelled recovery time of a region loss, with the arithmetic. */
  public readonly regionRecovery: TimeEstimate;

  constructor(scope: Construct, id: string, props: ActiveActiveRegionsProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{
        prop: 'props',
        problem: 'are required but were not given',
        fix: 'pass { regions: [{ account, region }, { account, region }], hostedZone, recordName, serviceProps } (or workloadBuilder instead of serviceProps)',
      }]);
    }
    const v = new PropValidator(this);
    for (const k of Object.keys(props)) {
      if (SINGLE_WRITER_PROPS.includes(k)) {
        v.fail(k, 'asks for a single-writer store: with one writer region, every other region must either fail its writes or forward them across regions, '
          + 'so the regions are not active-active and the writer region\'s loss stops all writes until a promotion',
        'use ActivePassiveRegionPair (Aurora global database with a promotion runbook), or keep the data in a multi-writer store here: table (DynamoDB global table) or bucket (two-way S3 replication)');
      } else if (!KNOWN_PROPS.has(k) && (props as unknown as { [key: string]: unknown })[k] !== undefined) {
        v.fail(k, 'is not a prop of ActiveActiveRegions', `remove ${k}; the props are ${[...KNOWN_PROPS].join(', ')}`);
      }
    }
    // ---- regions -----------------------------------------------------------------------------
    let envs: Array<{ account: string; region: string }> | undefined;
    if (!Array.isArray(props.regions)) {
      v.fail('regions', props.regions === undefined || props.regions === null ? 'is required but was not given' : `must be a list of environments, got ${describeValue(props.regions)}`,
        "pass regions: [{ account: '123456789012', region: 'us-east-1' }, { account: '123456789012', region: 'us-west-2' }]");
    } else {
      const checked = props.regions.map((e, i) => regionEnvironment(v, `regions[${i}]`, e, 'ActiveActiveRegions'));
      if (checked.every((e) => e !== undefined)) envs = checked as Array<{ account: string; region: string }>;
      if (props.regions.length < 2) {
        v.fail('regions', `lists ${props.regions.length} region${props.regions.length === 1 ? '' : 's'}; active-active needs at least two, so that losing one leaves another serving`,
          'add a second region (e.g. us-west-2 beside us-east-1), or use StatelessService for a single-region workload');
      }
      if (envs) {
        const seen = new Map<string, number>();
        envs.forEach((e, i) => {
          if (seen.has(e.region)) {
            v.fail(`regions[${i}]`, `repeats ${e.region} (also regions[${seen.get(e.region)}]); two stacks in one region are lost together and the global table has one replica per region`,
              'list each region once');
          } else {
            seen.set(e.region, i);
          }
        });
        const accounts = new Set(envs.map((e) => e.account));
        if (accounts.size > 1 && (props.table || props.bucket)) {
          v.fail('regions', `span accounts ${[...accounts].join(', ')}; the table replicas and bucket replication are built within one account`, 'use one account for every region');
        }
      }
    }
    requireOutsideStacks(v, scope, 'ActiveActiveRegions');
    const zone = props.hostedZone;
    const recordName = props.recordName;
    validateZoneAndRecord(v, zone, recordName);
    const hasService = props.serviceProps !== undefined && props.serviceProps !== null;
    const hasBuilder = props.workloadBuilder !== undefined && props.workloadBuilder !== null;
    v.require(hasService !== hasBuilder, hasService ? 'serviceProps and workloadBuilder' : 'serviceProps or workloadBuilder',
      hasService ? 'are both given' : 'is required: there is no workload to run in each region',
      'give serviceProps (a StatelessService in each region) or workloadBuilder (your own workload), not both');
    if (hasBuilder && typeof (props.workloadBuilder as { buildRegion?: unknown }).buildRegion !== 'function') {
      v.fail('workloadBuilder', `must implement buildRegion(scope, region), got ${describeValue(props.workloadBuilder)}`, 'pass an object with a buildRegion(scope, region) method returning { loadBalancer, taskCount, ... }');
    }
    const sp = hasService ? props.serviceProps! : undefined;
    if (sp) {
      validateRegionalServiceProps(v, sp, props.workloadName !== undefined, 'ActiveActiveRegions');
      for (const k of ['vpc', 'cluster', 'taskSubnets'] as const) {
        v.require(sp[k] === undefined, `serviceProps.${k}`, 'belongs to one region, but serviceProps are built in every region (a VPC or cluster cannot serve another region)',
          `remove serviceProps.${k} (each region gets its own VPC), or build each region's workload with workloadBuilder`);
      }
    }
    const internetFacing = sp ? sp.internetFacing ?? true : true;
    if (zone?.privateZone === true) {
      v.require(!internetFacing, 'hostedZone.privateZone', 'is true, but a private hosted zone answers only inside its VPCs and Route 53 health checkers probe from the internet',
        'use the public hosted zone of the domain (privateZone false)');
    }
    if (props.healthCheck !== undefined && (props.healthCheck === null || typeof props.healthCheck !== 'object')) {
      v.fail('healthCheck', `must be an object, got ${describeValue(props.healthCheck)}`, 'pass healthCheck: { interval, failureThreshold, regions } or leave it out');
    }
    const dns = validateDnsOptions(v, 'healthCheck', props.healthCheck && typeof props.healthCheck === 'object' ? props.healthCheck : {});
    // ---- capacity -------------------------------------------------------------------------------
    const share = props.regionShareTasks ?? sp?.minHealthyTasks ?? 2;
    if (props.regionShareTasks !== undefined && sp?.minHealthyTasks !== undefined && props.regionShareTasks !== sp.minHealthyTasks) {
      v.fail('regionShareTasks', `is ${props.regionShareTasks}, but serviceProps.minHealthyTasks is ${sp.minHealthyTasks}: a region's share is one number`,
        'give one of them (regionShareTasks with workloadBuilder; serviceProps.minHealthyTasks with serviceProps)');
    }
    const shareOk = v.number(props.regionShareTasks !== undefined ? 'regionShareTasks' : 'serviceProps.minHealthyTasks', share, { integer: true, min: 1 });
    if (isUnresolved(share)) {
      v.fail('regionShareTasks', 'is a token, but the region-loss floor is computed from it at synth', 'pass a number of tasks');
    }
    if (props.requireRegionLossHeadroom !== undefined && typeof props.requireRegionLossHeadroom !== 'boolean') {
      v.fail('requireRegionLossHeadroom', `must be true or false, got ${describeValue(props.requireRegionLossHeadroom)}`, 'set requireRegionLossHeadroom to false to accept a shortfall, or leave it out');
    }
    const n = envs?.length ?? (Array.isArray(props.regions) ? props.regions.length : 2);
    const floor = shareOk && n >= 2 ? regionLossFloor(share, n) : share;
    const requireHeadroom = props.requireRegionLossHeadroom ?? true;
    const givenDesired = sp?.desiredCount;
    if (sp && givenDesired !== undefined && shareOk && n >= 2 && v.number('serviceProps.desiredCount', givenDesired, { integer: true, min: 1 }) && givenDesired < floor) {
      const msg = `${givenDesired} tasks per region cannot absorb a region loss: ${regionLossArithmetic(share, n)}`;
      if (requireHeadroom) {
        v.fail('serviceProps.desiredCount', msg, `set serviceProps.desiredCount to at least ${floor} (or leave it out), lower the share, or set requireRegionLossHeadroom: false to accept the risk`);
      }
    }
    // ---- stores ---------------------------------------------------------------------------------
    const to = props.table ?? undefined;
    const regionNames = envs?.map((e) => e.region);
    if (to !== undefined) {
      if (typeof to !== 'object') {
        v.fail('table', `must be an object, got ${describeValue(to)}`, "pass table: { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }");
      } else {
        validateTableOptions(v, to, sp?.environment, 'ActiveActiveRegions');
        validateConsistency(v, to, regionNames);
      }
    }
    const bo = props.bucket ?? undefined;
    if (bo !== undefined) {
      validateActiveBucket(v, bo, envs?.[0]?.account, regionNames);
      if (typeof bo === 'object') {
        const bucketVar = bo.environmentVariable ?? 'BUCKET_NAME';
        if (sp?.environment && bucketVar in sp.environment) {
          v.fail('bucket.environmentVariable', `'${bucketVar}' is also set in serviceProps.environment; the container would get only one of them`,
            'remove it from serviceProps.environment (each region gets its own bucket name) or choose another bucket.environmentVariable');
        }
        if (to && typeof to === 'object' && (to.environmentVariable ?? 'TABLE_NAME') === bucketVar) {
          v.fail('bucket.environmentVariable', `'${bucketVar}' is also table.environmentVariable`, 'give the bucket and the table different environment variables');
        }
      }
    }
    const prefix = props.stackNamePrefix ?? id;
    nonEmptyString(v, 'stackNamePrefix', prefix, 'set stackNamePrefix to letters, digits and hyphens');
    if (typeof prefix === 'string' && !Token.isUnresolved(prefix)) {
      v.require(/^[A-Za-z][A-Za-z0-9-]{0,100}$/.test(prefix), 'stackNamePrefix', `'${prefix}' is not usable in a stack name (letters, digits and hyphens, starting with a letter)`, "set stackNamePrefix, e.g. 'Shop'");
    }
    const name = props.workloadName ?? id;
    if (typeof name === 'string') {
      v.require(/^[A-Za-z0-9_.-]{3,100}$/.test(name), 'workloadName',
        `'${name}'${props.workloadName === undefined ? ' (the construct id, its default)' : ''} is not usable in the records' set identifiers (3-100 letters, digits, _ . -)`, "set workloadName, e.g. 'shop'");
    }
    v.throwIfAny();

    // ---- stacks, zones, certificates, stores ----------------------------------------------------
    const regions = envs!;
    const stage = Stage.of(this);
    const stageName = stage && stage.stageName ? `${stage.stageName}-` : '';
    const usable = (t: number | undefined) => (t === undefined || isUnresolved(t) ? undefined : t);
    this.regionShareTasks = share;
    this.regionLossFloor = floor;
    this.stacks = regions.map((e) => new Stack(this, e.region, { env: e, stackName: `${stageName}${prefix}-${e.region}` }));
    const zones = this.stacks.map((s) => zoneIn(s, zone));
    const certs = this.stacks.map((s, i) => certificateIn(s, zones[i], recordName, props.certificate ?? true));
    this.table = to ? activeTable(this.stacks[0], regions.slice(1).map((e) => e.region), to) : undefined;
    this.regionTables = to ? this.stacks.map((s, i) => (i === 0 ? this.table! : dynamodb.TableV2.fromTableName(s, 'Table', to.tableName))) : [];
    const others = (i: number) => regions.filter((_, j) => j !== i).map((e) => e.region);
    const regionBuckets: RegionBucket[] = bo ? this.stacks.map((s, i) => regionBucket(s, others(i), bo)) : [];
    this.buckets = regionBuckets.map((b) => b.bucket);

    // ---- workloads ------------------------------------------------------------------------------
    this.services = [];
    if (sp) {
      const given = withRegionalSignal(sp);
      const environment = {
        ...sp.environment,
        ...(to ? { [to.environmentVariable ?? 'TABLE_NAME']: to.tableName } : {}),
      };
      this.workloads = this.stacks.map((stack, i) => {
        // The zone count the service will spread over (its own VPC over maxAzs zones of the region).
        const zoneCount = Math.min(sp.maxAzs ?? 3, stack.availabilityZones.length);
        const desired = givenDesired ?? Math.max(floor, zoneCount >= 2 ? zoneLossFloor(share, zoneCount) : share);
        const svc = new StatelessService(stack, 'Service', {
          ...given,
          minHealthyTasks: share,
          desiredCount: desired,
          certificate: certs[i],
          environment: { ...environment, ...(bo ? { [bo.environmentVariable ?? 'BUCKET_NAME']: regionBuckets[i].name } : {}) },
          workloadName: props.workloadName !== undefined ? `${name} (${stack.region})` : undefined,
        });
        this.services.push(svc);
        this.regionTables[i]?.grantReadWriteData(svc.taskDefinition.taskRole);
        if (bo) {
          regionBuckets[i].bucket.grantReadWrite(svc.taskDefinition.taskRole);
          acknowledgeBucketGrant(svc.taskDefinition.taskRole, regionBuckets[i].name);
        }
        if (to || bo) {
          Validations.of(svc.taskDefinition).acknowledge({
            id: 'AwsSolutions-ECS2',
            reason: `ActiveActiveRegions passes ${[to ? `the table name in ${to.environmentVariable ?? 'TABLE_NAME'}` : '', bo ? `the region's bucket name in ${bo.environmentVariable ?? 'BUCKET_NAME'}` : ''].filter((x) => x).join(' and ')}: `
              + 'configuration from the environment (twelve-factor), not a secret; secrets go in serviceProps.secrets.',
          });
        }
        return serviceWorkload(svc, sp, usable);
      });
    } else {
      const builder = props.workloadBuilder!;
      this.workloads = this.stacks.map((stack, i) => {
        const workloadScope = new Construct(stack, 'Workload');
        const w = builder.buildRegion(workloadScope, {
          region: stack.region,
          account: stack.account,
          stack,
          regionIndex: i,
          regionCount: regions.length,
          minimumTasks: floor,
          hostedZone: zones[i],
          recordName,
          certificate: certs[i],
          table: this.regionTables[i],
          bucket: this.buckets[i],
        }) as RegionalWorkload | undefined;
        const bv = new PropValidator(this);
        validateBuiltWorkload(bv, w, stack, stack.region);
        bv.throwIfAny();
        return w!;
      });
      const counts = this.workloads.map((w) => usable(w.taskCount));
      const short = counts.map((c, i) => ({ c, r: regions[i].region })).filter((x) => x.c !== undefined && x.c < floor);
      if (short.length > 0 && requireHeadroom) {
        throw new PatternValidationError(this, [{
          prop: 'workloadBuilder taskCount',
          problem: `${short.map((x) => `${x.r} runs ${x.c}`).join(', ')} task${short.length === 1 && short[0].c === 1 ? '' : 's'}, which cannot absorb a region loss: ${regionLossArithmetic(share, regions.length)}`,
          fix: `run at least ${floor} tasks in each region (ActiveRegionContext.minimumTasks), lower regionShareTasks, or set requireRegionLossHeadroom: false to accept the risk`,
        }]);
      }
      if (counts.some((c) => c === undefined)) {
        warn(this.stacks[0], 'RegionLossCapacityUnknown', `workloadBuilder returned no taskCount for ${counts.map((c, i) => (c === undefined ? regions[i].region : '')).filter((x) => x).join(', ')}: whether the other regions absorb a region loss is not known and the report does not model it. Return taskCount (at least ${floor}, ActiveRegionContext.minimumTasks).`);
      }
    }
    const counts = this.workloads.map((w) => usable(w.taskCount));
    this.regionTasks = counts.every((c) => c !== undefined) ? Math.min(...(counts as number[])) : undefined;
    if (this.regionTasks !== undefined && this.regionTasks < floor) {
      // Only reachable with requireRegionLossHeadroom: false (otherwise an error above).
      warn(this.stacks[0], 'RegionLossShortfall', `${this.regionTasks} tasks per region cannot absorb a region loss: ${regionLossArithmetic(share, regions.length)}. Accepted because requireRegionLossHeadroom is false: the survivors serve overloaded until target tracking scales them (the report counts the scale-up).`);
    }

    // ---- latency records and health checks: each stack owns its own ---------------------------
    // Route 53 Developer Guide, "Latency-based routing": one record per region with the same name
    // and type, each with `Region` and a `SetIdentifier`; evaluateTargetHealth on an alias to a load
    // balancer also drops a region whose load balancer has no healthy targets, and the health check
    // drops a region that answers but fails users (its SLO alarm).
    this.endpointHealthChecks = this.stacks.map((s, i) => endpointHealthCheck(s, this.workloads[i], dns));
    this.healthChecks = this.stacks.map((s, i) => sloHealthCheck(s, 'RegionHealthCheck', this.endpointHealthChecks[i], this.workloads[i].healthAlarms ?? []));
    this.records = this.stacks.map((s, i) => new route53.ARecord(s, 'LatencyRecord', {
      zone: zones[i],
      recordName,
      target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.workloads[i].loadBalancer, { evaluateTargetHealth: true })),
      region: s.region,
      setIdentifier: `${name}-${s.region}`,
      healthCheck: this.healthChecks[i],
    }));
    this.stacks.forEach((s, i) => new CfnOutput(s, 'RegionHealthCheckId', {
      value: this.healthChecks[i].healthCheckId,
      description: `The Route 53 health check of ${s.region}'s latency record: invert it (aws route53 update-health-check --inverted) to drain this region in a drill.`,
    }));
    if (dns.ttlSeconds !== undefined && dns.ttlSeconds < 60) {
      warn(this.records[0], 'AliasTtlFixed', `healthCheck.ttl is ${dns.ttlSeconds} s, but the records are aliases to load balancers, which Route 53 answers with a fixed TTL of 60 s (Route 53 FAQ on DNS failover TTLs): the modelled recovery counts 60 s.`);
    }

    // ---- recovery and report --------------------------------------------------------------------
    this.regionRecovery = regionLossRecovery({
      intervalSeconds: dns.intervalSeconds ?? 10,
      failureThreshold: dns.failureThreshold,
      ttlSeconds: 60,
      tasks: this.regionTasks,
      needed: floor,
      taskStartSeconds: this.workloads[0].taskStartSeconds ?? D.taskStartSeconds,
      targetHealthCheckIntervalSeconds: secondsOrDefault(sp?.healthCheckInterval, D.targetHealthCheckIntervalSeconds),
      healthyThresholdCount: D.healthyThresholdCount,
      targetCpuUtilizationPercent: sp?.targetCpuUtilizationPercent ?? D.targetCpuUtilizationPercent,
    });
    recordActiveActiveProfile(this, {
      name,
      regions: regions.map((e) => e.region),
      share,
      floor,
      dns,
      alarms: this.workloads.map((w) => (w.healthAlarms ?? []).length),
      https: this.workloads.every((w) => w.https ?? false),
      serviceProps: sp,
      table: to,
      bucket: bo,
    });
  }
}
