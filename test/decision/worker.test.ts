import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { PatternValidationError } from '../../src/core/errors';
import { DecisionDataStore, DecisionWorkloadKind, Topology, TopologyDecision, TopologyDecisionInput } from '../../src/decision';
import { resolveInput } from '../../src/decision/input';
import { decideResolved } from '../../src/decision/model';
import { EgressAwareVpc } from '../../src/network';
import { QueueWorkerService } from '../../src/queue-worker';
import { CostDrivers, FailureDomain, Profiles } from '../../src/report';
import { SpotFleetWithFallback } from '../../src/spot-fleet';
import { ServiceCapacity } from '../../src/stateless-service';

/** A Fargate queue worker: 8 tasks of 0.5 vCPU / 1 GB, 5 million messages a month, 240 waiting. */
const WORKER: TopologyDecisionInput = {
  workloadName: 'w',
  region: 'us-east-1',
  revenuePerHourUsd: 500,
  workloadKind: DecisionWorkloadKind.QUEUE_WORKER,
  compute: { tasks: 8 },
  worker: { messagesPerMonth: 5_000_000, backlogMessages: 240 },
  dataStore: DecisionDataStore.NONE,
};

function candidate(r: ReturnType<typeof TopologyDecision.decide>, t: Topology) {
  return r.candidates.find((c) => c.topology === t)!;
}

function region(c: { domains: Array<{ domain: FailureDomain; rtoSeconds?: number; rpoSeconds: number; survives: boolean; how: string }> }) {
  return c.domains.find((d) => d.domain === FailureDomain.REGION)!;
}

function problems(input: unknown): string[] {
  try {
    TopologyDecision.decide(input as TopologyDecisionInput);
  } catch (e) {
    return (e as { issues: Array<{ prop: string }> }).issues.map((i) => i.prop);
  }
  return [];
}

describe('queue worker kind: costs', () => {
  const r = TopologyDecision.decide(WORKER);

  test('each candidate costs exactly: no load balancer, no health checks; the standby polls its own queue', () => {
    expect(r.workloadKind).toBe(DecisionWorkloadKind.QUEUE_WORKER);
    expect(r.candidates.map((c) => [c.topology, c.monthlyCostUsd])).toEqual([
      [Topology.SINGLE_REGION_MULTI_AZ, 150.58],
      [Topology.BACKUP_AND_RESTORE, 150.58],
      [Topology.PILOT_LIGHT, 168.65],
      [Topology.WARM_STANDBY, 222.87],
      [Topology.HOT_STANDBY, 295.16],
      [Topology.ACTIVE_ACTIVE, 295.16],
    ]);
    for (const c of r.candidates) {
      expect(c.costLines.filter((l) => /load balancer|LCU|Route 53|health check/i.test(l.item))).toEqual([]);
    }
  });

  test('the pilot light cost lines: 8 tasks and their SQS requests in the primary, 1 task and its empty polls in the standby', () => {
    const lines = candidate(r, Topology.PILOT_LIGHT).costLines.map((l) => [l.item, l.usd]);
    expect(lines).toEqual([
      ['Primary us-east-1: Fargate x86 vCPU', 118.2], // 8 x 0.5 x 730 x $0.04048 = $118.2016
      ['Primary us-east-1: Fargate x86 memory', 25.96], // 8 x 1 x 730 x $0.004445 = $25.9588
      ['Primary us-east-1: SQS standard requests', 6.42], // (5M x 3 + 8 x 131,400) / 1M = 16.0512 x $0.40
      ['Standby us-west-2 (pilot light): Fargate x86 vCPU', 14.78],
      ['Standby us-west-2 (pilot light): Fargate x86 memory', 3.24],
      ['Standby us-west-2 (its own queue; messages counted once in the primary\'s line): SQS standard requests', 0.05], // 131,400 / 1M x $0.40
    ]);
  });
});

