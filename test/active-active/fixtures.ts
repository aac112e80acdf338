import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ActiveActiveRegions, ActiveActiveRegionsProps } from '../../src';

export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
export const ACCOUNT = '123456789012';
export const EAST = { account: ACCOUNT, region: 'us-east-1' };
export const WEST = { account: ACCOUNT, region: 'us-west-2' };
export const OHIO = { account: ACCOUNT, region: 'us-east-2' };
export const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };
export const TABLE = { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };

/** A fresh app writing into its own temp folder. */
export function newApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'aa-')) });
}

/** The smallest valid props: a StatelessService in us-east-1 and us-west-2 with the defaults. */
export function aaProps(extra: Partial<ActiveActiveRegionsProps> = {}): ActiveActiveRegionsProps {
  return {
    regions: [EAST, WEST],
    hostedZone: ZONE,
    recordName: 'shop.example.com',
    serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'] },
    ...extra,
  };
}

/** Builds the construct in a fresh app and returns it with every regional template. */
export function buildAa(extra: Partial<ActiveActiveRegionsProps> = {}, app = newApp()) {
  const aa = new ActiveActiveRegions(app, 'Shop', aaProps(extra));
  return { app, aa, templates: aa.stacks.map((s) => Template.fromStack(s)) };
}
