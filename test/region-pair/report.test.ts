import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { IMAGE, newApp, pairProps } from './fixtures';
import { ActivePassiveRegionPair, FailureDomain, LoadBalancedObjective, ResiliencePolicy, StandbyMode, StatelessService } from '../../src';
import { drillRecovery, failoverRecovery, FailoverTiming, scaleUpSteps } from '../../src/region-pair/arithmetic';

const TIMING: FailoverTiming = {
  intervalSeconds: 10,
  failureThreshold: 3,
  ttlSeconds: 60,
  primaryTasks: 3,
  standbyTasks: 2,
  taskStartSeconds: 60,
  targetHealthCheckIntervalSeconds: 10,
  healthyThresholdCount: 2,
  targetCpuUtilizationPercent: 50,
};

describe('failover arithmetic', () => {
  test('target tracking at a 50 % CPU target at most doubles a saturated service per step', () => {
    expect([scaleUpSteps(3, 3, 50), scaleUpSteps(2, 3, 50), scaleUpSteps(1, 3, 50), scaleUpSteps(1, 9, 50), scaleUpSteps(1, 9, 25)])
      .toEqual([0, 1, 2, 4, 2]);
  });

  test('warm: detection 3 x 10 s + DNS 60 s + one step (180 + 60 + 20 s) = 350 s', () => {
    const r = failoverRecovery(TIMING);
    expect(r.seconds).toBe(350);
    expect(r.arithmetic).toBe("detection 3 x 10 s = 30 s (Route 53 health checks on the primary's load balancer) + DNS 60 s (resolvers keep the old answer for the alias record's TTL; clients that cache longer are not modelled) + "
      + 'scale-up 2 -> 3 tasks: 1 target tracking step (each at most x 2 at a 50 % CPU target) x (scale-out alarm 3 x 60 s = 180 s (assumed) + task start 60 s (assumed) + healthy 2 x 10 s = 20 s) = 260 s; the standby serves with 2 tasks meanwhile = 350 s');
  });

  test('hot: no scale-up, 30 + 60 = 90 s; pilot light from 1 task: two steps, 610 s; 30 s interval: 90 + 60 = 150 s', () => {
    expect(failoverRecovery({ ...TIMING, standbyTasks: 3 }).seconds).toBe(90);
    expect(failoverRecovery({ ...TIMING, standbyTasks: 1 }).seconds).toBe(610);
    expect(failoverRecovery({ ...TIMING, standbyTasks: 3, intervalSeconds: 30 }).seconds).toBe(150);
  });

  test('the drill scales in one call before it shifts: 80 + 30 + 60 = 170 s (hot 90 s)', () => {
    expect(drillRecovery(TIMING).seconds).toBe(170);
    expect(drillRecovery({ ...TIMING, standbyTasks: 3 }).arithmetic).toBe('scale-up in one call 0 s (hot) + inverted primary health check seen unhealthy 3 x 10 s = 30 s + DNS 60 s = 90 s');
  });
});

function readReport(dir: string) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'cloud-native-report.json'), 'utf8'));
}

