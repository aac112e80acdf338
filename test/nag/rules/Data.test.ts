import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StatefulRetainPolicyRule } from '../../../src/nag/rules/cloudformation/StatefulRetainPolicy';
import { DynamoDBPointInTimeRecoveryRule } from '../../../src/nag/rules/dynamodb/DynamoDBPointInTimeRecovery';
import { ElastiCacheAutomaticFailoverRule } from '../../../src/nag/rules/elasticache/ElastiCacheAutomaticFailover';
import { RDSBackupRetentionRule } from '../../../src/nag/rules/rds/RDSBackupRetention';
import { RDSMultiAZRule } from '../../../src/nag/rules/rds/RDSMultiAZ';
import { expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

const DB = 'AWS::RDS::DBInstance';

describe('RDSMultiAZ', () => {
  test('Noncompliance 1: MultiAZ unset', () => {
    const stack = newStack();
    res(stack, 'Db', DB, { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro' });
    expectNonCompliant(stack, RDSMultiAZRule, 'Db');
  });
  test('Noncompliance 2: MultiAZ "false"', () => {
    const stack = newStack();
    res(stack, 'Db', DB, { Engine: 'mysql', MultiAZ: 'false' });
    expectNonCompliant(stack, RDSMultiAZRule, 'Db');
  });
  test('Compliance: MultiAZ true, or from a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'MultiAz');
    res(stack, 'A', DB, { Engine: 'postgres', MultiAZ: true });
    res(stack, 'B', DB, { Engine: 'postgres', MultiAZ: p.valueAsString });
    expectCompliant(stack, RDSMultiAZRule, 'A');
    expectCompliant(stack, RDSMultiAZRule, 'B');
  });
  test('Not applicable: Aurora / cluster members and read replicas', () => {
    const stack = newStack();
    res(stack, 'Aurora', DB, { Engine: 'aurora-postgresql', DBClusterIdentifier: 'c' });
    res(stack, 'Replica', DB, { SourceDBInstanceIdentifier: 'db-1' });
    expectNotApplicable(stack, RDSMultiAZRule);
  });
});

describe('RDSBackupRetention', () => {
  test('Noncompliance 1: backups off', () => {
    const stack = newStack();
    res(stack, 'Db', DB, { Engine: 'postgres', BackupRetentionPeriod: 0 });
    expectNonCompliant(stack, RDSBackupRetentionRule, 'Db');
  });
  test('Noncompliance 2: backups off as a string', () => {
    const stack = newStack();
    res(stack, 'Db', DB, { Engine: 'postgres', BackupRetentionPeriod: '0' });
    expectNonCompliant(stack, RDSBackupRetentionRule, 'Db');
  });
  test('Compliance: default (1 day) or 7 days', () => {
    const stack = newStack();
    res(stack, 'A', DB, { Engine: 'postgres' });
    res(stack, 'B', DB, { Engine: 'postgres', BackupRetentionPeriod: 7 });
    expectCompliant(stack, RDSBackupRetentionRule, 'A');
    expectCompliant(stack, RDSBackupRetentionRule, 'B');
  });
  test('Not applicable: cluster member', () => {
    const stack = newStack();
    res(stack, 'Db', DB, { Engine: 'aurora-mysql', DBClusterIdentifier: 'c' });
    expectNotApplicable(stack, RDSBackupRetentionRule);
  });
});

describe('DynamoDBPointInTimeRecovery', () => {
  test('Noncompliance 1: table without PITR (L2)', () => {
    const stack = newStack();
    new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    expectNonCompliant(stack, DynamoDBPointInTimeRecoveryRule, 'Table/Resource');
  });
  test('Noncompliance 2: global table with one replica without PITR', () => {
    const stack = newStack();
    res(stack, 'Global', 'AWS::DynamoDB::GlobalTable', {
      Replicas: [
        { Region: 'us-east-1', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
        { Region: 'us-west-2' },
      ],
    });
    expectNonCompliant(stack, DynamoDBPointInTimeRecoveryRule, 'Global');
  });
  test('Compliance: PITR on', () => {
    const stack = newStack();
    res(stack, 'Table', 'AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    expectCompliant(stack, DynamoDBPointInTimeRecoveryRule, 'Table');
  });
  test('Not applicable: not a table', () => {
    const stack = newStack();
    res(stack, 'Db', DB, {});
    expectNotApplicable(stack, DynamoDBPointInTimeRecoveryRule);
  });
});

describe('ElastiCacheAutomaticFailover', () => {
  test('Noncompliance 1: automatic failover unset', () => {
    const stack = newStack();
    res(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { ReplicationGroupDescription: 'r', NumCacheClusters: 2 });
    expectNonCompliant(stack, ElastiCacheAutomaticFailoverRule, 'Redis');
  });
  test('Noncompliance 2: automatic failover false', () => {
    const stack = newStack();
    res(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { ReplicationGroupDescription: 'r', AutomaticFailoverEnabled: false });
    expectNonCompliant(stack, ElastiCacheAutomaticFailoverRule, 'Redis');
  });
  test('Compliance: automatic failover on', () => {
    const stack = newStack();
    res(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { ReplicationGroupDescription: 'r', AutomaticFailoverEnabled: true, MultiAZEnabled: true });
    expectCompliant(stack, ElastiCacheAutomaticFailoverRule, 'Redis');
  });
  test('Not applicable: a single cache cluster is not a replication group', () => {
    const stack = newStack();
    res(stack, 'Memcached', 'AWS::ElastiCache::CacheCluster', { Engine: 'memcached' });
    expectNotApplicable(stack, ElastiCacheAutomaticFailoverRule);
  });
});

describe('StatefulRetainPolicy', () => {
  test('Noncompliance 1: DynamoDB table with RemovalPolicy.DESTROY (L2)', () => {
    const stack = newStack();
    new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    const [f] = expectNonCompliant(stack, StatefulRetainPolicyRule, 'Table/Resource');
    expect(f.description).toMatch(/DeletionPolicy Delete, UpdateReplacePolicy Delete\./);
  });
  test('Noncompliance 2: RDS instance without policies: Snapshot on delete by default, but Delete on replacement', () => {
    const stack = newStack();
    res(stack, 'Db', DB, { Engine: 'postgres' });
    const [f] = expectNonCompliant(stack, StatefulRetainPolicyRule, 'Db');
    expect(f.description).toMatch(/DeletionPolicy Snapshot \(default\), UpdateReplacePolicy Delete \(default\)\./);
  });
  test('Noncompliance 3: EFS without policies (Delete by default)', () => {
    const stack = newStack();
    res(stack, 'Fs', 'AWS::EFS::FileSystem', {});
    expectNonCompliant(stack, StatefulRetainPolicyRule, 'Fs');
  });
  test('Noncompliance 4: bucket emptied on delete (autoDeleteObjects)', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    expectNonCompliant(stack, StatefulRetainPolicyRule, 'Bucket/Resource');
  });
  test('Compliance: Retain, Snapshot where supported, or deletion protection', () => {
    const stack = newStack();
    const retained = res(stack, 'Table', 'AWS::DynamoDB::Table', {});
    retained.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const snap = res(stack, 'Db', DB, { Engine: 'postgres' });
    snap.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    res(stack, 'Protected', 'AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
    for (const id of ['Table', 'Db', 'Protected']) expectCompliant(stack, StatefulRetainPolicyRule, id);
  });
  test('Not applicable: stateless resources, cluster members, and buckets CloudFormation cannot empty', () => {
    const stack = newStack();
    res(stack, 'Queue', 'AWS::SQS::Queue', {});
    res(stack, 'Member', DB, { DBClusterIdentifier: 'c' });
    new s3.Bucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
    expectNotApplicable(stack, StatefulRetainPolicyRule);
  });
});
