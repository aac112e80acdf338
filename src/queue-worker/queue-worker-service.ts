import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_WORKER_DEFAULTS as D } from './defaults';
import { QueueWorkerProfiles } from './profile';
import { addBacklogScaling } from './scaling';
import { acknowledgeExpectedWildcards, arnFinding } from '../core/acknowledge';
import { PatternValidationError } from '../core/errors';
import { checkEnvironment, checkTaskSize, checkTaskSubnets, checkVpcAndCluster, createWorkloadTask } from '../core/fargate-task';
import { describeValue, isUnresolved, PropValidator, warn, wholeDuration } from '../core/validation';
import { zoneLossFloor } from '../core/zones';
import { DrillSettings, ServiceDrills } from '../drills';
import { addPatternDrills } from '../drills/service-drills';
import { EgressAwareVpc } from '../network';
import { Profiles, WorkloadProfile } from '../report';
import { capacityProviderStrategies, checkSpotCapacity, resolveCapacity, ServiceCapacity } from '../stateless-service/capacity';
import { checkShutdown } from '../stateless-service/shutdown';
import { FargateSpotFallback } from '../stateless-service/spot-fallback';
import { checkCallerInput, checkEgressWithoutNat, checkScratchPaths } from '../stateless-service/validation';

/**
 * What the cloud-native report assumes about a QueueWorkerService's traffic and start time.
 * Measure yours and set them: the report's costs and recovery times follow.
 */
export interface QueueWorkerReportAssumptions {
  /**
   * Messages a month through the queue: priced as SQS requests (send, receive and delete each)
   * and, with averageProcessingTime, the typical task count.
   *
   * @default 1000000
   */
  readonly messagesPerMonth?: number;

  /**
   * Tasks running on average.
   *
   * @default - ceil(messagesPerMonth x averageProcessingTime / seconds in 730 h), within [minimum, maximum]
   */
  readonly typicalTasks?: number;

  /**
   * Seconds from placing a task to its container polling the queue (image pull and start).
   *
   * @default 60
   */
  readonly taskStartSeconds?: number;

  /**
   * The Fargate Spot discount off the on-demand Fargate price, in percent (0-100). Spot prices
   * float; AWS says "up to 70 %" (Fargate pricing page): set your observed discount.
   *
   * @default 70
   */
  readonly spotDiscountPercent?: number;
}

/**
 * Props of QueueWorkerService.
 */
export interface QueueWorkerServiceProps {
  /** The container image of the worker. The only required prop. */
  readonly image: ecs.ContainerImage;

  /**
   * The queue to consume. The worker gets permission to receive, delete and change the visibility
   * of its messages. A queue without a dead-letter queue is a tagged warning
   * (`cdk-cloud-native-patterns:QueueWithoutDeadLetterQueue`): a message that always fails is then
   * retried until its retention ends. The queue's own visibility timeout and retention apply
   * (this construct cannot set them on a queue it did not create), checked when they are known.
   *
   * @default - a new encrypted queue with a dead-letter queue, both retained on delete
   */
  readonly queue?: sqs.IQueue;

  /**
   * Whether the queue this construct creates is FIFO (its dead-letter queue is FIFO too).
   *
   * @default false
   */
  readonly fifo?: boolean;

  /**
   * Receives of a message before SQS moves it to the dead-letter queue (1-1000). Every spot
   * reclaim or crash that cuts a message counts one.
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;

  /**
   * How long the queue keeps a message (60 s - 14 days).
   *
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;

  /**
   * How long a received message stays hidden from other consumers (whole seconds, at most 12 hours).
   * Must exceed maxProcessingTime + stopTimeout: a stopping task may still finish its message,
   * and the message must not be handed to another task meanwhile.
   *
   * @default - maxProcessingTime + stopTimeout + 30 s
   */
  readonly visibilityTimeout?: Duration;

  /**
   * How long a typical message takes to process. With `acceptableLatency` it sets the scaling
   * target: acceptableLatency / averageProcessingTime messages per task (the reasoning of AWS
   * Copilot's worker service `queue_delay`).
   *
   * @default Duration.seconds(10)
   */
  readonly averageProcessingTime?: Duration;

  /**
   * The longest a message may take to process: the visibility timeout must exceed it plus the
   * stop timeout.
   *
   * @default Duration.seconds(60)
   */
  readonly maxProcessingTime?: Duration;

  /**
   * How long a message may wait in the queue at steady state. The backlog per task target is
   * acceptableLatency / averageProcessingTime.
   *
   * @default Duration.minutes(5)
   */
  readonly acceptableLatency?: Duration;

  /**
   * The age of the oldest message that alarms (the freshness objective).
   *
   * @default - 2 x acceptableLatency
   */
  readonly freshnessObjective?: Duration;

