import {
  AutoScalingClient,
  AutoScalingGroup,
  CreateOrUpdateTagsCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  ContainerInstance,
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  configFromEnv,
  control,
  ControllerConfig,
  ControllerEvent,
  handler,
  isSpotShortage,
  LAUNCH_UNSUCCESSFUL,
  onDemandNeeded,
  PURCHASE_OPTION_ATTRIBUTE,
  SCHEDULED_EVENT,
  TAG_LAST_FAILURE,
  TAG_SINCE,
  unfulfilledCapacity,
} from '../../src/spot-fleet/fallback.lambda';

const asg = mockClient(AutoScalingClient);
const cw = mockClient(CloudWatchClient);
const ecsMock = mockClient(ECSClient);
const GROUP = 'fleet-group';
const NOW = Date.parse('2026-11-28T12:00:00Z');
const MIN = 60_000;
const SPOT_MESSAGE = 'Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available that matches your request. Launching EC2 instance failed.';
const config: ControllerConfig = { groupName: GROUP, configuredPercentage: 0, handBackAfterMs: 15 * MIN, metricNamespace: 'CloudNativePatterns/SpotFleet' };

function launchFailure(message = SPOT_MESSAGE, groupName = GROUP, time = '2026-11-28T11:59:30Z'): ControllerEvent {
  return {
    'detail-type': LAUNCH_UNSUCCESSFUL,
    'source': 'aws.autoscaling',
    time,
    'detail': { AutoScalingGroupName: groupName, StatusCode: 'Failed', StatusMessage: message },
  };
}
const tick: ControllerEvent = { 'detail-type': SCHEDULED_EVENT, 'source': 'aws.events', 'time': '2026-11-28T12:00:00Z' };

function group(opts: { pct?: number; desired?: number; running?: number; since?: number; lastFailure?: number } = {}): AutoScalingGroup {
  const tags = [];
  if (opts.since !== undefined) tags.push({ Key: TAG_SINCE, Value: new Date(opts.since).toISOString() });
  if (opts.lastFailure !== undefined) tags.push({ Key: TAG_LAST_FAILURE, Value: new Date(opts.lastFailure).toISOString() });
  return {
    AutoScalingGroupName: GROUP,
    MinSize: 2,
    MaxSize: 10,
    DesiredCapacity: opts.desired ?? 4,
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a', 'us-east-1b'],
    HealthCheckType: 'EC2',
    CreatedTime: new Date(NOW - 86_400_000),
    MixedInstancesPolicy: { InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: opts.pct ?? 0 } },
    Instances: Array.from({ length: opts.running ?? 4 }, (_, i) => ({
      InstanceId: `i-${i}`, AvailabilityZone: 'us-east-1a', LifecycleState: 'InService', HealthStatus: 'Healthy', ProtectedFromScaleIn: false,
    })),
    Tags: tags.map((t) => ({ ...t, ResourceId: GROUP, ResourceType: 'auto-scaling-group', PropagateAtLaunch: false })),
  } as AutoScalingGroup;
}

function described(g: AutoScalingGroup) {
  asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [g] });
}

function lastMetric(name: string): number | undefined {
  const calls = cw.commandCalls(PutMetricDataCommand);
  const data = calls[calls.length - 1]?.args[0].input.MetricData ?? [];
  return data.find((d) => d.MetricName === name)?.Value;
}

beforeEach(() => {
  asg.reset();
  cw.reset();
  ecsMock.reset();
  asg.on(UpdateAutoScalingGroupCommand).resolves({});
  asg.on(CreateOrUpdateTagsCommand).resolves({});
  asg.on(DeleteTagsCommand).resolves({});
  asg.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
  cw.on(PutMetricDataCommand).resolves({});
});

