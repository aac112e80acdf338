import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { StatelessService } from '../../src';

/**
 * Acknowledgements the reference architectures share, each with its reason: choices that belong to
 * the organisation deploying them, not to the example.
 */

/** A StatelessService example without a domain: HTTP only, no WAF, a public image that runs as root. */
export function acknowledgeServiceWithoutDomain(service: IConstruct): void {
  Validations.of(service).acknowledge(
    { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: 'Example without a domain: HTTP only (the construct warns; pass domainName/domainZone for HTTPS with redirect).' },
    { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: 'Example without a domain: no certificate to attach.' },
    { id: 'cdk-validator-cfnguard::alb_http_to_https_redirection_check', reason: 'Example without a domain: HTTP only.' },
    { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: 'WAF is priced per web ACL and rule and is a per-organisation choice; associate one with the service\'s loadBalancer where required.' },
    { id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check', reason: 'The public nginx image starts as root to bind port 80; an image built for this service would set USER.' },
  );
}

/** The stack's shared load balancer access-log bucket (StatelessService.accessLogsBucket). */
export function acknowledgeAccessLogsBucket(bucket: IConstruct): void {
  Validations.of(bucket).acknowledge(
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'The access-log bucket only receives ALB logs; logging its own access needs another bucket.' },
    { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Access logs are operational data, not replicated to a second region.' },
    { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'ALB access logs support SSE-S3 only.' },
    { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'ALB access logs support SSE-S3 only.' },
    { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: 'The access-log bucket only receives ALB logs.' },
    { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'Access logs expire after 90 days; object lock would prevent the lifecycle expiry.' },
    { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'Nothing consumes access-log object events.' },
  );
}

/** The Fargate Spot fallback handler (FargateSpotFallback): a small Lambda that calls the ECS and CloudWatch APIs. */
export function acknowledgeSpotFallbackHandler(fallback: IConstruct): void {
  Validations.of(fallback).acknowledge(
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'The handler runs once a minute and on placement failures; reserving concurrency would take it from the account pool for no protection.' },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'The handler is idempotent and re-runs every minute; a dead-letter queue would hold events that are stale on arrival.' },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'The handler calls only the ECS and CloudWatch APIs; running it in the VPC would add interface endpoints or NAT traffic for no isolation gain.' },
    { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: 'As NIST LambdaInsideVPC.' },
  );
}

/** Every log group under `scope`: service-side encryption and a 30-day retention by design. */
export function acknowledgeLogGroupChoices(scope: IConstruct): void {
  Validations.of(scope).acknowledge(
    { id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', reason: 'Log groups use CloudWatch Logs service-side encryption; a customer-managed KMS key costs $1/month plus requests and is a per-organisation choice.' },
    { id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check', reason: 'As NIST CloudWatchLogGroupEncrypted.' },
    { id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check', reason: 'Logs are kept 30 days by design (cost); raise the retention where a regulation asks for a year.' },
  );
}

/** A VPC whose public subnets hold only load balancers and NAT gateways. */
export function acknowledgeVpcChoices(scope: IConstruct): void {
  Validations.of(scope).acknowledge(
    { id: 'NIST.800.53.R5-VPCDefaultSecurityGroupClosed', reason: 'Nothing uses the default security group; closing it needs a custom-resource Lambda.' },
    { id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', reason: 'Public subnets hold only internet-facing load balancers and NAT gateways, which need the route to the internet gateway.' },
  );
}

/**
 * The two regional services of an ActivePassiveRegionPair example (HTTPS with each region's
 * certificate), with their access-log buckets and VPCs.
 */
export function acknowledgeRegionalServices(services: StatelessService[]): void {
  for (const service of services) {
    Validations.of(service).acknowledge(
      { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'CDK grants (task and execution roles, and the stores the pair gives the service) are inline policies scoped to the resources of this service.' },
      { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: 'The port 80 listener only redirects to the HTTPS listener on 443, which has the region\'s ACM certificate.' },
      { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: 'WAF is priced per web ACL and rule and is a per-organisation choice; associate one with the service\'s loadBalancer where required.' },
      { id: 'cdk-validator-cfnguard::ecs_task_definition_nonroot_user_check', reason: 'The public nginx image starts as root to bind port 80; an image built for this service would set USER.' },
    );
    acknowledgeAccessLogsBucket(service.accessLogsBucket!);
    acknowledgeVpcChoices(service.vpc);
  }
}