  /**
   * The number of tasks the work needs while one zone is down. 0 (the default) lets the worker
   * scale to zero while the queue is empty; above 0 the autoscaling minimum is the zone-loss floor
   * ceil(minHealthyTasks x Z / (Z - 1)) over Z zones.
   *
   * @default 0
   */
  readonly minHealthyTasks?: number;

  /**
   * The autoscaling maximum. Must be at least the minimum (the zone-loss floor of minHealthyTasks).
   *
   * @default - 10, or the minimum when that is higher
   */
  readonly maxTasks?: number;

  /**
   * Where the tasks run. Fargate Spot by default, above an on-demand base of minHealthyTasks
   * (0 by default: every task on spot, covered by the on-demand fallback twin when spot cannot
   * place tasks). A reclaim stops a task with 2 minutes' warning; its message is retried.
   *
   * @default ServiceCapacity.spotAboveOnDemandBase()
   */
  readonly capacity?: ServiceCapacity;

  /** The VPC to run in. @default - a new EgressAwareVpc over `maxAzs` zones, or the cluster's VPC */
  readonly vpc?: ec2.IVpc;

  /** The ECS cluster. @default - a new cluster with Container Insights (the scaling metric needs it) */
  readonly cluster?: ecs.ICluster;

  /** Zones of the VPC this construct creates. @default 3 */
  readonly maxAzs?: number;

  /** Subnets of the tasks: private, in at least 2 zones. @default - the VPC's private subnets */
  readonly taskSubnets?: ec2.SubnetSelection;

  /** CPU units of each task. @default 512 */
  readonly cpu?: number;

  /** Memory (MiB) of each task. @default 1024 */
  readonly memoryLimitMiB?: number;

  /** CPU architecture. Fargate Spot runs X86_64 only. @default ecs.CpuArchitecture.X86_64 */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Plain configuration. A key that looks like a secret is an error: pass it in `secrets`.
   * The queue's URL is added as QUEUE_URL.
   *
   * @default - QUEUE_URL only
   */
  readonly environment?: { [key: string]: string };

  /** Secrets from Secrets Manager or SSM Parameter Store. @default - none */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * SIGTERM to SIGKILL (whole seconds, 2-120). In a Fargate Spot interruption SIGTERM comes with
   * the 2-minute warning: stop receiving, finish the message in hand, exit.
   *
   * @default Duration.seconds(120)
   */
  readonly stopTimeout?: Duration;

  /** Writable paths on task storage (the root filesystem stays read-only). @default - none */
  readonly scratchPaths?: string[];

  /** How long container logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Where the worker's alarms go: the oldest message older than the freshness objective, any
   * message in the dead-letter queue, and a backlog that does not drain.
   *
   * @default - no notification (tagged warning `cdk-cloud-native-patterns:WorkerAlarmsNotifyNobody`)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Where the Fargate Spot fallback alarm goes (the on-demand twin runs tasks spot cannot place).
   *
   * @default - alarmTopic
   */
  readonly spotFallbackAlarmTopic?: sns.ITopic;

  /** The worker's name in the cloud-native report. @default - the construct path */
  readonly workloadName?: string;

  /** Traffic and start time the report assumes. @default - 1,000,000 messages a month, 60 s task start */
  readonly reportAssumptions?: QueueWorkerReportAssumptions;

  /**
   * Failure drills: AWS FIS experiments for the failure domains the worker survives (task churn,
   * spot reclaim with Fargate Spot, zone disruption), stopped by the worker's alarms (not
   * draining, freshness, dead letters) unless `drills.stopAlarms` says otherwise. A worker at a
   * minimum of 0 tasks may have none running: start a drill while the queue has a backlog. See the
   * README chapter "Failure drills".
   *
   * @default - no drills
   */
  readonly drills?: DrillSettings;
}

/**
 * A queue worker on ECS Fargate with no load balancer, production-safe by default.
 *
 * - An encrypted SQS queue (SSE-SQS, TLS only) with a dead-letter queue after 5 receives, kept
 *   14 days, both retained on delete; or a queue you pass in.
 * - Visibility timeout > max processing time + stop timeout, so a stopping task can finish its
 *   message before anyone else gets it.
 * - Scaled on backlog per task ((visible + in-flight messages) / running tasks) with target
 *   tracking at acceptableLatency / averageProcessingTime; scales to zero and back by default.
 * - Fargate Spot first with an optional on-demand base, and an on-demand twin while spot cannot
 *   place tasks; the task role may call ECS task scale-in protection for in-flight work.
 * - Alarms: oldest message age, dead-letter queue depth, backlog not draining (which also rolls
 *   deployments back).
 *
 * Your worker's code should protect its task from scale-in while it holds a message: PUT
 * `${ECS_AGENT_URI}/task-protection/v1/state` with `{"ProtectionEnabled":true,"ExpiresInMinutes":N}`
 * when it takes one and `{"ProtectionEnabled":false}` once it has deleted it (the task role may).
 * On SIGTERM, stop receiving and finish the message in hand within `stopTimeout`.
 */
