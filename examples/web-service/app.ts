import { Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { StatelessService } from '../../src';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * A zone-resilient web service: StatelessService with its defaults, over 3 zones.
 */
const app = checkedApp();
const stack = new Stack(app, 'WebService', { env: EXAMPLE_ENV });

const web = new StatelessService(stack, 'Web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  minHealthyTasks: 2,
  healthCheckPath: '/',
});

// This example has no domain, so no certificate: the HTTP-only findings below are about that choice.
// A real deployment passes `domainName` and `domainZone` and these three go away.
Validations.of(web).acknowledge(
  { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: 'Example without a domain: HTTP only (the construct warns; pass domainName/domainZone for HTTPS with redirect).' },
  { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: 'Example without a domain: no certificate to attach.' },
  { id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check', reason: 'Example without a domain: HTTP only.' },
  { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: 'WAF is priced per web ACL and rule and is a per-organisation choice; associate one with web.loadBalancer where required.' },
  { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: 'Log groups use CloudWatch Logs service-side encryption; a customer-managed KMS key costs $1/month plus requests and is a per-organisation choice.' },
  { id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check', reason: 'As NIST CloudWatchLogGroupEncrypted.' },
  { id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check', reason: 'Container and flow logs are kept 30 days by design (cost); raise logRetention where a regulation asks for a year.' },
  { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants (task execution role, flow log role) are inline policies scoped to the resources of this service.' },
  { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'The access-log bucket only receives ALB logs; logging its own access needs another bucket.' },
  { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Access logs are operational data, not replicated to a second region.' },
  { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'ALB access logs support SSE-S3 only.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'ALB access logs support SSE-S3 only.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: 'The access-log bucket only receives ALB logs.' },
  { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'Access logs expire after 90 days; object lock would prevent the lifecycle expiry.' },
  { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'Nothing consumes access-log object events.' },
  { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group; closing it needs a custom-resource Lambda.' },
  { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason: 'Public subnets hold only the internet-facing load balancer and NAT gateways, which need the route to the internet gateway.' },
  { id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check', reason: 'The public nginx image starts as root to bind port 80; an image built for this service would set USER.' },
);

app.synth();
