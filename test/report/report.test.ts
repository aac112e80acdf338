import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { mermaidProblems } from './mermaid-grammar';
import { EgressAwareVpc, NatStrategy } from '../../src/network';
import { CloudNativeReport, FailureDomain, PatternProfiles, PolicyEnforcement, Profiles, ResiliencePolicy } from '../../src/report';
import { mermaidDiagram } from '../../src/report/markdown';

function app(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnr-')) });
}

/** A service-shaped construct that records the StatelessService profile, with a VPC of its own inside. */
function service(scope: Construct, id: string, opts: { desired?: number; nat?: NatStrategy; interval?: number; name?: string } = {}): Construct {
  const c = new Construct(scope, id);
  const name = opts.name ?? id;
  new EgressAwareVpc(c, 'Vpc', { natStrategy: opts.nat ?? NatStrategy.ONE_PER_ZONE, natProcessedGbPerMonth: 100, workloadName: `${name} network` });
  Profiles.record(c, PatternProfiles.statelessService({
    name, zones: 3, desiredCount: opts.desired ?? 3, minHealthyTasks: 2, cpu: 512, memoryMiB: 1024, healthCheckIntervalSeconds: opts.interval,
  }));
  return c;
}

function readReport(a: App): any {
  return JSON.parse(fs.readFileSync(path.join(a.outdir, 'cloud-native-report.json'), 'utf-8'));
}

describe('report files', () => {
  const a = app();
  const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  service(s, 'api');
  a.synth();
  const report = readReport(a);
  const md = fs.readFileSync(path.join(a.outdir, 'cloud-native-report.md'), 'utf-8');

  test('written into the cloud assembly folder at synth', () => {
    expect(report.generator).toBe('cdk-cloud-native-patterns');
    expect(md).toMatch(/^# Cloud-native report/);
    expect(md).toContain('```mermaid\nflowchart LR');
  });

  test('the VPC the service created is folded into the service workload', () => {
    expect(report.workloads).toHaveLength(1);
    const w = report.workloads[0];
    expect(w).toMatchObject({ name: 'api', pattern: 'StatelessService', path: 'Stack/api', region: 'us-east-1', zones: 3, components: ['Stack/api/Vpc'] });
  });

  test('exact cost lines, sorted by item, and a total that is their sum', () => {
    const w = report.workloads[0];
    expect(w.monthlyCostUsd.lines).toEqual([
      { item: 'Fargate x86 memory', arithmetic: '3 tasks x 1 GB x 730 h x $0.004445/GB-h = $9.73', usd: 9.73 },
      { item: 'Fargate x86 vCPU', arithmetic: '3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33', usd: 44.33 },
      { item: 'Internet data transfer out', arithmetic: '0 GB (assumed) x $0.09/GB = $0.00', usd: 0 },
      { item: 'Load balancer capacity units', arithmetic: '1 LCU (assumed average) x 730 h x $0.008/LCU-h = $5.84', usd: 5.84 },
      { item: 'Load balancer hours', arithmetic: '1 load balancer x 730 h x $0.0225/h = $16.43', usd: 16.43 },
      { item: 'Public IPv4 addresses', arithmetic: '3 load balancer addresses (one per zone, at least) x 730 h x $0.005/h = $10.95', usd: 10.95 },
      { item: 'api network: NAT gateway data processed', arithmetic: '100 GB (assumed) x $0.045/GB = $4.50', usd: 4.5 },
      { item: 'api network: NAT gateway hours', arithmetic: '3 NAT gateways x 730 h x $0.045/h = $98.55', usd: 98.55 },
      { item: 'api network: Public IPv4 addresses', arithmetic: '3 NAT gateway Elastic IPs x 730 h x $0.005/h = $10.95', usd: 10.95 },
    ]);
    expect(w.monthlyCostUsd.total).toBe(201.28);
    expect(report.totalMonthlyCostUsd).toBe(201.28);
  });

  test('RTO and RPO with their arithmetic', () => {
    const w = report.workloads[0];
    expect(w.rto).toEqual({ seconds: 140, arithmetic: 'max(instance 100 s, zone 100 s, bad deployment 140 s) = 140 s' });
    expect(w.rpo.seconds).toBe(0);
    expect(w.failureDomains.map((d: any) => [d.domain, d.survives, d.recoverySeconds])).toEqual([
      ['instance', true, 100], ['zone', true, 100], ['bad-deployment', true, 140], ['region', false, null],
    ]);
    expect(w.failureDomains[0].how).toMatch(/after 2 failed health checks/);
  });

  test('states the price table it used', () => {
    expect(report.workloads[0].pricedWith).toMatchObject({ region: 'us-east-1', asOf: '2026-11-01', overridden: [] });
  });

  test('snapshot', () => {
    expect(report).toMatchSnapshot();
    expect(md).toMatchSnapshot();
  });
});

describe('report composition', () => {
  test('a shared NAT gateway inside a service takes away its zone survival', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    service(s, 'api', { nat: NatStrategy.ONE_SHARED });
    a.synth();
    const zone = readReport(a).workloads[0].failureDomains.find((d: any) => d.domain === 'zone');
    expect(zone.survives).toBe(false);
    expect(zone.how).toMatch(/; but api network: one NAT gateway \(in dummy1a\) carries every zone's egress/);
  });

  test('workloads are sorted by name whatever the order they were created in; a standalone VPC is its own workload', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'eu-central-1' } });
    service(s, 'zeta');
    new EgressAwareVpc(s, 'Shared', { workloadName: 'shared network', natStrategy: NatStrategy.NONE });
    service(s, 'alpha');
    a.synth();
    const r = readReport(a);
    expect(r.workloads.map((w: any) => w.name)).toEqual(['alpha', 'shared network', 'zeta']);
    expect(r.workloads[0].monthlyCostUsd.lines.find((l: any) => l.item === 'alpha network: NAT gateway hours').arithmetic)
      .toBe('3 NAT gateways x 730 h x $0.052/h = $113.88');
  });

  test('price overrides apply; bad ones are errors with the fix', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new EgressAwareVpc(s, 'Vpc');
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

  test('a region without a table warns, names the override, and prices with us-east-1', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'sa-east-1' } });
    new EgressAwareVpc(s, 'Vpc');
    Annotations.fromStack(s).hasWarning('/Stack/Vpc',
      Match.stringLikeRegexp("sa-east-1 has no embedded price table.*usePricesFrom\\('<region>'\\) or priceOverrides.*NoPriceTable"));
    const w = readReport(a).workloads[0];
    expect(w.pricedWith).toMatchObject({ region: 'us-east-1', note: 'sa-east-1 has no embedded table: priced with us-east-1 prices' });
  });

  test('a stack without a region is priced with us-east-1 and says so', () => {
    const a = app();
    new EgressAwareVpc(new Stack(a, 'Stack'), 'Vpc');
    a.synth();
    const w = readReport(a).workloads[0];
    expect(w.region).toBeNull();
    expect(w.pricedWith.note).toBe('The stack has no concrete region: priced with us-east-1 prices');
  });
});

