import { Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { capacityProviderStrategies, checkSpotCapacity, resolveCapacity, ServiceCapacity } from './capacity';
import { STATELESS_SERVICE_DEFAULTS as D } from './defaults';
import { PatternProfiles } from './profile';
import { Rollout } from './rollout';
import { rolloutProfile } from './rollout-profile';
import { CheckedRollout, checkRollout, serviceDeploymentProps, wireRollout } from './rollout-wiring';
import { checkShutdown } from './shutdown';
import { FargateSpotFallback } from './spot-fallback';
import { checkCallerInput, checkEgressWithoutNat, checkLoadBalancerVpc, checkScratchPaths } from './validation';
import { PatternValidationError } from '../core/errors';
import { checkEnvironment, checkTaskSize, checkTaskSubnets, checkVpcAndCluster, createWorkloadTask } from '../core/fargate-task';
import { describeValue, isUnresolved, nonEmptyString, PropValidator, secondsOf, warn, wholeDuration } from '../core/validation';
import { zoneLossArithmetic, zoneLossFloor } from '../core/zones';
import { DrillSettings, ServiceDrills } from '../drills';
import { addPatternDrills } from '../drills/service-drills';
import { ZONAL_SHIFT_ATTRIBUTE } from '../drills/zonal-shift';
import { EgressAwareVpc } from '../network';
import { ObjectiveProfile, Profiles, WorkloadProfile } from '../report';
import { LoadBalancedObjective, ServiceSlos, SloAlarms, SloDescription } from '../slo';

/**
 * What the cloud-native report assumes about a StatelessService's start time and traffic.
 * Measure yours and set them: the report's recovery times and traffic costs follow.
 */
export interface ServiceReportAssumptions {
  /**
   * Seconds from placing a task to its container listening (image pull and start).
   *
   * @default 60
   */
  readonly taskStartSeconds?: number;

  /**
   * Average load balancer capacity units.
   *
   * @default 1
   */
  readonly averageLcus?: number;

  /**
   * GB a month served to the internet.
   *
   * @default 0
   */
  readonly internetEgressGbPerMonth?: number;

  /**
   * GB a month crossing zones (task-to-task or task-to-store traffic).
   *
   * @default 0
   */
  readonly crossAzGbPerMonth?: number;

  /**
   * The Fargate Spot discount off the on-demand Fargate price, in percent (0-100). Spot prices
   * float; AWS says "up to 70 %" (Fargate pricing page): set your observed discount.
   *
   * @default 70
   */
  readonly spotDiscountPercent?: number;
}

/**
 * Props of StatelessService.
 */
export interface StatelessServiceProps {
  /**
   * The container image to run. The only required prop.
   */
  readonly image: ecs.ContainerImage;

  /**
   * The VPC to run in.
   *
   * @default - a new VPC over `maxAzs` zones with one NAT gateway per zone and flow logs, or the
   * cluster's VPC when `cluster` is given
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The ECS cluster to run in. Must be in `vpc` when both are given.
   *
   * @default - a new cluster in the VPC with Container Insights enabled
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Zones of the VPC this construct creates (ignored when `vpc` or `cluster` is given).
   * A stack without an explicit region gets at most 2 zones from CDK.
   *
   * @default 3
   */
  readonly maxAzs?: number;

  /**
   * Subnets the tasks run in. They must span at least 2 zones and must not be public.
   *
   * @default - the VPC's private subnets
   */
  readonly taskSubnets?: ec2.SubnetSelection;

  /**
   * CPU units of each task: 256, 512, 1024, 2048, 4096, 8192 or 16384.
   *
   * @default 512
   */
  readonly cpu?: number;

  /**
   * Memory (MiB) of each task; must be a Fargate value for `cpu`.
   *
   * @default 1024
   */
  readonly memoryLimitMiB?: number;

  /**
   * CPU architecture of the tasks. Fargate Spot runs X86_64 only.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * The port the container listens on (1-65535).
   *
   * @default 80
   */
  readonly containerPort?: number;

  /**
   * Plain configuration for the container. A key that looks like a secret (PASSWORD, SECRET,
   * TOKEN, API_KEY, PRIVATE_KEY, ...) is an error: pass it in `secrets` instead.
   *
   * @default - no environment variables
   */
  readonly environment?: { [key: string]: string };

  /**
   * Secrets from Secrets Manager or SSM Parameter Store, injected as environment variables at
   * task start. The only way this construct accepts secrets.
   *
   * @default - no secrets
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * The number of tasks the load needs while one zone is down.
   *
   * The desired count defaults to the smallest count that keeps this many tasks after losing the
   * fullest zone: ceil(minHealthyTasks x Z / (Z - 1)) over Z zones. For 2 tasks over 3 zones that
   * is 3; over 2 zones it is 4.
   *
   * @default 2
   */
  readonly minHealthyTasks?: number;

  /**
   * The least number of tasks to run: the autoscaling minimum.
   *
   * It is not written to the service's `DesiredCount`: a count in the template is sent on every
   * stack update and resets the autoscaled count (containers-roadmap #493). On creation ECS starts
   * the service with 1 task and the scalable target raises it to this minimum; later updates keep
   * the current count. A count below the zone-loss floor (see `minHealthyTasks`) is an error
   * unless `requireZoneLossHeadroom` is false.
   *
   * @default - the zone-loss floor
   */
  readonly desiredCount?: number;

  /**
   * Autoscaling maximum. Must be at least the desired count.
   *
   * @default - 3 x the desired count
   */
  readonly maxCapacity?: number;

  /**
   * Whether a desired count that cannot keep `minHealthyTasks` through the loss of one zone is an
   * error. Set to false to accept the risk: the shortfall becomes a tagged warning
   * (`cdk-cloud-native-patterns:ZoneLossShortfall`).
   *
   * @default true
   */
  readonly requireZoneLossHeadroom?: boolean;

  /**
   * Target CPU utilization (percent, 10-90) of the CPU scaling policy.
   *
   * @default 50
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * When set, also scale on ALB requests per target, at this many requests per task per minute.
   *
   * @default - CPU scaling only
   */
  readonly requestsPerTarget?: number;

  /**
   * How long the load balancer drains a task's in-flight requests (whole seconds, 0-3600).
   *
   * When ECS stops a task (deployment, scale-in) it deregisters it, waits this long, and only
   * then sends SIGTERM: a task's shutdown takes deregistrationDelay + stopTimeout (90 s by
   * default). With Fargate Spot it must be under 120 s: a spot task is stopped 120 s after its
   * interruption warning.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * How long the container has between SIGTERM and SIGKILL to shut down gracefully (whole
   * seconds, 2-120: Fargate's range). In a Fargate Spot interruption SIGTERM comes with the
   * 2-minute warning, possibly before the task leaves its target group: keep serving until the
   * drain ends (a `cdk-cloud-native-patterns:SpotInterruptionCutsDrain` warning when
   * deregistrationDelay is longer than this).
   *
   * @default Duration.seconds(60)
   */
  readonly stopTimeout?: Duration;

  /**
   * Writable paths in the container, each backed by task storage (a Fargate bind mount on the
   * task's ephemeral storage, emptied when the task stops), while the root filesystem stays
   * read-only. Nothing in them survives the task, so the service stays stateless. The official
   * nginx image, for example, needs `['/var/cache/nginx', '/var/run']`. Fargate creates the
   * mounts owned by root (containers-roadmap #938): an image that runs as another user needs a
   * VOLUME at the path in its Dockerfile, owned by that user (ECS copies its contents).
   *
   * @default - none: the whole filesystem is read-only
   */
  readonly scratchPaths?: string[];

  /**
   * The path of the load balancer health check.
   *
   * @default '/'
   */
  readonly healthCheckPath?: string;

  /**
   * Interval of the load balancer health check (5-300 s). With the default 2 unhealthy checks a
   * failed task is out of rotation after 2 x interval.
   *
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;

  /**
   * How long ECS ignores failing load balancer health checks after a task starts.
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * On-demand Fargate only, or Fargate Spot above an on-demand base.
   *
   * @default ServiceCapacity.onDemand()
   */
  readonly capacity?: ServiceCapacity;

  /**
   * Where the Fargate Spot fallback alarm goes (in alarm while the on-demand twin runs tasks spot
   * cannot place: the service is safe but pays on-demand prices).
   *
   * @default - no notification (tagged warning `cdk-cloud-native-patterns:SpotFallbackNotifiesNobody`)
   */
  readonly spotFallbackAlarmTopic?: sns.ITopic;

  /**
   * Certificate for an HTTPS listener. With a certificate (or `domainName` and `domainZone`),
   * the load balancer listens on 443 and redirects 80 to 443.
   *
   * @default - a DNS-validated certificate when `domainName` and `domainZone` are given, else none
   * (HTTP only, with a tagged warning)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * Domain name of the service. With `domainZone`, an alias record is created and, unless
   * `certificate` is given, a DNS-validated certificate.
   *
   * @default - no domain name
   */
  readonly domainName?: string;

  /**
   * Hosted zone of `domainName`.
   *
   * @default - no record
   */
  readonly domainZone?: route53.IHostedZone;

  /**
   * Whether the load balancer is reachable from the internet. An internal load balancer accepts
   * traffic from the VPC's CIDR.
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * Whether the load balancer has deletion protection.
   *
   * @default true
   */
  readonly loadBalancerDeletionProtection?: boolean;

  /**
   * Turn on the load balancer's ARC zonal shift integration (`zonal_shift.config.enabled`; off by
   * default on an ALB), so an operator, a zonal autoshift or a zonal shift drill can move traffic
   * away from an impaired zone in one action. It costs nothing and moves no traffic by itself.
   * ELB User Guide for ALBs, "Enable zonal shift for your Application Load Balancer"; ARC
   * Developer Guide, "Application Load Balancers" (works with cross-zone on or off).
   *
   * @default true
   */
  readonly zonalShift?: boolean;

  /**
   * How long the container logs are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Service level objectives measured on the service's load balancer. Each becomes multi-window,
   * multi-burn-rate alarms (SRE workbook: page on 14.4x over 1 h / 5 min and 6x over 6 h / 30 min,
   * ticket on 1x over 3 days / 6 h), a dashboard, and a deployment alarm: ECS rolls a deployment
   * back when the fast burn's short window alarms.
   *
   * @default - no SLO alarms
   */
  readonly slos?: LoadBalancedObjective[];

  /**
   * Where SLO page alerts go.
   *
   * @default - no notification (tagged warning `cdk-cloud-native-patterns:SloAlertsNotifyNobody`)
   */
  readonly sloPageTopic?: sns.ITopic;

  /**
   * Where SLO ticket alerts go.
   *
   * @default - the page topic
   */
  readonly sloTicketTopic?: sns.ITopic;

  /**
   * Also create a regional health alarm per availability objective, for a Route 53 health check
   * (`slos.regionalHealthAlarms`; ActivePassiveRegionPair's primary fails over on it). Latency
   * objectives get none: Route 53 accepts standard statistics only.
   *
   * @default false
   */
  readonly sloRegionalHealthSignal?: boolean;

  /**
   * Requests the deployment alarm's window needs before its errors count, so one error among a
   * handful of requests does not roll a good release back (0 turns the guard off).
   *
   * @default - the larger of 100 and ceil(1 / fast-burn threshold), per objective
   */
  readonly sloDeploymentMinRequests?: number;

  /**
   * Also declare each objective as a CloudWatch Application Signals request-based SLO (error
   * budget and burn rates in the console; the alarms stay the paging and rollback path). Turn it
   * off where Application Signals is not available or its service-linked role may not be created.
   *
   * @default true
   */
  readonly sloApplicationSignals?: boolean;

  /**
   * How long load balancer access logs are kept in their bucket.
   *
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;

  /**
   * Bucket for the load balancer's access logs (e.g. the organisation's central log bucket, in the
   * stack's region, SSE-S3 encrypted). Logs go under `alb/<service id>/`. Its lifecycle is yours:
   * `accessLogRetention` applies only to the bucket this construct creates.
   *
   * @default - one bucket per stack shared by its StatelessServices (SSE-S3, versioned, TLS only,
   * retained on delete), each service's logs under its own prefix with its own expiry
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * How a release is deployed: ECS's rolling update, or a traffic-shifting rollout (canary,
   * linear, blue/green) over a second target group, rolled back on the SLO deployment alarms and
   * the deployment health alarms (target 5xx ratio, unhealthy targets). See README "Progressive
   * rollouts" for the share of users a bad release reaches under each.
   *
   * @default Rollout.rolling()
   */
  readonly rollout?: Rollout;

  /**
   * The service's name in the cloud-native report.
   *
   * @default - the construct path
   */
  readonly workloadName?: string;

  /**
   * Start time and traffic the cloud-native report assumes for this service.
   *
   * @default - 60 s task start, 1 LCU, no internet or cross-zone traffic
   */
  readonly reportAssumptions?: ServiceReportAssumptions;

  /**
   * Failure drills: AWS FIS experiments for the failure domains the service survives (task churn,
   * spot reclaim with Fargate Spot, zone disruption; zonal shift when asked), stopped by the SLO
   * deployment alarms, and ARC zonal shift on the load balancer (zonal autoshift with practice
   * runs when asked). See the README chapter "Failure drills".
   *
   * @default - no drills (the load balancer's zonal shift integration follows `zonalShift`)
   */
  readonly drills?: DrillSettings;
}

/**
 * A container service behind an Application Load Balancer, on ECS Fargate, production-safe by
 * default.
 *
 * - Stateless: no target-group stickiness, a read-only root filesystem (writable `scratchPaths`
 *   on task storage that is emptied when the task stops), secrets only from Secrets Manager or SSM.
 * - Zone-resilient: tasks spread over at least 2 zones with enough of them to lose one zone and
 *   keep `minHealthyTasks`; AZ rebalancing on.
 * - Safe rollouts: circuit breaker with rollback, 100 % minimum healthy, 200 % maximum; with
 *   `slos`, also a rollback on the SLO deployment alarm; `rollout` for a canary, linear or
 *   blue/green deployment over a second target group with deployment health alarms.
 * - Autoscaling owns the count: no DesiredCount in the template, so deploys never reset it.
 * - Graceful: ECS drains a task from the load balancer (30 s), then sends SIGTERM and waits the
 *   stop timeout (60 s) before SIGKILL: 90 s in all.
 * - Fast detection: health checks every 10 s, out of rotation after 2 failures (20 s).
 */
export class StatelessService extends Construct {
  /** The VPC the service runs in. */
  public readonly vpc: ec2.IVpc;
  /** The ECS cluster. */
  public readonly cluster: ecs.ICluster;
  /** The Fargate task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The application container. */
  public readonly container: ecs.ContainerDefinition;
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener that forwards to the service (HTTPS when a certificate is in use). */
  public readonly listener: elbv2.ApplicationListener;
  /** The target group of the service's tasks. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The container's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The task count autoscaling. */
  public readonly scaling: ecs.ScalableTaskCount;
  /**
   * The bucket holding load balancer access logs: the stack's shared one, or `accessLogsBucket`
   * (undefined in a stack without a region).
   */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The key prefix of this service's access logs in `accessLogsBucket`. */
  public readonly accessLogsPrefix?: string;
  /** The certificate of the HTTPS listener, when there is one. */
  public readonly certificate?: acm.ICertificate;
  /** The number of zones the tasks are spread over. */
  public readonly zoneCount: number;
  /**
   * The least task count: the autoscaling minimum (not written to the template's DesiredCount;
   * the scalable target sets it).
   */
  public readonly desiredCount: number;
  /** The autoscaling maximum. */
  public readonly maxCapacity: number;
  /** Tasks that always run on on-demand FARGATE (the FARGATE base); 0 when on-demand only. */
  public readonly onDemandBase: number;
  /** The container's writable scratch paths (task storage, emptied when the task stops). */
  public readonly scratchPaths: string[];
  /** The smallest task count that keeps `minHealthyTasks` after losing one zone. */
  public readonly zoneLossFloor: number;
  /** The capacity the service runs on. */
  public readonly capacity: ServiceCapacity;
  /** The SLO alarms and dashboard, when `slos` is given. */
  public readonly slos?: ServiceSlos;
  /**
   * The on-demand fallback for Fargate Spot shortages, when `capacity` uses spot: an on-demand
   * twin of the service sized by a handler while FARGATE_SPOT cannot place tasks.
   */
  public readonly spotFallback?: FargateSpotFallback;
  /** How releases are deployed. */
  public readonly rollout: Rollout;
  /** The second target group of a traffic-shifting rollout (same health check and draining). */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** The production listener rule whose forward weights ECS shifts (traffic-shifting rollouts). */
  public readonly productionListenerRule?: elbv2.ApplicationListenerRule;
  /** The test listener of a rollout with `testListenerPort` (VPC CIDR only; open it further with its connections). */
  public readonly testListener?: elbv2.ApplicationListener;
  /** The deployment health alarms ECS rolls back on (traffic-shifting rollouts with healthAlarms). */
  public readonly deploymentHealthAlarms: cloudwatch.Alarm[];
  /** The failure drills, when `drills` is given. */
  public readonly drills?: ServiceDrills;

  constructor(scope: Construct, id: string, props: StatelessServiceProps) {
    super(scope, id);

    // JavaScript and Python callers can leave out the props altogether.
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{
        prop: 'props',
        problem: 'are required but were not given',
        fix: 'pass props with at least `image`, e.g. { image: ecs.ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable") }',
      }]);
    }
    // Every problem, including those found once the VPC is known, is reported in one error.
    const v = new PropValidator(this);
    checkCallerInput(v, props);
    const capacity = resolveCapacity(v, props.capacity);
    this.capacity = capacity;
    const cpu = props.cpu ?? D.cpu;
    const memory = props.memoryLimitMiB ?? D.memoryLimitMiB;
    const containerPort = props.containerPort ?? D.containerPort;
    const minHealthyTasks = props.minHealthyTasks ?? D.minHealthyTasks;
    const drain = props.deregistrationDelay ?? D.deregistrationDelay;
    const stopTimeout = props.stopTimeout ?? D.stopTimeout;
    const healthCheckInterval = props.healthCheckInterval ?? D.healthCheckInterval;
    const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64;
    const internetFacing = props.internetFacing ?? true;
    const zonalShift = checkZonalShift(v, props);

    // ---- validate the props ------------------------------------------------------------------
    checkTaskSize(v, cpu, memory);
    v.number('containerPort', containerPort, { integer: true, min: 1, max: 65535 });
    // The zone-loss floor and the on-demand base are computed from minHealthyTasks at synth, so a
    // token cannot be honoured: it is an error rather than silently replaced.
    if (isUnresolved(minHealthyTasks)) {
      v.fail('minHealthyTasks', 'is a token (known only at deploy time), but the zone-loss floor, the autoscaling minimum and the on-demand base are computed from it at synth',
        'pass a number; to set the count at deploy time, give desiredCount (the autoscaling minimum) as a token and keep minHealthyTasks a number');
    } else {
      v.number('minHealthyTasks', minHealthyTasks, { integer: true, min: 1 });
    }
    const maxAzsOk = props.maxAzs === undefined || v.number('maxAzs', props.maxAzs, { integer: true, min: 2 }) || isUnresolved(props.maxAzs);
    v.number('targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, { min: 10, max: 90 });
    v.number('requestsPerTarget', props.requestsPerTarget, { integer: true, min: 1 });
    const ra = props.reportAssumptions ?? {};
    v.number('reportAssumptions.taskStartSeconds', ra.taskStartSeconds, { min: 0 });
    v.number('reportAssumptions.averageLcus', ra.averageLcus, { min: 0 });
    v.number('reportAssumptions.internetEgressGbPerMonth', ra.internetEgressGbPerMonth, { min: 0 });
    v.number('reportAssumptions.crossAzGbPerMonth', ra.crossAzGbPerMonth, { min: 0 });
    v.number('reportAssumptions.spotDiscountPercent', ra.spotDiscountPercent, { min: 0, max: 100 });

    const { drainSeconds: drainS, stopSeconds: stopS } = checkShutdown(v, this, drain, stopTimeout, capacity.usesSpot);
    wholeDuration(v, 'accessLogRetention', props.accessLogRetention, 'days', { min: 1 });
    const intervalS = wholeDuration(v, 'healthCheckInterval', healthCheckInterval, 'seconds', { min: 5, max: 300 });
    const graceS = wholeDuration(v, 'healthCheckGracePeriod', props.healthCheckGracePeriod, 'seconds');
    if (graceS !== undefined) {
      v.require(graceS <= 3600, 'healthCheckGracePeriod', `is ${graceS} s; a failing task would serve errors for up to that long after start`,
        'set healthCheckGracePeriod to the time your container needs to start, at most 3600 s (default 60 s)');
    }
    const path = props.healthCheckPath ?? D.healthCheckPath;
    if (nonEmptyString(v, 'healthCheckPath', path, 'set healthCheckPath to a path starting with "/", e.g. "/healthz"')) {
      v.require(path.startsWith('/') && path.length <= 1024, 'healthCheckPath', `"${path}" is not an absolute path`,
        'set healthCheckPath to a path starting with "/", e.g. "/healthz"');
    }
    const scratchPaths = checkScratchPaths(v, props.scratchPaths);

    checkEnvironment(v, props.environment, props.secrets);

    checkSpotCapacity(v, capacity, cpuArchitecture, 1, 'minHealthyTasks');
    if (!capacity.usesSpot && props.spotFallbackAlarmTopic) {
      warn(this, 'SpotFallbackTopicUnused', 'spotFallbackAlarmTopic is set but the capacity is on-demand only, so there is no fallback to alarm.');
    }

    const rollout = checkRollout(v, this, props.rollout, {
      usesSpot: capacity.usesSpot,
      requestsPerTarget: props.requestsPerTarget,
      hasSlos: Array.isArray(props.slos) && props.slos.length > 0,
      graceSeconds: graceS ?? D.healthCheckGracePeriod.toSeconds(),
    });
    this.rollout = rollout.rollout;

    v.require(!(props.domainName && !props.domainZone && !props.certificate), 'domainName',
      'is set without domainZone or certificate, so there is no way to serve HTTPS for it',
      'also pass domainZone (a DNS-validated certificate and an alias record are created) or certificate');
    v.require(!(props.domainZone && !props.domainName), 'domainZone', 'is set without domainName',
      'pass domainName too, or remove domainZone');

    checkVpcAndCluster(v, props.vpc, props.cluster);

    // ---- network and zone arithmetic: checked with the rest ----------------------------------
    const vpc = props.cluster?.vpc ?? props.vpc ?? (maxAzsOk ? this.createVpc(props.maxAzs ?? D.maxAzs) : undefined);
    let zones = 0;
    let vpcCidr: string | undefined;
    if (vpc) {
      zones = checkTaskSubnets(v, vpc, props.taskSubnets);
      vpcCidr = checkLoadBalancerVpc(v, vpc, internetFacing);
      checkEgressWithoutNat(v, this, vpc, props.image, props.secrets);
    }

    this.zoneCount = zones;
    const minHealthy = isUnresolved(minHealthyTasks) ? D.minHealthyTasks : minHealthyTasks;
    this.zoneLossFloor = zones >= 2 ? zoneLossFloor(minHealthy, zones) : minHealthy;
    const desired = props.desiredCount ?? this.zoneLossFloor;
    this.desiredCount = desired;
    if (zones >= 2 && v.number('desiredCount', desired, { integer: true, min: 1 }) && !isUnresolved(minHealthyTasks)) {
      if (desired < this.zoneLossFloor) {
        const msg = `${desired} tasks over ${zones} zones keep only ${desired - Math.ceil(desired / zones)} after a zone is lost, below minHealthyTasks ${minHealthyTasks} (${zoneLossArithmetic(minHealthyTasks, zones)})`;
        if (props.requireZoneLossHeadroom ?? true) {
          v.fail('desiredCount', msg, `set desiredCount to at least ${this.zoneLossFloor}, lower minHealthyTasks, or set requireZoneLossHeadroom: false to accept the risk`);
        } else {
          warn(this, 'ZoneLossShortfall', `desiredCount ${msg}. Accepted because requireZoneLossHeadroom is false.`);
        }
      }
    }
    const maxCapacity = props.maxCapacity
      ?? D.maxCapacityMultiplier * (isUnresolved(desired) ? this.zoneLossFloor : desired);
    if (v.number('maxCapacity', maxCapacity, { integer: true, min: 1 }) && !isUnresolved(desired) && Number.isInteger(desired)) {
      v.require(maxCapacity >= desired, 'maxCapacity', `${maxCapacity} is below the desired count (the autoscaling minimum) ${desired}`,
        `set maxCapacity to at least ${desired}`);
    }
    this.maxCapacity = maxCapacity;

    // The on-demand base: enough on-demand tasks that losing every spot task still leaves minHealthyTasks.
    this.onDemandBase = capacity.usesSpot ? capacity.onDemandBase ?? minHealthy : 0;
    if (capacity.usesSpot && Number.isInteger(this.onDemandBase) && !isUnresolved(desired) && Number.isInteger(desired)) {
      if (Number.isInteger(maxCapacity) && !isUnresolved(maxCapacity)) {
        v.require(this.onDemandBase <= maxCapacity, 'capacity.onDemandBase',
          `${this.onDemandBase} is above maxCapacity ${maxCapacity}, so no task could ever run on Fargate Spot`,
          `set onDemandBase below ${maxCapacity} (default minHealthyTasks ${minHealthy}), or use ServiceCapacity.onDemand()`);
      }
      if (this.onDemandBase >= desired && this.onDemandBase <= maxCapacity) {
        warn(this, 'SpotBaseCoversMinimum',
          `capacity.onDemandBase ${this.onDemandBase} covers the minimum of ${desired} tasks, so no task runs on Fargate Spot at steady state; spot only takes scale-out. Lower onDemandBase (default minHealthyTasks ${minHealthy}) to save money.`);
      }
      if (this.onDemandBase < minHealthy) {
        warn(this, 'SpotBaseBelowMinHealthy',
          `capacity.onDemandBase ${this.onDemandBase} is below minHealthyTasks ${minHealthy}: if every spot task is reclaimed at once, fewer tasks than the load needs remain until the fallback's on-demand replacements start.`);
      }
    }
    v.throwIfAny();
    // A VPC is known here: without one, maxAzs was rejected and throwIfAny threw.
    this.vpc = vpc as ec2.IVpc;

    this.cluster = props.cluster ?? new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: capacity.usesSpot,
    });
    if (capacity.usesSpot && props.cluster) {
      if (props.cluster instanceof ecs.Cluster) {
        props.cluster.enableFargateCapacityProviders();
      } else {
        warn(this, 'ImportedClusterCapacityProviders',
          'The cluster is imported: make sure it has the FARGATE and FARGATE_SPOT capacity providers, or the service cannot place tasks.');
      }
    }

    // ---- task definition and container ----------------------------------------------------
    // Shared with QueueWorkerService (src/core/fargate-task.ts): the log group, the task
    // definition, the read-only container and its scratch paths on task storage.
    const task = createWorkloadTask(this, {
      cpu,
      memoryLimitMiB: memory,
      cpuArchitecture,
      image: props.image,
      portMappings: [{ containerPort, protocol: ecs.Protocol.TCP }],
      environment: props.environment,
      secrets: props.secrets,
      stopTimeout,
      logRetention: props.logRetention ?? D.logRetention,
      scratchPaths,
    });
    this.logGroup = task.logGroup;
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    this.scratchPaths = scratchPaths;

    // ---- service ---------------------------------------------------------------------------
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      // No DesiredCount in the template: CloudFormation would send it on every update of the
      // service and reset the autoscaled count (containers-roadmap #493, aws-cdk #3919). Absent,
      // ECS creates the service with 1 task and keeps the current count on updates; the scalable
      // target below then raises it to the autoscaling minimum.
      desiredCount: undefined,
      minHealthyPercent: D.minHealthyPercent,
      maxHealthyPercent: D.maxHealthyPercent,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? D.healthCheckGracePeriod,
      vpcSubnets: props.taskSubnets,
      assignPublicIp: false,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      capacityProviderStrategies: capacityProviderStrategies(capacity, this.onDemandBase),
      // Nothing for rolling: its template is unchanged.
      ...serviceDeploymentProps(rollout),
    });

    // ---- load balancer ---------------------------------------------------------------------
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing,
      // An internal load balancer sits in the tasks' subnets (private with egress, or isolated).
      vpcSubnets: internetFacing ? { subnetType: ec2.SubnetType.PUBLIC } : props.taskSubnets ?? {},
      dropInvalidHeaderFields: true,
      deletionProtection: props.loadBalancerDeletionProtection ?? true,
      idleTimeout: D.idleTimeout,
    });
    if (zonalShift) this.loadBalancer.setAttribute(ZONAL_SHIFT_ATTRIBUTE, 'true');
    if (props.accessLogsBucket && props.accessLogRetention) {
      warn(this, 'AccessLogRetentionIgnored',
        'accessLogRetention applies only to the bucket this construct creates; the lifecycle of accessLogsBucket is set where that bucket is defined.');
    }
    const accessLogs = this.enableAccessLogs(props.accessLogRetention ?? Duration.days(90), props.accessLogsBucket);
    this.accessLogsBucket = accessLogs?.bucket;
    this.accessLogsPrefix = accessLogs?.prefix;

    // A traffic-shifting rollout builds its second target group from the same props.
    const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
      vpc: this.vpc,
      port: containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: drain,
      healthCheck: {
        path,
        interval: healthCheckInterval,
        // ALB requires the timeout to be shorter than the interval.
        timeout: intervalS !== undefined && intervalS <= D.healthCheckTimeout.toSeconds()
          ? Duration.seconds(intervalS - 1)
          : D.healthCheckTimeout,
        healthyThresholdCount: D.healthyThresholdCount,
        unhealthyThresholdCount: D.unhealthyThresholdCount,
        healthyHttpCodes: D.healthyHttpCodes,
      },
    };
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', targetGroupProps);
    // Stated, not implied: sessions never stick to a task, so any task can be replaced at any time.
    this.targetGroup.setAttribute('stickiness.enabled', 'false');
    // A traffic-shifting rollout attaches the service once its listener rule exists (below).
    if (!rollout.rollout.shiftsTraffic) this.service.attachToApplicationTargetGroup(this.targetGroup);

    this.slos = props.slos && props.slos.length > 0
      ? new ServiceSlos(this, 'Slos', {
        objectives: props.slos,
        service: this.service,
        loadBalancer: this.loadBalancer,
        pageTopic: props.sloPageTopic,
        ticketTopic: props.sloTicketTopic,
        regionalHealthSignal: props.sloRegionalHealthSignal,
        deploymentMinRequests: props.sloDeploymentMinRequests,
        applicationSignalsSlo: props.sloApplicationSignals,
      })
      : undefined;

    // ---- Fargate Spot fallback ---------------------------------------------------------------
    if (capacity.usesSpot) {
      this.spotFallback = new FargateSpotFallback(this, 'SpotFallback', {
        cluster: this.cluster,
        spotService: this.service,
        taskDefinition: this.taskDefinition,
        targetGroup: this.targetGroup,
        onDemandBase: this.onDemandBase,
        maxOnDemandTasks: maxCapacity,
        vpcSubnets: props.taskSubnets,
        stopTimeout,
        deregistrationDelay: drain,
        healthCheckGracePeriod: props.healthCheckGracePeriod ?? D.healthCheckGracePeriod,
        alarmTopic: props.spotFallbackAlarmTopic,
        // The twin runs the same task definition, so every release deploys on it too: it rolls
        // back on the same SLO deployment alarms as the service.
        deploymentAlarms: this.slos?.sloAlarms,
      });
    }

    this.certificate = props.certificate ?? (props.domainName && props.domainZone
      ? new acm.Certificate(this, 'Certificate', {
        domainName: props.domainName,
        validation: acm.CertificateValidation.fromDns(props.domainZone),
      })
      : undefined);

    if (this.certificate) {
      this.listener = this.loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [this.certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open: internetFacing,
        defaultTargetGroups: [this.targetGroup],
      });
      this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: internetFacing });
    } else {
      this.listener = this.loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: internetFacing,
        defaultTargetGroups: [this.targetGroup],
      });
      warn(this, 'HttpOnly',
        'The load balancer listens on HTTP only: traffic is not encrypted in transit. Pass `certificate`, or `domainName` with `domainZone`, to serve HTTPS with a redirect from HTTP.');
    }
    if (!internetFacing && vpcCidr !== undefined) {
      this.loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(this.certificate ? 443 : 80),
        'Clients inside the VPC');
      if (this.certificate) {
        this.loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(80), 'Clients inside the VPC (redirected to HTTPS)');
      }
    } else if (internetFacing) {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: 'An internet-facing load balancer accepts its listener ports (80/443) from 0.0.0.0/0 by design; the tasks accept traffic from the load balancer only.',
      });
    }

    const shift = rollout.rollout.shiftsTraffic
      ? wireRollout(this, {
        rollout,
        service: this.service,
        containerName: this.container.containerName,
        containerPort,
        loadBalancer: this.loadBalancer,
        listener: this.listener,
        targetGroup: this.targetGroup,
        targetGroupProps,
        certificate: this.certificate,
        vpc: this.vpc,
        graceSeconds: graceS ?? D.healthCheckGracePeriod.toSeconds(),
      })
      : undefined;
    this.alternateTargetGroup = shift?.alternateTargetGroup;
    this.productionListenerRule = shift?.productionRule;
    this.testListener = shift?.testListener;
    this.deploymentHealthAlarms = shift?.healthAlarms ?? [];

    if (props.domainName && props.domainZone) {
      new route53.ARecord(this, 'AliasRecord', {
        zone: props.domainZone,
        recordName: props.domainName,
        target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }

    // ---- autoscaling -----------------------------------------------------------------------
    // The scalable target owns the count: registering it sets the service's count into
    // [minimum, maximum] (Application Auto Scaling RegisterScalableTarget), so a new service goes
    // from CloudFormation's 1 task to the minimum, the zone-loss floor by default.
    this.scaling = this.service.autoScaleTaskCount({ minCapacity: desired, maxCapacity });
    this.scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.targetCpuUtilizationPercent ?? D.targetCpuUtilizationPercent,
      scaleInCooldown: D.scaleInCooldown,
      scaleOutCooldown: D.scaleOutCooldown,
    });
    if (props.requestsPerTarget !== undefined) {
      this.scaling.scaleOnRequestCount('Requests', {
        requestsPerTarget: props.requestsPerTarget,
        targetGroup: this.targetGroup,
        scaleInCooldown: D.scaleInCooldown,
        scaleOutCooldown: D.scaleOutCooldown,
      });
    }

    // ---- cloud-native report ---------------------------------------------------------------
    const deploy = { rollout, unhealthyDatapoints: shift?.unhealthyDatapoints ?? 0 };
    const profile = this.recordProfile(props, { cpu, memory, minHealthyTasks, cpuArchitecture, internetFacing, intervalS, drainS, stopS, ...deploy });

    // ---- failure drills: for the failure domains the profile says the service survives --------
    if (props.drills !== undefined && props.drills !== null) {
      const settings: unknown = props.drills;
      const given = typeof settings === 'object' && settings !== null ? { ...settings, zonalShift } : settings;
      this.drills = addPatternDrills(this, given, profile, {
        defaultStopAlarms: this.slos?.sloAlarms.map((a) => a.deploymentAlarm),
        service: this.service,
        cluster: this.cluster,
        subnets: this.vpc.selectSubnets(props.taskSubnets).subnets,
        vpc: this.vpc,
        fargateSpot: capacity.usesSpot,
        loadBalancer: this.loadBalancer,
        targetGroups: [this.targetGroup],
        taskCount: isUnresolved(desired) ? undefined : desired,
        tasksNeeded: minHealthy,
      }, {
        example: '{ experiments: [DrillKind.TASK_CHURN, ...] } or {}',
        concrete: 'concrete cpu, memoryLimitMiB, minHealthyTasks, desiredCount, maxCapacity and healthCheckInterval',
      });
    }
  }

  private recordProfile(props: StatelessServiceProps, v: {
    cpu: number;
    memory: number;
    minHealthyTasks: number;
    cpuArchitecture: ecs.CpuArchitecture;
    internetFacing: boolean;
    intervalS?: number;
    drainS?: number;
    stopS?: number;
    rollout: CheckedRollout;
    unhealthyDatapoints: number;
  }): WorkloadProfile | undefined {
    const unresolved = [v.cpu, v.memory, v.minHealthyTasks, this.desiredCount, this.maxCapacity].some((n) => isUnresolved(n));
    if (unresolved || v.intervalS === undefined) {
      warn(this, 'ReportNeedsConcreteValues',
        'cpu, memoryLimitMiB, minHealthyTasks, desiredCount, maxCapacity or healthCheckInterval is a token, so the cloud-native report cannot model this service. Pass concrete values to see its failure domains and cost.');
      return undefined;
    }
    const ra = props.reportAssumptions ?? {};
    const deployment = this.slos ? deploymentAlarmEvaluation(this.slos.sloAlarms) : undefined;
    // The service inherits its network's failure domains: an EgressAwareVpc records a profile the
    // report folds in; any other VPC's egress is unknown.
    const egressModelled = this.vpc instanceof EgressAwareVpc;
    // Stated when a rollout is chosen (the default rolling service's report is unchanged).
    const rollout = props.rollout === undefined || props.rollout === null ? undefined : rolloutProfile({
      rollout: v.rollout,
      intervalSeconds: v.intervalS,
      healthyThresholdCount: D.healthyThresholdCount,
      taskStartSeconds: ra.taskStartSeconds ?? 60,
      drainSeconds: v.drainS ?? D.deregistrationDelay.toSeconds(),
      sloAlarm: deployment,
      healthAlarmNames: this.deploymentHealthAlarms.map((a) => (a.node.defaultChild as cloudwatch.CfnAlarm).alarmName as string),
      unhealthyDatapoints: v.unhealthyDatapoints,
    });
    const profile: WorkloadProfile = {
      ...PatternProfiles.statelessService({
        name: props.workloadName ?? this.node.path,
        zones: this.zoneCount,
        desiredCount: this.desiredCount,
        maxCapacity: this.maxCapacity,
        minHealthyTasks: v.minHealthyTasks,
        cpu: v.cpu,
        memoryMiB: v.memory,
        arm64: v.cpuArchitecture === ecs.CpuArchitecture.ARM64,
        spotWeight: this.capacity.usesSpot ? this.capacity.spotWeight : 0,
        onDemandWeight: this.capacity.usesSpot ? this.capacity.onDemandWeight : 1,
        onDemandBase: this.onDemandBase,
        spotDiscountPercent: ra.spotDiscountPercent,
        healthCheckIntervalSeconds: v.intervalS,
        unhealthyThresholdCount: D.unhealthyThresholdCount,
        healthyThresholdCount: D.healthyThresholdCount,
        healthCheckGracePeriodSeconds: secondsOf(props.healthCheckGracePeriod ?? D.healthCheckGracePeriod),
        taskStartSeconds: ra.taskStartSeconds,
        internetFacing: v.internetFacing,
        averageLcus: ra.averageLcus,
        internetEgressGbPerMonth: ra.internetEgressGbPerMonth,
        crossAzGbPerMonth: ra.crossAzGbPerMonth,
        deploymentAlarmNames: deployment?.names,
        deploymentAlarmPeriodSeconds: deployment?.periodSeconds,
        deploymentAlarmDatapoints: deployment?.datapoints,
        vpcEgressModelled: egressModelled,
        dependsOn: egressModelled ? [this.vpc.node.path] : undefined,
        scratchPaths: this.scratchPaths.filter((p) => !Token.isUnresolved(p)),
        deregistrationDelaySeconds: v.drainS,
        stopTimeoutSeconds: v.stopS,
        rollout,
      }),
      objectives: (this.slos?.descriptions ?? []).map(objectiveProfile),
    };
    Profiles.record(this, profile);
    return profile;
  }

  private createVpc(maxAzs: number): ec2.IVpc {
    // One NAT gateway per zone (a zone failure never cuts the other zones' egress), free S3 and
    // DynamoDB gateway endpoints, flow logs kept a month; priced in the report with the service.
    return new EgressAwareVpc(this, 'Vpc', { maxAzs, workloadName: `${this.node.path}/Vpc` });
  }

  private enableAccessLogs(retention: Duration, given?: s3.IBucket): { bucket: s3.IBucket; prefix: string } | undefined {
    // ALB access logs need the region's ELB principal in the bucket policy, which CDK can only
    // choose when the stack has a concrete region.
    if (Token.isUnresolved(Stack.of(this).region)) {
      warn(this, 'AccessLogsNeedRegion',
        'The stack has no explicit region, so load balancer access logs cannot be configured. Set `env: { region }` on the stack to turn them on.');
      return undefined;
    }
    // The construct path: readable and unique in the app ("AWSLogs" is reserved by ELB in prefixes).
    const prefix = this.node.path.includes('AWSLogs')
      ? `alb/${Names.uniqueResourceName(this, { maxLength: 96, separator: '-' })}`
      : `alb/${this.node.path}`;
    const bucket = given ?? sharedAccessLogsBucket(Stack.of(this));
    if (!given) {
      // Each service's logs expire on their own schedule, under their own prefix.
      (bucket as s3.Bucket).addLifecycleRule({ id: prefix, prefix: `${prefix}/`, expiration: retention });
    }
    this.loadBalancer.logAccessLogs(bucket, prefix);
    return { bucket, prefix };
  }

}

