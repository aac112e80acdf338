import { Stack } from 'aws-cdk-lib';
import * as arc from 'aws-cdk-lib/aws-arczonalshift';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

/** The load balancer attribute that turns on the ARC zonal shift integration (off by default). */
export const ZONAL_SHIFT_ATTRIBUTE = 'zonal_shift.config.enabled';
/** The cross-zone load balancing attribute (load balancer and target group). */
export const CROSS_ZONE_ATTRIBUTE = 'load_balancing.cross_zone.enabled';

/**
 * Practice-run blocked windows: `Day:HH:MM-Day:HH:MM`, same day (ARC UpdatePracticeRunConfiguration).
 * The CloudFormation schema of AWS::ARCZonalShift::ZonalAutoshiftConfiguration takes the days as
 * `Mon`...`Sun` (pattern `^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):[0-9]{2}:[0-9]{2}-...$`, found by cfn-lint
 * E3031 on `TUE`), though its docs show `MON`: either case is accepted here and written as `Mon`.
 */
const WINDOW = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$/i;

/** A blocked window as the CloudFormation schema takes it: `Mon:09:00-Mon:11:00`. */
export function normalizeWindow(w: string): string {
  return w.replace(/[A-Za-z]{3}/g, (d) => d.charAt(0).toUpperCase() + d.slice(1).toLowerCase());
}
/** Practice-run blocked dates: `YYYY-MM-DD`. */
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** ARC takes at most 15 blocked dates and 15 blocked windows. */
export const MAX_BLOCKED = 15;

/** The attributes of a load balancer and its target groups as the template will carry them. */
export interface LoadBalancerAttributes {
  /** `application` or `network`. */
  readonly type: string;
  readonly attributes: { [key: string]: string };
  readonly targetGroups: Array<{ path: string; attributes: { [key: string]: string } }>;
}

/** Reads the resolved attributes (what CloudFormation will set) of a load balancer and target groups. */
export function readAttributes(lb: elbv2.BaseLoadBalancer, targetGroups: elbv2.TargetGroupBase[]): LoadBalancerAttributes {
  const cfn = lb.node.defaultChild as elbv2.CfnLoadBalancer;
  const stack = Stack.of(lb);
  const toMap = (list: unknown): { [key: string]: string } => {
    const out: { [key: string]: string } = {};
    for (const kv of Array.isArray(list) ? list as Array<{ key?: unknown; value?: unknown }> : []) {
      if (typeof kv?.key === 'string' && typeof kv.value === 'string') out[kv.key] = kv.value;
    }
    return out;
  };
  return {
    type: typeof cfn.type === 'string' ? cfn.type : 'application',
    attributes: toMap(stack.resolve(cfn.loadBalancerAttributes)),
    targetGroups: targetGroups.map((tg) => ({
      path: tg.node.path,
      attributes: toMap(stack.resolve((tg.node.defaultChild as elbv2.CfnTargetGroup).targetGroupAttributes)),
    })),
  };
}

/**
 * Why zonal shift (and so zonal autoshift) cannot work with these cross-zone settings, if it
 * cannot. ARC supports Application Load Balancers with cross-zone load balancing on or off (ARC
 * Developer Guide, "Application Load Balancers"); a Network Load Balancer with cross-zone load
 * balancing on needs every target group's `load_balancing.cross_zone.enabled` to be `true` or
 * `use_load_balancer_configuration` (ELB, "Enable zonal shift for your Network Load Balancer").
 */
export function crossZoneProblems(a: LoadBalancerAttributes): string[] {
  if (a.type !== 'network' || a.attributes[CROSS_ZONE_ATTRIBUTE] !== 'true') return [];
  return a.targetGroups
    .filter((tg) => tg.attributes[CROSS_ZONE_ATTRIBUTE] === 'false')
    .map((tg) => `target group ${tg.path} turns cross-zone load balancing off (${CROSS_ZONE_ATTRIBUTE} false) on a Network Load Balancer that has it on, `
      + 'and ARC cannot enable zonal shift for such a load balancer');
}

/** Problems with practice-run blocked windows and dates. */
export function blockedProblems(windows: unknown, dates: unknown): Array<{ prop: string; problem: string; fix: string }> {
  const out: Array<{ prop: string; problem: string; fix: string }> = [];
  const check = (prop: string, value: unknown, ok: (s: string) => boolean, format: string) => {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      out.push({ prop, problem: 'must be an array of strings', fix: `set ${prop} to strings like ${format}` });
      return;
    }
    if (value.length > MAX_BLOCKED) out.push({ prop, problem: `has ${value.length} entries; ARC takes at most ${MAX_BLOCKED}`, fix: `merge ${prop} into at most ${MAX_BLOCKED}` });
    const bad = value.filter((x) => typeof x !== 'string' || !ok(x));
    if (bad.length > 0) {
      out.push({ prop, problem: `${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not in the UTC format ${format}`, fix: `write each as ${format}` });
    }
  };
  check('practiceRunBlockedWindows', windows, (s) => {
    const m = WINDOW.exec(s);
    // ARC: blocked windows start and end on the same day, and the end is after the start.
    return m !== null && m[1].toLowerCase() === m[4].toLowerCase() && `${m[5]}${m[6]}` > `${m[2]}${m[3]}`;
  }, 'Day:HH:MM-Day:HH:MM on one day (e.g. Mon:09:00-Mon:11:00)');
  check('practiceRunBlockedDates', dates, (s) => DATE.test(s), 'YYYY-MM-DD');
  return out;
}

/**
 * Zonal autoshift for the load balancer, with practice runs whose outcome alarm ends a run and
 * marks it FAILED (ARC takes one outcome alarm: several stop alarms become a composite that is in
 * alarm when any of them is).
 */
export function zonalAutoshift(scope: Construct, lb: elbv2.BaseLoadBalancer, alarms: cloudwatch.IAlarm[],
  windows: string[] | undefined, dates: string[] | undefined,
): { configuration: arc.CfnZonalAutoshiftConfiguration; outcomeAlarm: cloudwatch.IAlarm } {
  const outcomeAlarm = alarms.length === 1
    ? alarms[0]
    : new cloudwatch.CompositeAlarm(scope, 'PracticeRunOutcomeAlarm', {
      alarmRule: cloudwatch.AlarmRule.anyOf(...alarms.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM))),
      alarmDescription: 'Ends an ARC zonal autoshift practice run as FAILED when any SLO stop alarm of the workload is in alarm.',
      actionsEnabled: false,
    });
  const configuration = new arc.CfnZonalAutoshiftConfiguration(scope, 'ZonalAutoshift', {
    resourceIdentifier: lb.loadBalancerArn,
    zonalAutoshiftStatus: 'ENABLED',
    practiceRunConfiguration: {
      outcomeAlarms: [{ type: 'CLOUDWATCH', alarmIdentifier: outcomeAlarm.alarmArn }],
      ...(windows && windows.length > 0 ? { blockedWindows: windows.map(normalizeWindow) } : {}),
      ...(dates && dates.length > 0 ? { blockedDates: dates } : {}),
    },
  });
  return { configuration, outcomeAlarm };
}