describe('ResiliencePolicy', () => {
  function synthWith(props: ConstructorParameters<typeof ResiliencePolicy>[2], opts: { interval?: number; onApp?: boolean } = {}): App {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const svc = service(s, 'api', { interval: opts.interval });
    new ResiliencePolicy(opts.onApp ? a : svc, 'Policy', props);
    a.synth();
    return a;
  }

  test('passes when every target is met, and the report says so', () => {
    const a = synthWith({ rto: Duration.minutes(3), rpo: Duration.seconds(0), monthlyBudgetUsd: 250 });
    expect(readReport(a).policies).toEqual([expect.objectContaining({ path: 'Stack/api/Policy', passed: true, appliesTo: ['Stack/api'], misses: [] })]);
  });

  test('an RTO miss fails synthesis naming the workload, target, modelled value with arithmetic and what would meet it', () => {
    expect(() => synthWith({ rto: Duration.seconds(135) })).toThrow(
      "[Stack/api/Policy] rto: workload 'api' (Stack/api) models RTO 140 s (max(instance 100 s, zone 100 s, bad deployment 140 s) = 140 s), "
      + 'above the target 135 s. Fix: RTO 135 s needs healthCheckInterval 5 s (models 130 s) or healthCheckInterval 5 s and healthCheckGracePeriod 30 s (models 100 s) '
      + 'or healthCheckInterval 5 s, healthCheckGracePeriod 30 s and a task that starts in 20 s (models 1 min); the current StatelessService configuration models 140 s');
  });

  test('an RTO no configuration meets says so and names the closest', () => {
    expect(() => synthWith({ rto: Duration.seconds(30) })).toThrow(/no modelled configuration of StatelessService meets RTO 30 s \(the closest, .* models 1 min\)/);
  });

  test('the report is written even when the policy fails', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new ResiliencePolicy(service(s, 'api'), 'Policy', { monthlyBudgetUsd: 100 });
    expect(() => a.synth()).toThrow(/monthlyBudgetUsd: 'api' \$201\.28 a month is above the budget \$100\.00\. Fix: cut \$101\.28 from the largest lines \('api' 3 NAT gateways x 730 h x \$0\.045\/h = \$98\.55; /);
    expect(readReport(a).policies[0]).toMatchObject({ passed: false });
  });

  test('an app-wide budget sums every workload', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    service(s, 'api');
    service(s, 'web');
    new ResiliencePolicy(a, 'Budget', { monthlyBudgetUsd: 400 });
    expect(() => a.synth()).toThrow(/\[Budget\] monthlyBudgetUsd: 'api' \$201\.28 \+ 'web' \$201\.28 = \$402\.56 a month is above the budget \$400\.00/);
  });

  test('a failure domain the workload must survive but does not', () => {
    expect(() => synthWith({ rto: Duration.minutes(5), mustSurvive: [FailureDomain.REGION] }))
      .toThrow(/mustSurvive: workload 'api' \(Stack\/api\) does not survive region failure: single region.*Fix: region needs a second region with automated failover \(ActivePassiveRegionPair with WARM or HOT standby/);
  });

  test('warns instead of failing only when asked', () => {
    const a = app();
    const s = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new ResiliencePolicy(service(s, 'api'), 'Policy', { rto: Duration.seconds(135), enforcement: PolicyEnforcement.WARN });
    Annotations.fromStack(s).hasWarning('/Stack/api/Policy',
      Match.stringLikeRegexp("rto: workload 'api' \\(Stack/api\\) models RTO 140 s.*\\[ack: cdk-cloud-native-patterns:ResiliencePolicy\\]"));
    expect(readReport(a).policies[0].passed).toBe(false);
  });

  test('a policy with no target, or over no workload, is an error', () => {
    expect(() => new ResiliencePolicy(new Stack(app(), 'S'), 'P', {})).toThrow(/rto, rpo and monthlyBudgetUsd: are all unset/);
    const a = app();
    new ResiliencePolicy(new Stack(a, 'Empty'), 'P', { rto: Duration.minutes(1) });
    expect(() => a.synth()).toThrow(/scope: no workload with a profile is under Empty/);
  });
});

