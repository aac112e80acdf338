import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BurnRateWindow } from './burn-rate';
import { LoadBalancedObjective, ObjectiveKind } from './objective';
import { SloAlarms, SloDescription } from './slo-alarms';
import { describeValue, PropValidator, warn } from '../core/validation';

/**
 * Props of ServiceSlos.
 */
export interface ServiceSlosProps {
  /** The objectives, measured on `loadBalancer`. Names must be unique. */
  readonly objectives: LoadBalancedObjective[];

  /** The ECS service whose deployments roll back on fast burn. */
  readonly service: ecs.BaseService;

  /** The load balancer in front of the service. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * Measure one target group of a shared load balancer.
   *
   * @default - the whole load balancer (also counts 5xx the load balancer returns itself)
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;

  /**
   * Where page alerts go.
   *
   * @default - no notification (tagged warning)
   */
  readonly pageTopic?: sns.ITopic;

  /**
   * Where ticket alerts go.
   *
   * @default - the page topic
   */
  readonly ticketTopic?: sns.ITopic;

  /**
   * The burn-rate alerts of every objective.
   *
   * @default BurnRateWindow.sreWorkbook()
   */
  readonly burnRateWindows?: BurnRateWindow[];

  /**
   * Whether each objective's fast-burn short-window alarm is a deployment alarm of the service
   * with rollback.
   *
   * @default true
   */
  readonly rollbackOnBurn?: boolean;

  /**
   * Also create a regional health alarm per availability objective (see
   * `SloAlarms.regionalHealthAlarm`). Latency objectives get none: their SLI uses the extended
   * statistic `PR(:threshold)`, which Route 53 health checks on CloudWatch alarms do not accept
   * (tagged warning `cdk-cloud-native-patterns:SloLatencyNoRegionalHealth`).
   *
   * @default false
   */
  readonly regionalHealthSignal?: boolean;

  /**
   * Minimum-traffic guard of each objective's deployment alarm (see
   * `SloAlarmsProps.deploymentMinRequests`).
   *
   * @default - the larger of 100 and ceil(1 / fast-burn threshold), per objective
   */
  readonly deploymentMinRequests?: number;

  /**
   * Also declare each objective as a CloudWatch Application Signals request-based SLO (see
   * `SloAlarmsProps.applicationSignalsSlo`).
   *
   * @default true
   */
  readonly applicationSignalsSlo?: boolean;
}

/**
 * The objectives of one load-balanced ECS service: burn-rate alarms per objective, one dashboard
 * for all of them, and deployments rolled back on fast burn.
 */
export class ServiceSlos extends Construct {
  /** The alarms of each objective, in the order given. */
  public readonly sloAlarms: SloAlarms[];
  /** The service's SLO dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The regional health alarms (with `regionalHealthSignal`), one per objective. */
  public readonly regionalHealthAlarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServiceSlosProps) {
    super(scope, id);
    const v = new PropValidator(this);
    const p: Partial<ServiceSlosProps> = props ?? {};
    if (props === undefined || props === null) {
      v.fail('props', 'were not given', 'pass { objectives, service, loadBalancer }');
    }
    const objectives = p.objectives;
    if (objectives === undefined || objectives === null) {
      v.fail('objectives', 'is required but was not given', 'pass at least one LoadBalancedObjective, e.g. [LoadBalancedObjective.availability({ targetPercent: 99.9 })]');
    } else if (!Array.isArray(objectives)) {
      v.fail('objectives', `must be a list of LoadBalancedObjective, got ${describeValue(objectives)}`, 'pass [LoadBalancedObjective.availability({ targetPercent: 99.9 }), ...]');
    } else {
      v.require(objectives.length > 0, 'objectives', 'is empty', 'pass at least one LoadBalancedObjective, or do not create ServiceSlos');
      const seen = new Set<string>();
      objectives.forEach((o, i) => {
        if (!LoadBalancedObjective.isLoadBalancedObjective(o)) {
          v.fail(`objectives[${i}]`, `must be a LoadBalancedObjective, got ${describeValue(o)}`,
            'declare it with LoadBalancedObjective.availability(...) or .latency(...); for other metrics use SloAlarms with a ServiceLevelObjective');
          return;
        }
        v.require(!seen.has(o.name), `objectives[${i}].name`, `"${o.name}" is used by two objectives, so their alarm names would clash`,
          'give each objective its own name (e.g. name: "checkout-latency")');
        seen.add(o.name);
      });
    }
    if (p.service === undefined || p.service === null) {
      v.fail('service', 'is required but was not given', 'pass the ECS service whose deployments roll back on fast burn');
    } else if (typeof (p.service as unknown as { enableDeploymentAlarms?: unknown }).enableDeploymentAlarms !== 'function') {
      v.fail('service', `must be an ECS service, got ${describeValue(p.service)}`, 'pass an ecs.FargateService or ecs.Ec2Service');
    }
    if (p.loadBalancer === undefined || p.loadBalancer === null) {
      v.fail('loadBalancer', 'is required but was not given', 'pass the Application Load Balancer in front of the service');
    }
    v.throwIfAny();

    const latency = (objectives as LoadBalancedObjective[]).filter((o) => o.kind === ObjectiveKind.LATENCY).map((o) => o.name);
    if (p.regionalHealthSignal && latency.length > 0) {
      warn(this, 'SloLatencyNoRegionalHealth',
        `regionalHealthSignal: no regional health alarm for the latency objective(s) ${latency.map((n) => `"${n}"`).join(', ')}: their SLI uses the extended statistic PR(:threshold), `
        + 'and Route 53 health checks on CloudWatch alarms accept only standard statistics (Average, Minimum, Maximum, Sum, SampleCount). '
        + 'The availability objectives carry the regional health alarms.');
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { periodOverride: cloudwatch.PeriodOverride.INHERIT });
    this.sloAlarms = (objectives as LoadBalancedObjective[]).map((o) => {
      const alarms = new SloAlarms(this, o.name, {
        objective: o.bind(p.loadBalancer as elbv2.IApplicationLoadBalancer, p.targetGroup),
        burnRateWindows: p.burnRateWindows,
        pageTopic: p.pageTopic,
        ticketTopic: p.ticketTopic,
        regionalHealthSignal: p.regionalHealthSignal && o.kind === ObjectiveKind.AVAILABILITY,
        deploymentMinRequests: p.deploymentMinRequests,
        applicationSignalsSlo: p.applicationSignalsSlo,
        dashboard: this.dashboard,
      });
      if (p.rollbackOnBurn ?? true) alarms.attachToService(p.service as ecs.BaseService);
      return alarms;
    });
    this.regionalHealthAlarms = this.sloAlarms.flatMap((a) => (a.regionalHealthAlarm ? [a.regionalHealthAlarm] : []));
  }

  /** Plain descriptions of the objectives and their alarms, for reports. */
  public get descriptions(): SloDescription[] {
    return this.sloAlarms.map((a) => a.description);
  }
}
