import * as fs from 'fs';
import * as path from 'path';
import { Aws } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildPair, IMAGE, newApp, pairProps } from './fixtures';
import { ActivePassiveRegionPair, CloudNativeChecks, CostChecks } from '../../src';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

const BUCKET = { bucketNamePrefix: 'shop-assets', gbWrittenPerMonth: 100 };
const SOURCE = 'shop-assets-123456789012-us-east-1';
const REPLICA = 'shop-assets-123456789012-us-west-2';

const bucketProps = (t: ReturnType<typeof buildPair>['primary'], name: string) => {
  const found = Object.values(t.findResources('AWS::S3::Bucket', { Properties: { BucketName: name } }));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('an S3 bucket replicated to the standby with Replication Time Control', () => {
  const { app, pair, primary, standby } = buildPair({ bucket: BUCKET });

  test('both buckets are named, versioned, TLS only, public access blocked, SSE-S3 and retained', () => {
    for (const [t, name] of [[primary, SOURCE], [standby, REPLICA]] as const) {
      const b = bucketProps(t, name);
      expect(b.DeletionPolicy).toBe('Retain');
      expect(b.UpdateReplacePolicy).toBe('Retain');
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(b.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(b.Properties.LifecycleConfiguration).toEqual({
        Rules: [{
          Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        }],
      });
      t.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
    expect(bucketProps(standby, REPLICA).Properties.ReplicationConfiguration).toBeUndefined();
    expect(pair.bucket!.bucketName).toBeDefined();
    expect(pair.standbyBucket).toBeDefined();
  });

  test('the source replicates everything to the named destination with RTC and metrics at 15 minutes, delete markers included', () => {
    const rc = bucketProps(primary, SOURCE).Properties.ReplicationConfiguration;
    expect(rc.Role).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^BucketReplicationRole/), 'Arn'] });
    expect(rc.Rules).toEqual([{
      Id: 'to-standby',
      Priority: 1,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      DeleteMarkerReplication: { Status: 'Enabled' },
      Destination: {
        Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${REPLICA}`]] },
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
      },
    }]);
  });

  test('the replication role has a deterministic name and exactly the replication permissions, by ARN string', () => {
    primary.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'shop-assets-s3-replication-us-east-1',
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' } }] },
    });
    const roleId = Object.keys(primary.findResources('AWS::IAM::Role', { Properties: { RoleName: 'shop-assets-s3-replication-us-east-1' } }))[0];
    const policies = Object.entries(primary.findResources('AWS::IAM::Policy')).filter(([, r]) => JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0];
    expect(bucketProps(primary, SOURCE).DependsOn).toEqual(expect.arrayContaining([policyId]));
    const arn = (suffix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${suffix}`]] });
    expect([policy.Properties]).toEqual([{
      PolicyName: expect.any(String),
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Effect: 'Allow', Resource: arn(SOURCE) },
          { Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Effect: 'Allow', Resource: arn(`${SOURCE}/*`) },
          { Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Effect: 'Allow', Resource: arn(`${REPLICA}/*`) },
        ],
      },
    }]);
    standby.resourceCountIs('AWS::IAM::Role', Object.keys(standby.findResources('AWS::IAM::Role')).length);
    expect(JSON.stringify(standby.findResources('AWS::IAM::Role'))).not.toContain('s3-replication');
  });

  test('each region\'s service gets its own region\'s bucket name and access to it', () => {
    primary.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'BUCKET_NAME', Value: SOURCE }]) })],
    });
    standby.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'BUCKET_NAME', Value: REPLICA }]) })],
    });
    const policy = JSON.stringify(standby.findResources('AWS::IAM::Policy'));
    expect(policy).toContain('s3:PutObject');
    expect(policy).not.toContain(SOURCE);
  });

  test('no cross-region reference and no stack dependency with the bucket', () => {
    const assembly = app.synth();
    for (const t of [primary, standby]) expect(JSON.stringify(t.toJSON())).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput|Custom::CrossRegion|ExportsWriter|ExportsReader/);
    for (const s of assembly.stacks) expect(s.dependencies.map((d) => d.id)).toEqual([`${s.id}.assets`]);
  });

  test('the report states the RPO with the RTC percentile and prices RTC and transfer as assumptions', () => {
    const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8'));
    const w = report.workloads[0];
    expect(w.rpo.seconds).toBe(900);
    expect(w.rpo.arithmetic).toMatch(new RegExp(`^S3 bucket ${SOURCE} -> ${REPLICA}: Replication Time Control replicates most objects within seconds and 99.99 % of objects within 15 minutes .*up to 15 min = 900 s`));
    const lines = w.monthlyCostUsd.lines.filter((l: { item: string }) => l.item.startsWith('S3 ') || l.item.startsWith('KMS'));
    expect(lines.map((l: { item: string; arithmetic: string }) => `${l.item}: ${l.arithmetic}`)).toEqual([
      `S3 Replication Time Control (${SOURCE}): 100 GB written a month (assumed), each replicated (the replica's storage and PUT requests in the standby are not modelled) x $0.015/GB (assumed, unconfirmed: S3 pricing page, Replication Time Control data transfer; not in the embedded table) = $1.50`,
      expect.stringMatching(new RegExp(`^S3 replication transfer \\(${SOURCE}\\): 100 GB written a month \\(assumed\\) x \\$0.02/GB = \\$2.00$`)),
    ]);
  });

  test('the runbook says deploy the standby first and lists the S3 steps', () => {
    const text = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
    expect(text).toContain('The first deployment must go standby first (`cdk deploy Shop-standby`), then primary (`cdk deploy Shop-primary`)');
    expect(text).toContain('- RPO: about 900 s: S3 bucket');
    expect(text).toContain(`- S3: nothing to do at failover. The standby's service already uses its own bucket \`${REPLICA}\``);
    expect(text).toContain(`aws s3 sync s3://${REPLICA} s3://${SOURCE}`);
  });
});

