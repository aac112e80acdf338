import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { exactProduct, formatNumber } from './decimal';
import { CostDriver } from './price-table';
import { PriceItem } from './prices';

// The CloudWatch resources a workload's constructs create, counted from the construct tree at synth
// and priced generically: report/ knows no pattern, it reads CloudFormation resource types.
// Prices: Amazon CloudWatch pricing, https://aws.amazon.com/cloudwatch/pricing/ (alarms are billed
// per alarm metric: a metric math alarm per metric it retrieves; high-resolution alarms, periods
// under 60 s, cost more; composite alarms per alarm; dashboards per dashboard; Container Insights
// metrics are custom metrics; VPC flow logs delivered to CloudWatch Logs are vended logs, per GB).

/** Traffic and metric-count assumptions the report uses for what it cannot read from the template. */
export interface ReportAssumptions {
  /**
   * GB a month each VPC flow log delivers to CloudWatch Logs (flow log volume follows traffic).
   *
   * @default 5
   */
  readonly flowLogGbPerMonth?: number;
  /**
   * Container Insights metrics each ECS cluster with Container Insights publishes at the cluster
   * level (the `ClusterName` dimension set).
   *
   * @default 14
   */
  readonly containerInsightsMetricsPerCluster?: number;
  /**
   * Container Insights metrics each ECS service in such a cluster adds (its `ClusterName,
   * ServiceName` and task definition family dimension sets).
   *
   * @default 25
   */
  readonly containerInsightsMetricsPerService?: number;
}

/** The defaults of ReportAssumptions. */
export const DEFAULT_ASSUMPTIONS: Required<ReportAssumptions> = {
  flowLogGbPerMonth: 5,
  containerInsightsMetricsPerCluster: 14,
  containerInsightsMetricsPerService: 25,
};

/** Problems with assumptions, for error messages. */
export function assumptionProblems(a: ReportAssumptions | undefined): string[] {
  const problems: string[] = [];
  if (a !== undefined && a !== null && typeof a !== 'object') return [`must be an object of assumptions, got ${typeof a}`];
  for (const [key, value] of Object.entries(a ?? {})) {
    if (!(key in DEFAULT_ASSUMPTIONS)) {
      problems.push(`'${key}' is not an assumption (use one of ${Object.keys(DEFAULT_ASSUMPTIONS).join(', ')})`);
    } else if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      problems.push(`${key} must be a finite number of 0 or more, got ${typeof value === 'number' ? value : typeof value}`);
    }
  }
  return problems;
}

/** What one profiled construct's subtree creates that CloudWatch bills. */
export interface MonitoringInventory {
  /** Standard-resolution metric alarms and the alarm metrics they bill. */
  standardAlarms: number;
  standardAlarmMetrics: number;
  /** Of those, metric math alarms. */
  mathAlarms: number;
  /** High-resolution metric alarms (period under 60 s) and their alarm metrics. */
  highResAlarms: number;
  highResAlarmMetrics: number;
  compositeAlarms: number;
  dashboards: number;
  /** Flow logs delivered to CloudWatch Logs, and to other destinations (S3, Firehose). */
  flowLogsToLogs: number;
  flowLogsElsewhere: number;
  /** ECS clusters with Container Insights `enabled`, and with `enhanced` observability. */
  insightsClusters: number;
  enhancedClusters: number;
  ecsServices: number;
  /** Target tracking scaling policies and the alarms Application Auto Scaling creates for them. */
  targetTrackingPolicies: number;
  targetTrackingAlarms: number;
  targetTrackingAlarmMetrics: number;
  /** Alarms whose metrics are known only at deploy time, or use Metrics Insights or anomaly detection. */
  unpricedAlarms: string[];
}

