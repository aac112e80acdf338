import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CostDriver, EgressAwareVpc, LoadBalancedObjective, NatStrategy, PatternProfiles, PriceTable, Profiles, ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';
import { spotSplit, statelessServiceCostScenarios } from '../../src/stateless-service/profile';

const image = ecs.ContainerImage.fromRegistry('nginx');

function regionalApp(): { app: App; stack: Stack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'svc-report-')) });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  return { app, stack };
}

function reportOf(props: Partial<StatelessServiceProps> = {}) {
  const { app, stack } = regionalApp();
  const service = new StatelessService(stack, 'Web', { image, ...props });
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
  const md = fs.readFileSync(path.join(app.outdir, 'cloud-native-report.md'), 'utf-8');
  return { service, stack, json, md, workload: json.workloads[0] };
}

describe('the VPC StatelessService creates', () => {
  test('is an EgressAwareVpc with a NAT gateway per zone and both gateway endpoints', () => {
    const { stack } = regionalApp();
    const service = new StatelessService(stack, 'Web', { image });
    expect(service.vpc).toBeInstanceOf(EgressAwareVpc);
    const vpc = service.vpc as EgressAwareVpc;
    expect(vpc.natStrategy).toBe(NatStrategy.ONE_PER_ZONE);
    expect(vpc.natGatewayCount).toBe(3);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 2);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])] }) });
    t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
  });

  test('is not created when a VPC is passed', () => {
    const { stack } = regionalApp();
    const vpc = new EgressAwareVpc(stack, 'Shared', { natStrategy: NatStrategy.ONE_SHARED });
    const service = new StatelessService(stack, 'Web', { image, vpc });
    expect(service.vpc).toBe(vpc);
    expect(service.node.tryFindChild('Vpc')).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 1);
  });
});

