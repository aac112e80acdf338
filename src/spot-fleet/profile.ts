import { SPOT_FLEET_DEFAULTS as D } from './defaults';
import { centsToUsd, formatNumber, formatUsd, productInCents } from '../report/decimal';
import { CostDriver, CostDrivers } from '../report/price-table';
import { HOURS_PER_MONTH } from '../report/prices';
import { DataFlow, FailureDomain, FailureDomainProfile, RecoveryAlternative, TimeEstimate, WorkloadProfile } from '../report/profile';

/** What the SpotFleetWithFallback profile is computed from: resolved props and report assumptions. */
export interface SpotFleetProfileInput {
  readonly name: string;
  readonly zones: number;
  readonly minCapacity: number;
  readonly onDemandBaseCapacity: number;
  readonly onDemandPercentageAboveBaseCapacity: number;
  /** True when the fleet is an ECS capacity provider. */
  readonly ecs: boolean;
  /** With ECS the container stop timeout, else the lifecycle hook's drain timeout. */
  readonly drainSeconds: number;
  /** Instances running on average, and whether the user stated it (else it is minCapacity). */
  readonly averageInstances: number;
  readonly averageInstancesGiven: boolean;
  readonly onDemandHourlyUsd: number;
  readonly onDemandHourlyUsdGiven: boolean;
  readonly spotDiscountPercent: number;
  readonly spotDiscountPercentGiven: boolean;
  readonly instanceStartSeconds: number;
  readonly instanceStartSecondsGiven: boolean;
  /**
   * True when the VPC is an EgressAwareVpc, whose egress the report models (and folds in through
   * `dependsOn`); false for a VPC the library did not create.
   */
  readonly vpcEgressModelled: boolean;
  /** Construct paths of the profiled constructs the fleet needs (its EgressAwareVpc). */
  readonly dependsOn?: string[];
}

/** Instances on demand and on spot, with the arithmetic of the split. */
export interface PurchaseSplit {
  readonly onDemand: number;
  readonly spot: number;
  /** How the on-demand count was worked out (`base 1 + ceil((2 - 1) x 0 %) = 1 of 2`). */
  readonly onDemandArithmetic: string;
  /** How the spot count was worked out (`2 - 1 on-demand`). */
  readonly spotArithmetic: string;
}

/**
 * Splits running instances as a mixed instances group does: the on-demand base first, then the
 * on-demand percentage of the rest, rounded up (the expensive side: the API reference does not
 * state the rounding), and spot for what is left.
 */
export function purchaseSplit(instances: number, base: number, percent: number, countText: string): PurchaseSplit {
  const inBase = Math.min(instances, base);
  const above = instances - inBase;
  // above x percent is a whole number, so the division rounds correctly before ceil.
  const onDemandAbove = Math.ceil((above * percent) / 100);
  const onDemand = inBase + onDemandAbove;
  const baseText = inBase < base ? `min(${instances}, base ${base}) = ${inBase}` : `base ${base}`;
  return {
    onDemand,
    spot: instances - onDemand,
    onDemandArithmetic: `${baseText} + ceil((${instances} - ${inBase}) x ${percent} %) = ${onDemand} of ${countText}`,
    spotArithmetic: `${countText} - ${onDemand} on-demand`,
  };
}

function worst(parts: Array<{ name: string; estimate: TimeEstimate }>): TimeEstimate {
  const seconds = Math.max(...parts.map((p) => p.estimate.seconds));
  return { seconds, arithmetic: `max(${parts.map((p) => `${p.name} ${p.estimate.seconds} s`).join(', ')}) = ${seconds} s` };
}

function given(isGiven: boolean, prop: string): string {
  return isGiven ? `reportAssumptions.${prop}` : `assumed; set reportAssumptions.${prop}`;
}

/** Seconds from launching an instance to it taking work, with where the number comes from. */
function startText(i: SpotFleetProfileInput): string {
  return `launch + boot${i.ecs ? ' + ECS agent registration' : ''} ${i.instanceStartSeconds} s (${given(i.instanceStartSecondsGiven, 'instanceStartSeconds')})`;
}

/**
 * Time until a lost instance is replaced. With spot in the fleet the worst case is a spot
 * shortage: the fallback's steps (README, "Spot with a real fallback", "The fallback") come before the launch.
 */
