import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { alarmNamed, availability, dashboardBodies, errors, fargateService, latency, mathOf, newStack, requests, successes } from './helpers';
import { ServiceLevelObjective, SloAlarms, SloAlarmsProps } from '../../src/slo';

function build(props: Partial<SloAlarmsProps> = {}) {
  const stack = newStack();
  const slo = new SloAlarms(stack, 'Slo', { objective: availability(), alarmNamePrefix: 'shop', ...props });
  const t = Template.fromStack(stack);
  const found = Object.values(t.findResources('AWS::ApplicationSignals::ServiceLevelObjective')) as any[];
  return { stack, slo, t, slos: found.map((r) => r.Properties) };
}

/** The returned expression and the metrics (id -> "Namespace/Name Stat period") of one count's queries. */
function countOf(queries: any[]) {
  const returned = queries.filter((q) => q.ReturnData);
  expect(returned).toHaveLength(1);
  const metrics: { [id: string]: string } = {};
  for (const q of queries.filter((x) => x.MetricStat)) {
    expect(q.ReturnData).toBe(false);
    metrics[q.Id] = `${q.MetricStat.Metric.Namespace}/${q.MetricStat.Metric.MetricName} ${q.MetricStat.Stat} ${q.MetricStat.Period}`;
  }
  return { expression: returned[0].Expression, metrics };
}

describe('Application Signals SLO (default on)', () => {
  const { slo, slos } = build();

  test('one request-based SLO named after the alarms, goal = target over the rolling window', () => {
    expect(slos).toHaveLength(1);
    expect(slos[0].Name).toBe('shop-slo');
    expect(slos[0].Goal).toEqual({ AttainmentGoal: 99.9, Interval: { RollingInterval: { Duration: 30, DurationUnit: 'DAY' } } });
    expect(slos[0].Sli).toBeUndefined();
    expect(slo.applicationSignalsSlo).toBeDefined();
  });

  test('bad and total counts per minute from the same metrics and guard as the alarms', () => {
    const m = slos[0].RequestBasedSli.RequestBasedSliMetric;
    expect(countOf(m.MonitoredRequestCountMetric.BadCountMetric)).toEqual({
      expression: 'FILL(bad, 0)',
      metrics: { bad: 'Shop/Errors Sum 60' },
    });
    expect(m.MonitoredRequestCountMetric.GoodCountMetric).toBeUndefined();
    expect(countOf(m.TotalRequestCountMetric)).toEqual({
      expression: 'IF(FILL(total, 0) >= FILL(bad, 0), FILL(total, 0), FILL(bad, 0))',
      metrics: { bad: 'Shop/Errors Sum 60', total: 'Shop/Requests Sum 60' },
    });
  });

  test('a burn rate for every distinct alert window (SRE workbook: 5 min, 30 min, 1 h, 6 h, 3 days), all within 1-10080 minutes', () => {
    expect(slos[0].BurnRateConfigurations).toEqual([5, 30, 60, 360, 4320].map((m) => ({ LookBackWindowMinutes: m })));
  });

  test('the description names the alarms that page and roll back', () => {
    expect(slos[0].Description).toBe('checkout: availability 99.9 % over 30 days; bad ratio Errors / Requests, errors without counted requests fully bad. '
      + 'Paging: shop-page; tickets: shop-ticket; rollback: shop-fast-burn-short.');
  });

  test('the report description carries the SLO name and what it records', () => {
    expect(slo.description.applicationSignalsSloName).toBe('shop-slo');
    expect(slo.description.applicationSignalsSlo).toMatch(/^Application Signals request-based SLO "shop-slo": bad requests \/ total requests per minute .* attainment goal 99\.9 % over a rolling 30 days, burn rates over 5 min, 30 min, 60 min, 360 min, 4320 min; .* the alarms page and roll back$/);
  });
});