describe('the profile StatelessService records', () => {
  test('is the StatelessService pattern, named after the construct path, with its VPC folded in', () => {
    const { workload, json } = reportOf();
    expect(json.workloads).toHaveLength(1);
    expect(workload).toMatchObject({
      name: 'Stack/Web',
      pattern: 'StatelessService',
      path: 'Stack/Web',
      region: 'us-east-1',
      zones: 3,
      components: ['Stack/Web/Vpc'],
    });
    // Without SLOs only crash-looping releases are caught: a bad deployment is not survived.
    expect(workload.failureDomains.map((d: any) => [d.domain, d.survives])).toEqual([
      ['instance', true], ['zone', true], ['bad-deployment', false], ['region', false],
    ]);
    // The tasks hold nothing, but the backing stores are not modelled: never 0 s in the summary.
    expect(workload.rpo.seconds).toBeNull();
    expect(workload.rpo.arithmetic).toMatch(/^not modelled: its data lives in backing stores it reaches by config/);
  });

  test('without SLOs: the circuit breaker catches crash-looping releases only, and the report says the service does not survive the other kind', () => {
    const { workload } = reportOf();
    const bad = workload.failureDomains.find((d: any) => d.domain === 'bad-deployment');
    expect(bad.survives).toBe(false);
    expect(bad.recoverySeconds).toBeNull();
    expect(bad.how).toBe('only a release whose tasks fail to start or fail health checks is caught: the circuit breaker rolls it back (circuit breaker trips at min(200, max(3, ceil(0.5 x 3))) = 3 failed tasks; ceil(3 / 3) = 1 wave x (task start 60 s + grace 60 s + detection 2 x 10 s = 20 s) = 140 s; the old tasks keep serving meanwhile (minimum healthy 100 %)); '
      + 'a release that starts and passes health checks but serves errors is NOT caught (no SLO deployment alarm): it keeps serving errors until someone rolls it back. Declare `slos` to roll it back automatically');
    expect(workload.rto).toEqual({ seconds: 100, arithmetic: 'max(instance 100 s, zone 100 s) = 100 s' });
  });

  test('with SLOs: a release that serves errors is caught by the deployment alarm (its period and datapoints) plus the rollback', () => {
    const { workload, service } = reportOf({ slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 })] });
    const name = service.slos!.sloAlarms[0].deploymentAlarmName;
    const bad = workload.failureDomains.find((d: any) => d.domain === 'bad-deployment');
    expect(bad.survives).toBe(true);
    expect(bad.how).toContain(`a release that starts and passes health checks but serves errors: the SLO deployment alarm rolls it back (deployment alarm ${name}: 1 datapoint x 300 s = 300 s to ALARM + rollback to the last completed deployment: task start 60 s (assumed) + healthy 2 x 10 s = 20 s = 380 s;`);
    expect(bad.recoverySeconds).toBe(380);
    expect(workload.rto).toEqual({ seconds: 380, arithmetic: 'max(instance 100 s, zone 100 s, bad deployment 380 s) = 380 s' });
  });

  test('the instance domain states the shutdown order: drain, then SIGTERM and the stop timeout', () => {
    const { workload } = reportOf({ deregistrationDelay: Duration.seconds(100), stopTimeout: Duration.seconds(110) });
    expect(workload.failureDomains[0].how).toContain('deregistration delay 100 s, then SIGTERM and stop timeout 110 s before SIGKILL = 210 s to shut down');
  });

  test('scratch paths: the report says nothing in them survives the task', () => {
    const { workload } = reportOf({ scratchPaths: ['/var/cache/nginx', '/var/run'] });
    expect(workload.rpo.arithmetic).toContain('the scratch paths /var/cache/nginx, /var/run are task storage emptied when the task stops, so nothing in them survives the task');
  });

  test('prices the defaults: 3 tasks of 0.5 vCPU and 1 GB, the load balancer, and 3 NAT gateways', () => {
    const { workload } = reportOf();
    const line = (item: string) => workload.monthlyCostUsd.lines.find((l: any) => l.item === item);
    expect(line('Fargate x86 vCPU')).toEqual({ item: 'Fargate x86 vCPU', arithmetic: '3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33', usd: 44.33 });
    expect(line('Fargate x86 memory')).toEqual({ item: 'Fargate x86 memory', arithmetic: '3 tasks x 1 GB x 730 h x $0.004445/GB-h = $9.73', usd: 9.73 });
    expect(line('Stack/Web/Vpc: NAT gateway hours')).toEqual({
      item: 'Stack/Web/Vpc: NAT gateway hours', arithmetic: '3 NAT gateways x 730 h x $0.045/h = $98.55', usd: 98.55,
    });
    const sum = workload.monthlyCostUsd.lines.reduce((s: number, l: any) => s + Math.round(l.usd * 100), 0) / 100;
    expect(workload.monthlyCostUsd.total).toBe(sum);
  });

  test('workloadName and reportAssumptions reach the report', () => {
    const { workload } = reportOf({ workloadName: 'checkout', reportAssumptions: { internetEgressGbPerMonth: 100, averageLcus: 2 } });
    expect(workload.name).toBe('checkout');
    const line = (item: string) => workload.monthlyCostUsd.lines.find((l: any) => l.item === item);
    expect(line('Internet data transfer out').arithmetic).toBe('100 GB (assumed) x $0.09/GB = $9.00');
    expect(line('Load balancer capacity units').usd).toBe(11.68);
  });

  test('spot capacity: minHealthyTasks (2) stays on demand, every task above it runs on spot at the assumed 70 % discount', () => {
    const { workload } = reportOf({ capacity: ServiceCapacity.spotAboveOnDemandBase(), desiredCount: 9 });
    const line = (item: string) => workload.monthlyCostUsd.lines.find((l: any) => l.item === item);
    expect(line('Fargate x86 vCPU').arithmetic).toBe('2 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $29.55');
    expect(line('Fargate Spot vCPU').arithmetic).toBe('7 tasks x 0.5 vCPU x 730 h x (1 - 70 % spot discount, assumed: AWS says up to 70 %; set reportAssumptions.spotDiscountPercent) (spot tasks: base 2 on demand, the other 9 - 2 = 7 on spot) x $0.04048/vCPU-h = $31.03');
    expect(line('Fargate Spot memory').usd).toBe(6.81);
  });

  test('spot at the minimum of 3 tasks runs one task on spot (it saves money at steady state)', () => {
    const { workload } = reportOf({ capacity: ServiceCapacity.spotAboveOnDemandBase() });
    const line = (item: string) => workload.monthlyCostUsd.lines.find((l: any) => l.item === item);
    expect(line('Fargate x86 vCPU').arithmetic).toBe('2 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $29.55');
    // 1 x 0.5 x 730 x 0.3 = 109.5 vCPU-h x $0.04048 = $4.43256
    expect(line('Fargate Spot vCPU').usd).toBe(4.43);
  });

  test('the spot discount is an overridable assumption', () => {
    const { workload } = reportOf({
      capacity: ServiceCapacity.spotAboveOnDemandBase(),
      desiredCount: 9,
      reportAssumptions: { spotDiscountPercent: 50 },
    });
    const line = workload.monthlyCostUsd.lines.find((l: any) => l.item === 'Fargate Spot vCPU');
    // 7 x 0.5 x 730 x 0.5 = 1277.5 vCPU-h x $0.04048 = $51.7132
    expect(line.arithmetic).toMatch(/^7 tasks x 0\.5 vCPU x 730 h x \(1 - 50 % spot discount, assumed/);
    expect(line.usd).toBe(51.71);
  });

  test('a bad report assumption is a synth-time error naming the prop', () => {
    const { stack } = regionalApp();
    expect(() => new StatelessService(stack, 'Web', { image, reportAssumptions: { crossAzGbPerMonth: -1 } }))
      .toThrow(/reportAssumptions.crossAzGbPerMonth: is -1/);
  });

  test('the profile is also readable from the construct', () => {
    const { service } = reportOf({ workloadName: 'api' });
    expect(Profiles.of(service)?.name).toBe('api');
    expect(Profiles.of(service)?.pattern).toBe('StatelessService');
  });
});

