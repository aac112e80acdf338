import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { build, envStack, logicalId } from './fixtures';
import { ServiceCapacity } from '../../src';

describe('QueueWorkerService with only an image', () => {
  const { stack, worker, template } = build();
  const queueId = logicalId(stack, worker.queue as never);
  const dlqId = logicalId(stack, worker.deadLetterQueue as never);
  const serviceId = logicalId(stack, worker.service);
  const clusterId = logicalId(stack, worker.cluster as never);

  test('a queue: SSE-SQS, 14 days, visibility 60 + 120 + 30 = 210 s, long polling, dead-letter queue after 5 receives, retained', () => {
    template.hasResource('AWS::SQS::Queue', {
      Properties: {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
        VisibilityTimeout: 210,
        ReceiveMessageWaitTimeSeconds: 20,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(worker.visibilityTimeoutSeconds).toBe(210);
  });

  test('a dead-letter queue: SSE-SQS, 14 days, retained, not FIFO', () => {
    template.hasResource('AWS::SQS::Queue', {
      Properties: Match.exact({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 }),
      DeletionPolicy: 'Retain',
    });
    template.resourceCountIs('AWS::SQS::Queue', 2);
  });

  test('both queues deny requests without TLS', () => {
    for (const id of [queueId, dlqId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    }
  });

  test('a cluster with Container Insights (the scaling divides by its RunningTaskCount) and the Fargate providers', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
  });

  test('the task: 512 CPU, 1024 MiB, x86_64, read-only root, stop timeout 120 s, QUEUE_URL, logs kept a month', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '512',
      Memory: '1024',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        Name: 'App',
        ReadonlyRootFilesystem: true,
        StopTimeout: 120,
        Memory: 1024,
        Environment: [{ Name: 'QUEUE_URL', Value: { Ref: queueId } }],
      })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the task role consumes the queue and may set its own scale-in protection, on the cluster\'s tasks only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } }),
          {
            Action: ['ecs:GetTaskProtection', 'ecs:UpdateTaskProtection'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:us-east-1:123456789012:task/', { Ref: clusterId }, '/*']] },
          },
        ]),
      },
    });
  });

  test('the service: no load balancer, no DesiredCount, every task on FARGATE_SPOT above a base of 0, circuit breaker and alarm rollback', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      TaskDefinition: Match.anyValue(),
      DesiredCount: Match.absent(),
      LoadBalancers: Match.absent(),
      HealthCheckGracePeriodSeconds: Match.absent(),
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 0, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: { AlarmNames: [{ Ref: logicalId(stack, worker.notDrainingAlarm) }], Enable: true, Rollback: true },
      },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      AvailabilityZoneRebalancing: 'ENABLED',
    });
    expect(worker.onDemandBase).toBe(0);
    expect(worker.zoneCount).toBe(3);
  });

  test('autoscaling between 0 and 10 tasks', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 0,
      MaxCapacity: 10,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    expect([worker.minTasks, worker.maxTasks]).toEqual([0, 10]);
  });

  test('target tracking on (visible + in flight) / running tasks, target 300 s / 10 s = 30, the exact metric math', () => {
    expect(worker.targetBacklogPerTask).toBe(30);
    const targetId = stack.getLogicalId(worker.scaling.node.findChild('Target').node.defaultChild as never);
    const queueName = { 'Fn::GetAtt': [queueId, 'QueueName'] };
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      ScalingTargetId: { Ref: targetId },
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 30,
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
        CustomizedMetricSpecification: {
          Metrics: [
            {
              Id: 'visible',
              MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: queueName }] }, Stat: 'Sum' },
              ReturnData: false,
            },
            {
              Id: 'inflight',
              MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesNotVisible', Dimensions: [{ Name: 'QueueName', Value: queueName }] }, Stat: 'Sum' },
              ReturnData: false,
            },
            {
              Id: 'running',
              MetricStat: {
                Metric: {
                  Namespace: 'ECS/ContainerInsights',
                  MetricName: 'RunningTaskCount',
                  Dimensions: [{ Name: 'ClusterName', Value: { Ref: clusterId } }, { Name: 'ServiceName', Value: { 'Fn::GetAtt': [serviceId, 'Name'] } }],
                },
                Stat: 'Average',
              },
              ReturnData: false,
            },
            { Id: 'backlog_per_task', Expression: '(visible + inflight) / running', Label: 'Messages visible and in flight per running task', ReturnData: true },
          ],
        },
      },
    });
  });

  test('metric math rules: ids start lower case, one query returns data, the expression uses only the ids', () => {
    const policy = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', { Properties: { PolicyType: 'TargetTrackingScaling' } }))[0] as any;
    const metrics = policy.Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics as any[];
    expect(metrics.every((m) => /^[a-z][a-zA-Z0-9_]*$/.test(m.Id))).toBe(true);
    expect(metrics.filter((m) => m.ReturnData === true)).toHaveLength(1);
    const ids = metrics.filter((m) => m.MetricStat).map((m) => m.Id);
    const used = (metrics.find((m) => m.Expression).Expression as string).match(/[a-z_]+/g);
    expect(new Set(used)).toEqual(new Set(ids));
  });

  test('a minimum of 0 adds the scale-from-zero step policy and its alarm: +1 task while messages wait and none runs', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 180,
        MetricAggregationType: 'Maximum',
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: logicalId(stack, { node: { defaultChild: worker.scaleFromZeroPolicy } }) }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(visible > 0 AND FILL(running, 0) < 1, 1, 0)', ReturnData: true })]),
    });
  });

  test('alarms: oldest message > 600 s (2 x 300 s) for 3 minutes, any dead letter, 5 minutes without a delete while messages wait', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 600,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(visible > 0 AND FILL(deleted, 0) == 0, 1, 0)' }),
        Match.objectLike({ Id: 'deleted', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'NumberOfMessagesDeleted' }), Stat: 'Sum' }) }),
      ]),
      Threshold: 1,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
    });
    expect(worker.notDrainingMinutes).toBe(5);
  });

  test('the on-demand twin: no load balancer, no grace period, FARGATE only, rolls back on the not-draining alarm', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      Tags: [{ Key: 'cdk-cloud-native-patterns:role', Value: 'spot-fallback-twin' }],
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      LoadBalancers: Match.absent(),
      HealthCheckGracePeriodSeconds: Match.absent(),
      DeploymentConfiguration: Match.objectLike({
        Alarms: { AlarmNames: [{ Ref: logicalId(stack, worker.notDrainingAlarm) }], Enable: true, Rollback: true },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MAX_TASKS: '10' }) } });
    expect(worker.spotFallback).toBeDefined();
  });

  test('warns that the alarms notify nobody', () => {
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('notify nobody'));
  });
});

describe('QueueWorkerService options', () => {
  test('minHealthyTasks 2 over 3 zones: minimum ceil(2 x 3 / 2) = 3, on-demand base 2, no scale-from-zero policy', () => {
    const { worker, template } = build({ minHealthyTasks: 2 });
    expect(worker.minTasks).toBe(3);
    expect(worker.onDemandBase).toBe(2);
    expect(worker.scaleFromZeroPolicy).toBeUndefined();
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 10 });
    template.resourcePropertiesCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', { PolicyType: 'StepScaling' }, 0);
    template.hasResourceProperties('AWS::ECS::Service', { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
  });

  test('on demand only: no capacity strategy, no fallback twin (a fallback topic is unused: warning)', () => {
    const s = envStack();
    const { worker, template } = build({ capacity: ServiceCapacity.onDemand(), spotFallbackAlarmTopic: new sns.Topic(s, 'T') }, s);
    Annotations.fromStack(s).hasWarning('/Stack/Worker', Match.stringLikeRegexp('spotFallbackAlarmTopic is set but the capacity is on-demand only'));
    expect(worker.spotFallback).toBeUndefined();
    template.resourceCountIs('AWS::ECS::Service', 1);
    template.hasResourceProperties('AWS::ECS::Service', { CapacityProviderStrategy: Match.absent() });
  });

  test('processing times set the visibility timeout and the target; maxReceiveCount and retention are passed through', () => {
    const { worker, template } = build({
      averageProcessingTime: Duration.seconds(4),
      maxProcessingTime: Duration.minutes(5),
      acceptableLatency: Duration.minutes(2),
      stopTimeout: Duration.seconds(90),
      maxReceiveCount: 3,
      retentionPeriod: Duration.days(7),
    });
    expect(worker.targetBacklogPerTask).toBe(30);
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 300 + 90 + 30, MessageRetentionPeriod: 604800, RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    // The not-draining window covers two of the longest messages: max(5, ceil(2 x 300 / 60)) = 10 minutes.
    expect(worker.notDrainingMinutes).toBe(10);
  });

  test('a FIFO queue and a FIFO dead-letter queue', () => {
    const { template } = build({ fifo: true, capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 1 }) });
    template.resourcePropertiesCountIs('AWS::SQS::Queue', { FifoQueue: true }, 2);
  });

  test('alarmTopic gets every worker alarm (ALARM and OK) and the fallback alarm', () => {
    const stack = envStack();
    const topic = new sns.Topic(stack, 'Pager');
    const { template } = build({ alarmTopic: topic }, stack);
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as never) };
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [topicRef], OKActions: [topicRef] }, 4);
    Annotations.fromStack(stack).hasNoWarning('/Stack/Worker', Match.stringLikeRegexp('notify nobody'));
  });
});