describe('entering the fallback', () => {
  test('a spot launch failure raises the on-demand percentage above base to 100 and records when', async () => {
    described(group({ desired: 4, running: 3 }));
    const result = await control(launchFailure(), config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'entered-fallback', inFallback: true, unfulfilledCapacity: 1 }));
    expect(asg).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
      AutoScalingGroupName: GROUP,
      MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 100 } },
    });
    expect(asg).toHaveReceivedCommandWith(CreateOrUpdateTagsCommand, {
      Tags: [
        { ResourceId: GROUP, ResourceType: 'auto-scaling-group', Key: TAG_SINCE, Value: '2026-11-28T12:00:00.000Z', PropagateAtLaunch: false },
        { ResourceId: GROUP, ResourceType: 'auto-scaling-group', Key: TAG_LAST_FAILURE, Value: '2026-11-28T11:59:30.000Z', PropagateAtLaunch: false },
      ],
    });
    expect(cw).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'CloudNativePatterns/SpotFleet',
      MetricData: [
        { MetricName: 'SpotFallbackActive', Dimensions: [{ Name: 'AutoScalingGroupName', Value: GROUP }], Value: 1, Unit: 'Count' },
        { MetricName: 'UnfulfilledCapacity', Dimensions: [{ Name: 'AutoScalingGroupName', Value: GROUP }], Value: 1, Unit: 'Count' },
      ],
    });
  });

  test('is idempotent: the same failure again changes nothing', async () => {
    described(group({ pct: 100, since: NOW - MIN, lastFailure: Date.parse('2026-11-28T11:59:30Z') }));
    const result = await control(launchFailure(), config, NOW);
    expect(result.action).toBe('in-fallback');
    expect(asg).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
    expect(asg).not.toHaveReceivedCommand(CreateOrUpdateTagsCommand);
    expect(lastMetric('SpotFallbackActive')).toBe(1);
  });

  test('a later failure in fallback only moves the last-failure time', async () => {
    described(group({ pct: 100, since: NOW - 10 * MIN, lastFailure: NOW - 10 * MIN }));
    await control(launchFailure(), config, NOW);
    expect(asg).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
    expect(asg).toHaveReceivedCommandWith(CreateOrUpdateTagsCommand, {
      Tags: [{ ResourceId: GROUP, ResourceType: 'auto-scaling-group', Key: TAG_LAST_FAILURE, Value: '2026-11-28T11:59:30.000Z', PropagateAtLaunch: false }],
    });
  });

  test('a launch failure that on-demand would not fix is not a reason to fall back', async () => {
    described(group());
    const result = await control(launchFailure('The image id \'[ami-123]\' does not exist. Launching EC2 instance failed.'), config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'ignored', inFallback: false, reason: expect.stringMatching(/not a spot capacity failure/) }));
    expect(asg).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
    expect(lastMetric('SpotFallbackActive')).toBe(0);
  });

  test('a failure of another group is ignored without an AWS call', async () => {
    const result = await control(launchFailure(SPOT_MESSAGE, 'another'), config, NOW);
    expect(result.action).toBe('ignored');
    expect(asg).not.toHaveReceivedAnyCommand();
    expect(cw).not.toHaveReceivedAnyCommand();
  });

  test('the check finds unfulfilled capacity with recent failed spot launches', async () => {
    described(group({ desired: 6, running: 4 }));
    asg.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        { ActivityId: 'a1', AutoScalingGroupName: GROUP, Cause: 'c', StartTime: new Date(NOW - 2 * MIN), StatusCode: 'Failed', StatusMessage: SPOT_MESSAGE },
        { ActivityId: 'a2', AutoScalingGroupName: GROUP, Cause: 'c', StartTime: new Date(NOW - 4 * MIN), StatusCode: 'Failed', StatusMessage: SPOT_MESSAGE },
      ],
    });
    const result = await control(tick, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'entered-fallback', unfulfilledCapacity: 2 }));
    expect(asg).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
      MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 100 } },
    });
    expect(asg).toHaveReceivedCommandWith(CreateOrUpdateTagsCommand, {
      Tags: expect.arrayContaining([expect.objectContaining({ Key: TAG_LAST_FAILURE, Value: new Date(NOW - 2 * MIN).toISOString() })]),
    });
  });

  test('failed spot launches older than 10 minutes are not evidence', async () => {
    described(group({ desired: 6, running: 4 }));
    asg.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [{ ActivityId: 'a1', AutoScalingGroupName: GROUP, Cause: 'c', StartTime: new Date(NOW - 11 * MIN), StatusCode: 'Failed', StatusMessage: SPOT_MESSAGE }],
    });
    const result = await control(tick, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'on-spot', inFallback: false, unfulfilledCapacity: 2 }));
    expect(asg).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
  });

  test('a full group is not checked for failures', async () => {
    described(group({ desired: 4, running: 4 }));
    const result = await control(tick, config, NOW);
    expect(result.action).toBe('on-spot');
    expect(asg).not.toHaveReceivedCommand(DescribeScalingActivitiesCommand);
    expect(lastMetric('SpotFallbackActive')).toBe(0);
    expect(lastMetric('UnfulfilledCapacity')).toBe(0);
  });
});

