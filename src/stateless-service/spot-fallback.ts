import { Duration, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { checkShutdown } from './shutdown';
import { SpotFallbackFunction } from './spot-fallback-function';
import { acknowledgeBuildRuntime, acknowledgeExpectedWildcards } from '../core/acknowledge';
import { PatternValidationError } from '../core/errors';
import { PropValidator, requireDefined, warn } from '../core/validation';
import { SloAlarms } from '../slo';

/** Namespace of the metrics the Fargate Spot fallback publishes. */
const METRIC_NAMESPACE = 'CloudNativePatterns/FargateSpot';

/**
 * The tag that marks the on-demand twin (contract with the ECSServiceSingleTask rule, which
 * recognises the twin by this tag, never by its name).
 */
export const SPOT_FALLBACK_TWIN_TAG_KEY = 'cdk-cloud-native-patterns:role';
/** Value of `SPOT_FALLBACK_TWIN_TAG_KEY` on the twin. */
export const SPOT_FALLBACK_TWIN_TAG_VALUE = 'spot-fallback-twin';

/**
 * Props of FargateSpotFallback.
 */
export interface FargateSpotFallbackProps {
  /**
   * The cluster of the spot service. It must have the FARGATE capacity provider.
   */
  readonly cluster: ecs.ICluster;

  /**
   * The service that runs partly on FARGATE_SPOT (an on-demand base plus spot above it).
   */
  readonly spotService: ecs.FargateService;

  /**
   * The spot service's task definition: the on-demand twin runs the same one.
   */
  readonly taskDefinition: ecs.FargateTaskDefinition;

  /**
   * The target group the spot service's tasks serve; the twin's tasks join it.
   *
   * @default - no load balancer: the twin's tasks take work the way the spot service's do (a
   * queue worker polls its queue), and `deregistrationDelay` and `healthCheckGracePeriod` do not apply
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;

  /**
   * The on-demand base of the spot service (its FARGATE `base`). At least 1 unless
   * `requireOnDemandBase` is false: a spot service without an on-demand floor loses all its
   * tasks in a spot reclaim.
   */
  readonly onDemandBase: number;

  /**
   * Whether `onDemandBase` must be at least 1. Set it to false only for work that waits safely
   * while no task runs (a queue consumer: a reclaim of every spot task delays the queue, the
   * messages stay in it), never for a service that answers requests.
   *
   * @default true
   */
  readonly requireOnDemandBase?: boolean;

  /**
   * Names of CloudWatch alarms the twin's deployments roll back on, for a service whose
   * deployment alarms are not SLO alarms (a queue worker's backlog alarm); applied with the
   * service's `enableDeploymentAlarms`. Use either this or `deploymentAlarms`.
   *
   * @default - none
   */
  readonly deploymentAlarmNames?: string[];

  /**
   * The most tasks the twin runs while spot cannot place tasks.
   *
   * @default 20
   */
  readonly maxOnDemandTasks?: number;

  /**
   * Subnets of the twin's tasks (use the spot service's).
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the twin's tasks.
   *
   * @default - the spot service's security groups
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The containers' stop timeout (SIGTERM to SIGKILL). Checked, not set: whole seconds, 2-120
   * (Fargate's range; a spot task is killed this long after its interruption warning).
   *
   * @default Duration.seconds(60)
   */
  readonly stopTimeout?: Duration;

  /**
   * The target group's deregistration delay. Checked, not set: whole seconds under 120, because a
   * Fargate Spot task is stopped 120 s after its interruption warning; a tagged warning when it is
   * longer than `stopTimeout` (in an interruption SIGTERM comes with the warning, so the container
   * is killed `stopTimeout` after it while the drain may still run).
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Where `fallbackAlarm` goes.
   *
   * @default - no notification (tagged warning `cdk-cloud-native-patterns:SpotFallbackNotifiesNobody`)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The SLO alarms the spot service rolls deployments back on. The twin runs the same task
   * definition and target group, so every release deploys on it too: it rolls back on the same
   * deployment alarms (each one's `attachToService`), besides its circuit breaker.
   *
   * @default - circuit breaker only (tagged warning `cdk-cloud-native-patterns:SpotFallbackWithoutDeploymentAlarms`)
   */
  readonly deploymentAlarms?: SloAlarms[];

  /**
   * How long ECS ignores failing load balancer health checks after a twin task starts.
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;
}

/**
 * A real fallback for a service on Fargate Spot.
 *
 * A FARGATE_SPOT shortage does not fall back by itself: the service reports
 * `SERVICE_TASK_PLACEMENT_FAILURE` and keeps retrying (containers-roadmap #852, #773). This
 * construct adds an on-demand twin of the service (same task definition, FARGATE only, same target
 * group, 0 tasks), an EventBridge rule on the placement failure, a one-minute check and a handler
 * that keeps the twin at the number of tasks spot cannot place, and lowers it back to 0 as spot
 * places them again. `fallbackAlarm` is in alarm while the twin runs tasks.
 */
export class FargateSpotFallback extends Construct {
  /** The on-demand twin service (FARGATE only), 0 tasks unless spot is short. */
  public readonly onDemandService: ecs.FargateService;
  /** The handler that sizes the twin. */
  public readonly handler: lambda.IFunction;
  /** Tasks of the twin (one-minute maximum). */
  public readonly fallbackTasksMetric: cloudwatch.Metric;
  /** Tasks of the spot service that are neither running nor pending (one-minute maximum). */
  public readonly spotShortfallMetric: cloudwatch.Metric;
  /** In alarm while the twin runs tasks, that is while Fargate Spot cannot place the service's tasks. */
  public readonly fallbackAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FargateSpotFallbackProps) {
    super(scope, id);

    // JavaScript and Python callers can leave out the props or a required one.
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{
        prop: 'props',
        problem: 'are required but were not given',
        fix: 'pass cluster, spotService, taskDefinition and onDemandBase (and targetGroup for a load-balanced service)',
      }]);
    }
    const v = new PropValidator(this);
    requireDefined(v, 'cluster', props.cluster, 'pass the spot service\'s cluster');
    requireDefined(v, 'spotService', props.spotService, 'pass the ecs.FargateService that runs on FARGATE_SPOT');
    requireDefined(v, 'taskDefinition', props.taskDefinition, 'pass the spot service\'s task definition');
    const requireBase = props.requireOnDemandBase ?? true;
    if (requireDefined(v, 'onDemandBase', props.onDemandBase, 'pass the FARGATE base of the spot service (at least 1)')
      && v.number('onDemandBase', props.onDemandBase, { integer: true, min: 0 }) && requireBase) {
      v.require(props.onDemandBase >= 1, 'onDemandBase',
        `is ${props.onDemandBase}: a spot-only service has no on-demand floor, and a spot reclaim stops every task`,
        'give the FARGATE capacity provider a base of at least 1 (StatelessService uses minHealthyTasks), or set requireOnDemandBase: false for a queue consumer');
    }
    v.require(!((props.deploymentAlarms ?? []).length > 0 && (props.deploymentAlarmNames ?? []).length > 0), 'deploymentAlarms and deploymentAlarmNames',
      'are both set; the twin keeps one deployment alarm configuration', 'pass the SLO alarms in deploymentAlarms, or alarm names in deploymentAlarmNames');
    // The handler needs the spot service to compute the shortfall; without it nothing below can be built.
    if (!props.spotService || !props.cluster || !props.taskDefinition) v.throwIfAny();
    const maxTasks = props.maxOnDemandTasks ?? 20;
    v.number('maxOnDemandTasks', maxTasks, { integer: true, min: 1 });
    // Without a load balancer there is no drain: only the stop timeout is checked.
    const drain = props.targetGroup ? props.deregistrationDelay ?? Duration.seconds(30) : undefined;
    checkShutdown(v, this, drain, props.stopTimeout ?? Duration.seconds(60), true);
    if (!props.targetGroup && props.deregistrationDelay) {
      warn(this, 'DeregistrationDelayUnused', 'deregistrationDelay is set but there is no targetGroup: the twin\'s tasks are not behind a load balancer, so nothing drains.');
    }
    v.throwIfAny();

    this.onDemandService = new ecs.FargateService(this, 'OnDemandService', {
      cluster: props.cluster,
      taskDefinition: props.taskDefinition,
      // No DesiredCount: the handler owns the count, and a count in the template would be sent on
      // every stack update, setting the twin back to 0 in the middle of a spot shortage
      // (containers-roadmap #493). ECS creates the twin with 1 task; the handler's one-minute check
      // lowers it to the spot shortfall (0 when spot places every task).
      desiredCount: undefined,
      capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }],
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups ?? props.spotService.connections.securityGroups,
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: props.targetGroup ? props.healthCheckGracePeriod ?? Duration.seconds(60) : undefined,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
    if (props.targetGroup) this.onDemandService.attachToApplicationTargetGroup(props.targetGroup);
    // Contract 1: the ECSServiceSingleTask rule recognises the twin by this tag.
    Tags.of(this.onDemandService).add(SPOT_FALLBACK_TWIN_TAG_KEY, SPOT_FALLBACK_TWIN_TAG_VALUE);
    for (const alarms of props.deploymentAlarms ?? []) alarms.attachToService(this.onDemandService);
    if ((props.deploymentAlarmNames ?? []).length > 0) {
      this.onDemandService.enableDeploymentAlarms([...props.deploymentAlarmNames!], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    }
    if ((props.deploymentAlarms ?? []).length === 0 && (props.deploymentAlarmNames ?? []).length === 0) {
      warn(this, 'SpotFallbackWithoutDeploymentAlarms',
        'The on-demand twin deploys every release (same task definition and target group) with only its circuit breaker: a release that starts but serves errors is not rolled back on it. Pass the service\'s SLO alarms as deploymentAlarms.');
    }
    Validations.of(this.onDemandService).acknowledge({
      id: 'CloudNative-ECSServiceSingleTask',
      reason: 'The on-demand twin runs 0 tasks by design: it only mirrors the tasks Fargate Spot cannot place. The spot service keeps its on-demand base, which is what the rule protects.',
    });

    const logGroup = new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'HandlerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecs:DescribeServices'],
      resources: [props.spotService.serviceArn, this.onDemandService.serviceArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecs:UpdateService'], resources: [this.onDemandService.serviceArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
    }));
    acknowledgeExpectedWildcards(this, [{
      finding: /^Resource::\*$/,
      reason: 'cloudwatch:PutMetricData has no resource-level permissions; the statement is limited to one namespace by condition.',
    }]);

    const fn = new SpotFallbackFunction(this, 'Handler', {
      role,
      logGroup,
      timeout: Duration.seconds(30),
      memorySize: 256,
      description: 'Runs on-demand Fargate tasks while Fargate Spot cannot place a service\'s tasks, and hands them back',
      environment: {
        CLUSTER: props.cluster.clusterName,
        SPOT_SERVICE: props.spotService.serviceName,
        ON_DEMAND_SERVICE: this.onDemandService.serviceName,
        MAX_TASKS: String(maxTasks),
        METRIC_NAMESPACE,
      },
      retryAttempts: 2,
    });
    acknowledgeBuildRuntime(fn);
    this.handler = fn;

    new events.Rule(this, 'PlacementFailureRule', {
      description: 'FARGATE_SPOT cannot place tasks of the service: run them on FARGATE',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Service Action'],
        resources: [props.spotService.serviceArn],
        detail: { eventName: ['SERVICE_TASK_PLACEMENT_FAILURE'] },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 3, maxEventAge: Duration.minutes(10) })],
    });
    new events.Rule(this, 'CheckSchedule', {
      description: 'Sizes the on-demand twin to the spot shortfall and hands tasks back to spot',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });

    const dims = { ClusterName: props.cluster.clusterName, ServiceName: props.spotService.serviceName };
    this.fallbackTasksMetric = new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE, metricName: 'FallbackTasks', dimensionsMap: dims, statistic: 'Maximum', period: Duration.minutes(1),
    });
    this.spotShortfallMetric = new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE, metricName: 'SpotShortfall', dimensionsMap: dims, statistic: 'Maximum', period: Duration.minutes(1),
    });
    this.fallbackAlarm = new cloudwatch.Alarm(this, 'FallbackAlarm', {
      metric: this.fallbackTasksMetric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Fargate Spot cannot place tasks of the service: the on-demand twin runs them.',
    });
    if (props.alarmTopic) {
      this.fallbackAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
      this.fallbackAlarm.addOkAction(new cwActions.SnsAction(props.alarmTopic));
    } else {
      warn(this, 'SpotFallbackNotifiesNobody',
        'fallbackAlarm notifies nobody: while it is in alarm the service runs on-demand tasks in place of spot ones (safe, but at on-demand prices). Pass alarmTopic (spotFallbackAlarmTopic on StatelessService).');
    }
  }
}
