import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DecisionDataStore, DrillKind, EgressAwareVpc, SpotFleetWithFallback, TopologyDecision } from '../../src';
import { acknowledgeLogGroupChoices, acknowledgeVpcChoices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * Queue workers on spot EC2 with a real fallback: an ECS cluster whose only capacity provider is a
 * SpotFleetWithFallback (11 instance types, price-capacity-optimized, 1 on-demand instance as the
 * floor, the rest spot), and an Ec2Service of workers on it. When spot capacity cannot be had, the
 * fleet launches on-demand instead and says so (SpotFallbackActive, fallbackAlarm); interrupted
 * instances are drained (DRAINING) so their tasks stop gracefully within the 2-minute notice, and
 * after a fallback the on-demand instances it launched are drained back to spot one a minute.
 * Both go to the operations topic passed as notificationsTopic.
 *
 *   npx ts-node examples/spot-worker-fleet/app.ts
 */
const app = checkedApp();
const stack = new Stack(app, 'SpotWorkerFleet', { env: EXAMPLE_ENV });

// Report assumptions: 50 GB a month through the NAT gateways (image pulls, job input), 5 GB of it
// sent out to the internet (job results); S3 and DynamoDB traffic takes the free gateway endpoints.
const vpc = new EgressAwareVpc(stack, 'Vpc', { maxAzs: 3, natProcessedGbPerMonth: 50, natInternetEgressGbPerMonth: 5 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

// The operations topic the fleet reports to: Auto Scaling launch/terminate notices and the
// fallback alarm. Subscribe your on-call endpoint to it.
const ops = new sns.Topic(stack, 'Ops', { enforceSSL: true });

// The workers' floor as an alarm (Container Insights): fewer than 2 running workers for 2 minutes.
// It pages the operations topic and stops the spot reclaim drill, which has no SLO of its own.
const workersBelowFloor = new cloudwatch.Alarm(stack, 'WorkersBelowFloor', {
  metric: new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensionsMap: { ClusterName: cluster.clusterName, ServiceName: 'workers' },
    statistic: 'Minimum',
    period: Duration.minutes(1),
  }),
  threshold: 2,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  evaluationPeriods: 2,
  alarmDescription: 'Fewer than 2 workers running for 2 minutes.',
});
workersBelowFloor.addAlarmAction(new cwActions.SnsAction(ops));

const fleet = new SpotFleetWithFallback(stack, 'Fleet', {
  vpc,
  cluster,
  vcpus: 2,
  memoryMiB: 4096,
  minCapacity: 2,
  maxCapacity: 12,
  onDemandBaseCapacity: 1,
  onDemandPercentageAboveBaseCapacity: 0,
  containerStopTimeout: Duration.seconds(90),
  notificationsTopic: ops,
  // Spot reclaim drill: FIS sends one spot instance the 2-minute interruption notice, then
  // interrupts it; the workers-below-floor alarm stops it. The stack outputs its template id.
  drills: { experiments: [DrillKind.SPOT_RECLAIM], stopAlarms: [workersBelowFloor] },
});

// Bridge mode: the workers take no inbound traffic, and the launch template's IMDS hop limit of 1
// keeps bridge-mode containers away from the instance role.
const taskDefinition = new ecs.Ec2TaskDefinition(stack, 'WorkerTask', { networkMode: ecs.NetworkMode.BRIDGE });
taskDefinition.addContainer('Worker', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
  command: ['sh', '-c', 'trap "echo draining; exit 0" TERM; while true; do echo working; sleep 5; done'],
  cpu: 256,
  memoryLimitMiB: 512,
  memoryReservationMiB: 256,
  readonlyRootFilesystem: true,
  user: '1000',
  // Within the 2-minute spot notice: SIGTERM, then up to 90 s to finish the current job.
  stopTimeout: Duration.seconds(90),
  logging: ecs.LogDrivers.awsLogs({
    streamPrefix: 'worker',
    logGroup: new logs.LogGroup(stack, 'WorkerLogs', { retention: logs.RetentionDays.ONE_MONTH }),
  }),
});

