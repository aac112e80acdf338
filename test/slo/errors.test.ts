import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { availability, errors, fargateService, latency, newStack, requests } from './helpers';
import { PatternValidationError } from '../../src/core/errors';
import { AlertSeverity, BurnRateWindow, LoadBalancedObjective, ServiceLevelObjective, ServiceSlos, SloAlarms } from '../../src/slo';

function alarmsFor(objective: ServiceLevelObjective, burnRateWindows?: BurnRateWindow[]) {
  return () => new SloAlarms(newStack(), 'Slo', { objective, burnRateWindows });
}

const window = (name: string, burnRate: number, long: Duration, short: Duration) =>
  BurnRateWindow.of({ name, burnRate, longWindow: long, shortWindow: short, severity: AlertSeverity.PAGE });

describe('invalid targets', () => {
  test.each([100, 100.5, 0, -1])('targetPercent %d is an error naming the prop and the fix', (target) => {
    expect(alarmsFor(availability(target))).toThrow(/\[Stack\/Slo\] objective\.targetPercent: is -?[\d.]+; a target must be above 0 % and below 100 %.*Fix: set targetPercent between 0 and 100 exclusive/);
  });

  test('the error is a PatternValidationError', () => {
    expect(alarmsFor(availability(100))).toThrow(PatternValidationError);
  });

  test('a non-finite target is an error', () => {
    expect(alarmsFor(availability(NaN))).toThrow(/objective\.targetPercent: must be a finite number/);
  });
});

describe('windows', () => {
  test('an objective window shorter than the long alert window is an error', () => {
    expect(alarmsFor(availability(99.9, Duration.days(2))))
      .toThrow(/objective\.window: 2 days is shorter than the long alert window 3 days of "slow-burn".*Fix: measure the objective over at least 3 days/);
  });

  test('an objective window as long as the longest alert window is accepted', () => {
    expect(alarmsFor(availability(99.9, Duration.days(3)))).not.toThrow();
  });

  test('a short window not shorter than the long window is an error', () => {
    expect(alarmsFor(availability(), [window('w', 2, Duration.hours(1), Duration.hours(1))]))
      .toThrow(/burnRateWindows\[0\]\.shortWindow: 1 h is not shorter than the long window 1 h/);
  });

  test.each([
    [Duration.days(8), /burnRateWindows\[0\]\.longWindow: is 8 days; the window is one alarm datapoint and CloudWatch evaluates at most 7 days.*Fix: use a window of at most 7 days/],
    [Duration.seconds(90), /burnRateWindows\[0\]\.longWindow: is 1 minute 30 seconds, not a whole number of minutes.*Fix: set burnRateWindows\[0\]\.longWindow to Duration\.minutes\(2\)/],
    [Duration.millis(60500), /burnRateWindows\[0\]\.longWindow: is 1 minute 500 millis, not a whole number of minutes.*Fix: set burnRateWindows\[0\]\.longWindow to Duration\.minutes\(1\)/],
  ])('long window %s is an error', (long, message) => {
    expect(alarmsFor(availability(), [window('w', 2, long, Duration.minutes(5))])).toThrow(message);
  });

  test('a 36 h or a 7-day long window is one datapoint and accepted', () => {
    expect(alarmsFor(availability(), [window('w', 2, Duration.hours(36), Duration.hours(3))])).not.toThrow();
    expect(alarmsFor(availability(), [window('w', 2, Duration.days(7), Duration.hours(12))])).not.toThrow();
  });

  test('no window at all is an error', () => {
    expect(alarmsFor(availability(), [])).toThrow(/burnRateWindows: is empty, so nothing would alert/);
  });

  test('two windows with one name is an error', () => {
    expect(alarmsFor(availability(), [window('w', 2, Duration.hours(2), Duration.minutes(10)), window('w', 3, Duration.hours(1), Duration.minutes(5))]))
      .toThrow(/burnRateWindows\[1\]\.name: "w" is used by two windows/);
  });
});

