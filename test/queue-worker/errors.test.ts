import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { build, envStack, IMAGE } from './fixtures';
import { QueueWorkerService, ServiceCapacity } from '../../src';
import { PatternValidationError } from '../../src/core/errors';

function attempt(props: object) {
  return () => build(props as never);
}

describe('QueueWorkerService bad input: errors name the prop and the fix', () => {
  test('visibility timeout not above max processing + stop timeout', () => {
    expect(attempt({ visibilityTimeout: Duration.seconds(180) }))
      .toThrow(/visibilityTimeout: is 180 s, not more than maxProcessingTime 60 s \+ stopTimeout 120 s = 180 s[\s\S]*Fix: set visibilityTimeout above 180 seconds \(e\.g\. Duration\.seconds\(210\)\)/);
  });

  test('a queue passed in with too short a visibility timeout (its own default 30 s)', () => {
    const stack = envStack();
    const queue = new sqs.Queue(stack, 'Given', { deadLetterQueue: { queue: new sqs.Queue(stack, 'GivenDlq'), maxReceiveCount: 3 } });
    expect(() => build({ queue }, stack)).toThrow(/queue: is 30 s, not more than maxProcessingTime 60 s \+ stopTimeout 120 s = 180 s[\s\S]*the queue's visibilityTimeout above 180 seconds/);
  });

  test('maxReceiveCount below 1 or above 1000', () => {
    expect(attempt({ maxReceiveCount: 0 })).toThrow(/maxReceiveCount: is 0; SQS moves a message to the dead-letter queue after 1 to 1000 receives/);
    expect(attempt({ maxReceiveCount: 1001 })).toThrow(/maxReceiveCount: is 1001/);
    expect(attempt({ maxReceiveCount: 2.5 })).toThrow(/maxReceiveCount: must be a whole number, got 2.5/);
  });

  test('maximum below the floor', () => {
    expect(attempt({ minHealthyTasks: 4, maxTasks: 5 }))
      .toThrow(/maxTasks: 5 is below the minimum of 6 tasks \(the zone-loss floor of minHealthyTasks 4 over 3 zones\)\. Fix: set maxTasks to at least 6/);
  });

  test('processing times out of order, latency shorter than a message, retention out of range, an ARM64 spot worker', () => {
    expect(attempt({ averageProcessingTime: Duration.minutes(2), maxProcessingTime: Duration.minutes(1) }))
      .toThrow(/averageProcessingTime and maxProcessingTime: the average \(120 s\) is above the maximum \(60 s\)/);
    expect(attempt({ acceptableLatency: Duration.seconds(5) })).toThrow(/acceptableLatency: is 5 s, shorter than one message's average processing time 10 s/);
    expect(attempt({ retentionPeriod: Duration.days(15) })).toThrow(/retentionPeriod: is 1296000 seconds, outside the allowed range between 60 and 1209600 seconds/);
    expect(attempt({ cpuArchitecture: ecs.CpuArchitecture.ARM64 })).toThrow(/capacity and cpuArchitecture: Fargate Spot runs X86_64 tasks only/);
  });

  test('stop timeout above Fargate\'s 120 s', () => {
    expect(attempt({ stopTimeout: Duration.seconds(150) })).toThrow(/stopTimeout: is 150 seconds, outside the allowed range between 2 and 120 seconds/);
  });

  test('every problem in one error, each with its fix', () => {
    let error: unknown;
    try {
      build({ maxReceiveCount: 0, minHealthyTasks: 4, maxTasks: 5, visibilityTimeout: Duration.seconds(100), cpu: 300, environment: { DB_PASSWORD: 'x' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatternValidationError);
    const issues = (error as PatternValidationError).issues.map((i) => i.prop);
    expect(issues).toEqual(['cpu', 'environment', 'maxReceiveCount', 'visibilityTimeout', 'maxTasks']);
    expect((error as Error).message).toMatch(/^\[Stack\/Worker\] 5 problems with the props:/);
  });
});

describe('QueueWorkerService from JavaScript: no TypeError, no raw aws-cdk-lib message', () => {
  const stack = () => envStack();
  test('props missing', () => {
    expect(() => new QueueWorkerService(stack(), 'W', undefined as never)).toThrow(/\[Stack\/W\] props: are required but were not given/);
  });
  test('image missing, wrong types everywhere', () => {
    expect(() => new QueueWorkerService(stack(), 'W', {
      maxReceiveCount: 'five', maxProcessingTime: 60, queue: 'my-queue', capacity: 'spot', environment: 'A=B', minHealthyTasks: -1,
    } as never)).toThrow(/image: is required[\s\S]*environment: must be a map[\s\S]*capacity: must be a ServiceCapacity, got 'spot'[\s\S]*maxProcessingTime: must be a Duration, got 60[\s\S]*queue: must be an sqs.IQueue, got 'my-queue'/);
  });
  test('a number that is not finite', () => {
    expect(() => new QueueWorkerService(stack(), 'W', { image: IMAGE, maxTasks: NaN } as never)).toThrow(/maxTasks: must be a finite number, got NaN/);
  });
});

describe('QueueWorkerService warnings: legitimate but risky', () => {
  test('FIFO with spot only and no base: ordering stalls during a reclaim', () => {
    const { stack } = build({ fifo: true });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('FIFO and every task runs on Fargate Spot with no on-demand base'));
    const withBase = build({ fifo: true, capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 1 }) });
    Annotations.fromStack(withBase.stack).hasNoWarning('/Stack/Worker', Match.stringLikeRegexp('FIFO'));
  });

  test('an imported queue without a dead-letter queue', () => {
    const s = envStack();
    const queue = sqs.Queue.fromQueueArn(s, 'Imported', 'arn:aws:sqs:us-east-1:123456789012:jobs');
    build({ queue }, s);
    Annotations.fromStack(s).hasWarning('/Stack/Worker', Match.stringLikeRegexp('no dead-letter queue this construct can see'));
  });

  test('retention shorter than draining a day of messages at the maximum', () => {
    // ceil(30,000,000 / 30) = 1,000,000 messages x 10 s / 10 tasks = 1,000,000 s > 7 days (604,800 s).
    const { stack } = build({ retentionPeriod: Duration.days(7), reportAssumptions: { messagesPerMonth: 30_000_000 } });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker',
      Match.stringLikeRegexp('retentionPeriod 604800 s is shorter than draining a day of messages at the maximum scale: ceil\\(30000000 / 30\\) = 1000000 messages x 10 s / 10 tasks = 1000000 s'));
    const ok = build({ retentionPeriod: Duration.days(7) });
    Annotations.fromStack(ok.stack).hasNoWarning('/Stack/Worker', Match.stringLikeRegexp('retentionPeriod'));
  });

  test('queue props ignored on a queue passed in', () => {
    const s = envStack();
    const queue = new sqs.Queue(s, 'Given', { visibilityTimeout: Duration.minutes(5), deadLetterQueue: { queue: new sqs.Queue(s, 'D'), maxReceiveCount: 3 } });
    build({ queue, maxReceiveCount: 4 }, s);
    Annotations.fromStack(s).hasWarning('/Stack/Worker', Match.stringLikeRegexp('maxReceiveCount applies only to the queue this construct creates'));
    Annotations.fromStack(s).hasNoWarning('/Stack/Worker', Match.stringLikeRegexp('no dead-letter queue'));
  });

  test('a freshness objective below the acceptable latency', () => {
    const { stack } = build({ freshnessObjective: Duration.minutes(2) });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('freshnessObjective 120 s is below acceptableLatency 300 s'));
  });

  test('a given cluster must have Container Insights', () => {
    const app = new App();
    const s = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const first = new QueueWorkerService(s, 'First', { image: IMAGE });
    new QueueWorkerService(s, 'Second', { image: IMAGE, cluster: first.cluster });
    Annotations.fromStack(s).hasWarning('/Stack/Second', Match.stringLikeRegexp('Container Insights must be on'));
  });
});

describe('QueueWorkerService with tokens', () => {
  test('a token processing time, latency, freshness or stop timeout is an error: the target and thresholds are computed at synth', () => {
    const s = envStack();
    const p = new CfnParameter(s, 'Seconds', { type: 'Number' });
    expect(() => build({ averageProcessingTime: Duration.seconds(p.valueAsNumber), stopTimeout: Duration.seconds(p.valueAsNumber) }, s))
      .toThrow(/averageProcessingTime: is a token \(known only at deploy time\)[\s\S]*stopTimeout: is a token/);
  });

  test('a token maximum reaches the template; the report says it cannot model the worker', () => {
    const s = envStack();
    const p = new CfnParameter(s, 'Max', { type: 'Number' });
    const { template } = build({ maxTasks: p.valueAsNumber }, s);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MaxCapacity: { Ref: 'Max' } });
    Annotations.fromStack(s).hasWarning('/Stack/Worker', Match.stringLikeRegexp('cannot model this worker'));
  });

  test('QUEUE_URL is the construct\'s', () => {
    expect(attempt({ environment: { QUEUE_URL: 'x' } })).toThrow(/environment: sets QUEUE_URL/);
  });
});
