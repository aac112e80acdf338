import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { QueueWorkerService, QueueWorkerServiceProps } from '../../src';

export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

/** A stack with a concrete environment (3 zones). */
export function envStack(app = new App()): Stack {
  return new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Builds a worker with the given props in a fresh env stack and returns stack, worker and template. */
export function build(props: Partial<QueueWorkerServiceProps> = {}, stack = envStack()) {
  const worker = new QueueWorkerService(stack, 'Worker', { image: IMAGE, ...props });
  return { stack, worker, template: Template.fromStack(stack) };
}

/** The logical id of a construct's default child. */
export function logicalId(stack: Stack, c: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(c.node.defaultChild as never);
}