export class QueueWorkerService extends Construct {
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The ECS cluster. */
  public readonly cluster: ecs.ICluster;
  /** The queue the worker consumes. */
  public readonly queue: sqs.IQueue;
  /** The dead-letter queue, when this construct created the queue. */
  public readonly deadLetterQueue?: sqs.IQueue;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The worker container. */
  public readonly container: ecs.ContainerDefinition;
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** The container's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The task count autoscaling (min, max). */
  public readonly scaling: ecs.ScalableTaskCount;
  /** The target tracking policy on backlog per task (L1: aws-cdk #34072). */
  public readonly backlogPolicy: appscaling.CfnScalingPolicy;
  /** The step policy that starts one task while messages wait and none runs (minimum 0 only). */
  public readonly scaleFromZeroPolicy?: appscaling.CfnScalingPolicy;
  /** Minutes without a deleted message (while messages wait) before the not-draining alarm. */
  public readonly notDrainingMinutes: number;
  /** Messages (visible + in flight) per running task the scaling holds. */
  public readonly targetBacklogPerTask: number;
  /** The autoscaling minimum (0, or the zone-loss floor of minHealthyTasks). */
  public readonly minTasks: number;
  /** The autoscaling maximum. */
  public readonly maxTasks: number;
  /** The number of zones the tasks are spread over. */
  public readonly zoneCount: number;
  /** Tasks always on on-demand FARGATE (the FARGATE base). */
  public readonly onDemandBase: number;
  /** The capacity the worker runs on. */
  public readonly capacity: ServiceCapacity;
  /** The visibility timeout in seconds, when known. */
  public readonly visibilityTimeoutSeconds?: number;
  /** In alarm while the oldest message is older than the freshness objective. */
  public readonly freshnessAlarm: cloudwatch.Alarm;
  /** In alarm while the dead-letter queue holds a message (when this construct created it). */
  public readonly deadLetterAlarm?: cloudwatch.Alarm;
  /** In alarm while messages wait and none is deleted; deployments roll back on it. */
  public readonly notDrainingAlarm: cloudwatch.Alarm;
  /** The on-demand twin for Fargate Spot shortages, when the capacity uses spot. */
  public readonly spotFallback?: FargateSpotFallback;
  /** The failure drills, when `drills` is given. */
  public readonly drills?: ServiceDrills;

