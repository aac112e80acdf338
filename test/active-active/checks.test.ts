import { Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { aaProps, TABLE } from './fixtures';
import { ActiveActiveRegions, CloudNativeChecks, CostChecks } from '../../src';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

/**
 * AwsSolutions and both of our packs through the plugin path at synth, findings counted per rule
 * and resource (duplicated plugin lines in multi-environment apps, aws-cdk #38483, count once).
 */
describe('ActiveActiveRegions with default props under AwsSolutions and our packs', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const aa = new ActiveActiveRegions(app, 'Shop', aaProps());
  const result = synthFindings(app);

  test('no unacknowledged finding in any region', () => {
    expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
    expect(ruleIds(result.findings)).toEqual([]);
  });

  test('the latency records need no acknowledgement: the latency rules judge them across the regional stacks', () => {
    for (const r of aa.records) {
      const acks = [r, r.node.defaultChild!].flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
      expect(JSON.stringify(acks)).not.toMatch(/Route53Latency/);
    }
  });
});

test('with a global table and two-way buckets: still no unacknowledged finding', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  new ActiveActiveRegions(app, 'Shop', aaProps({ table: TABLE, bucket: { bucketNamePrefix: 'shop-images' } }));
  expect(ruleIds(synthFindings(app).findings)).toEqual([]);
});

describe('the latency rules see what the construct gets right', () => {
  const lone = (healthChecked: boolean) => {
    const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    const stack = new Stack(app, 'Lone', { env: { account: '123456789012', region: 'us-east-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    new route53.ARecord(stack, 'Record', {
      zone,
      recordName: 'shop.example.com',
      target: route53.RecordTarget.fromIpAddresses('192.0.2.1'),
      region: 'us-east-1',
      setIdentifier: 'east',
      ttl: Duration.seconds(60),
      ...(healthChecked ? { healthCheck: new route53.HealthCheck(stack, 'Check', { type: route53.HealthCheckType.HTTP, fqdn: 'lb.example.com' }) } : {}),
    });
    return ruleIds(synthFindings(app).findings);
  };
  test('a lone latency record in one region is a finding (a region set of one); without a health check, two', () => {
    expect(lone(true)).toEqual(['CloudNative-Route53LatencyRegionSet']);
    expect(lone(false)).toEqual(['CloudNative-Route53LatencyHealthCheck', 'CloudNative-Route53LatencyRegionSet']);
  });
});