describe('the network the service inherits', () => {
  test('in an EgressAwareVpc it was given: the VPC is a dependency of the service (folded in, not its own workload)', () => {
    const { app, stack } = regionalApp();
    const vpc = new EgressAwareVpc(stack, 'Net', { natStrategy: NatStrategy.ONE_SHARED, workloadName: 'net' });
    const service = new StatelessService(stack, 'Web', { image, vpc });
    expect(Profiles.of(service)?.dependsOn).toEqual(['Stack/Net']);
    const zone = Profiles.of(service)!.failureDomains.find((d) => d.domain === 'zone')!;
    expect(zone.survives).toBe(true);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
    expect(json.workloads.map((w: any) => w.name)).toEqual(['Stack/Web']);
  });

  test('in a VPC the library did not create: egress not modelled, zone survival not claimed', () => {
    const { stack } = regionalApp();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1',
      vpcCidrBlock: '10.0.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      publicSubnetIds: ['p1', 'p2', 'p3'],
      privateSubnetIds: ['s1', 's2', 's3'],
    });
    const service = new StatelessService(stack, 'Web', { image, vpc });
    const profile = Profiles.of(service)!;
    expect(profile.dependsOn).toBeUndefined();
    const zone = profile.failureDomains.find((d) => d.domain === 'zone')!;
    expect(zone.survives).toBe(false);
    expect(zone.how).toBe('3 tasks over 3 zones: losing the fullest zone (ceil(3 / 3) = 1 tasks) leaves 2 >= 2 needed; ECS replaces the lost tasks in the other zones; '
      + 'but the VPC was not created by this library, so its egress (NAT gateways, VPC endpoints for ECR, Logs and Secrets Manager) is not modelled and zone survival is not claimed: a zone loss can cut the egress replacement tasks need. Run the service in an EgressAwareVpc to model it');
    expect(profile.rto.arithmetic).toBe('max(instance 100 s) = 100 s');
  });
});