describe('queue worker kind: RTO and RPO', () => {
  const r = TopologyDecision.decide(WORKER);

  test('region RTO: the producers\' switch (300 s) + one backlog scaling step (60 s + 60 s) unless the standby is full', () => {
    expect(r.candidates.map((c) => region(c).rtoSeconds)).toEqual([undefined, 14_400, 420, 420, 300, 300]);
    expect(region(candidate(r, Topology.PILOT_LIGHT)).how).toContain('producers switch 300 s + scale-up 1 -> 8: the backlog-per-task policy sizes the service to the backlog in one step');
    expect(region(candidate(r, Topology.PILOT_LIGHT)).how).toContain('= scaling alarm 60 s + task start 60 s (assumed) = 120 s = 420 s');
    // Nobody built the producers' switch: not survived without a person acting, in every topology.
    expect(r.candidates.map((c) => region(c).survives)).toEqual([false, false, false, false, false, false]);
  });

  test('region RPO: the backlog left in the unreplicated queue, 240 / (5,000,000 / 2,628,000 s) = 127 s; single region 0 s (an impairment)', () => {
    expect(r.candidates.map((c) => region(c).rpoSeconds)).toEqual([0, 127, 127, 127, 127, 127]);
    expect(region(candidate(r, Topology.HOT_STANDBY)).how).toContain('240 messages waiting (worker.backlogMessages) / (5000000 messages / (730 h x 3600 s) = 1.9026 a second) = 127 s');
    expect(region(candidate(r, Topology.HOT_STANDBY)).how).toContain('SQS does not replicate a queue to another region');
  });

  test('a data store\'s RPO counts when it is worse than the backlog: backup and restore with DynamoDB loses 24 h', () => {
    const d = TopologyDecision.decide({ ...WORKER, dataStore: DecisionDataStore.DYNAMODB, traffic: { writesPerMonth: 1_000_000 } });
    expect(d.candidates.map((c) => region(c).rpoSeconds)).toEqual([0, 86_400, 127, 127, 127, 127]);
  });

  test('producers that switch by themselves make the region survived, at the same RTO', () => {
    const d = TopologyDecision.decide({ ...WORKER, worker: { ...WORKER.worker!, producersSwitchAutomatically: true, producerSwitchSeconds: 120 } });
    expect(d.candidates.map((c) => region(c).survives)).toEqual([false, false, true, true, true, true]);
    expect(d.candidates.map((c) => region(c).rtoSeconds)).toEqual([undefined, 14_400, 240, 240, 120, 120]);
  });

  test('modelled downtime, the composed SLA without Route 53 and the recommendation with its break-even', () => {
    // Single region: task 24 x 20 s x 1/8 = 1 + zone 1 x 20 s x 1/3 = 0.111111 + bad deployment 4 x 10 = 40 + region 0.1 x 240 = 24.
    expect(r.candidates.map((c) => c.modelledDowntimeMinutesPerYear)).toEqual([65.111111, 65.111111, 41.811111, 41.811111, 41.611111, 20.805556]);
    expect(r.candidates.map((c) => c.slaAvailabilityPercent)).toEqual(['99.99', '99.99', '99.999999', '99.999999', '99.999999', '99.999999']);
    expect(r.recommendation.topology).toBe(Topology.SINGLE_REGION_MULTI_AZ);
    expect(r.recommendation.reason).toContain('$150.58 + $45.22 = $195.80 at $500/h');
    expect(r.recommendation.nextUp).toBe(Topology.PILOT_LIGHT);
    // (12 x ($168.65 - $150.58)) / ((65.111111 - 41.811111) / 60) = $216.84 / 0.388333 h = $558.39/h.
    expect(r.recommendation.nextUpBreakEvenRevenuePerHourUsd).toBe(558.39);
    expect(r.notModelled.join('\n')).toContain('SQS\'s own SLA is not composed');
    expect(r.notModelled.join('\n')).toContain('every task is priced on demand');
    expect(r.notModelled.join('\n')).not.toContain('the standby load balancer');
  });

  test('the markdown says what a worker\'s failover is', () => {
    const md = TopologyDecision.toMarkdown(r);
    expect(md).toContain('Workload: a queue worker, no load balancer.');
    expect(md).toContain('| pilot light | yes | 7 min (not automatic) | 127 s | 99.999999 % | 41.811111 min/year | $348.43/year | $168.65 |');
  });
});

