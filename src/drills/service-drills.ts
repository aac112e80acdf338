import { ArnFormat, CfnOutput, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as arc from 'aws-cdk-lib/aws-arczonalshift';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ExperimentSpec, experimentTemplate, isoMinutes } from './experiment';
import { DrillKind, DrillSettings } from './settings';
import { blockedProblems, crossZoneProblems, readAttributes, ZONAL_SHIFT_ATTRIBUTE, zonalAutoshift } from './zonal-shift';
import { arnFinding } from '../core/acknowledge';
import { PatternValidationError } from '../core/errors';
import { describeValue, isUnresolved, oneOf, PropValidator, warn, wholeDuration } from '../core/validation';
import { CostDrivers } from '../report/price-table';
import { FIS_PRICE_SOURCE } from '../report/prices';
import { DrillProfile, FailureDomain, FailureDomainProfile, WorkloadProfile } from '../report/profile';
import { Profiles } from '../report/report';

/** Defaults of the drills (plain data, one place). */
export const DRILL_DEFAULTS = {
  durationMinutes: 10,
  spotInstanceCount: 1,
  spotInterruptionDelayMinutes: 2,
  logRetention: logs.RetentionDays.ONE_YEAR,
  /** FIS stop conditions per experiment template (AWS FIS User Guide, "Quotas and limitations"). */
  maxStopConditions: 5,
  /** Default FIS quota of resources per target for aws:ecs:stop-task, send-spot-instance-interruptions, disrupt-connectivity. */
  maxTargetsPerAction: 5,
  /**
   * Action-minutes counted for an action that ends within seconds (aws:ecs:stop-task): FIS bills
   * an action's time rounded to the nearest minute, so 0 or 1; the report counts 1 (an assumption).
   */
  instantActionMinutes: 1,
};

/**
 * Props of ServiceDrills: the workload's resources, its profile (what it claims to survive) and
 * the drill settings.
 */
export interface ServiceDrillsProps extends DrillSettings {
  /** The workload's profile as the report records it: the failure domains it survives and its recovery times. */
  readonly profile: WorkloadProfile;

  /**
   * What the experiment descriptions call the stop alarms.
   *
   * @default 'the SLO alarms'
   */
  readonly stopAlarmsDescription?: string;

  /**
   * The ECS service whose tasks the task churn drill (and, with `fargateSpot`, the spot reclaim
   * drill) stops.
   *
   * @default - no ECS drill
   */
  readonly service?: ecs.BaseService;

  /**
   * The cluster of `service`.
   *
   * @default - the service's cluster
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The subnets the workload runs in; the zone disruption drill cuts off those in one zone.
   *
   * @default - no zone disruption drill
   */
  readonly subnets?: ec2.ISubnet[];

  /**
   * The VPC of `subnets` (FIS clones a network ACL in it).
   *
   * @default - the cluster's VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The service places tasks on FARGATE_SPOT: the spot reclaim drill stops those tasks.
   *
   * @default false
   */
  readonly fargateSpot?: boolean;

  /**
   * An Auto Scaling group with spot instances (SpotFleetWithFallback): the spot reclaim drill
   * sends spot interruptions to its instances.
   *
   * @default - no EC2 spot drill
   */
  readonly spotAutoScalingGroup?: autoscaling.IAutoScalingGroup;

  /**
   * The load balancer in front of the workload: zonal shift, zonal autoshift and the zonal shift drill act on it.
   *
   * @default - no load balancer drill
   */
  readonly loadBalancer?: elbv2.BaseLoadBalancer;

  /**
   * The load balancer's target groups, whose cross-zone settings zonal shift depends on.
   *
   * @default - none checked
   */
  readonly targetGroups?: elbv2.TargetGroupBase[];

  /**
   * The least number of running tasks (the autoscaling minimum): the task churn share is checked against it.
   *
   * @default - not checked
   */
  readonly taskCount?: number;

  /**
   * Tasks the load needs (minHealthyTasks): the task churn drill must leave at least this many.
   *
   * @default 1
   */
  readonly tasksNeeded?: number;
}

/** Words of each drill in the report. */
const DRILL_NAMES: { [k in DrillKind]: string } = {
  [DrillKind.TASK_CHURN]: 'task churn',
  [DrillKind.SPOT_RECLAIM]: 'spot reclaim',
  [DrillKind.ZONE_DISRUPTION]: 'zone disruption',
  [DrillKind.ZONAL_SHIFT]: 'zonal shift',
  [DrillKind.REGION]: 'region loss',
};

/** The failure domain whose claim each drill tests. */
const DRILL_DOMAIN: { [k in DrillKind]: FailureDomain } = {
  [DrillKind.TASK_CHURN]: FailureDomain.INSTANCE,
  [DrillKind.SPOT_RECLAIM]: FailureDomain.INSTANCE,
  [DrillKind.ZONE_DISRUPTION]: FailureDomain.ZONE,
  [DrillKind.ZONAL_SHIFT]: FailureDomain.ZONE,
  [DrillKind.REGION]: FailureDomain.REGION,
};

