import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { aaProps, ACCOUNT, EAST, IMAGE, newApp, OHIO, TABLE, WEST } from './fixtures';
import { ActiveActiveRegions, ActiveActiveRegionsProps, IActiveRegionWorkloadBuilder } from '../../src';
import { PatternValidationError } from '../../src/core/errors';

function errorOf(props: unknown): PatternValidationError {
  try {
    new ActiveActiveRegions(newApp(), 'Shop', props as ActiveActiveRegionsProps);
  } catch (e) {
    expect(e).toBeInstanceOf(PatternValidationError);
    return e as PatternValidationError;
  }
  throw new Error('no error was thrown');
}
const props = (extra: { [k: string]: unknown }) => ({ ...aaProps(), ...extra });
const SERVICE = { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'] };

describe('regions', () => {
  test('one region: active-active needs two', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [EAST] })))
      .toThrow(/regions: lists 1 region; active-active needs at least two, so that losing one leaves another serving\. Fix: add a second region/);
  });

  test('a duplicate region names both positions', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [EAST, WEST, { ...EAST }] })))
      .toThrow(/regions\[2\]: repeats us-east-1 \(also regions\[0\]\).*Fix: list each region once/);
  });

  test('tokens and missing parts of an environment, from JavaScript', () => {
    const e = errorOf(props({ regions: [{ account: ACCOUNT, region: Aws.REGION }, { region: 'us-west-2' }, 'us-east-2'] }));
    const text = e.issues.map((i) => `${i.prop}: ${i.problem}`).join('\n');
    expect(text).toMatch(/regions\[0\]\.region: is a token/);
    expect(text).toMatch(/regions\[1\]\.account: is required but was not given/);
    expect(text).toMatch(/regions\[2\]: must be an environment object, got/);
  });

  test('regions missing or not a list', () => {
    expect(errorOf(props({ regions: undefined })).issues[0]).toEqual(expect.objectContaining({ prop: 'regions', problem: 'is required but was not given' }));
    expect(errorOf(props({ regions: 'us-east-1' })).issues[0].problem).toMatch(/must be a list of environments, got/);
  });

  test('inside a stack', () => {
    const app = newApp();
    const stack = new Stack(app, 'Outer');
    expect(() => new ActiveActiveRegions(stack, 'Shop', aaProps())).toThrow(/scope: is inside the stack Outer; ActiveActiveRegions creates one stack per region itself/);
  });
});

describe('single-writer stores', () => {
  test('aurora (from JavaScript) is an error that says why and points to ActivePassiveRegionPair', () => {
    const e = errorOf(props({ aurora: { globalClusterIdentifier: 'shop-db' } }));
    expect(e.message).toMatch(/aurora: asks for a single-writer store: with one writer region, every other region must either fail its writes or forward them across regions/);
    expect(e.message).toMatch(/Fix: use ActivePassiveRegionPair \(Aurora global database with a promotion runbook\)/);
  });

  test('any other single-writer store prop (rds, database, elastiCache) is the same error; an unknown prop is named', () => {
    const e = errorOf(props({ rds: {}, database: {}, elastiCache: {}, standbyMode: 'hot' }));
    expect(e.issues.map((i) => i.prop)).toEqual(['rds', 'database', 'elastiCache', 'standbyMode']);
    expect(e.issues[3].problem).toBe('is not a prop of ActiveActiveRegions');
  });
});

describe('strong consistency', () => {
  const strong = (extra: object) => ({ ...TABLE, multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG, ...extra });

  test('a region outside the MRSC region sets (us-east-1 with eu-west-1)', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [EAST, { account: ACCOUNT, region: 'eu-west-1' }], table: strong({ witnessRegion: 'us-east-2' }) })))
      .toThrow(/table\.multiRegionConsistency: is STRONG, but eu-west-1 is outside the US region set of us-east-1/);
  });

  test('a first region in no set (sa-east-1)', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [{ account: ACCOUNT, region: 'sa-east-1' }, WEST], table: strong({ witnessRegion: 'us-east-2' }) })))
      .toThrow(/outside every MRSC region set/);
  });

  test('two regions without a witness: the fix names the set\'s third region', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ table: strong({}) })))
      .toThrow(/is STRONG with 2 regions and no witness; an MRSC global table has either three replicas or two replicas and one witness\. Fix: set table\.witnessRegion to a third region of the set \(us-east-2\)/);
  });

  test('a witness with three regions, a witness that is one of the regions, four regions', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [EAST, OHIO, WEST], table: strong({ witnessRegion: 'us-east-2' }) })))
      .toThrow(/2 problems[\s\S]*witnessRegion: is us-east-2, one of the regions[\s\S]*witnessRegion: is set with 3 regions/);
    const eu = ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'].map((region) => ({ account: ACCOUNT, region }));
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: eu, table: strong({}) }))).toThrow(/is STRONG with 4 regions and no witness/);
  });

  test('a witness without STRONG', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ table: { ...TABLE, witnessRegion: 'us-east-2' } })))
      .toThrow(/table\.witnessRegion: is set, but a witness takes part only in multi-region strong consistency/);
  });

  test('an unknown consistency mode from JavaScript', () => {
    expect(errorOf(props({ table: { ...TABLE, multiRegionConsistency: 'QUORUM' } })).message).toMatch(/must be dynamodb\.MultiRegionConsistency\.EVENTUAL or STRONG, got "QUORUM"/);
  });
});

