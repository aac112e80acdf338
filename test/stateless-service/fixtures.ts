import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { StatelessService, StatelessServiceProps } from '../../src';

export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** A stack with a concrete environment (3 zones, access logs possible). */
export function envStack(app = new App()): Stack {
  return new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** An imported VPC over the given zones: cheap to build, exact zone count. */
export function importedVpc(stack: Stack, zones = 3, id = 'Imported'): ec2.IVpc {
  const azs = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'].slice(0, zones);
  return ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId: `vpc-${id.toLowerCase()}`,
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: azs,
    publicSubnetIds: azs.map((_, i) => `subnet-pub${i}`),
    privateSubnetIds: azs.map((_, i) => `subnet-priv${i}`),
  });
}

/** Builds a service with the given props in a fresh env stack and returns stack, service and template. */
export function build(props: Partial<StatelessServiceProps> = {}, stack = envStack()) {
  const service = new StatelessService(stack, 'Web', { image: IMAGE, ...props });
  return { stack, service, template: Template.fromStack(stack) };
}
