import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ActivePassiveRegionPair, ActivePassiveRegionPairProps } from '../../src';

export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

export const PRIMARY = { account: '123456789012', region: 'us-east-1' };
export const STANDBY = { account: '123456789012', region: 'us-west-2' };
export const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };

/** A fresh app writing into its own temp folder. */
export function newApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'rp-')) });
}

/** The smallest valid props: a StatelessService pair with the defaults. */
export function pairProps(extra: Partial<ActivePassiveRegionPairProps> = {}): ActivePassiveRegionPairProps {
  return {
    primary: PRIMARY,
    standby: STANDBY,
    hostedZone: ZONE,
    recordName: 'shop.example.com',
    serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'] },
    ...extra,
  };
}

/** Builds a pair in a fresh app and returns the app, pair and both templates. */
export function buildPair(extra: Partial<ActivePassiveRegionPairProps> = {}, app = newApp()) {
  const pair = new ActivePassiveRegionPair(app, 'Shop', pairProps(extra));
  return { app, pair, primary: Template.fromStack(pair.primaryStack), standby: Template.fromStack(pair.standbyStack) };
}
