import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { CloudNativeReport, CostDrivers, FailureDomain, Profiles, WorkloadProfile } from '../../src/report';

function profile(name: string, dependsOn?: string[]): WorkloadProfile {
  return {
    name,
    pattern: 'Example',
    failureDomains: [{ domain: FailureDomain.INSTANCE, survives: true, how: 'replaced', recovery: { seconds: 30, arithmetic: '30 s' } }],
    rto: { seconds: 30, arithmetic: '30 s' },
    rpo: { seconds: 0, arithmetic: 'holds no data' },
    costDrivers: [CostDrivers.albHours(1)],
    ...(dependsOn ? { dependsOn } : {}),
  };
}

function metric(name: string, period = Duration.minutes(1)): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'Example', metricName: name, period, statistic: 'Sum' });
}

function build(configure: (workload: Construct, stack: Stack, app: App) => void): any {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnr-mon-')) });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const workload = new Construct(stack, 'Api');
  Profiles.record(workload, profile('api'));
  configure(workload, stack, app);
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
}

function cluster(scope: Construct, id: string, insights: string): ecs.CfnCluster {
  return new ecs.CfnCluster(scope, id, { clusterSettings: [{ name: 'containerInsights', value: insights }] });
}

describe('what the library creates in CloudWatch is priced from the construct tree', () => {
  test('alarms per alarm metric (metric math per metric it retrieves), high resolution, composite, dashboards', () => {
    const r = build((w) => {
      const single = new cloudwatch.Alarm(w, 'Single', { metric: metric('Errors'), threshold: 1, evaluationPeriods: 1 });
      new cloudwatch.Alarm(w, 'Math', {
        metric: new cloudwatch.MathExpression({ expression: '(a + b) / c', usingMetrics: { a: metric('A'), b: metric('B'), c: metric('C') }, period: Duration.minutes(1) }),
        threshold: 1,
        evaluationPeriods: 1,
      });
      new cloudwatch.Alarm(w, 'Fast', { metric: metric('Fast', Duration.seconds(10)), threshold: 1, evaluationPeriods: 1 });
      new cloudwatch.CompositeAlarm(w, 'Composite', { alarmRule: cloudwatch.AlarmRule.anyOf(single) });
      for (let i = 0; i < 4; i++) new cloudwatch.Dashboard(w, `Dashboard${i}`);
    });
    const w = r.workloads[0];
    expect(w.monthlyCostUsd.lines).toEqual([
      { item: 'CloudWatch alarms', arithmetic: '4 alarm metrics (2 standard-resolution alarms, metric math alarms billed per metric they retrieve; the account-wide free tier is not applied) x $0.1/alarm metric-month = $0.40', usd: 0.4 },
      { item: 'CloudWatch composite alarms', arithmetic: '1 composite alarm x $0.5/alarm-month = $0.50', usd: 0.5 },
      { item: 'CloudWatch dashboards', arithmetic: '4 dashboards (the account-wide free tier is not applied: 3 dashboards an account) x $3/dashboard-month = $12.00', usd: 12 },
      { item: 'CloudWatch high-resolution alarms', arithmetic: '1 alarm metric (1 alarm with a period under 60 s) x $0.3/alarm metric-month = $0.30', usd: 0.3 },
      { item: 'Load balancer hours', arithmetic: '1 load balancer x 730 h x $0.0225/h = $16.43', usd: 16.43 },
    ]);
    expect(w.monthlyCostUsd.total).toBe(29.63);
    expect(w.notModelled).toEqual([]);
  });

  test('flow log ingestion with the assumed GB, overridable; S3 delivery is said to be not modelled', () => {
    const configure = (w: Construct) => {
      new ec2.CfnFlowLog(w, 'ToLogs', { resourceId: 'vpc-1', resourceType: 'VPC', trafficType: 'ALL', logGroupName: 'flow', deliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/x' });
      new ec2.CfnFlowLog(w, 'ToS3', { resourceId: 'vpc-1', resourceType: 'VPC', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::bucket' });
    };
    const w = build(configure).workloads[0];
    expect(w.monthlyCostUsd.lines[1]).toEqual({
      item: 'VPC flow log ingestion',
      arithmetic: '1 flow log x 5 GB (assumed: flowLogGbPerMonth) delivered to CloudWatch Logs as vended logs x $0.5/GB = $2.50',
      usd: 2.5,
    });
    expect(w.notModelled).toEqual([
      'flow log storage in CloudWatch Logs (per GB-month, after the retention the log group keeps)',
      '1 flow log delivered to S3 or Firehose: their delivery is priced per GB by destination',
    ]);
    const more = build((w2, _s, app) => {
      configure(w2);
      CloudNativeReport.of(app).useAssumptions({ flowLogGbPerMonth: 40 });
    }).workloads[0];
    expect(more.monthlyCostUsd.lines[1].arithmetic).toBe('1 flow log x 40 GB (assumed: flowLogGbPerMonth) delivered to CloudWatch Logs as vended logs x $0.5/GB = $20.00');
  });

  test('Container Insights metrics per cluster and service with the assumed counts; enhanced observability is not modelled', () => {
    const w = build((wl) => {
      const c = cluster(wl, 'Cluster', 'enabled');
      new ecs.CfnService(wl, 'One', { cluster: c.ref });
      new ecs.CfnService(wl, 'Two', { cluster: c.ref });
      cluster(wl, 'Enhanced', 'enhanced');
      cluster(wl, 'Off', 'disabled');
    }).workloads[0];
    expect(w.monthlyCostUsd.lines[0]).toEqual({
      item: 'Container Insights metrics',
      arithmetic: '(1 cluster x 14 + 2 services x 25) = 64 custom metrics (assumed metric counts: containerInsightsMetricsPerCluster, containerInsightsMetricsPerService; first 10,000-metric tier) x $0.3/metric-month = $19.20',
      usd: 19.2,
    });
    expect(w.notModelled).toEqual([
      'Container Insights performance log events (ingested into CloudWatch Logs per GB; their volume follows the task count)',
      '1 cluster with Container Insights enhanced observability: priced per observation, not modelled',
    ]);
  });

  test('target tracking scaling: the two alarms Application Auto Scaling creates, one when scale-in is disabled', () => {
    const w = build((wl) => {
      const target = { scalingTargetId: 'x', policyName: 'p', policyType: 'TargetTrackingScaling' };
      new appscaling.CfnScalingPolicy(wl, 'Cpu', { ...target, targetTrackingScalingPolicyConfiguration: { targetValue: 50, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } } });
      new appscaling.CfnScalingPolicy(wl, 'OutOnly', { ...target, targetTrackingScalingPolicyConfiguration: { targetValue: 50, disableScaleIn: true, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } } });
      new appscaling.CfnScalingPolicy(wl, 'Step', { ...target, policyType: 'StepScaling', stepScalingPolicyConfiguration: { adjustmentType: 'ChangeInCapacity' } });
    }).workloads[0];
    expect(w.monthlyCostUsd.lines[0]).toEqual({
      item: 'CloudWatch alarms of target tracking scaling',
      arithmetic: '3 alarm metrics (2 target tracking policies: Application Auto Scaling creates a scale-out and a scale-in alarm for each, assumed standard resolution) x $0.1/alarm metric-month = $0.30',
      usd: 0.3,
    });
  });

  test('an alarm whose period is known only at deploy time is not priced, and says so', () => {
    const w = build((wl, stack) => {
      const period = new CfnParameter(stack, 'Period', { type: 'Number' });
      new cloudwatch.CfnAlarm(wl, 'Deploytime', { metricName: 'X', namespace: 'Y', period: period.valueAsNumber, statistic: 'Sum', threshold: 1, evaluationPeriods: 1, comparisonOperator: 'GreaterThanThreshold' });
    }).workloads[0];
    expect(w.monthlyCostUsd.lines.map((l: any) => l.item)).toEqual(['Load balancer hours']);
    expect(w.notModelled).toEqual(['alarm Stack/Api/Deploytime: its metric is known only at deploy time']);
  });

  test('a part counts its own alarms (listed under its name where it is priced), the workload its own; outside constructs are not counted', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnr-mon-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const net = new Construct(stack, 'Net');
    Profiles.record(net, profile('net'));
    new ec2.CfnFlowLog(net, 'FlowLog', { resourceId: 'vpc-1', resourceType: 'VPC', trafficType: 'ALL', logGroupName: 'flow', deliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/x' });
    for (const name of ['Web', 'Api']) {
      const w = new Construct(stack, name);
      Profiles.record(w, profile(name.toLowerCase(), [net.node.path]));
      new cloudwatch.Alarm(w, 'Alarm', { metric: metric('Errors'), threshold: 1, evaluationPeriods: 1 });
    }
    new cloudwatch.Dashboard(stack, 'NotAWorkloads');
    app.synth();
    const r = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
    expect(r.workloads.map((w: any) => [w.name, w.monthlyCostUsd.lines.map((l: any) => l.item), w.monthlyCostUsd.total])).toEqual([
      ['api', ['CloudWatch alarms', 'Load balancer hours', 'net: Load balancer hours', 'net: VPC flow log ingestion'], 35.46],
      ['web', ['CloudWatch alarms', 'Load balancer hours'], 16.53],
    ]);
    expect(r.workloads[0].notModelled).toEqual(['net: flow log storage in CloudWatch Logs (per GB-month, after the retention the log group keeps)']);
    expect(r.totalMonthlyCostUsd).toBe(51.99);
  });
});