describe('a KMS-encrypted bucket pair', () => {
  const { app, primary, standby } = buildPair({ bucket: { ...BUCKET, kmsEncrypted: true } });

  test('a rotated, retained key per region with the same alias; the rule names the standby key by alias ARN and replicates SSE-KMS objects', () => {
    for (const t of [primary, standby]) {
      t.resourceCountIs('AWS::KMS::Key', 1);
      t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
      t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/shop-assets-replication' });
    }
    const src = bucketProps(primary, SOURCE).Properties;
    expect(src.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } });
    const rule = src.ReplicationConfiguration.Rules[0];
    expect(rule.SourceSelectionCriteria).toEqual({ SseKmsEncryptedObjects: { Status: 'Enabled' } });
    expect(rule.Destination.EncryptionConfiguration).toEqual({
      ReplicaKmsKeyID: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:123456789012:alias/shop-assets-replication']] },
    });
    const role = JSON.stringify(primary.findResources('AWS::IAM::Policy'));
    expect(role).toContain('"kms:ResourceAliases":"alias/shop-assets-replication"');
    expect(role).toContain(':kms:us-west-2:123456789012:key/*');
    expect(role).toContain('"kms:ViaService":"s3.us-west-2.amazonaws.com"');
  });

  test('the two keys are priced as a stated assumption', () => {
    const lines = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8')).workloads[0].monthlyCostUsd.lines
      .filter((l: { item: string }) => l.item.startsWith('KMS keys'));
    expect(lines.map((l: { arithmetic: string }) => l.arithmetic)).toEqual([
      '2 customer managed keys (one per region; their requests are not modelled) x $1.00/key-month (assumed: AWS KMS pricing page, customer managed key; not in the embedded table) = $2.00',
    ]);
  });
});

describe('bucket bad input', () => {
  test('a token prefix is an error (the standby must know the bucket name at synth), not a deploy-time name', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: { bucketNamePrefix: Aws.STACK_NAME } })))
      .toThrow(/bucket\.bucketNamePrefix: is a token \(known only at deploy time\)\. Fix: set bucket\.bucketNamePrefix to a literal such as 'shop-assets': the standby's bucket name must be known in both stacks at synth/);
  });
  test('an empty prefix, and a missing prefix from JavaScript', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: { bucketNamePrefix: '' } }))).toThrow(/bucket.bucketNamePrefix: /);
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: {} as never }))).toThrow(/bucket.bucketNamePrefix: is required but was not given.*set bucket.bucketNamePrefix, e.g. 'shop-assets'/);
  });

  test('a prefix that is not usable in a bucket name, too long, and a negative volume, together', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: { bucketNamePrefix: 'Shop_Assets', gbWrittenPerMonth: -1, noncurrentVersionDays: 0.5 } }))).toThrow(
      /3 problems with the props:\n {2}- bucket.bucketNamePrefix: 'Shop_Assets' is not usable in an S3 bucket name.*\n {2}- bucket.gbWrittenPerMonth: .*\n {2}- bucket.noncurrentVersionDays: /);
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: { bucketNamePrefix: 'a'.repeat(42) } }))).toThrow(new RegExp([
      "bucket.bucketNamePrefix: 'a{42}' makes the bucket name 'a{42}-123456789012-us-east-1' \\(65 characters\\); S3 bucket names have at most 63. Fix: shorten bucket.bucketNamePrefix to at most 40 characters",
      "bucket.bucketNamePrefix: makes the replication role name 'a{42}-s3-replication-us-east-1' \\(67 characters\\); IAM role names have at most 64. Fix: shorten bucket.bucketNamePrefix to at most 39 characters",
    ].join('\n {2}- ')));
  });

  test('the bucket variable clashing with the service environment or the table\'s', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: BUCKET, serviceProps: { image: IMAGE, environment: { BUCKET_NAME: 'x' } } }))).toThrow(
      /bucket.environmentVariable: 'BUCKET_NAME' is also set in serviceProps.environment/);
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({
      bucket: { ...BUCKET, environmentVariable: 'DATA' },
      table: { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, environmentVariable: 'DATA' },
    }))).toThrow(/bucket.environmentVariable: 'DATA' is also table.environmentVariable/);
  });

  test('cross-account replication is refused with the fix', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ bucket: BUCKET, standby: { account: '210987654321', region: 'us-west-2' } }))).toThrow(
      /bucket: replicates from account 123456789012 to 210987654321; the pair builds same-account replication only/);
  });
});

test('a pair with a table and a bucket passes AwsSolutions and both packs with no unacknowledged finding', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  new ActivePassiveRegionPair(app, 'Shop', pairProps({
    table: { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } },
    bucket: { ...BUCKET, kmsEncrypted: true },
    serviceProps: { image: ecs.ContainerImage.fromRegistry('nginx'), scratchPaths: ['/var/cache/nginx', '/var/run'] },
  }));
  const result = synthFindings(app);
  expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
  expect(ruleIds(result.findings)).toEqual([]);
});
