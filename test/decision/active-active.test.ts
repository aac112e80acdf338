import * as fs from 'fs';
import * as path from 'path';
import { ActiveActiveRegions } from '../../src/active-active';
import { PatternValidationError } from '../../src/core/errors';
import { DecisionDataStore, DecisionWorkloadKind, Topology, TopologyDecision, TopologyDecisionInput } from '../../src/decision';
import { FailureDomain, Profiles } from '../../src/report';
import { aaProps, newApp, TABLE } from '../active-active/fixtures';

/** The construct without synthesizing it (the decision is added after). */
function buildAa(extra: Parameters<typeof aaProps>[0] = {}) {
  const app = newApp();
  return { app, aa: new ActiveActiveRegions(app, 'Shop', aaProps(extra)) };
}

/** The users of examples/active-active in one region: 3 tasks, 200 GB out, 5 million writes to a global table. */
const SHOP: TopologyDecisionInput = {
  workloadName: 'shop',
  region: 'us-east-1',
  revenuePerHourUsd: 1000,
  compute: { tasks: 3 },
  traffic: { internetGbPerMonth: 200, writesPerMonth: 5_000_000 },
  dataStore: DecisionDataStore.DYNAMODB,
};

/** What the shop's ActiveActiveRegions profile records (examples/active-active). */
const RECORDED = {
  workloadName: 'shop',
  regionCount: 2,
  tasksPerRegion: 2,
  regionRtoSeconds: 90,
  regionRtoArithmetic: 'detection 3 x 10 s = 30 s + DNS 60 s + scale-up 0 s = 90 s',
  regionRpoSeconds: 1,
  regionRpoArithmetic: 'global table, usually within 1 s',
  monthlyCostUsd: 385.75,
  computeMonthlyCostUsd: 72.08,
  monthlyCostArithmetic: 'its cost scenario "active-active: 2 regions x 2 tasks"',
};

function aaOf(r: ReturnType<typeof TopologyDecision.decide>) {
  return r.candidates.find((c) => c.topology === Topology.ACTIVE_ACTIVE)!;
}

function regionOf(c: ReturnType<typeof aaOf>) {
  return c.domains.find((d) => d.domain === FailureDomain.REGION)!;
}

