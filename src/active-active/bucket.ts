import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ActiveActiveBucketOptions } from './options';
import { acknowledgeExpectedWildcards, arnFinding } from '../core/acknowledge';
import { describeValue, nonEmptyString, PropValidator } from '../core/validation';
import { replicatedBucketProps, replicationRoleName, replicationRoleStatements, validateBucketNamePrefix } from '../region-pair/bucket';
import { TimeEstimate } from '../report/profile';

/** A region's bucket name: `<prefix>-<account>-<region>` (the pair's naming). */
export function regionBucketName(prefix: string, account: string, region: string): string {
  return `${prefix}-${account}-${region}`;
}

/** Checks the bucket options against every region's bucket and role name. */
export function validateActiveBucket(v: PropValidator, o: ActiveActiveBucketOptions, account: string | undefined,
  regions: string[] | undefined): void {
  if (typeof o !== 'object') {
    v.fail('bucket', `must be an object, got ${describeValue(o)}`, "pass bucket: { bucketNamePrefix: 'shop-assets' }");
    return;
  }
  if ((o as { kmsEncrypted?: unknown }).kmsEncrypted !== undefined) {
    v.fail('bucket.kmsEncrypted', 'is not an option of ActiveActiveRegions: each region\'s bucket uses SSE-S3 (a KMS key per region named across N regions is not built yet)',
      'remove bucket.kmsEncrypted, or use ActivePassiveRegionPair for KMS-encrypted one-way replication');
  }
  if (o.replicate !== undefined && typeof o.replicate !== 'boolean') {
    v.fail('bucket.replicate', `must be true or false, got ${describeValue(o.replicate)}`, 'set bucket.replicate to false for the first deployment of every region, then true');
  }
  v.number('bucket.gbWrittenPerMonth', o.gbWrittenPerMonth, { min: 0 });
  v.number('bucket.noncurrentVersionDays', o.noncurrentVersionDays, { integer: true, min: 1 });
  nonEmptyString(v, 'bucket.environmentVariable', o.environmentVariable ?? 'BUCKET_NAME', "set bucket.environmentVariable, e.g. 'BUCKET_NAME'");
  validateBucketNamePrefix(v, o.bucketNamePrefix, account, regions, regions ?? [], {
    missing: "set bucket.bucketNamePrefix, e.g. 'shop-assets' (each region's bucket is <prefix>-<account>-<region>)",
    token: "set bucket.bucketNamePrefix to a literal such as 'shop-assets': every region names the others' buckets at synth",
  });
}

/** One region's bucket, and its replication role when it replicates. */
export interface RegionBucket {
  readonly bucket: s3.Bucket;
  readonly role?: iam.Role;
  readonly name: string;
}

/**
 * The region's bucket, replicating to every other region's bucket by name (two-way replication:
 * S3 User Guide, "Replicating objects within and across Regions", two-way replication with replica
 * modification sync, so metadata changes made on a replica flow back; objects S3 replicated into a
 * bucket are not replicated again, so the rules never loop). One rule per destination (priority
 * 1..N-1), each with Replication Time Control and metrics (15 minutes, the only valid value) and
 * delete marker replication. Destinations are named by ARN: no stack references another.
 */
export function regionBucket(stack: Stack, otherRegions: string[], o: ActiveActiveBucketOptions): RegionBucket {
  const name = regionBucketName(o.bucketNamePrefix, stack.account, stack.region);
  const replicate = o.replicate ?? true;
  const partition = Aws.PARTITION;
  const arn = (n: string) => `arn:${partition}:s3:::${n}`;
  const destinations = otherRegions.map((r) => regionBucketName(o.bucketNamePrefix, stack.account, r));
  let role: iam.Role | undefined;
  let rules: s3.ReplicationRule[] | undefined;
  if (replicate) {
    role = new iam.Role(stack, 'BucketReplicationRole', {
      roleName: replicationRoleName(o.bucketNamePrefix, stack.region),
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
      description: `S3 replicates ${name} to ${destinations.join(', ')} with this role`,
    });
    const policy = new iam.Policy(stack, 'BucketReplicationPolicy', { roles: [role], statements: replicationRoleStatements(arn(name), destinations.map(arn)) });
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    acknowledgeExpectedWildcards(policy, [
      { finding: arnFinding(`s3:::${esc(name)}/\\*`), reason: `S3 replication reads every object version of ${name} (S3 User Guide, "Setting up permissions for live replication").` },
      ...destinations.map((d) => ({ finding: arnFinding(`s3:::${esc(d)}/\\*`), reason: `S3 replication writes every replica into ${d} (S3 User Guide, "Setting up permissions for live replication").` })),
    ]);
    rules = destinations.map((d, i) => ({
      id: `to-${otherRegions[i]}`,
      priority: i + 1,
      destination: s3.Bucket.fromBucketName(stack, `Destination${i + 1}`, d),
      replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      deleteMarkerReplication: true,
      replicaModifications: true,
    }));
    const bucket = new s3.Bucket(stack, 'Bucket', { ...replicatedBucketProps(o.noncurrentVersionDays, undefined), bucketName: name, replicationRole: role, replicationRules: rules });
    // The replication configuration is put with the role: its permissions must exist first.
    bucket.node.addDependency(policy);
    acknowledgeAccessLogs(bucket);
    return { bucket, role, name };
  }
  const bucket = new s3.Bucket(stack, 'Bucket', { ...replicatedBucketProps(o.noncurrentVersionDays, undefined), bucketName: name });
  acknowledgeAccessLogs(bucket);
  return { bucket, name };
}

function acknowledgeAccessLogs(bucket: s3.Bucket): void {
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'Server access logs need a log bucket per region; ActiveActiveRegions leaves that to the owner (CloudTrail S3 data events are the alternative). Not a replication requirement.',
  });
}

/** The buckets' RPO: RTC replicates 99.99 % of objects within 15 minutes, each way. */
export function activeBucketRpo(prefix: string, regions: string[]): TimeEstimate {
  return {
    seconds: 900,
    arithmetic: `S3 buckets ${prefix}-<account>-{${regions.join(',')}}, each replicating to the others: Replication Time Control replicates 99.99 % of objects within 15 minutes `
      + '(S3 User Guide, "Meeting compliance requirements with S3 Replication Time Control"), so a region loss can lose up to 15 min = 900 s of the objects written there; the remaining 0.01 % is not bounded. '
      + 'The same key written in two regions at once: both writes are kept as versions, and S3 offers no cross-region conflict resolution to say which is current where (not modelled): let each region write its own keys',
  };
}
