import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EgressAwareVpc } from '../../src/network';
import { CostDrivers, PriceTable, Profiles } from '../../src/report';
import { SpotFleetWithFallback, SpotFleetWithFallbackProps } from '../../src/spot-fleet';
import { purchaseSplit } from '../../src/spot-fleet/profile';

function fleetReport(props: Partial<SpotFleetWithFallbackProps> = {}, opts: { cluster?: boolean; plainVpc?: boolean } = {}) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-report-')) });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = opts.plainVpc ? new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) : new EgressAwareVpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = opts.cluster ? new ecs.Cluster(stack, 'Cluster', { vpc }) : undefined;
  const fleet = new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster, ...props });
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
  return { fleet, stack, json, workload: json.workloads.find((w: any) => w.pattern === 'SpotFleetWithFallback') };
}

/** The fleet's own cost lines (instance hours); the report adds the lines it prices for every workload (alarms). */
function ec2Lines(workload: any) {
  return workload.monthlyCostUsd.lines.filter((l: any) => l.item.startsWith('EC2 '));
}

describe('the SpotFleetWithFallback profile', () => {
  test('the report prices the fallback alarm the fleet creates, next to its instance hours', () => {
    const { workload } = fleetReport();
    const own = workload.monthlyCostUsd.lines.filter((l: any) => !l.item.startsWith('Stack/Vpc: '));
    expect(own.map((l: any) => l.item)).toEqual(['CloudWatch alarms', 'EC2 on-demand instance hours', 'EC2 spot instance hours']);
    expect(own[0].usd).toBe(0.1);
  });

  test('its EgressAwareVpc is a dependency: folded into the fleet, its cost listed under it, not a workload of its own', () => {
    const { workload, json } = fleetReport();
    expect(json.workloads.map((w: any) => w.pattern)).toEqual(['SpotFleetWithFallback']);
    expect(workload.monthlyCostUsd.lines.map((l: any) => l.item)).toEqual(expect.arrayContaining(['Stack/Vpc: NAT gateway hours', 'Stack/Vpc: Internet data transfer out']));
    const sum = workload.monthlyCostUsd.lines.reduce((t: number, l: any) => t + Math.round(l.usd * 100), 0) / 100;
    expect(workload.monthlyCostUsd.total).toBe(sum);
  });

  test('a VPC the library did not create: its egress is not modelled, so zone survival is not claimed', () => {
    const { workload, json } = fleetReport({}, { plainVpc: true });
    expect(json.workloads).toHaveLength(1);
    expect(workload.failureDomains.map((d: any) => [d.domain, d.survives])).toEqual([
      ['instance', true], ['zone', false], ['bad-deployment', false], ['region', false],
    ]);
    expect(workload.failureDomains[1].how).toMatch(/; but the VPC was not created by this library, so its egress \(NAT gateways, VPC endpoints\) is not modelled and zone survival is not claimed.*Run the fleet in an EgressAwareVpc to model it$/);
    expect(workload.rto.arithmetic).toMatch(/^max\(instance 305 s\) = 305 s: instance loss, worst case/);
  });

  test('the hand-back returns capacity to spot: said for ECS (the controller drains) and for a plain group (Auto Scaling replaces)', () => {
    expect(fleetReport({}, { cluster: true }).workload.failureDomains[0].how).toContain(
      'after the hand-back the controller sets the extra on-demand instances DRAINING one per check, so ECS moves their tasks and scales them in and the fleet returns to its spot split '
      + '(ECS managed termination protection would otherwise keep every on-demand instance that runs a task)');
    expect(fleetReport().workload.failureDomains[0].how).toContain(
      'after the hand-back Auto Scaling replaces the extra on-demand instances gradually, launching the spot ones before terminating them');
  });

  test('defaults: 1 on-demand base + 1 spot of minCapacity 2, priced with the stated assumptions', () => {
    const { workload } = fleetReport();
    expect(workload).toMatchObject({ name: 'Stack/Fleet', pattern: 'SpotFleetWithFallback', zones: 2, region: 'us-east-1' });
    expect(ec2Lines(workload)).toEqual([
      {
        item: 'EC2 on-demand instance hours',
        arithmetic: '1 on-demand instance (base 1 + ceil((2 - 1) x 0 %) = 1 of 2 running (minCapacity; set reportAssumptions.averageInstances)) x 730 h '
          + 'x $0.096/h (assumed: m5.large us-east-1 list price; set reportAssumptions.onDemandHourlyUsd) = $70.08',
        usd: 70.08,
      },
      {
        // 730 x 0.096 x 0.3 = 21.024
        item: 'EC2 spot instance hours',
        arithmetic: '1 spot instance (2 running (minCapacity; set reportAssumptions.averageInstances) - 1 on-demand) x 730 h '
          + 'x $0.096/h x (1 - 70 %) (assumed: m5.large us-east-1 list price; set reportAssumptions.onDemandHourlyUsd; '
          + 'assumed spot discount: spot prices float; set reportAssumptions.spotDiscountPercent; '
          + 'saves $49.06 a month against on-demand: 1 x 730 h x $0.096/h x 70 %, '
          + 'not while the fallback runs: instances launched then are on-demand at $0.096/h until they are back on spot) = $21.02', // 730 x 0.096 x 0.7 = 49.056
        usd: 21.02,
      },
    ]);
    expect(ec2Lines(workload).reduce((t: number, l: any) => t + l.usd, 0)).toBe(91.1);
  });

  test('failure domains: instance and zone survived, bad deployment and region not; RTO is the spot-shortage replacement', () => {
    const { workload } = fleetReport();
    expect(workload.failureDomains.map((d: any) => [d.domain, d.survives])).toEqual([
      ['instance', true], ['zone', true], ['bad-deployment', false], ['region', false],
    ]);
    expect(workload.failureDomains.map((d: any) => d.recoverySeconds)).toEqual([305, 305, null, null]);
    expect(workload.failureDomains[1].how).toBe('Auto Scaling balances the instances over 2 zones: losing the fullest (ceil(2 / 2) = 1 of minCapacity 2) leaves 1, '
      + 'and Auto Scaling launches the replacements in the other zones; if their spot pools run short as the lost zone\'s demand moves there, the fallback launches them on-demand');
    expect(workload.failureDomains[0].how).toContain('the fallback controller raises the on-demand share above the base to 100 % until spot launches stop failing');
    expect(workload.failureDomains[2].how).toMatch(/^no rolling update: .* CloudFormation never sees a failure to roll back/);
    expect(workload.rto).toEqual({
      seconds: 305,
      arithmetic: 'max(instance 305 s, zone 305 s) = 305 s: instance and zone loss alike, worst case, spot cannot be had: detection <= 60 s (one-minute check) '
        + '+ fallback controller <= 5 s + Auto Scaling\'s next launch attempt 60 s (assumed) + launch + boot 180 s (assumed; set reportAssumptions.instanceStartSeconds) = 305 s; '
        + 'with spot available the replacement alone takes 180 s',
    });
    // The instances keep no data; the stores the work uses are not modelled, so the RPO is not 0 s.
    expect(workload.rpo.seconds).toBeNull();
    expect(workload.rpo.arithmetic).toMatch(/^not modelled: .*backing stores it reaches by config/);
    expect(workload.alternatives).toEqual([{ change: 'onDemandPercentageAboveBaseCapacity 100 (no spot, no fallback step)', rtoSeconds: 180, rpoSeconds: null }]);
  });

  test('on-demand only: the replacement is the instance start, with no fallback step', () => {
    const { workload } = fleetReport({ onDemandPercentageAboveBaseCapacity: 100, reportAssumptions: { instanceStartSeconds: 90 } });
    expect(workload.rto).toEqual({
      seconds: 90,
      arithmetic: 'max(instance 90 s, zone 90 s) = 90 s: instance and zone loss alike, replacement launch + boot 90 s (reportAssumptions.instanceStartSeconds) = 90 s',
    });
    expect(workload.alternatives).toEqual([]);
    expect(ec2Lines(workload)).toEqual([{
      item: 'EC2 on-demand instance hours',
      arithmetic: '2 on-demand instances (base 1 + ceil((2 - 1) x 100 %) = 2 of 2 running (minCapacity; set reportAssumptions.averageInstances)) x 730 h '
        + 'x $0.096/h (assumed: m5.large us-east-1 list price; set reportAssumptions.onDemandHourlyUsd) = $140.16',
      usd: 140.16,
    }]);
  });

  test('user assumptions: 6 instances, base 2, 25 % above it -> 3 on demand and 3 spot', () => {
    const { workload } = fleetReport({
      minCapacity: 2,
      maxCapacity: 10,
      onDemandBaseCapacity: 2,
      onDemandPercentageAboveBaseCapacity: 25,
      reportAssumptions: { averageInstances: 6, onDemandHourlyUsd: 0.2, spotDiscountPercent: 60 },
      workloadName: 'workers',
    });
    expect(workload.name).toBe('workers');
    expect(ec2Lines(workload)).toEqual([
      {
        item: 'EC2 on-demand instance hours',
        arithmetic: '3 on-demand instances (base 2 + ceil((6 - 2) x 25 %) = 3 of 6 running (reportAssumptions.averageInstances)) x 730 h '
          + 'x $0.2/h (reportAssumptions.onDemandHourlyUsd) = $438.00',
        usd: 438,
      },
      {
        item: 'EC2 spot instance hours',
        arithmetic: '3 spot instances (6 running (reportAssumptions.averageInstances) - 3 on-demand) x 730 h '
          + 'x $0.2/h x (1 - 60 %) (reportAssumptions.onDemandHourlyUsd; reportAssumptions.spotDiscountPercent; spot prices float; '
          + 'saves $262.80 a month against on-demand: 3 x 730 h x $0.2/h x 60 %, not while the fallback runs: instances launched then are on-demand at $0.2/h until they are back on spot) = $175.20',
        usd: 175.2,
      },
    ]);
    expect(ec2Lines(workload).reduce((t: number, l: any) => t + l.usd, 0)).toBe(613.2);
  });

  test('as an ECS capacity provider the drain is the containers\' stop timeout and ECS places tasks', () => {
    const { workload } = fleetReport({}, { cluster: true });
    expect(workload.failureDomains[0].how).toContain('ECS sets it DRAINING');
    expect(workload.dataFlows).toEqual(expect.arrayContaining([{ from: 'ECS', to: 'Stack/Fleet', label: 'tasks placed by the capacity provider' }]));
  });

  test('one instance survives neither an instance nor a zone; the RTO still states the replacement', () => {
    const { workload } = fleetReport({ minCapacity: 1 });
    expect(workload.failureDomains.map((d: any) => [d.domain, d.survives])).toEqual([
      ['instance', false], ['zone', false], ['bad-deployment', false], ['region', false],
    ]);
    expect(workload.rto.seconds).toBe(305);
    expect(workload.rto.arithmetic).toMatch(/^no failure is survived without an outage; an instance is back after worst case/);
    expect(ec2Lines(workload).map((l: any) => [l.item, l.usd])).toEqual([['EC2 on-demand instance hours', 70.08]]);
  });

  test('the profile is readable from the construct', () => {
    const { fleet } = fleetReport();
    expect(Profiles.of(fleet)?.pattern).toBe('SpotFleetWithFallback');
  });
});

