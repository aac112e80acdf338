import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { mermaidProblems } from './mermaid-grammar';
import { EgressAwareVpc, NatStrategy } from '../../src/network';
import { CloudNativeReport, CostDrivers, FailureDomain, FargatePricing, PolicyEnforcement, Profiles, ResiliencePolicy, WorkloadProfile } from '../../src/report';
import { mermaidDiagram } from '../../src/report/markdown';

function app(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnr-')) });
}

function usEast1(a: App, id = 'Stack'): Stack {
  return new Stack(a, id, { env: { account: '123456789012', region: 'us-east-1' } });
}

/**
 * A service-shaped profile: the report composes, prices and renders profiles and knows no pattern,
 * so its tests record literal profiles (each pattern's own tests check its profile).
 */
function serviceProfile(name: string, opts: { dependsOn?: string[]; rpoNotModelled?: string } = {}): WorkloadProfile {
  return {
    name,
    pattern: 'ExampleService',
    zones: 3,
    failureDomains: [
      { domain: FailureDomain.INSTANCE, survives: true, how: 'a failed task is replaced', recovery: { seconds: 100, arithmetic: '100 s' } },
      { domain: FailureDomain.ZONE, survives: true, how: '3 tasks over 3 zones: losing one leaves 2 >= 2 needed', recovery: { seconds: 100, arithmetic: '100 s' } },
      { domain: FailureDomain.BAD_DEPLOYMENT, survives: true, how: 'rolled back by the deployment alarm', recovery: { seconds: 140, arithmetic: '140 s' } },
      { domain: FailureDomain.REGION, survives: false, how: 'single region' },
    ],
    rto: { seconds: 140, arithmetic: 'max(instance 100 s, zone 100 s, bad deployment 140 s) = 140 s' },
    rpo: { seconds: 0, arithmetic: 'the tasks hold no data' },
    ...(opts.rpoNotModelled ? { rpoNotModelled: opts.rpoNotModelled } : {}),
    costDrivers: [CostDrivers.fargateVcpuHours(3, 0.5, FargatePricing.X86_ON_DEMAND), CostDrivers.albHours(1)],
    dataFlows: [{ from: 'users', to: name, label: 'HTTPS' }],
    alternatives: [{ change: 'healthCheckInterval 5 s', rtoSeconds: 130 }],
    ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}),
  };
}

/** A network-shaped profile: one shared NAT gateway (loses a zone's egress) or one per zone. */
function networkProfile(name: string, shared: boolean): WorkloadProfile {
  const nat = shared ? 1 : 3;
  return {
    name,
    pattern: 'ExampleNetwork',
    zones: 3,
    failureDomains: [
      { domain: FailureDomain.INSTANCE, survives: true, how: 'managed', recovery: { seconds: 0, arithmetic: 'none' } },
      shared
        ? { domain: FailureDomain.ZONE, survives: false, how: "one NAT gateway carries every zone's egress (ECR pulls, Secrets Manager, Logs)" }
        : { domain: FailureDomain.ZONE, survives: true, how: 'a NAT gateway per zone', recovery: { seconds: 0, arithmetic: 'none' } },
      { domain: FailureDomain.BAD_DEPLOYMENT, survives: true, how: 'rolled back by CloudFormation', recovery: { seconds: 0, arithmetic: 'none' } },
      { domain: FailureDomain.REGION, survives: false, how: 'a VPC is regional' },
    ],
    rto: { seconds: 0, arithmetic: 'no failover step' },
    rpo: { seconds: 0, arithmetic: 'holds no data' },
    costDrivers: [CostDrivers.natGatewayHours(nat), CostDrivers.natProcessedGb(100)],
    dataFlows: [{ from: name, to: 'internet', label: `egress via ${nat} NAT` }],
  };
}

function record(scope: Construct, id: string, profile: WorkloadProfile): Construct {
  const c = new Construct(scope, id);
  Profiles.record(c, profile);
  return c;
}

function readReport(a: App): any {
  return JSON.parse(fs.readFileSync(path.join(a.outdir, 'cloud-native-report.json'), 'utf-8'));
}

function readMarkdown(a: App): string {
  return fs.readFileSync(path.join(a.outdir, 'cloud-native-report.md'), 'utf-8');
}

function lines(w: any): Array<[string, string]> {
  return w.monthlyCostUsd.lines.map((l: any) => [l.item, l.arithmetic]);
}