function emptyInventory(): MonitoringInventory {
  return {
    standardAlarms: 0,
    standardAlarmMetrics: 0,
    mathAlarms: 0,
    highResAlarms: 0,
    highResAlarmMetrics: 0,
    compositeAlarms: 0,
    dashboards: 0,
    flowLogsToLogs: 0,
    flowLogsElsewhere: 0,
    insightsClusters: 0,
    enhancedClusters: 0,
    ecsServices: 0,
    targetTrackingPolicies: 0,
    targetTrackingAlarms: 0,
    targetTrackingAlarmMetrics: 0,
    unpricedAlarms: [],
  };
}

function field(obj: unknown, ...names: string[]): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const rec = obj as { [k: string]: unknown };
  for (const n of names) if (rec[n] !== undefined) return rec[n];
  return undefined;
}

function resolved(scope: IConstruct, value: unknown): unknown {
  try {
    return Stack.of(scope).resolve(value);
  } catch {
    return undefined;
  }
}

/** The value of a property read from the L1 construct, resolved; undefined when absent. */
function prop(c: CfnResource, name: string): unknown {
  return resolved(c, (c as unknown as { [k: string]: unknown })[name]);
}

function isKnownNumber(v: unknown): v is number {
  return typeof v === 'number' && !Token.isUnresolved(v);
}

/** Counts one metric alarm: the alarm metrics it bills and whether it is high resolution. */
function countAlarm(c: CfnResource, inv: MonitoringInventory): void {
  const metrics = prop(c, 'metrics');
  if (metrics === undefined) {
    const period = prop(c, 'period');
    if (prop(c, 'metricName') === undefined || (period !== undefined && !isKnownNumber(period))) {
      inv.unpricedAlarms.push(`${c.node.path}: its metric is known only at deploy time`);
      return;
    }
    if (isKnownNumber(period) && period < 60) {
      inv.highResAlarms++;
      inv.highResAlarmMetrics++;
    } else {
      inv.standardAlarms++;
      inv.standardAlarmMetrics++;
    }
    return;
  }
  if (!Array.isArray(metrics)) {
    inv.unpricedAlarms.push(`${c.node.path}: its metric math is known only at deploy time`);
    return;
  }
  let retrieved = 0;
  let highRes = false;
  for (const q of metrics) {
    const expression = field(q, 'expression', 'Expression');
    if (typeof expression === 'string' && /^\s*SELECT\b/i.test(expression)) {
      inv.unpricedAlarms.push(`${c.node.path}: a Metrics Insights query alarm, billed per metric the query returns`);
      return;
    }
    if (typeof expression === 'string' && /ANOMALY_DETECTION_BAND/i.test(expression)) {
      inv.unpricedAlarms.push(`${c.node.path}: an anomaly detection alarm, billed with its band metrics`);
      return;
    }
    const stat = field(q, 'metricStat', 'MetricStat');
    if (stat !== undefined) {
      retrieved++;
      const period = field(stat, 'period', 'Period');
      if (isKnownNumber(period) && period < 60) highRes = true;
    }
  }
  inv.mathAlarms++;
  if (highRes) {
    inv.highResAlarms++;
    inv.highResAlarmMetrics += retrieved;
  } else {
    inv.standardAlarms++;
    inv.standardAlarmMetrics += retrieved;
  }
}

function countTargetTracking(c: CfnResource, inv: MonitoringInventory): void {
  // Application Auto Scaling and EC2 Auto Scaling name the property differently.
  const config = prop(c, 'targetTrackingScalingPolicyConfiguration') ?? prop(c, 'targetTrackingConfiguration');
  if (config === undefined) return;
  inv.targetTrackingPolicies++;
  const scaleInDisabled = field(config, 'disableScaleIn', 'DisableScaleIn') === true;
  const alarms = scaleInDisabled ? 1 : 2;
  const custom = field(config, 'customizedMetricSpecification', 'CustomizedMetricSpecification');
  const math = field(custom, 'metrics', 'Metrics');
  const metricsPerAlarm = Array.isArray(math) ? Math.max(1, math.filter((q) => field(q, 'metricStat', 'MetricStat') !== undefined).length) : 1;
  inv.targetTrackingAlarms += alarms;
  inv.targetTrackingAlarmMetrics += alarms * metricsPerAlarm;
}