describe('purchase split', () => {
  test.each([
    [2, 1, 0, 1, 1],
    [1, 1, 0, 1, 0],
    [0, 1, 0, 0, 0],
    [10, 1, 50, 6, 4],
    [5, 0, 33, 2, 3],
  ])('%i instances, base %i, %i %% above: %i on demand, %i spot', (n, base, pct, od, spot) => {
    const s = purchaseSplit(n, base, pct, `${n}`);
    expect([s.onDemand, s.spot]).toEqual([od, spot]);
  });
});

describe('explicit-price cost drivers', () => {
  const table = PriceTable.forRegion('us-east-1');
  test('are priced with their own unit price, whatever the table', () => {
    expect(table.price(CostDrivers.ec2OnDemandInstanceHours(3, 0.1)).usd).toBe(219);
    expect(PriceTable.forRegion('eu-central-1', { NAT_GATEWAY_HOUR: 1 }).price(CostDrivers.ec2OnDemandInstanceHours(1, 0.096)).usd).toBe(70.08);
    expect(table.price(CostDrivers.ec2SpotInstanceHours(1, 0.096, 66.7)).usd).toBe(23.34); // 730 x 0.096 x 0.333 = 23.33664
  });
  test('a driver with neither a price item nor a unit price is an error', () => {
    expect(() => table.price({ item: 'mystery', quantity: 1, quantityArithmetic: '1' })).toThrow(/'mystery' has neither a priceItem nor a unitPriceUsd/);
  });
  test('a spot discount outside 0-100 is an error', () => {
    expect(() => CostDrivers.ec2SpotInstanceHours(1, 0.1, 120)).toThrow(/0-100 percent, got 120/);
  });
});

