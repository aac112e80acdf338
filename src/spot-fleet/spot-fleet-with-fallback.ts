import { ArnFormat, Duration, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SPOT_FLEET_DEFAULTS as D } from './defaults';
import { DrainFunction } from './drain-function';
import { FallbackFunction } from './fallback-function';
import { spotFleetProfile } from './profile';
import { SpotFleetWithFallbackProps } from './props';
import { PURCHASE_OPTION_ATTRIBUTE } from './purchase-option';
import { validateFleetProps } from './validation';
import { acknowledgeBuildRuntime, acknowledgeExpectedWildcards, arnFinding } from '../core/acknowledge';
import { isUnresolved, warn } from '../core/validation';
import { addPatternDrills, ServiceDrills } from '../drills/service-drills';
import { EgressAwareVpc } from '../network/egress-aware-vpc';
import { WorkloadProfile } from '../report/profile';
import { Profiles } from '../report/report';


/**
 * EC2 capacity on spot with an on-demand floor and a real fallback to on-demand.
 *
 * - A mixed instances Auto Scaling group over at least 2 zones: at least 6 instance types from at
 *   least 3 families (by default), price-capacity-optimized spot allocation, Capacity Rebalancing,
 *   an explicit on-demand base (1) and on-demand percentage above it (0).
 * - A launch template with IMDSv2 required, an encrypted root volume, no public IP and an instance
 *   role with no managed policy.
 * - Draining on the 2-minute interruption notice and on rebalance recommendations: an EventBridge
 *   rule and a handler (ECS: the container instance is set to DRAINING; plain EC2: the instance is
 *   terminated through Auto Scaling, whose lifecycle hook holds it while the workload finishes).
 * - The fallback: a controller raises the on-demand percentage to 100 when spot launches fail, and
 *   restores it once spot launches have not failed for `handBackAfter`. The `SpotFallbackActive`
 *   metric and `fallbackAlarm` say when it is in fallback.
 * - Records its profile for the cloud-native report: the failures it survives with the replacement
 *   and time-to-fallback arithmetic, and its instance hours on demand and on spot, priced with
 *   `reportAssumptions` (the report's table has no instance prices).
 */
export class SpotFleetWithFallback extends Construct implements ec2.IConnectable {
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template of the instances. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The security group of the instances. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The network connections of the instances. */
  public readonly connections: ec2.Connections;
  /** The role of the instances (no managed policy; add what the workload needs). */
  public readonly instanceRole: iam.Role;
  /** The ECS capacity provider, when `cluster` was given. */
  public readonly capacityProvider?: ecs.AsgCapacityProvider;
  /** The instance types of the mixed instances policy, in order. */
  public readonly instanceTypeNames: string[];
  /** Instances that are always on-demand. */
  public readonly onDemandBaseCapacity: number;
  /** Percentage of instances above the base that are on-demand (when not in fallback). */
  public readonly onDemandPercentageAboveBaseCapacity: number;
  /** The number of zones the instances are spread over. */
  public readonly zoneCount: number;
  /** Auto Scaling notifications (launch, terminate, and their errors) and the fallback alarm: `notificationsTopic` or the fleet's own. */
  public readonly notificationsTopic: sns.ITopic;
  /** The handler that drains instances on interruption notices and rebalance recommendations. */
  public readonly drainFunction: lambda.IFunction;
  /** The fallback controller. */
  public readonly fallbackFunction: lambda.IFunction;
  /** 1 while new launches are on-demand because spot could not be had, else 0 (one-minute maximum). */
  public readonly fallbackActiveMetric: cloudwatch.Metric;
  /** Desired capacity minus launching and running instances (one-minute maximum). */
  public readonly unfulfilledCapacityMetric: cloudwatch.Metric;
  /** In alarm while the fleet is in fallback; notifies `notificationsTopic`. */
  public readonly fallbackAlarm: cloudwatch.Alarm;
  /** The failure drills, when `drills` is given. */
  public readonly drills?: ServiceDrills;

