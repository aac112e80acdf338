import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CloudNativeChecks, CostChecks, ServiceCapacity, StatelessService } from '../../src';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

/**
 * Third-party checks on StatelessService with default props, through the plugin path
 * (`Validations.of(app).addPlugins`) at synth. Findings are counted per (rule, resource).
 * Every remaining NIST and cfn-guard finding is listed and reasoned in README.md.
 */
describe('StatelessService with default props under third-party checks', () => {
  const app = checkedApp(['AwsSolutions', 'NIST.800.53.R5', 'cfn-guard']);
  const stack = regionalStack(app);
  new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx') });
  const result = synthFindings(app);

  test('AwsSolutions: no unacknowledged finding', () => {
    expect(ruleIds(result.findings, 'AwsSolutions')).toEqual([]);
  });

  test('NIST 800-53 R5: exactly the reasoned findings', () => {
    expect(ruleIds(result.findings, 'NIST.800.53.R5')).toEqual([
      'NIST.800.53.R5-ALBHttpToHttpsRedirection',
      'NIST.800.53.R5-ALBWAFEnabled',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
    ]);
  });

  test('cfn-guard (Control Tower rules): exactly the reasoned findings', () => {
    expect(ruleIds(result.findings, 'cdk-validator-cfnguard')).toEqual([
      'alb_http_to_https_redirection_check',
      'cloudwatch_log_group_encrypted_check',
      'cloudwatch_log_group_encrypted_check',
      'cloudwatch_log_group_retention_period_check',
      'cloudwatch_log_group_retention_period_check',
      'ecs_task_definition_nonroot_user_check',
      's3_bucket_default_encryption_kms_check',
      's3_bucket_logging_enabled_check',
      's3_bucket_object_lock_enabled_check',
      's3_event_notifications_enabled_check',
    ]);
  });

  test('the plugin path failed synthesis because findings exist', () => {
    expect(result.failed).toBe(true);
  });
});

describe('StatelessService with scratch paths and Fargate Spot under our packs', () => {
  test('the scratch bind mounts are not host volumes: no ECSTaskHostVolumes (or any CloudNative/Cost) finding', () => {
    const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    const stack = regionalStack(app);
    new StatelessService(stack, 'Web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      scratchPaths: ['/var/cache/nginx', '/var/run'],
      capacity: ServiceCapacity.spotAboveOnDemandBase(),
    });
    // A control the rule must flag, so this test fails if the pack does not run.
    new ecs.Ec2TaskDefinition(stack, 'HostVolumeControl', { volumes: [{ name: 'data', host: { sourcePath: '/data' } }] })
      .addContainer('c', { image: ecs.ContainerImage.fromRegistry('busybox'), memoryLimitMiB: 128 });
    const result = synthFindings(app);
    expect(ruleIds(result.findings.filter((f) => f.constructPath.startsWith('Stack/Web/')))).toEqual([]);
    expect(ruleIds(result.findings.filter((f) => f.constructPath.startsWith('Stack/HostVolumeControl')))).toContain('CloudNative-ECSTaskHostVolumes');
  });
});
