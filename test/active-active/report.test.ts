import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { aaProps, EAST, newApp, OHIO, TABLE, WEST } from './fixtures';
import { ActiveActiveRegions, FailureDomain, Profiles, ResiliencePolicy } from '../../src';
import { regionLossArithmetic, regionLossFloor, regionLossRecovery } from '../../src/active-active/arithmetic';
import { tableReplicationDrivers } from '../../src/region-pair/table';

const TIMING = {
  intervalSeconds: 10,
  failureThreshold: 3,
  ttlSeconds: 60,
  needed: 4,
  taskStartSeconds: 60,
  targetHealthCheckIntervalSeconds: 10,
  healthyThresholdCount: 2,
  targetCpuUtilizationPercent: 50,
};

describe('region-loss arithmetic', () => {
  test('the floor is ceil(share x N / (N - 1)): 2 over 2 regions 4, over 3 regions 3, over 4 regions 3; 5 over 3 regions 8', () => {
    expect([regionLossFloor(2, 2), regionLossFloor(2, 3), regionLossFloor(2, 4), regionLossFloor(5, 3)]).toEqual([4, 3, 3, 8]);
    expect(regionLossArithmetic(5, 3)).toBe("each region's share of 5 tasks x 3 regions / (3 - 1) survivors = ceil(5 x 3 / 2) = 8 tasks per region (2 regions x 8 = 16 >= 3 x 5 = 15 after one is lost)");
  });

  test('sized for a region loss: detection 3 x 10 s + DNS 60 s, no scale-up = 90 s', () => {
    const r = regionLossRecovery({ ...TIMING, tasks: 4 });
    expect(r.seconds).toBe(90);
    expect(r.arithmetic).toMatch(/^detection 3 x 10 s = 30 s .* \+ DNS 60 s .* \+ scale-up 0 s \(each region already runs 4 >= 4 tasks, sized for a region loss\) = 90 s$/);
  });

  test('below the floor: the survivors scale 3 -> 4 in one step of 180 + 60 + 20 s = 350 s; 30 s interval and threshold 2: 60 + 60 = 120 s', () => {
    expect(regionLossRecovery({ ...TIMING, tasks: 3 }).seconds).toBe(350);
    expect(regionLossRecovery({ ...TIMING, tasks: 4, intervalSeconds: 30, failureThreshold: 2 }).seconds).toBe(120);
  });

  test('replication to N - 1 replicas: 5 million 2 KB writes to 2 other replicas = 20 million replicated write units, 19.073486 GB', () => {
    const [writes, transfer] = tableReplicationDrivers({ ...TABLE, writesPerMonth: 5_000_000, averageItemKb: 2 }, 2);
    expect([writes.quantity, writes.quantityArithmetic]).toEqual([20, '5000000 writes (assumed) x ceil(2 KB) x 2 other replicas = 20000000 replicated write units = 20 million']);
    expect(transfer.quantity).toBe(19.073486);
  });
});

function synthReport(build: (app: ReturnType<typeof newApp>) => void) {
  const app = newApp();
  build(app);
  const dir = app.synth().directory;
  return JSON.parse(fs.readFileSync(path.join(dir, 'cloud-native-report.json'), 'utf8'));
}

