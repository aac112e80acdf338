import { RolloutStrategy } from './rollout';
import { CheckedRollout, ERROR_ALARM_DATAPOINTS, HEALTH_ALARM_PERIOD } from './rollout-wiring';
import { RolloutProfile, TimeEstimate } from '../report/profile';

/**
 * Seconds assumed for ECS to move production traffic back to the old tasks once an alarm is in
 * ALARM (one listener rule update; ECS does not publish its reaction time).
 */
export const ASSUMED_SHIFT_BACK_SECONDS = 10;

/** What the rollout's blast radius is computed from. */
export interface RolloutProfileInput {
  readonly rollout: CheckedRollout;
  /** Health check interval, seconds. */
  readonly intervalSeconds: number;
  /** Passed health checks before a task takes traffic. */
  readonly healthyThresholdCount: number;
  /** Assumed task start, seconds. */
  readonly taskStartSeconds: number;
  /** Deregistration delay, seconds. */
  readonly drainSeconds: number;
  /** The SLO deployment alarms, when `slos` is given. */
  readonly sloAlarm?: { names: string[]; periodSeconds: number; datapoints: number };
  /** Names of the deployment health alarms (traffic-shifting rollouts with healthAlarms). */
  readonly healthAlarmNames: string[];
  /** Datapoints of the unhealthy-targets alarm. */
  readonly unhealthyDatapoints: number;
}

const pct = (n: number) => Number(n.toFixed(1));

/**
 * The rollout as the report states it: which share of users a release that starts, passes health
 * checks and serves errors reaches before ECS rolls it back, how long from the moment it reaches
 * them to the end of the rollback, and how long a good release takes. Every figure with its
 * arithmetic; the assumptions are labelled.
 */
