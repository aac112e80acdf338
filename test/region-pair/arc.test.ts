import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildPair, newApp, pairProps } from './fixtures';
import { ActivePassiveRegionPair, CloudNativeChecks, CostChecks, Failover, FailureDomain, ResiliencePolicy, StandbyMode } from '../../src';
import { ARC_ASSUMPTIONS, arcRecovery } from '../../src/region-pair/arc';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

const CROSS_REFERENCE = /Fn::ImportValue|Fn::GetStackOutput|Custom::CrossRegion|ExportsWriter|ExportsReader|CrossRegionExport/;
const warnings = (p: ActivePassiveRegionPair) => p.recoveryControl!.stack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));

describe('Failover.recoveryController(): ARC routing controls in a third stack', () => {
  const { pair, primary, standby } = buildPair({ failover: Failover.recoveryController() });
  const rc = pair.recoveryControl!;
  const arc = Template.fromStack(rc.stack);

  test('the recovery control stack is in us-west-2 (ARC\'s control plane), the primary\'s account, named <prefix>-recovery-control', () => {
    expect([rc.stack.region, rc.stack.account, rc.stack.stackName]).toEqual(['us-west-2', '123456789012', 'Shop-recovery-control']);
  });

  test('one cluster, one control panel, a routing control per region with deterministic names', () => {
    arc.resourceCountIs('AWS::Route53RecoveryControl::Cluster', 1);
    arc.hasResourceProperties('AWS::Route53RecoveryControl::Cluster', { Name: 'Shop-cluster' });
    arc.hasResourceProperties('AWS::Route53RecoveryControl::ControlPanel', { Name: 'Shop-panel', ClusterArn: { 'Fn::GetAtt': ['Cluster', 'ClusterArn'] } });
    const controls = arc.findResources('AWS::Route53RecoveryControl::RoutingControl');
    expect(Object.values(controls).map((c) => c.Properties.Name).sort()).toEqual(['Shop-primary-us-east-1', 'Shop-standby-us-west-2']);
    for (const c of Object.values(controls)) expect(c.Properties.ControlPanelArn).toEqual({ 'Fn::GetAtt': ['ControlPanel', 'ControlPanelArn'] });
  });

  test('an assertion safety rule: at least one of the two routing controls On (ATLEAST 1, not inverted, 5000 ms wait)', () => {
    arc.resourceCountIs('AWS::Route53RecoveryControl::SafetyRule', 1);
    arc.hasResourceProperties('AWS::Route53RecoveryControl::SafetyRule', {
      AssertionRule: {
        AssertedControls: [{ 'Fn::GetAtt': ['PrimaryRoutingControl', 'RoutingControlArn'] }, { 'Fn::GetAtt': ['StandbyRoutingControl', 'RoutingControlArn'] }],
        WaitPeriodMs: 5000,
      },
      RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
      GatingRule: Match.absent(),
    });
  });

  test('a RECOVERY_CONTROL health check per routing control on each failover record; the records alias the regional names', () => {
    const checks = Object.values(arc.findResources('AWS::Route53::HealthCheck')).map((c) => c.Properties.HealthCheckConfig);
    expect(checks).toEqual([
      { Type: 'RECOVERY_CONTROL', Inverted: false, RoutingControlArn: { 'Fn::GetAtt': ['PrimaryRoutingControl', 'RoutingControlArn'] } },
      { Type: 'RECOVERY_CONTROL', Inverted: false, RoutingControlArn: { 'Fn::GetAtt': ['StandbyRoutingControl', 'RoutingControlArn'] } },
    ]);
    const records = Object.values(arc.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties);
    const shape = (r: typeof records[number]) =>
      [r.Name, r.Failover, r.SetIdentifier, r.AliasTarget.DNSName, r.AliasTarget.EvaluateTargetHealth, r.HostedZoneId];
    expect(records.map(shape)).toEqual([
      ['shop.example.com.', 'PRIMARY', 'Shop-primary-us-east-1', 'us-east-1.shop.example.com', false, 'Z0123456789ABCDEFGHIJ'],
      ['shop.example.com.', 'SECONDARY', 'Shop-standby-us-west-2', 'us-west-2.shop.example.com', false, 'Z0123456789ABCDEFGHIJ'],
    ]);
    expect(records[0].HealthCheckId.Ref).toMatch(/^PrimaryRoutingControlHealthCheck/);
    expect(records[1].HealthCheckId.Ref).toMatch(/^StandbyRoutingControlHealthCheck/);
  });

  test('each regional stack owns a plain alias record <region>.<recordName> to its own load balancer, and no failover record', () => {
    for (const [t, region] of [[primary, 'us-east-1'], [standby, 'us-west-2']] as const) {
      const records = Object.values(t.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties);
      expect(records.map((r) => [r.Name, r.Failover, r.HealthCheckId, r.AliasTarget.EvaluateTargetHealth])).toEqual([[`${region}.shop.example.com.`, undefined, undefined, false]]);
      expect(JSON.stringify(records[0].AliasTarget.DNSName)).toContain('LoadBalancer');
      // The endpoint checks stay: the decision signal the runbook watches.
      t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS' }) });
    }
  });

  test('no stack of the ARC pair references another: no imports, stack outputs, exports or cross-region resources, no dependencies', () => {
    for (const t of [primary, standby, arc]) expect(JSON.stringify(t.toJSON())).not.toMatch(CROSS_REFERENCE);
    for (const s of [pair.primaryStack, pair.standbyStack, rc.stack]) expect(s.dependencies).toEqual([]);
  });

  test('outputs: the routing control ARNs, the cluster, and the exact failover and fail-back commands', () => {
    const outputs = arc.toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(['ClusterArn', 'FailBackAutomationCommand', 'FailBackCommand', 'FailoverAutomationCommand', 'FailoverCommand',
      'PrimaryRoutingControlArn', 'StandbyRoutingControlArn']);
    expect(outputs.FailoverAutomationCommand.Value).toBe('aws ssm start-automation-execution --region us-west-2 --document-name Shop-arc-failover');
    expect(outputs.FailBackAutomationCommand.Value).toBe('aws ssm start-automation-execution --region us-west-2 --document-name Shop-arc-fail-back');
    const text = (k: string) => (outputs[k].Value['Fn::Join'][1] as unknown[]).map((x) => (typeof x === 'string' ? x : `<${(x as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}>`)).join('');
    expect(text('FailoverCommand')).toBe('aws route53-recovery-cluster update-routing-control-states --region $ENDPOINT_REGION --endpoint-url $ENDPOINT_URL --update-routing-control-state-entries '
      + '\'[{"RoutingControlArn":"<PrimaryRoutingControl>","RoutingControlState":"Off"},{"RoutingControlArn":"<StandbyRoutingControl>","RoutingControlState":"On"}]\'');
    expect(text('FailBackCommand')).toContain('"<PrimaryRoutingControl>","RoutingControlState":"On"},{"RoutingControlArn":"<StandbyRoutingControl>","RoutingControlState":"On"}');
  });

  test('tagged warnings: the routing controls start Off, and without automatedBy the failover is manual', () => {
    expect(warnings(pair)).toEqual([
      expect.stringMatching(/^failover is Failover.recoveryController\(\): a new routing control is Off.*Shop-recovery-control.*\[ack: cdk-cloud-native-patterns:ArcRoutingControlsStartOff\]$/),
      expect.stringMatching(/without automatedBy: ARC detects nothing.*manual failover in the critical path.*\[ack: cdk-cloud-native-patterns:ManualFailover\]$/),
    ]);
  });

  test('RTO: decision 300 s (assumed) + propagation 30 s (assumed) + TTL 60 s + scale-up 260 s = 650 s, never called automatic', () => {
    expect(pair.regionRecovery.seconds).toBe(650);
    expect(pair.regionRecovery.arithmetic).toMatch(/^decision 300 s \(assumed: a person paged by the alarms.*ARC detects nothing.*\+ routing control -> RECOVERY_CONTROL health check -> Route 53 answer 30 s \(assumed; AWS publishes no figure\) \+ DNS 60 s .*\+ scale-up 2 -> 3 tasks: 1 target tracking step .* = 260 s = 650 s$/);
  });

  test('with automatedBy, only the Off warning remains', () => {
    const { pair: automated } = buildPair({ failover: Failover.recoveryController({ automatedBy: 'an EventBridge rule on the SLO alarm' }) });
    expect(warnings(automated)).toEqual([expect.stringMatching(/ArcRoutingControlsStartOff\]$/)]);
  });

  test('the DNS mode pair has no recovery control stack', () => {
    const { pair: dns } = buildPair();
    expect(dns.recoveryControl).toBeUndefined();
    expect(dns.node.findAll().filter((c) => c.node.id === 'RecoveryControl')).toEqual([]);
  });
});