describe('Application Signals SLO per objective kind', () => {
  test('goodMetric: GoodCountMetric over the total', () => {
    const { slos } = build({ objective: ServiceLevelObjective.availability({ name: 'checkout', goodMetric: successes, totalMetric: requests, targetPercent: 99.5 }) });
    const m = slos[0].RequestBasedSli.RequestBasedSliMetric;
    expect(countOf(m.MonitoredRequestCountMetric.GoodCountMetric)).toEqual({ expression: 'FILL(good, 0)', metrics: { good: 'Shop/Successes Sum 60' } });
    expect(countOf(m.TotalRequestCountMetric)).toEqual({ expression: 'FILL(total, 0)', metrics: { total: 'Shop/Requests Sum 60' } });
  });

  test('latency: good = PR(:threshold) / 100 x SampleCount per minute, total = SampleCount', () => {
    const { slos, slo } = build({ objective: ServiceLevelObjective.latency({ name: 'checkout', latencyMetric: latency, threshold: 250, targetPercent: 99 }) });
    const m = slos[0].RequestBasedSli.RequestBasedSliMetric;
    expect(countOf(m.MonitoredRequestCountMetric.GoodCountMetric)).toEqual({
      expression: 'withinThreshold / 100 * FILL(latencyCount, 0)',
      metrics: { withinThreshold: 'Shop/Latency PR(:250) 60', latencyCount: 'Shop/Latency SampleCount 60' },
    });
    expect(countOf(m.TotalRequestCountMetric)).toEqual({ expression: 'FILL(latencyCount, 0)', metrics: { latencyCount: 'Shop/Latency SampleCount 60' } });
    expect(slos[0].MetricThreshold).toBeUndefined();
    expect(slo.description.limitations).toContain('no regional health alarm: the SLI uses the extended statistic PR(:threshold), and Route 53 health checks '
      + 'on CloudWatch alarms accept only the standard statistics Average, Minimum, Maximum, Sum and SampleCount (Route 53 API, AlarmIdentifier)');
  });

  test('load balancer metrics keep their dimensions', () => {
    const stack = newStack();
    const service = fargateService(stack);
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: service.cluster.vpc });
    new SloAlarms(stack, 'Slo', { alarmNamePrefix: 'p', objective: ServiceLevelObjective.albAvailability({ loadBalancer, targetPercent: 99.9 }) });
    const slo = Object.values(Template.fromStack(stack).findResources('AWS::ApplicationSignals::ServiceLevelObjective'))[0] as any;
    const lbName = { 'Fn::GetAtt': [stack.getLogicalId(loadBalancer.node.defaultChild as any), 'LoadBalancerFullName'] };
    const total = slo.Properties.RequestBasedSli.RequestBasedSliMetric.TotalRequestCountMetric;
    expect(total.filter((q: any) => q.MetricStat).map((q: any) => [q.Id, q.MetricStat.Metric.MetricName, q.MetricStat.Metric.Dimensions])).toEqual([
      ['targetErrors', 'HTTPCode_Target_5XX_Count', [{ Name: 'LoadBalancer', Value: lbName }]],
      ['lbErrors', 'HTTPCode_ELB_5XX_Count', [{ Name: 'LoadBalancer', Value: lbName }]],
      ['requests', 'RequestCount', [{ Name: 'LoadBalancer', Value: lbName }]],
    ]);
  });

  test.each([
    [Duration.days(28), { Duration: 28, DurationUnit: 'DAY' }],
    [Duration.hours(100), { Duration: 100, DurationUnit: 'HOUR' }],
    [Duration.minutes(4330), { Duration: 4330, DurationUnit: 'MINUTE' }],
  ])('window %s is a rolling interval in its largest whole unit', (window, interval) => {
    const { slos } = build({ objective: availability(99.9, window) });
    expect(slos[0].Goal.Interval.RollingInterval).toEqual(interval);
  });
});

describe('Application Signals SLO off or not expressible', () => {
  test('applicationSignalsSlo: false creates none and says so', () => {
    const { slos, slo } = build({ applicationSignalsSlo: false });
    expect(slos).toEqual([]);
    expect(slo.applicationSignalsSlo).toBeUndefined();
    expect(slo.description.applicationSignalsSloName).toBeUndefined();
    expect(slo.description.applicationSignalsSlo).toBe('not created: applicationSignalsSlo is false');
  });

  test('a metric-math total cannot be a request count statistic: no SLO, a tagged warning and the reason in the description', () => {
    const total = new cloudwatch.MathExpression({ expression: 'a + b', usingMetrics: { a: requests, b: errors } });
    const { slos, slo, stack, t } = build({ objective: ServiceLevelObjective.availability({ name: 'checkout', badMetric: errors, totalMetric: total, targetPercent: 99.9 }) });
    expect(slos).toEqual([]);
    // Its inner ids would clash between periods in one graph: one burn-rate graph per window.
    expect(dashboardBodies(t)[0].widgets.map((w: any) => w.properties.title).filter((x: string) => /burn rate/.test(x ?? '')))
      .toEqual(['checkout burn rate over 1 h', 'checkout burn rate over 6 h', 'checkout burn rate over 3 days']);
    expect(slo.description.applicationSignalsSlo).toBe('not created: the SLI uses total, which is not a plain CloudWatch metric (a request-based SLO takes metric statistics here)');
    Annotations.fromStack(stack).hasWarning('/Stack/Slo', Match.stringLikeRegexp('not declared in Application Signals.*cdk-cloud-native-patterns:SloNotInApplicationSignals'));
  });
});

describe('deployment alarm minimum-traffic guard', () => {
  test.each([
    // target, default: max(100, ceil(1 / (14.4 x budget)))
    [99.9, 100],
    [99, 100],
    [99.99, 695],
  ])('target %d %%: the default guard is %i requests', (target, min) => {
    const { slo, t } = build({ objective: availability(target) });
    expect(slo.deploymentMinRequests).toBe(min);
    expect(slo.description.deploymentMinRequests).toBe(min);
    expect(mathOf(alarmNamed(t, 'shop-fast-burn-short')).expression).toMatch(new RegExp(`^IF\\(.* >= ${min}, .*, 0\\)$`));
  });

  test('only the deployment alarm is guarded; the other windows and the fast burn long window count every request', () => {
    const { t } = build();
    for (const name of ['fast-burn-long', 'medium-burn-long', 'medium-burn-short', 'slow-burn-long', 'slow-burn-short']) {
      expect(mathOf(alarmNamed(t, `shop-${name}`)).expression).not.toMatch(/>= 100/);
    }
  });

  test('deploymentMinRequests sets the guard; 0 turns it off', () => {
    expect(mathOf(alarmNamed(build({ deploymentMinRequests: 20 }).t, 'shop-fast-burn-short')).expression).toMatch(/ >= 20, /);
    const off = build({ deploymentMinRequests: 0 });
    expect(mathOf(alarmNamed(off.t, 'shop-fast-burn-short')).expression).toBe('FILL(bad, 0) / IF(FILL(total, 0) >= FILL(bad, 0), FILL(total, 0), FILL(bad, 0))');
    expect(off.slo.description.limitations).toEqual([]);
  });

  test('the guard is stated in the description for the report', () => {
    expect(build().slo.description.limitations).toEqual([
      'the deployment alarm shop-fast-burn-short ignores errors while its 5 min window has fewer than 100 requests, '
      + 'so a release serving errors at lower traffic is rolled back only by the circuit breaker (failing tasks)',
    ]);
  });
});
