import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { arcCostDrivers, arcMonthlyUsd } from './arc';
import { failoverRecovery, FailoverTiming, healthCheckDrivers } from './arithmetic';
import { auroraCostDrivers, auroraPromotion, auroraRpo, PairAurora } from './aurora';
import { PairAuroraOptions } from './aurora-options';
import { bucketReplicationDrivers, bucketRpo, pairRpo } from './bucket';
import { PairBucketOptions } from './bucket-options';
import { StandbyMode, StandbyModeCost } from './standby-mode';
import { tableReplicationDrivers, tableRpo } from './table';
import { PairTableOptions } from './table-options';
import { FailureDomain, FailureDomainProfile, Profiles, TimeEstimate, WorkloadProfile } from '../report';

/**
 * What the profile reads of the pair: its members, as a shape, so this module and the construct's
 * do not import each other.
 */
export interface RecordedPair extends IConstruct {
  readonly primaryStack: Stack;
  readonly standbyStack: Stack;
  readonly standbyMode: StandbyMode;
  readonly primaryTasks?: number;
  readonly standbyTasks?: number;
  readonly regionRecovery: TimeEstimate;
  readonly standbyModeCosts: StandbyModeCost[];
}

/**
 * Restates the profiles recorded in one regional stack for a multi-region construct: each region
 * entry says how the construct covers the loss of this region (`regionHow`), other entries are kept
 * or rewritten by `other`; with `stores`, a StatelessService's RPO names the construct's stores
 * (assumed: it keeps no other store). Returns the profiled constructs of the stack.
 */
export function restateRegionalProfiles(stack: Stack, regionHow: string, stores: string, whose: string,
  other?: (d: FailureDomainProfile) => FailureDomainProfile): IConstruct[] {
  const parts = stack.node.findAll().filter((c) => Profiles.of(c) !== undefined);
  for (const c of parts) {
    const given = Profiles.of(c)!;
    const p = stores && given.pattern === 'StatelessService' && given.rpo
      ? { ...given, rpoNotModelled: undefined, rpo: { seconds: given.rpo.seconds, arithmetic: `${given.rpo.arithmetic}; its data is in ${whose} ${stores} (assumed: no other store)` } }
      : given;
    Profiles.record(c, {
      ...p,
      failureDomains: p.failureDomains.map((d): FailureDomainProfile => (d.domain === FailureDomain.REGION
        ? { domain: FailureDomain.REGION, survives: true, how: regionHow }
        : other ? other(d) : d)),
    });
  }
  return parts;
}

/**
 * The pair's profile (survives a region loss with the failover arithmetic) and its regional parts'
 * profiles restated for the pair. The report folds a part into the workload and lets a part that
 * does not survive a domain take the workload down; for a pair that is right for the primary
 * (the region serving) but not for the idle standby nor for "region" (losing one region is what
 * the pair survives), so each regional profile's region entry, and the standby's other entries,
 * say how the pair covers them.
 */
