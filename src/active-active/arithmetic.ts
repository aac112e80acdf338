import { zoneLossFloor } from '../core/zones';
import { scaleUpSteps } from '../region-pair/arithmetic';
import { REGION_PAIR_DEFAULTS as D } from '../region-pair/defaults';
import { TimeEstimate } from '../report/profile';

/**
 * The task count each of N regions runs so that the others still carry everything when one is
 * lost: each region's share S is carried by N - 1 regions, so each needs ceil(S x N / (N - 1)).
 * It is the zone-loss floor's arithmetic (core/zones.ts) with regions for zones.
 */
export function regionLossFloor(shareTasks: number, regions: number): number {
  return zoneLossFloor(shareTasks, regions);
}

/** The arithmetic behind regionLossFloor, as a sentence for errors, docs and the report. */
export function regionLossArithmetic(shareTasks: number, regions: number): string {
  const floor = regionLossFloor(shareTasks, regions);
  return `each region's share of ${shareTasks} task${shareTasks === 1 ? '' : 's'} x ${regions} regions / (${regions} - 1) survivors = ceil(${shareTasks} x ${regions} / ${regions - 1}) = ${floor} tasks per region `
    + `(${regions - 1} region${regions === 2 ? '' : 's'} x ${floor} = ${(regions - 1) * floor} >= ${regions} x ${shareTasks} = ${regions * shareTasks} after one is lost)`;
}

/** What the region-loss recovery is worked out from. */
export interface RegionLossTiming {
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly ttlSeconds: number;
  /** Tasks each surviving region runs (its autoscaling minimum), when known. */
  readonly tasks?: number;
  /** Tasks each survivor needs after the loss (the region-loss floor). */
  readonly needed: number;
  readonly taskStartSeconds: number;
  readonly targetHealthCheckIntervalSeconds: number;
  readonly healthyThresholdCount: number;
  readonly targetCpuUtilizationPercent: number;
}

/**
 * The modelled RTO of a region loss: Route 53 detection (interval x threshold) + the alias TTL;
 * no scale-up when every region already runs the region-loss floor, else the target tracking
 * steps from its count to the floor (as the pair's standby scale-up).
 */
export function regionLossRecovery(t: RegionLossTiming): TimeEstimate {
  const detection = t.intervalSeconds * t.failureThreshold;
  const detectText = `detection ${t.failureThreshold} x ${t.intervalSeconds} s = ${detection} s (Route 53 health checks on the lost region's load balancer and SLO alarm)`;
  const dnsText = `DNS ${t.ttlSeconds} s (resolvers keep the lost region's latency answer for the alias record's TTL; clients that cache longer are not modelled)`;
  if (t.tasks === undefined) {
    const s = detection + t.ttlSeconds;
    return { seconds: s, arithmetic: `${detectText} + ${dnsText} = ${s} s; the survivors' capacity is not modelled (the workload gave no taskCount), so a scale-up is not counted` };
  }
  if (t.tasks >= t.needed) {
    const s = detection + t.ttlSeconds;
    return { seconds: s, arithmetic: `${detectText} + ${dnsText} + scale-up 0 s (each region already runs ${t.tasks} >= ${t.needed} tasks, sized for a region loss) = ${s} s` };
  }
  const steps = scaleUpSteps(t.tasks, t.needed, t.targetCpuUtilizationPercent);
  const healthy = t.healthyThresholdCount * t.targetHealthCheckIntervalSeconds;
  const scale = steps * (D.scaleOutAlarmSeconds + t.taskStartSeconds + healthy);
  const s = detection + t.ttlSeconds + scale;
  return {
    seconds: s,
    arithmetic: `${detectText} + ${dnsText} + scale-up ${t.tasks} -> ${t.needed} tasks (each region is below the region-loss floor): ${steps} target tracking step${steps === 1 ? '' : 's'} x `
      + `(scale-out alarm 3 x 60 s = ${D.scaleOutAlarmSeconds} s (assumed) + task start ${t.taskStartSeconds} s (assumed) + healthy ${t.healthyThresholdCount} x ${t.targetHealthCheckIntervalSeconds} s = ${healthy} s) = ${scale} s; `
      + `the survivors serve overloaded meanwhile = ${s} s`,
  };
}
