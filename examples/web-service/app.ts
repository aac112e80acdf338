import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DecisionDataStore, DrillKind, EgressAwareVpc, LoadBalancedObjective, NatStrategy, ResiliencePolicy, Rollout, StatelessService, TopologyDecision } from '../../src';
import { acknowledgeAccessLogsBucket, acknowledgeLogGroupChoices, acknowledgeServiceWithoutDomain, acknowledgeVpcChoices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * A zone-resilient web service: StatelessService over 3 zones in an EgressAwareVpc (a NAT gateway
 * per zone, free S3 and DynamoDB gateway endpoints), with an availability and a latency SLO whose
 * burn-rate alarms page the on-call topic and roll bad deployments back, and a ResiliencePolicy
 * that fails synthesis if a change makes the service miss its recovery or cost targets.
 *
 *   npx projen examples web-service
 */
const app = checkedApp();
const stack = new Stack(app, 'WebService', { env: EXAMPLE_ENV });

const vpc = new EgressAwareVpc(stack, 'Network', {
  maxAzs: 3,
  natStrategy: NatStrategy.ONE_PER_ZONE,
  natProcessedGbPerMonth: 50,
  workloadName: 'web network',
});

// The on-call topic, encrypted with a rotating key that CloudWatch alarms may use to publish.
const alertsKey = new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true, description: 'SLO alerts topic' });
alertsKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
const onCall = new sns.Topic(stack, 'OnCall', { masterKey: alertsKey, enforceSSL: true });

const web = new StatelessService(stack, 'Web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  // The root filesystem stays read-only; the official nginx image writes its cache and pid file.
  scratchPaths: ['/var/cache/nginx', '/var/run'],
  vpc,
  minHealthyTasks: 2,
  healthCheckPath: '/',
  workloadName: 'web',
  reportAssumptions: { internetEgressGbPerMonth: 100, averageLcus: 2 },
  slos: [
    LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) }),
    LoadBalancedObjective.latency({ targetPercent: 99, thresholdMs: 300, window: Duration.days(30) }),
  ],
  sloPageTopic: onCall,
  // Each release first serves 5 % of requests for 10 minutes, judged by the SLO alarms and the
  // deployment health alarms, then everyone; a bad one is rolled back after reaching 5 % of users.
  rollout: Rollout.canary({ percent: 5, bake: Duration.minutes(10), finalBake: Duration.minutes(10) }),
  // Failure drills for the claims the report makes: a task and a zone lost. Each FIS experiment is
  // stopped by the SLO deployment alarms; the stack outputs its template id. Zonal autoshift lets
  // AWS shift traffic away from an impaired zone, rehearsed weekly outside the release window.
  drills: {
    experiments: [DrillKind.TASK_CHURN, DrillKind.ZONE_DISRUPTION],
    zonalAutoshift: true,
    practiceRunBlockedWindows: ['Tue:14:00-Tue:16:00'],
  },
});

// Fails synthesis when the service no longer survives a task, a zone and a bad deployment within
// 10 minutes (a crash-looping release takes the circuit breaker 140 s; one serving errors, the
// canary's alarms and the shift back 130 s), or when its modelled monthly
// cost passes the budget. No RPO target: the tasks hold no data, and the data of the stores the
// service reaches by config is not modelled by the library, so no RPO could be shown to meet one.
new ResiliencePolicy(stack, 'Policy', { rto: Duration.minutes(10), monthlyBudgetUsd: 400 });

// CDK grants are inline policies, scoped to this example's resources.
Validations.of(web).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants (task execution role) are inline policies scoped to the resources of this service.' },
);
// The burn-rate window alarms have no action by design: their composite (page / ticket) notifies.
Validations.of(web.slos!).acknowledge(
  { id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', reason: 'Each burn-rate window alarm is one half of a multi-window rule; the composite page and ticket alarms that AND them notify the on-call topic, so the halves alone must not page.' },
);
// CloudWatch publishes alarm notifications to the encrypted topic: its service principal needs the key.
Validations.of(alertsKey).acknowledge(
  { id: 'cdk-validator-cfnguard::kms_create_grant_aws_service_check', reason: 'The key policy lets cloudwatch.amazonaws.com use this key (Decrypt, GenerateDataKey) so alarms can publish to the encrypted on-call topic; the key encrypts only that topic.' },
);
// ARC reads the practice-run outcome alarm's state; the SLO page alarms are what notify people.
Validations.of(web.drills!).acknowledge(
  { id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', reason: 'The zonal autoshift practice-run outcome alarm (a composite of the two SLO deployment alarms) is read by ARC to end a practice run as FAILED; the SLO page alarms notify the on-call topic.' },
);
Validations.of(vpc).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The flow log role\'s inline policy is scoped to its log group.' },
);

// Shared per-organisation choices (examples/shared/acknowledgements.ts). This example has no
// domain, so no certificate: a real deployment passes `domainName` and `domainZone`.
acknowledgeServiceWithoutDomain(web);
acknowledgeAccessLogsBucket(web.accessLogsBucket!);
acknowledgeLogGroupChoices(stack);
acknowledgeVpcChoices(vpc);

// Which topology this workload should have (README, "Choosing a topology"): every candidate from
// single region to active-active, priced and weighed against $1,000 an hour of downtime, checked
// against the policy above (found over the workload); the report gets the comparison.
new TopologyDecision(stack, 'TopologyDecision', {
  workload: web,
  workloadName: 'web',
  region: EXAMPLE_ENV.region,
  revenuePerHourUsd: 1000,
  compute: { tasks: 3, vcpu: 0.5, memoryGb: 1 },
  traffic: { requestsPerMonth: 50_000_000, internetGbPerMonth: 100 },
  dataStore: DecisionDataStore.NONE,
});

app.synth();
