import { Aws, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PairBucketOptions } from './bucket-options';
import { acknowledgeExpectedWildcards, arnFinding } from '../core/acknowledge';
import { PropValidator, nonEmptyString, requireDefined } from '../core/validation';
import { formatNumber } from '../report/decimal';
import { CostDriver, CostDrivers } from '../report/price-table';
import { TimeEstimate } from '../report/profile';

/**
 * S3 Replication Time Control, US dollars per GB replicated: a stated, unconfirmed assumption
 * (Amazon S3 pricing page, "Replication" tab, S3 RTC data transfer $0.015 per GB; not read at
 * synth, not in the embedded table). Inter-region transfer is priced by the table's item.
 */
export const RTC_USD_PER_GB = 0.015;

/** A customer managed KMS key a month, US dollars: a stated assumption (AWS KMS pricing page). */
export const KMS_KEY_USD_PER_MONTH = 1;

/** The two bucket names of a pair: `<prefix>-<account>-<region>` in each region. */
export function pairBucketNames(prefix: string, account: string, primaryRegion: string, standbyRegion: string): { source: string; replica: string } {
  return { source: `${prefix}-${account}-${primaryRegion}`, replica: `${prefix}-${account}-${standbyRegion}` };
}

/** The role name of the replication (IAM names are per account, so the region is in it). */
export function replicationRoleName(prefix: string, primaryRegion: string): string {
  return `${prefix}-s3-replication-${primaryRegion}`;
}

/**
 * What every replicated bucket of this library is (the pair's two, each active-active region's):
 * versioned (replication needs it), TLS only, public access blocked, bucket owner enforced,
 * encrypted (SSE-S3, or the region's KMS key), retained on delete, noncurrent versions expired.
 */
export function replicatedBucketProps(noncurrentVersionDays: number | undefined, k: kms.IKey | undefined): s3.BucketProps {
  return {
    versioned: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: k ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: k,
    bucketKeyEnabled: k ? true : undefined,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{
      id: 'expire-noncurrent-versions',
      noncurrentVersionExpiration: Duration.days(noncurrentVersionDays ?? 90),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
  };
}

/**
 * The replication role's permissions for a source bucket replicating to the destinations, all
 * named by ARN (S3 User Guide, "Setting up permissions for live replication").
 */
export function replicationRoleStatements(sourceArn: string, destinationArns: string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [sourceArn] }),
    new iam.PolicyStatement({ actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], resources: [`${sourceArn}/*`] }),
    new iam.PolicyStatement({ actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], resources: destinationArns.map((a) => `${a}/*`) }),
  ];
}

/**
 * Checks a bucket name prefix: present, a literal, usable in S3 bucket names, and short enough for
 * every region's bucket name `<prefix>-<account>-<region>` (63 characters) and replication role
 * name (64). Returns false when the prefix is unusable.
 */
export function validateBucketNamePrefix(v: PropValidator, prefix: string, account: string | undefined, regions: string[] | undefined,
  roleRegions: string[], fixes: { missing: string; token: string }): boolean {
  if (!requireDefined(v, 'bucket.bucketNamePrefix', prefix, fixes.missing)) return false;
  // Before nonEmptyString, which passes over tokens without a problem.
  if (typeof prefix === 'string' && Token.isUnresolved(prefix)) {
    v.fail('bucket.bucketNamePrefix', 'is a token (known only at deploy time)', fixes.token);
    return false;
  }
  if (!nonEmptyString(v, 'bucket.bucketNamePrefix', prefix, "set bucket.bucketNamePrefix, e.g. 'shop-assets'")) return false;
  // S3 User Guide, "General purpose bucket naming rules": 3-63 characters, lowercase letters,
  // digits, hyphens (and dots, which this library does not use: they break virtual-hosted TLS).
  v.require(/^[a-z0-9][a-z0-9-]*$/.test(prefix) && !prefix.endsWith('-'), 'bucket.bucketNamePrefix',
    `'${prefix}' is not usable in an S3 bucket name (lowercase letters, digits and hyphens, starting and ending with a letter or digit)`,
    "set bucket.bucketNamePrefix, e.g. 'shop-assets'");
  if (account && regions && regions.length > 0) {
    const longest = regions.map((r) => `${prefix}-${account}-${r}`).sort((a, b) => b.length - a.length)[0];
    v.require(longest.length <= 63, 'bucket.bucketNamePrefix',
      `'${prefix}' makes the bucket name '${longest}' (${longest.length} characters); S3 bucket names have at most 63`,
      `shorten bucket.bucketNamePrefix to at most ${prefix.length - (longest.length - 63)} characters`);
    const role = roleRegions.map((r) => replicationRoleName(prefix, r)).sort((a, b) => b.length - a.length)[0];
    if (role) {
      v.require(role.length <= 64, 'bucket.bucketNamePrefix', `makes the replication role name '${role}' (${role.length} characters); IAM role names have at most 64`,
        `shorten bucket.bucketNamePrefix to at most ${prefix.length - (role.length - 64)} characters`);
    }
  }
  return true;
}