describe('Mermaid diagram', () => {
  test('generated ids, quoted labels, regions as subgraphs, labelled edges', () => {
    const text = mermaidDiagram([{
      name: 'api "v2"',
      pattern: 'StatelessService',
      path: 'S/api',
      region: 'us-east-1',
      zones: 3,
      components: [],
      failureDomains: [],
      rto: { seconds: 0, arithmetic: '' },
      rpo: { seconds: 0, arithmetic: '' },
      monthlyCostUsd: { total: 1.5, lines: [] },
      pricedWith: { region: 'us-east-1', asOf: '', sources: [], confidence: '', overridden: [] },
      dataFlows: [{ from: 'users', to: 'api "v2"', label: 'HTTPS' }, { from: 'api "v2"', to: 'internet', label: 'egress' }],
      alternatives: [],
    }]);
    expect(text).toBe([
      'flowchart LR',
      '  subgraph r1_us_east_1["us-east-1"]',
      '    w1["api #quot;v2#quot;<br/>StatelessService, 3 zones<br/>$1.50/month"]',
      '  end',
      '  x1(["users"])',
      '  x2(["internet"])',
      '  x1 -->|"HTTPS"| w1',
      '  w1 -->|"egress"| x2',
    ].join('\n'));
  });
});

describe('Mermaid grammar check', () => {
  test('the checker catches broken syntax', () => {
    expect(mermaidProblems('graph TD\n  w1["a"]')).toEqual(["line 1: expected 'flowchart LR', got 'graph TD'"]);
    expect(mermaidProblems('flowchart LR\n  subgraph r1["x"]\n  w1["a"]')).toEqual(["1 subgraph(s) not closed with 'end'"]);
    expect(mermaidProblems('flowchart LR\n  w1["a "b" c"]')).toHaveLength(1);
    expect(mermaidProblems('flowchart LR\n  w1["a"]\n  w1 -> w2')).toHaveLength(1);
    expect(mermaidProblems('flowchart LR\n  w1["a"]\n  w1 -->|"x"| w2')).toEqual(['line 3: edge to undeclared node w2']);
    expect(mermaidProblems('flowchart LR\n  end')).toEqual(["line 2: 'end' without a subgraph"]);
  });

  test('a report over several regions, odd names and components parses', () => {
    const a = app();
    const east = new Stack(a, 'East', { env: { account: '123456789012', region: 'us-east-1' } });
    const eu = new Stack(a, 'Eu', { env: { account: '123456789012', region: 'eu-west-1' } });
    service(east, 'Odd', { name: 'api "v2" | [beta]' });
    service(eu, 'end');
    new EgressAwareVpc(new Stack(a, 'Agnostic'), 'Vpc', { workloadName: 'subgraph' });
    a.synth();
    const md = fs.readFileSync(path.join(a.outdir, 'cloud-native-report.md'), 'utf-8');
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(md)![1];
    expect(mermaidProblems(diagram)).toEqual([]);
    expect(diagram.match(/subgraph /g)).toHaveLength(3);
    expect(diagram).toContain('api #quot;v2#quot; | [beta]');
  });
});