describe('the report', () => {
  const app = newApp();
  const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps());
  const assembly = app.synth();
  const report = readReport(assembly.directory);

  test('the pair is one workload with both regions\' services and networks as its parts', () => {
    expect(report.workloads.map((w: { name: string }) => w.name)).toEqual(['Shop']);
    const w = report.workloads[0];
    expect(w.pattern).toBe('ActivePassiveRegionPair');
    expect(w.parts.map((p: { path: string; region: string }) => `${p.path} ${p.region}`)).toEqual([
      'Shop/Primary/Service us-east-1', 'Shop/Primary/Service/Vpc us-east-1', 'Shop/Standby/Service us-west-2', 'Shop/Standby/Service/Vpc us-west-2',
    ]);
  });

  test('it survives a region with the failover arithmetic, and lists the standby\'s idle cost per mode beside the primary\'s', () => {
    const region = report.workloads[0].failureDomains.find((d: { domain: string }) => d.domain === 'region');
    expect(region).toMatchObject({ survives: true, recoverySeconds: 350 });
    expect(region.how).toContain('warm standby (50 %): the standby runs 2 of the primary\'s 3 tasks while idle');
    expect(region.how).toContain('pilot light: 1 task $18.02/month');
    expect(region.how).toContain('warm standby (50 %): 2 tasks $36.04/month');
    expect(region.how).toContain('hot standby: 3 tasks $54.06/month');
    expect(region.how).toContain('the primary\'s 3 tasks cost the same as a hot standby ($54.06/month)');
    expect(pair.regionRecovery.seconds).toBe(350);
  });

  test('the other domains are the primary\'s: without SLOs a bad deployment is not survived, and the RTO is the longest survived', () => {
    const w = report.workloads[0];
    expect(w.failureDomains.map((d: { domain: string; survives: boolean }) => `${d.domain} ${d.survives}`)).toEqual(['instance true', 'zone true', 'bad-deployment false', 'region true']);
    expect(w.rto.seconds).toBe(350);
  });

  test('an idle standby\'s one-zone or one-task shortfall does not take the pair down; its costs are listed in its region', () => {
    const pilot = newApp();
    new ActivePassiveRegionPair(pilot, 'Shop', pairProps({ standbyMode: StandbyMode.pilotLight() }));
    const w = readReport(pilot.synth().directory).workloads[0];
    expect(w.failureDomains.find((d: { domain: string }) => d.domain === 'instance').survives).toBe(true);
    expect(w.failureDomains.find((d: { domain: string }) => d.domain === 'region').recoverySeconds).toBe(610);
    expect(w.monthlyCostUsd.lines.map((l: { item: string }) => l.item)).toEqual(expect.arrayContaining(['Shop/Standby/Service: Fargate x86 vCPU', 'Shop/Primary/Service: Fargate x86 vCPU']));
    const vcpu = w.monthlyCostUsd.lines.find((l: { item: string }) => l.item === 'Shop/Standby/Service: Fargate x86 vCPU');
    expect(vcpu.arithmetic).toBe('1 task x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $14.78');
  });

  test('Route 53 health checks are priced as stated assumptions: 2 checks, HTTPS and the fast interval', () => {
    const lines = report.workloads[0].monthlyCostUsd.lines.filter((l: { item: string }) => l.item.startsWith('Route 53'));
    expect(lines.map((l: { item: string; usd: number }) => `${l.item} ${l.usd}`)).toEqual([
      'Route 53 health check optional features 4', 'Route 53 health checks (AWS endpoints) 1',
    ]);
    expect(lines[0].arithmetic).toMatch(/^2 checks x 2 features \(HTTPS, fast 10 s interval\) x \$1.00\/month \(assumed: each optional feature of an AWS endpoint check, Route 53 pricing page, 2026-12-01; not in the embedded table\) = \$4.00$/);
  });

  test('the RPO is not modelled: the pair replicates no store', () => {
    expect(report.workloads[0].rpo.seconds).toBeNull();
    expect(report.workloads[0].rpo.arithmetic).toMatch(/^not modelled: the pair replicates no data store/);
  });

  test('alternatives: the other modes and their RTO', () => {
    expect(report.workloads[0].alternatives).toEqual([
      { change: 'hot standby (3 standby tasks)', rtoSeconds: 90, rpoSeconds: null },
      { change: 'pilot light (1 standby task)', rtoSeconds: 610, rpoSeconds: null },
    ]);
  });
});

describe('a ResiliencePolicy that requires surviving a region', () => {
  test('fails synthesis for a single-region service', () => {
    const app = newApp();
    const stack = new Stack(app, 'Single', { env: { account: '123456789012', region: 'us-east-1' } });
    new StatelessService(stack, 'Web', { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'] });
    new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.REGION], rto: undefined, monthlyBudgetUsd: 10000 });
    app.synth();
    Annotations.fromStack(stack).hasError('/Single/Web', Match.stringLikeRegexp("ResiliencePolicy Policy missed: mustSurvive: workload 'Single/Web' \\(Single/Web\\) does not survive region failure"));
  });

  test('passes for the pair', () => {
    const app = newApp();
    const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps());
    new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.REGION], monthlyBudgetUsd: 10000 });
    const assembly = app.synth();
    expect(readReport(assembly.directory).policies).toEqual([expect.objectContaining({ path: 'Policy', passed: true, appliesTo: ['Shop'], misses: [] })]);
    Annotations.fromStack(pair.primaryStack).hasNoError('*', Match.anyValue());
    Annotations.fromStack(pair.standbyStack).hasNoError('*', Match.anyValue());
  });
});