describe('staying in fallback', () => {
  test('within the hand-back time the check keeps the fallback and says when it hands back', async () => {
    described(group({ pct: 100, since: NOW - 10 * MIN, lastFailure: NOW - 5 * MIN }));
    const result = await control(tick, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'in-fallback', inFallback: true, reason: expect.stringMatching(/hand-back in 600 s/) }));
    expect(asg).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
    expect(asg).not.toHaveReceivedCommand(DeleteTagsCommand);
    expect(lastMetric('SpotFallbackActive')).toBe(1);
  });

  test('a percentage reset by a stack update while spot is still short is raised again', async () => {
    described(group({ pct: 0, since: NOW - 10 * MIN, lastFailure: NOW - 5 * MIN }));
    await control(tick, config, NOW);
    expect(asg).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
      MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 100 } },
    });
  });

  test('a reset found together with a new failure is reported as re-applied', async () => {
    described(group({ pct: 0, since: NOW - 10 * MIN, lastFailure: NOW - 5 * MIN }));
    const result = await control(launchFailure(), config, NOW);
    expect(result.action).toBe('reapplied-fallback');
    expect(asg).toHaveReceivedCommandTimes(UpdateAutoScalingGroupCommand, 1);
  });
});

describe('handing back to spot', () => {
  test('15 minutes after the last spot failure the configured percentage comes back and the tags go', async () => {
    described(group({ pct: 100, since: NOW - 30 * MIN, lastFailure: NOW - 15 * MIN }));
    const result = await control(tick, { ...config, configuredPercentage: 20 }, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'handed-back', inFallback: false }));
    expect(asg).toHaveReceivedCommandWith(UpdateAutoScalingGroupCommand, {
      AutoScalingGroupName: GROUP,
      MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 20 } },
    });
    expect(asg).toHaveReceivedCommandWith(DeleteTagsCommand, {
      Tags: [
        { ResourceId: GROUP, ResourceType: 'auto-scaling-group', Key: TAG_SINCE },
        { ResourceId: GROUP, ResourceType: 'auto-scaling-group', Key: TAG_LAST_FAILURE },
      ],
    });
    expect(lastMetric('SpotFallbackActive')).toBe(0);
  });

  test('the hand-back does not touch running instances', async () => {
    described(group({ pct: 100, since: NOW - 30 * MIN, lastFailure: NOW - 20 * MIN }));
    await control(tick, config, NOW);
    const commands = asg.calls().map((c) => (c.args[0] as object).constructor.name);
    expect(commands.sort()).toEqual(['DeleteTagsCommand', 'DescribeAutoScalingGroupsCommand', 'UpdateAutoScalingGroupCommand']);
  });

  test('a spot failure after the hand-back enters the fallback again', async () => {
    described(group({ pct: 0 }));
    const result = await control(launchFailure(), config, NOW);
    expect(result.action).toBe('entered-fallback');
  });

  test('a spot failure found by the check when the hand-back is due keeps the fallback', async () => {
    described(group({ pct: 100, desired: 5, running: 4, since: NOW - 30 * MIN, lastFailure: NOW - 16 * MIN }));
    asg.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [{ ActivityId: 'a1', AutoScalingGroupName: GROUP, Cause: 'c', StartTime: new Date(NOW - MIN), StatusCode: 'Failed', StatusMessage: SPOT_MESSAGE }],
    });
    const result = await control(tick, config, NOW);
    expect(result.action).toBe('in-fallback');
    expect(asg).not.toHaveReceivedCommand(DeleteTagsCommand);
  });
});

describe('retries', () => {
  test('an AWS error is thrown so the event is retried, and the retry completes the change', async () => {
    described(group({ desired: 4, running: 3 }));
    asg.on(UpdateAutoScalingGroupCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
      .resolves({});
    await expect(control(launchFailure(), config, NOW)).rejects.toThrow(/Rate exceeded/);
    // Nothing was recorded, so the retry does the whole change.
    expect(asg).not.toHaveReceivedCommand(CreateOrUpdateTagsCommand);
    await expect(control(launchFailure(), config, NOW)).resolves.toEqual(expect.objectContaining({ action: 'entered-fallback' }));
    expect(asg).toHaveReceivedCommandTimes(UpdateAutoScalingGroupCommand, 2);
  });

  test('a failure to publish the metric is thrown too', async () => {
    described(group());
    cw.on(PutMetricDataCommand).rejects(new Error('metric down'));
    await expect(control(tick, config, NOW)).rejects.toThrow(/metric down/);
  });

  test('a missing group is an error', async () => {
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] });
    await expect(control(tick, config, NOW)).rejects.toThrow(/Auto Scaling group fleet-group not found/);
  });
});

