/** The Aurora engine of a pair's global database. */
export enum AuroraGlobalEngine {
  /** Aurora PostgreSQL-Compatible Edition (`aurora-postgresql`). */
  POSTGRESQL = 'aurora-postgresql',
  /** Aurora MySQL-Compatible Edition (`aurora-mysql`). */
  MYSQL = 'aurora-mysql',
}

/** An Aurora global database of the pair: the writer cluster in the primary, a secondary cluster in the standby. */
export interface PairAuroraOptions {
  /**
   * The global database's identifier (1-63 letters, digits and hyphens, starting with a letter).
   * Each region's cluster is `<globalClusterIdentifier>-<region>`; the standby's secondary joins
   * the global database by this name, never by a cross-region reference.
   */
  readonly globalClusterIdentifier: string;
  /** The engine. */
  readonly engine: AuroraGlobalEngine;
  /**
   * The engine version, as RDS names it (`17.5` for Aurora PostgreSQL, `8.0.mysql_aurora.3.08.0`
   * for Aurora MySQL). Versions the Aurora User Guide lists as without global database support are
   * an error.
   */
  readonly engineVersion: string;
  /**
   * The DB instance class in both regions.
   *
   * @default 'db.r6g.large'
   */
  readonly instanceClass?: string;
  /**
   * DB instances in the primary (a writer and readers in other zones).
   *
   * @default 2
   */
  readonly primaryInstances?: number;
  /**
   * DB instances in the standby's secondary cluster. 0 is a headless secondary (storage replicated,
   * no instance billed), allowed with a pilot light standby only.
   *
   * @default - pilot light 0 (headless), warm standby 1, hot standby `primaryInstances`
   */
  readonly standbyInstances?: number;
  /**
   * The on-demand price of one instance an hour, US dollars, for the cost lines.
   *
   * @default 0.26 - assumed: db.r6g.large Aurora PostgreSQL/MySQL on-demand, us-east-1 (Aurora pricing page; unconfirmed)
   */
  readonly instanceHourlyUsd?: number;
  /**
   * Millions of write I/Os replicated to the standby a month, for the replicated write I/O cost.
   *
   * @default 0
   */
  readonly replicatedWriteIoMillionsPerMonth?: number;
  /**
   * GB of writes a month replicated to the standby, for the inter-region transfer cost.
   *
   * @default 0
   */
  readonly gbWrittenPerMonth?: number;
}