/** An SLO's description as the report lists it: the objective and one line per alarm. */
function objectiveProfile(d: SloDescription): ObjectiveProfile {
  const alarms = d.alerts.map((a) =>
    `${a.alarmName}: ${a.severity} when the error ratio exceeds ${a.errorRatioThreshold} (${a.burnRate}x burn) over ${a.longWindowSeconds / 60} min and ${a.shortWindowSeconds / 60} min`);
  if (d.pageAlarmName) alarms.push(`${d.pageAlarmName}: pages when one of the page windows alarms`);
  if (d.ticketAlarmName) alarms.push(`${d.ticketAlarmName}: opens a ticket when the ticket window alarms`);
  alarms.push(`${d.deploymentAlarmName}: ECS rolls a deployment back when it alarms${d.deploymentMinRequests > 0 ? ` (errors count once its window has at least ${d.deploymentMinRequests} requests)` : ''}`);
  if (d.regionalHealthAlarmName) alarms.push(`${d.regionalHealthAlarmName}: regional health signal for a Route 53 health check`);
  return {
    name: d.name,
    kind: d.kind,
    sli: d.sli,
    targetPercent: d.targetPercent,
    windowSeconds: d.windowSeconds,
    errorBudgetMinutes: d.errorBudgetMinutes,
    alarms,
    notes: [
      d.applicationSignalsSloName ? `Application Signals SLO ${d.applicationSignalsSloName}: ${d.applicationSignalsSlo}` : `no Application Signals SLO: ${d.applicationSignalsSlo}`,
      ...d.limitations,
    ],
  };
}