function replacement(i: SpotFleetProfileInput, usesSpot: boolean): TimeEstimate {
  const start = i.instanceStartSeconds;
  if (!usesSpot) {
    return { seconds: start, arithmetic: `replacement ${startText(i)} = ${start} s` };
  }
  const detect = D.checkInterval.toSeconds();
  const seconds = detect + D.fallbackControllerSeconds + D.nextLaunchAttemptSeconds + start;
  return {
    seconds,
    arithmetic: `worst case, spot cannot be had: detection <= ${detect} s (one-minute check) + fallback controller <= ${D.fallbackControllerSeconds} s `
      + `+ Auto Scaling's next launch attempt ${D.nextLaunchAttemptSeconds} s (assumed) + ${startText(i)} = ${seconds} s; `
      + `with spot available the replacement alone takes ${start} s`,
  };
}

/**
 * The profile of a SpotFleetWithFallback: survives an instance (Auto Scaling replaces it, spot
 * instances are drained on their notice, a spot shortage falls back to on-demand) and a zone when
 * minCapacity leaves instances in another zone; not a bad launch template (no rolling update) or a
 * region. RPO 0 s (no data on the instances). Costs: instance hours on demand and on spot, at an
 * hourly price and spot discount the user states (the embedded table has no instance prices).
 */
export function spotFleetProfile(i: SpotFleetProfileInput): WorkloadProfile {
  const min = i.minCapacity;
  const base = i.onDemandBaseCapacity;
  const pct = i.onDemandPercentageAboveBaseCapacity;
  const usesSpot = pct < 100;
  const recovery = replacement(i, usesSpot);
  const drain = i.ecs
    ? `ECS sets it DRAINING and moves its tasks; containers get ${i.drainSeconds} s to stop`
    : `it is terminated through Auto Scaling, whose lifecycle hook holds it up to ${i.drainSeconds} s while the workload finishes`;
  const handBack = i.ecs
    ? 'after the hand-back the controller sets the extra on-demand instances DRAINING one per check, so ECS moves their tasks and scales them in and the fleet returns to its spot split '
      + '(ECS managed termination protection would otherwise keep every on-demand instance that runs a task)'
    : 'after the hand-back Auto Scaling replaces the extra on-demand instances gradually, launching the spot ones before terminating them';
  const shortage = usesSpot
    ? `. A spot shortage does not stop the replacement: the fallback controller raises the on-demand share above the base to 100 % until spot launches stop failing, and the on-demand base of ${base} never depends on spot; ${handBack}`
    : `. Every instance above the base is on-demand (onDemandPercentageAboveBaseCapacity ${pct}), so there is no spot shortage to fall back from`;

  const instanceSurvives = min >= 2;
  const fullest = Math.ceil(min / i.zones);
  const left = min - fullest;
  const instancesSurviveZone = i.zones >= 2 && left >= 1;
  const zoneSurvives = instancesSurviveZone && i.vpcEgressModelled;
  const egressNote = '; but the VPC was not created by this library, so its egress (NAT gateways, VPC endpoints'
    + `${i.ecs ? ' for ECS, ECR and Logs' : ''}) is not modelled and zone survival is not claimed: a zone loss can cut the egress the remaining and replacement instances need. `
    + 'Run the fleet in an EgressAwareVpc to model it';
  const domains: FailureDomainProfile[] = [
    {
      domain: FailureDomain.INSTANCE,
      survives: instanceSurvives,
      how: instanceSurvives
        ? `Auto Scaling replaces a failed instance; a spot instance is drained on its 2-minute interruption notice (${drain}) and its replacement launches then, `
          + `or earlier on a rebalance recommendation (Capacity Rebalancing); the other ${min - 1} of minCapacity ${min} keep running${shortage}`
        : `minCapacity ${min}: ${min === 0 ? 'the fleet may run no instance at all, and with one' : 'with one instance'}, losing it stops the work until Auto Scaling replaces it; set minCapacity to at least 2${shortage}`,
      recovery,
    },
    {
      domain: FailureDomain.ZONE,
      survives: zoneSurvives,
      how: instancesSurviveZone
        ? `Auto Scaling balances the instances over ${i.zones} zones: losing the fullest (ceil(${min} / ${i.zones}) = ${fullest} of minCapacity ${min}) leaves ${left}, `
          + `and Auto Scaling launches the replacements in the other zones${usesSpot ? '; if their spot pools run short as the lost zone\'s demand moves there, the fallback launches them on-demand' : ''}`
          + (i.vpcEgressModelled ? '' : egressNote)
        : `minCapacity ${min} over ${i.zones} zones: losing the fullest (ceil(${min} / ${i.zones}) = ${fullest}) leaves ${Math.max(0, left)} running until Auto Scaling replaces them in the other zones; set minCapacity to at least 2`,
      ...(zoneSurvives ? { recovery } : {}),
    },
    {
      domain: FailureDomain.BAD_DEPLOYMENT,
      survives: false,
      how: 'no rolling update: a changed launch template (AMI, user data, instance types) applies only to instances launched after the stack update, '
        + 'which succeeds before any of them starts, so CloudFormation never sees a failure to roll back. The running instances keep serving on the previous version, '
        + 'but every replacement and scale-out gets the new one, and the fallback ignores launch failures spot does not cause. '
        + 'Launch errors go to notificationsTopic; deploy the previous configuration to recover. Deployments of the services on the fleet are modelled in their own profiles',
    },
    {
      domain: FailureDomain.REGION,
      survives: false,
      how: 'single region: an Auto Scaling group is regional, so a region outage is an outage until the region recovers',
    },
  ];
  const survived = [
    ...(instanceSurvives ? [{ name: 'instance', estimate: recovery }] : []),
    ...(zoneSurvives ? [{ name: 'zone', estimate: recovery }] : []),
  ];
  // Both survived failures recover by the same replacement, so the RTO shows its arithmetic.
  const rto = survived.length > 0
    ? { seconds: worst(survived).seconds, arithmetic: `${worst(survived).arithmetic}: ${survived.length > 1 ? `${survived.map((x) => x.name).join(' and ')} loss alike` : `${survived[0].name} loss`}, ${recovery.arithmetic}` }
    : { seconds: recovery.seconds, arithmetic: `no failure is survived without an outage; an instance is back after ${recovery.arithmetic}` };

  const alternatives: RecoveryAlternative[] = [];
  if (usesSpot && recovery.seconds > i.instanceStartSeconds) {
    alternatives.push({ change: 'onDemandPercentageAboveBaseCapacity 100 (no spot, no fallback step)', rtoSeconds: i.instanceStartSeconds });
  }

  const flows: DataFlow[] = [
    { from: 'EC2', to: i.name, label: 'spot interruption notices and rebalance recommendations via EventBridge' },
    ...(i.ecs ? [{ from: 'ECS', to: i.name, label: 'tasks placed by the capacity provider' }] : []),
  ];

  return {
    name: i.name,
    pattern: 'SpotFleetWithFallback',
    zones: i.zones,
    failureDomains: domains,
    rto,
    rpo: {
      seconds: 0,
      arithmetic: 'keeps no data: the root volume is deleted with its instance and nothing on it is meant to outlive it; state lives in backing stores, whose own profiles state their RPO',
    },
    // The work the fleet runs keeps its state in stores (queues, databases) it reaches by config: the
    // report says their RPO is not modelled rather than claiming 0 s for the workload.
    rpoNotModelled: 'the work it runs keeps its data in backing stores it reaches by config (queues, databases), which this profile does not model',
    costDrivers: spotFleetCosts(i),
    dataFlows: flows,
    alternatives,
    ...(i.dependsOn && i.dependsOn.length > 0 ? { dependsOn: [...i.dependsOn] } : {}),
  };
}

