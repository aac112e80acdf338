import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { PairTableOptions } from '../region-pair/table-options';

/**
 * The DynamoDB global table of ActiveActiveRegions: a replica in every region, each written by its
 * region's workload (multi-writer). The table options of ActivePassiveRegionPair, plus the
 * consistency mode.
 */
export interface ActiveActiveTableOptions extends PairTableOptions {
  /**
   * The global table's consistency mode. `EVENTUAL` (MREC): each replica takes writes and
   * replicates them asynchronously, usually within a second; concurrent writes to one item in two
   * regions resolve last writer wins (the later internal timestamp), so the losing write is gone
   * without an error. `STRONG` (MRSC): a write returns only once it is replicated to at least one
   * other region, so a region loss loses no acknowledged write (RPO 0) and strongly consistent
   * reads see the latest write in every region, at the cost of at least one inter-region round
   * trip on every write (and on strongly consistent reads); conflicting concurrent writes fail
   * with a ReplicatedWriteConflictException instead of one silently winning. MRSC needs exactly
   * three replica regions, or two and a `witnessRegion`, all in one region set (US: us-east-1,
   * us-east-2, us-west-2; EU: eu-west-1, eu-west-2, eu-west-3, eu-central-1; AP: ap-northeast-1,
   * ap-northeast-2, ap-northeast-3), and the consistency mode cannot be changed after creation.
   *
   * @default dynamodb.MultiRegionConsistency.EVENTUAL
   */
  readonly multiRegionConsistency?: dynamodb.MultiRegionConsistency;
  /**
   * With `STRONG` and two regions: the witness region (in the same region set, not one of the
   * regions), which takes part in the write quorum and holds no readable replica.
   *
   * @default - none: required with STRONG and two regions, an error otherwise
   */
  readonly witnessRegion?: string;
}

/**
 * An S3 bucket in every region of ActiveActiveRegions, each replicating to all the others (two-way
 * replication with S3 Replication Time Control, metrics and replica modification sync), so each
 * region's workload writes its own bucket.
 */
export interface ActiveActiveBucketOptions {
  /**
   * The bucket names' stem: each region's bucket is `<bucketNamePrefix>-<account>-<region>`
   * (lowercase letters, digits and hyphens; at most 63 characters in all), so each stack names the
   * others' buckets at synth without a reference.
   */
  readonly bucketNamePrefix: string;
  /**
   * The environment variable that gives the StatelessService its region's bucket name.
   *
   * @default 'BUCKET_NAME'
   */
  readonly environmentVariable?: string;
  /**
   * Days a version stays after it is overwritten or deleted, in every bucket.
   *
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * GB written a month in all regions together, for the replication cost (each new object or
   * version is replicated to every other region).
   *
   * @default 0
   */
  readonly gbWrittenPerMonth?: number;
  /**
   * Whether the buckets carry their replication rules. S3 rejects a replication rule whose
   * destination bucket does not exist yet, and with two-way replication every bucket is another's
   * destination: deploy every region once with `replicate: false` (buckets only), then with
   * `true` (the default) in any order.
   *
   * @default true
   */
  readonly replicate?: boolean;
}