/**
 * How the SLO deployment alarms evaluate, read from the alarms as built: the longest datapoint
 * period among their metrics and the datapoints to alarm (the largest over the alarms).
 */
function deploymentAlarmEvaluation(alarms: SloAlarms[]): { names: string[]; periodSeconds: number; datapoints: number } | undefined {
  if (alarms.length === 0) return undefined;
  let periodSeconds = 0;
  let datapoints = 1;
  for (const a of alarms) {
    const cfn = a.deploymentAlarm.node.defaultChild as cloudwatch.CfnAlarm;
    type Resolved = { period?: unknown; metrics?: unknown; evaluationPeriods?: unknown; datapointsToAlarm?: unknown };
    const resolved: Resolved = Stack.of(a.deploymentAlarm).resolve({
      period: cfn.period,
      metrics: cfn.metrics,
      evaluationPeriods: cfn.evaluationPeriods,
      datapointsToAlarm: cfn.datapointsToAlarm,
    });
    const periods: number[] = [];
    if (typeof resolved.period === 'number') periods.push(resolved.period);
    for (const m of Array.isArray(resolved.metrics) ? resolved.metrics as unknown[] : []) {
      const q = (m ?? {}) as { period?: unknown; metricStat?: { period?: unknown } };
      if (typeof q.period === 'number') periods.push(q.period);
      if (typeof q.metricStat?.period === 'number') periods.push(q.metricStat.period);
    }
    if (periods.length > 0) periodSeconds = Math.max(periodSeconds, ...periods);
    const dp = typeof resolved.datapointsToAlarm === 'number' ? resolved.datapointsToAlarm
      : typeof resolved.evaluationPeriods === 'number' ? resolved.evaluationPeriods : 1;
    datapoints = Math.max(datapoints, dp);
  }
  return { names: alarms.map((a) => a.deploymentAlarmName), periodSeconds: periodSeconds || 300, datapoints };
}

