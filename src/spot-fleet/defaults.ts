import { Duration } from 'aws-cdk-lib';

/**
 * Opinionated defaults of SpotFleetWithFallback, as plain data, apart from the wiring.
 * Each value is asserted by a test and stated in the props' TSDoc.
 */
export const SPOT_FLEET_DEFAULTS = {
  /** vCPUs of each instance; with 4 GiB it selects the c and m families' `large` size. */
  vcpus: 2,
  memoryMiB: 4096,
  /** Memory above the requirement an instance may have, as a multiple: keeps r types out by default. */
  maxMemoryMultiple: 2,
  minCapacity: 2,
  maxCapacity: 10,
  /** Instances that are always on-demand: the floor that survives a spot shortage. */
  onDemandBaseCapacity: 1,
  /** Above the base everything is spot; the fallback raises this to 100 while spot cannot be had. */
  onDemandPercentageAboveBaseCapacity: 0,
  spotAllocationStrategy: 'price-capacity-optimized',
  onDemandAllocationStrategy: 'lowest-price',
  /** Fewer instance types than this is an error; fewer than `recommendedTypes` a warning. */
  minTypes: 3,
  recommendedTypes: 6,
  recommendedFamilies: 3,
  minZones: 2,
  rootVolumeGiB: 30,
  /** SIGTERM to SIGKILL for containers on the fleet; within the 2-minute spot notice. */
  containerStopTimeout: Duration.seconds(90),
  maxStopTimeoutSeconds: 120,
  /** How long a terminating instance is held for draining (lifecycle hook heartbeat). */
  drainTimeout: Duration.seconds(110),
  /** Spot is tried again this long after the last spot launch failure. */
  handBackAfter: Duration.minutes(15),
  /** How often the fallback controller checks the group and publishes its metric. */
  checkInterval: Duration.minutes(1),
  metricNamespace: 'CloudNativePatterns/SpotFleet',
  /** Time to fallback (README, "The fallback"): the controller's API calls, bounded by its 30 s timeout. */
  fallbackControllerSeconds: 5,
  /** Time to fallback: Auto Scaling's next launch attempt for missing capacity (not documented by AWS). */
  nextLaunchAttemptSeconds: 60,
  /** Report assumption: one instance hour on demand, m5.large Linux us-east-1 list price (USD). */
  reportOnDemandHourlyUsd: 0.096,
  /** Report assumption: spot costs this much less than on-demand (percent); spot prices float. */
  reportSpotDiscountPercent: 70,
  /** Report assumption: launch + boot + ECS agent registration, in seconds. */
  reportInstanceStartSeconds: 180,
} as const;
