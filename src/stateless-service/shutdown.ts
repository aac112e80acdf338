import { IConstruct } from 'constructs';
import { PropValidator, warn, wholeDuration } from '../core/validation';

/** Fargate's largest container stop timeout, and the length of the Fargate Spot interruption warning. */
export const MAX_STOP_TIMEOUT_SECONDS = 120;
/** Fargate's smallest container stop timeout. */
export const MIN_STOP_TIMEOUT_SECONDS = 2;
/** The target group's deregistration delay range (ELB TargetGroupAttribute deregistration_delay.timeout_seconds). */
export const MAX_DEREGISTRATION_DELAY_SECONDS = 3600;

/** The shutdown timing of a task behind a load balancer, in whole seconds (undefined for tokens). */
export interface ShutdownTiming {
  readonly drainSeconds?: number;
  readonly stopSeconds?: number;
}

/**
 * Checks a task's shutdown timing, shared by StatelessService and FargateSpotFallback.
 *
 * The order is sequential for a task ECS stops itself (deployment, scale-in, rebalancing): ECS
 * deregisters the task from its target group, waits the deregistration delay, THEN sends SIGTERM
 * and waits `stopTimeout` before SIGKILL, so the shutdown takes drain + stopTimeout (ECS developer
 * guide, "Optimize load balancer connection draining parameters"). Nothing requires the drain to
 * be shorter than the stop timeout there.
 *
 * A Fargate Spot interruption is different: the two-minute warning is the task state change event
 * AND the SIGTERM, at once; the container is killed `stopTimeout` later (at most 120 s), and the
 * task may still be registered in its target group when SIGTERM arrives (containers-roadmap
 * #2673). AWS therefore asks for a deregistration delay under two minutes on every target group
 * of FARGATE_SPOT tasks (AWS Knowledge Center, "How do I handle Spot termination notices in AWS
 * Fargate Spot tasks?"). So, with spot: the drain must be under 120 s (an error), and a drain
 * longer than the stop timeout means requests still draining when the container is killed (a
 * tagged warning: keep serving after SIGTERM for the drain, or lengthen the stop timeout).
 */
export function checkShutdown(
  v: PropValidator,
  scope: IConstruct,
  drain: unknown,
  stop: unknown,
  usesSpot: boolean,
): ShutdownTiming {
  const drainSeconds = wholeDuration(v, 'deregistrationDelay', drain, 'seconds', { min: 0, max: MAX_DEREGISTRATION_DELAY_SECONDS });
  const stopSeconds = wholeDuration(v, 'stopTimeout', stop, 'seconds', { min: MIN_STOP_TIMEOUT_SECONDS, max: MAX_STOP_TIMEOUT_SECONDS });
  if (usesSpot && drainSeconds !== undefined) {
    v.require(drainSeconds < MAX_STOP_TIMEOUT_SECONDS, 'deregistrationDelay',
      `is ${drainSeconds} s, but a Fargate Spot task is stopped 120 s after its interruption warning, so its draining requests would be cut`,
      'set deregistrationDelay below 120 seconds (e.g. Duration.seconds(30)) when the capacity uses Fargate Spot');
  }
  if (usesSpot && drainSeconds !== undefined && stopSeconds !== undefined && drainSeconds < MAX_STOP_TIMEOUT_SECONDS && drainSeconds > stopSeconds) {
    warn(scope, 'SpotInterruptionCutsDrain',
      `In a Fargate Spot interruption SIGTERM arrives with the 2-minute warning, possibly while the task is still in its target group, and the container is killed stopTimeout (${stopSeconds} s) later; the load balancer drains for ${drainSeconds} s, so requests still draining after ${stopSeconds} s are cut. Keep serving after SIGTERM and set stopTimeout to at least deregistrationDelay (at most 120 s).`);
  }
  return { drainSeconds, stopSeconds };
}

/** The shutdown of a task ECS stops itself, as arithmetic: drain + stop timeout. */
export function shutdownArithmetic(drainSeconds: number, stopSeconds: number): string {
  return `deregistration delay ${drainSeconds} s, then SIGTERM and stop timeout ${stopSeconds} s before SIGKILL = ${drainSeconds + stopSeconds} s`;
}