describe('queue worker kind on Fargate Spot', () => {
  test('spot above the on-demand base, split as ECS splits it, in both regions', () => {
    const r = TopologyDecision.decide({ ...WORKER, compute: { tasks: 8, fargateSpot: { onDemandBase: 1 } } });
    expect(candidate(r, Topology.WARM_STANDBY).costLines.map((l) => [l.item, l.usd])).toEqual([
      ['Primary us-east-1: Fargate x86 vCPU', 14.78], // 1 on demand
      ['Primary us-east-1: Fargate x86 memory', 3.24],
      ['Primary us-east-1: Fargate Spot vCPU', 31.03], // 7 x 0.5 x 730 x $0.04048 x 30 % = $31.0282
      ['Primary us-east-1: Fargate Spot memory', 6.81], // 7 x 1 x 730 x $0.004445 x 30 % = $6.8139
      ['Primary us-east-1: SQS standard requests', 6.42],
      ['Standby us-west-2 (warm standby (50 %)): Fargate x86 vCPU', 14.78], // 4 standby tasks: base 1 + 3 spot
      ['Standby us-west-2 (warm standby (50 %)): Fargate x86 memory', 3.24],
      ['Standby us-west-2 (warm standby (50 %)): Fargate Spot vCPU', 13.30],
      ['Standby us-west-2 (warm standby (50 %)): Fargate Spot memory', 2.92],
      ['Standby us-west-2 (its own queue; messages counted once in the primary\'s line): SQS standard requests', 0.21],
    ]);
    expect(r.candidates.map((c) => c.monthlyCostUsd)).toEqual([62.28, 62.28, 80.35, 96.73, 118.56, 118.56]);
    expect(r.notModelled.join('\n')).toContain('the spot tasks are priced at compute.fargateSpot.spotDiscountPercent below on demand');
  });

  test('a QueueWorkerService on spot gives its base, weights and discount', () => {
    const { workloadKind: _k, worker: _w, ...base } = WORKER;
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new EgressAwareVpc(stack, 'Vpc', { maxAzs: 3 });
    const worker = new QueueWorkerService(stack, 'Worker', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
      vpc,
      capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 1 }),
      reportAssumptions: { messagesPerMonth: 5_000_000, spotDiscountPercent: 60 },
    });
    const d = new TopologyDecision(stack, 'D', { ...base, workload: worker, worker: { messagesPerMonth: 5_000_000 } });
    const single = candidate(d.result, Topology.SINGLE_REGION_MULTI_AZ).costLines;
    expect(single.find((l) => l.item === 'Primary us-east-1: Fargate Spot vCPU')!.arithmetic).toContain('(1 - 60 % spot discount');
    expect(d.result.assumptions.find((a) => a.field === 'compute.fargateSpot.onDemandBase')!.value).toBe('1');
  });

  test('bad combinations name compute.fargateSpot', () => {
    const lb = { ...WORKER, workloadKind: DecisionWorkloadKind.LOAD_BALANCED_SERVICE, worker: undefined };
    expect(problems({ ...lb, compute: { tasks: 2, fargateSpot: {} } }))
      .toEqual(['compute.fargateSpot']);
    expect(problems({ ...WORKER, compute: { tasks: 2, arm64: true, fargateSpot: {} } })).toEqual(['compute.fargateSpot']);
    expect(problems({ ...WORKER, compute: { tasks: 2, fargateSpot: { spotWeight: 0, spotDiscountPercent: 101 } } }))
      .toEqual(['compute.fargateSpot.spotWeight', 'compute.fargateSpot.spotDiscountPercent']);
  });
});

