import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ServiceLevelObjective } from '../../src/slo';

export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id, { env: { account: '123456789012', region: 'us-east-1' } });
}

export const errors = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors' });
export const requests = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Requests' });
export const successes = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Successes' });
export const latency = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', unit: cloudwatch.Unit.MILLISECONDS });

export function availability(targetPercent = 99.9, window: Duration = Duration.days(30)): ServiceLevelObjective {
  return ServiceLevelObjective.availability({ name: 'checkout', badMetric: errors, totalMetric: requests, targetPercent, window });
}

/** The alarm resource whose AlarmName is `name`. */
export function alarmNamed(template: Template, name: string): any {
  const found = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .concat(Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')))
    .filter((r: any) => r.Properties.AlarmName === name);
  if (found.length !== 1) throw new Error(`expected one alarm named ${name}, found ${found.length}`);
  return (found[0] as any).Properties;
}

/** The expression (the returned metric) and the stats of the metrics of a metric-math alarm. */
export function mathOf(alarm: any): { expression: string; period: number[]; stats: { [id: string]: string } } {
  const expr = alarm.Metrics.find((m: any) => m.ReturnData !== false);
  const stats: { [id: string]: string } = {};
  const period: number[] = [];
  for (const m of alarm.Metrics.filter((x: any) => x.MetricStat)) {
    stats[m.Id] = `${m.MetricStat.Metric.Namespace}/${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat}`;
    period.push(m.MetricStat.Period);
  }
  return { expression: expr.Expression, period: [...new Set(period)], stats };
}

/** The dashboard body with every token replaced by `<token>`, parsed. */
export function dashboardBodies(template: Template): any[] {
  return Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map((r: any) => {
    const body = r.Properties.DashboardBody;
    const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : '<token>')).join('');
    return JSON.parse(text);
  });
}

export function fargateService(stack: Stack): ecs.FargateService {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') });
  return new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, minHealthyPercent: 100 });
}
