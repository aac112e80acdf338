/**
 * The TypeScript twin of the smoke consumers (python/app.py, java/, go/): the same app, built
 * against the library's source, whose template the Python consumer's must equal.
 *
 *   npx ts-node --prefer-ts-exts scripts/smoke/ts-twin.ts <outdir>
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { StatelessService } from '../../src';

const outdir = process.argv[2];
if (!outdir) {
  throw new Error('usage: ts-twin.ts <outdir>');
}

// analyticsReporting off: the AWS::CDK::Metadata resource records the jsii runtime (Python/3.11...,
// Java/17..., node), which would differ between languages without saying anything about the library.
const app = new App({ outdir, analyticsReporting: false });
const stack = new Stack(app, 'SmokeStack', { env: { account: '123456789012', region: 'us-east-1' } });
new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
app.synth();
