import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { LoadBalancedObjective, ServiceCapacity, StatelessService } from '../../src';

// Snapshots catch unintended template drift; every behaviour they contain is also asserted by a
// specific test in defaults.test.ts, errors.test.ts, report.test.ts and spot-fallback.test.ts.
// Asset hashes are stripped by test/setup.ts, so the snapshots are the same on every machine.
function template(props: Partial<ConstructorParameters<typeof StatelessService>[2]> = {}): unknown {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx'), ...props });
  return Template.fromStack(stack).toJSON();
}

test('default props', () => {
  expect(template()).toMatchSnapshot();
});

test('Fargate Spot above the on-demand base, with availability and latency SLOs', () => {
  expect(template({
    capacity: ServiceCapacity.spotAboveOnDemandBase(),
    slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 }), LoadBalancedObjective.latency({ targetPercent: 99, thresholdMs: 300 })],
  })).toMatchSnapshot();
});