describe('queue worker kind on EC2 instances', () => {
  const e = TopologyDecision.decide({
    ...WORKER,
    revenuePerHourUsd: 200,
    compute: { tasks: 2, ec2: { onDemandHourlyUsd: 0.096, spotDiscountPercent: 70, onDemandBase: 1, onDemandPercentageAboveBase: 0 } },
    worker: { messagesPerMonth: 2_000_000, backlogMessages: 100 },
  });

  test('instances split as the mixed instances group does, the same split in the standby', () => {
    expect(candidate(e, Topology.HOT_STANDBY).costLines.map((l) => [l.item, l.usd])).toEqual([
      ['Primary us-east-1: EC2 on-demand instance hours', 70.08], // 1 x 730 x $0.096
      ['Primary us-east-1: EC2 spot instance hours', 21.02], // 1 x 730 x $0.096 x 30 % = $21.024
      ['Primary us-east-1: SQS standard requests', 2.51], // (2M x 3 + 2 x 131,400) / 1M = 6.2628 x $0.40
      ['Standby us-west-2 (hot standby): EC2 on-demand instance hours', 70.08],
      ['Standby us-west-2 (hot standby): EC2 spot instance hours', 21.02],
      ['Standby us-west-2 (its own queue; messages counted once in the primary\'s line): SQS standard requests', 0.11],
    ]);
    expect(e.candidates.map((c) => c.monthlyCostUsd)).toEqual([93.61, 93.61, 163.74, 163.74, 184.82, 184.82]);
  });

  test('the standby scales by launching instances (180 s), and the sensitivity moves the instance price, not Fargate\'s', () => {
    expect(e.candidates.map((c) => region(c).rtoSeconds)).toEqual([undefined, 14_400, 540, 540, 300, 300]);
    expect(e.candidates.map((c) => region(c).rpoSeconds)).toEqual([0, 132, 132, 132, 132, 132]);
    const fields = e.sensitivity.map((s) => s.assumption);
    expect(fields).toContain('compute.ec2.onDemandHourlyUsd');
    expect(fields).toContain('worker.backlogMessages');
    expect(fields.filter((f) => f.startsWith('priceOverrides.'))).toEqual([]);
    expect(candidate(e, Topology.SINGLE_REGION_MULTI_AZ).slaArithmetic).toContain('EC2 (Compute SLA)');
  });
});

describe('queue worker kind: bad input names the field', () => {
  test('a worker needs worker.messagesPerMonth (above 0) and worker.backlogMessages', () => {
    expect(problems({ ...WORKER, worker: undefined })).toEqual(['worker']);
    expect(problems({ ...WORKER, worker: {} })).toEqual(['worker.messagesPerMonth', 'worker.backlogMessages']);
    expect(problems({ ...WORKER, worker: { messagesPerMonth: 0, backlogMessages: -1 } })).toEqual(['worker.messagesPerMonth', 'worker.backlogMessages']);
    expect(problems({ ...WORKER, worker: { messagesPerMonth: '5', backlogMessages: 1, producersSwitchAutomatically: 'yes' } }))
      .toEqual(['worker.messagesPerMonth', 'worker.producersSwitchAutomatically']);
  });

  test('invalid combinations: worker fields on a load-balanced service, a load balancer\'s traffic or ARC on a worker, Fargate sizes with EC2', () => {
    const lb = { ...WORKER, workloadKind: DecisionWorkloadKind.LOAD_BALANCED_SERVICE };
    expect(problems(lb)).toEqual(['worker']);
    expect(problems({ ...lb, worker: undefined, compute: { tasks: 2, ec2: { onDemandHourlyUsd: 0.1 } } })).toEqual(['compute.ec2']);
    expect(problems({ ...WORKER, traffic: { requestsPerMonth: 1000 } })).toEqual(['traffic.requestsPerMonth']);
    expect(problems({ ...WORKER, recovery: { failoverWithArc: true } })).toEqual(['recovery.failoverWithArc']);
    expect(problems({ ...WORKER, compute: { tasks: 2, vcpu: 1, ec2: { onDemandHourlyUsd: 0.1 } } })).toEqual(['compute.vcpu']);
    expect(problems({ ...WORKER, compute: { tasks: 2, ec2: {} } })).toEqual(['compute.ec2.onDemandHourlyUsd']);
    const badEc2 = { onDemandHourlyUsd: 0.1, spotDiscountPercent: 100, onDemandPercentageAboveBase: 101 };
    expect(problems({ ...WORKER, compute: { tasks: 2, ec2: badEc2 } }))
      .toEqual(['compute.ec2.spotDiscountPercent', 'compute.ec2.onDemandPercentageAboveBase']);
    expect(problems({ ...WORKER, workloadKind: 'WORKER' })).toEqual(['workloadKind']);
  });

  test('the messages name the fix', () => {
    expect(() => TopologyDecision.decide({ ...WORKER, recovery: { failoverWithArc: true } }))
      .toThrow('recovery.failoverWithArc: is true, but ARC routing controls switch DNS records and a queue worker has none. Fix: remove recovery.failoverWithArc');
    expect(() => TopologyDecision.decide({ ...WORKER, workloadKind: DecisionWorkloadKind.LOAD_BALANCED_SERVICE }))
      .toThrow('worker: is set, but workloadKind is LOAD_BALANCED_SERVICE. Fix: remove worker, or set workloadKind to DecisionWorkloadKind.QUEUE_WORKER');
  });
});

