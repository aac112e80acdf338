import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Route53FailoverHealthCheckRule } from '../../../src/nag/rules/route53/Route53FailoverHealthCheck';
import { Route53FailoverPairRule } from '../../../src/nag/rules/route53/Route53FailoverPair';
import { Route53HealthCheckedTTLRule } from '../../../src/nag/rules/route53/Route53HealthCheckedTTL';
import { Route53LatencyHealthCheckRule } from '../../../src/nag/rules/route53/Route53LatencyHealthCheck';
import { Route53LatencyRegionSetRule } from '../../../src/nag/rules/route53/Route53LatencyRegionSet';
import { expectCompliant, expectNonCompliant, expectNotApplicable, newStack, packFindings, res } from '../helpers';

const RS = 'AWS::Route53::RecordSet';
function record(stack: Stack, id: string, extra: { [k: string]: unknown }) {
  return res(stack, id, RS, { HostedZoneId: 'Z1', Name: 'app.example.com.', Type: 'A', SetIdentifier: id, ...extra });
}
const hc = { HealthCheckId: 'hc-1', TTL: '60', ResourceRecords: ['192.0.2.1'] };

describe('Route53FailoverHealthCheck', () => {
  test('Noncompliance 1: primary with neither health check nor target-health evaluation', () => {
    const stack = newStack();
    record(stack, 'Primary', { Failover: 'PRIMARY', TTL: '60', ResourceRecords: ['192.0.2.1'] });
    record(stack, 'Secondary', { Failover: 'SECONDARY', TTL: '60', ResourceRecords: ['192.0.2.2'] });
    expectNonCompliant(stack, Route53FailoverHealthCheckRule, 'Primary');
  });
  test('Noncompliance 2: alias primary with EvaluateTargetHealth false, in a record set group', () => {
    const stack = newStack();
    res(stack, 'Group', 'AWS::Route53::RecordSetGroup', {
      HostedZoneId: 'Z1',
      RecordSets: [
        { Name: 'app.example.com', Type: 'A', SetIdentifier: 'p', Failover: 'PRIMARY', AliasTarget: { DNSName: 'lb-1', HostedZoneId: 'Z2', EvaluateTargetHealth: false } },
        { Name: 'app.example.com', Type: 'A', SetIdentifier: 's', Failover: 'SECONDARY', AliasTarget: { DNSName: 'lb-2', HostedZoneId: 'Z2' } },
      ],
    });
    const [f] = expectNonCompliant(stack, Route53FailoverHealthCheckRule, 'Group');
    expect(f.description).toMatch(/Records: app\.example\.com A\./);
  });
  test('Compliance: health check, or alias with target-health evaluation, or a health check reference', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Hc');
    record(stack, 'A', { Failover: 'PRIMARY', ...hc });
    record(stack, 'B', { Failover: 'PRIMARY', Name: 'b.example.com', AliasTarget: { DNSName: 'lb', HostedZoneId: 'Z2', EvaluateTargetHealth: true } });
    record(stack, 'C', { Failover: 'PRIMARY', Name: 'c.example.com', TTL: '60', ResourceRecords: ['192.0.2.1'], HealthCheckId: p.valueAsString });
    for (const id of ['A', 'B', 'C']) expectCompliant(stack, Route53FailoverHealthCheckRule, id);
  });
  test('Not applicable: simple and secondary records', () => {
    const stack = newStack();
    record(stack, 'Simple', { TTL: '300', ResourceRecords: ['192.0.2.1'], SetIdentifier: undefined });
    record(stack, 'Secondary', { Failover: 'SECONDARY', TTL: '60', ResourceRecords: ['192.0.2.2'] });
    expectNotApplicable(stack, Route53FailoverHealthCheckRule);
  });
});

