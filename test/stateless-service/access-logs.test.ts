import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StatelessService } from '../../src';

const image = ecs.ContainerImage.fromRegistry('nginx');

function regionalStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('access logs', () => {
  test('services of one stack share one retained bucket, each under its own prefix with its own expiry', () => {
    const stack = regionalStack();
    const a = new StatelessService(stack, 'A', { image });
    const b = new StatelessService(stack, 'B', { image, accessLogRetention: Duration.days(30) });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.resourceCountIs('AWS::S3::BucketPolicy', 1);
    expect(a.accessLogsBucket).toBe(b.accessLogsBucket);
    expect(a.accessLogsPrefix).toBe('alb/Stack/A');
    expect(b.accessLogsPrefix).toBe('alb/Stack/B');
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    t.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          { Id: 'noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' },
          { Id: 'alb/Stack/A', Prefix: 'alb/Stack/A/', ExpirationInDays: 90, Status: 'Enabled' },
          { Id: 'alb/Stack/B', Prefix: 'alb/Stack/B/', ExpirationInDays: 30, Status: 'Enabled' },
        ],
      },
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.prefix', Value: 'alb/Stack/A' }]),
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.prefix', Value: 'alb/Stack/B' }]),
    });
  });

  test('the shared bucket has a stable logical id at the stack root', () => {
    const stack = regionalStack();
    new StatelessService(stack, 'Web', { image });
    const ids = Object.keys(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^StatelessServiceAccessLogs[0-9A-F]{8}$/);
  });

  test('a given bucket is used, no bucket is created, and accessLogRetention is a tagged warning', () => {
    const stack = regionalStack();
    const central = s3.Bucket.fromBucketName(stack, 'Central', 'org-central-logs');
    const web = new StatelessService(stack, 'Web', { image, accessLogsBucket: central, accessLogRetention: Duration.days(30) });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 0);
    expect(web.accessLogsBucket).toBe(central);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.bucket', Value: 'org-central-logs' },
        { Key: 'access_logs.s3.prefix', Value: 'alb/Stack/Web' },
      ]),
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('cdk-cloud-native-patterns:AccessLogRetentionIgnored'));
  });

  test('a retention that is not a whole number of days is an error naming the prop', () => {
    expect(() => new StatelessService(regionalStack(), 'Web', { image, accessLogRetention: Duration.hours(36) }))
      .toThrow(/accessLogRetention: is 1 day 12 hours, not a whole number of days \(CloudFormation takes whole days\)\. Fix: set accessLogRetention to Duration\.days\(2\) or another whole number of days of at least 1/);
  });
});