describe('other events', () => {
  test('are ignored without an AWS call', async () => {
    const result = await control({ 'detail-type': 'EC2 Instance Launch Successful', 'source': 'aws.autoscaling' }, config, NOW);
    expect(result.action).toBe('ignored');
    expect(asg).not.toHaveReceivedAnyCommand();
  });
});

describe('returning capacity to spot after the hand-back (ECS managed termination protection)', () => {
  const ecsConfig: ControllerConfig = { ...config, clusterName: 'cluster', onDemandBase: 1 };

  /** Container instances i-0.. of the group, in registration order; `options[i]` is its purchase option. */
  function containerInstances(options: string[], status: (i: number) => string = () => 'ACTIVE'): ContainerInstance[] {
    return options.map((option, i) => ({
      containerInstanceArn: `arn:aws:ecs:us-east-1:123456789012:container-instance/cluster/ci-${i}`,
      ec2InstanceId: `i-${i}`,
      status: status(i),
      registeredAt: new Date(NOW - (options.length - i) * 10 * MIN),
      attributes: [{ name: PURCHASE_OPTION_ATTRIBUTE, value: option }],
    }));
  }

  function cluster(instances: ContainerInstance[]) {
    ecsMock.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: instances.map((c) => c.containerInstanceArn!) });
    ecsMock.on(DescribeContainerInstancesCommand).resolves({ containerInstances: instances });
    ecsMock.on(UpdateContainerInstancesStateCommand).resolves({ failures: [] });
  }

  test('4 on-demand instances left by the fallback, base 1 and 0 % above it: the newest is set DRAINING', async () => {
    described(group({ desired: 4, running: 4 }));
    cluster(containerInstances(['on-demand', 'on-demand', 'on-demand', 'on-demand']));
    const result = await control(tick, ecsConfig, NOW);
    expect(result).toEqual({
      action: 'returning-to-spot',
      inFallback: false,
      unfulfilledCapacity: 0,
      reason: '4 on-demand of 4 running, the split needs 1: i-3 set to DRAINING, so ECS moves its tasks and scales it in once it runs none (its replacements launch on spot)',
    });
    expect(ecsMock).toHaveReceivedCommandTimes(UpdateContainerInstancesStateCommand, 1);
    expect(ecsMock).toHaveReceivedCommandWith(UpdateContainerInstancesStateCommand, {
      cluster: 'cluster', status: 'DRAINING', containerInstances: ['arn:aws:ecs:us-east-1:123456789012:container-instance/cluster/ci-3'],
    });
    expect(asg).not.toHaveReceivedCommand(UpdateAutoScalingGroupCommand);
    expect(lastMetric('SpotFallbackActive')).toBe(0);
  });

  test('one at a time: nothing more is drained while an instance of the group is DRAINING', async () => {
    described(group({ desired: 4, running: 4 }));
    cluster(containerInstances(['on-demand', 'on-demand', 'on-demand', 'on-demand'], (i) => (i === 3 ? 'DRAINING' : 'ACTIVE')));
    const result = await control(tick, ecsConfig, NOW);
    expect(result.action).toBe('on-spot');
    expect(result.reason).toMatch(/is DRAINING, so no other is drained/);
    expect(ecsMock).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });

  test('the configured split reached: nothing is drained', async () => {
    described(group({ desired: 4, running: 4 }));
    cluster(containerInstances(['on-demand', 'spot', 'spot', 'spot']));
    expect((await control(tick, ecsConfig, NOW)).action).toBe('on-spot');
    expect(ecsMock).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });

  test('container instances of other groups in the cluster are not counted or drained', async () => {
    described(group({ desired: 2, running: 2 }));
    const ours = containerInstances(['on-demand', 'spot']);
    const other = { ...containerInstances(['on-demand'])[0], containerInstanceArn: 'arn:other', ec2InstanceId: 'i-other', registeredAt: new Date(NOW) };
    cluster([...ours, other]);
    expect((await control(tick, ecsConfig, NOW)).action).toBe('on-spot');
    expect(ecsMock).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });

  test('not while the group is short of capacity, and not without ECS', async () => {
    described(group({ desired: 4, running: 3 }));
    cluster(containerInstances(['on-demand', 'on-demand', 'on-demand']));
    await control(tick, ecsConfig, NOW);
    described(group({ desired: 4, running: 4 }));
    await control(tick, config, NOW);
    expect(ecsMock).not.toHaveReceivedAnyCommand();
  });

  test('not in the same invocation as the hand-back (the percentage is restored first)', async () => {
    described(group({ pct: 100, since: NOW - 30 * MIN, lastFailure: NOW - 20 * MIN }));
    cluster(containerInstances(['on-demand', 'on-demand', 'on-demand', 'on-demand']));
    expect((await control(tick, ecsConfig, NOW)).action).toBe('handed-back');
    expect(ecsMock).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });

  test('a failure to drain is thrown, so the next check tries again', async () => {
    described(group({ desired: 2, running: 2 }));
    cluster(containerInstances(['on-demand', 'on-demand']));
    ecsMock.on(UpdateContainerInstancesStateCommand).resolves({ failures: [{ arn: 'x', reason: 'MISSING' }] });
    await expect(control(tick, ecsConfig, NOW)).rejects.toThrow(/could not drain i-1: MISSING/);
  });

  test.each([
    [4, 1, 0, 1], [4, 1, 50, 3], [1, 2, 0, 1], [10, 0, 33, 4],
  ])('%i running, base %i, %i %% above: %i on-demand needed', (n, base, pct, needed) => {
    expect(onDemandNeeded(n, base, pct)).toBe(needed);
  });
});

