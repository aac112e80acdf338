import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * A failure drill: an AWS FIS experiment that proves one failure-domain claim of a workload's
 * report. Each is created only when the workload's profile says it survives that failure domain.
 */
export enum DrillKind {
  /**
   * Instance churn: `aws:ecs:stop-task` on a share of the service's tasks (the instance failure
   * domain). ECS must replace them while the rest keep the SLO.
   */
  TASK_CHURN = 'task-churn',
  /**
   * Spot reclaim (the instance failure domain, with spot capacity): stopping the service's
   * FARGATE_SPOT tasks (`aws:ecs:stop-task` filtered on the capacity provider), or
   * `aws:ec2:send-spot-instance-interruptions` on a SpotFleetWithFallback's spot instances.
   */
  SPOT_RECLAIM = 'spot-reclaim',
  /**
   * Zone disruption: `aws:network:disrupt-connectivity` (scope `all`) on the workload's subnets
   * in one zone (the zone failure domain).
   */
  ZONE_DISRUPTION = 'zone-disruption',
  /**
   * Zonal shift: `aws:arc:start-zonal-autoshift` moves the load balancer's traffic away from one
   * zone, as an ARC zonal autoshift would (the zone failure domain).
   */
  ZONAL_SHIFT = 'zonal-shift',
  /**
   * The region failure domain. No single-region pattern survives it: ActivePassiveRegionPair adds
   * it, with its own regional rehearsal. Asking for it here is an error that says so.
   */
  REGION = 'region',
}

/**
 * Opt-in failure drills of a pattern (the pattern's `drills` prop). Each drill is an AWS FIS
 * experiment template, stopped by the workload's SLO alarms, with a role scoped to the workload's
 * resources and a retained CloudWatch Logs log; the stack outputs each template's id.
 */
export interface DrillSettings {
  /**
   * The drills to create. Each must test a failure domain the workload's profile says it
   * survives (an error names the domain and what adds it otherwise).
   *
   * @default - every drill the pattern supports for the failure domains it survives
   */
  readonly experiments?: DrillKind[];

  /**
   * CloudWatch alarms that stop every experiment (FIS stop conditions, at most 5) and, with
   * `zonalAutoshift`, end a practice run as its outcome alarm.
   *
   * @default - the pattern's alarms (StatelessService: the SLO deployment alarms; QueueWorkerService: its not-draining, freshness and dead-letter alarms)
   */
  readonly stopAlarms?: cloudwatch.IAlarm[];

  /**
   * Run the experiments without stop conditions. An unguarded experiment can cause the outage it
   * tests: this is an explicit opt-out, with a tagged warning
   * (`cdk-cloud-native-patterns:DrillWithoutStopCondition`).
   *
   * @default false - no stop alarms is an error
   */
  readonly allowWithoutStopAlarms?: boolean;

  /**
   * Percent (1-100) of the service's running tasks the task churn drill stops (FIS selection
   * mode `PERCENT(n)`, rounded down). The share must stop at least one task of the autoscaling
   * minimum and leave at least the tasks the load needs.
   *
   * @default - one zone's share: ceil(100 / zones), which the zone-loss headroom already covers
   */
  readonly taskChurnPercent?: number;

  /**
   * How long the zone disruption and the zonal shift last (whole minutes, 1 to 720).
   *
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;

  /**
   * The zone (name, e.g. `us-east-1a`) the zone drills act on.
   *
   * @default - the first of the workload's zones, sorted by name
   */
  readonly zone?: string;

  /**
   * Spot instances (SpotFleetWithFallback) the spot reclaim drill interrupts at once (FIS
   * `COUNT(n)`, 1 to 5: the default quota of spot instances per target).
   *
   * @default 1
   */
  readonly spotInstanceCount?: number;

  /**
   * How long after the interruption notice the spot instances are interrupted
   * (`durationBeforeInterruption`, whole minutes, 2 to 15).
   *
   * @default Duration.minutes(2) - the real notice
   */
  readonly spotInterruptionDelay?: Duration;

  /**
   * Turn on ARC zonal shift on the load balancer (`zonal_shift.config.enabled`), so an operator,
   * a zonal autoshift or the zonal shift drill can move traffic away from an impaired zone. It is
   * free, and needed by `zonalAutoshift` and the zonal shift drill.
   *
   * @default true
   */
  readonly zonalShift?: boolean;

  /**
   * Turn on ARC zonal autoshift for the load balancer, with weekly practice runs whose outcome
   * alarm is the stop alarms (one alarm, or a composite of them). AWS then shifts traffic away
   * from a zone it sees impaired, without a person acting.
   *
   * @default false
   */
  readonly zonalAutoshift?: boolean;

  /**
   * Weekly windows (UTC, `Day:HH:MM-Day:HH:MM`, same day, at most 15) when ARC starts no practice
   * run, e.g. `['Mon:09:00-Mon:11:00']` for a release window (`MON` is accepted and written as `Mon`,
   * the form the CloudFormation schema takes).
   *
   * @default - no blocked window
   */
  readonly practiceRunBlockedWindows?: string[];

  /**
   * Dates (UTC, `YYYY-MM-DD`, at most 15) when ARC starts no practice run.
   *
   * @default - no blocked date
   */
  readonly practiceRunBlockedDates?: string[];

  /**
   * How long the experiments' CloudWatch Logs log is kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}
