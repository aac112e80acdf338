import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BurnRateWindow } from './burn-rate';
import { LoadBalancedObjective } from './objective';
import { SloAlarms, SloDescription } from './slo-alarms';
import { PropValidator } from '../core/validation';

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
   * Also create a regional health alarm per objective (see `SloAlarms.regionalHealthAlarm`).
   *
   * @default false
   */
  readonly regionalHealthSignal?: boolean;
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
    v.require(props.objectives.length > 0, 'objectives', 'is empty', 'pass at least one LoadBalancedObjective, or do not create ServiceSlos');
    const seen = new Set<string>();
    props.objectives.forEach((o, i) => {
      v.require(!seen.has(o.name), `objectives[${i}].name`, `"${o.name}" is used by two objectives, so their alarm names would clash`,
        'give each objective its own name (e.g. name: "checkout-latency")');
      seen.add(o.name);
    });
    v.throwIfAny();

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { periodOverride: cloudwatch.PeriodOverride.INHERIT });
    this.sloAlarms = props.objectives.map((o) => {
      const alarms = new SloAlarms(this, o.name, {
        objective: o.bind(props.loadBalancer, props.targetGroup),
        burnRateWindows: props.burnRateWindows,
        pageTopic: props.pageTopic,
        ticketTopic: props.ticketTopic,
        regionalHealthSignal: props.regionalHealthSignal,
        dashboard: this.dashboard,
      });
      if (props.rollbackOnBurn ?? true) alarms.attachToService(props.service);
      return alarms;
    });
    this.regionalHealthAlarms = this.sloAlarms.flatMap((a) => (a.regionalHealthAlarm ? [a.regionalHealthAlarm] : []));
  }

  /** Plain descriptions of the objectives and their alarms, for reports. */
  public get descriptions(): SloDescription[] {
    return this.sloAlarms.map((a) => a.description);
  }
}
