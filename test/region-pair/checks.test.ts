import { Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IMAGE, pairProps } from './fixtures';
import { ActivePassiveRegionPair, CloudNativeChecks, CostChecks, StandbyMode, StatelessService } from '../../src';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

/**
 * AwsSolutions and both of our packs on a pair with default props, through the plugin path at synth
 * (findings counted per rule and resource: duplicated plugin lines in multi-environment apps, aws-cdk
 * #38483, are not counted twice).
 */
describe('ActivePassiveRegionPair with default props under AwsSolutions and our packs', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps());
  const result = synthFindings(app);

  test('no unacknowledged finding in either region', () => {
    expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
    expect(ruleIds(result.findings)).toEqual([]);
  });

  test('the failover records need no acknowledgement: CloudNative-Route53FailoverPair pairs PRIMARY and SECONDARY across the regional stacks', () => {
    for (const r of [pair.primaryRecord, pair.standbyRecord]) {
      const acks = [r, r.node.defaultChild!].flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
      expect(JSON.stringify(acks)).not.toContain('Route53FailoverPair');
    }
  });
});

describe('a pilot light pair under our packs', () => {
  test('the one-task standby is acknowledged with its reason, nothing else is found', () => {
    const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    new ActivePassiveRegionPair(app, 'Shop', pairProps({ standbyMode: StandbyMode.pilotLight() }));
    const result = synthFindings(app);
    expect(ruleIds(result.findings)).toEqual([]);
  });
});

describe('the checks see what the pair acknowledges', () => {
  test('a lone PRIMARY failover record (no SECONDARY anywhere in the app) is a finding', () => {
    const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    const stack = new Stack(app, 'Lone', { env: { account: '123456789012', region: 'us-east-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const check = new route53.HealthCheck(stack, 'Check', { type: route53.HealthCheckType.HTTP, fqdn: 'lb.example.com' });
    new route53.ARecord(stack, 'Record', {
      zone,
      recordName: 'shop.example.com',
      target: route53.RecordTarget.fromIpAddresses('192.0.2.1'),
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'p',
      healthCheck: check,
      ttl: Duration.seconds(60),
    });
    expect(ruleIds(synthFindings(app).findings)).toEqual(['CloudNative-Route53FailoverPair']);
  });
});

test('a one-task StatelessService (what a pilot light standby runs) is a finding without the pair\'s acknowledgement', () => {
  const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = new Stack(app, 'One', { env: { account: '123456789012', region: 'us-west-2' } });
  new StatelessService(stack, 'Service', { image: IMAGE, desiredCount: 1, requireZoneLossHeadroom: false, scratchPaths: ['/var/cache/nginx', '/var/run'] });
  expect(ruleIds(synthFindings(app).findings)).toEqual(['CloudNative-ECSServiceSingleTask']);
});
