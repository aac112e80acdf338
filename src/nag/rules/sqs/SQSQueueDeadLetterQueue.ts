import { CfnResource } from 'aws-cdk-lib';
import { get, isIntrinsic, isObject, logicalIdOf, perStack, props, raw, referencedIds, stackResources, str } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

const QUEUE = 'AWS::SQS::Queue';

/**
 * Keys under which CloudFormation names a dead-letter or on-failure target: an SQS queue's or SNS
 * subscription's `RedrivePolicy.deadLetterTargetArn`, the `DeadLetterConfig` of a Lambda function,
 * an EventBridge rule target or an EventBridge Scheduler schedule, and the `OnFailure` destination
 * of a Lambda event invoke config or event source mapping.
 */
const DEAD_LETTER_KEYS: ReadonlySet<string> = new Set(['RedrivePolicy', 'DeadLetterConfig', 'OnFailure']);

/** Collects the references and literal SQS ARNs under every dead-letter key of a value. */
function collect(value: unknown, ids: Set<string>, names: Set<string>, under: boolean): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, ids, names, under);
    return;
  }
  if (typeof value === 'string') {
    if (under && /^arn:[^:]+:sqs:/.test(value)) names.add(value.split(':').pop() as string);
    return;
  }
  if (!isObject(value)) return;
  if (under) referencedIds(value, ids);
  for (const [k, v] of Object.entries(value)) collect(v, ids, names, under || DEAD_LETTER_KEYS.has(k));
}

/**
 * The queues of a stack named as a dead-letter target by any resource of it: logical ids, and
 * queue names of literal ARNs. Indexed once per stack.
 */
function deadLetterTargets(node: CfnResource): { ids: Set<string>; names: Set<string> } {
  return perStack(node, 'sqs:deadLetterTargets', () => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const r of stackResources(node)) collect(raw(props(r)), ids, names, false);
    return { ids, names };
  });
}

/**
 * SQS queues with no dead-letter queue that are not a dead-letter queue themselves: a message
 * its consumer always fails (a poison message) is received again and again until its retention
 * ends, costs a receive each time, hides real backlog behind it and is then lost. A queue is a
 * dead-letter queue when a resource of the stack names it as one (`RedrivePolicy`,
 * `DeadLetterConfig`, `OnFailure`, also inside conditions) or it has a `RedriveAllowPolicy`.
 */
export function SQSQueueDeadLetterQueue(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== QUEUE) return NOT_APPLICABLE;
  const p = props(node);
  const redrive = raw(p, 'RedrivePolicy');
  if (redrive !== undefined) {
    // A value known only at deploy time (an intrinsic) or a JSON string is not judged; an object needs its target.
    if (!isObject(redrive) || isIntrinsic(redrive)) return COMPLIANT;
    return raw(p, 'RedrivePolicy', 'deadLetterTargetArn') === undefined ? NON_COMPLIANT : COMPLIANT;
  }
  if (raw(p, 'RedriveAllowPolicy') !== undefined) return NOT_APPLICABLE;
  const targets = deadLetterTargets(node);
  if (targets.ids.has(logicalIdOf(node))) return NOT_APPLICABLE;
  const name = str(get(p, 'QueueName'));
  if (typeof name === 'string' && targets.names.has(name)) return NOT_APPLICABLE;
  return NON_COMPLIANT;
}

export const SQSQueueDeadLetterQueueRule: RuleDefinition = {
  rule: SQSQueueDeadLetterQueue,
  resourceTypes: [QUEUE],
  level: NagMessageLevel.ERROR,
  info: 'The SQS queue has no dead-letter queue.',
  explanation: 'A message the consumer always fails (a poison message) is received again and again until its retention period ends: every attempt costs a receive and a visibility timeout, it hides real backlog from scaling and alarms, and it is then deleted unseen. Give the queue a RedrivePolicy with a dead-letter queue and a maxReceiveCount, and alarm on the dead-letter queue\'s depth; QueueWorkerService does (5 receives, 14 days, an alarm on any message).',
  checks: 'AWS::SQS::Queue without `RedrivePolicy` (or whose `RedrivePolicy` object has no `deadLetterTargetArn`) that is not itself a dead-letter queue: no resource of the stack names it under `RedrivePolicy` (SQS queues, SNS subscriptions), `DeadLetterConfig` (Lambda functions, EventBridge rule targets and schedules) or `OnFailure` (Lambda destinations), by `Fn::GetAtt`/`Ref` (also inside `Fn::If`) or a literal ARN ending in its `QueueName`, and it has no `RedriveAllowPolicy`.',
  source: 'Amazon SQS Developer Guide, "Using dead-letter queues in Amazon SQS"; AWS Well-Architected Reliability Pillar, REL05-BP04 (fail fast and limit queues).',
};
