import * as fs from 'fs';
import * as path from 'path';
import { decideTopology } from '../../src/decision/decide';
import { DecisionDataStore, resolveInput, Topology, TopologyDecisionError, TopologyDecisionInput } from '../../src/decision/input';
import { decisionMarkdown } from '../../src/decision/markdown';
import { decideResolved, modelTopology } from '../../src/decision/model';
import { Availability } from '../../src/decision/sla';
import { standbyModeCosts } from '../../src/region-pair/arithmetic';
import { StandbyMode } from '../../src/region-pair/standby-mode';
import { FailureDomain } from '../../src/report/profile';

const WEB: TopologyDecisionInput = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'web.json'), 'utf8'));

const candidate = (input: TopologyDecisionInput, t: Topology) => modelTopology(t, resolveInput(input));
const line = (c: ReturnType<typeof candidate>, item: string) => {
  const found = c.costLines.find((l) => l.item === item);
  if (!found) throw new Error(`no line ${item} in ${c.costLines.map((l) => l.item).join(', ')}`);
  return found;
};

describe('availability composition', () => {
  test('two 99.99 % parts in series = 99.980001 %', () => {
    const a = Availability.series([Availability.of(99.99, 'ECS/Fargate'), Availability.of(99.99, 'ALB')]);
    expect(a.percentText()).toBe('99.980001');
    expect(a.arithmetic).toBe('ECS/Fargate 99.99 % x ALB 99.99 %');
    // (1 - 0.99980001) x 525,600 min = 105.114744 min a year
    expect(a.downtimeMinutesPerYear()).toBe(105.115);
  });
  test('two 99.9 % regions in parallel = 99.9999 %', () => {
    const a = Availability.parallel([Availability.of(99.9, 'us-east-1'), Availability.of(99.9, 'us-west-2')]);
    expect(a.percentText()).toBe('99.9999');
    expect(a.arithmetic).toBe('1 - (1 - 99.9 %) x (1 - 99.9 %) [us-east-1 99.9 % | us-west-2 99.9 %]');
  });
  test('Route 53 100 % in series changes nothing; three 99.99 % parts = 99.970003 %', () => {
    const three = Availability.series([Availability.of(99.99, 'a'), Availability.of(99.99, 'b'), Availability.of(99.99, 'c')]);
    expect(three.percentText()).toBe('99.970002999900'.replace(/0+$/, ''));
    expect(Availability.series([Availability.of(100, 'Route 53'), three]).percentText()).toBe(three.percentText());
  });
  test('the topologies compose their parts from the SLA table', () => {
    expect(candidate(WEB, Topology.SINGLE_REGION_MULTI_AZ).slaArithmetic).toBe('ECS/Fargate 99.99 % x ALB 99.99 % x DynamoDB 99.99 %');
    const hot = candidate(WEB, Topology.HOT_STANDBY);
    expect(hot.slaArithmetic).toBe('Route 53 100 % x (1 - (1 - 99.980001 %) x (1 - 99.980001 %) [ECS/Fargate 99.99 % x ALB 99.99 % | ECS/Fargate 99.99 % x ALB 99.99 %]) x DynamoDB global tables 99.999 %');
    // 1 - 0.00019999^2 = 0.9999999600039999; x 0.99999 = 0.999989960004399860001
    expect(hot.slaAvailabilityPercent).toBe('99.9989960004399860001');
    const s3 = candidate({ ...WEB, dataStore: DecisionDataStore.S3 }, Topology.WARM_STANDBY);
    expect(s3.slaArithmetic).toBe('Route 53 100 % x (1 - (1 - 99.880020999 %) x (1 - 99.880020999 %) [ECS/Fargate 99.99 % x ALB 99.99 % x S3 99.9 % | ECS/Fargate 99.99 % x ALB 99.99 % x S3 99.9 %])');
    // A backup runs nothing in the other region: no parallel path.
    expect(candidate(WEB, Topology.BACKUP_AND_RESTORE).slaAvailabilityPercent).toBe('99.9700029999');
  });
});

