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
  SCHEDULED_EVENT,
  TAG_LAST_FAILURE,
  TAG_SINCE,
  unfulfilledCapacity,
} from '../../src/spot-fleet/fallback.lambda';

const asg = mockClient(AutoScalingClient);
const cw = mockClient(CloudWatchClient);
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
    expect(configFromEnv()).toEqual({ groupName: GROUP, configuredPercentage: 20, handBackAfterMs: 900_000, metricNamespace: 'NS' });
  });

  test.each([
    [{ GROUP_NAME: '' }, /GROUP_NAME is not set/],
    [{ ON_DEMAND_PERCENTAGE: '120' }, /ON_DEMAND_PERCENTAGE must be 0-100, got "120"/],
    [{ HAND_BACK_AFTER_SECONDS: 'x' }, /HAND_BACK_AFTER_SECONDS must be positive/],
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
