import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { DrillSettings, LoadBalancedObjective, StatelessService, StatelessServiceProps } from '../../src';

export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
export const AVAILABILITY = LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) });
export const LATENCY = LoadBalancedObjective.latency({ targetPercent: 99, thresholdMs: 300, window: Duration.days(30) });
export const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A stack with a concrete environment and the real zone names (as `cdk.context.json` gives an app). */
export function envStack(app = new App()): Stack {
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  stack.node.setContext('availability-zones:account=123456789012:region=us-east-1', ZONES);
  return stack;
}

/** An imported VPC over 3 zones, one private subnet each. */
export function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-imported',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: ZONES,
    publicSubnetIds: ZONES.map((_, i) => `subnet-pub${i}`),
    privateSubnetIds: ZONES.map((_, i) => `subnet-priv${i}`),
  });
}

/** A StatelessService with an availability SLO and the given drills, in its own EgressAwareVpc over 3 zones. */
export function serviceWithDrills(drills: DrillSettings, props: Partial<StatelessServiceProps> = {}, stack = envStack()) {
  const service = new StatelessService(stack, 'Web', {
    image: IMAGE,
    slos: [AVAILABILITY],
    sloApplicationSignals: false,
    drills,
    ...props,
  });
  return { stack, service, template: Template.fromStack(stack) };
}