describe('ARC arithmetic', () => {
  const base = {
    decisionSeconds: 300,
    ttlSeconds: 60,
    primaryTasks: 3,
    standbyTasks: 3,
    taskStartSeconds: 60,
    targetHealthCheckIntervalSeconds: 10,
    healthyThresholdCount: 2,
    targetCpuUtilizationPercent: 50,
  };
  test('hot: 300 + 30 + 60 = 390 s; pilot light: two steps, 910 s; an automation deciding in 60 s: 150 s hot', () => {
    expect(arcRecovery(base).seconds).toBe(390);
    expect(arcRecovery({ ...base, standbyTasks: 1 }).seconds).toBe(910);
    const automated = arcRecovery({ ...base, decisionSeconds: 60, automatedBy: 'an EventBridge rule on the SLO alarm' });
    expect(automated.seconds).toBe(150);
    expect(automated.arithmetic).toMatch(/^decision 60 s \(assumed: an EventBridge rule on the SLO alarm flips the routing controls\)/);
    expect(ARC_ASSUMPTIONS.healthCheckPropagationSeconds).toBe(30);
  });
  test('no task count: the scale-up is said to be not modelled', () => {
    expect(arcRecovery({ ...base, primaryTasks: undefined, standbyTasks: undefined }).arithmetic).toContain('scale-up not modelled (the workload gave no taskCount) = 390 s');
  });
});