describe('Route53FailoverPair', () => {
  test('Noncompliance 1: primary without secondary', () => {
    const stack = newStack();
    record(stack, 'Primary', { Failover: 'PRIMARY', ...hc });
    const [f] = expectNonCompliant(stack, Route53FailoverPairRule, 'Primary');
    expect(f.description).toMatch(/PRIMARY without SECONDARY/);
  });
  test('Noncompliance 2: secondary whose primary answers another name', () => {
    const stack = newStack();
    record(stack, 'Primary', { Failover: 'PRIMARY', ...hc, Name: 'api.example.com.' });
    record(stack, 'Secondary', { Failover: 'SECONDARY', TTL: '60', ResourceRecords: ['192.0.2.2'] });
    expectNonCompliant(stack, Route53FailoverPairRule, 'Primary', 'Secondary');
  });
  test('Compliance: a pair (names compared without case and trailing dot), or names from parameters', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Name');
    record(stack, 'A', { Failover: 'PRIMARY', ...hc });
    record(stack, 'B', { Failover: 'SECONDARY', Name: 'APP.example.com', TTL: '60', ResourceRecords: ['192.0.2.2'] });
    record(stack, 'C', { Failover: 'PRIMARY', ...hc, Name: p.valueAsString, Type: 'AAAA' });
    record(stack, 'D', { Failover: 'SECONDARY', Name: 'other.example.com', Type: 'AAAA', TTL: '60', ResourceRecords: ['::1'] });
    for (const id of ['A', 'B', 'C', 'D']) expectCompliant(stack, Route53FailoverPairRule, id);
  });
  test('Noncompliance 3: a parameter name of another type does not pair an A record', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Name');
    record(stack, 'A', { Failover: 'PRIMARY', ...hc });
    record(stack, 'C', { Failover: 'SECONDARY', Name: p.valueAsString, Type: 'AAAA', TTL: '60', ResourceRecords: ['::1'] });
    expectNonCompliant(stack, Route53FailoverPairRule, 'A', 'C');
  });
  test('Not applicable: records without failover', () => {
    const stack = newStack();
    record(stack, 'Simple', { TTL: '300', ResourceRecords: ['192.0.2.1'], SetIdentifier: undefined });
    expectNotApplicable(stack, Route53FailoverPairRule);
  });
});

describe('Route53FailoverPair across the stacks of an app (a region pair)', () => {
  function regionPair(secondaryRole: string, zone: (stack: Stack) => unknown = () => 'Z1') {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: '123456789012', region: 'us-east-1' } });
    const west = new Stack(app, 'West', { env: { account: '123456789012', region: 'us-west-2' } });
    record(east, 'Primary', { Failover: 'PRIMARY', ...hc, HostedZoneId: zone(east) });
    record(west, 'Secondary', { Failover: secondaryRole, TTL: '60', ResourceRecords: ['192.0.2.2'], HostedZoneId: zone(west) });
    return app;
  }
  const pairFindings = (app: App) => packFindings(app).filter((f) => f.ruleId === 'CloudNative-Route53FailoverPair').map((f) => f.constructPath);
  test('Compliance: PRIMARY in one regional stack and SECONDARY in the other (the same zone id)', () => {
    expect(pairFindings(regionPair('SECONDARY'))).toEqual([]);
  });
  test('Compliance: each stack refers to its own zone resource: a reference in another stack is not comparable', () => {
    const app = regionPair('SECONDARY', (stack) => res(stack, 'Zone', 'AWS::Route53::HostedZone', { Name: 'example.com' }).ref);
    expect(pairFindings(app)).toEqual([]);
  });
  test('Noncompliance: two PRIMARY records in two stacks, each without a SECONDARY', () => {
    expect(pairFindings(regionPair('PRIMARY'))).toEqual(['East/Primary', 'West/Secondary']);
  });
  test('Noncompliance: the other stack\'s record is in another zone', () => {
    const app = new App();
    const east = new Stack(app, 'East');
    const west = new Stack(app, 'West');
    record(east, 'Primary', { Failover: 'PRIMARY', ...hc, HostedZoneId: 'Z1' });
    record(west, 'Secondary', { Failover: 'SECONDARY', TTL: '60', ResourceRecords: ['192.0.2.2'], HostedZoneId: 'Z2' });
    expect(pairFindings(app)).toEqual(['East/Primary', 'West/Secondary']);
  });
});

