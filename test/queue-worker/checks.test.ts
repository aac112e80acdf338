import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CloudNativeChecks, CostChecks, QueueWorkerService } from '../../src';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

/**
 * QueueWorkerService with default props under AwsSolutions and our packs, through the plugin path
 * (`Validations.of(app).addPlugins`) at synth. Findings are counted per (rule, resource).
 */
describe('QueueWorkerService with default props under the checks', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  new QueueWorkerService(stack, 'Worker', { image: IMAGE });
  // A control our new rule must flag, so this test fails if the pack does not run it.
  new sqs.Queue(stack, 'NoDlqControl', { enforceSSL: true });
  const result = synthFindings(app);
  const worker = result.findings.filter((f) => f.constructPath.startsWith('Stack/Worker/'));

  test('AwsSolutions: no unacknowledged finding', () => {
    expect(ruleIds(worker, 'AwsSolutions')).toEqual([]);
  });

  test('CloudNative and CloudNativeCost: no unacknowledged finding', () => {
    expect(ruleIds(worker, 'CloudNative')).toEqual([]);
    expect(ruleIds(worker, 'CloudNativeCost')).toEqual([]);
  });

  test('the control queue without a dead-letter queue is flagged', () => {
    expect(ruleIds(result.findings.filter((f) => f.constructPath.startsWith('Stack/NoDlqControl')), 'CloudNative')).toEqual(['CloudNative-SQSQueueDeadLetterQueue']);
  });
});

describe('QueueWorkerService with default props under NIST 800-53 R5 and cfn-guard', () => {
  const app = checkedApp(['NIST.800.53.R5', 'cfn-guard']);
  const stack = regionalStack(app);
  new QueueWorkerService(stack, 'Worker', { image: IMAGE });
  const result = synthFindings(app);
  const worker = result.findings.filter((f) => f.constructPath.startsWith('Stack/Worker/'));

  test('NIST 800-53 R5: exactly these findings (per-organisation choices, reasoned in README.md)', () => {
    // Alarm actions: the four alarms notify nobody without alarmTopic (a tagged warning); the rest as StatelessService.
    expect(ruleIds(worker, 'NIST.800.53.R5')).toEqual([
      'NIST.800.53.R5-CloudWatchAlarmAction',
      'NIST.800.53.R5-CloudWatchAlarmAction',
      'NIST.800.53.R5-CloudWatchAlarmAction',
      'NIST.800.53.R5-CloudWatchAlarmAction',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-LambdaConcurrency',
      'NIST.800.53.R5-LambdaDLQ',
      'NIST.800.53.R5-LambdaInsideVPC',
      'NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
    ]);
  });

  test('cfn-guard: exactly these findings; the dead-letter queue needs no dead-letter queue of its own (acknowledged)', () => {
    expect(ruleIds(worker, 'cdk-validator-cfnguard')).toEqual([
      'cloudwatch_alarm_action_check',
      'cloudwatch_alarm_action_check',
      'cloudwatch_alarm_action_check',
      'cloudwatch_alarm_action_check',
      'cloudwatch_log_group_encrypted_check',
      'cloudwatch_log_group_encrypted_check',
      'cloudwatch_log_group_encrypted_check',
      'cloudwatch_log_group_retention_period_check',
      'cloudwatch_log_group_retention_period_check',
      'cloudwatch_log_group_retention_period_check',
      'ecs_task_definition_nonroot_user_check',
      'lambda_inside_vpc_check',
    ]);
    expect(ruleIds(worker, 'cdk-validator-cfnguard')).not.toContain('sqs_dlq_check');
  });
});