describe('spot pricing scenarios (never added to the total)', () => {
  const base = { name: 'w', zones: 3, desiredCount: 3, maxCapacity: 9, minHealthyTasks: 2, cpu: 512, memoryMiB: 1024, spotWeight: 1, onDemandWeight: 0, onDemandBase: 2 };

  test('all on demand, while the fallback runs, and the split at the maximum', () => {
    const scenarios = statelessServiceCostScenarios(base);
    expect(scenarios.map((s) => [s.name, s.compareTo])).toEqual([
      ['steady state', undefined],
      ['all on demand at 3 tasks (what the spot split saves against)', 'steady state'],
      ['while the fallback runs: Fargate Spot cannot place the 1 spot task, so the on-demand twin runs them (3 on demand)', 'steady state'],
      ['at the maximum, 9 tasks (base 2 on demand, the other 9 - 2 = 7 on spot)', undefined],
      ['all on demand at the maximum, 9 tasks', 'at the maximum, 9 tasks (base 2 on demand, the other 9 - 2 = 7 on spot)'],
    ]);
    const atMax = scenarios[3].costDrivers;
    expect(atMax.map((d) => [d.item, d.quantity])).toEqual([
      ['Fargate x86 vCPU', 730], ['Fargate x86 memory', 1460], ['Fargate Spot vCPU', 766.5], ['Fargate Spot memory', 1533],
    ]);
    expect(scenarios[1].costDrivers.map((d) => [d.item, d.quantity])).toEqual([['Fargate x86 vCPU', 1095], ['Fargate x86 memory', 2190]]);
    // The steady state holds exactly the Fargate lines of the total.
    expect(scenarios[0].costDrivers).toEqual(PatternProfiles.statelessService(base).costDrivers.filter((d) => d.item.startsWith('Fargate')));
  });

  test('the savings at the desired count: 1 of 3 tasks on spot at 70 % off saves 1 x 0.7 / 3 = 23.3 % of the Fargate cost', () => {
    const profile = PatternProfiles.statelessService(base);
    const table = PriceTable.forRegion('us-east-1');
    const fargate = (drivers: CostDriver[]) => drivers.filter((d) => d.item.startsWith('Fargate')).reduce((sum, d) => sum + table.price(d).usd, 0);
    const steady = fargate(profile.costDrivers);
    const allOnDemand = fargate(statelessServiceCostScenarios(base)[1].costDrivers);
    // 3 on demand: $44.33 + $9.73 = $54.06; 2 on demand + 1 spot: $29.55 + $6.49 + $4.43 + $0.97 = $41.44
    expect(Number(allOnDemand.toFixed(2))).toBe(54.06);
    expect(Number(steady.toFixed(2))).toBe(41.44);
  });

  test('the spot example (6 tasks, up to 18): $57.66 vs $108.12 all on demand (saves $50.46), $122.54 vs $324.36 at the maximum', () => {
    const example = { ...base, desiredCount: 6, maxCapacity: 18 };
    const table = PriceTable.forRegion('us-east-1');
    const usd = (drivers: CostDriver[]) => Number(drivers.filter((d) => d.item.startsWith('Fargate')).reduce((sum, d) => sum + table.price(d).usd, 0).toFixed(2));
    const scenarios = statelessServiceCostScenarios(example);
    expect(usd(PatternProfiles.statelessService(example).costDrivers)).toBe(57.66);
    expect(scenarios.map((s) => [s.name, usd(s.costDrivers)])).toEqual([
      ['steady state', 57.66],
      ['all on demand at 6 tasks (what the spot split saves against)', 108.12],
      ['while the fallback runs: Fargate Spot cannot place the 4 spot tasks, so the on-demand twin runs them (6 on demand)', 108.12],
      ['at the maximum, 18 tasks (base 2 on demand, the other 18 - 2 = 16 on spot)', 122.54],
      ['all on demand at the maximum, 18 tasks', 324.36],
    ]);
  });

  test('the report lists the scenarios beside the total, with the difference against the steady state', () => {
    const { workload, md } = reportOf({ capacity: ServiceCapacity.spotAboveOnDemandBase(), desiredCount: 6, maxCapacity: 18 });
    type Row = { name: string; monthlyUsd: number; differenceUsd: number | null };
    const rows = workload.costScenarios.map((s: Row) => [s.name, s.monthlyUsd, s.differenceUsd]);
    expect(rows).toEqual([
      ['steady state', 57.66, null],
      ['all on demand at 6 tasks (what the spot split saves against)', 108.12, 50.46],
      ['while the fallback runs: Fargate Spot cannot place the 4 spot tasks, so the on-demand twin runs them (6 on demand)', 108.12, 50.46],
      ['at the maximum, 18 tasks (base 2 on demand, the other 18 - 2 = 16 on spot)', 122.54, null],
      ['all on demand at the maximum, 18 tasks', 324.36, 201.82],
    ]);
    expect(workload.costScenarios[1].differenceArithmetic).toBe('$108.12 - $57.66 (steady state) = $50.46 more; steady state costs 46.7 % less ($50.46 / $108.12)');
    // Scenarios are never added to the total: the total holds the steady state's Fargate lines once.
    const fargateInTotal = workload.monthlyCostUsd.lines.filter((l: { item: string }) => l.item.startsWith('Fargate'))
      .reduce((sum: number, l: { usd: number }) => sum + l.usd, 0);
    expect(Number(fargateInTotal.toFixed(2))).toBe(57.66);
    expect(md).toContain('| all on demand at 6 tasks (what the spot split saves against) |');
    expect(md).toContain('| 108.12 | $108.12 - $57.66 (steady state) = $50.46 more; steady state costs 46.7 % less ($50.46 / $108.12) |');
    expect(workload.costScenarios[4].differenceArithmetic).toBe('$324.36 - $122.54 (at the maximum, 18 tasks (base 2 on demand, the other 18 - 2 = 16 on spot)) = $201.82 more; at the maximum, 18 tasks (base 2 on demand, the other 18 - 2 = 16 on spot) costs 62.2 % less ($201.82 / $324.36)');
  });

  test('a custom profile\'s scenarios are checked: a duplicate name is the library\'s error', () => {
    const { stack } = regionalApp();
    const drivers = [{ item: 'x', quantity: 1, quantityArithmetic: '1', unitPriceUsd: 1 }];
    expect(() => Profiles.record(stack, {
      name: 'custom',
      pattern: 'Custom',
      failureDomains: [],
      rto: { seconds: 0, arithmetic: '0' },
      costDrivers: [],
      costScenarios: [{ name: 'a', costDrivers: drivers }, { name: 'a', costDrivers: drivers }],
    })).toThrow(/costScenarios.*names a more than once/);
  });

  test('on demand only: the maximum is the only scenario', () => {
    const scenarios = statelessServiceCostScenarios({ ...base, spotWeight: 0, onDemandBase: 0 });
    expect(scenarios.map((s) => s.name)).toEqual(['at the maximum, 9 tasks (9 on demand)']);
  });

  test('spotSplit: base first, then by weight, the spot share rounded down', () => {
    expect(spotSplit(9, 3, 3, 1)).toEqual({ onDemandTasks: 5, spotTasks: 4, arithmetic: 'base 3 on demand, then floor((9 - 3) x 3 / (3 + 1)) = 4 on spot, 5 on demand' });
    expect(spotSplit(3, 2, 1, 0)).toEqual({ onDemandTasks: 2, spotTasks: 1, arithmetic: 'base 2 on demand, the other 3 - 2 = 1 on spot' });
    expect(spotSplit(2, 5, 1, 0).spotTasks).toBe(0);
  });
});