/** Checks the bucket options; the names must be valid S3 bucket names in both regions. */
export function validatePairBucket(v: PropValidator, o: PairBucketOptions, account?: string, primaryRegion?: string, standbyRegion?: string): void {
  const regions = primaryRegion && standbyRegion ? [primaryRegion, standbyRegion] : undefined;
  const usable = validateBucketNamePrefix(v, o.bucketNamePrefix, account, regions, primaryRegion ? [primaryRegion] : [], {
    missing: "set bucket.bucketNamePrefix, e.g. 'shop-assets' (the pair appends -<account>-<region>)",
    token: "set bucket.bucketNamePrefix to a literal such as 'shop-assets': the standby's bucket name must be known in both stacks at synth",
  });
  if (!usable) return;
  if (o.kmsEncrypted !== undefined && typeof o.kmsEncrypted !== 'boolean') {
    v.fail('bucket.kmsEncrypted', `must be true or false, got ${typeof o.kmsEncrypted}`, 'set bucket.kmsEncrypted to true (a KMS key per region) or false (SSE-S3)');
  }
  v.number('bucket.gbWrittenPerMonth', o.gbWrittenPerMonth, { min: 0 });
  v.number('bucket.noncurrentVersionDays', o.noncurrentVersionDays, { integer: true, min: 1 });
  nonEmptyString(v, 'bucket.environmentVariable', o.environmentVariable ?? 'BUCKET_NAME', "set bucket.environmentVariable, e.g. 'BUCKET_NAME'");
}

/** The buckets of a pair. */
export interface PairBuckets {
  /** The source bucket (primary stack), with the replication configuration. */
  readonly source: s3.Bucket;
  /** The destination bucket (standby stack). */
  readonly replica: s3.Bucket;
  /** The replication role (primary stack). */
  readonly role: iam.Role;
  /** The KMS keys, with `kmsEncrypted`. */
  readonly sourceKey?: kms.Key;
  readonly replicaKey?: kms.Key;
  readonly names: { source: string; replica: string };
}

/**
 * A versioned source bucket in the primary replicating to a versioned destination bucket in the
 * standby, with S3 Replication Time Control and replication metrics (both 15 minutes, the only
 * valid value: S3 User Guide, "Meeting compliance requirements with S3 Replication Time Control";
 * API ReplicationTimeValue). The destination is named, not referenced: the primary's
 * replication rule and role name it by ARN string, so no stack imports from the other.
 *
 * Deployment order: S3 checks the destination when the replication configuration is put
 * (PutBucketReplication answers InvalidRequest "Destination bucket must have versioning enabled"
 * for an unversioned or missing one), so the standby stack, which creates the destination, must be
 * deployed before the primary stack first creates the source bucket's replication.
 */
