import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EgressAwareVpc, LoadBalancedObjective, ServiceCapacity, StatelessService } from '../../src';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * A web service on Fargate Spot with a real fallback: StatelessService keeps its zone-loss floor
 * (3 tasks over 3 zones) on on-demand FARGATE and runs the tasks above it on FARGATE_SPOT (weight
 * 3:1). When Fargate Spot cannot place tasks (SERVICE_TASK_PLACEMENT_FAILURE), the on-demand twin
 * it builds (`spotFallback`) runs them on FARGATE, and hands them back when spot places them again.
 * An availability SLO rolls bad deployments back.
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
  vpc,
  capacity: ServiceCapacity.spotAboveOnDemandBase(),
  // 3 on demand (the zone-loss floor), then floor((9 - 3) x 3 / 4) = 4 on Fargate Spot and 2 more on demand.
  desiredCount: 9,
  maxCapacity: 18,
  minHealthyTasks: 2,
  healthCheckPath: '/',
  workloadName: 'spot web',
  slos: [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })],
  sloPageTopic: ops,
});

// In alarm while the on-demand twin runs tasks that Fargate Spot could not place: capacity is
// safe, but it costs on-demand prices until spot returns.
web.spotFallback!.fallbackAlarm.addAlarmAction(new cwActions.SnsAction(ops));

// No domain in this example: HTTP only (the construct warns).
Validations.of(web).acknowledge(
  { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: 'Example without a domain: HTTP only (the construct warns; pass domainName/domainZone for HTTPS with redirect).' },
  { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: 'Example without a domain: no certificate to attach.' },
  { id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check', reason: 'Example without a domain: HTTP only.' },
  { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: 'WAF is priced per web ACL and rule and is a per-organisation choice; associate one with web.loadBalancer where required.' },
  { id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check', reason: 'The public nginx image starts as root to bind port 80; an image built for this service would set USER.' },
);
// The fallback handler (web.spotFallback): a small Lambda that calls the ECS and CloudWatch APIs.
Validations.of(web.spotFallback!).acknowledge(
  { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'The handler runs once a minute and on placement failures; reserving concurrency would take it from the account pool for no protection.' },
  { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'The handler is idempotent and re-runs every minute; a dead-letter queue would hold events that are stale on arrival.' },
  { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'The handler calls only the ECS and CloudWatch APIs; running it in the VPC would add interface endpoints or NAT traffic for no isolation gain.' },
  { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: 'As NIST LambdaInsideVPC.' },
);
Validations.of(stack).acknowledge(
  { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: 'Log groups use CloudWatch Logs service-side encryption; a customer-managed KMS key costs $1/month plus requests and is a per-organisation choice.' },
  { id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check', reason: 'As NIST CloudWatchLogGroupEncrypted.' },
  { id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check', reason: 'Container, handler and flow logs are kept 30 days by design (cost); raise the retention where a regulation asks for a year.' },
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants and the fallback handler\'s least-privilege policy are inline policies scoped to this stack\'s resources.' },
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
