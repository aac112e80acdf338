import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmNamed, availability, dashboardBodies, errors, latency, mathOf, newStack, requests, successes } from './helpers';
import { AlertSeverity, BurnRateWindow, ObjectiveKind, ServiceLevelObjective, SloAlarms } from '../../src/slo';

const P = 'Stack-checkout';
/** The guarded availability ratio: errors without counted requests are fully bad. */
const RATIO = 'FILL(bad, 0) / IF(FILL(total, 0) >= FILL(bad, 0), FILL(total, 0), FILL(bad, 0))';
/** The deployment alarm's ratio at 99.9 %: 0 while its window has fewer than 100 requests. */
const GUARDED = `IF(IF(FILL(total, 0) >= FILL(bad, 0), FILL(total, 0), FILL(bad, 0)) >= 100, ${RATIO}, 0)`;

function defaultAlarms(targetPercent = 99.9) {
  const stack = newStack();
  const page = new sns.Topic(stack, 'Page');
  const slo = new SloAlarms(stack, 'Slo', { objective: availability(targetPercent), pageTopic: page, alarmNamePrefix: P });
  return { stack, slo, page, template: Template.fromStack(stack) };
}

describe('burn-rate alarms with the SRE workbook defaults', () => {
  const { template, slo, stack } = defaultAlarms();

  test('six metric alarms (long and short per window) and five composites (one per window, page, ticket)', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 5);
  });

  test.each([
    // name, period (s) = the whole window as one datapoint, threshold = burn rate x (1 - 0.999)
    ['fast-burn-long', 3600, 0.0144],
    ['fast-burn-short', 300, 0.0144],
    ['medium-burn-long', 21600, 0.006],
    ['medium-burn-short', 1800, 0.006],
    ['slow-burn-long', 259200, 0.001],
    ['slow-burn-short', 21600, 0.001],
  ])('%s: the guarded error ratio over one %i s datapoint above %d', (name, period, threshold) => {
    const alarm = alarmNamed(template, `${P}-${name}`);
    expect(mathOf(alarm)).toEqual({
      expression: name === 'fast-burn-short' ? GUARDED : RATIO,
      period: [period],
      stats: { bad: 'Shop/Errors Sum', total: 'Shop/Requests Sum' },
    });
    expect(alarm.Threshold).toBe(threshold);
    expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(alarm.EvaluationPeriods).toBe(1);
    expect(alarm.DatapointsToAlarm).toBe(1);
    expect(alarm.TreatMissingData).toBe('notBreaching');
  });

  test('the 3-day window is one 259,200 s datapoint: within CloudWatch\'s 7-day evaluation range for periods of 1 h or more', () => {
    const alarm = alarmNamed(template, `${P}-slow-burn-long`);
    expect(mathOf(alarm).period[0] * alarm.EvaluationPeriods).toBe(3 * 86400);
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[]) {
      const p = mathOf(a.Properties).period[0];
      expect(p % 60).toBe(0);
      expect(p * a.Properties.EvaluationPeriods).toBeLessThanOrEqual(p < 3600 ? 86400 : 604800);
    }
  });

  test.each(['fast-burn', 'medium-burn', 'slow-burn'])('%s composite is long AND short', (name) => {
    const rule = alarmNamed(template, `${P}-${name}`).AlarmRule['Fn::Join'][1];
    expect(rule[0]).toBe('(ALARM("');
    expect(rule[2]).toBe('") AND ALARM("');
    expect(rule[4]).toBe('"))');
    const long = Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `${P}-${name}-long` } }))[0];
    const short = Object.keys(template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmName: `${P}-${name}-short` } }))[0];
    expect([rule[1], rule[3]]).toEqual([{ 'Fn::GetAtt': [long, 'Arn'] }, { 'Fn::GetAtt': [short, 'Arn'] }]);
  });

  test('page is fast OR medium burn and notifies the page topic on ALARM and OK; ticket is the slow burn, sent to the page topic by default', () => {
    const page = alarmNamed(template, `${P}-page`);
    expect(page.AlarmRule['Fn::Join'][1][2]).toBe('") OR ALARM("');
    expect(page.AlarmRule['Fn::Join'][1].filter((p: any) => typeof p !== 'string').map((p: any) => p['Fn::GetAtt'][0]))
      .toEqual([slo.windowAlarms[0].alarm.node.defaultChild, slo.windowAlarms[1].alarm.node.defaultChild]
        .map((c: any) => stack.getLogicalId(c)));
    const pageTopic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    expect(page.AlarmActions).toEqual([{ Ref: pageTopic }]);
    expect(page.OKActions).toEqual([{ Ref: pageTopic }]);
    const ticket = alarmNamed(template, `${P}-ticket`);
    expect(ticket.AlarmRule['Fn::Join'][1]).toHaveLength(3);
    expect(ticket.AlarmRule['Fn::Join'][1][1]).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(slo.windowAlarms[2].alarm.node.defaultChild as any), 'Arn'] });
    expect(ticket.AlarmActions).toEqual([{ Ref: pageTopic }]);
  });

  test('per-window alarms carry no actions (the page and ticket alarms notify once)', () => {
    for (const name of ['fast-burn', 'medium-burn', 'slow-burn', 'fast-burn-long', 'fast-burn-short']) {
      expect(alarmNamed(template, `${P}-${name}`).AlarmActions).toBeUndefined();
    }
  });

  test('the fast burn is exposed for rollback: composite and its short-window metric alarm', () => {
    expect(slo.fastBurnAlarm).toBe(slo.windowAlarms[0].alarm);
    expect(slo.deploymentAlarm).toBe(slo.windowAlarms[0].shortWindowAlarm);
    expect(slo.deploymentAlarmName).toBe(`${P}-fast-burn-short`);
    expect(slo.regionalHealthAlarm).toBeUndefined();
  });

  test('the defaults are the SRE workbook table', () => {
    expect(BurnRateWindow.sreWorkbook().map((w) => [w.name, w.severity, w.burnRate, w.longWindow.toSeconds(), w.shortWindow.toSeconds()])).toEqual([
      ['fast-burn', AlertSeverity.PAGE, 14.4, 3600, 300],
      ['medium-burn', AlertSeverity.PAGE, 6, 21600, 1800],
      ['slow-burn', AlertSeverity.TICKET, 1, 259200, 21600],
    ]);
  });
});

