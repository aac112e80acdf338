import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resourceAt } from '../../src/nag/packs/details';

describe('resourceAt (the resource a violation names, found by its construct path)', () => {
  test('in an app, from any scope of it: nested resources, and undefined for a construct that is not a resource or a path that does not exist', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const group = new Construct(stack, 'Group');
    const queue = new sqs.Queue(group, 'Q');
    const cfn = queue.node.defaultChild as CfnResource;
    expect(cfn.node.path).toBe('S/Group/Q/Resource');
    expect(resourceAt(app, cfn.node.path)).toBe(cfn);
    expect(resourceAt(stack, cfn.node.path)).toBe(cfn);
    expect(resourceAt(stack, 'S/Group/Q')).toBeUndefined();
    expect(resourceAt(stack, 'S/Group/Missing/Resource')).toBeUndefined();
  });

  test('in a stack that is its own root (no app): the path starts with the stack\'s id', () => {
    const stack = new Stack(undefined, 'Root');
    const cfn = new CfnResource(stack, 'R', { type: 'Custom::Thing' });
    expect(cfn.node.path).toBe('Root/R');
    expect(resourceAt(stack, cfn.node.path)).toBe(cfn);
  });
});
