import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { availability, errors, fargateService, latency, newStack, requests } from './helpers';
import { PatternValidationError } from '../../src/core/errors';
import { AlertSeverity, BurnRateWindow, LoadBalancedObjective, ServiceLevelObjective, ServiceSlos, SloAlarms } from '../../src/slo';

/**
 * Bad input as JavaScript or Python callers can pass it (no type checker): every case is the
 * library's PatternValidationError naming the prop and the fix, never a TypeError or a raw
 * aws-cdk-lib message.
 */
const js = (x: unknown) => x as any;

function alarms(objective: unknown, more: object = {}) {
  return () => new SloAlarms(newStack(), 'Slo', { objective: js(objective), ...more });
}

function expectLibraryError(fn: () => unknown, message: RegExp) {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(PatternValidationError);
  expect((thrown as Error).message).toMatch(message);
}

const win = (props: object) => BurnRateWindow.of(js({ name: 'w', burnRate: 2, longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), severity: AlertSeverity.PAGE, ...props }));

describe('missing required props (JavaScript, Python)', () => {
  test.each([
    ['availability() without props', () => ServiceLevelObjective.availability(js(undefined)),
      /objective\.props: were not given\. Fix: call ServiceLevelObjective\.availability.*objective\.totalMetric: is required.*objective\.name: is required.*objective\.targetPercent: is required/s],
    ['availability without totalMetric', () => ServiceLevelObjective.availability(js({ name: 'a', badMetric: errors, targetPercent: 99 })),
      /objective\.totalMetric: is required but was not given\. Fix: pass the metric of all valid requests/],
    ['availability without targetPercent', () => ServiceLevelObjective.availability(js({ name: 'a', badMetric: errors, totalMetric: requests })),
      /objective\.targetPercent: is required but was not given\. Fix: set targetPercent to the promised share of good requests, e\.g\. 99\.9/],
    ['availability without name', () => ServiceLevelObjective.availability(js({ badMetric: errors, totalMetric: requests, targetPercent: 99 })),
      /objective\.name: is required but was not given/],
    ['latency without props', () => ServiceLevelObjective.latency(js(undefined)),
      /objective\.latencyMetric: is required.*objective\.threshold: is required/s],
    ['albAvailability without loadBalancer', () => ServiceLevelObjective.albAvailability(js({ targetPercent: 99.9 })),
      /objective\.loadBalancer: is required but was not given\. Fix: pass the Application Load Balancer in front of the service/],
    ['albLatency without thresholdMs', () => {
      const stack = newStack('Lb');
      const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: fargateService(stack).cluster.vpc });
      return ServiceLevelObjective.albLatency(js({ loadBalancer: lb, targetPercent: 99 }));
    }, /objective\.threshold: is required but was not given\. Fix: set the threshold .* thresholdMs: 300/],
  ])('%s', (_label, objective, message) => {
    expectLibraryError(alarms(objective()), message);
  });

  test('SloAlarms without props, or without objective', () => {
    expectLibraryError(() => new SloAlarms(newStack(), 'Slo', js(undefined)), /\[Stack\/Slo\] props: were not given/);
    expectLibraryError(() => new SloAlarms(newStack(), 'Slo', js({})), /objective: is required but was not given\. Fix: pass an objective from ServiceLevelObjective/);
  });

  test('BurnRateWindow.of() without props, or without a window or severity', () => {
    expectLibraryError(alarms(availability(), { burnRateWindows: [BurnRateWindow.of(js(undefined))] }),
      /burnRateWindows\[0\]: was created without props\. Fix: call BurnRateWindow\.of/);
    expectLibraryError(alarms(availability(), { burnRateWindows: [win({ longWindow: undefined, severity: undefined })] }),
      /burnRateWindows\[0\]\.severity: is required.*burnRateWindows\[0\]\.longWindow: is required but was not given/s);
  });

  test('ServiceSlos without props, service or load balancer', () => {
    expectLibraryError(() => new ServiceSlos(newStack(), 'Slos', js(undefined)),
      /props: were not given.*objectives: is required.*service: is required.*loadBalancer: is required/s);
  });

  test('attachToService without a service', () => {
    const slo = new SloAlarms(newStack(), 'Slo', { objective: availability() });
    expectLibraryError(() => slo.attachToService(js(undefined)), /attachToService\(service\): no service was given\. Fix: pass the ecs\.FargateService/);
    expectLibraryError(() => slo.attachToService(js({})), /attachToService\(service\): must be an ECS service, got an object/);
  });
});