describe('burn rates', () => {
  test('a burn rate whose threshold is 1 or more could never fire', () => {
    // 14.4 x (1 - 0.90) = 1.44: an error ratio never exceeds 1.
    expect(alarmsFor(availability(90)))
      .toThrow(/burnRateWindows\[0\]\.burnRate: 14\.4 x error budget 0\.1 = 1\.44: an error ratio can never exceed 1.*lower the burn rate below 10/);
  });

  test.each([0, -2])('burn rate %d is an error', (rate) => {
    expect(alarmsFor(availability(), [window('w', rate, Duration.hours(1), Duration.minutes(5))]))
      .toThrow(/burnRateWindows\[0\]\.burnRate: is -?\d+; a burn rate must be above 0/);
  });
});

describe('latency thresholds', () => {
  test.each([0, -100])('threshold %d is an error', (threshold) => {
    expect(alarmsFor(ServiceLevelObjective.latency({ name: 'lat', latencyMetric: latency, threshold, targetPercent: 99 })))
      .toThrow(/objective\.threshold: is -?\d+; a latency threshold must be above 0/);
  });

  test('thresholdMs 0 on the load balancer is an error', () => {
    const stack = newStack();
    const service = fargateService(stack);
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: service.cluster.vpc });
    expect(() => new SloAlarms(stack, 'Slo', { objective: ServiceLevelObjective.albLatency({ loadBalancer: lb, thresholdMs: 0, targetPercent: 99 }) }))
      .toThrow(/objective\.threshold: is 0; a latency threshold must be above 0.*thresholdMs: 300/);
  });
});

describe('metrics and names', () => {
  test('neither bad nor good metric is an error', () => {
    expect(alarmsFor(ServiceLevelObjective.availability({ name: 'a', totalMetric: requests, targetPercent: 99 })))
      .toThrow(/objective\.badMetric and goodMetric: neither is set/);
  });

  test('both bad and good metric is an error', () => {
    expect(alarmsFor(ServiceLevelObjective.availability({ name: 'a', badMetric: errors, goodMetric: errors, totalMetric: requests, targetPercent: 99 })))
      .toThrow(/objective\.badMetric and goodMetric: both are set/);
  });

  test('an objective name that cannot be part of an alarm name is an error', () => {
    expect(alarmsFor(ServiceLevelObjective.availability({ name: 'check out!', badMetric: errors, totalMetric: requests, targetPercent: 99 })))
      .toThrow(/objective\.name: "check out!" cannot be used in alarm names/);
  });

  test('problems are reported together', () => {
    expect(alarmsFor(ServiceLevelObjective.availability({ name: 'a', totalMetric: requests, targetPercent: 100, window: Duration.days(1) })))
      .toThrow(/3 problems with the props:\n {2}- objective\.badMetric and goodMetric[^\n]*\n {2}- objective\.targetPercent[^\n]*\n {2}- objective\.window: 1 day is shorter than the long alert window 3 days of "slow-burn"/);
  });

  test('ServiceSlos rejects two objectives with one name and an empty list', () => {
    const stack = newStack();
    const service = fargateService(stack);
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: service.cluster.vpc });
    expect(() => new ServiceSlos(stack, 'Dup', {
      service,
      loadBalancer,
      objectives: [LoadBalancedObjective.availability({ targetPercent: 99.9 }), LoadBalancedObjective.availability({ targetPercent: 99 })],
    })).toThrow(/objectives\[1\]\.name: "availability" is used by two objectives/);
    expect(() => new ServiceSlos(stack, 'Empty', { service, loadBalancer, objectives: [] })).toThrow(/objectives: is empty/);
  });

  test('attaching to a service with FAIL_ON_ALARM deployment alarms is refused by ECS (one behavior per service)', () => {
    const stack = newStack();
    const service = fargateService(stack);
    service.enableDeploymentAlarms(['other'], { behavior: ecs.AlarmBehavior.FAIL_ON_ALARM });
    const slo = new SloAlarms(stack, 'Slo', { objective: availability() });
    expect(() => slo.attachToService(service)).toThrow(/same AlarmBehavior/);
  });
});
