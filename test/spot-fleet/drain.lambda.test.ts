import {
  AutoScalingClient,
  DescribeAutoScalingInstancesCommand,
  TerminateInstanceInAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { drain, handler, InstanceEvent, INTERRUPTION_WARNING, REBALANCE_RECOMMENDATION } from '../../src/spot-fleet/drain.lambda';

const asg = mockClient(AutoScalingClient);
const ecs = mockClient(ECSClient);
const GROUP = 'fleet-group';
const CLUSTER = 'workers';
const INSTANCE = 'i-0123456789abcdef0';
const CI_ARN = 'arn:aws:ecs:us-east-1:123456789012:container-instance/workers/abc';

function ev(kind: string, instanceId: string | null = INSTANCE): InstanceEvent {
  return {
    'detail-type': kind,
    'source': 'aws.ec2',
    'time': '2026-11-28T10:00:00Z',
    'detail': instanceId ? { 'instance-id': instanceId, 'instance-action': 'terminate' } : {},
  };
}

function inGroup(state = 'InService', group = GROUP) {
  asg.on(DescribeAutoScalingInstancesCommand).resolves({
    AutoScalingInstances: [{
      InstanceId: INSTANCE,
      AutoScalingGroupName: group,
      LifecycleState: state,
      AvailabilityZone: 'us-east-1a',
      HealthStatus: 'HEALTHY',
      ProtectedFromScaleIn: false,
    }],
  });
}

function registered(status = 'ACTIVE') {
  ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [CI_ARN] });
  ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: [{ containerInstanceArn: CI_ARN, status }] });
}

beforeEach(() => {
  asg.reset();
  ecs.reset();
});