  constructor(scope: Construct, id: string, props: QueueWorkerServiceProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{
        prop: 'props',
        problem: 'are required but were not given',
        fix: 'pass props with at least `image`, e.g. { image: ecs.ContainerImage.fromRegistry("public.ecr.aws/docker/library/busybox:stable") }',
      }]);
    }
    const v = new PropValidator(this);
    checkCallerInput(v, props);
    const capacity = resolveCapacity(v, props.capacity, () => ServiceCapacity.spotAboveOnDemandBase());
    this.capacity = capacity;
    const cpu = props.cpu ?? D.cpu;
    const memory = props.memoryLimitMiB ?? D.memoryLimitMiB;
    const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64;
    const stopTimeout = props.stopTimeout ?? D.stopTimeout;
    const minHealthyTasks = props.minHealthyTasks ?? D.minHealthyTasks;
    const maxReceiveCount = props.maxReceiveCount ?? D.maxReceiveCount;
    const ra = props.reportAssumptions ?? {};

    // ---- validate ------------------------------------------------------------------------------
    checkTaskSize(v, cpu, memory);
    checkEnvironment(v, props.environment, props.secrets);
    const scratchPaths = checkScratchPaths(v, props.scratchPaths);
    checkSpotCapacity(v, capacity, cpuArchitecture, 0, 'minHealthyTasks');
    if (!capacity.usesSpot && props.spotFallbackAlarmTopic) {
      warn(this, 'SpotFallbackTopicUnused', 'spotFallbackAlarmTopic is set but the capacity is on-demand only, so there is no fallback to alarm.');
    }
    if (isUnresolved(minHealthyTasks)) {
      v.fail('minHealthyTasks', 'is a token, but the autoscaling minimum and the on-demand base are computed from it at synth', 'pass a number (0 to scale to zero)');
    } else {
      v.number('minHealthyTasks', minHealthyTasks, { integer: true, min: 0 });
    }
    if (v.number('maxReceiveCount', maxReceiveCount, { integer: true })) {
      v.require(maxReceiveCount >= 1 && maxReceiveCount <= 1000, 'maxReceiveCount',
        `is ${maxReceiveCount}; SQS moves a message to the dead-letter queue after 1 to 1000 receives`,
        'set maxReceiveCount between 1 and 1000 (default 5): enough receives to ride out spot reclaims and crashes');
    }
    const maxAzsOk = props.maxAzs === undefined || v.number('maxAzs', props.maxAzs, { integer: true, min: 2 }) || isUnresolved(props.maxAzs);
    // The scaling target, the visibility timeout and the alarm thresholds are computed at synth.
    for (const [prop, d] of [['averageProcessingTime', props.averageProcessingTime], ['maxProcessingTime', props.maxProcessingTime],
      ['acceptableLatency', props.acceptableLatency], ['freshnessObjective', props.freshnessObjective], ['stopTimeout', props.stopTimeout]] as const) {
      if (d instanceof Duration && d.isUnresolved()) {
        v.fail(prop, 'is a token (known only at deploy time), but the scaling target, the visibility timeout and the alarm thresholds are computed from it at synth',
          `pass a concrete Duration for ${prop}`);
      }
    }
    if (isMap(props.environment) && Object.prototype.hasOwnProperty.call(props.environment, 'QUEUE_URL')) {
      v.fail('environment', 'sets QUEUE_URL, which the construct sets to the URL of the queue the worker consumes',
        'remove QUEUE_URL from environment (the worker reads the construct\'s), or name your variable differently');
    }
    const { stopSeconds } = checkShutdown(v, this, undefined, stopTimeout, capacity.usesSpot);
    const avgS = wholeDuration(v, 'averageProcessingTime', props.averageProcessingTime ?? D.averageProcessingTime, 'seconds', { min: 1 });
    const maxS = wholeDuration(v, 'maxProcessingTime', props.maxProcessingTime ?? D.maxProcessingTime, 'seconds', { min: 1 });
    const latencyS = wholeDuration(v, 'acceptableLatency', props.acceptableLatency ?? D.acceptableLatency, 'seconds', { min: 1 });
    const freshS = wholeDuration(v, 'freshnessObjective', props.freshnessObjective, 'seconds', { min: 60 });
    const retentionS = wholeDuration(v, 'retentionPeriod', props.retentionPeriod, 'seconds',
      { min: D.minRetentionSeconds, max: D.maxRetentionSeconds });
    const givenVisibilityS = wholeDuration(v, 'visibilityTimeout', props.visibilityTimeout, 'seconds', { min: 0, max: D.maxVisibilitySeconds });
    v.number('reportAssumptions.messagesPerMonth', ra.messagesPerMonth, { min: 0 });
    v.number('reportAssumptions.typicalTasks', ra.typicalTasks, { integer: true, min: 0 });
    v.number('reportAssumptions.taskStartSeconds', ra.taskStartSeconds, { min: 0 });
    v.number('reportAssumptions.spotDiscountPercent', ra.spotDiscountPercent, { min: 0, max: 100 });
    if (avgS !== undefined && maxS !== undefined) {
      v.require(avgS <= maxS, 'averageProcessingTime and maxProcessingTime', `the average (${avgS} s) is above the maximum (${maxS} s)`,
        'set averageProcessingTime to the typical time and maxProcessingTime to the longest a message may take');
    }
    if (avgS !== undefined && latencyS !== undefined) {
      v.require(latencyS >= avgS, 'acceptableLatency', `is ${latencyS} s, shorter than one message's average processing time ${avgS} s, so no backlog is acceptable`,
        'set acceptableLatency to at least averageProcessingTime (the scaling target is acceptableLatency / averageProcessingTime messages per task)');
    }
    const freshness = freshS ?? (latencyS !== undefined ? D.freshnessMultiplier * latencyS : undefined);
    if (freshS !== undefined && latencyS !== undefined && freshS < latencyS) {
      warn(this, 'FreshnessBelowLatency', `freshnessObjective ${freshS} s is below acceptableLatency ${latencyS} s: the freshness alarm fires while the scaling still holds the backlog it was asked to.`);
    }

    // The queue: given, or created here.
    const given = props.queue;
    if (given !== undefined && given !== null && !isQueue(given)) {
      v.fail('queue', `must be an sqs.IQueue, got ${describeValue(given)}`, 'pass a queue created with new sqs.Queue(...) or imported with sqs.Queue.fromQueueArn(...)');
    }
    if (given && isQueue(given)) {
      for (const [prop, set] of [['fifo', props.fifo], ['maxReceiveCount', props.maxReceiveCount], ['retentionPeriod', props.retentionPeriod], ['visibilityTimeout', props.visibilityTimeout]] as const) {
        if (set !== undefined) warn(this, 'QueuePropIgnored', `${prop} applies only to the queue this construct creates; set it where the queue you passed in is defined.`);
      }
    }
    const fifo = given && isQueue(given) ? given.fifo : props.fifo ?? false;
    const visibilityS = given && isQueue(given) ? givenQueueVisibility(given)
      : givenVisibilityS ?? (maxS !== undefined && stopSeconds !== undefined ? maxS + stopSeconds + D.visibilityMarginSeconds : undefined);
    if (visibilityS !== undefined && maxS !== undefined && stopSeconds !== undefined) {
      v.require(visibilityS > maxS + stopSeconds, given ? 'queue' : 'visibilityTimeout',
        `is ${visibilityS} s, not more than maxProcessingTime ${maxS} s + stopTimeout ${stopSeconds} s = ${maxS + stopSeconds} s: a message could be handed to a second task while a stopping task still works on it`,
        `set ${given ? 'the queue\'s visibilityTimeout' : 'visibilityTimeout'} above ${maxS + stopSeconds} seconds (e.g. Duration.seconds(${maxS + stopSeconds + D.visibilityMarginSeconds})), or lower maxProcessingTime or stopTimeout`);
    }
    this.visibilityTimeoutSeconds = visibilityS;

    // ---- network and counts -------------------------------------------------------------------
    checkVpcAndCluster(v, props.vpc, props.cluster);
    const vpc = props.cluster?.vpc ?? props.vpc ?? (maxAzsOk ? new EgressAwareVpc(this, 'Vpc', { maxAzs: props.maxAzs ?? D.maxAzs, workloadName: `${this.node.path}/Vpc` }) : undefined);
    let zones = 0;
    if (vpc) {
      zones = checkTaskSubnets(v, vpc, props.taskSubnets, 'worker');
      checkEgressWithoutNat(v, this, vpc, props.image, props.secrets);
    }
    this.zoneCount = zones;
    const minHealthy = Number.isInteger(minHealthyTasks) && minHealthyTasks >= 0 ? minHealthyTasks : 0;
    this.minTasks = minHealthy === 0 ? 0 : zones >= 2 ? zoneLossFloor(minHealthy, zones) : minHealthy;
    const maxTasks = props.maxTasks ?? Math.max(D.maxTasks, this.minTasks);
    if (v.number('maxTasks', maxTasks, { integer: true, min: 1 })) {
      v.require(maxTasks >= this.minTasks, 'maxTasks',
        `${maxTasks} is below the minimum of ${this.minTasks} tasks (the zone-loss floor of minHealthyTasks ${minHealthy} over ${zones} zones)`,
        `set maxTasks to at least ${this.minTasks}, or lower minHealthyTasks`);
    }
    this.maxTasks = maxTasks;
    this.onDemandBase = capacity.usesSpot ? capacity.onDemandBase ?? minHealthy : 0;
    if (capacity.usesSpot && Number.isInteger(this.onDemandBase) && Number.isInteger(maxTasks) && !isUnresolved(maxTasks)) {
      v.require(this.onDemandBase <= maxTasks, 'capacity.onDemandBase', `${this.onDemandBase} is above maxTasks ${maxTasks}, so no task could ever run on Fargate Spot`,
        `set onDemandBase to at most ${maxTasks}, or use ServiceCapacity.onDemand()`);
    }
    if (fifo && capacity.usesSpot && this.onDemandBase === 0) {
      warn(this, 'FifoOnSpotOnly', 'The queue is FIFO and every task runs on Fargate Spot with no on-demand base: in a reclaim the message groups being worked on stall until their visibility timeout ends and a new task starts, and ordering waits with them. Give the capacity an onDemandBase of at least 1, or accept the stall.');
    }
    // Worst backlog drain at maximum scale against retention: a day of the assumed messages.
    const retentionForCheck = given ? undefined : retentionS ?? D.retentionPeriod.toSeconds();
    const messagesPerMonth = ra.messagesPerMonth ?? 1_000_000;
    if (retentionForCheck !== undefined && avgS !== undefined && Number.isInteger(maxTasks) && maxTasks >= 1) {
      const dayOfMessages = Math.ceil(messagesPerMonth / 30);
      const drainS = Math.ceil((dayOfMessages * avgS) / maxTasks);
      if (drainS > retentionForCheck) {
        warn(this, 'RetentionShorterThanDrain', `retentionPeriod ${retentionForCheck} s is shorter than draining a day of messages at the maximum scale: ceil(${messagesPerMonth} / 30) = ${dayOfMessages} messages x ${avgS} s / ${maxTasks} tasks = ${drainS} s. After an outage of a day, messages would expire before a worker gets them. Raise retentionPeriod (up to 14 days) or maxTasks.`);
      }
    }
    v.throwIfAny();
    this.vpc = vpc as ec2.IVpc;

    // ---- queue -------------------------------------------------------------------------------
    if (given) {
      this.queue = given;
      const dlq = (given as { deadLetterQueue?: sqs.DeadLetterQueue }).deadLetterQueue;
      this.deadLetterQueue = dlq?.queue;
      if (!dlq) {
        warn(this, 'QueueWithoutDeadLetterQueue', 'The queue has no dead-letter queue this construct can see (an imported queue never shows one): a message that always fails is retried until its retention ends, and the backlog alarms cannot tell it from load. Give the queue a dead-letter queue (deadLetterQueue: { queue, maxReceiveCount }).');
      }
    } else {
      const common = {
        fifo: fifo ? true : undefined,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.RETAIN,
      };
      const dlq = new sqs.Queue(this, 'DeadLetterQueue', { ...common, retentionPeriod: D.deadLetterRetentionPeriod });
      Validations.of(dlq).acknowledge({
        id: 'cdk-validator-cfnguard::sqs_dlq_check',
        reason: 'This queue is the dead-letter queue of the worker\'s queue: nothing consumes it automatically, its depth pages (deadLetterAlarm), and a dead-letter queue of its own would only move the failed messages one queue further.',
      });
      this.deadLetterQueue = dlq;
      this.queue = new sqs.Queue(this, 'Queue', {
        ...common,
        retentionPeriod: props.retentionPeriod ?? D.retentionPeriod,
        visibilityTimeout: Duration.seconds(visibilityS as number),
        // Long polling: a receive waits up to 20 s for a message instead of returning empty.
        receiveMessageWaitTime: Duration.seconds(20),
        deadLetterQueue: { queue: dlq, maxReceiveCount },
      });
    }

    // ---- cluster, task, service --------------------------------------------------------------
    this.cluster = props.cluster ?? new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      // The backlog-per-task metric divides by ECS/ContainerInsights RunningTaskCount.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: capacity.usesSpot,
    });
    if (props.cluster) {
      if (capacity.usesSpot && props.cluster instanceof ecs.Cluster) props.cluster.enableFargateCapacityProviders();
      warn(this, 'ImportedClusterContainerInsights',
        'The cluster is given: the backlog-per-task scaling divides by Container Insights\' RunningTaskCount, so Container Insights must be on for it (and FARGATE and FARGATE_SPOT capacity providers when the capacity uses spot), or the worker never scales.');
    }
    const task = createWorkloadTask(this, {
      cpu,
      memoryLimitMiB: memory,
      cpuArchitecture,
      image: props.image,
      environment: { ...(isMap(props.environment) ? props.environment as { [key: string]: string } : {}), QUEUE_URL: this.queue.queueUrl },
      secrets: props.secrets,
      stopTimeout,
      logRetention: props.logRetention ?? D.logRetention,
      scratchPaths,
    });
    this.logGroup = task.logGroup;
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    this.queue.grantConsumeMessages(this.taskDefinition.taskRole);

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      // No DesiredCount: autoscaling owns the count (containers-roadmap #493, aws-cdk #3919).
      desiredCount: undefined,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: props.taskSubnets,
      assignPublicIp: false,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      capacityProviderStrategies: capacityProviderStrategies(capacity, this.onDemandBase),
    });
    this.grantTaskProtection();

    // ---- scaling -----------------------------------------------------------------------------
    this.targetBacklogPerTask = Math.max(1, Math.floor((latencyS as number) / (avgS as number)));
    this.scaling = this.service.autoScaleTaskCount({ minCapacity: this.minTasks, maxCapacity: maxTasks });
    const backlog = addBacklogScaling(this, {
      queue: this.queue,
      cluster: this.cluster,
      service: this.service,
      scaling: this.scaling,
      targetBacklogPerTask: this.targetBacklogPerTask,
      scaleInCooldown: D.scaleInCooldown,
      scaleOutCooldown: D.scaleOutCooldown,
      minCapacity: this.minTasks,
    });
    this.backlogPolicy = backlog.backlogPolicy;
    this.scaleFromZeroPolicy = backlog.scaleFromZeroPolicy;

    // ---- alarms ------------------------------------------------------------------------------
    const period = Duration.minutes(1);
    this.freshnessAlarm = new cloudwatch.Alarm(this, 'FreshnessAlarm', {
      metric: this.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period }),
      threshold: freshness as number,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `The oldest message has waited more than the freshness objective (${freshness} s) for 3 minutes.`,
    });
    if (this.deadLetterQueue) {
      this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `A message failed ${maxReceiveCount} receives and is in the dead-letter queue: look at it, fix the cause, redrive it.`,
      });
    }
    this.notDrainingMinutes = notDrainingMinutes(maxS as number);
    this.notDrainingAlarm = new cloudwatch.Alarm(this, 'NotDrainingAlarm', {
      metric: new cloudwatch.MathExpression({
        expression: 'IF(visible > 0 AND FILL(deleted, 0) == 0, 1, 0)',
        usingMetrics: {
          visible: this.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
          deleted: this.queue.metricNumberOfMessagesDeleted({ statistic: 'Sum', period }),
        },
        period,
        label: 'Messages wait and none is deleted',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: this.notDrainingMinutes,
      datapointsToAlarm: this.notDrainingMinutes,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Messages have waited for ${this.notDrainingMinutes} minutes and no message was deleted: the worker is down or every message fails. Deployments roll back on this alarm.`,
    });
    // A release that runs but processes nothing is rolled back (besides the circuit breaker).
    this.service.enableDeploymentAlarms([this.notDrainingAlarm.alarmName], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    const alarms = [this.freshnessAlarm, ...(this.deadLetterAlarm ? [this.deadLetterAlarm] : []), this.notDrainingAlarm];
    if (props.alarmTopic) {
      for (const a of alarms) {
        a.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
        a.addOkAction(new cwActions.SnsAction(props.alarmTopic));
      }
    } else {
      warn(this, 'WorkerAlarmsNotifyNobody', 'The freshness, dead-letter and not-draining alarms notify nobody. Pass alarmTopic.');
    }

    // ---- Fargate Spot fallback ---------------------------------------------------------------
    if (capacity.usesSpot) {
      this.spotFallback = new FargateSpotFallback(this, 'SpotFallback', {
        cluster: this.cluster,
        spotService: this.service,
        taskDefinition: this.taskDefinition,
        onDemandBase: this.onDemandBase,
        // A queue waits safely while no task runs: no on-demand floor is required.
        requireOnDemandBase: false,
        maxOnDemandTasks: maxTasks,
        vpcSubnets: props.taskSubnets,
        stopTimeout,
        alarmTopic: props.spotFallbackAlarmTopic ?? props.alarmTopic,
        deploymentAlarmNames: [this.notDrainingAlarm.alarmName],
      });
    }
    this.acknowledgeWorkerFindings(capacity);

    // ---- report --------------------------------------------------------------------------------
    if ([cpu, memory, maxTasks, maxReceiveCount, ra.messagesPerMonth, ra.typicalTasks].some((n) => isUnresolved(n))) {
      warn(this, 'ReportNeedsConcreteValues',
        'cpu, memoryLimitMiB, maxTasks, maxReceiveCount or a report assumption is a token, so the cloud-native report cannot model this worker. Pass concrete values to see its failure domains and cost.');
      if (props.drills !== undefined && props.drills !== null) this.drills = this.addDrills(props, undefined, capacity, minHealthy);
      return;
    }
    const egressModelled = this.vpc instanceof EgressAwareVpc;
    const profile = QueueWorkerProfiles.queueWorker({
      name: props.workloadName ?? this.node.path,
      zones,
      minTasks: this.minTasks,
      maxTasks,
      typicalTasks: ra.typicalTasks,
      minHealthyTasks: minHealthy,
      cpu,
      memoryMiB: memory,
      arm64: cpuArchitecture === ecs.CpuArchitecture.ARM64,
      spotWeight: capacity.usesSpot ? capacity.spotWeight : 0,
      onDemandWeight: capacity.usesSpot ? capacity.onDemandWeight : 1,
      onDemandBase: this.onDemandBase,
      spotDiscountPercent: ra.spotDiscountPercent,
      fifo,
      messagesPerMonth,
      averageProcessingSeconds: avgS as number,
      maxProcessingSeconds: maxS as number,
      acceptableLatencySeconds: latencyS as number,
      targetBacklogPerTask: this.targetBacklogPerTask,
      visibilityTimeoutSeconds: visibilityS,
      stopTimeoutSeconds: stopSeconds as number,
      maxReceiveCount: given ? undefined : maxReceiveCount,
      retentionSeconds: given ? undefined : retentionS ?? D.retentionPeriod.toSeconds(),
      hasDeadLetterQueue: this.deadLetterQueue !== undefined,
      notDrainingMinutes: this.notDrainingMinutes,
      taskStartSeconds: ra.taskStartSeconds,
      vpcEgressModelled: egressModelled,
      dependsOn: egressModelled ? [this.vpc.node.path] : undefined,
      scratchPaths: scratchPaths.filter((p) => !Token.isUnresolved(p)),
    });
    Profiles.record(this, profile);

    // ---- failure drills: for the failure domains the profile says the worker survives ---------
    if (props.drills !== undefined && props.drills !== null) this.drills = this.addDrills(props, profile, capacity, minHealthy);
  }

  private addDrills(
    props: QueueWorkerServiceProps, profile: WorkloadProfile | undefined, capacity: ServiceCapacity, minHealthy: number,
  ): ServiceDrills {
    return addPatternDrills(this, props.drills, profile, {
      // A drill that makes messages wait, pile up or fail stops on what the worker pages on.
      defaultStopAlarms: [this.notDrainingAlarm, this.freshnessAlarm, ...(this.deadLetterAlarm ? [this.deadLetterAlarm] : [])],
      stopAlarmsDescription: 'the worker\'s alarms',
      service: this.service,
      cluster: this.cluster,
      subnets: this.vpc.selectSubnets(props.taskSubnets).subnets,
      vpc: this.vpc,
      fargateSpot: capacity.usesSpot,
      // At a minimum of 0 no task may be running: the share is then not checked against a count.
      taskCount: this.minTasks > 0 ? this.minTasks : undefined,
      tasksNeeded: minHealthy,
    }, {
      example: '{ experiments: [DrillKind.TASK_CHURN, ...] } or {}',
      concrete: 'concrete cpu, memoryLimitMiB, maxTasks, maxReceiveCount and report assumptions',
    });
  }

  /**
   * ECS task scale-in protection, for the worker's code: PUT
   * `${ECS_AGENT_URI}/task-protection/v1/state` with `{"ProtectionEnabled":true,"ExpiresInMinutes":N}`
   * when it takes a message and `{"ProtectionEnabled":false}` when done, so scale-in and
   * deployments stop idle tasks only (ECS developer guide, "Amazon ECS task scale-in protection
   * endpoint"). The agent offers it through the UpdateTaskProtection and GetTaskProtection APIs, and
   * the task role needs both permissions (AWS re:Post, "How to enable my task scale-in protection
   * endpoint"), so it gets them on the cluster's tasks. Protection does not stop a Fargate Spot
   * reclaim: that is what the visibility timeout is for.
   */
  private grantTaskProtection(): void {
    const stack = Stack.of(this);
    this.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecs:GetTaskProtection', 'ecs:UpdateTaskProtection'],
      resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${this.cluster.clusterName}/*` })],
    }));
    acknowledgeExpectedWildcards(this.taskDefinition, [{
      finding: arnFinding('ecs:[^:]+:[^:]+:task/<[A-Za-z0-9]+>/\\*'),
      reason: 'Task ARNs are known only when ECS starts a task, so task scale-in protection is granted on the tasks of the worker\'s cluster; the agent endpoint sets it for the calling task only.',
    }]);
  }

  private acknowledgeWorkerFindings(capacity: ServiceCapacity): void {
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'Plain configuration from the environment is twelve-factor config (QUEUE_URL, the queue the worker consumes, is not a secret); secrets are only accepted through `secrets`: a secret-looking name in `environment` is rejected at synth, and CloudNative-ECSContainerPlainSecrets checks the values.',
    });
    if (this.minTasks < 2) {
      Validations.of(this.service).acknowledge({
        id: 'CloudNative-ECSServiceSingleTask',
        reason: `A queue worker with minHealthyTasks ${this.minTasks === 0 ? '0 scales to zero while the queue is empty' : 'below 2 runs few tasks'} by choice: the messages wait in the queue (retained, retried after the visibility timeout) while no task or one task runs, so a task loss delays work and loses none.`,
      });
    }
    if (capacity.usesSpot && this.onDemandBase === 0 && this.spotFallback) {
      Validations.of(this.service).acknowledge({
        id: 'CloudNative-ECSSpotOnlyCapacity',
        reason: 'A queue worker with no on-demand base: a reclaim of every spot task delays the queue (messages are retried after the visibility timeout, none lost while retention holds), and the FargateSpotFallback twin runs the tasks on demand while FARGATE_SPOT cannot place them.',
      });
    }
  }
}

