/**
 * Options for running a StatelessService partly on Fargate Spot.
 */
export interface SpotCapacityOptions {
  /**
   * Weight of FARGATE_SPOT in the capacity provider strategy, above the on-demand base.
   *
   * With the default weights (spot 3, on-demand 1), three of every four tasks above the base run
   * on Fargate Spot.
   *
   * @default 3
   */
  readonly spotWeight?: number;

  /**
   * Weight of FARGATE in the capacity provider strategy, above the on-demand base.
   *
   * @default 1
   */
  readonly onDemandWeight?: number;
}

/**
 * Where a StatelessService's tasks run: on-demand Fargate only, or Fargate Spot above an
 * on-demand base that keeps the service's zone-loss floor on FARGATE.
 */
export class ServiceCapacity {
  /**
   * On-demand Fargate only (the default). No task can be interrupted by a spot reclaim.
   */
  public static onDemand(): ServiceCapacity {
    return new ServiceCapacity(false, 0, 1);
  }

  /**
   * Fargate Spot above an on-demand base.
   *
   * The FARGATE provider gets a base equal to the service's zone-loss floor (the desired count
   * computed from `minHealthyTasks` and the zone count), so losing every spot task still leaves a
   * service that survives the loss of a zone. Tasks above the base are split by weight. The
   * strategy never holds FARGATE_SPOT alone. Fargate Spot runs x86_64 Linux tasks only.
   */
  public static spotAboveOnDemandBase(options: SpotCapacityOptions = {}): ServiceCapacity {
    return new ServiceCapacity(true, options.spotWeight ?? 3, options.onDemandWeight ?? 1);
  }

  /** True when some tasks may run on Fargate Spot. */
  public readonly usesSpot: boolean;
  /** Weight of FARGATE_SPOT above the base (0 when on-demand only). */
  public readonly spotWeight: number;
  /** Weight of FARGATE above the base. */
  public readonly onDemandWeight: number;

  private constructor(usesSpot: boolean, spotWeight: number, onDemandWeight: number) {
    this.usesSpot = usesSpot;
    this.spotWeight = spotWeight;
    this.onDemandWeight = onDemandWeight;
  }
}
