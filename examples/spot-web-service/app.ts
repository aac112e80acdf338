import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DecisionDataStore, EgressAwareVpc, LoadBalancedObjective, ServiceCapacity, StatelessService, TopologyDecision } from '../../src';
import { acknowledgeAccessLogsBucket, acknowledgeLogGroupChoices, acknowledgeServiceWithoutDomain, acknowledgeSpotFallbackHandler, acknowledgeVpcChoices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * A web service on Fargate Spot with a real fallback: StatelessService keeps minHealthyTasks (2) on
 * on-demand FARGATE, so losing every spot task still leaves the capacity the load needs, and runs
 * every task above it on FARGATE_SPOT: 4 of the 6 tasks at steady state. When Fargate Spot cannot
 * place tasks (SERVICE_TASK_PLACEMENT_FAILURE), the on-demand twin it builds (`spotFallback`) runs
 * them on FARGATE and hands them back when spot places them again; its alarm goes to the ops
 * topic. An availability SLO rolls bad deployments back, on the service and on the twin.
 *
 *   npx projen examples spot-web-service
 */
const app = checkedApp();
const stack = new Stack(app, 'SpotWebService', { env: EXAMPLE_ENV });

const vpc = new EgressAwareVpc(stack, 'Network', { maxAzs: 3, workloadName: 'spot web network' });

// Where the SLO pages and the fallback alarm go: an encrypted topic CloudWatch may publish to.
const opsKey = new kms.Key(stack, 'OpsKey', { enableKeyRotation: true, description: 'Operations topic' });
opsKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
const ops = new sns.Topic(stack, 'Ops', { masterKey: opsKey, enforceSSL: true });

const web = new StatelessService(stack, 'Web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  // The root filesystem stays read-only; the official nginx image writes its cache and pid file.
  scratchPaths: ['/var/cache/nginx', '/var/run'],
  vpc,
  // The on-demand base defaults to minHealthyTasks (2): every task above it runs on Fargate Spot.
  capacity: ServiceCapacity.spotAboveOnDemandBase(),
  // 6 tasks at the minimum: 2 on demand + 4 on spot (the zone-loss floor is ceil(2 x 3 / 2) = 3).
  desiredCount: 6,
  maxCapacity: 18,
  minHealthyTasks: 2,
  healthCheckPath: '/',
  workloadName: 'spot web',
  slos: [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })],
  sloPageTopic: ops,
  // In alarm while the on-demand twin runs tasks that Fargate Spot could not place: capacity is
  // safe, but it costs on-demand prices until spot returns.
  spotFallbackAlarmTopic: ops,
});

// The burn-rate window alarms have no action by design: their composite (page / ticket) notifies.
Validations.of(web.slos!).acknowledge(
  { id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', reason: 'Each burn-rate window alarm is one half of a multi-window rule; the composite page and ticket alarms that AND them notify the ops topic, so the halves alone must not page.' },
);
// CloudWatch publishes alarm notifications to the encrypted topic: its service principal needs the key.
Validations.of(opsKey).acknowledge(
  { id: 'cdk-validator-cfnguard::kms_create_grant_aws_service_check', reason: 'The key policy lets cloudwatch.amazonaws.com use this key (Decrypt, GenerateDataKey) so alarms can publish to the encrypted ops topic; the key encrypts only that topic.' },
);

// The fallback handler (web.spotFallback): a small Lambda that calls the ECS and CloudWatch APIs.
acknowledgeSpotFallbackHandler(web.spotFallback!);
Validations.of(stack).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants and the fallback handler\'s least-privilege policy are inline policies scoped to this stack\'s resources.' },
);

// Shared per-organisation choices (examples/shared/acknowledgements.ts).
acknowledgeServiceWithoutDomain(web);
acknowledgeAccessLogsBucket(web.accessLogsBucket!);
acknowledgeLogGroupChoices(stack);
acknowledgeVpcChoices(stack);

// Which topology this workload should have (README, "Choosing a topology"). The candidates'
// compute is priced on demand (the decision does not model Fargate Spot), so each candidate's cost
// is higher than this spot service's by the same primary-region amount.
new TopologyDecision(stack, 'TopologyDecision', {
  workload: web,
  workloadName: 'spot web',
  region: 'us-east-1',
  revenuePerHourUsd: 500,
  compute: { tasks: 6, vcpu: 0.5, memoryGb: 1 },
  traffic: { requestsPerMonth: 50_000_000, internetGbPerMonth: 100 },
  dataStore: DecisionDataStore.NONE,
});

app.synth();