describe('report files', () => {
  const a = app();
  const s = usEast1(a);
  const svc = record(s, 'api', serviceProfile('api'));
  record(svc, 'Vpc', networkProfile('api network', false));
  a.synth();
  const report = readReport(a);
  const md = readMarkdown(a);

  test('written into the cloud assembly folder at synth', () => {
    expect(report.generator).toBe('cdk-cloud-native-patterns');
    expect(md).toMatch(/^# Cloud-native report/);
    expect(md).toContain('```mermaid\nflowchart LR');
  });

  test('the network a workload created is folded into it as a nested component', () => {
    expect(report.workloads).toHaveLength(1);
    expect(report.workloads[0]).toMatchObject({ name: 'api', path: 'Stack/api', region: 'us-east-1', zones: 3, components: ['Stack/api/Vpc'] });
    expect(report.workloads[0].parts).toEqual([{
      path: 'Stack/api/Vpc',
      name: 'api network',
      pattern: 'ExampleNetwork',
      relation: 'nested',
      region: 'us-east-1',
      pricedUnder: 'Stack/api',
      monthlyCostUsd: 103.05,
      takesDown: [],
      dataFlows: [{ from: 'api network', to: 'internet', label: 'egress via 3 NAT' }],
    }]);
  });

  test('exact cost lines, sorted by item, and a total that is their sum', () => {
    const w = report.workloads[0];
    expect(w.monthlyCostUsd.lines).toEqual([
      { item: 'Fargate x86 vCPU', arithmetic: '3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33', usd: 44.33 },
      { item: 'Load balancer hours', arithmetic: '1 load balancer x 730 h x $0.0225/h = $16.43', usd: 16.43 },
      { item: 'api network: NAT gateway data processed', arithmetic: '100 GB (assumed) x $0.045/GB = $4.50', usd: 4.5 },
      { item: 'api network: NAT gateway hours', arithmetic: '3 NAT gateways x 730 h x $0.045/h = $98.55', usd: 98.55 },
    ]);
    expect(w.monthlyCostUsd.total).toBe(163.81);
    expect(report.totalMonthlyCostUsd).toBe(163.81);
  });

  test('the profile RTO stands when the parts change nothing; RPO with its arithmetic', () => {
    const w = report.workloads[0];
    expect(w.rto).toEqual({ seconds: 140, arithmetic: 'max(instance 100 s, zone 100 s, bad deployment 140 s) = 140 s' });
    expect(w.rpo).toEqual({ seconds: 0, arithmetic: 'the tasks hold no data' });
    expect(w.failureDomains.map((d: any) => [d.domain, d.survives, d.recoverySeconds])).toEqual([
      ['instance', true, 100], ['zone', true, 100], ['bad-deployment', true, 140], ['region', false, null],
    ]);
  });

  test('states what RTO and RPO mean, in the JSON and the Markdown', () => {
    expect(report.definitions.rto).toBe('RTO (recovery time) of a failure domain: the time from the failure until the workload serves again without a person acting. '
      + 'The workload RTO is the longest of these among the failure domains it survives; a domain it does not survive has no RTO (an outage until someone acts or the failure ends).');
    expect(report.definitions.rpo).toMatch(/^RPO \(recovery point\): the most recent data that can be lost\. "not modelled" means the data lives in backing stores the library does not profile, so no bound is claimed \(never 0 s\)\.$/);
    expect(md).toContain(`- ${report.definitions.rto}\n- ${report.definitions.rpo}\n`);
  });

  test('states the price table it used, with the CloudWatch pricing page among its sources', () => {
    expect(report.workloads[0].pricedWith).toMatchObject({ region: 'us-east-1', asOf: '2026-11-01', overridden: [] });
    expect(report.workloads[0].pricedWith.sources).toContain('https://aws.amazon.com/cloudwatch/pricing/');
  });

  test('snapshot', () => {
    expect(report).toMatchSnapshot();
    expect(md).toMatchSnapshot();
  });
});

describe('dependencies (dependsOn)', () => {
  test('a workload outside any stack that depends on parts in two regions is drawn across them', () => {
    const a = app();
    const east = usEast1(a, 'East');
    const west = new Stack(a, 'West', { env: { account: '123456789012', region: 'us-west-2' } });
    const primary = record(east, 'Api', serviceProfile('api east'));
    const standby = record(west, 'Api', serviceProfile('api west'));
    record(a, 'Pair', serviceProfile('pair', { dependsOn: [primary.node.path, standby.node.path] }));
    a.synth();
    const md = readMarkdown(a);
    expect(md).toContain('subgraph r1_unset["across us-east-1 and us-west-2"]');
    expect(md).not.toContain('region not set');
  });

  test('a service in a VPC with one shared NAT gateway does not survive a zone, says why, and the VPC is listed under it', () => {
    const a = app();
    const s = usEast1(a);
    const vpc = record(s, 'Network', networkProfile('shared network', true));
    record(s, 'Api', serviceProfile('api', { dependsOn: [vpc.node.path] }));
    a.synth();
    const r = readReport(a);
    expect(r.workloads.map((w: any) => w.name)).toEqual(['api']);
    const w = r.workloads[0];
    expect(w.components).toEqual([]);
    expect(w.parts.map((p: any) => [p.path, p.relation, p.pricedUnder, p.monthlyCostUsd, p.takesDown])).toEqual([
      ['Stack/Network', 'dependency', 'Stack/Api', 37.35, ['zone']],
    ]);
    const zone = w.failureDomains.find((d: any) => d.domain === 'zone');
    expect(zone).toEqual({
      domain: 'zone',
      survives: false,
      how: "3 tasks over 3 zones: losing one leaves 2 >= 2 needed; but shared network (ExampleNetwork, which it depends on): one NAT gateway carries every zone's egress (ECR pulls, Secrets Manager, Logs)",
      recoverySeconds: null,
    });
    // The RTO is recomputed over the domains still survived.
    expect(w.rto).toEqual({ seconds: 140, arithmetic: 'max(instance 100 s, bad deployment 140 s) = 140 s, over the failure domains survived with the network and other parts folded in' });
    expect(lines(w)).toEqual([
      ['Fargate x86 vCPU', '3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33'],
      ['Load balancer hours', '1 load balancer x 730 h x $0.0225/h = $16.43'],
      ['shared network: NAT gateway data processed', '100 GB (assumed) x $0.045/GB = $4.50'],
      ['shared network: NAT gateway hours', '1 NAT gateway x 730 h x $0.045/h = $32.85'],
    ]);
    expect(w.monthlyCostUsd.total).toBe(98.11);
    expect(r.totalMonthlyCostUsd).toBe(98.11);
    const md = readMarkdown(a);
    expect(md).toContain('- shared network (ExampleNetwork) at `Stack/Network`: its failure domains are folded in below; its cost ($37.35) is listed here.');
    expect(md).not.toContain('## shared network');
  });

  test('a dependency that survives with a longer recovery lengthens the workload recovery and RTO', () => {
    const a = app();
    const s = usEast1(a);
    const slow = networkProfile('slow network', false);
    const net = record(s, 'Network', {
      ...slow,
      failureDomains: slow.failureDomains.map((d) => (d.domain === FailureDomain.ZONE ? { ...d, recovery: { seconds: 300, arithmetic: 'failover 300 s' } } : d)),
    });
    record(s, 'Api', serviceProfile('api', { dependsOn: [net.node.path] }));
    a.synth();
    const w = readReport(a).workloads[0];
    expect(w.failureDomains.find((d: any) => d.domain === 'zone').recoverySeconds).toBe(300);
    expect(w.rto.seconds).toBe(300);
    expect(w.rto.arithmetic).toBe('max(instance 100 s, zone 300 s, bad deployment 140 s) = 300 s, over the failure domains survived with the network and other parts folded in');
  });

  test('when the parts leave no failure domain survived there is no RTO (never 0 s), and an RTO target is missed', () => {
    const a = app();
    const s = usEast1(a);
    const net = record(s, 'Network', networkProfile('net', true));
    const zoneOnly: WorkloadProfile = {
      ...serviceProfile('api', { dependsOn: [net.node.path] }),
      failureDomains: serviceProfile('api').failureDomains.filter((d) => d.domain === FailureDomain.ZONE || d.domain === FailureDomain.REGION),
      dataFlows: [{ from: 'api', to: 'net', label: 'egress' }],
    };
    record(s, 'Api', zoneOnly);
    new ResiliencePolicy(s, 'Policy', { rto: Duration.minutes(5), mustSurvive: [] });
    a.synth();
    const w = readReport(a).workloads[0];
    expect(w.rto).toEqual({ seconds: null, arithmetic: 'none: no failure domain is survived without a person acting once its parts are folded in' });
    const md = readMarkdown(a);
    expect(md).toContain('| api | ExampleService | us-east-1 | 3 | none | none | 0 s | $98.11 |');
    // A flow to the part's name goes to the part's node, not to an outside party of the same name.
    expect(md).toContain('  w1 -->|"egress"| c1\n');
    expect(md).not.toContain('(["net"])');
    Annotations.fromStack(s).hasError('/Stack/Policy', "ResiliencePolicy Stack/Policy missed: rto: workload 'api' (Stack/Api) has no RTO "
      + '(none: no failure domain is survived without a person acting once its parts are folded in), so the target 5 min is not met. '
      + 'Fix: make it survive the failure domains its parts take away (see mustSurvive), e.g. a NAT gateway per zone');
  });

  test('a VPC passed to two services is priced once, under the first by name; the other says where', () => {
    const a = app();
    const s = usEast1(a);
    const vpc = record(s, 'Network', networkProfile('shared network', false));
    record(s, 'Zeta', serviceProfile('zeta', { dependsOn: [vpc.node.path] }));
    record(s, 'Alpha', serviceProfile('alpha', { dependsOn: [vpc.node.path] }));
    a.synth();
    const r = readReport(a);
    expect(r.workloads.map((w: any) => w.name)).toEqual(['alpha', 'zeta']);
    const [alpha, zeta] = r.workloads;
    expect(lines(alpha).map(([item]) => item)).toEqual([
      'Fargate x86 vCPU', 'Load balancer hours', 'shared network: NAT gateway data processed', 'shared network: NAT gateway hours',
    ]);
    expect(alpha.monthlyCostUsd.total).toBe(163.81);
    expect(lines(zeta).map(([item]) => item)).toEqual(['Fargate x86 vCPU', 'Load balancer hours']);
    expect(zeta.monthlyCostUsd.total).toBe(60.76);
    expect(zeta.parts).toEqual([expect.objectContaining({ path: 'Stack/Network', relation: 'dependency', pricedUnder: 'Stack/Alpha', monthlyCostUsd: 103.05 })]);
    // 163.81 + 60.76: the VPC's 103.05 once.
    expect(r.totalMonthlyCostUsd).toBe(224.57);
    expect(readMarkdown(a)).toContain('- shared network (ExampleNetwork) at `Stack/Network`: its failure domains are folded in below; its cost ($103.05) is listed under `Stack/Alpha`, not here, so no total counts it twice.');
  });

  test('a VPC created inside one service and passed to another is priced under the service that contains it', () => {
    const a = app();
    const s = usEast1(a);
    const web = record(s, 'Web', serviceProfile('web'));
    const vpc = record(web, 'Vpc', networkProfile('web network', true));
    record(s, 'Api', serviceProfile('api', { dependsOn: [vpc.node.path] }));
    a.synth();
    const r = readReport(a);
    const shape = (w: any) => [w.name, w.components, w.parts.map((p: any) => [p.relation, p.pricedUnder]), w.monthlyCostUsd.total];
    expect(r.workloads.map(shape)).toEqual([
      ['api', [], [['dependency', 'Stack/Web']], 60.76],
      ['web', ['Stack/Web/Vpc'], [['nested', 'Stack/Web']], 98.11],
    ]);
    expect(r.workloads.map((w: any) => w.failureDomains.find((d: any) => d.domain === 'zone').survives)).toEqual([false, false]);
    expect(r.totalMonthlyCostUsd).toBe(158.87);
  });

  test('both services sharing a one-NAT VPC lose zone survival; an app budget counts the VPC once', () => {
    const a = app();
    const s = usEast1(a);
    const vpc = record(s, 'Network', networkProfile('shared network', true));
    record(s, 'Web', serviceProfile('web', { dependsOn: [vpc.node.path] }));
    record(s, 'Api', serviceProfile('api', { dependsOn: [vpc.node.path] }));
    new ResiliencePolicy(a, 'Budget', { monthlyBudgetUsd: 150, mustSurvive: [] });
    a.synth();
    const r = readReport(a);
    for (const w of r.workloads) expect(w.failureDomains.find((d: any) => d.domain === 'zone').survives).toBe(false);
    expect(r.policies[0].misses[0].problem).toBe("'api' $98.11 + 'web' $60.76 = $158.87 a month is above the budget $150.00");
  });

  test('dependencies are followed transitively, and a path without a profile is listed as not modelled', () => {
    const a = app();
    const s = usEast1(a);
    const net = record(s, 'Network', networkProfile('network', true));
    const store = record(s, 'Store', { ...networkProfile('store', false), pattern: 'ExampleStore', dependsOn: [net.node.path] });
    record(s, 'Api', serviceProfile('api', { dependsOn: [store.node.path, 'Stack/Imported'] }));
    a.synth();
    const w = readReport(a).workloads;
    expect(w.map((x: any) => x.name)).toEqual(['api']);
    expect(w[0].parts.map((p: any) => p.path)).toEqual(['Stack/Network', 'Stack/Store']);
    expect(w[0].failureDomains.find((d: any) => d.domain === 'zone').survives).toBe(false);
    expect(w[0].notModelled).toEqual(['dependency Stack/Imported: no profile is recorded there, so its failure domains and cost are not modelled']);
  });

  test('two workloads that depend on each other: the first by path stays a workload, the other is its dependency', () => {
    const a = app();
    const s = usEast1(a);
    record(s, 'A', serviceProfile('a', { dependsOn: ['Stack/B'] }));
    record(s, 'B', serviceProfile('b', { dependsOn: ['Stack/A'] }));
    a.synth();
    const w = readReport(a).workloads;
    expect(w.map((x: any) => [x.name, x.parts.map((p: any) => p.path)])).toEqual([['a', ['Stack/B']]]);
  });

  test('a real EgressAwareVpc with one shared NAT gateway passed to a service takes away its zone survival', () => {
    const a = app();
    const s = usEast1(a);
    const vpc = new EgressAwareVpc(s, 'Network', { natStrategy: NatStrategy.ONE_SHARED, workloadName: 'net' });
    record(s, 'Api', serviceProfile('api', { dependsOn: [vpc.node.path] }));
    a.synth();
    const r = readReport(a);
    expect(r.workloads.map((w: any) => w.name)).toEqual(['api']);
    const zone = r.workloads[0].failureDomains.find((d: any) => d.domain === 'zone');
    expect(zone.survives).toBe(false);
    expect(zone.how).toContain('; but net (EgressAwareVpc, which it depends on): ');
    expect(r.workloads[0].monthlyCostUsd.lines.some((l: any) => l.item === 'net: NAT gateway hours')).toBe(true);
  });
});

describe('RPO not modelled', () => {
  test('null in the JSON, "not modelled" in the summary and detail, never 0 s', () => {
    const a = app();
    record(usEast1(a), 'Api', serviceProfile('api', { rpoNotModelled: 'its data lives in backing stores the library does not profile' }));
    a.synth();
    const w = readReport(a).workloads[0];
    expect(w.rpo).toEqual({ seconds: null, arithmetic: 'not modelled: its data lives in backing stores the library does not profile (what it holds itself: 0 s, the tasks hold no data)' });
    const md = readMarkdown(a);
    expect(md).toContain('| api | ExampleService | us-east-1 | 3 | instance, zone, bad-deployment | 140 s | not modelled | $60.76 |');
    expect(md).toContain('- RPO not modelled: its data lives in backing stores the library does not profile (what it holds itself: 0 s, the tasks hold no data)');
  });

  test('a profile without rpo is not modelled; a modelled workload with a not-modelled part is not modelled', () => {
    const a = app();
    const s = usEast1(a);
    const { rpo: _rpo, ...noRpo } = networkProfile('store', false);
    const store = record(s, 'Store', noRpo);
    record(s, 'Api', serviceProfile('api', { dependsOn: [store.node.path] }));
    a.synth();
    expect(readReport(a).workloads[0].rpo).toEqual({ seconds: null, arithmetic: 'not modelled: store: the profile states no RPO' });
  });

  test('a policy with an RPO target misses a workload whose RPO is not modelled, with the reason', () => {
    const a = app();
    const s = usEast1(a);
    record(s, 'Api', serviceProfile('api', { rpoNotModelled: 'its database is not profiled' }));
    new ResiliencePolicy(s, 'Policy', { rpo: Duration.minutes(5) });
    Annotations.fromStack(s).hasError('/Stack/Policy', 'ResiliencePolicy Stack/Policy missed: rpo: workload \'api\' (Stack/Api) has an RPO that is not modelled '
      + '(its database is not profiled (what it holds itself: 0 s, the tasks hold no data)), so the target 5 min cannot be shown to be met. '
      + 'Fix: record a profile for the backing stores that hold its data (their replication or backup bounds the RPO), or remove the rpo target from this policy');
  });
});

describe('report composition', () => {
  test('workloads are sorted by name whatever the order they were created in; a standalone network is its own workload', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'eu-central-1' } });
    record(s, 'zeta', serviceProfile('zeta'));
    record(s, 'Shared', networkProfile('shared network', false));
    record(s, 'alpha', serviceProfile('alpha'));
    a.synth();
    const r = readReport(a);
    expect(r.workloads.map((w: any) => w.name)).toEqual(['alpha', 'shared network', 'zeta']);
    expect(r.workloads[1].monthlyCostUsd.lines.find((l: any) => l.item === 'NAT gateway hours').arithmetic)
      .toBe('3 NAT gateways x 730 h x $0.052/h = $113.88');
  });

  test('two workloads with one name are an error naming workloadName and both construct paths', () => {
    const a = app();
    const s = usEast1(a);
    record(s, 'A', serviceProfile('api'));
    expect(() => record(s, 'B', serviceProfile('api'))).toThrow(
      "[Stack/B] workloadName: 'api' is already the name of the workload at Stack/A, and Stack/B would be a second workload named 'api'. "
      + 'Fix: give each workload its own non-empty workloadName (the report and its diagram key workloads by name)');
  });

  test('recording again on the same construct may rename it; an empty name is an error', () => {
    const a = app();
    const s = usEast1(a);
    const c = record(s, 'A', serviceProfile('api'));
    Profiles.record(c, serviceProfile('api v2'));
    record(s, 'B', serviceProfile('api'));
    expect(() => record(s, 'C', serviceProfile('  '))).toThrow(/\[Stack\/C\] workloadName: is an empty string\. Fix: give each workload its own non-empty workloadName/);
    expect(() => record(s, 'D', { ...serviceProfile('x'), name: undefined as unknown as string })).toThrow(/\[Stack\/D\] workloadName: is undefined\. Fix:/);
  });

  test('a custom profile from JavaScript missing what the report reads is an error naming each field', () => {
    const s = usEast1(app());
    expect(() => Profiles.record(new Construct(s, 'A'), undefined as any)).toThrow('[Stack/A] profile: is undefined. Fix: record a WorkloadProfile object');
    expect(() => Profiles.record(new Construct(s, 'B'), { name: 'b', dependsOn: 'Stack/Vpc' } as any)).toThrow(
      "[Stack/B] 5 problems with the props:\n  - pattern: is undefined. Fix: name the pattern, e.g. 'StatelessService'\n"
      + '  - failureDomains: is undefined. Fix: list one FailureDomainProfile per failure domain the pattern is modelled against\n'
      + '  - costDrivers: is undefined. Fix: list the cost drivers (CostDrivers.*), or [] when there are none\n'
      + '  - rto: is undefined, not a TimeEstimate. Fix: give { seconds, arithmetic }\n'
      + "  - dependsOn: is 'Stack/Vpc'. Fix: list construct paths (construct.node.path) of profiled constructs");
  });

  test('price overrides apply; bad ones are errors with the fix', () => {
    const a = app();
    record(usEast1(a), 'Net', networkProfile('net', false));
    const report = CloudNativeReport.of(a);
    report.overridePrices({ NAT_GATEWAY_HOUR: 0.05 });
    a.synth();
    const w = readReport(a).workloads[0];
    expect(w.monthlyCostUsd.lines.find((l: any) => l.item === 'NAT gateway hours').usd).toBe(109.5);
    expect(w.pricedWith.overridden).toEqual(['NAT_GATEWAY_HOUR']);
    expect(() => report.overridePrices({ NAT_GATEWAY_GB: -0.01 })).toThrow(/\[CloudNativeReport\] priceOverrides: NAT_GATEWAY_GB is -0.01; a price cannot be negative\. Fix:/);
    expect(() => report.overridePrices({ NAT_GATEWAY_GB: NaN })).toThrow(/priceOverrides: NAT_GATEWAY_GB must be a finite number/);
    expect(() => report.overridePrices({ NATGW: 1 })).toThrow(/priceOverrides: 'NATGW' is not a price item/);
    expect(() => report.usePricesFrom('xx-nowhere-1')).toThrow(/pricesFromRegion: 'xx-nowhere-1' has no embedded price table\. Fix: use one of ap-northeast-1/);
  });

  test('bad assumptions are errors with the fix', () => {
    const report = CloudNativeReport.of(app());
    expect(() => report.useAssumptions({ flowLogGbPerMonth: -1 })).toThrow(
      '[CloudNativeReport] assumptions: flowLogGbPerMonth must be a finite number of 0 or more, got -1. Fix: give each assumption a number of 0 or more, e.g. { flowLogGbPerMonth: 20 }');
    expect(() => report.useAssumptions(undefined as any)).not.toThrow();
    expect(() => report.useAssumptions(5 as any)).toThrow(/assumptions: must be an object of assumptions, got number/);
    expect(() => report.useAssumptions({ flowLogs: 3 } as any)).toThrow(/assumptions: 'flowLogs' is not an assumption \(use one of flowLogGbPerMonth, containerInsightsMetricsPerCluster, containerInsightsMetricsPerService\)/);
  });

  test('a region without a table warns, names the override, and prices with us-east-1', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'sa-east-1' } });
    record(s, 'Vpc', networkProfile('net', false));
    Annotations.fromStack(s).hasWarning('/Stack/Vpc',
      Match.stringLikeRegexp("sa-east-1 has no embedded price table.*usePricesFrom\\('<region>'\\) or priceOverrides.*NoPriceTable"));
    const w = readReport(a).workloads[0];
    expect(w.pricedWith).toMatchObject({ region: 'us-east-1', note: 'sa-east-1 has no embedded table: priced with us-east-1 prices' });
  });

  test('a stack without a region is priced with us-east-1 and says so', () => {
    const a = app();
    record(new Stack(a, 'Stack'), 'Vpc', networkProfile('net', false));
    a.synth();
    const w = readReport(a).workloads[0];
    expect(w.region).toBeNull();
    expect(w.pricedWith.note).toBe('The stack has no concrete region: priced with us-east-1 prices');
  });
});

