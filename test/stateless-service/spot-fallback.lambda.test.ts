import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient, Service, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  configFromEnv,
  FallbackConfig,
  FallbackEvent,
  handler,
  PLACEMENT_FAILURE,
  rebalance,
  SCHEDULED_EVENT,
  SERVICE_ACTION,
  twinCanFix,
} from '../../src/stateless-service/spot-fallback.lambda';

const ecs = mockClient(ECSClient);
const cw = mockClient(CloudWatchClient);
const NOW = Date.parse('2026-11-28T12:00:00Z');
const MIN = 60_000;
const config: FallbackConfig = { cluster: 'prod', spotService: 'web', onDemandService: 'web-on-demand', maxTasks: 10, metricNamespace: 'CloudNativePatterns/FargateSpot' };
const PLACEMENT_MESSAGE = '(service web) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.';

const placementFailure: FallbackEvent = {
  'detail-type': SERVICE_ACTION,
  'source': 'aws.ecs',
  'resources': ['arn:aws:ecs:us-east-1:123456789012:service/prod/web'],
  'detail': { eventName: PLACEMENT_FAILURE, reason: 'RESOURCE:FARGATE', capacityProviderArns: ['arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE_SPOT'] },
};
const tick: FallbackEvent = { 'detail-type': SCHEDULED_EVENT, 'source': 'aws.events' };

function services(spot: { desired: number; running: number; pending?: number; failureAgoMs?: number }, twinDesired: number) {
  const spotService: Service = {
    serviceName: 'web',
    serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
    desiredCount: spot.desired,
    runningCount: spot.running,
    pendingCount: spot.pending ?? 0,
    events: spot.failureAgoMs === undefined ? [] : [{ id: 'e1', createdAt: new Date(NOW - spot.failureAgoMs), message: PLACEMENT_MESSAGE }],
  };
  const twin: Service = { serviceName: 'web-on-demand', serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web-on-demand', desiredCount: twinDesired, runningCount: twinDesired, pendingCount: 0 };
  ecs.on(DescribeServicesCommand).resolves({ services: [twin, spotService] });
}

function metric(name: string): number | undefined {
  const calls = cw.commandCalls(PutMetricDataCommand);
  return calls[calls.length - 1]?.args[0].input.MetricData?.find((d) => d.MetricName === name)?.Value;
}

beforeEach(() => {
  ecs.reset();
  cw.reset();
  ecs.on(UpdateServiceCommand).resolves({});
  cw.on(PutMetricDataCommand).resolves({});
});

describe('a FARGATE_SPOT placement failure', () => {
  test('raises the on-demand twin to the spot shortfall', async () => {
    services({ desired: 9, running: 5, pending: 1 }, 0);
    const result = await rebalance(placementFailure, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'scaled-up', onDemandTasks: 3, spotShortfall: 3 }));
    expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: 'prod', services: ['web', 'web-on-demand'] });
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { cluster: 'prod', service: 'web-on-demand', desiredCount: 3 });
    expect(cw).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'CloudNativePatterns/FargateSpot',
      MetricData: [
        { MetricName: 'FallbackTasks', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'web' }], Value: 3, Unit: 'Count' },
        { MetricName: 'SpotShortfall', Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName', Value: 'web' }], Value: 3, Unit: 'Count' },
      ],
    });
  });

  test('is idempotent: a twin already at the shortfall is not updated', async () => {
    services({ desired: 9, running: 6 }, 3);
    const result = await rebalance(placementFailure, config, NOW);
    expect(result.action).toBe('unchanged');
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
    expect(metric('FallbackTasks')).toBe(3);
  });

  test('never lowers the twin: its tasks are part of why the shortfall looks smaller', async () => {
    services({ desired: 9, running: 7 }, 3);
    const result = await rebalance(placementFailure, config, NOW);
    expect(result.action).toBe('unchanged');
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  });

  test('is capped at maxTasks', async () => {
    services({ desired: 30, running: 3 }, 0);
    const result = await rebalance(placementFailure, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'scaled-up', onDemandTasks: 10, reason: expect.stringMatching(/capped at 10/) }));
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { desiredCount: 10 });
  });

  test('with nothing missing changes nothing', async () => {
    services({ desired: 4, running: 4 }, 0);
    expect((await rebalance(placementFailure, config, NOW)).action).toBe('unchanged');
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
    expect(metric('FallbackTasks')).toBe(0);
  });
});

describe('the one-minute check', () => {
  test('raises the twin when the service\'s recent events show placement failures (a missed event)', async () => {
    services({ desired: 6, running: 4, failureAgoMs: 2 * MIN }, 0);
    const result = await rebalance(tick, config, NOW);
    expect(result.action).toBe('scaled-up');
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { desiredCount: 2 });
  });

  test('does not raise the twin for a shortfall without placement failures (tasks starting, a deployment)', async () => {
    services({ desired: 6, running: 4 }, 0);
    expect((await rebalance(tick, config, NOW)).action).toBe('unchanged');
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  });

  test('ignores placement failures older than 5 minutes', async () => {
    services({ desired: 6, running: 4, failureAgoMs: 6 * MIN }, 0);
    expect((await rebalance(tick, config, NOW)).action).toBe('unchanged');
  });

  test('hands back to spot: the twin follows the shortfall down as spot places tasks again', async () => {
    services({ desired: 9, running: 8 }, 3);
    const result = await rebalance(tick, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'scaled-down', onDemandTasks: 1, spotShortfall: 1 }));
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { cluster: 'prod', service: 'web-on-demand', desiredCount: 1 });
  });

  test('hands back everything once spot runs every task', async () => {
    services({ desired: 9, running: 9 }, 3);
    const result = await rebalance(tick, config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'scaled-down', onDemandTasks: 0 }));
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { desiredCount: 0 });
    expect(metric('FallbackTasks')).toBe(0);
  });

  test('keeps the twin while spot is still short', async () => {
    services({ desired: 9, running: 6, failureAgoMs: MIN }, 3);
    expect((await rebalance(tick, config, NOW)).action).toBe('unchanged');
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  });
});