export function rolloutProfile(i: RolloutProfileInput): RolloutProfile {
  const c = i.rollout;
  const r = c.rollout;
  const healthy = i.healthyThresholdCount * i.intervalSeconds;
  const up = i.taskStartSeconds + healthy;
  const upText = `task start ${i.taskStartSeconds} s (assumed) + healthy ${i.healthyThresholdCount} x ${i.intervalSeconds} s = ${up} s`;
  const notes: string[] = [
    'ALB metrics reach CloudWatch once a minute and alarms evaluate after their period closes: the alarm times are the least, not the most',
  ];
  const judgedBy: string[] = [
    'the deployment circuit breaker (tasks that fail to start or fail health checks)',
    ...(i.sloAlarm ? i.sloAlarm.names.map((n) => `${n}: the SLO fast burn's short window (${i.sloAlarm!.datapoints} x ${i.sloAlarm!.periodSeconds} s), over the whole load balancer`) : []),
  ];

  let detect: { seconds: number; text: string } | undefined;
  if (r.healthAlarms && i.healthAlarmNames.length > 0) {
    const s = HEALTH_ALARM_PERIOD.toSeconds() * ERROR_ALARM_DATAPOINTS;
    judgedBy.push(`${i.healthAlarmNames[0]}: target 5xx above ${r.maxErrorPercent} % of either target group's requests, ${ERROR_ALARM_DATAPOINTS} x ${HEALTH_ALARM_PERIOD.toSeconds()} s`);
    if (i.healthAlarmNames[1]) {
      judgedBy.push(`${i.healthAlarmNames[1]}: an unhealthy target in either target group, ${i.unhealthyDatapoints} x ${HEALTH_ALARM_PERIOD.toSeconds()} s`);
    }
    detect = { seconds: s, text: `target 5xx alarm ${ERROR_ALARM_DATAPOINTS} datapoints x ${HEALTH_ALARM_PERIOD.toSeconds()} s = ${s} s` };
    notes.push(`a bad release is modelled as one whose target group answers more than ${r.maxErrorPercent} % 5xx with at least ${c.minRequestsPerMinute} requests a minute`
      + (c.stepPercent !== undefined ? `: at ${c.stepPercent} % of the traffic that needs at least ceil(${c.minRequestsPerMinute} x 100 / ${c.stepPercent}) = ${Math.ceil(c.minRequestsPerMinute * 100 / c.stepPercent)} requests a minute at the service; below it only the SLO alarm (diluted by the old tasks' traffic) and the circuit breaker judge the first step` : ''));
  } else if (i.sloAlarm) {
    const s = i.sloAlarm.periodSeconds * i.sloAlarm.datapoints;
    detect = { seconds: s, text: `SLO deployment alarm ${i.sloAlarm.datapoints} datapoint${i.sloAlarm.datapoints === 1 ? '' : 's'} x ${i.sloAlarm.periodSeconds} s = ${s} s` };
    notes.push('a bad release is modelled as one whose errors push the load balancer\'s error ratio over the fast-burn threshold'
      + (c.stepPercent !== undefined ? `; at ${c.stepPercent} % of the traffic its own error ratio must exceed that threshold x 100 / ${c.stepPercent}` : ''));
  }

  if (!r.shiftsTraffic) {
    const deployment: TimeEstimate = {
      seconds: up + i.drainSeconds,
      arithmetic: `new tasks: ${upText} + old tasks drained ${i.drainSeconds} s = ${up + i.drainSeconds} s (ECS's wait on the deployment alarms after that is not modelled)`,
    };
    const base = {
      strategy: r.strategy,
      description: 'rolling update: new tasks join the one target group (minimum healthy 100 %, maximum 200 %), the old ones drain',
      judgedBy,
      deploymentTime: deployment,
      notes,
    };
    if (!detect) {
      return {
        ...base,
        rollsBack: false,
        usersReachedPercent: 100,
        usersReachedArithmetic: 'no deployment alarm: a release that starts and passes health checks serves every user until someone rolls it back',
      };
    }
    const back = up;
    const seconds = detect.seconds + back;
    return {
      ...base,
      rollsBack: true,
      usersReachedPercent: 100,
      usersReachedArithmetic: `every user: all replacement tasks start at once (maximum 200 %) and take traffic once healthy; the old ones are gone after ${deployment.seconds} s, `
        + `${deployment.seconds <= detect.seconds ? 'before' : 'after'} the ${detect.seconds} s the alarm needs`,
      timeToRollback: {
        seconds,
        arithmetic: `${detect.text} + rollback: the old revision's tasks start again, ${upText} = ${seconds} s`,
      },
    };
  }

  // Traffic-shifting: the new tasks come up in the second target group, then production traffic moves.
  const stepBakeS = (c.stepBakeMinutes ?? 0) * 60;
  const finalBakeS = (c.finalBakeMinutes ?? 0) * 60;
  const shiftS = r.strategy === RolloutStrategy.BLUE_GREEN ? 0 : stepBakeS * c.steps;
  let description: string;
  let shiftText: string;
  if (r.strategy === RolloutStrategy.CANARY) {
    description = `canary: ${c.stepPercent} % of production traffic for ${c.stepBakeMinutes} min, then 100 %; old tasks kept ${c.finalBakeMinutes} min`;
    shiftText = `canary bake ${c.stepBakeMinutes} min = ${shiftS} s`;
  } else if (r.strategy === RolloutStrategy.LINEAR) {
    description = `linear: ${c.stepPercent} % more production traffic every ${c.stepBakeMinutes} min (${c.steps} waits before 100 %); old tasks kept ${c.finalBakeMinutes} min`;
    shiftText = `${c.steps} steps x ${c.stepBakeMinutes} min = ${shiftS} s`;
  } else {
    description = `blue/green: all production traffic at once${r.testListenerPort !== undefined ? ` after the test listener (port ${r.testListenerPort})` : ''}`
      + `${r.preTrafficTest ? ' and the pre-traffic test hook' : ''}; old tasks kept ${c.finalBakeMinutes} min`;
    shiftText = 'one shift = 0 s';
  }
  if (r.strategy !== RolloutStrategy.BLUE_GREEN) {
    notes.push('the circuit breaker stays on; the ECS developer guide (deployment-failure-detection) documents it for rolling and blue/green deployments and does not name canary or linear');
  }
  if (r.preTrafficTest) {
    judgedBy.push('the pre-traffic test hook at POST_TEST_TRAFFIC_SHIFT (FAILED rolls back before any user is reached)');
    notes.push('the pre-traffic test hook\'s run time is not modelled (0 s)');
  }
  const deploymentSeconds = up + shiftS + finalBakeS + i.drainSeconds;
  const deployment: TimeEstimate = {
    seconds: deploymentSeconds,
    arithmetic: `new tasks: ${upText} + shift ${shiftText} + bake ${c.finalBakeMinutes} min = ${finalBakeS} s + old tasks drained ${i.drainSeconds} s = ${deploymentSeconds} s`
      + (r.testListenerPort !== undefined || r.preTrafficTest ? ' (the test traffic shift is not modelled)' : ''),
  };
  const watched = shiftS + finalBakeS;
  const base = { strategy: r.strategy, description, judgedBy, deploymentTime: deployment, notes };

  if (!detect) {
    return {
      ...base,
      rollsBack: false,
      usersReachedPercent: 100,
      usersReachedArithmetic: 'no deployment alarm (no slos, healthAlarms false): the release moves to every user on schedule and stays',
    };
  }
  if (detect.seconds > watched) {
    return {
      ...base,
      rollsBack: false,
      usersReachedPercent: 100,
      usersReachedArithmetic: `${detect.text}, but ECS watches the alarms only for the shift and the bake, ${shiftS} + ${finalBakeS} = ${watched} s after the release first reaches users: `
        + 'the alarm fires after the old tasks are gone, and the release stays with every user',
    };
  }
  let share: number;
  let shareText: string;
  if (r.strategy === RolloutStrategy.BLUE_GREEN) {
    share = 100;
    shareText = `every user: all production traffic moves at once; the alarm (${detect.seconds} s) fires within the ${finalBakeS} s bake, while the old tasks still run`;
  } else if (r.strategy === RolloutStrategy.CANARY) {
    const p = c.stepPercent ?? 0;
    share = detect.seconds <= stepBakeS ? p : 100;
    shareText = detect.seconds <= stepBakeS
      ? `${p} %: the alarm (${detect.seconds} s) fires within the ${stepBakeS} s canary bake`
      : `100 %: the alarm (${detect.seconds} s) needs longer than the ${stepBakeS} s canary bake, so the rest of the traffic moves first`;
  } else {
    const p = c.stepPercent ?? 0;
    const shifts = stepBakeS === 0 ? c.steps + 1 : 1 + Math.floor(detect.seconds / stepBakeS);
    share = shifts > c.steps ? 100 : Math.min(100, pct(p * shifts));
    shareText = stepBakeS === 0
      ? '100 %: a step bake of 0 moves every step at once'
      : `min(100, ${p} % x (1 + floor(${detect.seconds} s / ${stepBakeS} s)) = ${shifts} step${shifts === 1 ? '' : 's'}) = ${share} %`
        + (shifts > c.steps ? ` (${c.steps} waits, so the last shift reaches 100 %)` : '');
  }
  const seconds = detect.seconds + ASSUMED_SHIFT_BACK_SECONDS;
  return {
    ...base,
    rollsBack: true,
    usersReachedPercent: share,
    usersReachedArithmetic: shareText,
    timeToRollback: {
      seconds,
      arithmetic: `${detect.text} + rollback: production traffic back to the old tasks, still running, ${ASSUMED_SHIFT_BACK_SECONDS} s (assumed: one listener rule update) = ${seconds} s`,
    },
  };
}