function spotFleetCosts(i: SpotFleetProfileInput): CostDriver[] {
  const n = i.averageInstances;
  const countText = i.averageInstancesGiven ? `${n} running (reportAssumptions.averageInstances)` : `${n} running (minCapacity; set reportAssumptions.averageInstances)`;
  const split = purchaseSplit(n, i.onDemandBaseCapacity, i.onDemandPercentageAboveBaseCapacity, countText);
  const priceNote = i.onDemandHourlyUsdGiven
    ? 'reportAssumptions.onDemandHourlyUsd'
    : 'assumed: m5.large us-east-1 list price; set reportAssumptions.onDemandHourlyUsd';
  const discountNote = i.spotDiscountPercentGiven
    ? 'reportAssumptions.spotDiscountPercent; spot prices float'
    : 'assumed spot discount: spot prices float; set reportAssumptions.spotDiscountPercent';
  const drivers: CostDriver[] = [CostDrivers.ec2OnDemandInstanceHours(split.onDemand, i.onDemandHourlyUsd, split.onDemandArithmetic, priceNote)];
  if (split.spot > 0) {
    // What spot saves against running the same instances on-demand, with its arithmetic.
    const saved = formatUsd(centsToUsd(productInCents(split.spot, HOURS_PER_MONTH, i.onDemandHourlyUsd, i.spotDiscountPercent, 0.01)));
    const savings = `saves ${saved} a month against on-demand: ${split.spot} x ${HOURS_PER_MONTH} h x $${formatNumber(i.onDemandHourlyUsd)}/h x ${formatNumber(i.spotDiscountPercent)} %, `
      + `not while the fallback runs: instances launched then are on-demand at $${formatNumber(i.onDemandHourlyUsd)}/h until they are back on spot`;
    drivers.push(CostDrivers.ec2SpotInstanceHours(split.spot, i.onDemandHourlyUsd, i.spotDiscountPercent, split.spotArithmetic,
      `${priceNote}; ${discountNote}; ${savings}`));
  }
  return drivers;
}