describe('expected downtime (web fixture: 6 tasks, 3 zones, region 0.5/year x 240 min)', () => {
  test('single region: the whole regional impairment', () => {
    const c = candidate(WEB, Topology.SINGLE_REGION_MULTI_AZ);
    const d = Object.fromEntries(c.domains.map((x) => [x.domain, x]));
    // 24 x 20/60 min x 1/6 = 1.333333; 1 x 20/60 x 1/3 = 0.111111; 4 x 10 min = 40; 0.5 x 240 = 120
    expect(d.instance.downtimeMinutesPerYear).toBe(1.333333);
    expect(d.zone.downtimeMinutesPerYear).toBe(0.111111);
    expect(d['bad-deployment'].downtimeMinutesPerYear).toBe(40);
    expect(d.region.downtimeMinutesPerYear).toBe(120);
    expect(d.region.arithmetic).toBe('0.5/year x 240 min (no recovery: the whole failure) = 120 min/year');
    expect(d.region.survives).toBe(false);
    expect(d.region.rtoSeconds).toBeUndefined();
    expect(c.modelledDowntimeMinutesPerYear).toBe(161.444444);
    // 161.444444 min x $2000/h / 60 = $5381.48; no failover, no lost writes
    expect(c.expectedLossUsdPerYear).toBe(5381.48);
    expect(c.expectedMonthlyLossUsd).toBe(448.46);
  });
  test('pilot light: the region pair\'s failover arithmetic (870 s with a 1 -> 6 task scale-up)', () => {
    const c = candidate(WEB, Topology.PILOT_LIGHT);
    const region = c.domains.find((x) => x.domain === FailureDomain.REGION)!;
    // detection 3 x 10 s + TTL 60 s + 3 steps (1 -> 2 -> 4 -> 6) x (180 + 60 + 20 s) = 870 s
    expect(region.rtoSeconds).toBe(870);
    expect(region.rpoSeconds).toBe(1);
    expect(region.survives).toBe(true);
    // 0.5 x 14.5 min = 7.25; writes lost 0.5 x 1/60 min = 0.008333
    expect(region.downtimeMinutesPerYear).toBe(7.25);
    expect(region.dataLossMinutesPerYear).toBe(0.008333);
    expect(c.modelledDowntimeMinutesPerYear).toBe(48.694444);
    // 48.694444 x 2000 / 60 = 1623.15 + 0.008333 x $20 = 0.17
    expect(c.expectedLossUsdPerYear).toBe(1623.32);
    expect(c.lossArithmetic).toBe('48.694444 min/year x $2000/h / 60 = $1623.15 + 0.008333 min/year of writes x $20/min = $0.17; = $1623.32/year');
  });
  test('warm 350 s, hot 90 s; active-active affects half the users of a region or a bad deployment', () => {
    expect(candidate(WEB, Topology.WARM_STANDBY).domains.find((x) => x.domain === 'region')!.rtoSeconds).toBe(350);
    expect(candidate(WEB, Topology.HOT_STANDBY).domains.find((x) => x.domain === 'region')!.rtoSeconds).toBe(90);
    const aa = candidate(WEB, Topology.ACTIVE_ACTIVE);
    const d = Object.fromEntries(aa.domains.map((x) => [x.domain, x]));
    expect(d.region.affectedShare).toBe(0.5);
    expect(d.region.downtimeMinutesPerYear).toBe(0.375); // 0.5 x 1.5 min x 0.5
    expect(d['bad-deployment'].downtimeMinutesPerYear).toBe(20);
    expect(d.instance.affectedShare).toBe(0.083333);
    expect(aa.modelledDowntimeMinutesPerYear).toBe(21.097223);
  });
  test('backup and restore: 4 h restore; an impairment no longer than the restore is waited out (no writes lost)', () => {
    const c = candidate(WEB, Topology.BACKUP_AND_RESTORE);
    const region = c.domains.find((x) => x.domain === 'region')!;
    expect(region.rtoSeconds).toBe(14_400);
    expect(region.rpoSeconds).toBe(86_400);
    expect(region.survives).toBe(false);
    expect(region.downtimeMinutesPerYear).toBe(120);
    expect(region.dataLossMinutesPerYear).toBe(0);
    const long = candidate({ ...WEB, failures: { region: { perYear: 0.5, durationMinutes: 600 } } }, Topology.BACKUP_AND_RESTORE)
      .domains.find((x) => x.domain === 'region')!;
    // 0.5 x min(600, 240) = 120 min; the restore loses 24 h of writes: 0.5 x 1440 min = 720
    expect(long.downtimeMinutesPerYear).toBe(120);
    expect(long.dataLossMinutesPerYear).toBe(720);
  });
});

