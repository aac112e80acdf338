import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DecisionDataStore, EgressAwareVpc, QueueWorkerService, ServiceCapacity, TopologyDecision } from '../../src';
import { acknowledgeLogGroupChoices, acknowledgeSpotFallbackHandler, acknowledgeVpcChoices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * A queue worker on Fargate Spot: QueueWorkerService creates an encrypted SQS queue with a
 * dead-letter queue, scales its tasks on backlog per task ((visible + in-flight messages) /
 * running tasks, target acceptableLatency / averageProcessingTime = 120 s / 4 s = 30), keeps one
 * task on on-demand FARGATE per the base and runs the rest on FARGATE_SPOT, with an on-demand twin
 * while spot cannot place tasks. Its freshness, dead-letter and not-draining alarms go to the ops
 * topic; a release that runs but deletes no message is rolled back.
 *
 *   npx projen examples queue-worker
 */
const app = checkedApp();
const stack = new Stack(app, 'QueueWorker', { env: EXAMPLE_ENV });

// Report assumption: 20 GB a month through the NAT gateways (image pulls, calls out).
const vpc = new EgressAwareVpc(stack, 'Network', { maxAzs: 3, workloadName: 'queue worker network', natProcessedGbPerMonth: 20 });

// Where the alarms go: an encrypted topic CloudWatch may publish to.
const opsKey = new kms.Key(stack, 'OpsKey', { enableKeyRotation: true, description: 'Operations topic' });
opsKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
const ops = new sns.Topic(stack, 'Ops', { masterKey: opsKey, enforceSSL: true });

const worker = new QueueWorkerService(stack, 'Worker', {
  // Your worker image: it reads QUEUE_URL, long-polls, sets task scale-in protection while it
  // holds a message and stops receiving on SIGTERM.
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
  vpc,
  // Each message takes 4 s on average and at most 3 minutes; it may wait 2 minutes.
  averageProcessingTime: Duration.seconds(4),
  maxProcessingTime: Duration.minutes(3),
  acceptableLatency: Duration.minutes(2),
  // One task always on demand (a zone-loss floor of 1 over 3 zones is 2 tasks); every task above on spot.
  minHealthyTasks: 1,
  capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 1 }),
  maxTasks: 20,
  alarmTopic: ops,
  workloadName: 'order worker',
  // 5 million messages a month.
  reportAssumptions: { messagesPerMonth: 5_000_000 },
});

// Which topology this worker should have (README, "Choosing a topology"): a queue worker (taken from the
// workload's pattern), so no load balancer and no DNS failover: a second region means a second queue the
// producers switch to. 8 tasks is the profile's typical count (ceil(5,000,000 x 4 s / 2,628,000 s)); the
// backlog a region loss strands is the scaling target's (30 per task x 8 tasks = 240 messages); the tasks are
// priced as the profile prices them (1 on demand, the rest on Fargate Spot at the assumed 70 % discount).
new TopologyDecision(stack, 'TopologyDecision', {
  workload: worker,
  workloadName: 'order worker',
  region: EXAMPLE_ENV.region,
  revenuePerHourUsd: 500,
  compute: { tasks: 8, vcpu: 0.5, memoryGb: 1 },
  worker: { messagesPerMonth: 5_000_000 },
  traffic: { internetGbPerMonth: 0 },
  dataStore: DecisionDataStore.NONE,
});

// CloudWatch publishes alarm notifications to the encrypted topic: its service principal needs the key.
Validations.of(opsKey).acknowledge(
  { id: 'cdk-validator-cfnguard::kms_create_grant_aws_service_check', reason: 'The key policy lets cloudwatch.amazonaws.com use this key (Decrypt, GenerateDataKey) so alarms can publish to the encrypted ops topic; the key encrypts only that topic.' },
);
// busybox stands in for your worker image, which sets USER to a non-root user in its Dockerfile.
Validations.of(worker.taskDefinition).acknowledge(
  { id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check', reason: 'The public busybox image stands in for the worker image, which would set USER; the container has a read-only root filesystem and no inbound port.' },
);
// The fallback handler (worker.spotFallback): a small Lambda that calls the ECS and CloudWatch APIs.
acknowledgeSpotFallbackHandler(worker.spotFallback!);
Validations.of(stack).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants (the queue consumer, task scale-in protection) and the fallback handler\'s least-privilege policy are inline policies scoped to this stack\'s resources.' },
);

// Shared per-organisation choices (examples/shared/acknowledgements.ts).
acknowledgeLogGroupChoices(stack);
acknowledgeVpcChoices(stack);

app.synth();
