import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EgressAwareVpc, LoadBalancedObjective, NatStrategy, ResiliencePolicy, StatelessService } from '../../src';
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
});

// Fails synthesis when the service no longer survives a task, a zone and a bad deployment within
// 5 minutes, or when its modelled monthly cost passes the budget.
new ResiliencePolicy(stack, 'Policy', { rto: Duration.minutes(5), rpo: Duration.minutes(0), monthlyBudgetUsd: 400 });

// CDK grants are inline policies, scoped to this example's resources.
Validations.of(web).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants (task execution role) are inline policies scoped to the resources of this service.' },
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

app.synth();
