import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** How ECS moves a StatelessService from one release to the next. */
export enum RolloutStrategy {
  /** Replace tasks in the one target group (ECS rolling update): every user meets the new tasks as they come up. */
  ROLLING = 'ROLLING',
  /** Start the new tasks in a second target group, then move all production traffic at once. */
  BLUE_GREEN = 'BLUE_GREEN',
  /** Move a small share of production traffic first, wait, then the rest. */
  CANARY = 'CANARY',
  /** Move production traffic in equal steps, waiting after each one. */
  LINEAR = 'LINEAR',
}

/**
 * Options shared by the traffic-shifting rollouts (blue/green, canary, linear).
 */
export interface TrafficShiftOptions {
  /**
   * A second listener on this port that ECS points at the new tasks before any production
   * traffic moves (the test traffic shift), for `preTrafficTest` or a person to try the release.
   * It accepts traffic from the VPC's CIDR only; open it further with
   * `service.rollout.testListener.connections.allowFrom(...)`. HTTPS with the service's
   * certificate when it has one. Not 80 or 443 (the production listeners).
   *
   * @default - no test listener
   */
  readonly testListenerPort?: number;

  /**
   * A Lambda function ECS runs at the POST_TEST_TRAFFIC_SHIFT lifecycle stage, after the test
   * listener reaches the new tasks and before production traffic moves. It returns
   * `{ hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS' }`; FAILED rolls the deployment back.
   * ECS is given a role that may invoke exactly this function.
   *
   * @default - no test hook
   */
  readonly preTrafficTest?: lambda.IFunction;

  /**
   * The deployment health alarms: a target 5xx ratio above `maxErrorPercent` on either target
   * group, and an unhealthy target in either, each over two one-minute datapoints. ECS rolls the
   * deployment back when one of them (or an SLO deployment alarm) alarms during the shift and the
   * bake. Turning them off leaves the release judged by the SLO deployment alarms only.
   *
   * @default true
   */
  readonly healthAlarms?: boolean;

  /**
   * The target 5xx ratio, in percent of a target group's requests (above 0, at most 100), that
   * rolls the deployment back when both one-minute datapoints exceed it.
   *
   * @default 5
   */
  readonly maxErrorPercent?: number;

  /**
   * Requests a target group must serve in a minute before its 5xx ratio counts (the minimum-traffic
   * guard: one error among a handful of requests does not roll a good release back). 0 turns it off.
   *
   * @default - the larger of 20 and ceil(100 / maxErrorPercent)
   */
  readonly minRequestsPerMinute?: number;
}

/**
 * Options of a canary rollout.
 */
export interface CanaryRolloutOptions extends TrafficShiftOptions {
  /**
   * Share of production traffic the new tasks get first, in percent: a multiple of 0.1 from 0.1
   * to 100 (ECS CanaryConfiguration).
   *
   * @default 5
   */
  readonly percent?: number;

  /**
   * How long the canary share is watched before the rest of the traffic moves (whole minutes,
   * 0-1440). Keep it longer than the alarms need to fire, or a bad release reaches everyone.
   *
   * @default Duration.minutes(10)
   */
  readonly bake?: Duration;

  /**
   * How long ECS keeps the old tasks, and watches the alarms, after all traffic moved (whole
   * minutes, 0-1440): a rollback in this time is a traffic shift back to tasks that still run.
   *
   * @default Duration.minutes(10)
   */
  readonly finalBake?: Duration;
}

/**
 * Options of a linear rollout.
 */
export interface LinearRolloutOptions extends TrafficShiftOptions {
  /**
   * Share of production traffic moved at each step, in percent: a multiple of 0.1 from 3 to 100
   * (ECS LinearConfiguration).
   *
   * @default 10
   */
  readonly percent?: number;

  /**
   * How long each step is watched before the next (whole minutes, 0-1440).
   *
   * @default Duration.minutes(6)
   */
  readonly stepBake?: Duration;

  /**
   * How long ECS keeps the old tasks, and watches the alarms, after all traffic moved (whole
   * minutes, 0-1440).
   *
   * @default Duration.minutes(10)
   */
  readonly finalBake?: Duration;
}

/**
 * Options of a blue/green rollout.
 */
export interface BlueGreenRolloutOptions extends TrafficShiftOptions {
  /**
   * How long ECS keeps the old (blue) tasks, and watches the alarms, after all traffic moved to
   * the new (green) ones (whole minutes, 0-1440): a rollback in this time is a traffic shift back.
   *
   * @default Duration.minutes(10)
   */
  readonly bake?: Duration;
}