new ecs.Ec2Service(stack, 'Workers', {
  serviceName: 'workers',
  cluster,
  taskDefinition,
  desiredCount: 4,
  minHealthyPercent: 100,
  maxHealthyPercent: 200,
  circuitBreaker: { enable: true, rollback: true },
  capacityProviderStrategies: [{ capacityProvider: fleet.capacityProvider!.capacityProviderName, weight: 1 }],
  placementStrategies: [ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE), ecs.PlacementStrategy.spreadAcrossInstances()],
  enableECSManagedTags: true,
  propagateTags: ecs.PropagatedTagSource.SERVICE,
});

// Which topology these workers should have (README, "Choosing a topology"): queue workers (taken from the
// fleet's pattern) on 2 instances (the fleet's minCapacity, its profile's count), priced as the fleet's
// profile prices them (1 on-demand base instance, the rest spot at its assumed discount). The busybox workers
// stand in for queue consumers: 2 million messages a month with 100 waiting at a time are assumed.
new TopologyDecision(stack, 'TopologyDecision', {
  workload: fleet,
  workloadName: 'spot workers',
  region: EXAMPLE_ENV.region,
  revenuePerHourUsd: 200,
  compute: { tasks: 2 },
  worker: { messagesPerMonth: 2_000_000, backlogMessages: 100 },
  dataStore: DecisionDataStore.NONE,
});

// AwsSolutions and this library's packs report nothing. The NIST 800-53 R5 and Control Tower
// (cfn-guard) findings below are per-organisation choices this example does not make for you.
Validations.of(stack).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants and the fleet\'s least-privilege handler and instance policies are inline policies scoped to this stack\'s resources.' },
  { id: 'NIST.800.53.R5-SNSEncryptedKMS', reason: 'The operations topic carries Auto Scaling notices and alarm state changes (ids, no data); a customer-managed key costs $1/month and needs a key policy for the Auto Scaling service-linked role.' },
  { id: 'NIST.800.53.R5-EC2IMDSv2Enabled', reason: 'The launch template requires IMDSv2 (HttpTokens required, asserted in the library\'s tests); the rule reads only AutoScalingGroup.LaunchTemplate and misses a MixedInstancesPolicy.' },
  { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'The fleet handlers run once a minute and on spot events; reserving concurrency would take it from the account pool for no protection.' },
  { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'The handlers are idempotent and re-run every minute (fallback) or are retried by EventBridge within the 2-minute notice (drain); a dead-letter queue would hold events that are stale on arrival.' },
  { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'The handlers call only the Auto Scaling, ECS and CloudWatch APIs; running them in the VPC would add interface endpoints or NAT traffic for no isolation gain.' },
  { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: 'As NIST LambdaInsideVPC.' },
  { id: 'cdk-validator-cfnguard::ec2_launch_template_monitoring_enabled_check', reason: 'Detailed (1-minute) EC2 monitoring is billed per metric per instance; ECS managed scaling and Container Insights already give 1-minute signals.' },
  { id: 'cdk-validator-cfnguard::autoscaling_group_nitro_encryption_in_transit_override_check', reason: 'Spot diversity needs the older Nitro families too (c5, m5), which lack automatic in-transit encryption; traffic between workers is TLS at the application layer.' },
  { id: 'cdk-validator-cfnguard::autoscaling_multiple_az_check', reason: 'The group spans the VPC\'s 3 private subnets in 3 zones (VPCZoneIdentifier); the library validates at least 2 zones.' },
  { id: 'cdk-validator-cfnguard::ecs_awsvpc_networking_enabled_check', reason: 'Bridge mode on purpose: in awsvpc mode each task takes an ENI, and a c5.large has 3, so spot instances would hold 2 worker tasks each; the workers take no inbound traffic.' },
);

// Shared per-organisation choices (examples/shared/acknowledgements.ts).
acknowledgeLogGroupChoices(stack);
acknowledgeVpcChoices(stack);

app.synth();