/** What makes a workload survive a failure domain, for the error when it does not. */
const DOMAIN_FIX: { [d: string]: string } = {
  [FailureDomain.INSTANCE]: 'run at least 2 tasks or instances (StatelessService minHealthyTasks with its zone-loss floor, SpotFleetWithFallback minCapacity 2 or more), or drop the drill',
  [FailureDomain.ZONE]: 'spread the workload over 2 or more zones with zone-loss headroom in an EgressAwareVpc (StatelessService requireZoneLossHeadroom, minHealthyTasks), or drop the drill',
  [FailureDomain.REGION]: 'ActivePassiveRegionPair adds the region failure domain, and its regional rehearsal (an FIS experiment in the primary region) tests it; drop DrillKind.REGION here',
  [FailureDomain.BAD_DEPLOYMENT]: 'declare SLOs so a bad release rolls back',
};

const ALL_KINDS = [DrillKind.TASK_CHURN, DrillKind.SPOT_RECLAIM, DrillKind.ZONE_DISRUPTION, DrillKind.ZONAL_SHIFT, DrillKind.REGION];

/** An alarm as the report names it: its name when the template sets one, else its construct path. */
function alarmLabel(a: cloudwatch.IAlarm): string {
  if (!Token.isUnresolved(a.alarmName)) return a.alarmName;
  const cfn = a.node.defaultChild as { alarmName?: unknown } | undefined;
  return typeof cfn?.alarmName === 'string' && !Token.isUnresolved(cfn.alarmName) ? cfn.alarmName : a.node.path;
}