describe('monthly cost lines (us-east-1 primary, us-west-2 standby)', () => {
  test('common lines: Fargate, load balancer, LCU from requests, egress, cross-zone', () => {
    const c = candidate(WEB, Topology.SINGLE_REGION_MULTI_AZ);
    expect(line(c, 'Primary us-east-1: Fargate x86 vCPU').arithmetic).toBe('6 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $88.65');
    expect(line(c, 'Primary us-east-1: Fargate x86 memory').usd).toBe(19.47);
    expect(line(c, 'Primary us-east-1: Load balancer hours').usd).toBe(16.43);
    const lcu = line(c, 'All regions: Load balancer capacity units');
    expect(lcu.arithmetic).toBe('max(100000000 requests / (730 h x 3600 s) / 25 new connections per LCU = 1.5221, 500 GB / 730 h at 1 GB per LCU-hour = 0.6849) = 1.5221 LCU (assumed: one new connection per request) x 730 h x $0.008/LCU-h = $8.89');
    expect(line(c, 'All regions: Internet data transfer out').usd).toBe(45);
    expect(line(c, 'All regions: Cross-zone data transfer').usd).toBe(4);
    expect(c.monthlyCostUsd).toBe(182.44);
  });
  test('pilot light: standby compute as the region pair prices it, health checks, replication', () => {
    const c = candidate(WEB, Topology.PILOT_LIGHT);
    const vcpu = line(c, 'Standby us-west-2 (pilot light): Fargate x86 vCPU');
    const mem = line(c, 'Standby us-west-2 (pilot light): Fargate x86 memory');
    expect(vcpu.arithmetic).toBe('1 task x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $14.78');
    // The same arithmetic as ActivePassiveRegionPair's standby-mode costs.
    const pair = standbyModeCosts('us-west-2', 6, StandbyMode.pilotLight(), 512, 1024, false).find((m) => m.mode === 'pilot light')!;
    expect(Math.round((vcpu.usd + mem.usd) * 100) / 100).toBe(pair.monthlyUsd);
    expect(line(c, 'Standby us-west-2: Load balancer hours').usd).toBe(16.43);
    expect(line(c, 'Failover: Route 53 health checks (AWS endpoints)').usd).toBe(1);
    expect(line(c, 'Failover: Route 53 health check optional features').usd).toBe(4);
    expect(line(c, 'Replication: DynamoDB replicated writes (web-table)').arithmetic)
      .toBe('10000000 writes (assumed) x ceil(1 KB) = 10000000 replicated write units = 10 million x $0.625/million (assumed: on-demand replicated write units, DynamoDB pricing page, us-east-1; not in the embedded table) = $6.25');
    expect(line(c, 'Replication: DynamoDB replication transfer (web-table)').usd).toBe(0.19);
    expect(c.monthlyCostUsd).toBe(228.33);
  });
  test('warm (3 tasks), hot and active-active (6 tasks) standby compute; backup and restore copies and storage', () => {
    expect(line(candidate(WEB, Topology.WARM_STANDBY), 'Standby us-west-2 (warm standby (50 %)): Fargate x86 vCPU').arithmetic).toMatch(/^3 tasks x 0\.5 vCPU/);
    expect(candidate(WEB, Topology.WARM_STANDBY).monthlyCostUsd).toBe(264.37);
    expect(candidate(WEB, Topology.HOT_STANDBY).monthlyCostUsd).toBe(318.43);
    expect(line(candidate(WEB, Topology.ACTIVE_ACTIVE), 'Second region us-west-2 (serving): Fargate x86 vCPU').usd).toBe(88.65);
    const br = candidate(WEB, Topology.BACKUP_AND_RESTORE);
    expect(line(br, 'Backup: AWS Backup cross-region copies').arithmetic).toBe('10000000 writes x 1 KB / 1048576 = 9.536743 GB changed a month (assumed: incremental copies) x $0.02/GB = $0.19');
    expect(line(br, 'Standby us-west-2: AWS Backup storage in the other region').usd).toBe(2.5);
    expect(br.monthlyCostUsd).toBe(185.13);
  });
  test('active-active: the application\'s inter-region GB and the stated conflict-handling cost; S3: RTC lines and a 15 min RPO', () => {
    const input = { ...WEB, traffic: { ...WEB.traffic, interRegionGbPerMonth: 300 }, recovery: { activeActiveExtraUsdPerMonth: 750 } };
    const aa = candidate(input, Topology.ACTIVE_ACTIVE);
    expect(line(aa, 'Between the serving regions: Inter-region data transfer').arithmetic).toBe('300 GB (assumed) x $0.02/GB = $6.00');
    expect(line(aa, 'Active-active: multi-writer conflict handling and operation').usd).toBe(750);
    // 318.43 + 6.00 + 750.00
    expect(aa.monthlyCostUsd).toBe(1074.43);
    const s3 = candidate({ ...WEB, dataStore: DecisionDataStore.S3 }, Topology.WARM_STANDBY);
    expect(line(s3, 'Replication: S3 Replication Time Control (web-bucket)').arithmetic).toMatch(/^9\.536743 GB written a month \(assumed\).* x \$0\.015\/GB .*= \$0\.14$/);
    expect(line(s3, 'Replication: S3 replication transfer (web-bucket)').usd).toBe(0.19);
    expect(s3.domains.find((x) => x.domain === 'region')!.rpoSeconds).toBe(900);
    // No data store: no replication lines, RPO 0 everywhere.
    const none = candidate({ ...WEB, dataStore: DecisionDataStore.NONE }, Topology.HOT_STANDBY);
    expect(none.costLines.filter((l) => l.item.startsWith('Replication'))).toEqual([]);
    expect(none.domains.map((x) => x.rpoSeconds)).toEqual([0, 0, 0, 0]);
    expect(none.slaArithmetic).toBe('Route 53 100 % x (1 - (1 - 99.980001 %) x (1 - 99.980001 %) [ECS/Fargate 99.99 % x ALB 99.99 % | ECS/Fargate 99.99 % x ALB 99.99 %])');
  });
  test('ARC failover: the cluster and its health checks, and the region is not survived without a person', () => {
    const c = candidate({ ...WEB, recovery: { failoverWithArc: true } }, Topology.HOT_STANDBY);
    expect(line(c, 'Failover: ARC cluster (routing control)').usd).toBe(1825);
    const region = c.domains.find((x) => x.domain === 'region')!;
    expect(region.survives).toBe(false);
    // decision 300 s + propagation 30 s + TTL 60 s + no scale-up
    expect(region.rtoSeconds).toBe(390);
  });
  test('Aurora: instances, headless pilot light promotion; no active-active', () => {
    const input = { ...WEB, dataStore: DecisionDataStore.AURORA };
    const single = candidate(input, Topology.SINGLE_REGION_MULTI_AZ);
    expect(line(single, 'Primary us-east-1: Aurora db.r6g.large instances, primary (web-db)').usd).toBe(379.6);
    const pilot = candidate(input, Topology.PILOT_LIGHT);
    // 870 s + a headless secondary's instance 600 s + managed failover 60 s
    expect(pilot.domains.find((x) => x.domain === 'region')!.rtoSeconds).toBe(1530);
    expect(line(pilot, 'Replication: Aurora db.r6g.large instances, standby (web-db)').usd).toBe(0);
    const aa = candidate(input, Topology.ACTIVE_ACTIVE);
    expect(aa.applicable).toBe(false);
    expect(aa.notApplicableReason).toMatch(/one writer region/);
  });
});

