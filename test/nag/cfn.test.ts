import { App, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { allProps, props, rendered, withRenderCache } from '../../src/nag/cfn';

/** What CloudFormation receives for one resource (the whole template, resolved once). */
function templateProperties(stack: Stack, node: CfnResource): Record<string, unknown> {
  type Template = { Resources: Record<string, { Properties?: Record<string, unknown> }> };
  const template = (stack as unknown as { _toCloudFormation(): Template })._toCloudFormation();
  return stack.resolve(template.Resources[stack.getLogicalId(node)].Properties ?? {});
}

describe('rendered resources (lazy per property)', () => {
  test('reads exactly what CloudFormation receives, property overrides included', () => {
    const stack = new Stack(new App(), 'S');
    const bucket = new s3.CfnBucket(stack, 'B', { bucketName: 'b', versioningConfiguration: { status: 'Enabled' } });
    bucket.addPropertyOverride('VersioningConfiguration.Status', 'Suspended');
    bucket.addPropertyOverride('Tags', [{ Key: 'k', Value: 'v' }]);
    const td = new ecs.CfnTaskDefinition(stack, 'T', { containerDefinitions: [{ name: 'app', image: 'nginx', readonlyRootFilesystem: true }] });
    withRenderCache(() => {
      expect(allProps(bucket)).toEqual(templateProperties(stack, bucket));
      expect(props(bucket).VersioningConfiguration).toEqual({ Status: 'Suspended' });
      expect(allProps(td)).toEqual(templateProperties(stack, td));
      expect(props(td).ContainerDefinitions).toEqual([{ Name: 'app', Image: 'nginx', ReadonlyRootFilesystem: true }]);
      expect(rendered(td).type).toBe('AWS::ECS::TaskDefinition');
    });
  });

  test('reading one property resolves that one only, once per run', () => {
    const stack = new Stack(new App(), 'S');
    let produced = 0;
    const lazyName = Lazy.string({ produce: () => { produced++; return 'lazy-name'; } });
    const bucket = new s3.CfnBucket(stack, 'B', { bucketName: 'plain', versioningConfiguration: { status: lazyName } });
    withRenderCache(() => {
      expect(props(bucket).BucketName).toBe('plain');
      expect(produced).toBe(0);
      expect(Object.keys(props(bucket)).sort()).toEqual(['BucketName', 'VersioningConfiguration']);
      expect(produced).toBe(0);
      expect(props(bucket).VersioningConfiguration).toEqual({ Status: 'lazy-name' });
      expect(props(bucket).VersioningConfiguration).toEqual({ Status: 'lazy-name' });
      expect(produced).toBe(1);
    });
  });

  test('a resource without a typed L1 (as CfnInclude loads unknown types) reads the same', () => {
    const stack = new Stack(new App(), 'S');
    const r = new CfnResource(stack, 'R', { type: 'Custom::Thing', properties: { A: 1, B: { C: ['x'] } } });
    withRenderCache(() => {
      expect(allProps(r)).toEqual({ A: 1, B: { C: ['x'] } });
      expect(rendered(r).type).toBe('Custom::Thing');
    });
  });
});