describe('capacity that cannot absorb a region loss', () => {
  test('serviceProps.desiredCount below the region-loss floor, with the arithmetic and the way to accept it', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ serviceProps: { ...SERVICE, desiredCount: 3 } })))
      .toThrow(/serviceProps\.desiredCount: 3 tasks per region cannot absorb a region loss: each region's share of 2 tasks x 2 regions \/ \(2 - 1\) survivors = ceil\(2 x 2 \/ 1\) = 4 tasks per region.*set requireRegionLossHeadroom: false to accept the risk/);
  });

  test('a builder whose regions run too few tasks', () => {
    const builder: IActiveRegionWorkloadBuilder = {
      buildRegion: (scope) => ({ loadBalancer: new elbv2.ApplicationLoadBalancer(scope, 'Lb', { vpc: new ec2.Vpc(scope, 'Vpc', { maxAzs: 2, natGateways: 0 }) }), taskCount: 2 }),
    };
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ serviceProps: undefined, workloadBuilder: builder })))
      .toThrow(/workloadBuilder taskCount: us-east-1 runs 2, us-west-2 runs 2 tasks, which cannot absorb a region loss.*ActiveRegionContext\.minimumTasks/);
  });

  test('a share given twice, differently; a share that is not a whole number', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regionShareTasks: 3, serviceProps: { ...SERVICE, minHealthyTasks: 2 } })))
      .toThrow(/regionShareTasks: is 3, but serviceProps\.minHealthyTasks is 2/);
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regionShareTasks: 2.5 }))).toThrow(/regionShareTasks: must be a whole number, got 2\.5/);
  });
});

describe('every problem together', () => {
  test('one error lists them all, each with its fix', () => {
    const e = errorOf({
      regions: [EAST],
      hostedZone: { hostedZoneId: '', zoneName: 'example.com' },
      recordName: 'shop.example.org',
      serviceProps: { ...SERVICE, domainName: 'x.example.com', vpc: {} },
      healthCheck: { interval: Duration.seconds(15), failureThreshold: 11, regions: ['us-east-1'] },
      table: { tableName: 'x', partitionKey: undefined, writesPerMonth: -1 },
      bucket: { bucketNamePrefix: 'Shop_Images', kmsEncrypted: true },
      aurora: {},
      workloadName: 'a',
    });
    expect(e.issues.map((i) => i.prop)).toEqual([
      'aurora',
      'regions',
      'hostedZone.hostedZoneId',
      'recordName',
      'serviceProps.domainName',
      'serviceProps.vpc',
      'healthCheck.interval',
      'healthCheck.failureThreshold',
      'healthCheck.regions',
      'table.tableName',
      'table.partitionKey',
      'table.writesPerMonth',
      'bucket.kmsEncrypted',
      'bucket.bucketNamePrefix',
      'workloadName',
    ]);
    for (const i of e.issues) expect(i.fix.length).toBeGreaterThan(10);
  });

  test('no props at all, from JavaScript', () => {
    expect(() => new ActiveActiveRegions(newApp(), 'Shop', undefined as unknown as ActiveActiveRegionsProps)).toThrow(/props: are required but were not given/);
  });

  test('neither serviceProps nor workloadBuilder; both; a builder without buildRegion', () => {
    expect(errorOf(props({ serviceProps: undefined })).message).toMatch(/serviceProps or workloadBuilder: is required/);
    expect(errorOf(props({ workloadBuilder: { buildRegion: () => undefined } })).message).toMatch(/serviceProps and workloadBuilder: are both given/);
    expect(errorOf(props({ serviceProps: undefined, workloadBuilder: {} })).message).toMatch(/workloadBuilder: must implement buildRegion/);
  });

  test('a builder that returns nothing is named with its region', () => {
    expect(errorOf(props({ serviceProps: undefined, workloadBuilder: { buildRegion: () => undefined } })).message)
      .toMatch(/buildRegion\(\) returned undefined for the us-east-1 region, not a RegionalWorkload with a loadBalancer/);
  });

  test('a bucket prefix too long for the longest region\'s bucket name, a token prefix', () => {
    expect(errorOf(props({ bucket: { bucketNamePrefix: 'a'.repeat(42) } })).message)
      .toMatch(/bucket\.bucketNamePrefix: 'a{42}' makes the bucket name 'a{42}-123456789012-us-east-1' \(65 characters\); S3 bucket names have at most 63\. Fix: shorten bucket\.bucketNamePrefix to at most 40 characters/);
    expect(errorOf(props({ bucket: { bucketNamePrefix: Aws.STACK_NAME } })).message).toMatch(/bucket\.bucketNamePrefix: is a token.*every region names the others' buckets at synth/);
  });

  test('table and bucket share an environment variable; regions in two accounts with a table', () => {
    expect(errorOf(props({ table: { ...TABLE, environmentVariable: 'DATA' }, bucket: { bucketNamePrefix: 'shop', environmentVariable: 'DATA' } })).message)
      .toMatch(/bucket\.environmentVariable: 'DATA' is also table\.environmentVariable/);
    expect(errorOf(props({ regions: [EAST, { account: '210987654321', region: 'us-west-2' }], table: TABLE })).message)
      .toMatch(/regions: span accounts 123456789012, 210987654321/);
  });
});
