import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EgressAwareVpc, LoadBalancedObjective, NatStrategy, ResiliencePolicy, StatelessService } from '../../src';
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

// This example has no domain, so no certificate: the HTTP-only findings below are about that choice.
// A real deployment passes `domainName` and `domainZone` and these three go away.
Validations.of(web).acknowledge(
  { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: 'Example without a domain: HTTP only (the construct warns; pass domainName/domainZone for HTTPS with redirect).' },
  { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: 'Example without a domain: no certificate to attach.' },
  { id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check', reason: 'Example without a domain: HTTP only.' },
  { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: 'WAF is priced per web ACL and rule and is a per-organisation choice; associate one with web.loadBalancer where required.' },
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants (task execution role) are inline policies scoped to the resources of this service.' },
  { id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check', reason: 'The public nginx image starts as root to bind port 80; an image built for this service would set USER.' },
);
// Choices common to every log group of the example (container logs, flow logs).
Validations.of(stack).acknowledge(
  { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: 'Log groups use CloudWatch Logs service-side encryption; a customer-managed KMS key costs $1/month plus requests and is a per-organisation choice.' },
  { id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check', reason: 'As NIST CloudWatchLogGroupEncrypted.' },
  { id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check', reason: 'Container and flow logs are kept 30 days by design (cost); raise logRetention where a regulation asks for a year.' },
);
Validations.of(vpc).acknowledge(
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The flow log role\'s inline policy is scoped to its log group.' },
  { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group; closing it needs a custom-resource Lambda.' },
  { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason: 'Public subnets hold only the internet-facing load balancer and NAT gateways, which need the route to the internet gateway.' },
);

// The stack's shared access-log bucket (web.accessLogsBucket): ALB access logs only.
Validations.of(web.accessLogsBucket!).acknowledge(
  { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'The access-log bucket only receives ALB logs; logging its own access needs another bucket.' },
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Access logs are operational data, not replicated to a second region.' },
  { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'ALB access logs support SSE-S3 only.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'ALB access logs support SSE-S3 only.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: 'The access-log bucket only receives ALB logs.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'Access logs expire after 90 days; object lock would prevent the lifecycle expiry.' },
  { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'Nothing consumes access-log object events.' },
);

app.synth();