describe('bad assumptions', () => {
  function attempt(reportAssumptions: SpotFleetWithFallbackProps['reportAssumptions']) {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    return () => new SpotFleetWithFallback(stack, 'Fleet', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), reportAssumptions });
  }
  test('negative price', () => expect(attempt({ onDemandHourlyUsd: -1 })).toThrow(/reportAssumptions\.onDemandHourlyUsd: is -1/));
  test('discount over 100', () => expect(attempt({ spotDiscountPercent: 101 })).toThrow(/reportAssumptions\.spotDiscountPercent: is 101/));
  test('NaN start time', () => expect(attempt({ instanceStartSeconds: NaN })).toThrow(/reportAssumptions\.instanceStartSeconds/));
  test('average outside min..max', () => expect(attempt({ averageInstances: 11 }))
    .toThrow(/reportAssumptions\.averageInstances: is 11, but the group runs between minCapacity 2 and maxCapacity 10 instances/));
});

test('a token count leaves the fleet out of the report, with a tagged warning', () => {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const avg = new CfnParameter(stack, 'Avg', { type: 'Number', default: 3 }).valueAsNumber;
  const fleet = new SpotFleetWithFallback(stack, 'Fleet', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), reportAssumptions: { averageInstances: avg } });
  Annotations.fromStack(stack).hasWarning('/Stack/Fleet', Match.stringLikeRegexp('cdk-cloud-native-patterns:ReportNeedsConcreteValues'));
  expect(Profiles.of(fleet)).toBeUndefined();
});