describe('the report (two regions, a global table and two-way buckets)', () => {
  let aa: ActiveActiveRegions;
  const report = synthReport((app) => {
    aa = new ActiveActiveRegions(app, 'Shop', aaProps({
      table: { ...TABLE, writesPerMonth: 5_000_000 },
      bucket: { bucketNamePrefix: 'shop-images', gbWrittenPerMonth: 50 },
    }));
  });
  const w = report.workloads[0];
  const line = (item: string) => w.monthlyCostUsd.lines.find((l: { item: string }) => l.item === item);

  test('one workload with both regions\' services and networks as its parts, each with its region and cost', () => {
    expect(report.workloads.map((x: { name: string; pattern: string }) => `${x.name} ${x.pattern}`)).toEqual(['Shop ActiveActiveRegions']);
    expect(w.parts.map((p: { path: string; region: string; monthlyCostUsd: number }) => `${p.path} ${p.region} ${p.monthlyCostUsd}`)).toEqual([
      'Shop/us-east-1/Service us-east-1 117.2', 'Shop/us-east-1/Service/Vpc us-east-1 112',
      'Shop/us-west-2/Service us-west-2 117.2', 'Shop/us-west-2/Service/Vpc us-west-2 112',
    ]);
  });

  test('the region is survived without scaling: RTO 30 + 60 = 90 s, with the capacity and conflict semantics stated', () => {
    const region = w.failureDomains.find((d: { domain: string }) => d.domain === 'region');
    expect([region.survives, region.recoverySeconds]).toEqual([true, 90]);
    expect(region.how).toContain('each region runs 4 tasks >= the region-loss floor 4 (ceil(2 x 2 / (2 - 1)) = 4), so the survivors carry the lost region\'s users without scaling');
    expect(region.how).toContain('table shop-orders is EVENTUAL: writes take local latency; the price is last writer wins on concurrent writes to one item');
  });

  test('RPO per store: the table about 1 s (last writer wins), the buckets 900 s (S3 RTC); the worst is the workload\'s', () => {
    expect(w.rpo.seconds).toBe(900);
    expect(w.rpo.arithmetic).toMatch(/^max\(1 s, 900 s\) = 900 s over the stores: DynamoDB global table shop-orders \(multi-region eventual consistency\).*last writer wins.*S3 buckets shop-images-<account>-\{us-east-1,us-west-2\}/);
  });

  test('replicated writes and inter-region transfer to the other region, health checks for both regions', () => {
    expect(line('DynamoDB replicated writes (shop-orders)').usd).toBe(3.13);
    expect(line('DynamoDB replication transfer (shop-orders)').usd).toBe(0.1);
    expect(line('S3 Replication Time Control (shop-images-<account>-<region>)').usd).toBe(0.75);
    expect(line('S3 replication transfer (shop-images-<account>-<region>)').usd).toBe(1);
    expect(line('Route 53 health checks (AWS endpoints)').arithmetic).toMatch(/^2 endpoint health checks/);
    expect(line('Route 53 health check optional features').usd).toBe(4);
  });

  test('the extra cost against the same users as a pair: hot (6 + 6 tasks) costs $72.08 more, warm (6 + 3) $18.02 more', () => {
    expect(w.costScenarios.map((s: { name: string; monthlyUsd: number; differenceUsd: number | null }) => `${s.name} ${s.monthlyUsd} ${s.differenceUsd}`)).toEqual([
      'active-active: 2 regions x 4 tasks 439.58 null',
      'active-passive pair, hot standby: 6 + 6 tasks 511.66 72.08',
      'active-passive pair, warm standby (50 %): 6 + 3 tasks 457.6 18.02',
    ]);
    const hot = w.costScenarios[1];
    expect(hot.lines.map((l: { item: string }) => l.item)).toEqual(expect.arrayContaining(['us-east-1: Fargate x86 vCPU', 'us-west-2: Fargate x86 vCPU', 'DynamoDB replicated writes (shop-orders)']));
    expect(hot.lines.find((l: { item: string }) => l.item === 'us-east-1: Fargate x86 vCPU').arithmetic).toBe('6 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $88.65');
  });

  test('the pair as alternatives: hot max(parts 100 s, failover 90 s) = 100 s, warm max(100 s, 350 s) = 350 s, RPO the bucket\'s 900 s', () => {
    expect(w.alternatives.map((a: { change: string; rtoSeconds: number; rpoSeconds: number }) => `${a.change.split(' (')[0]} ${a.rtoSeconds} ${a.rpoSeconds}`))
      .toEqual(['ActivePassiveRegionPair, hot standby 100 900', 'ActivePassiveRegionPair, warm standby 350 900']);
  });

  test('each regional service\'s region entry says how the other region covers it, and its RPO names the stores', () => {
    aa.services.forEach((svc, i) => {
      const p = Profiles.of(svc)!;
      const region = p.failureDomains.find((d) => d.domain === FailureDomain.REGION)!;
      expect(region.survives).toBe(true);
      expect(region.how).toBe(`region ${aa.stacks[i].region} of the ActiveActiveRegions 'Shop': it serves its nearest users; its loss moves them to the other 1 region by latency routing (the workload's region entry has the arithmetic)`);
      expect(p.rpo!.arithmetic).toMatch(/its data is in the active-active regions' DynamoDB global table shop-orders and S3 buckets shop-images-<account>-<region> \(assumed: no other store\)$/);
      expect(p.rpoNotModelled).toBeUndefined();
    });
  });
});

describe('the report with strong consistency over three regions', () => {
  const report = synthReport((app) => new ActiveActiveRegions(app, 'Shop', aaProps({
    regions: [EAST, OHIO, WEST],
    table: { ...TABLE, writesPerMonth: 1_000_000, multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG },
  })));
  const w = report.workloads[0];

  test('RPO 0 s (a write returns once another region has it) and the write latency cost in the region entry', () => {
    expect(w.rpo.seconds).toBe(0);
    expect(w.rpo.arithmetic).toMatch(/multi-region strong consistency over us-east-1, us-east-2, us-west-2: a write returns only once it is replicated to at least one other region/);
    expect(w.failureDomains.find((d: { domain: string }) => d.domain === 'region').how)
      .toMatch(/table shop-orders is STRONG: every write \(and every strongly consistent read\) waits for at least one inter-region round trip/);
  });

  test('each write replicated to 2 other replicas; 3 regions x 3 tasks against a pair of 9 + 9 / 9 + 5', () => {
    const writes = w.monthlyCostUsd.lines.find((l: { item: string }) => l.item === 'DynamoDB replicated writes (shop-orders)');
    expect(writes.arithmetic).toMatch(/^1000000 writes \(assumed\) x ceil\(1 KB\) x 2 other replicas = 2000000 replicated write units .*strong consistency assumed priced as eventual replication/);
    expect(w.costScenarios.map((s: { name: string }) => s.name)).toEqual([
      'active-active: 3 regions x 3 tasks', 'active-passive pair, hot standby: 9 + 9 tasks', 'active-passive pair, warm standby (50 %): 9 + 5 tasks',
    ]);
  });
});

describe('policy', () => {
  test('a ResiliencePolicy that must survive a region within 5 minutes passes for active-active, with no error on any regional stack', () => {
    const app = newApp();
    const aa = new ActiveActiveRegions(app, 'Shop', aaProps({ table: TABLE }));
    new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.REGION], rto: Duration.minutes(5) });
    const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8'));
    expect(report.policies).toEqual([expect.objectContaining({ path: 'Policy', passed: true, appliesTo: ['Shop'], misses: [] })]);
    for (const s of aa.stacks) Annotations.fromStack(s).hasNoError('*', Match.anyValue());
  });
});
