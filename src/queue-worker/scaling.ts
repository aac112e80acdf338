import { Duration, Names } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The metric math expression of the backlog per task: (visible + in flight) / running tasks. */
export const BACKLOG_PER_TASK_EXPRESSION = '(visible + inflight) / running';

/** What the backlog scaling is built from. */
export interface BacklogScalingOptions {
  readonly queue: sqs.IQueue;
  readonly cluster: ecs.ICluster;
  readonly service: ecs.FargateService;
  readonly scaling: ecs.ScalableTaskCount;
  /** Messages (visible + in flight) per running task the policy holds. */
  readonly targetBacklogPerTask: number;
  readonly scaleInCooldown: Duration;
  readonly scaleOutCooldown: Duration;
  /** The autoscaling minimum: 0 adds the scale-from-zero step policy. */
  readonly minCapacity: number;
}

/** The policies built. */
export interface BacklogScaling {
  readonly backlogPolicy: appscaling.CfnScalingPolicy;
  readonly scaleFromZeroPolicy?: appscaling.CfnScalingPolicy;
  readonly scaleFromZeroAlarm?: cloudwatch.Alarm;
}

function sqsQuery(id: string, metricName: string, queue: sqs.IQueue): appscaling.CfnScalingPolicy.TargetTrackingMetricDataQueryProperty {
  return {
    id,
    metricStat: {
      metric: { namespace: 'AWS/SQS', metricName, dimensions: [{ name: 'QueueName', value: queue.queueName }] },
      stat: 'Sum',
    },
    returnData: false,
  };
}

/**
 * Target tracking on the SQS backlog per task, the way the Application Auto Scaling user guide
 * shows it ("Create a target tracking scaling policy for Application Auto Scaling using metric
 * math", example "Amazon SQS queue backlog per task": messages / `RunningTaskCount` of
 * `ECS/ContainerInsights`, which needs Container Insights on the cluster). The L1 policy is used
 * because aws-cdk-lib's TargetTrackingScalingPolicy rejects a MathExpression (aws-cdk #34072).
 *
 * The backlog counts the messages in flight too (ApproximateNumberOfMessagesNotVisible): a task
 * busy with its message is load, so scale-in does not read a queue being worked on as idle
 * (aws-cdk #9242; scale-in protection keeps the busy task itself).
 *
 * With 0 running tasks the division has no datapoint, and target tracking does not scale on
 * insufficient data (ECS developer guide, "Use a target metric to scale Amazon ECS services"),
 * so a minimum of 0 adds a step policy: one task while messages wait and no task runs.
 */
export function addBacklogScaling(scope: Construct, o: BacklogScalingOptions): BacklogScaling {
  const target = o.scaling.node.findChild('Target') as appscaling.ScalableTarget;
  const dims = [
    { name: 'ClusterName', value: o.cluster.clusterName },
    { name: 'ServiceName', value: o.service.serviceName },
  ];
  const backlogPolicy = new appscaling.CfnScalingPolicy(scope, 'BacklogPerTaskScaling', {
    policyName: Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' }) + '-backlog-per-task',
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.scalableTargetId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: o.targetBacklogPerTask,
      scaleInCooldown: o.scaleInCooldown.toSeconds(),
      scaleOutCooldown: o.scaleOutCooldown.toSeconds(),
      customizedMetricSpecification: {
        metrics: [
          sqsQuery('visible', 'ApproximateNumberOfMessagesVisible', o.queue),
          sqsQuery('inflight', 'ApproximateNumberOfMessagesNotVisible', o.queue),
          {
            id: 'running',
            metricStat: {
              metric: { namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: dims },
              stat: 'Average',
            },
            returnData: false,
          },
          {
            id: 'backlog_per_task',
            expression: BACKLOG_PER_TASK_EXPRESSION,
            label: 'Messages visible and in flight per running task',
            returnData: true,
          },
        ],
      },
    },
  });
  if (o.minCapacity > 0) return { backlogPolicy };

  const scaleFromZeroPolicy = new appscaling.CfnScalingPolicy(scope, 'ScaleFromZero', {
    policyName: Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' }) + '-scale-from-zero',
    policyType: 'StepScaling',
    scalingTargetId: target.scalableTargetId,
    stepScalingPolicyConfiguration: {
      adjustmentType: 'ChangeInCapacity',
      // Long enough for the first task to start, so waiting messages add one task, not one a minute.
      cooldown: 180,
      metricAggregationType: 'Maximum',
      stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 1 }],
    },
  });
  const period = Duration.minutes(1);
  const waitingWithNoTask = new cloudwatch.MathExpression({
    // FILL: Container Insights has no RunningTaskCount datapoint for a service with no task.
    expression: 'IF(visible > 0 AND FILL(running, 0) < 1, 1, 0)',
    usingMetrics: {
      visible: o.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
      running: new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: o.cluster.clusterName, ServiceName: o.service.serviceName },
        statistic: 'Average',
        period,
      }),
    },
    period,
    label: 'Messages wait and no task runs',
  });
  const scaleFromZeroAlarm = new cloudwatch.Alarm(scope, 'ScaleFromZeroAlarm', {
    metric: waitingWithNoTask,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: 'Messages wait in the queue and the worker runs no task: start one (the backlog-per-task policy takes over once it runs).',
  });
  scaleFromZeroAlarm.addAlarmAction({ bind: () => ({ alarmActionArn: scaleFromZeroPolicy.ref }) });
  return { backlogPolicy, scaleFromZeroPolicy, scaleFromZeroAlarm };
}