describe('the ARC pair in the report, runbook and policy', () => {
  const app = newApp();
  const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps({
    failover: Failover.recoveryController({ decisionTime: Duration.minutes(2), automatedBy: 'an EventBridge rule on the SLO alarm' }),
    standbyMode: StandbyMode.hotStandby(),
  }));
  new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.REGION], rto: Duration.minutes(10) });
  const dir = app.synth().directory;
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'cloud-native-report.json'), 'utf8'));
  const runbook = fs.readFileSync(path.join(dir, pair.runbookFileName), 'utf8');
  const w = report.workloads[0];

  test('the region entry says ARC moves traffic NOT automatically and names the declared automation', () => {
    const region = w.failureDomains.find((d: { domain: string }) => d.domain === FailureDomain.REGION);
    expect(region.how).toMatch(/^ARC routing controls move traffic from us-east-1 to us-west-2, NOT automatically: ARC detects nothing, the pair's author declares that an EventBridge rule on the SLO alarm flips them \(not built nor checked by the pair\)/);
    expect(region.how).not.toContain('by itself');
    expect(pair.regionRecovery.seconds).toBe(120 + 30 + 60);
  });

  test('the ARC cluster is priced at $2.50/h x 730 h = $1,825/month, marked unconfirmed, next to the health checks', () => {
    const cluster = w.monthlyCostUsd.lines.find((l: { item: string }) => l.item === 'ARC cluster (routing control)');
    expect(cluster.usd).toBe(1825);
    expect(cluster.arithmetic).toMatch(/^1 cluster x 730 h x \$2.50\/h \(assumed, UNCONFIRMED: third-party figure seen 2026-12-01; ARC pricing page not read\) = \$1,?825.00$/);
    const rc = w.monthlyCostUsd.lines.find((l: { item: string }) => l.item === 'Route 53 routing control health checks');
    expect(rc.usd).toBe(1);
  });

  test('a policy on region loss within 10 minutes passes for the hot ARC pair (210 s)', () => {
    expect(report.policies[0]).toMatchObject({ passed: true, misses: [] });
  });

  test('the runbook: deployment order, the loud Off warning, endpoint lookup in us-west-2, failover and fail-back commands', () => {
    expect(runbook).toContain('Region loss, NOT automatic (ARC');
    expect(runbook).not.toContain('Region loss, automatic (no person)');
    expect(runbook).toContain('**Warning: a new routing control is Off: turn the primary\'s On right after the first `cdk deploy Shop-recovery-control`**');
    expect(runbook).toContain('```sh\ncdk deploy Shop-standby\ncdk deploy Shop-primary\ncdk deploy Shop-recovery-control\n```');
    expect(runbook).toContain('Neither regional stack references the recovery control stack: deploy it last');
    expect(runbook).not.toContain('until both records exist');
    expect(runbook).not.toContain('inverted primary health check seen unhealthy');
    expect(runbook).not.toMatch(/## Failover\n\n##/);
    expect(runbook).toContain("aws route53-recovery-control-config describe-cluster --region us-west-2 --cluster-arn $CLUSTER --query 'Cluster.ClusterEndpoints[0].[Region,Endpoint]' --output text");
    expect(runbook).toContain('aws route53-recovery-cluster update-routing-control-states --region $ENDPOINT_REGION --endpoint-url $ENDPOINT_URL --update-routing-control-state-entries "[{\\"RoutingControlArn\\":\\"$PRIMARY_RC\\",\\"RoutingControlState\\":\\"Off\\"},{\\"RoutingControlArn\\":\\"$STANDBY_RC\\",\\"RoutingControlState\\":\\"On\\"}]"');
    expect(runbook).toContain('\\"RoutingControlState\\":\\"On\\"},{\\"RoutingControlArn\\":\\"$STANDBY_RC\\",\\"RoutingControlState\\":\\"On\\"}]"');
    expect(runbook).toContain('--stack-name Shop-recovery-control --query "Stacks[0].Outputs[?OutputKey==\'PrimaryRoutingControlArn\'].OutputValue"');
    expect(runbook).toContain('```sh\naws ssm start-automation-execution --region us-west-2 --document-name Shop-arc-failover\n```');
    expect(runbook).toContain('```sh\naws ssm start-automation-execution --region us-west-2 --document-name Shop-arc-fail-back\n```');
    expect(runbook).toContain('Fail back in one command: both On first (the safety rule holds at every step)');
    expect(runbook.indexOf('--document-name Shop-arc-failover')).toBeLessThan(runbook.indexOf('### Manual fallback'));
    expect(runbook.indexOf('### Manual fallback')).toBeLessThan(runbook.indexOf('PRIMARY_RC=$('));
    // The DNS documents (regional health check inversion) are not offered in ARC mode.
    expect(runbook).not.toContain('--document-name Shop-failover');
    expect(runbook).not.toContain('--document-name Shop-fail-back');
    expect(runbook).not.toContain('<cluster>');
  });
});