export function recordPairProfiles(pair: RecordedPair, pairName: string, timing: FailoverTiming | undefined,
  alarmChecks: number, https: boolean, fast: boolean, table?: PairTableOptions,
  bucket?: { options: PairBucketOptions; names: { source: string; replica: string } },
  arc?: { automatedBy?: string },
  aurora?: { options: PairAuroraOptions; aurora: PairAurora }): void {
  const regionText = (role: string, region: string) =>
    `${role} region ${region} of the ActivePassiveRegionPair '${pairName}': a loss of ${role === 'primary' ? 'this region fails over to the standby' : 'the primary fails over to this region'} (the pair's region entry has the arithmetic)`;
  // With the pair's table, a StatelessService's data is the table's (assumed: it keeps no other store).
  const stores = [table ? `DynamoDB table ${table.tableName}` : '', bucket ? `S3 bucket ${bucket.names.source}` : '', aurora ? `Aurora global database ${aurora.options.globalClusterIdentifier}` : ''].filter((x) => x).join(' and ');
  const primaryParts = restateRegionalProfiles(pair.primaryStack, regionText('primary', pair.primaryStack.region), stores, "the pair's");
  restateRegionalProfiles(pair.standbyStack, regionText('standby', pair.standbyStack.region), stores, "the pair's",
    (d) => ({ domain: d.domain, survives: true, how: `idle standby (${pair.standbyMode.describe()}): serves no users while the primary is healthy; once failed over and scaled to the primary's count: ${d.how}` }));
  const primaryProfiles = primaryParts.map((c) => Profiles.of(c)!);
  const served = primaryProfiles.length > 0;
  const domains: FailureDomainProfile[] = [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT].map((d) => (served
    ? { domain: d, survives: true, how: `served by the primary region ${pair.primaryStack.region}: as its workload (folded in below)` }
    : { domain: d, survives: false, how: 'the regional workload records no profile, so this is not modelled' }));
  // With Aurora, the standby takes writes only once the global database is promoted.
  const withDatabase = (r: TimeEstimate): TimeEstimate => {
    if (!aurora) return r;
    const promotion = auroraPromotion(aurora.aurora.standbyInstances);
    return { seconds: r.seconds + promotion.seconds, arithmetic: `${r.arithmetic}; then the database takes writes: ${promotion.arithmetic}; ${r.seconds} s + ${promotion.seconds} s = ${r.seconds + promotion.seconds} s` };
  };
  const costs = pair.standbyModeCosts.map((m) => `${m.mode}: ${m.tasks} task${m.tasks === 1 ? '' : 's'} $${m.monthlyUsd.toFixed(2)}/month (${m.arithmetic})`);
  const primaryCost = pair.standbyModeCosts.find((m) => m.mode === 'hot standby');
  // "Survives" means without a person acting (FailureDomainProfile.survives): ARC without a declared
  // automation is a manual failover, so the region is not survived; the recovery a person would
  // reach is stated in `how`, not claimed as the pair's RTO.
  const manual = arc !== undefined && !arc.automatedBy;
  domains.push({
    domain: FailureDomain.REGION,
    survives: !manual,
    how: (manual ? `not without a person: the outage lasts until someone flips the routing controls (after that decision, ${withDatabase(pair.regionRecovery).seconds} s = ${withDatabase(pair.regionRecovery).arithmetic}); ` : '') + (arc
      ? `ARC routing controls move traffic from ${pair.primaryStack.region} to ${pair.standbyStack.region}, NOT automatically: ARC detects nothing, ${arc.automatedBy ? `the pair's author declares that ${arc.automatedBy} flips them (not built nor checked by the pair)` : 'a person must run the failover command (manual failover: no automation declared)'}; ARC adds $${arcMonthlyUsd().toFixed(2)}/month over DNS mode (the cluster and its 2 routing control health checks; unconfirmed prices, see the cost lines); `
      : `Route 53 fails over from ${pair.primaryStack.region} to ${pair.standbyStack.region} by itself when the primary's health check fails; `)
      + `${pair.standbyMode.describe()}: the standby runs ${pair.standbyTasks ?? 'an unknown number of'} of the primary's ${pair.primaryTasks ?? 'unknown'} tasks while idle`
      + (costs.length > 0 ? `. Standby idle Fargate cost per mode: ${costs.join('; ')}; the primary's ${primaryCost?.tasks} tasks cost the same as a hot standby ($${primaryCost?.monthlyUsd.toFixed(2)}/month)` : '')
      + (arc ? '. The runbook has the routing control commands (a new routing control is Off: turn them On after the first deployment); a failover that is never drilled is not known to work'
        : '. The drill (SSM Automation, see the runbook) forces the shift; a failover that is never drilled is not known to work'),
    ...(manual ? {} : { recovery: withDatabase(pair.regionRecovery) }),
  });
  const alternatives = timing && manual
    ? [{ change: 'Failover.dnsHealthCheck() (automatic DNS failover, no ARC cluster)', rtoSeconds: failoverRecovery(timing).seconds }]
    : timing
      ? [StandbyMode.hotStandby(), StandbyMode.warmStandby({ capacityPercent: 50 }), StandbyMode.pilotLight()]
        .filter((m) => m.describe() !== pair.standbyMode.describe())
        .map((m) => ({
          change: `${m.describe()} (${m.standbyTasks(timing.primaryTasks)} standby task${m.standbyTasks(timing.primaryTasks) === 1 ? '' : 's'})`,
          // In ARC mode only the scale-up differs between modes: shift the pair's own RTO by the difference.
          rtoSeconds: failoverRecovery({ ...timing, standbyTasks: m.standbyTasks(timing.primaryTasks) }).seconds
          + (arc ? pair.regionRecovery.seconds - failoverRecovery(timing).seconds : 0),
        }))
      : [];
  const rtoParts = [...(manual ? [] : [{ name: 'region', s: pair.regionRecovery.seconds }]), ...primaryProfiles.map((p) => ({ name: p.name, s: p.rto.seconds }))];
  if (aurora) {
    const promotion = auroraPromotion(aurora.aurora.standbyInstances);
    rtoParts.push({ name: `database writes (region ${pair.regionRecovery.seconds} s + ${promotion.arithmetic})`, s: pair.regionRecovery.seconds + promotion.seconds });
  }
  const worst = Math.max(...rtoParts.map((r) => r.s));
  const rpo = pairRpo([
    table ? tableRpo(table, pair.standbyStack.region) : undefined,
    bucket ? bucketRpo(bucket.names) : undefined,
    aurora ? auroraRpo(aurora.aurora) : undefined,
  ]);
  const profile: WorkloadProfile = {
    name: pairName,
    pattern: 'ActivePassiveRegionPair',
    failureDomains: domains,
    rto: { seconds: worst, arithmetic: `max(${rtoParts.map((r) => `${r.name} ${r.s} s`).join(', ')}) = ${worst} s` },
    ...(rpo
      ? { rpo }
      : { rpoNotModelled: 'the pair replicates no data store (give `table` for a DynamoDB global table or `bucket` for S3 replication; Aurora is not built yet); the workload\'s data lives in backing stores it reaches by config' }),
    costDrivers: [...healthCheckDrivers(2, https, fast, alarmChecks > 0 ? alarmChecks + 1 : 0), ...(table ? tableReplicationDrivers(table) : []),
      ...(bucket ? bucketReplicationDrivers(bucket.options, bucket.names) : []), ...(arc ? arcCostDrivers() : []),
      ...(aurora ? auroraCostDrivers(aurora.options, aurora.aurora.standbyInstances) : [])],
    dataFlows: [
      { from: 'users', to: pairName, label: `DNS ${pair.node.path} failover record` },
    ],
    alternatives,
  };
  Profiles.record(pair, profile);
}
