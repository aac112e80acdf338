import { App, Aws, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { newApp, pairProps, ZONE } from './fixtures';
import { ActivePassiveRegionPair, ActivePassiveRegionPairProps, Failover, StandbyMode } from '../../src';

const build = (props: unknown, id = 'Shop', scope: App | Stack = newApp()) =>
  () => new ActivePassiveRegionPair(scope, id, props as ActivePassiveRegionPairProps);

describe('bad input: each a PatternValidationError naming the prop and the fix', () => {
  test('the same region twice', () => {
    expect(build(pairProps({ standby: { account: '123456789012', region: 'us-east-1' } }))).toThrow(
      '[Shop] primary.region and standby.region: are both us-east-1: a standby in the same region is lost with the primary. Fix: choose another region for the standby (e.g. us-west-2 for us-east-1)');
  });

  test('an unresolved region and a missing account', () => {
    expect(build(pairProps({ primary: { account: '123456789012', region: Aws.REGION }, standby: { region: 'us-west-2' } }))).toThrow(
      /2 problems with the props:\n {2}- primary.region: is a token \(known only at deploy time.*Fix: set primary.region to a concrete value such as 'us-east-1'.*\n {2}- standby.account: is required but was not given\. Fix: set standby.account to a concrete value/);
  });

  test('a TTL over 60 s', () => {
    expect(build(pairProps({ failover: Failover.dnsHealthCheck({ ttl: Duration.seconds(300) }) }))).toThrow(
      /failover.ttl: is 300 s; resolvers keep a failed region's answer that long.*Fix: set failover.ttl to at most Duration.seconds\(60\)/);
  });

  test.each([20, 5, 60])('an interval of %d s (10 or 30 only)', (s) => {
    expect(build(pairProps({ failover: Failover.dnsHealthCheck({ interval: Duration.seconds(s) }) }))).toThrow(
      new RegExp(`failover.interval: is ${s} s; Route 53 health checks run every 10 or 30 s only.*Fix: set failover.interval to Duration.seconds\\(10\\).*or Duration.seconds\\(30\\)`));
  });

  test.each([0, 11, 2.5])('a failure threshold of %d', (n) => {
    expect(build(pairProps({ failover: Failover.dnsHealthCheck({ failureThreshold: n }) }))).toThrow(/failover.failureThreshold: .*Fix: set failover.failureThreshold.* between 1 and 10/);
  });

  test('fewer than 3 checker regions, or repeats', () => {
    expect(build(pairProps({ failover: Failover.dnsHealthCheck({ regions: ['us-east-1', 'eu-west-1'] }) }))).toThrow(/failover.regions: lists 2 regions; Route 53 needs at least 3 distinct/);
    expect(build(pairProps({ failover: Failover.dnsHealthCheck({ regions: ['us-east-1', 'us-east-1', 'eu-west-1'] }) }))).toThrow(/failover.regions: lists 3 regions with repeats/);
  });

  test('a private hosted zone for an internet-facing endpoint', () => {
    expect(build(pairProps({ hostedZone: { ...ZONE, privateZone: true } }))).toThrow(
      /hostedZone.privateZone: is true, but a private hosted zone answers only inside its VPCs.*Fix: use the public hosted zone of the domain/);
  });

  test.each([0, 100, 50.5])('a warm capacityPercent of %d', (p) => {
    expect(build(pairProps({ standbyMode: StandbyMode.warmStandby({ capacityPercent: p }) }))).toThrow(/standbyMode.capacityPercent: .*Fix: set standbyMode.capacityPercent.* between 1 and 99/);
  });

  test('a record name outside the zone', () => {
    expect(build(pairProps({ recordName: 'shop.example.org' }))).toThrow("recordName: 'shop.example.org' is not in the zone example.com. Fix: set recordName to the full name in the zone, e.g. 'app.example.com'");
  });

  test('serviceProps that would reach across regions', () => {
    expect(build(pairProps({ serviceProps: { image: ecs.ContainerImage.fromRegistry('nginx'), domainName: 'shop.example.com' } }))).toThrow(
      /serviceProps.domainName: is set, but the pair owns the DNS records and the per-region certificates/);
  });

  test('both serviceProps and workloadBuilder, or neither', () => {
    expect(build(pairProps({ workloadBuilder: { buildRegion: () => { throw new Error('not called'); } } }))).toThrow(/serviceProps and workloadBuilder: are both given/);
    expect(build({ ...pairProps(), serviceProps: undefined })).toThrow(/serviceProps or workloadBuilder: is required/);
  });

  test('a builder that returns no load balancer', () => {
    expect(build({ ...pairProps(), serviceProps: undefined, workloadBuilder: { buildRegion: () => ({}) } })).toThrow(
      /workloadBuilder: buildRegion\(\) returned an object for the primary region, not a RegionalWorkload with a loadBalancer/);
  });

  test('inside a stack', () => {
    const app = newApp();
    const stack = new Stack(app, 'Outer');
    expect(build(pairProps(), 'Shop', stack)).toThrow(/scope: is inside the stack Outer; the pair creates one stack per region itself\. Fix: create the pair on the App or a Stage/);
  });

  describe('from JavaScript: missing or wrong props are the library\'s error, never a TypeError', () => {
    test('no props at all', () => {
      expect(build(undefined)).toThrow('[Shop] props: are required but were not given');
    });
    test('every required prop missing, reported together', () => {
      expect(build({})).toThrow(/\[Shop\] 5 problems with the props:\n {2}- primary: is required.*\n {2}- standby: is required.*\n {2}- hostedZone: is required.*\n {2}- recordName: is required.*\n {2}- serviceProps or workloadBuilder: is required/);
    });
    test('wrong kinds of values', () => {
      expect(build({ ...pairProps(), primary: { account: 123456789012, region: 'us-east-1' }, standbyMode: 'HOT', failover: { interval: 10 } })).toThrow(
        /primary.account: must be a string, got 123456789012.*\n.*standbyMode: must be a StandbyMode, got 'HOT'\. Fix: use StandbyMode.pilotLight\(\).*\n.*failover: must be a Failover, got an object/);
    });
    test('a hosted zone without its ID', () => {
      expect(build({ ...pairProps(), hostedZone: { zoneName: 'example.com' } })).toThrow(/hostedZone.hostedZoneId: is required but was not given\. Fix: set hostedZone.hostedZoneId to the zone ID/);
    });
  });
});