describe('ResiliencePolicy', () => {
  function synthWith(props: ConstructorParameters<typeof ResiliencePolicy>[2], opts: { onApp?: boolean } = {}): { a: App; s: Stack } {
    const a = app();
    const s = usEast1(a);
    const svc = record(s, 'api', serviceProfile('api'));
    record(svc, 'Vpc', networkProfile('api network', false));
    new ResiliencePolicy(opts.onApp ? a : svc, 'Policy', props);
    a.synth();
    return { a, s };
  }

  test('passes when every target is met, and the report says so; no error annotation', () => {
    const { a, s } = synthWith({ rto: Duration.minutes(3), rpo: Duration.seconds(0), monthlyBudgetUsd: 250 });
    expect(readReport(a).policies).toEqual([expect.objectContaining({ path: 'Stack/api/Policy', passed: true, appliesTo: ['Stack/api'], misses: [] })]);
    Annotations.fromStack(s).hasNoError('*', Match.anyValue());
  });

  test('an RTO miss is an error on the policy naming the workload, target, modelled value with arithmetic and what would meet it', () => {
    const { a, s } = synthWith({ rto: Duration.seconds(135) });
    Annotations.fromStack(s).hasError('/Stack/api/Policy',
      "ResiliencePolicy Stack/api/Policy missed: rto: workload 'api' (Stack/api) models RTO 140 s (max(instance 100 s, zone 100 s, bad deployment 140 s) = 140 s), "
      + 'above the target 135 s. Fix: RTO 135 s needs healthCheckInterval 5 s (models 130 s); the current ExampleService configuration models 140 s');
    expect(readReport(a).policies[0].passed).toBe(false);
  });

  test('an RTO no configuration meets says so and names the closest', () => {
    const { s } = synthWith({ rto: Duration.seconds(30) });
    Annotations.fromStack(s).hasError('/Stack/api/Policy', Match.stringLikeRegexp('no modelled configuration of ExampleService meets RTO 30 s \\(the closest, healthCheckInterval 5 s, models 130 s\\)'));
  });

  test('a policy on the App puts each miss on the workload it is about (annotations outside stacks are lost), and a budget sums every workload', () => {
    const a = app();
    const s = usEast1(a);
    record(s, 'api', serviceProfile('api'));
    record(s, 'web', serviceProfile('web'));
    new ResiliencePolicy(a, 'Budget', { monthlyBudgetUsd: 100 });
    a.synth();
    const errors = Annotations.fromStack(s).findError('*', Match.anyValue());
    expect(errors.map((e) => [e.id, e.entry.data])).toEqual([
      ['/Stack/api', "ResiliencePolicy Budget missed: monthlyBudgetUsd: 'api' $60.76 + 'web' $60.76 = $121.52 a month is above the budget $100.00. "
        + "Fix: cut $21.52 from the largest lines ('api' 3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33; 'web' 3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33; "
        + "'api' 1 load balancer x 730 h x $0.0225/h = $16.43) or raise monthlyBudgetUsd to at least $121.52"],
    ]);
  });

  test('synthesizing twice does not repeat the error', () => {
    const { a, s } = synthWith({ rto: Duration.seconds(135) });
    a.synth({ force: true });
    expect(Annotations.fromStack(s).findError('*', Match.anyValue())).toHaveLength(1);
  });

  test('a failure domain the workload must survive but does not', () => {
    const { s } = synthWith({ rto: Duration.minutes(5), mustSurvive: [FailureDomain.REGION] });
    Annotations.fromStack(s).hasError('/Stack/api/Policy', Match.stringLikeRegexp(
      "mustSurvive: workload 'api' \\(Stack/api\\) does not survive region failure: single region\\. Fix: region needs a second region with automated failover \\(ActivePassiveRegionPair with WARM or HOT standby"));
  });

  test('warns instead of failing only when asked', () => {
    const a = app();
    const s = usEast1(a);
    new ResiliencePolicy(record(s, 'api', serviceProfile('api')), 'Policy', { rto: Duration.seconds(135), enforcement: PolicyEnforcement.WARN });
    Annotations.fromStack(s).hasWarning('/Stack/api/Policy',
      Match.stringLikeRegexp("rto: workload 'api' \\(Stack/api\\) models RTO 140 s.*\\[ack: cdk-cloud-native-patterns:ResiliencePolicy\\]"));
    Annotations.fromStack(s).hasNoError('*', Match.anyValue());
    expect(readReport(a).policies[0].passed).toBe(false);
  });

  test('a policy with no target, or over no workload, is an error', () => {
    expect(() => new ResiliencePolicy(new Stack(app(), 'S'), 'P', {})).toThrow(/rto, rpo and monthlyBudgetUsd: are all unset/);
    const a = app();
    const empty = new Stack(a, 'Empty');
    new ResiliencePolicy(empty, 'P', { rto: Duration.minutes(1) });
    Annotations.fromStack(empty).hasError('/Empty/P', Match.stringLikeRegexp('scope: no workload with a profile is under Empty, so the policy checks nothing'));
  });

  test('bad input from JavaScript: missing props, unknown enforcement and failure domains, wrong types', () => {
    const s = new Stack(app(), 'S');
    expect(() => new ResiliencePolicy(s, 'A', undefined as any)).toThrow(
      '[S/A] props: is required but was not given. Fix: pass the targets: new ResiliencePolicy(scope, id, { rto, rpo, monthlyBudgetUsd })');
    expect(() => new ResiliencePolicy(s, 'B', { rto: Duration.minutes(1), enforcement: 'FAIL' as any })).toThrow(
      "[S/B] enforcement: is 'FAIL', not one of the allowed values. Fix: set enforcement to one of: PolicyEnforcement.FAIL_SYNTHESIS, PolicyEnforcement.WARN");
    expect(() => new ResiliencePolicy(s, 'C', { rto: Duration.minutes(1), mustSurvive: ['az' as any] })).toThrow(
      "[S/C] mustSurvive[0]: is 'az', not one of the allowed values. Fix: set mustSurvive[0] to one of: FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.REGION, FailureDomain.BAD_DEPLOYMENT");
    expect(() => new ResiliencePolicy(s, 'D', { rto: 300 as any, monthlyBudgetUsd: '400' as any })).toThrow(
      /\[S\/D\] 2 problems with the props:\n {2}- rto: must be a Duration, got 300\. Fix: set rto with Duration\.seconds\(\.\.\.\)\n {2}- monthlyBudgetUsd: must be a number of US dollars, got '400'/);
    expect(() => new ResiliencePolicy(s, 'E', { rto: Duration.millis(1500) })).toThrow(/\[S\/E\] rto: is 1 second 500 millis, not a whole number of seconds \(CloudFormation takes whole seconds\)\. Fix: set rto to Duration\.seconds\(2\)/);
  });
});

