import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { LoadBalancedObjective, ServiceCapacity, StatelessService } from '../../src';

// Snapshots catch unintended template drift; every behaviour they contain is also asserted by a
// specific test in defaults.test.ts, errors.test.ts, report.test.ts and spot-fallback.test.ts.
// Asset hashes are stripped by test/setup.ts, so the snapshots are the same on every machine.
function template(props: Partial<ConstructorParameters<typeof StatelessService>[2]> = {}): Template {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx'), ...props });
  return Template.fromStack(stack);
}

test('default props', () => {
  const t = template();
  // What this configuration is: one on-demand service of 3 tasks, its own VPC, one access-log bucket, no alarms.
  t.resourceCountIs('AWS::ECS::Service', 1);
  t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: Match.absent(), LaunchType: 'FARGATE' });
  t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 9 });
  t.resourceCountIs('AWS::EC2::VPC', 1);
  t.resourceCountIs('AWS::S3::Bucket', 1);
  t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  expect(t.toJSON()).toMatchSnapshot();
});

test('Fargate Spot above the on-demand base, with availability and latency SLOs', () => {
  const t = template({
    capacity: ServiceCapacity.spotAboveOnDemandBase(),
    slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 }), LoadBalancedObjective.latency({ targetPercent: 99, thresholdMs: 300 })],
  });
  // The spot service and its on-demand twin; per objective 3 burn-rate composites plus page and ticket (5 each); one dashboard.
  t.resourceCountIs('AWS::ECS::Service', 2);
  t.hasResourceProperties('AWS::ECS::Service', {
    DesiredCount: Match.absent(),
    CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
    Tags: Match.arrayWith([{ Key: 'cdk-cloud-native-patterns:role', Value: 'spot-fallback-twin' }]),
  });
  t.hasResourceProperties('AWS::ECS::Service', {
    DesiredCount: Match.absent(),
    CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
  });
  t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 10);
  t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  expect(t.toJSON()).toMatchSnapshot();
});