describe('a manual ARC pair (no automatedBy) does not survive a region: survival means without a person acting', () => {
  const app = newApp();
  const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps({ failover: Failover.recoveryController() }));
  new ResiliencePolicy(app, 'Policy', { mustSurvive: [FailureDomain.REGION], rto: Duration.minutes(30) });
  const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8'));
  const w = report.workloads[0];
  const region = w.failureDomains.find((d: { domain: string }) => d.domain === FailureDomain.REGION);

  test('the region entry is not survived, says why, and states what a person would reach (650 s after the decision)', () => {
    expect(region.survives).toBe(false);
    expect(region.how).toMatch(/^not without a person: the outage lasts until someone flips the routing controls \(after that decision, 650 s = decision 300 s/);
    expect(region.how).toContain('a person must run the failover command (manual failover: no automation declared)');
    expect(w.rto.arithmetic).not.toMatch(/region/);
    expect(pair.regionRecovery.seconds).toBe(650);
  });

  test('the alternative offered is automatic DNS failover, with its RTO (350 s)', () => {
    expect(w.alternatives).toEqual([expect.objectContaining({ change: 'Failover.dnsHealthCheck() (automatic DNS failover, no ARC cluster)', rtoSeconds: 350 })]);
  });

  test('a policy requiring a region fails for it', () => {
    expect(report.policies[0].passed).toBe(false);
    expect(JSON.stringify(report.policies[0].misses)).toMatch(/does not survive region/);
  });
});