export function pairBuckets(primary: Stack, standby: Stack, o: PairBucketOptions): PairBuckets {
  const names = pairBucketNames(o.bucketNamePrefix, primary.account, primary.region, standby.region);
  const alias = `alias/${o.bucketNamePrefix}-replication`;
  const key = (stack: Stack) => (o.kmsEncrypted
    ? new kms.Key(stack, 'BucketKey', {
      alias,
      enableKeyRotation: true,
      description: `Encrypts the pair's bucket ${stack === primary ? names.source : names.replica} (one key per region: KMS keys are regional)`,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    : undefined);
  const common = (k: kms.Key | undefined): s3.BucketProps => replicatedBucketProps(o.noncurrentVersionDays, k);
  const replicaKey = key(standby);
  const replica = new s3.Bucket(standby, 'ReplicaBucket', { ...common(replicaKey), bucketName: names.replica });

  const sourceKey = key(primary);
  const partition = Aws.PARTITION;
  const sourceArn = `arn:${partition}:s3:::${names.source}`;
  const replicaArn = `arn:${partition}:s3:::${names.replica}`;
  // S3 User Guide, "Setting up permissions for live replication": the role's permissions.
  const statements = replicationRoleStatements(sourceArn, [replicaArn]);
  if (sourceKey) {
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [sourceKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${primary.region}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': `${sourceArn}/*` } },
    }));
    // The standby's key ID is generated in the other region: the role names it by its alias
    // (KMS condition key kms:ResourceAliases), never by a cross-region reference.
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [`arn:${partition}:kms:${standby.region}:${standby.account}:key/*`],
      conditions: {
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias },
        'StringEquals': { 'kms:ViaService': `s3.${standby.region}.amazonaws.com` },
        'StringLike': { 'kms:EncryptionContext:aws:s3:arn': `${replicaArn}/*` },
      },
    }));
  }
  const role = new iam.Role(primary, 'BucketReplicationRole', {
    roleName: replicationRoleName(o.bucketNamePrefix, primary.region),
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com'),
    description: `S3 replicates ${names.source} to ${names.replica} with this role`,
  });
  const policy = new iam.Policy(primary, 'BucketReplicationPolicy', { roles: [role], statements });
  const source = new s3.Bucket(primary, 'Bucket', {
    ...common(sourceKey),
    bucketName: names.source,
    replicationRole: role,
    replicationRules: [{
      id: 'to-standby',
      priority: 1,
      destination: s3.Bucket.fromBucketName(primary, 'ReplicaBucketByName', names.replica),
      replicationTimeControl: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      metrics: s3.ReplicationTimeValue.FIFTEEN_MINUTES,
      // Deletes are delete markers in a versioned bucket: replicating them keeps the standby's view
      // the primary's; earlier versions stay in both buckets.
      deleteMarkerReplication: true,
      sseKmsEncryptedObjects: sourceKey ? true : undefined,
    }],
  });
  if (sourceKey) {
    // S3 API EncryptionConfiguration.ReplicaKmsKeyID takes a key ARN or an alias ARN: the alias,
    // since the standby key's ID is only known in the standby region.
    (source.node.defaultChild as s3.CfnBucket).addPropertyOverride('ReplicationConfiguration.Rules.0.Destination.EncryptionConfiguration.ReplicaKmsKeyID',
      `arn:${partition}:kms:${standby.region}:${standby.account}:${alias}`);
  }
  // The replication configuration is put with the role: its permissions must exist first.
  source.node.addDependency(policy);
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  acknowledgeExpectedWildcards(policy, [
    { finding: arnFinding(`s3:::${esc(names.source)}/\\*`), reason: `S3 replication reads every object version of ${names.source} (S3 User Guide, "Setting up permissions for live replication").` },
    { finding: arnFinding(`s3:::${esc(names.replica)}/\\*`), reason: `S3 replication writes every replica into ${names.replica} (S3 User Guide, "Setting up permissions for live replication").` },
    { finding: arnFinding(`kms:${esc(standby.region)}:${esc(standby.account)}:key/\\*`), reason: 'The standby key\'s ID is generated in the other region: the statement matches it by its alias (kms:ResourceAliases), via S3 in that region, for that bucket only.' },
  ]);
  for (const b of [source, replica]) {
    Validations.of(b).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Server access logs need a log bucket per region; the pair leaves that to the owner (CloudTrail S3 data events are the alternative). Not a replication requirement.',
    });
  }
  return { source, replica, role, sourceKey, replicaKey, names };
}

/** CDK's grantReadWrite on the region's bucket (and its key): the wildcards it writes, expected. */
export function acknowledgeBucketGrant(taskRole: iam.IRole, bucketName: string): void {
  acknowledgeExpectedWildcards(taskRole, [
    {
      finding: /^Action::(s3:(Abort|DeleteObject|GetBucket|GetObject|List)\*|kms:(GenerateDataKey|ReEncrypt)\*)$/,
      reason: `CDK's grantReadWrite on the pair's bucket ${bucketName} (and its KMS key): the action families of object read-write, on that bucket only.`,
    },
    { finding: /^Resource::<(Bucket|ReplicaBucket)[0-9A-F]{8}\.Arn>\/\*$/, reason: `Objects of the pair's bucket ${bucketName} in this region: the service reads and writes any key of its own bucket.` },
  ]);
}