describe('as an ECS capacity provider', () => {
  const config = { groupName: GROUP, clusterName: CLUSTER };

  test.each([INTERRUPTION_WARNING, REBALANCE_RECOMMENDATION])('%s sets the container instance to DRAINING', async (kind) => {
    inGroup();
    registered();
    ecs.on(UpdateContainerInstancesStateCommand).resolves({ failures: [] });
    const result = await drain(ev(kind), config);
    expect(result).toEqual(expect.objectContaining({ action: 'drained', instanceId: INSTANCE }));
    expect(ecs).toHaveReceivedCommandWith(ListContainerInstancesCommand, { cluster: CLUSTER, filter: `ec2InstanceId == ${INSTANCE}` });
    expect(ecs).toHaveReceivedCommandWith(UpdateContainerInstancesStateCommand, { cluster: CLUSTER, containerInstances: [CI_ARN], status: 'DRAINING' });
    expect(asg).not.toHaveReceivedCommand(TerminateInstanceInAutoScalingGroupCommand);
  });

  test('is idempotent: an instance already DRAINING is left alone', async () => {
    inGroup();
    registered('DRAINING');
    const result = await drain(ev(INTERRUPTION_WARNING), config);
    expect(result.action).toBe('already-draining');
    expect(ecs).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });

  test('a failure reported by ECS is thrown so the event is retried, and the retry drains', async () => {
    inGroup();
    registered();
    ecs.on(UpdateContainerInstancesStateCommand)
      .resolvesOnce({ failures: [{ arn: CI_ARN, reason: 'MISSING', detail: 'try again' }] })
      .resolves({ failures: [] });
    await expect(drain(ev(INTERRUPTION_WARNING), config)).rejects.toThrow(/could not drain i-0123456789abcdef0: .*MISSING try again/);
    await expect(drain(ev(INTERRUPTION_WARNING), config)).resolves.toEqual(expect.objectContaining({ action: 'drained' }));
    expect(ecs).toHaveReceivedCommandTimes(UpdateContainerInstancesStateCommand, 2);
  });

  test('an AWS error is thrown so the event is retried', async () => {
    inGroup();
    ecs.on(ListContainerInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(drain(ev(INTERRUPTION_WARNING), config)).rejects.toThrow(/Rate exceeded/);
    expect(ecs).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });

  test('an instance not (yet) registered in the cluster is ignored', async () => {
    inGroup('Pending');
    ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
    const result = await drain(ev(INTERRUPTION_WARNING), config);
    expect(result).toEqual(expect.objectContaining({ action: 'ignored', reason: expect.stringMatching(/not registered in cluster workers/) }));
    expect(ecs).not.toHaveReceivedCommand(UpdateContainerInstancesStateCommand);
  });
});

describe('without ECS', () => {
  const config = { groupName: GROUP };

  test('the interruption notice terminates the instance through Auto Scaling, keeping the desired capacity', async () => {
    inGroup();
    asg.on(TerminateInstanceInAutoScalingGroupCommand).resolves({});
    const result = await drain(ev(INTERRUPTION_WARNING), config);
    expect(result.action).toBe('terminating');
    expect(asg).toHaveReceivedCommandWith(TerminateInstanceInAutoScalingGroupCommand, {
      InstanceId: INSTANCE,
      ShouldDecrementDesiredCapacity: false,
    });
    expect(ecs).not.toHaveReceivedAnyCommand();
  });

  test.each(['Terminating', 'Terminating:Wait', 'Terminating:Proceed', 'Terminated'])('is idempotent: an instance already %s is left alone', async (state) => {
    inGroup(state);
    const result = await drain(ev(INTERRUPTION_WARNING), config);
    expect(result.action).toBe('already-terminating');
    expect(asg).not.toHaveReceivedCommand(TerminateInstanceInAutoScalingGroupCommand);
  });

  test('a rebalance recommendation is left to Capacity Rebalancing', async () => {
    inGroup();
    const result = await drain(ev(REBALANCE_RECOMMENDATION), config);
    expect(result).toEqual(expect.objectContaining({ action: 'ignored', reason: expect.stringMatching(/Capacity Rebalancing/) }));
    expect(asg).not.toHaveReceivedCommand(TerminateInstanceInAutoScalingGroupCommand);
  });

  test('a failed termination is thrown so the event is retried', async () => {
    inGroup();
    asg.on(TerminateInstanceInAutoScalingGroupCommand).rejects(Object.assign(new Error('Scaling activity in progress'), { name: 'ScalingActivityInProgressFault' }));
    await expect(drain(ev(INTERRUPTION_WARNING), config)).rejects.toThrow(/Scaling activity in progress/);
  });
});

describe('events that are not ours', () => {
  test('an instance of another group is ignored', async () => {
    inGroup('InService', 'another-group');
    const result = await drain(ev(INTERRUPTION_WARNING), { groupName: GROUP, clusterName: CLUSTER });
    expect(result.action).toBe('ignored');
    expect(ecs).not.toHaveReceivedAnyCommand();
    expect(asg).not.toHaveReceivedCommand(TerminateInstanceInAutoScalingGroupCommand);
  });

  test('an instance in no group is ignored', async () => {
    asg.on(DescribeAutoScalingInstancesCommand).resolves({ AutoScalingInstances: [] });
    expect((await drain(ev(INTERRUPTION_WARNING), { groupName: GROUP })).action).toBe('ignored');
  });

  test('another event type is ignored without an AWS call', async () => {
    const result = await drain(ev('EC2 Instance State-change Notification'), { groupName: GROUP });
    expect(result).toEqual({ action: 'ignored', reason: 'unsupported event type "EC2 Instance State-change Notification"' });
    expect(asg).not.toHaveReceivedAnyCommand();
  });

  test('an event without an instance id is ignored', async () => {
    expect((await drain(ev(INTERRUPTION_WARNING, null), { groupName: GROUP })).action).toBe('ignored');
    expect(asg).not.toHaveReceivedAnyCommand();
  });
});

describe('handler', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  test('reads the group and cluster from its environment', async () => {
    process.env = { ...env, GROUP_NAME: GROUP, CLUSTER_NAME: CLUSTER };
    inGroup();
    registered();
    ecs.on(UpdateContainerInstancesStateCommand).resolves({});
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler(ev(INTERRUPTION_WARNING))).resolves.toEqual(expect.objectContaining({ action: 'drained' }));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"action":"drained"'));
    log.mockRestore();
  });

  test('an empty CLUSTER_NAME means no ECS', async () => {
    process.env = { ...env, GROUP_NAME: GROUP, CLUSTER_NAME: '' };
    inGroup();
    asg.on(TerminateInstanceInAutoScalingGroupCommand).resolves({});
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler(ev(INTERRUPTION_WARNING))).resolves.toEqual(expect.objectContaining({ action: 'terminating' }));
    log.mockRestore();
  });

  test('fails without GROUP_NAME', async () => {
    process.env = { ...env, GROUP_NAME: '' };
    await expect(handler(ev(INTERRUPTION_WARNING))).rejects.toThrow(/GROUP_NAME is not set/);
  });
});
