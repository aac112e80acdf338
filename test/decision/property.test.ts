import * as fc from 'fast-check';
import { DecisionDataStore, resolveInput, Topology, TopologyDecisionError, TopologyDecisionInput } from '../../src/decision/input';
import { decideResolved } from '../../src/decision/model';
import { PriceItem } from '../../src/report/prices';

/**
 * Monotonicity of the recommendation: more revenue at stake never buys less availability; dearer
 * standby compute never buys more of it. Bad numbers are always a TopologyDecisionError.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);

const workload = fc.record({
  tasks: fc.integer({ min: 1, max: 30 }),
  zones: fc.integer({ min: 2, max: 4 }),
  revenue: fc.double({ min: 0, max: 200_000, noNaN: true }),
  dataLoss: fc.double({ min: 0, max: 500, noNaN: true }),
  regionPerYear: fc.double({ min: 0, max: 3, noNaN: true }),
  regionMinutes: fc.double({ min: 1, max: 2000, noNaN: true }),
  badPerYear: fc.double({ min: 0, max: 30, noNaN: true }),
  writes: fc.integer({ min: 0, max: 2_000_000_000 }),
  store: fc.constantFrom(DecisionDataStore.DYNAMODB, DecisionDataStore.AURORA, DecisionDataStore.S3, DecisionDataStore.NONE),
  arc: fc.boolean(),
  aaExtra: fc.double({ min: 0, max: 5000, noNaN: true }),
  rto: fc.option(fc.integer({ min: 60, max: 30_000 }), { nil: undefined }),
});

type W = typeof workload extends fc.Arbitrary<infer T> ? T : never;

function input(w: W, patch: Partial<TopologyDecisionInput> = {}): TopologyDecisionInput {
  return {
    workloadName: 'w',
    region: 'us-east-1',
    revenuePerHourUsd: w.revenue,
    dataLossUsdPerMinute: w.dataLoss,
    compute: { tasks: w.tasks, zones: w.zones },
    traffic: { writesPerMonth: w.writes, requestsPerMonth: 50_000_000, internetGbPerMonth: 100 },
    dataStore: w.store,
    failures: { region: { perYear: w.regionPerYear, durationMinutes: w.regionMinutes }, badDeployment: { perYear: w.badPerYear } },
    recovery: { failoverWithArc: w.arc, activeActiveExtraUsdPerMonth: w.aaExtra },
    ...(w.rto !== undefined ? { policy: { rtoSeconds: w.rto } } : {}),
    ...patch,
  };
}

function recommended(i: TopologyDecisionInput) {
  const d = decideResolved(resolveInput(i));
  return d.recommendation.topology === undefined ? undefined : d.candidates.find((c) => c.topology === d.recommendation.topology);
}

/** Tasks the second region runs in each topology (the standby compute). */
function secondRegionTasks(t: Topology, tasks: number): number {
  switch (t) {
    case Topology.PILOT_LIGHT: return 1;
    case Topology.WARM_STANDBY: return Math.min(tasks, Math.max(1, Math.ceil(tasks / 2)));
    case Topology.HOT_STANDBY:
    case Topology.ACTIVE_ACTIVE: return tasks;
    default: return 0;
  }
}

describe('properties', () => {
  test('raising revenue per hour never recommends a less available topology', () => {
    fc.assert(fc.property(workload, fc.double({ min: 1, max: 50, noNaN: true }), (w, factor) => {
      const low = recommended(input(w));
      const high = recommended(input(w, { revenuePerHourUsd: w.revenue * factor + 1 }));
      // The policy does not depend on revenue: a topology meets it at both revenues or at neither.
      expect(high === undefined).toBe(low === undefined);
      if (low && high) expect(high.modelledDowntimeMinutesPerYear).toBeLessThanOrEqual(low.modelledDowntimeMinutesPerYear);
    }), { numRuns: RUNS, seed: SEED });
  });

  test('raising the price of standby compute never recommends a topology with more of it', () => {
    const price = fc.double({ min: 0.01, max: 0.2, noNaN: true });
    const factor = fc.double({ min: 1.1, max: 20, noNaN: true });
    fc.assert(fc.property(workload, price, factor, (w, p1, f) => {
      const at = (p: number) => recommended(input(w, {
        priceOverrides: { [PriceItem.FARGATE_X86_VCPU_HOUR]: p, [PriceItem.FARGATE_X86_GB_HOUR]: p / 9 },
      }));
      const cheap = at(p1);
      const dear = at(p1 * f);
      if (cheap && dear) expect(secondRegionTasks(dear.topology, w.tasks)).toBeLessThanOrEqual(secondRegionTasks(cheap.topology, w.tasks));
    }), { numRuns: RUNS, seed: SEED });
  });

  test('any number either decides or is a TopologyDecisionError naming the field', () => {
    const anyNumber = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 5 }), fc.constant(undefined));
    fc.assert(fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (revenue, tasks, perYear, minutes) => {
      try {
        decideResolved(resolveInput({
          workloadName: 'w',
          region: 'us-east-1',
          revenuePerHourUsd: revenue as number,
          compute: { tasks: tasks as number },
          failures: { zone: { perYear: perYear as number, durationMinutes: minutes as number } },
        }));
      } catch (e) {
        expect(e).toBeInstanceOf(TopologyDecisionError);
        expect((e as TopologyDecisionError).issues.length).toBeGreaterThan(0);
        for (const i of (e as TopologyDecisionError).issues) expect(i.prop).toMatch(/^(revenuePerHourUsd|compute\.tasks|failures\.zone\.(perYear|durationMinutes))$/);
      }
    }), { numRuns: RUNS, seed: SEED });
  });
});