describe('recommendation and break-even', () => {
  const r = decideTopology(WEB);
  test('the cheapest topology meeting the policy by monthly cost + expected monthly loss', () => {
    expect(r.recommendation.topology).toBe(Topology.PILOT_LIGHT);
    expect(r.ranking).toEqual([Topology.PILOT_LIGHT, Topology.ACTIVE_ACTIVE, Topology.WARM_STANDBY, Topology.HOT_STANDBY,
      Topology.SINGLE_REGION_MULTI_AZ, Topology.BACKUP_AND_RESTORE]);
    expect(r.recommendation.reason).toBe('pilot light: of the topologies that meet the policy, the lowest monthly cost + expected monthly loss: $228.33 + $135.28 = $363.61 at $2000/h (48.694444 min/year of modelled downtime)');
    expect(r.recommendation.drivenBy).toMatch(/^the modelled downtime .* an SLA is what AWS credits, not what happens$/);
  });
  test('the break-even revenue of the next topology up, with its arithmetic', () => {
    expect(r.recommendation.nextUp).toBe(Topology.ACTIVE_ACTIVE);
    // (12 x $90.10 - 0.004166 min x $20) / (27.597221 min / 60) = $1081.12 / 0.459954 h = $2350.49/h
    expect(r.recommendation.nextUpBreakEvenRevenuePerHourUsd).toBe(2350.49);
    expect(r.recommendation.nextUpArithmetic).toBe('active-active pays for itself above $2350.49/h: (12 x ($318.43 - $228.33) + (0.004167 - 0.008333) min x $20/min of lost writes) / ((48.694444 - 21.097223) min/year / 60) = $1081.12 a year / 0.459954 h a year = $2350.49/h');
    const byTopology = Object.fromEntries(r.candidates.map((c) => [c.topology, c]));
    expect(byTopology.WARM_STANDBY.breakEvenRevenuePerHourUsd).toBe(5988.19);
    expect(byTopology.SINGLE_REGION_MULTI_AZ.breakEvenRevenuePerHourUsd).toBeUndefined();
    expect(byTopology.SINGLE_REGION_MULTI_AZ.breakEvenArithmetic).toMatch(/^never: 161.444444 min\/year/);
    // At the break-even revenue the two totals meet (to the cent).
    const at = decideResolved(resolveInput({ ...WEB, revenuePerHourUsd: 2350.49 })).candidates;
    const pilot = at.find((c) => c.topology === Topology.PILOT_LIGHT)!;
    const aa = at.find((c) => c.topology === Topology.ACTIVE_ACTIVE)!;
    expect(Math.abs(pilot.monthlyTotalUsd - aa.monthlyTotalUsd)).toBeLessThanOrEqual(0.01);
  });
  test('below the lower edge of the revenue sensitivity, single region wins; above the upper, active-active', () => {
    const s = r.sensitivity.find((x) => x.assumption === 'revenuePerHourUsd')!;
    expect(s.holdsFrom).toBeGreaterThan(0);
    expect(s.holdsTo).toBe(2350); // 4 significant digits of the bisection, just below the break-even 2350.49
    expect(s.text).toMatch(/^revenuePerHourUsd = 2000 \(given\): pilot light holds from [\d.]+ to 2350 \(below: single region, multi-AZ; above: active-active\)$/);
    const below = decideResolved(resolveInput({ ...WEB, revenuePerHourUsd: s.holdsFrom! * 0.99 }));
    expect(below.recommendation.topology).toBe(Topology.SINGLE_REGION_MULTI_AZ);
    expect(decideResolved(resolveInput({ ...WEB, revenuePerHourUsd: 2351 })).recommendation.topology).toBe(Topology.ACTIVE_ACTIVE);
    const defaulted = r.sensitivity.find((x) => x.assumption === 'failures.badDeployment.perYear')!;
    expect(defaulted.isDefault).toBe(true);
    expect(defaulted.text).toMatch(/\(assumed: 4 bad deployments a year/);
    expect(r.sensitivity.map((x) => x.assumption)).toContain('priceOverrides.<Fargate vCPU-hour>');
  });
  test('a policy that must survive a region in 15 min rules out single region and backup and restore', () => {
    const mustSurvive = [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.REGION];
    const strict = decideTopology({ ...WEB, policy: { rtoSeconds: 900, mustSurvive }, revenuePerHourUsd: 10 });
    const byTopology = Object.fromEntries(strict.candidates.map((c) => [c.topology, c]));
    expect(byTopology.SINGLE_REGION_MULTI_AZ.policyMisses).toEqual(['does not survive region without a person acting', 'region RTO none (outage for the whole failure) > target 900 s']);
    expect(byTopology.BACKUP_AND_RESTORE.policyMisses).toEqual(['does not survive region without a person acting', 'region RTO 14400 s > target 900 s']);
    expect(strict.recommendation.topology).toBe(Topology.PILOT_LIGHT);
    const rpo = decideTopology({ ...WEB, dataStore: DecisionDataStore.S3, policy: { rpoSeconds: 60, mustSurvive: [FailureDomain.REGION] } });
    expect(rpo.recommendation.topology).toBeUndefined();
    expect(rpo.recommendation.reason).toMatch(/^no topology meets the policy; the cheapest overall is/);
  });
  test('the Markdown leads with the comparison and states the recommendation and break-even', () => {
    const md = decisionMarkdown(r, 1);
    expect(md).toMatch(/^# Topology decision: web\n/);
    expect(md).toContain('**Recommendation: pilot light.**');
    expect(md).toContain('| pilot light **recommended** | yes | 870 s | 1 s | 99.998996 % | 48.694444 min/year | $1623.32/year | $228.33 | $135.28 | $363.61 | - |');
    expect(md).toContain('| single region, multi-AZ | yes | none (not automatic) | 0 s | 99.970003 % | 161.444444 min/year | $5381.48/year | $182.44 | $448.46 | $630.90 | never |');
    expect(md).toContain('| active-active | yes | 90 s | 1 s | 99.998996 % | 21.097223 min/year | $703.32/year | $318.43 | $58.61 | $377.04 | $2350.49/h |');
    expect(md).toContain('https://aws.amazon.com/elasticloadbalancing/sla/');
    expect(md).toContain('https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html');
  });
  test('data loss per write: writes a minute x the cost of one', () => {
    const x = resolveInput({ ...WEB, dataLossUsdPerMinute: undefined, dataLossUsdPerWrite: 0.02 });
    // 10,000,000 / 43,800 min = 228.310502 writes/min x $0.02
    expect(x.dataLossUsdPerMinute).toBe(4.56621);
    expect(x.dataLossArithmetic).toBe('10000000 writes / (730 h x 60 min) = 228.311 writes/min (assumed even) x $0.02/write = $4.56621/min');
  });
});

describe('bad input names the field', () => {
  const bad = (patch: object) => () => resolveInput({ ...WEB, ...patch } as TopologyDecisionInput);
  test('negative revenue, negative frequencies, durations <= 0, unknown regions', () => {
    expect(bad({ revenuePerHourUsd: -1 })).toThrow(/revenuePerHourUsd: is -1; it must be 0 or more\. Fix: set revenuePerHourUsd to a number of 0 or more/);
    expect(bad({ failures: { region: { perYear: -0.1 } } })).toThrow(/failures\.region\.perYear: is -0\.1; it must be 0 or more/);
    expect(bad({ failures: { zone: { durationMinutes: 0 } } })).toThrow(/failures\.zone\.durationMinutes: is 0; it must be more than 0/);
    expect(bad({ recovery: { restoreHours: -2 } })).toThrow(/recovery\.restoreHours: is -2; it must be more than 0/);
    expect(bad({ region: 'eu-south-2' })).toThrow(/region: 'eu-south-2' has no embedded price table\. Fix: use one of ap-northeast-1, eu-central-1, eu-west-1, us-east-1, us-west-2, or give priceOverrides for every price item/);
    expect(bad({ region: 'mars-north-1' })).toThrow(/region: 'mars-north-1' is not a known region code/);
    expect(bad({ region: 42 })).toThrow(/region: must be a region code, got number 42/);
    expect(bad({ standbyRegion: 'nowhere' })).toThrow(/standbyRegion: 'nowhere' is not a known region code/);
    expect(bad({ standbyRegion: 'us-east-1' })).toThrow(/standbyRegion: is the primary region us-east-1/);
  });
  test('wrong types from JavaScript, all problems together', () => {
    let error: TopologyDecisionError | undefined;
    try {
      resolveInput({ ...WEB, compute: { tasks: '6' }, revenuePerHourUsd: 'lots', dataStore: 'ORACLE', policy: { mustSurvive: 'region' } } as unknown as TopologyDecisionInput);
    } catch (e) {
      error = e as TopologyDecisionError;
    }
    expect(error).toBeInstanceOf(TopologyDecisionError);
    expect(error!.issues.map((i) => i.prop)).toEqual(['revenuePerHourUsd', 'compute.tasks', 'dataStore', 'policy.mustSurvive']);
    expect(error!.message).toMatch(/compute\.tasks: must be a finite number, got the string '6'/);
    expect(error!.message).toMatch(/dataStore: is the string 'ORACLE', not one of NONE, DYNAMODB, AURORA, S3/);
    expect(() => resolveInput(undefined as unknown as TopologyDecisionInput)).toThrow(/input: is missing/);
    expect(() => resolveInput({ workloadName: 'x', region: 'us-east-1', revenuePerHourUsd: 1 } as TopologyDecisionInput)).toThrow(/compute: is missing/);
    expect(bad({ compute: { tasks: 2.5 } })).toThrow(/compute\.tasks: must be a whole number/);
    expect(bad({ compute: { tasks: 2, zones: 1 } })).toThrow(/compute\.zones: is 1; every topology here spans at least 2 zones/);
    expect(bad({ dataLossUsdPerWrite: 1 })).toThrow(/dataLossUsdPerMinute and dataLossUsdPerWrite: are both set/);
    expect(bad({ priceOverrides: { NAT_GATEWAY_HOUR: -1 } })).toThrow(/priceOverrides: NAT_GATEWAY_HOUR is -1; a price cannot be negative/);
    expect(bad({ failures: { region: { recoverySeconds: 60 } } })).toThrow(/failures\.region\.recoverySeconds: is set/);
    expect(bad({ workloadName: '' })).toThrow(/workloadName: must be a non-empty string/);
  });
});