describe('spot shortage messages', () => {
  test.each([
    SPOT_MESSAGE,
    'Could not launch Spot Instances. UnfulfillableCapacity - Unable to fulfill capacity due to your request configuration.',
    'Could not launch Spot Instances. MaxSpotInstanceCountExceeded - Max spot instance count exceeded.',
    'Could not launch Spot Instances. SpotMaxPriceTooLow - Your Spot request price is lower than the minimum required.',
  ])('%s is a shortage', (m) => expect(isSpotShortage(m)).toBe(true));

  test.each([
    'Could not launch On-Demand Instances. InsufficientInstanceCapacity - We currently do not have sufficient capacity.',
    'The image id does not exist.',
    '',
    undefined,
  ])('%p is not', (m) => expect(isSpotShortage(m)).toBe(false));
});

describe('unfulfilled capacity', () => {
  test('counts launching and running instances, not terminating or standby ones', () => {
    const g = group({ desired: 6, running: 0 });
    const states = ['Pending', 'Pending:Wait', 'InService', 'Terminating', 'Terminating:Wait', 'Standby', 'Warmed:Running'];
    const withStates = { ...g, Instances: states.map((s, i) => ({ InstanceId: `i-${i}`, LifecycleState: s, AvailabilityZone: 'a', HealthStatus: 'Healthy', ProtectedFromScaleIn: false })) } as AutoScalingGroup;
    expect(unfulfilledCapacity(withStates)).toBe(2);
  });

  test('is never negative', () => {
    expect(unfulfilledCapacity(group({ desired: 2, running: 4 }))).toBe(0);
  });
});

describe('handler', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  test('reads its configuration from the environment', () => {
    process.env = { ...env, GROUP_NAME: GROUP, ON_DEMAND_PERCENTAGE: '20', HAND_BACK_AFTER_SECONDS: '900', METRIC_NAMESPACE: 'NS' };
    expect(configFromEnv()).toEqual({ groupName: GROUP, configuredPercentage: 20, handBackAfterMs: 900_000, metricNamespace: 'NS', clusterName: undefined, onDemandBase: 0 });
    process.env = { ...process.env, CLUSTER_NAME: 'cluster', ON_DEMAND_BASE: '2' };
    expect(configFromEnv()).toEqual(expect.objectContaining({ clusterName: 'cluster', onDemandBase: 2 }));
  });

  test.each([
    [{ GROUP_NAME: '' }, /GROUP_NAME is not set/],
    [{ ON_DEMAND_PERCENTAGE: '120' }, /ON_DEMAND_PERCENTAGE must be 0-100, got "120"/],
    [{ HAND_BACK_AFTER_SECONDS: 'x' }, /HAND_BACK_AFTER_SECONDS must be positive/],
    [{ ON_DEMAND_BASE: '1.5' }, /ON_DEMAND_BASE must be a whole number, got "1.5"/],
  ])('rejects a bad environment %p', (bad, message) => {
    process.env = { ...env, GROUP_NAME: GROUP, ON_DEMAND_PERCENTAGE: '0', HAND_BACK_AFTER_SECONDS: '900', ...bad };
    expect(() => configFromEnv()).toThrow(message);
  });

  test('runs the controller and logs what it did', async () => {
    process.env = { ...env, GROUP_NAME: GROUP, ON_DEMAND_PERCENTAGE: '0', HAND_BACK_AFTER_SECONDS: '900' };
    described(group());
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler(tick)).resolves.toEqual(expect.objectContaining({ action: 'on-spot' }));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"action":"on-spot"'));
    log.mockRestore();
  });
});