describe('objectives in the report', () => {
  test('each SLO is listed with its target, budget and alarms, and the markdown has the table', () => {
    const { workload, md } = reportOf({
      slos: [
        LoadBalancedObjective.availability({ targetPercent: 99.9 }),
        LoadBalancedObjective.latency({ targetPercent: 99, thresholdMs: 300 }),
      ],
    });
    expect(workload.objectives.map((o: any) => [o.name, o.kind, o.targetPercent, o.windowSeconds, o.errorBudgetMinutes])).toEqual([
      ['availability', 'AVAILABILITY', 99.9, 2_592_000, 43.2],
      ['latency', 'LATENCY', 99, 2_592_000, 432],
    ]);
    const availability = workload.objectives[0];
    expect(availability.alarms).toHaveLength(6);
    expect(availability.alarms[0]).toMatch(/-fast-burn: PAGE when the error ratio exceeds 0\.0144 \(14\.4x burn\) over 60 min and 5 min$/);
    expect(availability.alarms[1]).toMatch(/-medium-burn: PAGE when the error ratio exceeds 0\.006 \(6x burn\) over 360 min and 30 min$/);
    expect(availability.alarms[2]).toMatch(/: TICKET when the error ratio exceeds 0\.001 \(1x burn\) over 4320 min and 360 min$/);
    expect(availability.alarms[5]).toMatch(/: ECS rolls a deployment back when it alarms \(errors count once its window has at least 100 requests\)$/);
    // The Application Signals SLO that declares each objective, and what the alarms cannot do.
    expect(availability.notes[0]).toMatch(/^Application Signals SLO .+-slo: /);
    expect(workload.objectives[1].notes).toEqual(expect.arrayContaining([expect.stringMatching(/Route 53/)]));
    expect(md).toMatch(/\n- availability: Application Signals SLO /);
    expect(md).toContain('| Objective | SLI | Target | Window | Error budget | Alarms |');
    expect(md).toMatch(/\| availability \| .+ \| 99\.9 % \| 30 days \| 43\.2 min \| /);
  });

  test('the SLO settings pass through: no Application Signals SLO, no rollback guard, a regional health alarm', () => {
    const { service, stack, workload } = reportOf({
      slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 })],
      sloApplicationSignals: false,
      sloDeploymentMinRequests: 0,
      sloRegionalHealthSignal: true,
    });
    Template.fromStack(stack).resourceCountIs('AWS::ApplicationSignals::ServiceLevelObjective', 0);
    expect(service.slos!.regionalHealthAlarms).toHaveLength(1);
    expect(workload.objectives[0].alarms[5]).toMatch(/: ECS rolls a deployment back when it alarms$/);
    expect(workload.objectives[0].notes[0]).toMatch(/^no Application Signals SLO: /);
    expect(workload.objectives[0].alarms).toEqual(expect.arrayContaining([expect.stringMatching(/regional health signal for a Route 53 health check$/)]));
  });

  test('no SLOs, no objectives', () => {
    const { workload, md } = reportOf();
    expect(workload.objectives).toEqual([]);
    expect(md).not.toContain('| Objective |');
  });
});

describe('warnings', () => {
  test('a token count leaves the service out of the report, with a tagged warning', () => {
    const { stack } = regionalApp();
    const cpu = new CfnParameter(stack, 'Cpu', { type: 'Number', default: 512 }).valueAsNumber;
    const service = new StatelessService(stack, 'Web', { image, cpu });
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('cdk-cloud-native-patterns:ReportNeedsConcreteValues'));
    expect(Profiles.of(service)).toBeUndefined();
  });
});