/** Minutes of the not-draining alarm: max(5, ceil(2 x maxProcessingTime / 60)), at most a day. */
export function notDrainingMinutes(maxProcessingSeconds: number): number {
  return Math.min(1440, Math.max(D.notDrainingMinMinutes, Math.ceil((2 * maxProcessingSeconds) / 60)));
}

function isMap(m: unknown): m is { [key: string]: unknown } {
  return typeof m === 'object' && m !== null && !Array.isArray(m);
}

function isQueue(q: unknown): q is sqs.IQueue {
  return typeof q === 'object' && q !== null && typeof (q as sqs.IQueue).queueArn === 'string' && typeof (q as sqs.IQueue).queueUrl === 'string';
}

/** The visibility timeout of a queue object created in this app, when known (an imported queue: unknown). */
function givenQueueVisibility(queue: sqs.IQueue): number | undefined {
  if (!(queue instanceof sqs.Queue)) return undefined;
  const cfn = queue.node.defaultChild as sqs.CfnQueue;
  const value = Stack.of(queue).resolve(cfn.visibilityTimeout);
  // SQS's default visibility timeout is 30 s (SQS developer guide, "Amazon SQS visibility timeout").
  if (value === undefined) return 30;
  return typeof value === 'number' ? value : undefined;
}
