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