describe('wrong types and unknown enum-like strings', () => {
  test('an unknown severity string is an error listing the allowed values', () => {
    expectLibraryError(alarms(availability(), { burnRateWindows: [win({ severity: 'URGENT' })] }),
      /burnRateWindows\[0\]\.severity: is 'URGENT', not one of the allowed values\. Fix: set burnRateWindows\[0\]\.severity to one of: AlertSeverity\.PAGE, AlertSeverity\.TICKET/);
  });

  test('a lowercase severity is not silently dropped (it would create neither a page nor a ticket alarm)', () => {
    expectLibraryError(alarms(availability(), { burnRateWindows: [win({ severity: 'page' })] }), /severity: is 'page', not one of the allowed values/);
  });

  test('targetPercent as a string, window as a string, burnRate as a string', () => {
    expectLibraryError(alarms(ServiceLevelObjective.availability(js({ name: 'a', badMetric: errors, totalMetric: requests, targetPercent: '99.9' }))),
      /objective\.targetPercent: must be a number, got '99\.9'/);
    expectLibraryError(alarms(ServiceLevelObjective.availability(js({ name: 'a', badMetric: errors, totalMetric: requests, targetPercent: 99.9, window: '30d' }))),
      /objective\.window: must be a Duration, got '30d'/);
    expectLibraryError(alarms(availability(), { burnRateWindows: [win({ burnRate: '14.4' })] }), /burnRateWindows\[0\]\.burnRate: must be a number, got '14\.4'/);
  });

  test('a plain object instead of a BurnRateWindow, and a window list that is not a list', () => {
    expectLibraryError(alarms(availability(), { burnRateWindows: [{ name: 'w', burnRate: 2 }] }),
      /burnRateWindows\[0\]: must be a BurnRateWindow, got an object\. Fix: create it with BurnRateWindow\.of/);
    expectLibraryError(alarms(availability(), { burnRateWindows: js('fast') }), /burnRateWindows: must be a list of BurnRateWindow, got 'fast'/);
  });

  test('an unbound LoadBalancedObjective passed to SloAlarms', () => {
    expectLibraryError(alarms(LoadBalancedObjective.availability({ targetPercent: 99.9 })),
      /objective: must be a ServiceLevelObjective, got a LoadBalancedObjective\. Fix: .*needs \.bind\(loadBalancer\) first/);
  });

  test('ServiceSlos objectives that are not LoadBalancedObjective', () => {
    const stack = newStack();
    const service = fargateService(stack);
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: service.cluster.vpc });
    expectLibraryError(() => new ServiceSlos(stack, 'Slos', { service, loadBalancer, objectives: [js(availability())] }),
      /objectives\[0\]: must be a LoadBalancedObjective, got a ServiceLevelObjective/);
  });

  test('latencyMetric that is a MathExpression, totalMetric that is a string', () => {
    const expr = new cloudwatch.MathExpression({ expression: 'a', usingMetrics: { a: latency } });
    expectLibraryError(alarms(ServiceLevelObjective.latency(js({ name: 'l', latencyMetric: expr, threshold: 1, targetPercent: 99 }))),
      /objective\.latencyMetric: must be a cloudwatch\.Metric \(its percentile rank is taken\), got a MathExpression/);
    expectLibraryError(alarms(ServiceLevelObjective.availability(js({ name: 'a', badMetric: errors, totalMetric: 'Requests', targetPercent: 99 }))),
      /objective\.totalMetric: must be a CloudWatch metric, got 'Requests'/);
  });

  test('deploymentMinRequests not a whole number of at least 0', () => {
    expectLibraryError(alarms(availability(), { deploymentMinRequests: 1.5 }), /deploymentMinRequests: must be a whole number, got 1\.5/);
    expectLibraryError(alarms(availability(), { deploymentMinRequests: -1 }), /deploymentMinRequests: is -1, outside the allowed range of at least 0/);
    expectLibraryError(alarms(availability(), { deploymentMinRequests: '100' }), /deploymentMinRequests: must be a number, got '100'/);
  });
});