describe('retries', () => {
  test('an AWS error is thrown so the event is retried, and the retry completes', async () => {
    services({ desired: 9, running: 6 }, 0);
    ecs.on(UpdateServiceCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })).resolves({});
    await expect(rebalance(placementFailure, config, NOW)).rejects.toThrow(/Rate exceeded/);
    await expect(rebalance(placementFailure, config, NOW)).resolves.toEqual(expect.objectContaining({ action: 'scaled-up', onDemandTasks: 3 }));
    expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 2);
  });

  test('a missing service is an error', async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: 'web', reason: 'MISSING' }] });
    await expect(rebalance(tick, config, NOW)).rejects.toThrow(/ECS service web not found/);
  });
});

describe('other events', () => {
  test.each([
    { 'detail-type': SERVICE_ACTION, 'source': 'aws.ecs', 'detail': { eventName: 'SERVICE_STEADY_STATE' } },
    { 'detail-type': 'ECS Task State Change', 'source': 'aws.ecs' },
  ])('%p is ignored without an AWS call', async (event) => {
    expect((await rebalance(event as FallbackEvent, config, NOW)).action).toBe('ignored');
    expect(ecs).not.toHaveReceivedAnyCommand();
    expect(cw).not.toHaveReceivedAnyCommand();
  });
});

describe('handler', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  test('reads its configuration from the environment', () => {
    process.env = { ...env, CLUSTER: 'prod', SPOT_SERVICE: 'web', ON_DEMAND_SERVICE: 'web-on-demand', MAX_TASKS: '10', METRIC_NAMESPACE: 'NS' };
    expect(configFromEnv()).toEqual({ ...config, metricNamespace: 'NS' });
  });

  test.each([
    [{ CLUSTER: '' }, /CLUSTER is not set/],
    [{ ON_DEMAND_SERVICE: '' }, /ON_DEMAND_SERVICE is not set/],
    [{ MAX_TASKS: '0' }, /MAX_TASKS must be a whole number of at least 1, got "0"/],
  ])('rejects a bad environment %p', (bad, message) => {
    process.env = { ...env, CLUSTER: 'prod', SPOT_SERVICE: 'web', ON_DEMAND_SERVICE: 'web-on-demand', MAX_TASKS: '10', ...bad };
    expect(() => configFromEnv()).toThrow(message);
  });

  test('runs and logs what it did', async () => {
    process.env = { ...env, CLUSTER: 'prod', SPOT_SERVICE: 'web', ON_DEMAND_SERVICE: 'web-on-demand', MAX_TASKS: '10' };
    services({ desired: 9, running: 6 }, 0);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(handler(placementFailure)).resolves.toEqual(expect.objectContaining({ action: 'scaled-up' }));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"action":"scaled-up"'));
    log.mockRestore();
  });
});

describe('a placement failure the on-demand twin cannot fix', () => {
  const because = (reason: string): FallbackEvent => ({ ...placementFailure, detail: { ...placementFailure.detail, reason } });

  test.each([
    ['RESOURCE:ENI'],
    ['insufficient free addresses in subnet subnet-0abc to launch the task'],
    ['The subnet does not have enough free IP addresses'],
    ['No Container Instances were found in your cluster.'],
    ['The requested CPU configuration is above your limit'],
  ])('"%s" does not raise the twin (on-demand tasks in the same subnets fail the same way)', async (reason) => {
    services({ desired: 9, running: 5 }, 0);
    const result = await rebalance(because(reason), config, NOW);
    expect(result).toEqual({
      action: 'ignored',
      onDemandTasks: 0,
      spotShortfall: 0,
      reason: `placement failure the on-demand twin cannot fix (on-demand tasks would fail the same way): ${reason}`,
    });
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  });

  test('a FARGATE_SPOT capacity reason still raises it', async () => {
    services({ desired: 9, running: 5 }, 0);
    const result = await rebalance(because('Capacity is unavailable at this time. Please try again later or in a different availability zone.'), config, NOW);
    expect(result).toEqual(expect.objectContaining({ action: 'scaled-up', onDemandTasks: 4 }));
    expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { cluster: 'prod', service: 'web-on-demand', desiredCount: 4 });
  });

  test('the one-minute check does not count a recent IP-exhaustion event as a spot shortage', async () => {
    const spotService: Service = {
      serviceName: 'web',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
      desiredCount: 9,
      runningCount: 5,
      pendingCount: 0,
      events: [{ id: 'e2', createdAt: new Date(NOW - MIN), message: '(service web) was unable to place a task. Reason: RESOURCE:ENI. insufficient free addresses in subnet.' }],
    };
    const twin: Service = { serviceName: 'web-on-demand', desiredCount: 0, runningCount: 0, pendingCount: 0 };
    ecs.on(DescribeServicesCommand).resolves({ services: [spotService, twin] });
    const result = await rebalance(tick, config, NOW);
    expect(result.action).toBe('unchanged');
    expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
  });

  test('twinCanFix: no reason is a spot shortage; IP and ENI reasons are not', () => {
    expect(twinCanFix(undefined)).toBe(true);
    expect(twinCanFix('RESOURCE:FARGATE')).toBe(true);
    expect(twinCanFix("You've reached the limit on the number of vCPUs you can run concurrently")).toBe(true);
    expect(twinCanFix('RESOURCE:ENI')).toBe(false);
    expect(twinCanFix('not enough IP addresses available')).toBe(false);
  });
});