const ACCESS_LOGS_BUCKET_ID = 'StatelessServiceAccessLogs';

/**
 * The stack's access-log bucket, shared by its StatelessServices: one bucket (and one policy) per
 * stack rather than per service. Created by the first service that needs it.
 */
function sharedAccessLogsBucket(stack: Stack): s3.Bucket {
  const existing = stack.node.tryFindChild(ACCESS_LOGS_BUCKET_ID);
  if (existing) return existing as s3.Bucket;
  const bucket = new s3.Bucket(stack, ACCESS_LOGS_BUCKET_ID, {
    // ALB access logs support SSE-S3 only.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ id: 'noncurrent-versions', noncurrentVersionExpiration: Duration.days(1) }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket only receives load balancer access logs; logging its own access would need another bucket for little audit value.',
  });
  return bucket;
}

/**
 * The zonal shift setting: `zonalShift` (default true), which `drills.zonalShift` may only repeat;
 * the two disagreeing is an error naming both.
 */
function checkZonalShift(v: PropValidator, props: StatelessServiceProps): boolean {
  const own = props.zonalShift;
  const drills: unknown = props.drills;
  const fromDrills = typeof drills === 'object' && drills !== null ? (drills as { zonalShift?: unknown }).zonalShift : undefined;
  if (own !== undefined && typeof own !== 'boolean') {
    v.fail('zonalShift', `must be a boolean, got ${describeValue(own)}`, 'pass true or false, or leave it unset (true)');
    return true;
  }
  if (fromDrills !== undefined && typeof fromDrills !== 'boolean') {
    v.fail('drills.zonalShift', `must be a boolean, got ${describeValue(fromDrills)}`, 'pass true or false, or leave it unset');
    return own ?? true;
  }
  if (own !== undefined && fromDrills !== undefined && own !== fromDrills) {
    v.fail('zonalShift and drills.zonalShift', `disagree (${own} and ${fromDrills})`, 'set zonalShift only (drills.zonalShift repeats it for other patterns)');
  }
  return own ?? (fromDrills as boolean | undefined) ?? true;
}