describe('TopologyDecision picks the worker kind from the workload\'s pattern', () => {
  const { workloadKind: _k, worker: _w, ...base } = WORKER;

  test('a QueueWorkerService: QUEUE_WORKER, and the backlog its scaling target lets stand (30 per task x 8 tasks = 240)', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new EgressAwareVpc(stack, 'Vpc', { maxAzs: 3 });
    const worker = new QueueWorkerService(stack, 'Worker', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'), vpc,
    });
    expect(worker.targetBacklogPerTask).toBe(30);
    const d = new TopologyDecision(stack, 'D', { ...base, workload: worker, worker: { messagesPerMonth: 5_000_000 } });
    expect(d.result.workloadKind).toBe(DecisionWorkloadKind.QUEUE_WORKER);
    expect(d.result.assumptions.find((a) => a.field === 'worker.backlogMessages')!.value).toBe('240');
    expect(d.result.candidates.find((c) => c.current)!.topology).toBe(Topology.SINGLE_REGION_MULTI_AZ);
    expect(region(d.result.candidates[2]).rpoSeconds).toBe(127);
  });

  test('a SpotFleetWithFallback: QUEUE_WORKER priced as the fleet\'s profile prices its instances', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const fleet = new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster: new ecs.Cluster(stack, 'Cluster', { vpc }) });
    const d = new TopologyDecision(stack, 'D', { ...base, workload: fleet, compute: { tasks: 2 }, worker: { messagesPerMonth: 2_000_000, backlogMessages: 100 } });
    expect(d.result.workloadKind).toBe(DecisionWorkloadKind.QUEUE_WORKER);
    expect(d.result.candidates.find((c) => c.current)!.topology).toBe(Topology.SINGLE_REGION_MULTI_AZ);
    // The fleet's report defaults: $0.096/h on demand, 70 % spot discount, base 1, 0 % above it.
    const lines = candidate(d.result, Topology.SINGLE_REGION_MULTI_AZ).costLines.map((l) => [l.item, l.usd]);
    expect(lines.slice(0, 2)).toEqual([['Primary us-east-1: EC2 on-demand instance hours', 70.08], ['Primary us-east-1: EC2 spot instance hours', 21.02]]);
    const fleetCompute = Profiles.of(fleet)!.costDrivers.map((x) => Number((x.quantity * x.unitPriceUsd!).toFixed(2)));
    expect(fleetCompute).toEqual([70.08, 21.02]);
  });

  test('an explicit LOAD_BALANCED_SERVICE is kept (then worker fields are an error)', () => {
    const stack = new Stack(new App(), 'S');
    const c = new Construct(stack, 'w');
    Profiles.record(c, {
      name: 'w',
      pattern: 'QueueWorkerService',
      failureDomains: [],
      rto: { seconds: 0, arithmetic: '0 s' },
      costDrivers: [CostDrivers.albHours(1)],
    });
    expect(() => new TopologyDecision(stack, 'D', { ...base, workload: c, workloadKind: DecisionWorkloadKind.LOAD_BALANCED_SERVICE, worker: { messagesPerMonth: 1, backlogMessages: 1 } }))
      .toThrow(PatternValidationError);
    const ok = new TopologyDecision(stack, 'D2', { ...base, workload: c, workloadKind: DecisionWorkloadKind.LOAD_BALANCED_SERVICE });
    expect(ok.result.workloadKind).toBe(DecisionWorkloadKind.LOAD_BALANCED_SERVICE);
  });
});