/** `DrillKind.TASK_CHURN`, as errors name a kind. */
function kindText(k: DrillKind): string {
  return `DrillKind.${k.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Opt-in failure drills for a workload: one AWS FIS experiment template per failure domain its
 * profile claims to survive (task churn, spot reclaim, zone disruption, zonal shift), each
 * stopped by the workload's SLO alarms, with its own role scoped to the workload's resources and
 * its log in a retained log group; the stack outputs each template id. With a load balancer it
 * also turns on ARC zonal shift and, when asked, zonal autoshift with practice runs.
 *
 * Reusable by any pattern: `new ServiceDrills(this, 'Drills', { profile, service, subnets, stopAlarms })`.
 */
export class ServiceDrills extends Construct {
  /** The experiment templates, in the order of `drillProfiles`. */
  public readonly templates: fis.CfnExperimentTemplate[];
  /** The drills as the report lists them. */
  public readonly drillProfiles: DrillProfile[];
  /** The drills created. */
  public readonly kinds: DrillKind[];
  /** The experiments' log group (retained). */
  public readonly logGroup: logs.LogGroup;
  /** The zonal autoshift configuration, when `zonalAutoshift` is on. */
  public readonly autoshiftConfiguration?: arc.CfnZonalAutoshiftConfiguration;
  /** The practice runs' outcome alarm, when `zonalAutoshift` is on. */
  public readonly practiceRunOutcomeAlarm?: cloudwatch.IAlarm;
  /** Whether the load balancer's ARC zonal shift integration is on. */
  public readonly zonalShiftEnabled: boolean;

  constructor(scope: Construct, id: string, props: ServiceDrillsProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      throw new PatternValidationError(this, [{ prop: 'props', problem: 'are required but were not given', fix: 'pass { profile, service, subnets, stopAlarms, ... }' }]);
    }
    const v = new PropValidator(this);
    const profile = props.profile;
    if (!profile || typeof profile !== 'object' || !Array.isArray(profile.failureDomains)) {
      v.fail('profile', `must be the workload's profile (WorkloadProfile), got ${describeValue(profile)}`, 'pass the profile the pattern records (Profiles.of(pattern))');
      v.throwIfAny();
    }
    const domains = new Map<FailureDomain, FailureDomainProfile>(profile.failureDomains.map((d) => [d.domain, d]));
    const survives = (d: FailureDomain) => domains.get(d)?.survives === true;
    const stack = Stack.of(this);

    // ---- which drills --------------------------------------------------------------------------
    const cluster = props.cluster ?? props.service?.cluster;
    const usesSpot = props.fargateSpot === true || props.spotAutoScalingGroup !== undefined;
    const supported = (k: DrillKind): string | undefined => {
      switch (k) {
        case DrillKind.TASK_CHURN: return props.service ? undefined : 'needs an ECS service (`service`)';
        case DrillKind.SPOT_RECLAIM: return usesSpot && (props.spotAutoScalingGroup || props.service) ? undefined
          : 'the workload runs no spot capacity: ServiceCapacity.spotAboveOnDemandBase() (Fargate Spot) or SpotFleetWithFallback with onDemandPercentageAboveBaseCapacity below 100 adds it';
        case DrillKind.ZONE_DISRUPTION: return props.subnets && props.subnets.length > 0 ? undefined : 'needs the workload\'s subnets (`subnets`)';
        case DrillKind.ZONAL_SHIFT: return props.loadBalancer ? undefined : 'needs a load balancer (`loadBalancer`): a workload without one has no traffic to shift';
        default: return 'no single-region pattern survives it';
      }
    };
    let kinds: DrillKind[];
    if (props.experiments !== undefined && props.experiments !== null) {
      kinds = [];
      if (!Array.isArray(props.experiments)) {
        v.fail('drills.experiments', `must be an array of DrillKind, got ${describeValue(props.experiments)}`, 'pass e.g. [DrillKind.TASK_CHURN, DrillKind.ZONE_DISRUPTION]');
      } else {
        for (const k of props.experiments) {
          if (!oneOf(v, 'drills.experiments', k, ALL_KINDS, ALL_KINDS.map(kindText))) continue;
          if (kinds.includes(k)) continue;
          const domain = DRILL_DOMAIN[k];
          if (!survives(domain)) {
            const how = domains.get(domain)?.how ?? 'its profile does not model it';
            v.fail('drills.experiments', `the ${DRILL_NAMES[k]} drill tests the ${domain} failure domain, which ${profile.name} (${profile.pattern}) does not survive: ${how}`,
              DOMAIN_FIX[domain]);
            continue;
          }
          const missing = supported(k);
          if (missing) {
            v.fail('drills.experiments', `the ${DRILL_NAMES[k]} drill: ${missing}`,
              k === DrillKind.SPOT_RECLAIM ? `add spot capacity, or drop ${kindText(k)}` : `give what it acts on, or drop ${kindText(k)}`);
            continue;
          }
          kinds.push(k);
        }
      }
    } else {
      // The default: every drill the resources support for a domain the workload survives; the
      // zonal shift drill is asked for explicitly (zonal autoshift practice runs rehearse the shift weekly).
      kinds = [DrillKind.TASK_CHURN, DrillKind.SPOT_RECLAIM, DrillKind.ZONE_DISRUPTION]
        .filter((k) => survives(DRILL_DOMAIN[k]) && supported(k) === undefined);
    }

    // ---- stop alarms --------------------------------------------------------------------------
    const alarms = Array.isArray(props.stopAlarms) ? props.stopAlarms : [];
    if (props.stopAlarms !== undefined && props.stopAlarms !== null && !Array.isArray(props.stopAlarms)) {
      v.fail('drills.stopAlarms', `must be an array of CloudWatch alarms, got ${describeValue(props.stopAlarms)}`, 'pass [alarm, ...]');
    }
    const notAlarms = alarms.filter((a) => a === null || typeof a !== 'object' || typeof (a as { alarmArn?: unknown }).alarmArn !== 'string');
    if (notAlarms.length > 0) {
      v.fail('drills.stopAlarms', `holds ${notAlarms.map(describeValue).join(', ')}, not CloudWatch alarms`, 'pass cloudwatch.IAlarm objects (an Alarm, CompositeAlarm or Alarm.fromAlarmArn)');
    }
    const anyExperiment = kinds.length > 0;
    if (alarms.length === 0 && (anyExperiment || props.zonalAutoshift === true)) {
      if (props.allowWithoutStopAlarms === true && props.zonalAutoshift !== true) {
        warn(this, 'DrillWithoutStopCondition',
          `the drills of ${profile.name} have no stop condition (allowWithoutStopAlarms): FIS runs each experiment for its whole duration whatever users see, so an experiment can cause the outage it tests. Give SLOs or drills.stopAlarms.`);
      } else {
        v.fail('drills.stopAlarms', props.zonalAutoshift === true
          ? 'is empty, but zonal autoshift practice runs need an outcome alarm (ARC requires one)'
          : 'is empty: an experiment without a stop condition can cause the outage it tests',
        'declare SLOs on the workload (their alarms stop the experiments), pass drills.stopAlarms, or set drills.allowWithoutStopAlarms: true to accept running unguarded (not possible with zonalAutoshift)');
      }
    }
    if (alarms.length > DRILL_DEFAULTS.maxStopConditions) {
      v.fail('drills.stopAlarms', `has ${alarms.length} alarms; an FIS experiment template takes at most ${DRILL_DEFAULTS.maxStopConditions} stop conditions`,
        'combine them in a cloudwatch.CompositeAlarm (AlarmRule.anyOf) and pass that');
    }

    // ---- numbers -------------------------------------------------------------------------------
    const minutes = wholeDuration(v, 'drills.duration', props.duration, 'minutes', { min: 1, max: 720 }) ?? DRILL_DEFAULTS.durationMinutes;
    const delayMinutes = wholeDuration(v, 'drills.spotInterruptionDelay', props.spotInterruptionDelay, 'minutes', { min: 2, max: 15 })
      ?? DRILL_DEFAULTS.spotInterruptionDelayMinutes;
    const spotCount = props.spotInstanceCount ?? DRILL_DEFAULTS.spotInstanceCount;
    v.number('drills.spotInstanceCount', spotCount, { integer: true, min: 1, max: DRILL_DEFAULTS.maxTargetsPerAction });
    const zoneCount = typeof profile.zones === 'number' && profile.zones >= 1 ? profile.zones : 1;
    const percent = props.taskChurnPercent ?? Math.ceil(100 / zoneCount);
    const needed = props.tasksNeeded ?? 1;
    if (v.number('drills.taskChurnPercent', percent, { integer: true, min: 1, max: 100 }) && kinds.includes(DrillKind.TASK_CHURN)
      && typeof props.taskCount === 'number' && !isUnresolved(props.taskCount)) {
      // FIS rounds a percentage down and fails an experiment that selects no task (AWS FIS User Guide, "Targets").
      const stopped = Math.floor(props.taskCount * percent / 100);
      v.require(stopped >= 1, 'drills.taskChurnPercent', `${percent} % of the minimum of ${props.taskCount} tasks is floor(${props.taskCount} x ${percent} / 100) = 0 tasks, and FIS fails an experiment that selects none`,
        `set taskChurnPercent to at least ${Math.ceil(100 / props.taskCount)}`);
      v.require(props.taskCount - stopped >= needed, 'drills.taskChurnPercent', `stopping floor(${props.taskCount} x ${percent} / 100) = ${stopped} of ${props.taskCount} tasks leaves ${props.taskCount - stopped}, below the ${needed} the load needs`,
        `set taskChurnPercent to at most ${Math.floor((props.taskCount - needed) * 100 / props.taskCount)}`);
      if (stopped > DRILL_DEFAULTS.maxTargetsPerAction) {
        warn(this, 'DrillAboveFisQuota', `the task churn drill stops ${stopped} tasks at the minimum count; the default FIS quota is ${DRILL_DEFAULTS.maxTargetsPerAction} tasks per aws:ecs:stop-task target (adjustable in Service Quotas): raise it or the experiment fails to start.`);
      }
    }
    for (const p of blockedProblems(props.practiceRunBlockedWindows, props.practiceRunBlockedDates)) v.fail(p.prop, p.problem, p.fix);
    if (props.logRetention !== undefined) oneOf(v, 'drills.logRetention', props.logRetention, Object.values(logs.RetentionDays).filter((x) => typeof x === 'number'));

    // ---- zone ----------------------------------------------------------------------------------
    const subnets = props.subnets ?? [];
    const knownZones = [...new Set(subnets.map((s) => s.availabilityZone).filter((z) => !Token.isUnresolved(z)))].sort();
    let zone = props.zone ?? knownZones[0];
    if (props.zone !== undefined && (typeof props.zone !== 'string' || (knownZones.length > 0 && !knownZones.includes(props.zone)))) {
      v.fail('drills.zone', `${describeValue(props.zone)} is not a zone of the workload (${knownZones.join(', ') || 'zones unknown'})`, `set zone to one of ${knownZones.join(', ')}`);
      zone = knownZones[0];
    }
    const needsZone = kinds.includes(DrillKind.ZONE_DISRUPTION) || kinds.includes(DrillKind.ZONAL_SHIFT);
    if (needsZone && zone === undefined) {
      v.fail('drills.zone', 'is needed: the workload\'s zones are not known at synth (no subnets given, or their zones are tokens)', 'set drills.zone to the zone to drill, e.g. "us-east-1a"');
    }
    const zoneSubnets = subnets.filter((s) => s.availabilityZone === zone);
    if (kinds.includes(DrillKind.ZONE_DISRUPTION) && zoneSubnets.length > DRILL_DEFAULTS.maxTargetsPerAction) {
      v.fail('subnets', `${zoneSubnets.length} subnets in ${zone}; the default FIS quota is ${DRILL_DEFAULTS.maxTargetsPerAction} subnets per aws:network:disrupt-connectivity target`,
        'raise the quota in Service Quotas and pass at most 5 subnets per zone, or fewer subnets');
    }

    // ---- zonal shift and autoshift -------------------------------------------------------------
    const lb = props.loadBalancer;
    this.zonalShiftEnabled = lb !== undefined && props.zonalShift !== false;
    if (props.zonalAutoshift === true && !lb) {
      v.fail('drills.zonalAutoshift', 'is on, but the workload has no load balancer to shift', 'turn zonalAutoshift off, or give the load balancer');
    }
    if (lb && props.zonalShift === false) {
      if (props.zonalAutoshift === true) {
        v.fail('drills.zonalAutoshift and drills.zonalShift', 'zonal autoshift is on but zonal shift is off; ARC can only autoshift a load balancer with its zonal shift integration on',
          'remove zonalShift: false (zonal shift is free), or turn zonalAutoshift off');
      }
      if (kinds.includes(DrillKind.ZONAL_SHIFT)) {
        v.fail('drills.experiments and drills.zonalShift', 'the zonal shift drill needs the load balancer\'s zonal shift integration, which zonalShift: false turns off',
          'remove zonalShift: false, or drop DrillKind.ZONAL_SHIFT');
      }
    }
    if (lb && this.zonalShiftEnabled) {
      for (const p of crossZoneProblems(readAttributes(lb, props.targetGroups ?? []))) {
        v.fail('loadBalancer and targetGroups', p, 'set the target group\'s load_balancing.cross_zone.enabled to use_load_balancer_configuration (or true), or turn cross-zone off on the load balancer');
      }
    }
    v.throwIfAny();

    if (lb && this.zonalShiftEnabled) {
      lb.setAttribute(ZONAL_SHIFT_ATTRIBUTE, 'true');
      // Attributes set after this construct (setAttribute) are checked again at synthesis.
      const tgs = props.targetGroups ?? [];
      this.node.addValidation({ validate: () => crossZoneProblems(readAttributes(lb, tgs)) });
    }

    // ---- experiments ---------------------------------------------------------------------------
    this.logGroup = new logs.LogGroup(this, 'ExperimentLogs', {
      retention: props.logRetention ?? DRILL_DEFAULTS.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const ctx = { logGroup: this.logGroup, stopAlarms: alarms };
    const stopNames = alarms.length > 0
      ? alarms.map(alarmLabel)
      : ['none: allowWithoutStopAlarms is set, so the experiment runs its whole duration whatever users see'];
    type Planned = { kind: DrillKind; spec: ExperimentSpec; action: string; outcome: string; actionMinutes: number; minutesArithmetic: string };
    const specs: Planned[] = [];
    const recoveryOf = (d: FailureDomain) => domains.get(d)?.recovery;
    const recoveryText = (d: FailureDomain) => {
      const r = recoveryOf(d);
      return r ? `back at full capacity within ${r.seconds} s, the modelled ${d} recovery (${r.arithmetic})` : `no ${d} recovery time is modelled`;
    };
    const prefix = profile.name;
    const stopsOn = `stops on ${props.stopAlarmsDescription ?? 'the SLO alarms'}`;
    // Behind a load balancer health checks and draining move traffic; without one (a queue worker)
    // the stopped tasks' unfinished work is retried by the others, as the profile's claim says.
    const behindLb = lb !== undefined;

    if (kinds.includes(DrillKind.TASK_CHURN) && props.service && cluster) {
      const atMinimum = typeof props.taskCount === 'number' ? `; at the minimum of ${props.taskCount} tasks that is floor(${props.taskCount} x ${percent} / 100) = ${Math.floor(props.taskCount * percent / 100)}` : '';
      specs.push({
        kind: DrillKind.TASK_CHURN,
        spec: this.stopTaskSpec('TaskChurn', props.service, cluster, `PERCENT(${percent})`, undefined,
          `${prefix}: instance churn, stops ${percent} % of the service's tasks (aws:ecs:stop-task); ${stopsOn}`, `${prefix}-task-churn`),
        action: `aws:ecs:stop-task on PERCENT(${percent}) of the running tasks of the service (target aws:ecs:task by cluster and service)${atMinimum}`,
        outcome: `SLO held (no stop alarm fires): ${behindLb ? 'the load balancer drains the stopped tasks and the others serve' : 'the other tasks carry on and the stopped tasks\' unfinished work is retried'}; `
          + `ECS starts replacements, ${recoveryText(FailureDomain.INSTANCE)}`,
        actionMinutes: DRILL_DEFAULTS.instantActionMinutes,
        minutesArithmetic: `1 action; stop-task ends within seconds, billed rounded to the nearest minute: counted as ${DRILL_DEFAULTS.instantActionMinutes} (assumed)`,
      });
    }
    if (kinds.includes(DrillKind.SPOT_RECLAIM)) {
      if (props.spotAutoScalingGroup) {
        specs.push({
          kind: DrillKind.SPOT_RECLAIM,
          spec: this.spotInterruptionSpec(props.spotAutoScalingGroup, spotCount, delayMinutes, `${prefix}: spot reclaim, interrupts ${spotCount} spot instance(s) of the group (aws:ec2:send-spot-instance-interruptions); ${stopsOn}`, `${prefix}-spot-reclaim`),
          action: `aws:ec2:send-spot-instance-interruptions on COUNT(${spotCount}) running spot instance(s) of the Auto Scaling group (target aws:ec2:spot-instance by its aws:autoscaling:groupName tag), durationBeforeInterruption ${isoMinutes(delayMinutes)}`,
          outcome: `SLO held: the instance gets a rebalance recommendation and then the interruption notice ${delayMinutes} min before it is interrupted; it is drained and Auto Scaling replaces it, ${recoveryText(FailureDomain.INSTANCE)}`,
          actionMinutes: delayMinutes,
          minutesArithmetic: `1 action that lasts until the interruption, durationBeforeInterruption ${delayMinutes} min (assumed)`,
        });
      } else if (props.service && cluster) {
        specs.push({
          kind: DrillKind.SPOT_RECLAIM,
          spec: this.stopTaskSpec('SpotReclaim', props.service, cluster, 'ALL', 'FARGATE_SPOT',
            `${prefix}: spot reclaim, stops every FARGATE_SPOT task of the service (aws:ecs:stop-task); ${stopsOn}`, `${prefix}-spot-reclaim`),
          action: 'aws:ecs:stop-task on ALL running tasks of the service whose CapacityProviderName is FARGATE_SPOT (target aws:ecs:task by cluster and service, filtered)',
          outcome: `SLO held: ${behindLb ? 'the on-demand base keeps serving' : 'the on-demand base, if any, keeps working and the stopped tasks\' unfinished work is retried'} while every spot task is stopped at once; `
            + `ECS places replacements on FARGATE_SPOT, or the fallback twin runs them on demand when spot is short, ${recoveryText(FailureDomain.INSTANCE)}. `
            + `Unlike a real reclaim, StopTask sends no 2-minute warning: the tasks ${behindLb ? 'drain for the deregistration delay, then get SIGTERM and the stop timeout' : 'get SIGTERM and the stop timeout at once'}`,
          actionMinutes: DRILL_DEFAULTS.instantActionMinutes,
          minutesArithmetic: `1 action; stop-task ends within seconds, billed rounded to the nearest minute: counted as ${DRILL_DEFAULTS.instantActionMinutes} (assumed)`,
        });
      }
    }
    if (kinds.includes(DrillKind.ZONE_DISRUPTION) && zone !== undefined) {
      const vpc = props.vpc ?? cluster?.vpc;
      specs.push({
        kind: DrillKind.ZONE_DISRUPTION,
        spec: this.disruptSpec(zoneSubnets, vpc, zone, minutes, `${prefix}: zone disruption, cuts off the workload's subnets in ${zone} for ${minutes} min (aws:network:disrupt-connectivity); ${stopsOn}`, `${prefix}-zone-disruption`),
        action: `aws:network:disrupt-connectivity, scope all, duration ${isoMinutes(minutes)}, on the workload's ${zoneSubnets.length} subnet(s) in ${zone} (target aws:ec2:subnet by ARN)`,
        outcome: `SLO held: the tasks in ${zone} lose all traffic in and out; ${behindLb ? 'health checks take them out of rotation and the tasks in the other zones (the zone-loss headroom) serve' : 'their unfinished work is retried by the tasks in the other zones'}, `
          + `${recoveryText(FailureDomain.ZONE)}. `
          + `Not modelled: replacements ECS places in ${zone} cannot start until the disruption ends after ${minutes} min`,
        actionMinutes: minutes,
        minutesArithmetic: `1 action x ${minutes} min`,
      });
    }
    if (kinds.includes(DrillKind.ZONAL_SHIFT) && lb && zone !== undefined) {
      specs.push({
        kind: DrillKind.ZONAL_SHIFT,
        spec: this.zonalShiftSpec(lb, zone, minutes, `${prefix}: zonal shift, moves the load balancer's traffic away from ${zone} for ${minutes} min (aws:arc:start-zonal-autoshift); ${stopsOn}`, `${prefix}-zonal-shift`),
        action: `aws:arc:start-zonal-autoshift away from ${zone} for ${isoMinutes(minutes)} on the load balancer (target aws:arc:zonal-shift-managed-resource by ARN)`,
        outcome: `SLO held: the load balancer sends no new traffic to ${zone} for ${minutes} min and the other zones serve it (existing connections finish by client behaviour); traffic returns when the shift ends`,
        actionMinutes: minutes,
        minutesArithmetic: `1 action x ${minutes} min`,
      });
    }

    this.templates = [];
    this.drillProfiles = [];
    this.kinds = [];
    const region = Token.isUnresolved(stack.region) ? undefined : stack.region;
    const regionFlag = region ? ` --region ${region}` : '';
    for (const s of specs) {
      const template = experimentTemplate(this, s.spec, ctx);
      const output = new CfnOutput(this, `${s.spec.id}ExperimentTemplateId`, {
        value: template.ref,
        description: `FIS experiment template of the ${DRILL_NAMES[s.kind]} drill: aws fis start-experiment --experiment-template-id <this>`,
      });
      const key = stack.resolve(output.logicalId);
      const domain = DRILL_DOMAIN[s.kind];
      const claim = domains.get(domain)!;
      this.templates.push(template);
      this.kinds.push(s.kind);
      this.drillProfiles.push({
        name: DRILL_NAMES[s.kind],
        domain,
        claim: `survives ${domain}: ${claim.how}`,
        action: s.action,
        expectedOutcome: s.outcome,
        ...(recoveryOf(domain) ? { recoverySeconds: recoveryOf(domain)!.seconds } : {}),
        command: `aws fis start-experiment${regionFlag} --experiment-template-id $(aws cloudformation describe-stacks${regionFlag} --stack-name ${stack.stackName} `
          + `--query "Stacks[0].Outputs[?OutputKey=='${key}'].OutputValue" --output text)`,
        stopConditions: stopNames,
        costPerRun: CostDrivers.fisActionMinutes(s.actionMinutes, `${s.minutesArithmetic}; AWS FIS pricing ${FIS_PRICE_SOURCE}`),
      });
    }
    if (this.templates.length === 0 && props.zonalAutoshift !== true) {
      warn(this, 'NoDrill', `no failure drill was created for ${profile.name}: it survives none of the failure domains the drills test with the resources given.`);
    }

    if (props.zonalAutoshift === true && lb) {
      const z = zonalAutoshift(this, lb, alarms, props.practiceRunBlockedWindows, props.practiceRunBlockedDates);
      this.autoshiftConfiguration = z.configuration;
      this.practiceRunOutcomeAlarm = z.outcomeAlarm;
    }
  }

  /** The template of a drill, if it was created. */
  public templateFor(kind: DrillKind): fis.CfnExperimentTemplate | undefined {
    const i = this.kinds.indexOf(kind);
    return i >= 0 ? this.templates[i] : undefined;
  }

  private stopTaskSpec(id: string, service: ecs.BaseService, cluster: ecs.ICluster, selectionMode: string,
    capacityProvider: string | undefined, description: string, name: string): ExperimentSpec {
    const stack = Stack.of(this);
    const onCluster = { ArnEquals: { 'ecs:cluster': cluster.clusterArn } };
    return {
      id,
      description,
      name,
      roleDescription: `FIS drill ${name}: stops tasks of one ECS service, tasks of its cluster only`,
      statements: [
        // AWS FIS actions reference, aws:ecs:stop-task: ecs:DescribeTasks, ecs:ListTasks, ecs:StopTask, tag:GetResources.
        new iam.PolicyStatement({
          actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
          resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
          conditions: onCluster,
        }),
        new iam.PolicyStatement({ actions: ['ecs:ListTasks'], resources: ['*'], conditions: onCluster }),
        new iam.PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }),
      ],
      wildcards: [{
        finding: arnFinding('ecs:[^:]+:[^:]+:task/(<[A-Za-z0-9.]+>|[A-Za-z0-9_-]+)/\\*'),
        reason: 'The tasks of the workload\'s cluster: task ids exist only once ECS starts them; the statement also requires ecs:cluster to be the cluster, and the experiment targets the one service.',
      }],
      targets: {
        ServiceTasks: {
          resourceType: 'aws:ecs:task',
          parameters: { cluster: cluster.clusterName, service: service.serviceName },
          ...(capacityProvider ? { filters: [{ path: 'CapacityProviderName', values: [capacityProvider] }] } : {}),
          selectionMode,
        },
      },
      actions: {
        StopTasks: {
          actionId: 'aws:ecs:stop-task',
          description: capacityProvider ? `Stops the service's ${capacityProvider} tasks` : 'Stops a share of the service\'s tasks',
          targets: { Tasks: 'ServiceTasks' },
        },
      },
    };
  }

  private spotInterruptionSpec(group: autoscaling.IAutoScalingGroup, count: number, delayMinutes: number,
    description: string, name: string): ExperimentSpec {
    const stack = Stack.of(this);
    return {
      id: 'SpotReclaim',
      description,
      name,
      roleDescription: `FIS drill ${name}: interrupts spot instances tagged with one Auto Scaling group only`,
      statements: [
        // AWS FIS actions reference, aws:ec2:send-spot-instance-interruptions: ec2:SendSpotInstanceInterruptions, ec2:DescribeInstances.
        new iam.PolicyStatement({
          actions: ['ec2:SendSpotInstanceInterruptions'],
          resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
          conditions: { StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': group.autoScalingGroupName } },
        }),
        new iam.PolicyStatement({ actions: ['ec2:DescribeInstances', 'tag:GetResources'], resources: ['*'] }),
      ],
      wildcards: [{
        finding: arnFinding('ec2:[^:]+:[^:]+:instance/\\*'),
        reason: 'The group\'s spot instances: instance ids change as Auto Scaling replaces them, so the statement requires the instance\'s aws:autoscaling:groupName tag to be the group.',
      }],
      targets: {
        SpotInstances: {
          resourceType: 'aws:ec2:spot-instance',
          resourceTags: { 'aws:autoscaling:groupName': group.autoScalingGroupName },
          filters: [{ path: 'State.Name', values: ['running'] }],
          selectionMode: `COUNT(${count})`,
        },
      },
      actions: {
        InterruptSpotInstances: {
          actionId: 'aws:ec2:send-spot-instance-interruptions',
          description: 'Sends the 2-minute spot interruption notice, then interrupts',
          parameters: { durationBeforeInterruption: isoMinutes(delayMinutes) },
          targets: { SpotInstances: 'SpotInstances' },
        },
      },
    };
  }

  private disruptSpec(subnets: ec2.ISubnet[], vpc: ec2.IVpc | undefined, zone: string, minutes: number,
    description: string, name: string): ExperimentSpec {
    const stack = Stack.of(this);
    const subnetArns = subnets.map((s) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId }));
    const acls = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
    const vpcArns = vpc ? [stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpc.vpcId })] : [stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: '*' })];
    return {
      id: 'ZoneDisruption',
      description,
      name,
      roleDescription: `FIS drill ${name}: cuts off the workload's subnets in ${zone}, with network ACLs it creates (tagged managedByFIS)`,
      statements: [
        // AWS FIS actions reference, aws:network:disrupt-connectivity: FIS clones the subnet's network
        // ACL into one tagged managedByFIS=true, adds deny entries, swaps it in, and restores the original.
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAcl'], resources: vpcArns }),
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAcl', 'ec2:CreateTags'], resources: [acls], conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } }),
        new iam.PolicyStatement({ actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: [acls], conditions: { StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } } }),
        new iam.PolicyStatement({ actions: ['ec2:ReplaceNetworkAclAssociation'], resources: [...subnetArns, acls] }),
        new iam.PolicyStatement({
          actions: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'],
          resources: ['*'],
        }),
      ],
      wildcards: [
        {
          finding: arnFinding('ec2:[^:]+:[^:]+:network-acl/\\*'),
          reason: 'The network ACL FIS creates has no id before the experiment: creating and changing it is limited to ACLs tagged managedByFIS; associations are limited to the drilled subnets (and must include their original ACL, to restore it).',
        },
        ...(vpc ? [] : [{ finding: arnFinding('ec2:[^:]+:[^:]+:vpc/\\*'), reason: 'The VPC of the drilled subnets is not known to this construct; ACLs created in it are tagged managedByFIS.' }]),
      ],
      targets: { ZoneSubnets: { resourceType: 'aws:ec2:subnet', resourceArns: subnetArns, selectionMode: 'ALL' } },
      actions: {
        DisruptZone: {
          actionId: 'aws:network:disrupt-connectivity',
          description: `Denies all traffic in and out of the workload's subnets in ${zone}`,
          parameters: { scope: 'all', duration: isoMinutes(minutes) },
          targets: { Subnets: 'ZoneSubnets' },
        },
      },
    };
  }

  private zonalShiftSpec(lb: elbv2.BaseLoadBalancer, zone: string, minutes: number, description: string, name: string): ExperimentSpec {
    const type = (lb.node.defaultChild as elbv2.CfnLoadBalancer).type === 'network' ? 'NLB' : 'ALB';
    return {
      id: 'ZonalShift',
      description,
      name,
      roleDescription: `FIS drill ${name}: shifts the load balancer's traffic away from ${zone}`,
      statements: [
        // AWS FIS actions reference, aws:arc:start-zonal-autoshift.
        new iam.PolicyStatement({ actions: ['arc-zonal-shift:StartZonalShift', 'arc-zonal-shift:GetManagedResource'], resources: [lb.loadBalancerArn] }),
        new iam.PolicyStatement({
          actions: ['arc-zonal-shift:UpdateZonalShift', 'arc-zonal-shift:CancelZonalShift', 'arc-zonal-shift:ListManagedResources', 'autoscaling:DescribeTags', 'tag:GetResources'],
          resources: ['*'],
        }),
      ],
      wildcards: [],
      targets: { LoadBalancer: { resourceType: 'aws:arc:zonal-shift-managed-resource', resourceArns: [lb.loadBalancerArn], selectionMode: 'ALL' } },
      actions: {
        ShiftAwayFromZone: {
          actionId: 'aws:arc:start-zonal-autoshift',
          description: `Shifts the load balancer's traffic away from ${zone}`,
          parameters: { availabilityZoneIdentifier: zone, duration: isoMinutes(minutes), managedResourceTypes: type, zonalAutoshiftStatus: 'ANY' },
          targets: { ManagedResources: 'LoadBalancer' },
        },
      },
    };
  }
}

