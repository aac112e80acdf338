/** The kind of standby a region pair keeps. */
export enum StandbyModeKind {
  /** Compute at a minimum (1 task); failover scales it to the primary's capacity. */
  PILOT_LIGHT = 'PILOT_LIGHT',
  /** A share of the primary's compute; failover scales the rest. */
  WARM = 'WARM',
  /** The primary's full compute, idle until failover. */
  HOT = 'HOT',
}

/** The standby's idle compute in one mode, priced (Fargate on-demand; the load balancer and network cost the same in every mode). */
export interface StandbyModeCost {
  /** The mode (`pilot light`, `warm standby (50 %)`, `hot standby`). */
  readonly mode: string;
  /** Tasks the standby runs while idle in that mode. */
  readonly tasks: number;
  /** US dollars a month. */
  readonly monthlyUsd: number;
  /** How the cost was worked out, with the prices and their region. */
  readonly arithmetic: string;
}

/** Options of a warm standby. */
export interface WarmStandbyOptions {
  /**
   * The standby's task count as a share of the primary's, in percent (1-99), rounded up, at least 1.
   *
   * @default 50
   */
  readonly capacityPercent?: number;
}

/**
 * How much compute the standby region keeps while the primary serves: it sets the standby's task
 * count, the modelled recovery time (the scale-up after failover) and the standby's idle cost.
 */
export class StandbyMode {
  /**
   * Pilot light: the standby runs 1 task (the least a StatelessService runs: its autoscaling
   * minimum is at least 1), behind its load balancer, with its failover record and health check in
   * place. After failover, target tracking (and the failover automation) scale it to the primary's
   * count: the slowest and cheapest mode.
   */
  public static pilotLight(): StandbyMode {
    return new StandbyMode(StandbyModeKind.PILOT_LIGHT, undefined);
  }

  /**
   * Warm standby: the standby runs `capacityPercent` of the primary's tasks (rounded up, at least 1)
   * and scales to the primary's count after failover.
   */
  public static warmStandby(options: WarmStandbyOptions = {}): StandbyMode {
    return new StandbyMode(StandbyModeKind.WARM, (options ?? {}).capacityPercent ?? 50);
  }

  /** Hot standby: the standby runs the primary's task count; failover needs no scale-up. */
  public static hotStandby(): StandbyMode {
    return new StandbyMode(StandbyModeKind.HOT, undefined);
  }

  /** The kind of standby. */
  public readonly kind: StandbyModeKind;
  /** For a warm standby, its share of the primary's tasks in percent; undefined otherwise. */
  public readonly capacityPercent?: number;

  private constructor(kind: StandbyModeKind, capacityPercent: number | undefined) {
    this.kind = kind;
    this.capacityPercent = capacityPercent;
  }

  /** The standby's task count for a primary running `primaryTasks`. */
  public standbyTasks(primaryTasks: number): number {
    switch (this.kind) {
      case StandbyModeKind.HOT: return primaryTasks;
      case StandbyModeKind.WARM: return Math.min(primaryTasks, Math.max(1, Math.ceil((primaryTasks * (this.capacityPercent ?? 50)) / 100)));
      default: return 1;
    }
  }

  /** The mode as the report and runbook name it (`warm standby (50 %)`). */
  public describe(): string {
    switch (this.kind) {
      case StandbyModeKind.HOT: return 'hot standby';
      case StandbyModeKind.WARM: return `warm standby (${this.capacityPercent} %)`;
      default: return 'pilot light';
    }
  }
}