describe('Route53HealthCheckedTTL', () => {
  test('Noncompliance 1: health-checked record with TTL 300', () => {
    const stack = newStack();
    record(stack, 'Rec', { ...hc, TTL: '300', Weight: 1 });
    const [f] = expectNonCompliant(stack, Route53HealthCheckedTTLRule, 'Rec');
    expect(f.description).toMatch(/TTL 300 s/);
  });
  test('Noncompliance 2: health-checked failover record with TTL 120 (number)', () => {
    const stack = newStack();
    record(stack, 'Rec', { ...hc, TTL: 120, Failover: 'PRIMARY' });
    expectNonCompliant(stack, Route53HealthCheckedTTLRule, 'Rec');
  });
  test('Compliance: TTL 60', () => {
    const stack = newStack();
    record(stack, 'Rec', { ...hc, Weight: 1 });
    expectCompliant(stack, Route53HealthCheckedTTLRule, 'Rec');
  });
  test('Not applicable: records without health checks', () => {
    const stack = newStack();
    record(stack, 'Rec', { TTL: '3600', ResourceRecords: ['192.0.2.1'], SetIdentifier: undefined });
    expectNotApplicable(stack, Route53HealthCheckedTTLRule);
  });
});

const alias = (evaluate: boolean | undefined) => ({ AliasTarget: { DNSName: 'lb', HostedZoneId: 'Z2', ...(evaluate === undefined ? {} : { EvaluateTargetHealth: evaluate }) } });

describe('Route53LatencyHealthCheck', () => {
  test('Noncompliance 1: latency record with neither health check nor target-health evaluation', () => {
    const stack = newStack();
    record(stack, 'East', { Region: 'us-east-1', TTL: '60', ResourceRecords: ['192.0.2.1'] });
    const [f] = expectNonCompliant(stack, Route53LatencyHealthCheckRule, 'East');
    expect(f.description).toMatch(/Records: app\.example\.com\. A \(us-east-1\)\./);
  });
  test('Noncompliance 2: alias latency record with EvaluateTargetHealth false or absent, in a record set group', () => {
    const stack = newStack();
    res(stack, 'Group', 'AWS::Route53::RecordSetGroup', {
      HostedZoneId: 'Z1',
      RecordSets: [
        { Name: 'app.example.com', Type: 'A', SetIdentifier: 'e', Region: 'us-east-1', ...alias(false) },
        { Name: 'app.example.com', Type: 'A', SetIdentifier: 'w', Region: 'us-west-2', ...alias(undefined) },
      ],
    });
    const [f] = expectNonCompliant(stack, Route53LatencyHealthCheckRule, 'Group');
    expect(f.description).toMatch(/\(us-east-1\), app\.example\.com A \(us-west-2\)/);
  });
  test('Compliance: a health check, or an alias evaluating target health, or a region from a parameter with a health check', () => {
    const stack = newStack();
    const region = new CfnParameter(stack, 'Region');
    record(stack, 'A', { Region: 'us-east-1', ...hc });
    record(stack, 'B', { Region: 'us-west-2', ...alias(true) });
    record(stack, 'C', { Region: region.valueAsString, ...hc });
    for (const id of ['A', 'B', 'C']) expectCompliant(stack, Route53LatencyHealthCheckRule, id);
  });
  test('Not applicable: failover, weighted and simple records', () => {
    const stack = newStack();
    record(stack, 'Primary', { Failover: 'PRIMARY', TTL: '60', ResourceRecords: ['192.0.2.1'] });
    record(stack, 'Weighted', { Weight: 1, TTL: '60', ResourceRecords: ['192.0.2.1'] });
    record(stack, 'Simple', { TTL: '300', ResourceRecords: ['192.0.2.1'], SetIdentifier: undefined });
    expectNotApplicable(stack, Route53LatencyHealthCheckRule);
  });
});