describe('a ResiliencePolicy with a monthly budget', () => {
  const synthWith = (standbyMode: StandbyMode) => {
    const app = newApp();
    new ActivePassiveRegionPair(app, 'Shop', pairProps({ standbyMode }));
    new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.REGION], monthlyBudgetUsd: 420 });
    const assembly = app.synth();
    const report = readReport(assembly.directory);
    const assemblyErrors = assembly.stacks.flatMap((st) => st.messages.filter((m) => m.level === 'error').map((m) => String(m.entry.data)));
    const withErrors = app.node.findAll().filter((c) => c.node.metadata.some((m) => m.type === 'aws:cdk:error'));
    const errors = withErrors.flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:error').map((m) => String(m.data)));
    const errorPaths = withErrors.map((c) => `/${c.node.path}`);
    return { report, errors, errorPaths, assemblyErrors };
  };

  test('a HOT standby over the budget fails with the arithmetic: $427.36 (3 standby tasks) > $420.00; the same pair warm (2 tasks, $18.02 less) passes', () => {
    const hot = synthWith(StandbyMode.hotStandby());
    expect(hot.report.workloads[0].monthlyCostUsd.total).toBe(427.36);
    expect(hot.report.workloads[0].monthlyCostUsd.lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ item: 'Shop/Standby/Service: Fargate x86 vCPU', arithmetic: '3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33' }),
    ]));
    expect(hot.report.policies[0]).toMatchObject({ passed: false, appliesTo: ['Shop'] });
    expect(hot.report.policies[0].misses).toEqual([expect.objectContaining({
      prop: 'monthlyBudgetUsd',
      problem: "'Shop' $427.36 a month is above the budget $420.00",
      fix: expect.stringMatching(/^cut \$7\.36 from the largest lines \('Shop' 3 NAT gateways x 730 h x \$0\.045\/h = \$98\.55; .*\) or raise monthlyBudgetUsd to at least \$427\.36$/),
    })]);
    // The miss is an error annotation (FAIL_SYNTHESIS), with the sum and the fix.
    expect(hot.errors).toEqual([expect.stringMatching(/^ResiliencePolicy Policy missed: monthlyBudgetUsd: 'Shop' \$427\.36 a month is above the budget \$420\.00\. Fix: cut \$7\.36 /)]);
    // It sits inside a stack (the pair is in none), so the cloud assembly has it and `cdk synth` fails.
    expect(hot.errorPaths).toEqual(['/Shop/Primary']);
    expect(hot.assemblyErrors).toEqual([expect.stringMatching(/^ResiliencePolicy Policy missed: monthlyBudgetUsd: /)]);

    const warm = synthWith(StandbyMode.warmStandby());
    expect(warm.report.workloads[0].monthlyCostUsd.total).toBe(409.34);
    expect(warm.report.policies[0]).toMatchObject({ passed: true, misses: [] });
    expect(warm.errors).toEqual([]);
  });
});

describe('a pair with SLOs', () => {
  test('survives a bad deployment through the primary\'s SLO rollback, every domain, and a policy on all four passes', () => {
    const app = newApp();
    const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps({
      serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'], slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 })] },
    }));
    new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT, FailureDomain.REGION], rto: Duration.minutes(10) });
    const report = readReport(app.synth().directory);
    expect(report.workloads[0].failureDomains.map((d: { domain: string; survives: boolean }) => `${d.domain} ${d.survives}`))
      .toEqual(['instance true', 'zone true', 'bad-deployment true', 'region true']);
    expect(report.policies[0]).toMatchObject({ passed: true, misses: [] });
    // Each region alarms on its own load balancer: the alarms are in each stack, none refers to the other region.
    expect(pair.primaryService!.slos!.sloAlarms.length).toBe(1);
    expect(pair.standbyService!.slos!.sloAlarms.length).toBe(1);
  });
});
