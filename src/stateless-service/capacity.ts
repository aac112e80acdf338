import * as ecs from 'aws-cdk-lib/aws-ecs';
import { STATELESS_SERVICE_DEFAULTS as D } from './defaults';
import { describeValue, isUnresolved, PropValidator } from '../core/validation';

/**
 * Options for running a StatelessService partly on Fargate Spot.
 */
export interface SpotCapacityOptions {
  /**
   * Tasks that always run on on-demand FARGATE (the FARGATE provider's `base`); every task above it
   * runs on Fargate Spot, split by the weights.
   *
   * The default keeps `minHealthyTasks` on demand, so losing every spot task at once (a reclaim
   * wave, or a shortage while tasks are replaced) still leaves the capacity the load needs while the
   * fallback starts on-demand replacements. A base at or above the service's minimum task count
   * means no task runs on spot at steady state: it then only covers scale-out.
   *
   * @default - the service's `minHealthyTasks`
   */
  readonly onDemandBase?: number;

  /**
   * Weight of FARGATE_SPOT in the capacity provider strategy, above the on-demand base.
   *
   * @default 1
   */
  readonly spotWeight?: number;

  /**
   * Weight of FARGATE in the capacity provider strategy, above the on-demand base. With the default
   * 0, every task above the base runs on Fargate Spot; with spot 3 and on-demand 1, three of every
   * four tasks above the base do.
   *
   * @default 0
   */
  readonly onDemandWeight?: number;
}

/**
 * Where a StatelessService's tasks run: on-demand Fargate only, or Fargate Spot above an
 * on-demand base.
 */
export class ServiceCapacity {
  /**
   * On-demand Fargate only (the default). No task can be interrupted by a spot reclaim.
   */
  public static onDemand(): ServiceCapacity {
    return new ServiceCapacity(false, 0, 1, undefined);
  }

  /**
   * Fargate Spot above an on-demand base.
   *
   * The FARGATE provider gets a base of `onDemandBase` tasks (default: the service's
   * `minHealthyTasks`), so losing every spot task still leaves the capacity the load needs; tasks
   * above the base run on FARGATE_SPOT (all of them with the default weights). A spot shortage is
   * covered by the service's on-demand fallback twin. The strategy never holds FARGATE_SPOT alone.
   * Fargate Spot runs x86_64 Linux tasks only.
   */
  public static spotAboveOnDemandBase(options: SpotCapacityOptions = {}): ServiceCapacity {
    // JavaScript and Python may pass null.
    const o = options ?? {};
    return new ServiceCapacity(true, o.spotWeight ?? D.spotWeight, o.onDemandWeight ?? D.onDemandWeight, o.onDemandBase);
  }

  /** True when some tasks may run on Fargate Spot. */
  public readonly usesSpot: boolean;
  /** Weight of FARGATE_SPOT above the base (0 when on-demand only). */
  public readonly spotWeight: number;
  /** Weight of FARGATE above the base. */
  public readonly onDemandWeight: number;
  /**
   * The on-demand base asked for, when given (the service resolves the default, `minHealthyTasks`,
   * into `StatelessService.onDemandBase`).
   */
  public readonly onDemandBase?: number;

  private constructor(usesSpot: boolean, spotWeight: number, onDemandWeight: number, onDemandBase: number | undefined) {
    this.usesSpot = usesSpot;
    this.spotWeight = spotWeight;
    this.onDemandWeight = onDemandWeight;
    this.onDemandBase = onDemandBase;
  }
}

/**
 * The capacity prop of a Fargate pattern, checked (JavaScript callers can pass anything): a
 * ServiceCapacity, else a problem and on-demand. Shared by StatelessService and QueueWorkerService.
 */
export function resolveCapacity(v: PropValidator, capacity: unknown, fallback: () => ServiceCapacity = ServiceCapacity.onDemand): ServiceCapacity {
  if (capacity !== undefined && !(capacity instanceof ServiceCapacity)) {
    v.fail('capacity', `must be a ServiceCapacity, got ${describeValue(capacity)}`,
      'use ServiceCapacity.onDemand() or ServiceCapacity.spotAboveOnDemandBase({ ... })');
  }
  return capacity instanceof ServiceCapacity ? capacity : fallback();
}

/**
 * The spot options of a capacity, checked: whole weights, a base of at least `minBase` (tokens
 * are an error: the split and its price are computed at synth), and x86_64 tasks (Fargate Spot
 * runs no ARM64 task).
 */
export function checkSpotCapacity(v: PropValidator, capacity: ServiceCapacity, cpuArchitecture: ecs.CpuArchitecture,
  minBase: number, baseDefault: string): void {
  if (!capacity.usesSpot) return;
  v.number('capacity.spotWeight', capacity.spotWeight, { integer: true, min: 1, max: 1000 });
  v.number('capacity.onDemandWeight', capacity.onDemandWeight, { integer: true, min: 0, max: 1000 });
  if (isUnresolved(capacity.onDemandBase)) {
    v.fail('capacity.onDemandBase', 'is a token, but the spot split and its price are computed at synth', `pass a number of on-demand tasks (default ${baseDefault})`);
  } else {
    v.number('capacity.onDemandBase', capacity.onDemandBase, { integer: true, min: minBase });
  }
  v.require(cpuArchitecture !== ecs.CpuArchitecture.ARM64, 'capacity and cpuArchitecture',
    'Fargate Spot runs X86_64 tasks only; ARM64 tasks would never be placed on FARGATE_SPOT',
    'use cpuArchitecture X86_64 with ServiceCapacity.spotAboveOnDemandBase(), or ServiceCapacity.onDemand() for ARM64');
}

/** The service's capacity provider strategy: FARGATE with the base, then FARGATE_SPOT (undefined when on-demand only). */
export function capacityProviderStrategies(capacity: ServiceCapacity, onDemandBase: number): ecs.CapacityProviderStrategy[] | undefined {
  return capacity.usesSpot
    ? [
      { capacityProvider: 'FARGATE', base: onDemandBase, weight: capacity.onDemandWeight },
      { capacityProvider: 'FARGATE_SPOT', weight: capacity.spotWeight },
    ]
    : undefined;
}
