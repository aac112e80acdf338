import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { durationText } from './arith';
import { SLO_DEFAULTS } from '../defaults';
import { ServiceLevelObjective } from '../objective';

/**
 * Name pattern of an Application Signals SLO (Application Signals API, ServiceLevelObjective, Arn
 * pattern `slo/[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]`): 2-128 characters, starting and ending
 * with a letter or digit.
 */
export const SLO_NAME_PATTERN = /^[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]$/;

/** The result: the resource, or why there is none. */
export interface ApplicationSignalsSloResult {
  readonly slo?: applicationsignals.CfnServiceLevelObjective;
  /** One line for the report: what the SLO records, or why it was not created. */
  readonly note: string;
}

/**
 * Declares the objective as a request-based CloudWatch Application Signals SLO
 * (`AWS::ApplicationSignals::ServiceLevelObjective`) over the same counts as the alarms, so the
 * console shows the error budget and the burn rate of every alert window.
 *
 * CloudFormation template reference, AWS::ApplicationSignals::ServiceLevelObjective: SLOs can be
 * set "against any CloudWatch metric or math expression that produces a time series"; a
 * request-based SLO measures good requests / total requests over the interval; creating one
 * creates the AWSServiceRoleForCloudWatchApplicationSignals service-linked role if it does not
 * exist (the deploying role needs iam:CreateServiceLinkedRole). No Application Signals
 * instrumentation or discovery is needed for metric-based SLIs. BurnRateConfiguration
 * LookBackWindowMinutes is 1-10080; Goal RollingInterval takes a Duration of at least 1 in MINUTE,
 * HOUR, DAY or MONTH (Application Signals API, RollingInterval).
 */
export function applicationSignalsSlo(scope: Construct, id: string, opts: {
  readonly objective: ServiceLevelObjective;
  readonly name: string;
  readonly windows: Duration[];
  readonly alarmsText: string;
}): ApplicationSignalsSloResult {
  const o = opts.objective;
  const counts = o._requestCounts();
  const stack = Stack.of(scope);
  const period = SLO_DEFAULTS.applicationSignalsPeriod.toSeconds();
  const metricQueries: applicationsignals.CfnServiceLevelObjective.MetricDataQueryProperty[] = [];
  for (const [metricId, m] of Object.entries(counts.usingMetrics)) {
    if (!(m instanceof cloudwatch.Metric)) {
      return { note: `not created: the SLI uses ${metricId}, which is not a plain CloudWatch metric (a request-based SLO takes metric statistics here)` };
    }
    const stat = m.toMetricConfig().metricStat!;
    if (stat.region && !Token.isUnresolved(stat.region) && !Token.isUnresolved(stack.region) && stat.region !== stack.region) {
      return { note: `not created: ${metricId} is in region ${stat.region}, and an SLO reads metrics of its own region` };
    }
    metricQueries.push({
      id: metricId,
      returnData: false,
      accountId: stat.account && stat.account !== stack.account ? stat.account : undefined,
      metricStat: {
        metric: {
          namespace: stat.namespace,
          metricName: stat.metricName,
          dimensions: stat.dimensions?.map((d) => ({ name: d.name, value: String(d.value) })),
        },
        period,
        stat: stat.statistic,
        unit: stat.unitFilter ? String(stat.unitFilter) : undefined,
      },
    });
  }
  // Each count is its own list of queries, with the metrics its expression uses and exactly one
  // returned expression.
  const query = (resultId: string, expression: string) => [
    ...metricQueries.filter((q) => new RegExp(`\\b${q.id}\\b`).test(expression)),
    { id: resultId, expression, returnData: true },
  ];
  const monitored = counts.monitoredKind === 'BAD'
    ? { badCountMetric: query('bad_requests', counts.monitored) }
    : { goodCountMetric: query('good_requests', counts.monitored) };
  const lookBacks = [...new Set(opts.windows.map((w) => w.toMinutes()))].sort((a, b) => a - b);
  const slo = new applicationsignals.CfnServiceLevelObjective(scope, id, {
    name: opts.name,
    description: truncate(`${o.name}: ${o.kind === 'LATENCY' ? 'latency' : 'availability'} ${o.targetPercent} % over ${durationText(o.window)}; `
      + `bad ratio ${o.sliDescription}. ${opts.alarmsText}`, 1024),
    requestBasedSli: {
      requestBasedSliMetric: {
        totalRequestCountMetric: query('total_requests', counts.total),
        monitoredRequestCountMetric: monitored,
      },
    },
    goal: {
      attainmentGoal: o.targetPercent,
      interval: { rollingInterval: rollingInterval(o.window) },
    },
    burnRateConfigurations: lookBacks.map((m) => ({ lookBackWindowMinutes: m })),
  });
  const kindText = counts.monitoredKind === 'BAD' ? 'bad' : 'good';
  return {
    slo,
    note: `Application Signals request-based SLO "${opts.name}": ${kindText} requests / total requests per minute from the same metrics as the alarms `
      + `(${kindText}: ${counts.monitored}; total: ${counts.total}), attainment goal ${o.targetPercent} % over a rolling ${durationText(o.window)}, `
      + `burn rates over ${lookBacks.map((m) => `${m} min`).join(', ')}; it shows budget and burn rates in the console, the alarms page and roll back`,
  };
}

function rollingInterval(window: Duration): applicationsignals.CfnServiceLevelObjective.RollingIntervalProperty {
  const minutes = window.toMinutes();
  if (minutes % 1440 === 0) return { duration: minutes / 1440, durationUnit: 'DAY' };
  if (minutes % 60 === 0) return { duration: minutes / 60, durationUnit: 'HOUR' };
  return { duration: minutes, durationUnit: 'MINUTE' };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}
