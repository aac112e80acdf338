import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagRuleCompliance } from 'cdk-nag';
import { SQSQueueDeadLetterQueueRule } from '../../../src/nag/rules/sqs/SQSQueueDeadLetterQueue';
import { evaluate, expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

const QUEUE = 'AWS::SQS::Queue';

describe('SQSQueueDeadLetterQueue', () => {
  test('Noncompliance 1: a queue with no RedrivePolicy (L2 default)', () => {
    const stack = newStack();
    new sqs.Queue(stack, 'Work');
    const [finding] = expectNonCompliant(stack, SQSQueueDeadLetterQueueRule, 'Work/Resource');
    expect(finding.ruleId).toBe('CloudNative-SQSQueueDeadLetterQueue');
  });
  test('Noncompliance 2: a RedrivePolicy without deadLetterTargetArn', () => {
    const stack = newStack();
    res(stack, 'Work', QUEUE, { RedrivePolicy: { maxReceiveCount: 5 } });
    expectNonCompliant(stack, SQSQueueDeadLetterQueueRule, 'Work');
  });
  test('Noncompliance 3: a queue whose name only looks like another queue\'s target (different name)', () => {
    const stack = newStack();
    res(stack, 'Work', QUEUE, { RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:work-dlq', maxReceiveCount: 5 } });
    res(stack, 'Other', QUEUE, { QueueName: 'other' });
    expectNonCompliant(stack, SQSQueueDeadLetterQueueRule, 'Other');
  });
  test('Compliance: a queue with a dead-letter queue (L2), and a RedrivePolicy from a parameter', () => {
    const stack = newStack();
    const dlq = new sqs.Queue(stack, 'Dlq');
    new sqs.Queue(stack, 'Work', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    const p = new CfnParameter(stack, 'Redrive');
    res(stack, 'FromParam', QUEUE, { RedrivePolicy: p.valueAsString });
    res(stack, 'Conditional', QUEUE, { RedrivePolicy: Fn.conditionIf('UseDlq', { deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 5 }, Fn.ref('AWS::NoValue')) });
    expectCompliant(stack, SQSQueueDeadLetterQueueRule, 'Work/Resource');
    expectCompliant(stack, SQSQueueDeadLetterQueueRule, 'FromParam');
    expectCompliant(stack, SQSQueueDeadLetterQueueRule, 'Conditional');
    // The dead-letter queue itself is not judged.
    expectNonCompliant(stack, SQSQueueDeadLetterQueueRule);
  });
  test('Not applicable: dead-letter queues (of queues, rules, functions; by reference, in a condition, by literal ARN, by RedriveAllowPolicy) and other resources', () => {
    const stack = newStack();
    const dlq = new sqs.Queue(stack, 'Dlq');
    res(stack, 'Work', QUEUE, { RedrivePolicy: { deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 5 } });
    res(stack, 'NamedDlq', QUEUE, { QueueName: 'named-dlq' });
    res(stack, 'Work2', QUEUE, { RedrivePolicy: { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:named-dlq', maxReceiveCount: 3 } });
    res(stack, 'AllowDlq', QUEUE, { RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
    res(stack, 'Topic', 'AWS::SNS::Topic', {});
    // Named as a dead-letter target inside a condition, by an EventBridge rule target and by a Lambda function.
    const conditional = res(stack, 'ConditionalDlq', QUEUE, {});
    res(stack, 'Work3', QUEUE, { RedrivePolicy: Fn.conditionIf('UseDlq', { deadLetterTargetArn: Fn.getAtt(conditional.logicalId, 'Arn'), maxReceiveCount: 5 }, Fn.ref('AWS::NoValue')) });
    const ruleDlq = res(stack, 'RuleDlq', QUEUE, {});
    res(stack, 'Rule', 'AWS::Events::Rule', { Targets: [{ Id: 't', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', DeadLetterConfig: { Arn: Fn.getAtt(ruleDlq.logicalId, 'Arn') } }] });
    res(stack, 'FunctionDlq', QUEUE, { QueueName: 'fn-dlq' });
    res(stack, 'Fn', 'AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:123456789012:fn-dlq' } });
    // A queue merely referenced elsewhere (a policy, an environment variable) is still judged.
    const used = res(stack, 'UsedQueue', QUEUE, {});
    res(stack, 'Fn2', 'AWS::Lambda::Function', { Environment: { Variables: { QUEUE: Fn.ref(used.logicalId) } } });
    // Only the sources are judged (compliant); the three dead-letter queues and the topic are not applicable.
    const { results } = evaluate(stack, SQSQueueDeadLetterQueueRule);
    expect(results).toEqual({
      'Stack/Dlq/Resource': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/Work': NagRuleCompliance.COMPLIANT,
      'Stack/NamedDlq': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/Work2': NagRuleCompliance.COMPLIANT,
      'Stack/AllowDlq': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/Topic': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/ConditionalDlq': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/Work3': NagRuleCompliance.COMPLIANT,
      'Stack/RuleDlq': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/Rule': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/FunctionDlq': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/Fn': NagRuleCompliance.NOT_APPLICABLE,
      'Stack/UsedQueue': NagRuleCompliance.NON_COMPLIANT,
      'Stack/Fn2': NagRuleCompliance.NOT_APPLICABLE,
    });
    expectNonCompliant(stack, SQSQueueDeadLetterQueueRule, 'UsedQueue');
    const empty = newStack();
    res(empty, 'Topic', 'AWS::SNS::Topic', {});
    expectNotApplicable(empty, SQSQueueDeadLetterQueueRule);
  });
});