  constructor(scope: Construct, id: string, spotFleetProps: SpotFleetWithFallbackProps) {
    super(scope, id);
    // JavaScript and Python callers can pass nothing at all.
    const props: SpotFleetWithFallbackProps = spotFleetProps ?? ({} as SpotFleetWithFallbackProps);

    const plan = validateFleetProps(this, props);
    const { arch, minCapacity, maxCapacity, base, pct, stopS, drainS, handBackAfter, drainTimeout, rootGiB, types, zones } = plan;
    if (plan.capacityOk && minCapacity < base) {
      warn(this, 'OnDemandFloorAboveMin', `minCapacity ${minCapacity} is below onDemandBaseCapacity ${base}: when the group scales in that far, the on-demand floor is not all running.`);
    }

    this.zoneCount = zones;
    this.onDemandBaseCapacity = base;
    this.onDemandPercentageAboveBaseCapacity = pct;
    this.instanceTypeNames = types.map((t) => t.name);

    // ---- instances ------------------------------------------------------------------------
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Spot fleet instances: no inbound rule until the workload adds one',
      allowAllOutbound: true,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });
    this.instanceRole = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Spot fleet instances: least privilege, no managed policy',
    });
    const userData = ec2.UserData.forLinux();
    const arm = arch === ec2.InstanceArchitecture.ARM_64;
    const machineImage = props.machineImage ?? (props.cluster
      ? ecs.EcsOptimizedImage.amazonLinux2023(arm ? ecs.AmiHardwareType.ARM : ecs.AmiHardwareType.STANDARD)
      : ec2.MachineImage.latestAmazonLinux2023({ cpuType: arm ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64 }));
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage,
      userData,
      role: this.instanceRole,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: props.associatePublicIpAddress ?? false,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(rootGiB ?? (props.rootVolumeSize ?? Size.gibibytes(D.rootVolumeGiB)).toGibibytes(), {
          encrypted: true,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      }],
    });

    this.notificationsTopic = props.notificationsTopic ?? new sns.Topic(this, 'Notifications', { enforceSSL: true });

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minCapacity,
      maxCapacity,
      capacityRebalance: true,
      mixedInstancesPolicy: {
        launchTemplate: this.launchTemplate,
        launchTemplateOverrides: types.map((t) => ({ instanceType: new ec2.InstanceType(t.name) })),
        instancesDistribution: {
          onDemandBaseCapacity: base,
          onDemandPercentageAboveBaseCapacity: pct,
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.LOWEST_PRICE,
          spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
        },
      },
      notifications: [{ topic: this.notificationsTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
      defaultInstanceWarmup: Duration.seconds(60),
    });
    Validations.of(this.autoScalingGroup).acknowledge({
      id: 'AwsSolutions-EC26',
      reason: "cdk-nag's EC26 reads only AutoScalingGroup.LaunchTemplate and throws on a MixedInstancesPolicy; the launch template's only block device (the root volume) is encrypted.",
    });

    if (props.cluster) {
      // aws-ecs writes only ECS_CLUSTER into a launch template's user data, so the agent settings
      // are written here: drain on the spot notice (the agent polls IMDS for it), stop containers
      // within the notice, and keep awsvpc tasks away from the instance role (IMDS hop limit 1
      // already does that for bridge-mode containers).
      userData.addCommands(
        'echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config',
        `echo ECS_CONTAINER_STOP_TIMEOUT=${Math.round(stopS ?? D.containerStopTimeout.toSeconds())}s >> /etc/ecs/ecs.config`,
        'echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config',
        // The purchase option as an ECS attribute, so the fallback controller can return on-demand
        // instances to spot after the hand-back (instance metadata category instance-life-cycle:
        // spot or on-demand; IMDSv2 token first, as the launch template requires it).
        'IMDS_TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
        'PURCHASE_OPTION=$(curl -s -H "X-aws-ec2-metadata-token: $IMDS_TOKEN" http://169.254.169.254/latest/meta-data/instance-life-cycle)',
        // An attribute value has 1-128 characters (ECS API Reference, Attribute): never empty.
        'PURCHASE_OPTION=${PURCHASE_OPTION:-unknown}',
        `echo "ECS_INSTANCE_ATTRIBUTES={\\"${PURCHASE_OPTION_ATTRIBUTE}\\":\\"$PURCHASE_OPTION\\"}" >> /etc/ecs/ecs.config`,
      );
      this.capacityProvider = new ecs.AsgCapacityProvider(this, 'CapacityProvider', {
        autoScalingGroup: this.autoScalingGroup,
        enableManagedScaling: true,
        enableManagedTerminationProtection: true,
        enableManagedDraining: true,
        machineImageType: ecs.MachineImageType.AMAZON_LINUX_2,
      });
      props.cluster.addAsgCapacityProvider(this.capacityProvider, { machineImageType: ecs.MachineImageType.AMAZON_LINUX_2 });
    } else {
      this.autoScalingGroup.addLifecycleHook('Drain', {
        lifecycleTransition: autoscaling.LifecycleTransition.INSTANCE_TERMINATING,
        heartbeatTimeout: drainTimeout,
        defaultResult: autoscaling.DefaultResult.CONTINUE,
      });
      // The workload ends its own drain early by completing the hook (IMDS target-lifecycle-state).
      // A policy of its own: the launch template depends on the role's default policy, and this
      // statement names the group, which depends on the launch template.
      new iam.Policy(this, 'LifecycleHookPolicy', {
        roles: [this.instanceRole],
        statements: [new iam.PolicyStatement({
          actions: ['autoscaling:CompleteLifecycleAction', 'autoscaling:RecordLifecycleActionHeartbeat'],
          resources: [this.groupArn()],
        })],
      });
    }
    if (props.userDataCommands?.length) userData.addCommands(...props.userDataCommands);

    // ---- drain on interruption notice and rebalance recommendation -----------------------
    this.drainFunction = this.createDrain(props.cluster);

    // ---- spot fallback --------------------------------------------------------------------
    const namespace = D.metricNamespace;
    this.fallbackFunction = this.createController(pct, base, handBackAfter, namespace, props.cluster);
    const dims = { AutoScalingGroupName: this.autoScalingGroup.autoScalingGroupName };
    this.fallbackActiveMetric = new cloudwatch.Metric({
      namespace, metricName: 'SpotFallbackActive', dimensionsMap: dims, statistic: 'Maximum', period: Duration.minutes(1),
    });
    this.unfulfilledCapacityMetric = new cloudwatch.Metric({
      namespace, metricName: 'UnfulfilledCapacity', dimensionsMap: dims, statistic: 'Maximum', period: Duration.minutes(1),
    });
    this.fallbackAlarm = new cloudwatch.Alarm(this, 'FallbackAlarm', {
      metric: this.fallbackActiveMetric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Spot capacity could not be had: new instances of this fleet are on-demand until spot launches stop failing.',
    });
    this.fallbackAlarm.addAlarmAction(new cwActions.SnsAction(this.notificationsTopic));

    const profile = this.recordProfile(props, { minCapacity, maxCapacity, base, pct, drainSeconds: props.cluster ? stopS : drainS });
    if (props.drills !== undefined && props.drills !== null) {
      this.drills = addPatternDrills(this, props.drills, profile, {
        subnets: props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets,
        vpc: props.vpc,
        spotAutoScalingGroup: pct < 100 ? this.autoScalingGroup : undefined,
      }, {
        example: '{ experiments: [DrillKind.SPOT_RECLAIM], stopAlarms: [...] }',
        concrete: 'concrete capacities and reportAssumptions',
      });
    }

    acknowledgeExpectedWildcards(this, [
      {
        finding: /^Resource::\*$/,
        reason: 'Granted only for actions without resource-level permissions: Auto Scaling Describe calls, cloudwatch:PutMetricData (limited to one namespace by condition) and the ECS agent\'s ecs:DiscoverPollEndpoint/CreateCluster/registration calls added by aws-ecs.',
      },
      {
        finding: arnFinding('autoscaling:[^:]+:[^:]+:autoScalingGroup:\\*:autoScalingGroupName/<[A-Za-z0-9]+>'),
        reason: 'This fleet\'s own Auto Scaling group: its ARN embeds a generated id, so it is named by autoScalingGroupName with the id wildcarded.',
      },
      {
        finding: arnFinding('ecs:[^:]+:[^:]+:container-instance/\\*'),
        reason: 'Container instances of the fleet\'s cluster only: the statement has an ecs:cluster condition (the drain handler and the fallback controller, which drains on-demand instances to return them to spot), or is the ECS agent policy aws-ecs adds for this cluster.',
      },
      {
        finding: /^Action::ecs:Submit\*$/,
        reason: 'The ECS agent policy that aws-ecs adds to container instances (ecs:Submit* state changes, scoped to the cluster).',
      },
    ]);
  }

  private recordProfile(props: SpotFleetWithFallbackProps,
    r: { minCapacity: number; maxCapacity: number; base: number; pct: number; drainSeconds: number | undefined }): WorkloadProfile | undefined {
    const ra = props.reportAssumptions ?? {};
    const values = [r.minCapacity, r.maxCapacity, r.base, r.pct,
      ra.onDemandHourlyUsd, ra.spotDiscountPercent, ra.averageInstances, ra.instanceStartSeconds];
    if (values.some((n) => isUnresolved(n)) || r.drainSeconds === undefined) {
      warn(this, 'ReportNeedsConcreteValues',
        'minCapacity, maxCapacity, onDemandBaseCapacity, onDemandPercentageAboveBaseCapacity, the drain or stop timeout, or a reportAssumptions value is a token, '
        + 'so the cloud-native report cannot model this fleet. Pass concrete values to see its failure domains and cost.');
      return undefined;
    }
    const profile = spotFleetProfile({
      name: props.workloadName ?? this.node.path,
      zones: this.zoneCount,
      minCapacity: r.minCapacity,
      onDemandBaseCapacity: r.base,
      onDemandPercentageAboveBaseCapacity: r.pct,
      ecs: props.cluster !== undefined,
      drainSeconds: r.drainSeconds,
      averageInstances: ra.averageInstances ?? r.minCapacity,
      averageInstancesGiven: ra.averageInstances !== undefined,
      onDemandHourlyUsd: ra.onDemandHourlyUsd ?? D.reportOnDemandHourlyUsd,
      onDemandHourlyUsdGiven: ra.onDemandHourlyUsd !== undefined,
      spotDiscountPercent: ra.spotDiscountPercent ?? D.reportSpotDiscountPercent,
      spotDiscountPercentGiven: ra.spotDiscountPercent !== undefined,
      instanceStartSeconds: ra.instanceStartSeconds ?? D.reportInstanceStartSeconds,
      instanceStartSecondsGiven: ra.instanceStartSeconds !== undefined,
      vpcEgressModelled: props.vpc instanceof EgressAwareVpc,
      dependsOn: props.vpc instanceof EgressAwareVpc ? [props.vpc.node.path] : undefined,
    });
    Profiles.record(this, profile);
    return profile;
  }

  private groupArn(): string {
    return Stack.of(this).formatArn({
      service: 'autoscaling',
      resource: 'autoScalingGroup',
      resourceName: `*:autoScalingGroupName/${this.autoScalingGroup.autoScalingGroupName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private functionRole(id: string, logGroup: logs.LogGroup): iam.Role {
    const role = new iam.Role(this, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    return role;
  }

  private logGroup(id: string): logs.LogGroup {
    return new logs.LogGroup(this, id, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  }

  /** Listing, describing and draining the container instances of this fleet's cluster only (ecs:cluster condition). */
  private grantDrainContainerInstances(role: iam.Role, cluster: ecs.Cluster): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecs:ListContainerInstances'], resources: [cluster.clusterArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecs:DescribeContainerInstances', 'ecs:UpdateContainerInstancesState'],
      resources: [Stack.of(this).formatArn({ service: 'ecs', resource: 'container-instance', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
    }));
  }

  private createDrain(cluster: ecs.Cluster | undefined): lambda.IFunction {
    const logGroup = this.logGroup('DrainLogs');
    const role = this.functionRole('Drain', logGroup);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      // Describe calls have no resource-level permissions.
      actions: ['autoscaling:DescribeAutoScalingInstances'],
      resources: ['*'],
    }));
    if (cluster) {
      this.grantDrainContainerInstances(role, cluster);
    } else {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['autoscaling:TerminateInstanceInAutoScalingGroup'],
        resources: [this.groupArn()],
      }));
    }
    const fn = new DrainFunction(this, 'Drain', {
      role,
      logGroup,
      timeout: Duration.seconds(30),
      memorySize: 256,
      description: 'Drains spot fleet instances on interruption notices and rebalance recommendations',
      environment: { GROUP_NAME: this.autoScalingGroup.autoScalingGroupName, CLUSTER_NAME: cluster?.clusterName ?? '' },
      retryAttempts: 2,
    });
    acknowledgeBuildRuntime(fn);
    new events.Rule(this, 'InterruptionRule', {
      description: 'Spot interruption notices and rebalance recommendations: drain the instance',
      eventPattern: {
        source: ['aws.ec2'],
        detailType: ['EC2 Spot Instance Interruption Warning', 'EC2 Instance Rebalance Recommendation'],
      },
      // The notice is worth acting on only within its 2 minutes.
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 3, maxEventAge: Duration.minutes(2) })],
    });
    return fn;
  }

  private createController(pct: number, base: number, handBackAfter: Duration, namespace: string,
    cluster: ecs.Cluster | undefined): lambda.IFunction {
    const logGroup = this.logGroup('FallbackLogs');
    const role = this.functionRole('Fallback', logGroup);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeScalingActivities'],
      resources: ['*'],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
      resources: [this.groupArn()],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
    }));
    // Returning on-demand instances to spot after the hand-back (fallback.lambda.ts): drain them.
    if (cluster) this.grantDrainContainerInstances(role, cluster);
    const fn = new FallbackFunction(this, 'Fallback', {
      role,
      logGroup,
      timeout: Duration.seconds(30),
      memorySize: 256,
      description: 'Moves the spot fleet to on-demand while spot cannot be had, and back',
      environment: {
        GROUP_NAME: this.autoScalingGroup.autoScalingGroupName,
        ON_DEMAND_PERCENTAGE: String(pct),
        HAND_BACK_AFTER_SECONDS: String(handBackAfter.toSeconds()),
        METRIC_NAMESPACE: namespace,
        ON_DEMAND_BASE: String(base),
        CLUSTER_NAME: cluster?.clusterName ?? '',
      },
      retryAttempts: 2,
    });
    acknowledgeBuildRuntime(fn);
    new events.Rule(this, 'LaunchFailureRule', {
      description: 'Failed launches of the spot fleet: fall back to on-demand when spot capacity cannot be had',
      eventPattern: {
        source: ['aws.autoscaling'],
        detailType: ['EC2 Instance Launch Unsuccessful'],
        detail: { AutoScalingGroupName: [this.autoScalingGroup.autoScalingGroupName] },
      },
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 3, maxEventAge: Duration.minutes(10) })],
    });
    new events.Rule(this, 'CheckSchedule', {
      description: 'Checks the spot fleet for unfulfilled capacity, hands back to spot, publishes SpotFallbackActive',
      schedule: events.Schedule.rate(D.checkInterval),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
    return fn;
  }

}