function countResource(c: CfnResource, inv: MonitoringInventory): void {
  switch (c.cfnResourceType) {
    case 'AWS::CloudWatch::Alarm':
      countAlarm(c, inv);
      break;
    case 'AWS::CloudWatch::CompositeAlarm':
      inv.compositeAlarms++;
      break;
    case 'AWS::CloudWatch::Dashboard':
      inv.dashboards++;
      break;
    case 'AWS::EC2::FlowLog': {
      const type = prop(c, 'logDestinationType');
      // CloudFormation's default destination is CloudWatch Logs.
      if (type === undefined || type === 'cloud-watch-logs') inv.flowLogsToLogs++;
      else inv.flowLogsElsewhere++;
      break;
    }
    case 'AWS::ECS::Cluster': {
      const settings = prop(c, 'clusterSettings');
      if (Array.isArray(settings)) {
        const ci = settings.find((s) => field(s, 'name', 'Name') === 'containerInsights');
        const value = field(ci, 'value', 'Value');
        if (value === 'enabled') inv.insightsClusters++;
        if (value === 'enhanced') inv.enhancedClusters++;
      }
      break;
    }
    case 'AWS::ECS::Service':
      inv.ecsServices++;
      break;
    case 'AWS::ApplicationAutoScaling::ScalingPolicy':
    case 'AWS::AutoScaling::ScalingPolicy':
      countTargetTracking(c, inv);
      break;
    default:
      break;
  }
}

/**
 * Counts, for each profiled construct path, the billed CloudWatch resources in its construct
 * subtree, leaving out the subtrees of profiled constructs nested inside it (they count their own).
 * One pass over the tree: each construct walks up to its nearest profiled ancestor.
 */
export function collectMonitoring(constructs: IConstruct[], profiledPaths: ReadonlySet<string>): Map<string, MonitoringInventory> {
  const result = new Map<string, MonitoringInventory>();
  for (const c of constructs) {
    if (!CfnResource.isCfnResource(c)) continue;
    let owner: string | undefined;
    for (let s: IConstruct | undefined = c; s !== undefined; s = s.node.scope) {
      if (profiledPaths.has(s.node.path)) {
        owner = s.node.path;
        break;
      }
    }
    if (owner === undefined) continue;
    if (!result.has(owner)) result.set(owner, emptyInventory());
    countResource(c, result.get(owner)!);
  }
  return result;
}