describe('queue worker kind: properties', () => {
  const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
  const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);
  const worker = fc.record({
    tasks: fc.integer({ min: 1, max: 30 }),
    revenue: fc.double({ min: 0, max: 100_000, noNaN: true }),
    dataLoss: fc.double({ min: 0, max: 200, noNaN: true }),
    messages: fc.integer({ min: 1, max: 1_000_000_000 }),
    backlog: fc.integer({ min: 0, max: 1_000_000 }),
    switchSeconds: fc.integer({ min: 1, max: 3600 }),
    auto: fc.boolean(),
    ec2: fc.option(fc.record({ od: fc.double({ min: 0.01, max: 2, noNaN: true }), base: fc.integer({ min: 0, max: 5 }) }), { nil: undefined }),
    store: fc.constantFrom(DecisionDataStore.DYNAMODB, DecisionDataStore.AURORA, DecisionDataStore.S3, DecisionDataStore.NONE),
    regionPerYear: fc.double({ min: 0, max: 3, noNaN: true }),
    rto: fc.option(fc.integer({ min: 60, max: 30_000 }), { nil: undefined }),
  });
  type Wk = typeof worker extends fc.Arbitrary<infer T> ? T : never;
  const inputOf = (w: Wk, revenue: number): TopologyDecisionInput => ({
    workloadName: 'w',
    region: 'us-east-1',
    revenuePerHourUsd: revenue,
    dataLossUsdPerMinute: w.dataLoss,
    workloadKind: DecisionWorkloadKind.QUEUE_WORKER,
    compute: w.ec2 ? { tasks: w.tasks, ec2: { onDemandHourlyUsd: w.ec2.od, spotDiscountPercent: 60, onDemandBase: w.ec2.base } } : { tasks: w.tasks },
    worker: {
      messagesPerMonth: w.messages, backlogMessages: w.backlog, producerSwitchSeconds: w.switchSeconds, producersSwitchAutomatically: w.auto,
    },
    traffic: { writesPerMonth: 1_000_000 },
    dataStore: w.store,
    failures: { region: { perYear: w.regionPerYear } },
    ...(w.rto !== undefined ? { policy: { rtoSeconds: w.rto } } : {}),
  });
  const recommended = (i: TopologyDecisionInput) => {
    const d = decideResolved(resolveInput(i));
    return d.candidates.find((c) => c.topology === d.recommendation.topology);
  };

  test('raising revenue per hour never recommends a less available topology for a worker either', () => {
    fc.assert(fc.property(worker, fc.double({ min: 1, max: 50, noNaN: true }), (w, factor) => {
      const low = recommended(inputOf(w, w.revenue));
      const high = recommended(inputOf(w, w.revenue * factor + 1));
      expect(high === undefined).toBe(low === undefined);
      if (low && high) expect(high.modelledDowntimeMinutesPerYear).toBeLessThanOrEqual(low.modelledDowntimeMinutesPerYear);
    }), { numRuns: RUNS, seed: SEED });
  });

  test('no worker candidate ever prices a load balancer or a health check, and every two-region RPO covers the backlog', () => {
    fc.assert(fc.property(worker, (w) => {
      const d = decideResolved(resolveInput(inputOf(w, w.revenue)));
      const backlogSeconds = Math.ceil(w.backlog / (w.messages / 2_628_000));
      for (const c of d.candidates) {
        expect(c.costLines.filter((l) => /load balancer|LCU|Route 53|health check/i.test(l.item))).toEqual([]);
        const r = c.domains.find((x) => x.domain === FailureDomain.REGION)!;
        if (c.topology !== Topology.SINGLE_REGION_MULTI_AZ) expect(r.rpoSeconds).toBeGreaterThanOrEqual(backlogSeconds);
      }
    }), { numRuns: RUNS, seed: SEED });
  });
});