describe('Route53LatencyRegionSet (judged across the stacks of an app)', () => {
  test('Noncompliance 1: a latency record alone in its region set', () => {
    const stack = newStack();
    record(stack, 'East', { Region: 'us-east-1', ...hc });
    const [f] = expectNonCompliant(stack, Route53LatencyRegionSetRule, 'East');
    expect(f.description).toMatch(/only us-east-1/);
  });
  test('Noncompliance 2: two records of one name, both in us-east-1; the other region answers another name', () => {
    const stack = newStack();
    record(stack, 'A', { Region: 'us-east-1', ...hc });
    record(stack, 'B', { Region: 'us-east-1', ...hc });
    record(stack, 'C', { Region: 'us-west-2', ...hc, Name: 'api.example.com' });
    expectNonCompliant(stack, Route53LatencyRegionSetRule, 'A', 'B', 'C');
  });
  test('Compliance: two regions in one stack (names compared without case and trailing dot), or a region from a parameter', () => {
    const stack = newStack();
    const region = new CfnParameter(stack, 'Region');
    record(stack, 'A', { Region: 'us-east-1', ...hc });
    record(stack, 'B', { Region: 'us-west-2', ...hc, Name: 'APP.example.com' });
    record(stack, 'C', { Region: 'eu-west-1', ...hc, Name: 'other.example.com' });
    record(stack, 'D', { Region: region.valueAsString, ...hc, Name: 'other.example.com' });
    for (const id of ['A', 'B', 'C']) expectCompliant(stack, Route53LatencyRegionSetRule, id);
  });
  test('Not applicable: records without latency routing, or with a region from a parameter only', () => {
    const stack = newStack();
    const region = new CfnParameter(stack, 'Region');
    record(stack, 'Primary', { Failover: 'PRIMARY', ...hc });
    record(stack, 'Any', { Region: region.valueAsString, ...hc, Name: 'x.example.com' });
    expectNotApplicable(stack, Route53LatencyRegionSetRule);
  });

  function regions(second: string, zone: (stack: Stack) => unknown = () => 'Z1') {
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: '123456789012', region: 'us-east-1' } });
    const west = new Stack(app, 'West', { env: { account: '123456789012', region: 'us-west-2' } });
    record(east, 'Latency', { Region: 'us-east-1', ...hc, HostedZoneId: zone(east) });
    record(west, 'Latency', { Region: second, ...hc, HostedZoneId: zone(west) });
    return app;
  }
  const setFindings = (app: App) => packFindings(app).filter((f) => f.ruleId === 'CloudNative-Route53LatencyRegionSet').map((f) => f.constructPath);
  test('Compliance: one latency record in each regional stack of the app', () => {
    expect(setFindings(regions('us-west-2'))).toEqual([]);
  });
  test('Compliance: each stack refers to its own zone resource (a reference in another stack is not comparable)', () => {
    expect(setFindings(regions('us-west-2', (stack) => res(stack, 'Zone', 'AWS::Route53::HostedZone', { Name: 'example.com' }).ref))).toEqual([]);
  });
  test('Noncompliance: both regional stacks answer from us-east-1 (a region set of one)', () => {
    expect(setFindings(regions('us-east-1'))).toEqual(['East/Latency', 'West/Latency']);
  });
  test('Noncompliance: the other region\'s record is in another zone', () => {
    expect(setFindings(regions('us-west-2', (stack) => (stack.node.id === 'East' ? 'Z1' : 'Z2')))).toEqual(['East/Latency', 'West/Latency']);
  });
});