describe('Durations not whole in the unit used, and empty names', () => {
  test('an objective window that is not whole minutes', () => {
    expectLibraryError(alarms(availability(99.9, Duration.seconds(30 * 86400 + 30))),
      /objective\.window: is .* not a whole number of minutes.*Fix: set objective\.window to Duration\.minutes\(43201\)/);
  });

  test('a short window of 90 s', () => {
    expectLibraryError(alarms(availability(), { burnRateWindows: [win({ shortWindow: Duration.seconds(90) })] }),
      /burnRateWindows\[0\]\.shortWindow: is 1 minute 30 seconds, not a whole number of minutes/);
  });

  test.each([
    ['objective name', () => alarms(ServiceLevelObjective.availability({ name: '', badMetric: errors, totalMetric: requests, targetPercent: 99 })),
      /objective\.name: is an empty string, so the alarm names would have no objective part/],
    ['load-balanced objective name', () => {
      const stack = newStack();
      const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: fargateService(stack).cluster.vpc });
      return alarms(LoadBalancedObjective.availability({ name: '', targetPercent: 99 }).bind(lb));
    }, /objective\.name: is an empty string/],
    ['window name', () => alarms(availability(), { burnRateWindows: [win({ name: '' })] }), /burnRateWindows\[0\]\.name: is an empty string, so its alarm names would clash/],
    ['alarm name prefix', () => alarms(availability(), { alarmNamePrefix: '' }), /alarmNamePrefix: is an empty string, so alarm names would start with "-"/],
  ])('empty %s', (_label, make, message) => {
    expectLibraryError(make(), message);
  });

  test('a prefix that cannot start the Application Signals SLO name, unless the SLO is off', () => {
    expectLibraryError(alarms(availability(), { alarmNamePrefix: '-shop' }),
      /alarmNamePrefix: "-shop" cannot start the name of the Application Signals SLO .*Fix: .* or set applicationSignalsSlo: false/);
    expect(alarms(availability(), { alarmNamePrefix: '-shop', applicationSignalsSlo: false })).not.toThrow();
  });
});

describe('regional health signal for a latency objective', () => {
  test('is an error naming regionalHealthSignal and the fix (Route 53 takes standard statistics only)', () => {
    expectLibraryError(alarms(ServiceLevelObjective.latency({ name: 'l', latencyMetric: latency, threshold: 250, targetPercent: 99 }), { regionalHealthSignal: true }),
      /regionalHealthSignal: is true for the latency objective "l", whose SLI uses the extended statistic PR\(:250\); Route 53 health checks on CloudWatch alarms accept only the standard statistics.*Fix: set regionalHealthSignal only on an availability objective/);
  });
});

describe('problems are reported together', () => {
  test('missing target, bad severity and empty prefix in one error', () => {
    expectLibraryError(alarms(ServiceLevelObjective.availability(js({ name: 'a', badMetric: errors, totalMetric: requests })),
      { burnRateWindows: [win({ severity: 'URGENT' })], alarmNamePrefix: '' }),
    /3 problems with the props:\n {2}- objective\.targetPercent: is required[^\n]*\n {2}- burnRateWindows\[0\]\.severity: is 'URGENT'[^\n]*\n {2}- alarmNamePrefix: is an empty string/);
  });
});