describe('the active-active candidate of a recorded ActiveActiveRegions', () => {
  const own = TopologyDecision.decide(SHOP);
  const rec = TopologyDecision.decide({ ...SHOP, recordedActiveActive: RECORDED });

  test('its compute is the profile\'s 2 regions x 2 tasks, not 2 x compute.tasks; the other candidates are unchanged', () => {
    expect(aaOf(own).monthlyCostUsd).toBe(168.81);
    // 2 x 2 x 0.5 vCPU x 730 h x $0.04048 = $59.10 + 2 x 2 x 1 GB x 730 h x $0.004445 = $12.98 in place of 3 + 3 tasks' $108.12.
    expect(aaOf(rec).monthlyCostUsd).toBe(132.77);
    expect(rec.candidates.filter((c) => c.topology !== Topology.ACTIVE_ACTIVE).map((c) => c.monthlyCostUsd))
      .toEqual(own.candidates.filter((c) => c.topology !== Topology.ACTIVE_ACTIVE).map((c) => c.monthlyCostUsd));
    expect(own.candidates.map((c) => c.profileCheck)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('it states the profile\'s cost beside its own, the difference split into compute and the rest', () => {
    expect(aaOf(rec).profileCheck).toBe('recorded profile \'shop\': $385.75/month (its cost scenario "active-active: 2 regions x 2 tasks"); this model: $132.77/month;'
      + ' the profile is $252.98 more: compute $72.08 in the profile (2 regions x 2 tasks) against $72.08 here (2 regions x 2 tasks, the profile\'s count),'
      + ' and $313.67 of other lines in the profile (every line its regions record: load balancers, NAT gateways, endpoints, logs, health checks, replication)'
      + ' against $60.69 here (the load balancers, traffic, health checks and replication, the lines every candidate here prices alike).'
      + ' The ranking uses this model\'s figure, so that every candidate is priced the same way; the region RTO and RPO are the profile\'s');
    expect(TopologyDecision.toMarkdown(rec)).toContain('active-active, checked against the workload\'s profile: recorded profile \'shop\': $385.75/month');
  });

  test('its region RTO and RPO are the profile\'s, the decision\'s own figure beside them', () => {
    const slower = TopologyDecision.decide({ ...SHOP, recordedActiveActive: { ...RECORDED, regionRtoSeconds: 200, regionRpoSeconds: 5 } });
    const r = regionOf(aaOf(slower));
    expect([r.rtoSeconds, r.rpoSeconds, r.survives, r.affectedShare]).toEqual([200, 5, true, 0.5]);
    expect(r.how).toContain('from the recorded ActiveActiveRegions profile \'shop\' (2 regions x 2 tasks): detection 3 x 10 s = 30 s + DNS 60 s + scale-up 0 s = 90 s');
    expect(r.how).toContain('(the decision\'s own model: 90 s for 2 regions)');
    expect(r.how).toContain('from the recorded profile: global table, usually within 1 s (the decision\'s own model: 1 s)');
    // 0.1/year x 200 s / 60 x 0.5 = 0.166667 min/year in place of 0.1 x 1.5 min x 0.5 = 0.075.
    expect(r.downtimeMinutesPerYear).toBe(0.166667);
    // The policy is checked against the profile's RTO.
    const policy = { rtoSeconds: 120, mustSurvive: [FailureDomain.REGION] };
    const strict = TopologyDecision.decide({ ...SHOP, recordedActiveActive: { ...RECORDED, regionRtoSeconds: 200 }, policy });
    expect(aaOf(strict).policyMisses).toEqual(['region RTO 200 s > target 120 s']);
  });

  test('a profile without an RPO keeps the decision\'s own, said so; without a cost scenario there is no cost check', () => {
    const r = TopologyDecision.decide({
      ...SHOP,
      recordedActiveActive: { ...RECORDED, regionRpoSeconds: undefined, regionRpoArithmetic: 'no store replicated', monthlyCostUsd: undefined, computeMonthlyCostUsd: undefined },
    });
    expect(regionOf(aaOf(r)).how).toContain('RPO: the recorded profile does not model it (no store replicated): the decision\'s own model:');
    expect(regionOf(aaOf(r)).rpoSeconds).toBe(1);
    expect(aaOf(r).profileCheck).toBe('the recorded profile \'shop\' has no active-active cost scenario (it prices its regions\' services as their own workloads): the cost here is this model\'s only');
  });

  test('bad recorded input names the field', () => {
    const issues = (input: unknown) => {
      try {
        TopologyDecision.decide(input as TopologyDecisionInput);
      } catch (e) {
        return (e as { issues: Array<{ prop: string }> }).issues.map((i) => i.prop);
      }
      return [];
    };
    expect(issues({ ...SHOP, recordedActiveActive: { ...RECORDED, regionCount: 1 } })).toEqual(['recordedActiveActive.regionCount']);
    expect(issues({ ...SHOP, recordedActiveActive: { ...RECORDED, regionRtoSeconds: undefined, regionRtoArithmetic: 5 } }))
      .toEqual(['recordedActiveActive.regionRtoSeconds', 'recordedActiveActive.regionRtoArithmetic']);
    expect(issues({ ...SHOP, recordedActiveActive: 'shop' })).toEqual(['recordedActiveActive']);
    expect(issues({
      ...SHOP,
      workloadKind: DecisionWorkloadKind.QUEUE_WORKER,
      worker: { messagesPerMonth: 1, backlogMessages: 1 },
      traffic: {},
      recordedActiveActive: RECORDED,
    })).toEqual(['recordedActiveActive']);
  });
});

describe('TopologyDecision reads an ActiveActiveRegions workload\'s profile', () => {
  test('the region RTO and RPO and the cost scenario as the report prices it', () => {
    const { app, aa } = buildAa({ workloadName: 'shop', table: { ...TABLE, writesPerMonth: 5_000_000 } });
    const d = new TopologyDecision(aa.stacks[0], 'Decision', { ...SHOP, workload: aa });
    const profile = Profiles.of(aa)!;
    const recovery = profile.failureDomains.find((x) => x.domain === FailureDomain.REGION)!.recovery!;
    const c = aaOf(d.result);
    expect(c.current).toBe(true);
    expect(regionOf(c).rtoSeconds).toBe(recovery.seconds);
    expect(regionOf(c).rpoSeconds).toBe(profile.rpo!.seconds);
    expect(regionOf(c).how).toContain(`from the recorded ActiveActiveRegions profile 'shop' (2 regions x ${aa.regionTasks} tasks): ${recovery.arithmetic}`);
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf8'));
    const scenario = report.workloads.find((w: { name: string }) => w.name === 'shop').costScenarios
      .find((s: { name: string }) => s.name.startsWith('active-active:'));
    // The same figure as the report's scenario: one number for one thing.
    expect(c.profileCheck).toContain(`recorded profile 'shop': $${scenario.monthlyUsd.toFixed(2)}/month (its cost scenario "${scenario.name}"`);
  });

  test('a queue worker kind given for it is refused, naming the fields', () => {
    const { aa } = buildAa();
    expect(() => new TopologyDecision(aa.stacks[0], 'Decision', { ...SHOP, workload: aa, workloadKind: DecisionWorkloadKind.QUEUE_WORKER }))
      .toThrow(PatternValidationError);
  });
});
