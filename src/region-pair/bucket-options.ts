/** An S3 bucket of the pair: written in the primary, replicated to the standby with S3 Replication Time Control. */
export interface PairBucketOptions {
  /**
   * The bucket names' stem. Bucket names are global, so each region's bucket is
   * `<bucketNamePrefix>-<account>-<region>` (lowercase letters, digits and hyphens; at most 63
   * characters in all): each stack knows both names at synth, so neither references the other.
   */
  readonly bucketNamePrefix: string;
  /**
   * Whether both buckets are encrypted with a customer managed KMS key of their own region (KMS
   * keys are regional), each with the alias `alias/<bucketNamePrefix>-replication`; the replication
   * rule names the standby's key by its alias ARN and replicates SSE-KMS objects.
   *
   * @default false - SSE-S3 (S3 managed keys) on both buckets
   */
  readonly kmsEncrypted?: boolean;
  /**
   * The environment variable that gives the StatelessService its region's bucket name.
   *
   * @default 'BUCKET_NAME'
   */
  readonly environmentVariable?: string;
  /**
   * Days a version stays after it is overwritten or deleted, in both buckets (a lifecycle rule,
   * which also aborts incomplete multipart uploads after 7 days). Versioning is required for
   * replication; without expiry every overwrite is kept and billed forever.
   *
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * GB written to the bucket a month, for the replication cost (each new object or version is
   * replicated to the standby).
   *
   * @default 0
   */
  readonly gbWrittenPerMonth?: number;
}
