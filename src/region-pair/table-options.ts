import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';

/** A DynamoDB global table of the pair: written in the primary, replicated to the standby. */
export interface PairTableOptions {
  /**
   * The table's name, the same in both regions: each region reads its replica by this name, so no
   * stack references the other.
   */
  readonly tableName: string;
  /** The partition key. */
  readonly partitionKey: dynamodb.Attribute;
  /**
   * The sort key.
   *
   * @default - none
   */
  readonly sortKey?: dynamodb.Attribute;
  /**
   * The environment variable that gives the StatelessService the table name.
   *
   * @default 'TABLE_NAME'
   */
  readonly environmentVariable?: string;
  /**
   * Writes a month, for the replication cost (each write is replicated to the standby).
   *
   * @default 0
   */
  readonly writesPerMonth?: number;
  /**
   * Average item size in KB, for the replicated write units (1 per KB, rounded up) and the
   * inter-region transfer.
   *
   * @default 1
   */
  readonly averageItemKb?: number;
}