describe('thresholds are burn rate x (1 - target)', () => {
  test.each([
    [99.9, [0.0144, 0.006, 0.001]],
    [99.5, [0.072, 0.03, 0.005]],
    [99, [0.144, 0.06, 0.01]],
    [99.99, [0.00144, 0.0006, 0.0001]],
  ])('target %d %%', (target, thresholds) => {
    const { template, slo } = defaultAlarms(target);
    expect(slo.windowAlarms.map((a) => a.errorRatioThreshold)).toEqual(thresholds);
    expect(['fast-burn-long', 'medium-burn-long', 'slow-burn-long'].map((n) => alarmNamed(template, `${P}-${n}`).Threshold)).toEqual(thresholds);
    expect(slo.objective.errorBudget).toBe(Number(((100 - target) / 100).toPrecision(6)));
  });
});

describe('objectives', () => {
  test('availability from good and total requests: (total - FILL(good, 0)) / total', () => {
    const stack = newStack();
    new SloAlarms(stack, 'Slo', {
      alarmNamePrefix: P,
      objective: ServiceLevelObjective.availability({ name: 'checkout', goodMetric: successes, totalMetric: requests, targetPercent: 99.5 }),
    });
    expect(mathOf(alarmNamed(Template.fromStack(stack), `${P}-fast-burn-long`))).toEqual({
      expression: '(FILL(total, 0) - FILL(good, 0)) / FILL(total, 0)',
      period: [3600],
      stats: { good: 'Shop/Successes Sum', total: 'Shop/Requests Sum' },
    });
  });

  test('a metric given with another statistic is counted as Sum', () => {
    const stack = newStack();
    new SloAlarms(stack, 'Slo', {
      alarmNamePrefix: P,
      objective: ServiceLevelObjective.availability({
        name: 'checkout', badMetric: errors.with({ statistic: 'Average' }), totalMetric: requests.with({ statistic: 'Maximum' }), targetPercent: 99.9,
      }),
    });
    expect(mathOf(alarmNamed(Template.fromStack(stack), `${P}-fast-burn-short`)).stats).toEqual({ bad: 'Shop/Errors Sum', total: 'Shop/Requests Sum' });
  });

  test('latency from any percentile metric: (100 - PR(:threshold)) / 100, threshold in the metric unit', () => {
    const stack = newStack();
    const slo = new SloAlarms(stack, 'Slo', {
      alarmNamePrefix: P,
      objective: ServiceLevelObjective.latency({ name: 'checkout', latencyMetric: latency, threshold: 250, targetPercent: 99 }),
    });
    const alarm = alarmNamed(Template.fromStack(stack), `${P}-fast-burn-long`);
    expect(mathOf(alarm)).toEqual({
      expression: '(100 - withinThreshold) / 100',
      period: [3600],
      stats: { withinThreshold: 'Shop/Latency PR(:250)', latencyCount: 'Shop/Latency SampleCount' },
    });
    expect(alarm.Threshold).toBe(0.144);
    expect(slo.objective.kind).toBe(ObjectiveKind.LATENCY);
    expect(slo.description.latencyThreshold).toBe(250);
    expect(slo.description.latencyThresholdUnit).toBe('Milliseconds');
  });

  test('the window defaults to 30 days', () => {
    expect(ServiceLevelObjective.availability({ name: 'a', badMetric: errors, totalMetric: requests, targetPercent: 99 }).window.toDays()).toBe(30);
  });
});