describe('Mermaid diagram', () => {
  test('generated ids, quoted labels, regions as subgraphs, the dependency as a labelled edge to its node', () => {
    const a = app();
    const s = usEast1(a);
    const vpc = record(s, 'Network', networkProfile('net "1"', true));
    record(s, 'Api', serviceProfile('api "v2"', { dependsOn: [vpc.node.path] }));
    a.synth();
    const text = mermaidDiagram(readReport(a).workloads);
    expect(text).toBe([
      'flowchart LR',
      '  subgraph r1_us_east_1["us-east-1"]',
      '    w1["api #quot;v2#quot;<br/>ExampleService, 3 zones<br/>$98.11/month"]',
      '    c1["net #quot;1#quot;<br/>ExampleNetwork"]',
      '  end',
      '  x1(["users"])',
      '  x2(["internet"])',
      '  x1 -->|"HTTPS"| w1',
      '  w1 -->|"depends on; fails with it: zone"| c1',
      '  c1 -->|"egress via 1 NAT"| x2',
    ].join('\n'));
    expect(mermaidProblems(text)).toEqual([]);
  });

  test('a VPC two workloads share is one node with an edge from each', () => {
    const a = app();
    const s = usEast1(a);
    const vpc = record(s, 'Network', networkProfile('net', false));
    record(s, 'Web', serviceProfile('web', { dependsOn: [vpc.node.path] }));
    record(s, 'Api', serviceProfile('api', { dependsOn: [vpc.node.path] }));
    a.synth();
    const text = mermaidDiagram(readReport(a).workloads);
    expect(text.match(/c1\["/g)).toHaveLength(1);
    expect(text).toContain('  w1 -->|"depends on"| c1\n');
    expect(text).toContain('  w2 -->|"depends on"| c1\n');
    expect(mermaidProblems(text)).toEqual([]);
  });
});

describe('Mermaid grammar check', () => {
  test('the checker catches broken syntax', () => {
    expect(mermaidProblems('graph TD\n  w1["a"]')).toEqual(["line 1: expected 'flowchart LR', got 'graph TD'"]);
    expect(mermaidProblems('flowchart LR\n  subgraph r1["x"]\n  w1["a"]')).toEqual(["1 subgraph(s) not closed with 'end'"]);
    expect(mermaidProblems('flowchart LR\n  w1["a "b" c"]')).toHaveLength(1);
    expect(mermaidProblems('flowchart LR\n  w1["a"]\n  w1 -> w2')).toHaveLength(1);
    expect(mermaidProblems('flowchart LR\n  w1["a"]\n  w1 -->|"x"| w2')).toEqual(['line 3: edge to undeclared node w2']);
    expect(mermaidProblems('flowchart LR\n  c1["a"]\n  w1 -->|"x"| c1')).toEqual(['line 3: edge to undeclared node w1']);
    expect(mermaidProblems('flowchart LR\n  end')).toEqual(["line 2: 'end' without a subgraph"]);
  });

  test('a report over several regions, odd names, components and dependencies parses', () => {
    const a = app();
    const east = usEast1(a, 'East');
    const eu = new Stack(a, 'Eu', { env: { account: '123456789012', region: 'eu-west-1' } });
    const odd = record(east, 'Odd', serviceProfile('api "v2" | [beta]'));
    new EgressAwareVpc(odd, 'Vpc', { workloadName: 'odd network' });
    const euVpc = new EgressAwareVpc(eu, 'Vpc', { workloadName: 'end' });
    record(eu, 'Svc', serviceProfile('subgraph', { dependsOn: [euVpc.node.path] }));
    new EgressAwareVpc(new Stack(a, 'Agnostic'), 'Vpc', { workloadName: 'flowchart' });
    a.synth();
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(readMarkdown(a))![1];
    expect(mermaidProblems(diagram)).toEqual([]);
    expect(diagram.match(/subgraph /g)).toHaveLength(3);
    expect(diagram).toContain('api #quot;v2#quot; | [beta]');
    expect(diagram).toMatch(/w\d -->\|"depends on"\| c\d/);
  });
});
