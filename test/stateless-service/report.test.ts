import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EgressAwareVpc, LoadBalancedObjective, NatStrategy, Profiles, ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';

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
    expect(workload.failureDomains.map((d: any) => [d.domain, d.survives])).toEqual([
      ['instance', true], ['zone', true], ['bad-deployment', true], ['region', false],
    ]);
    expect(workload.rpo.seconds).toBe(0);
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

  test('spot capacity: the zone-loss floor stays on-demand, the tasks above it split 1:3 between FARGATE and FARGATE_SPOT', () => {
    // Floor 3 on demand; 9 - 3 = 6 above it, weights 1:3 -> floor(6 x 3 / 4) = 4 on Spot, 5 on demand.
    const { workload } = reportOf({ capacity: ServiceCapacity.spotAboveOnDemandBase(), desiredCount: 9 });
    const line = (item: string) => workload.monthlyCostUsd.lines.find((l: any) => l.item === item);
    expect(line('Fargate x86 vCPU').arithmetic).toBe('5 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $73.88');
    expect(line('Fargate Spot vCPU').arithmetic).toBe('4 tasks x 0.5 vCPU x 730 h (spot tasks: floor((9 - base 3) x 3 / (3 + 1)) = 4) x $0.012144/vCPU-h = $17.73');
  });

  test('spot capacity at the floor runs every task on demand: no Spot line', () => {
    const { workload } = reportOf({ capacity: ServiceCapacity.spotAboveOnDemandBase() });
    expect(workload.monthlyCostUsd.lines.map((l: any) => l.item)).not.toContain('Fargate Spot vCPU');
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
    expect(availability.alarms[5]).toMatch(/: ECS rolls a deployment back when it alarms$/);
    expect(md).toContain('| Objective | SLI | Target | Window | Error budget | Alarms |');
    expect(md).toMatch(/\| availability \| .+ \| 99\.9 % \| 30 days \| 43\.2 min \| /);
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
