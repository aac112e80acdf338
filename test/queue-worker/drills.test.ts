import { Lazy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { build, envStack } from './fixtures';
import { CloudNativeChecks, CostChecks, DrillKind, QueueWorkerService, ServiceCapacity } from '../../src';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

const WORKER_ALARMS = [
  { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['WorkerNotDrainingAlarm3197DA0B', 'Arn'] } },
  { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['WorkerFreshnessAlarmD54D481E', 'Arn'] } },
  { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['WorkerDeadLetterAlarm21EE4EA1', 'Arn'] } },
];

describe('QueueWorkerService drills with default settings (Fargate Spot, minimum 0)', () => {
  const { worker, template } = build({ drills: {} });

  test('one experiment per failure domain the worker survives: task churn, spot reclaim, zone disruption', () => {
    expect(worker.drills!.kinds).toEqual([DrillKind.TASK_CHURN, DrillKind.SPOT_RECLAIM, DrillKind.ZONE_DISRUPTION]);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 3);
  });

  test('every experiment stops on the worker\'s not-draining, freshness and dead-letter alarms', () => {
    for (const tag of ['task-churn', 'spot-reclaim', 'zone-disruption']) {
      template.hasResourceProperties('AWS::FIS::ExperimentTemplate', { Tags: { Name: `Stack/Worker-${tag}` }, StopConditions: WORKER_ALARMS });
    }
  });

  test('task churn stops a share of the worker service\'s tasks, described with the worker\'s alarms', () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Description: 'Stack/Worker: instance churn, stops 34 % of the service\'s tasks (aws:ecs:stop-task); stops on the worker\'s alarms',
      Targets: Match.objectEquals({
        ServiceTasks: {
          ResourceType: 'aws:ecs:task',
          Parameters: { cluster: { Ref: 'WorkerCluster89E4DD17' }, service: { 'Fn::GetAtt': ['WorkerService3F60922A', 'Name'] } },
          SelectionMode: 'PERCENT(34)',
        },
      }),
    });
  });

  test('the spot reclaim stops the FARGATE_SPOT tasks only', () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Tags: { Name: 'Stack/Worker-spot-reclaim' },
      Targets: { ServiceTasks: Match.objectLike({ Filters: [{ Path: 'CapacityProviderName', Values: ['FARGATE_SPOT'] }], SelectionMode: 'ALL' }) },
    });
  });

  test('the expected outcomes speak of retried work, not of a load balancer, and carry the worker\'s recovery arithmetic', () => {
    const [churn, spot, zone] = worker.drills!.drillProfiles;
    expect(churn.expectedOutcome).toBe('SLO held (no stop alarm fires): the other tasks carry on and the stopped tasks\' unfinished work is retried; '
      + 'ECS starts replacements, back at full capacity within 270 s, the modelled instance recovery (the cut message is visible again after the visibility timeout 210 s '
      + '+ a replacement task starts 60 s (assumed), in parallel with the other tasks = 270 s)');
    expect(spot.expectedOutcome).toMatch(/^SLO held: the on-demand base, if any, keeps working and the stopped tasks' unfinished work is retried while every spot task is stopped at once;/);
    expect(spot.expectedOutcome).toMatch(/StopTask sends no 2-minute warning: the tasks get SIGTERM and the stop timeout at once$/);
    expect(zone.expectedOutcome).toMatch(/lose all traffic in and out; their unfinished work is retried by the tasks in the other zones, back at full capacity within 330 s/);
    for (const d of [churn, spot, zone]) {
      expect(d.expectedOutcome).not.toMatch(/load balancer|deregistration|out of rotation/);
      expect(d.stopConditions).toEqual(['Stack/Worker/NotDrainingAlarm', 'Stack/Worker/FreshnessAlarm', 'Stack/Worker/DeadLetterAlarm']);
    }
  });

  test('a minimum of 0 tasks does not make the churn share an error (nothing to count against)', () => {
    // The same share at a minimum of 2 running tasks stops floor(2 x 34 / 100) = 0 of them: an error.
    expect(() => build({ drills: {}, minHealthyTasks: 1 })).toThrow(/drills\.taskChurnPercent: 34 % of the minimum of 2 tasks is floor\(2 x 34 \/ 100\) = 0 tasks/);
  });
});

describe('QueueWorkerService drills: settings and bad input', () => {
  test('explicit stop alarms replace the worker\'s, and the description says so', () => {
    const stack = envStack();
    const own = new cloudwatch.Alarm(stack, 'OwnAlarm', {
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'OrdersFailed' }), threshold: 1, evaluationPeriods: 1,
    });
    const { worker, template } = build({
      capacity: ServiceCapacity.onDemand(),
      minHealthyTasks: 2,
      drills: { experiments: [DrillKind.TASK_CHURN], taskChurnPercent: 34, stopAlarms: [own] },
    }, stack);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Description: 'Stack/Worker: instance churn, stops 34 % of the service\'s tasks (aws:ecs:stop-task); stops on the stop alarms given',
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['OwnAlarm16B6DD45', 'Arn'] } }],
    });
    expect(worker.drills!.drillProfiles[0].stopConditions).toEqual(['Stack/OwnAlarm']);
  });

  test('spot reclaim on an on-demand worker names what adds spot capacity', () => {
    expect(() => build({ capacity: ServiceCapacity.onDemand(), drills: { experiments: [DrillKind.SPOT_RECLAIM] } })).toThrow(/drills\.experiments/);
  });

  test('drills on a worker the report cannot model (a token size) are an error naming drills and the fix', () => {
    const cpu = Lazy.number({ produce: () => 512 });
    expect(() => build({ cpu, drills: {} })).toThrow(/drills: needs the report model of the workload, which token values prevent[\s\S]*concrete cpu, memoryLimitMiB, maxTasks, maxReceiveCount and report assumptions/);
  });

  test('drills that are not an object (JavaScript) are an error, not a TypeError', () => {
    expect(() => build({ drills: 'yes' as never })).toThrow(/drills: must be DrillSettings, got/);
  });
});

describe('QueueWorkerService with drills under AwsSolutions and our packs', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  new QueueWorkerService(stack, 'Worker', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'), drills: {} });
  const result = synthFindings(app);
  const drills = result.findings.filter((f) => f.constructPath.startsWith('Stack/Worker/'));

  test('no unacknowledged finding on the worker and its drills', () => {
    expect(ruleIds(drills, 'AwsSolutions')).toEqual([]);
    expect(ruleIds(drills, 'CloudNative')).toEqual([]);
    expect(ruleIds(drills, 'CloudNativeCost')).toEqual([]);
  });
});