/** The bucket's RPO: S3 RTC replicates 99.99 % of objects within 15 minutes. */
export function bucketRpo(names: { source: string; replica: string }): TimeEstimate {
  return {
    seconds: 900,
    arithmetic: `S3 bucket ${names.source} -> ${names.replica}: Replication Time Control replicates most objects within seconds and 99.99 % of objects within 15 minutes `
      + '(S3 User Guide, "Meeting compliance requirements with S3 Replication Time Control"; the SLA percentile), so a region loss can lose up to 15 min = 900 s of new objects; the remaining 0.01 % is not bounded',
  };
}

/** Replication cost: RTC per GB and inter-region transfer, from the stated GB written a month. */
export function bucketReplicationDrivers(o: { gbWrittenPerMonth?: number; kmsEncrypted?: boolean }, names: { source: string },
  destinations?: number): CostDriver[] {
  // Without `destinations`: the pair's one-way copy to its standby.
  const copies = destinations ?? 1;
  const written = o.gbWrittenPerMonth ?? 0;
  const gb = Number((written * copies).toFixed(6));
  const copiesText = ` x ${copies} destination${copies === 1 ? '' : 's'}`;
  return [
    {
      item: `S3 Replication Time Control (${names.source})`,
      quantity: gb,
      quantityArithmetic: destinations === undefined
        ? `${formatNumber(gb)} GB written a month (assumed), each replicated (the replica's storage and PUT requests in the standby are not modelled)`
        : `${formatNumber(written)} GB written a month in all regions (assumed)${copiesText} = ${formatNumber(gb)} GB replicated (the replicas' storage and PUT requests are not modelled)`,
      unitPriceUsd: RTC_USD_PER_GB,
      unitPriceArithmetic: `$${RTC_USD_PER_GB}/GB (assumed, unconfirmed: S3 pricing page, Replication Time Control data transfer; not in the embedded table)`,
    },
    {
      ...CostDrivers.interRegionGb(gb),
      item: `S3 replication transfer (${names.source})`,
      quantityArithmetic: destinations === undefined ? `${formatNumber(gb)} GB written a month (assumed)` : `${formatNumber(written)} GB written a month (assumed)${copiesText} = ${formatNumber(gb)} GB`,
    },
    ...(o.kmsEncrypted ? [{
      item: `KMS keys of the pair's buckets (${names.source})`,
      quantity: 2,
      quantityArithmetic: '2 customer managed keys (one per region; their requests are not modelled)',
      unitPriceUsd: KMS_KEY_USD_PER_MONTH,
      unitPriceArithmetic: `$${KMS_KEY_USD_PER_MONTH.toFixed(2)}/key-month (assumed: AWS KMS pricing page, customer managed key; not in the embedded table)`,
    }] : []),
  ];
}

/** The pair's RPO over its stores: the worst store's, with each store's arithmetic. */
export function pairRpo(estimates: Array<TimeEstimate | undefined>): TimeEstimate | undefined {
  const given = estimates.filter((e): e is TimeEstimate => e !== undefined);
  if (given.length === 0) return undefined;
  if (given.length === 1) return given[0];
  const worst = Math.max(...given.map((e) => e.seconds));
  return { seconds: worst, arithmetic: `max(${given.map((e) => `${e.seconds} s`).join(', ')}) = ${worst} s over the stores: ${given.map((e) => e.arithmetic).join('; ')}` };
}

/** The runbook's store-specific steps for the bucket. */
export function bucketRunbookSteps(names: { source: string; replica: string }, variable: string): string[] {
  return [
    `- S3: nothing to do at failover. The standby's service already uses its own bucket \`${names.replica}\` (in \`${variable}\`); objects written in the primary in the last 15 minutes before the loss may be missing there (S3 RTC: 99.99 % within 15 min). `
      + `Replication is one-way: objects written to \`${names.replica}\` during the failover are not copied back. Check what is pending with the replication metrics (CloudWatch namespace AWS/S3, metrics ReplicationLatency and OperationsPendingReplication of rule \`to-standby\`, dimensions SourceBucket ${names.source} and DestinationBucket ${names.replica}, in the primary region while it answers).`,
    `- S3 fail back: copy what the standby wrote back to \`${names.source}\` before the primary serves again, e.g. \`aws s3 sync s3://${names.replica} s3://${names.source}\` (the copies replicate to the standby again as new versions), or an S3 Batch Operations copy job for large buckets.`,
  ];
}