function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** The cost drivers of an inventory, and what is not modelled, with the assumptions stated. */
export function monitoringDrivers(
  inv: MonitoringInventory, assumptions: Required<ReportAssumptions>,
): { drivers: CostDriver[]; notModelled: string[] } {
  const drivers: CostDriver[] = [];
  const notModelled: string[] = [];
  const freeTier = 'the account-wide free tier is not applied';
  if (inv.standardAlarms > 0) {
    const math = inv.mathAlarms > 0 ? ', metric math alarms billed per metric they retrieve' : '';
    drivers.push({
      item: 'CloudWatch alarms',
      priceItem: PriceItem.CLOUDWATCH_ALARM_METRIC_MONTH,
      quantity: inv.standardAlarmMetrics,
      quantityArithmetic: `${plural(inv.standardAlarmMetrics, 'alarm metric', 'alarm metrics')} (${plural(inv.standardAlarms, 'standard-resolution alarm', 'standard-resolution alarms')}${math}; ${freeTier})`,
    });
  }
  if (inv.highResAlarms > 0) {
    drivers.push({
      item: 'CloudWatch high-resolution alarms',
      priceItem: PriceItem.CLOUDWATCH_HIGH_RESOLUTION_ALARM_METRIC_MONTH,
      quantity: inv.highResAlarmMetrics,
      quantityArithmetic: `${plural(inv.highResAlarmMetrics, 'alarm metric', 'alarm metrics')} (${plural(inv.highResAlarms, 'alarm', 'alarms')} with a period under 60 s)`,
    });
  }
  if (inv.targetTrackingPolicies > 0) {
    drivers.push({
      item: 'CloudWatch alarms of target tracking scaling',
      priceItem: PriceItem.CLOUDWATCH_ALARM_METRIC_MONTH,
      quantity: inv.targetTrackingAlarmMetrics,
      quantityArithmetic: `${plural(inv.targetTrackingAlarmMetrics, 'alarm metric', 'alarm metrics')} (${plural(inv.targetTrackingPolicies, 'target tracking policy', 'target tracking policies')}: `
        + 'Application Auto Scaling creates a scale-out and a scale-in alarm for each, assumed standard resolution)',
    });
  }
  if (inv.compositeAlarms > 0) {
    drivers.push({
      item: 'CloudWatch composite alarms',
      priceItem: PriceItem.CLOUDWATCH_COMPOSITE_ALARM_MONTH,
      quantity: inv.compositeAlarms,
      quantityArithmetic: plural(inv.compositeAlarms, 'composite alarm', 'composite alarms'),
    });
  }
  if (inv.dashboards > 0) {
    drivers.push({
      item: 'CloudWatch dashboards',
      priceItem: PriceItem.CLOUDWATCH_DASHBOARD_MONTH,
      quantity: inv.dashboards,
      quantityArithmetic: `${plural(inv.dashboards, 'dashboard', 'dashboards')} (${freeTier}: 3 dashboards an account)`,
    });
  }
  if (inv.flowLogsToLogs > 0) {
    const gb = exactProduct(inv.flowLogsToLogs, assumptions.flowLogGbPerMonth);
    drivers.push({
      item: 'VPC flow log ingestion',
      priceItem: PriceItem.CLOUDWATCH_VENDED_LOG_GB,
      quantity: gb,
      quantityArithmetic: `${plural(inv.flowLogsToLogs, 'flow log', 'flow logs')} x ${formatNumber(assumptions.flowLogGbPerMonth)} GB (assumed: flowLogGbPerMonth) delivered to CloudWatch Logs as vended logs`,
    });
    notModelled.push('flow log storage in CloudWatch Logs (per GB-month, after the retention the log group keeps)');
  }
  if (inv.flowLogsElsewhere > 0) {
    notModelled.push(`${plural(inv.flowLogsElsewhere, 'flow log', 'flow logs')} delivered to S3 or Firehose: their delivery is priced per GB by destination`);
  }
  if (inv.insightsClusters > 0) {
    const metrics = inv.insightsClusters * assumptions.containerInsightsMetricsPerCluster
      + inv.ecsServices * assumptions.containerInsightsMetricsPerService;
    drivers.push({
      item: 'Container Insights metrics',
      priceItem: PriceItem.CLOUDWATCH_CUSTOM_METRIC_MONTH,
      quantity: metrics,
      quantityArithmetic: `(${plural(inv.insightsClusters, 'cluster', 'clusters')} x ${formatNumber(assumptions.containerInsightsMetricsPerCluster)} + `
        + `${plural(inv.ecsServices, 'service', 'services')} x ${formatNumber(assumptions.containerInsightsMetricsPerService)}) = ${formatNumber(metrics)} custom metrics `
        + '(assumed metric counts: containerInsightsMetricsPerCluster, containerInsightsMetricsPerService; first 10,000-metric tier)',
    });
    notModelled.push('Container Insights performance log events (ingested into CloudWatch Logs per GB; their volume follows the task count)');
  }
  if (inv.enhancedClusters > 0) {
    notModelled.push(`${plural(inv.enhancedClusters, 'cluster', 'clusters')} with Container Insights enhanced observability: priced per observation, not modelled`);
  }
  for (const a of inv.unpricedAlarms) notModelled.push(`alarm ${a}`);
  return { drivers, notModelled };
}