describe('custom burn-rate windows', () => {
  test('windows over a day are one datapoint over the whole window, up to 7 days; the threshold follows the burn rate', () => {
    const stack = newStack();
    new SloAlarms(stack, 'Slo', {
      alarmNamePrefix: P,
      objective: availability(99.9, Duration.days(28)),
      burnRateWindows: [
        BurnRateWindow.of({ name: 'fast', burnRate: 10, longWindow: Duration.hours(2), shortWindow: Duration.minutes(10), severity: AlertSeverity.PAGE }),
        BurnRateWindow.of({ name: 'week', burnRate: 2, longWindow: Duration.days(7), shortWindow: Duration.days(1), severity: AlertSeverity.TICKET }),
      ],
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    const week = alarmNamed(t, `${P}-week-long`);
    expect([mathOf(week).period, week.EvaluationPeriods, week.DatapointsToAlarm, week.Threshold]).toEqual([[604800], 1, 1, 0.002]);
    const weekShort = alarmNamed(t, `${P}-week-short`);
    expect([mathOf(weekShort).period, weekShort.EvaluationPeriods]).toEqual([[86400], 1]);
    const fast = alarmNamed(t, `${P}-fast-long`);
    expect([mathOf(fast).period, fast.EvaluationPeriods, fast.Threshold]).toEqual([[7200], 1, 0.01]);
  });

  test('without page windows there is no page alarm; without ticket windows no ticket alarm', () => {
    const stack = newStack();
    const slo = new SloAlarms(stack, 'Slo', {
      alarmNamePrefix: P,
      objective: availability(),
      burnRateWindows: [BurnRateWindow.of({ name: 'only', burnRate: 2, longWindow: Duration.hours(12), shortWindow: Duration.hours(1), severity: AlertSeverity.TICKET })],
    });
    expect(slo.pageAlarm).toBeUndefined();
    expect(slo.ticketAlarm).toBeDefined();
    expect(slo.fastBurnAlarm).toBe(slo.windowAlarms[0].alarm);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
  });

  test('tickets go to the ticket topic when given', () => {
    const stack = newStack();
    const page = new sns.Topic(stack, 'Page');
    const ticket = new sns.Topic(stack, 'Ticket');
    new SloAlarms(stack, 'Slo', { alarmNamePrefix: P, objective: availability(), pageTopic: page, ticketTopic: ticket });
    const t = Template.fromStack(stack);
    expect(alarmNamed(t, `${P}-ticket`).AlarmActions).toEqual([{ Ref: stack.getLogicalId(ticket.node.defaultChild as any) }]);
    expect(alarmNamed(t, `${P}-page`).AlarmActions).toEqual([{ Ref: stack.getLogicalId(page.node.defaultChild as any) }]);
  });
});

describe('alarm names', () => {
  test('default prefix is stable and unique per construct: stack name, path and a hash', () => {
    const stack = newStack('Shop');
    const a = new SloAlarms(stack, 'CheckoutSlo', { objective: availability() });
    const b = new SloAlarms(stack, 'SearchSlo', { objective: availability() });
    expect(a.deploymentAlarmName).toMatch(/^Shop-CheckoutSlo-[A-F0-9]{8}-fast-burn-short$/);
    expect(b.deploymentAlarmName).not.toBe(a.deploymentAlarmName);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: a.deploymentAlarmName });
  });
});

describe('regional health signal', () => {
  test('opt-in metric alarm on the fast burn long window; missing data is breaching', () => {
    const stack = newStack();
    const slo = new SloAlarms(stack, 'Slo', { alarmNamePrefix: P, objective: availability(), regionalHealthSignal: true });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    const alarm = alarmNamed(t, `${P}-regional-health`);
    expect(mathOf(alarm)).toEqual({ expression: RATIO, period: [3600], stats: { bad: 'Shop/Errors Sum', total: 'Shop/Requests Sum' } });
    expect([alarm.Threshold, alarm.EvaluationPeriods, alarm.TreatMissingData]).toEqual([0.0144, 1, 'breaching']);
    // Only standard statistics (Route 53 AlarmIdentifier): Sum.
    expect(Object.values(mathOf(alarm).stats).every((st) => st.endsWith(' Sum'))).toBe(true);
    expect(slo.regionalHealthAlarm).toBeDefined();
    expect(slo.description.regionalHealthAlarmName).toBe(`${P}-regional-health`);
  });
});