/** What a pattern passes to `addPatternDrills`: its resources (the settings and profile come separately). */
export type PatternDrillTargets = Omit<ServiceDrillsProps, keyof DrillSettings | 'profile'> & { readonly defaultStopAlarms?: cloudwatch.IAlarm[] };

/**
 * A pattern's `drills` prop made real: checks it (an object, and a profile to test, which token
 * values prevent), creates the drills as `<pattern>/Drills` with the pattern's default stop alarms,
 * and records the pattern's profile again with the drills in it.
 */
export function addPatternDrills(scope: Construct, settings: unknown, profile: WorkloadProfile | undefined,
  targets: PatternDrillTargets, hints: { readonly example: string; readonly concrete: string }): ServiceDrills {
  if (typeof settings !== 'object' || settings === null || !profile) {
    const notObject = typeof settings !== 'object' || settings === null;
    throw new PatternValidationError(scope, [{
      prop: 'drills',
      problem: notObject ? `must be DrillSettings, got ${describeValue(settings)}`
        : 'needs the report model of the workload, which token values prevent (see the ReportNeedsConcreteValues warning)',
      fix: notObject ? `pass ${hints.example}` : `pass ${hints.concrete}`,
    }]);
  }
  const given = settings as DrillSettings;
  const { defaultStopAlarms, stopAlarmsDescription, ...resources } = targets;
  const drills = new ServiceDrills(scope, 'Drills', {
    ...given,
    stopAlarms: given.stopAlarms ?? defaultStopAlarms,
    stopAlarmsDescription: given.stopAlarms ? 'the stop alarms given' : stopAlarmsDescription,
    ...resources,
    profile,
  });
  Profiles.record(scope, { ...profile, drills: drills.drillProfiles });
  return drills;
}