/** Defaults of the rollouts, as plain data (each asserted by a test and stated in the TSDoc). */
export const ROLLOUT_DEFAULTS = {
  canaryPercent: 5,
  canaryBake: Duration.minutes(10),
  linearPercent: 10,
  linearStepBake: Duration.minutes(6),
  finalBake: Duration.minutes(10),
  maxErrorPercent: 5,
  minRequestsFloor: 20,
} as const;

/**
 * How a StatelessService deploys a new release: ECS's rolling update (the default), or a
 * traffic-shifting rollout (blue/green, canary, linear) over a second target group, rolled back on
 * the SLO deployment alarms and the deployment health alarms.
 */
export class Rollout {
  /**
   * ECS's rolling update (the default): new tasks join the one target group while the old ones
   * drain (100 % minimum healthy, 200 % maximum), rolled back by the circuit breaker and, with
   * `slos`, by the SLO deployment alarm. Every user can meet the new release as soon as its first
   * task is healthy.
   */
  public static rolling(): Rollout {
    return new Rollout(RolloutStrategy.ROLLING, {});
  }

  /**
   * A canary: `percent` of production traffic (default 5 %) to the new tasks for `bake` (default
   * 10 min), then the rest, then `finalBake` (default 10 min) with the old tasks still running.
   */
  public static canary(options: CanaryRolloutOptions = {}): Rollout {
    const o = options ?? {};
    return new Rollout(RolloutStrategy.CANARY, o, o.percent ?? ROLLOUT_DEFAULTS.canaryPercent, o.bake ?? ROLLOUT_DEFAULTS.canaryBake,
      o.finalBake ?? ROLLOUT_DEFAULTS.finalBake);
  }

  /**
   * Linear: `percent` of production traffic (default 10 %) more at each step, `stepBake` (default
   * 6 min) apart, then `finalBake` (default 10 min) with the old tasks still running.
   */
  public static linear(options: LinearRolloutOptions = {}): Rollout {
    const o = options ?? {};
    return new Rollout(RolloutStrategy.LINEAR, o, o.percent ?? ROLLOUT_DEFAULTS.linearPercent, o.stepBake ?? ROLLOUT_DEFAULTS.linearStepBake,
      o.finalBake ?? ROLLOUT_DEFAULTS.finalBake);
  }

  /**
   * Blue/green: the new tasks start in the second target group, take the test listener's traffic
   * (with `testListenerPort`) and the `preTrafficTest` hook, then all production traffic at once;
   * the old tasks stay for `bake` (default 10 min).
   */
  public static blueGreen(options: BlueGreenRolloutOptions = {}): Rollout {
    const o = options ?? {};
    return new Rollout(RolloutStrategy.BLUE_GREEN, o, undefined, undefined, o.bake ?? ROLLOUT_DEFAULTS.finalBake);
  }

  /** The ECS deployment strategy. */
  public readonly strategy: RolloutStrategy;
  /** Canary share or linear step, in percent (undefined for rolling and blue/green). */
  public readonly stepPercent?: number;
  /** Canary bake or linear step bake (undefined for rolling and blue/green). */
  public readonly stepBake?: Duration;
  /** The bake after all traffic moved (undefined for rolling). */
  public readonly finalBake?: Duration;
  /** Port of the test listener, when there is one. */
  public readonly testListenerPort?: number;
  /** The POST_TEST_TRAFFIC_SHIFT hook, when there is one. */
  public readonly preTrafficTest?: lambda.IFunction;
  /** Whether the deployment health alarms are created (traffic-shifting rollouts only). */
  public readonly healthAlarms: boolean;
  /** The target 5xx ratio, in percent, that rolls back (traffic-shifting rollouts). */
  public readonly maxErrorPercent: number;
  /** The health alarm's minimum-traffic guard, requests a minute per target group, when given. */
  public readonly minRequestsPerMinute?: number;

  private constructor(strategy: RolloutStrategy, o: TrafficShiftOptions, stepPercent?: number, stepBake?: Duration, finalBake?: Duration) {
    this.strategy = strategy;
    this.stepPercent = stepPercent;
    this.stepBake = stepBake;
    this.finalBake = finalBake;
    this.testListenerPort = o.testListenerPort;
    this.preTrafficTest = o.preTrafficTest;
    this.healthAlarms = strategy !== RolloutStrategy.ROLLING && (o.healthAlarms ?? true);
    this.maxErrorPercent = o.maxErrorPercent ?? ROLLOUT_DEFAULTS.maxErrorPercent;
    this.minRequestsPerMinute = o.minRequestsPerMinute;
  }

  /** True for blue/green, canary and linear: ECS shifts traffic between two target groups. */
  public get shiftsTraffic(): boolean {
    return this.strategy !== RolloutStrategy.ROLLING;
  }
}