describe('dashboard', () => {
  test('SLI and budget remaining over the whole window, alert status, burn rates and SLI graph', () => {
    const { template, slo } = defaultAlarms();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const [body] = dashboardBodies(template);
    const widgets = body.widgets;
    expect(widgets.map((w: any) => w.type)).toEqual(['text', 'metric', 'metric', 'alarm', 'metric', 'metric']);
    expect(widgets[0].properties.markdown).toContain('| fast-burn | PAGE | 14.4x | 1 h | 5 min | 0.0144 | 2 % |');
    expect(widgets[0].properties.markdown).toContain('| slow-burn | TICKET | 1x | 3 days | 6 h | 0.001 | 10 % |');
    expect(widgets[1].properties).toMatchObject({ view: 'singleValue', setPeriodToTimeRange: true, start: '-P30D' });
    expect(widgets[1].properties.metrics[0][0].expression).toBe(`100 * (1 - (${RATIO}))`);
    expect(widgets[2].properties).toMatchObject({ setPeriodToTimeRange: true, start: '-P30D' });
    expect(widgets[2].properties.metrics[0][0].expression).toBe(`100 * (1 - (${RATIO}) / 0.001)`);
    expect(widgets[3].properties.alarms).toHaveLength(5);
    const burnExpressions = widgets[4].properties.metrics.filter((m: any) => m[0].expression).map((m: any) => [m[0].expression, m[0].period]);
    const w = (i: number) => `(${RATIO.replace(/\bbad\b/g, `bad_w${i}`).replace(/\btotal\b/g, `total_w${i}`)}) / 0.001`;
    expect(burnExpressions).toEqual([[w(0), 3600], [w(1), 21600], [w(2), 259200]]);
    expect(widgets[4].properties.annotations.horizontal.map((a: any) => a.value)).toEqual([14.4, 6, 1]);
    expect(widgets[5].properties.annotations.horizontal).toEqual([{ value: 99.9, label: 'target 99.9 %', yAxis: 'left' }]);
    expect(slo.dashboard).toBeInstanceOf(cloudwatch.Dashboard);
  });

  test('widgets go to a dashboard passed in, no new dashboard', () => {
    const stack = newStack();
    const dashboard = new cloudwatch.Dashboard(stack, 'Service');
    new SloAlarms(stack, 'A', { objective: availability(), dashboard });
    new SloAlarms(stack, 'B', { objective: availability(), dashboard });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(dashboardBodies(t)[0].widgets).toHaveLength(12);
  });
});

describe('description for the report', () => {
  test('names, thresholds, windows and budget spent per alert', () => {
    const { slo } = defaultAlarms();
    expect(slo.description).toMatchObject({
      name: 'checkout',
      kind: 'AVAILABILITY',
      sli: 'Errors / Requests, errors without counted requests fully bad',
      errorRatioExpression: RATIO,
      targetPercent: 99.9,
      windowSeconds: 2592000,
      errorBudget: 0.001,
      errorBudgetMinutes: 43.2,
      pageAlarmName: `${P}-page`,
      ticketAlarmName: `${P}-ticket`,
      deploymentAlarmName: `${P}-fast-burn-short`,
    });
    const rows = slo.description.alerts.map((a) => [
      a.name, a.severity, a.burnRate, a.errorRatioThreshold, a.longWindowSeconds, a.shortWindowSeconds, a.budgetSpentPercent, a.longWindowEvaluation,
    ]);
    expect(rows).toEqual([
      ['fast-burn', 'PAGE', 14.4, 0.0144, 3600, 300, 2, 'one datapoint over 1 h'],
      ['medium-burn', 'PAGE', 6, 0.006, 21600, 1800, 5, 'one datapoint over 6 h'],
      ['slow-burn', 'TICKET', 1, 0.001, 259200, 21600, 10, 'one datapoint over 3 days'],
    ]);
    expect(slo.description.alerts[0]).toMatchObject({ alarmName: `${P}-fast-burn`, longWindowAlarmName: `${P}-fast-burn-long`, shortWindowAlarmName: `${P}-fast-burn-short` });
    expect(SloAlarms.isSloAlarms(slo)).toBe(true);
    expect(SloAlarms.isSloAlarms(slo.dashboard)).toBe(false);
  });
});

describe('warnings', () => {
  test('alerts without a topic notify nobody', () => {
    const stack = newStack();
    new SloAlarms(stack, 'Slo', { objective: availability() });
    Annotations.fromStack(stack).hasWarning('/Stack/Slo', Match.stringLikeRegexp('cdk-cloud-native-patterns:SloAlertsNotifyNobody'));
  });

  test('no warning with a page topic', () => {
    const { stack } = defaultAlarms();
    Annotations.fromStack(stack).hasNoWarning('/Stack/Slo', Match.stringLikeRegexp('SloAlertsNotifyNobody'));
  });
});