test('ARC with a replicated bucket keeps the standby-first order and adds the recovery control stack last, once', () => {
  const app = newApp();
  const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps({ failover: Failover.recoveryController(), bucket: { bucketNamePrefix: 'shop-assets' } }));
  const runbook = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
  const order = runbook.slice(runbook.indexOf('## Deployment order'), runbook.indexOf('## Modelled recovery'));
  expect(order).toContain('The first deployment must go standby first');
  expect(order.split('deploy it last').length).toBe(2);
  expect(order).not.toContain('until both records exist');
});

describe('bad ARC input: one error naming each prop and its fix', () => {
  test('decisionTime not a Duration, an empty automatedBy and a namePrefix with spaces are reported together', () => {
    const js = { decisionTime: 300, automatedBy: '  ', namePrefix: 'my shop' } as unknown as Parameters<typeof Failover.recoveryController>[0];
    expect(() => buildPair({ failover: Failover.recoveryController(js) })).toThrow(
      /3 problems[\s\S]*failover.decisionTime: must be a Duration, got 300. Fix: set failover.decisionTime with Duration.seconds[\s\S]*failover.automatedBy: is an empty string. Fix: describe what flips the routing controls[\s\S]*failover.namePrefix: 'my shop' is not usable in ARC resource names.*Fix: set failover.namePrefix/);
  });
  test('a fractional decision time is an error with the whole-seconds fix', () => {
    expect(() => buildPair({ failover: Failover.recoveryController({ decisionTime: Duration.millis(1500) }) })).toThrow(/failover.decisionTime: is 1 second 500 millis, not a whole number of seconds.*Fix: set failover.decisionTime to Duration.seconds\(2\)/);
  });
  test('null options from JavaScript give the defaults, not a TypeError', () => {
    const { pair } = buildPair({ failover: Failover.recoveryController(null as unknown as undefined) });
    expect(pair.regionRecovery.seconds).toBe(650);
  });
});

describe('an ARC pair under AwsSolutions and our packs', () => {
  test('no unacknowledged finding in any of the three stacks', () => {
    const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    new ActivePassiveRegionPair(app, 'Shop', pairProps({ failover: Failover.recoveryController({ automatedBy: 'an EventBridge rule on the SLO alarm' }) }));
    const result = synthFindings(app);
    expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
    expect(ruleIds(result.findings)).toEqual([]);
  });
});

describe('ARC pair snapshots', () => {
  const { pair, primary, standby } = buildPair({ failover: Failover.recoveryController() });
  const arc = Template.fromStack(pair.recoveryControl!.stack);
  test.each([
    ['primary', primary, 0, 1, 1],
    ['standby', standby, 0, 1, 1],
    ['recovery-control', arc, 1, 2, 2],
  ])('%s stack', (_name, t: Template, clusters: number, records: number, healthChecks: number) => {
    t.resourceCountIs('AWS::Route53RecoveryControl::Cluster', clusters);
    t.resourceCountIs('AWS::Route53RecoveryControl::RoutingControl', clusters * 2);
    t.resourceCountIs('AWS::Route53::RecordSet', records);
    t.resourceCountIs('AWS::Route53::HealthCheck', healthChecks);
    expect(t.toJSON()).toMatchSnapshot();
  });
});
