import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { PairTableOptions } from './table-options';
import { exactProduct, formatNumber } from '../report/decimal';
import { CostDriver, CostDrivers } from '../report/price-table';
import { TimeEstimate } from '../report/profile';

/**
 * Replicated write request unit price (on-demand), US dollars per million, a stated assumption
 * (DynamoDB pricing page, https://aws.amazon.com/dynamodb/pricing/on-demand/, us-east-1 after the
 * November 2024 price cut; not in the embedded table, not confirmed at synth).
 */
export const REPLICATED_WRITE_USD_PER_MILLION = 0.625;

/**
 * The global table in the primary stack with its standby replica. Deletion protection and
 * point-in-time recovery are set on the table and on the replica explicitly (TableV2 replica
 * options), and the table is retained on delete.
 */
export function pairTable(primary: Stack, standbyRegion: string, o: PairTableOptions): dynamodb.TableV2 {
  return globalTable(primary, [standbyRegion], o);
}

/**
 * A global table (construct id `Table`) in `stack` with a replica in each of `replicaRegions`:
 * on-demand, deletion protection and point-in-time recovery on the table and every replica,
 * retained on delete; `extra` adds TableV2 props (the consistency mode).
 */
export function globalTable(stack: Stack, replicaRegions: string[], o: PairTableOptions,
  extra: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  const recovery = { pointInTimeRecoveryEnabled: true };
  return new dynamodb.TableV2(stack, 'Table', {
    tableName: o.tableName,
    partitionKey: o.partitionKey,
    sortKey: o.sortKey,
    billing: dynamodb.Billing.onDemand(),
    deletionProtection: true,
    pointInTimeRecoverySpecification: recovery,
    removalPolicy: RemovalPolicy.RETAIN,
    replicas: replicaRegions.map((region) => ({ region, deletionProtection: true, pointInTimeRecoverySpecification: recovery })),
    ...extra,
  });
}

/** The table's RPO: DynamoDB global tables replicate asynchronously, usually within a second. */
export function tableRpo(o: PairTableOptions, standbyRegion: string): TimeEstimate {
  return {
    seconds: 1,
    arithmetic: `DynamoDB global table ${o.tableName}: replication to ${standbyRegion} is asynchronous and usually under 1 s (DynamoDB developer guide, "Global tables": typical, not guaranteed), `
      + 'so a region loss can lose about the last second of writes not yet replicated; concurrent writes to one item in both regions resolve last writer wins',
  };
}

/** Replication cost: replicated write units and inter-region transfer, from the stated write assumptions. */
export function tableReplicationDrivers(o: PairTableOptions, otherReplicas?: number): CostDriver[] {
  // Without `otherReplicas`: the pair's one standby replica.
  const replicas = otherReplicas ?? 1;
  const writes = o.writesPerMonth ?? 0;
  const kb = o.averageItemKb ?? 1;
  const units = exactProduct(writes, Math.ceil(kb), replicas);
  const gb = Number(((writes * kb * replicas) / (1024 * 1024)).toFixed(6));
  // Each write is replicated to every other replica (one replicated write unit per KB per replica).
  const times = otherReplicas === undefined ? '' : ` x ${replicas} other replica${replicas === 1 ? '' : 's'}`;
  return [
    {
      item: `DynamoDB replicated writes (${o.tableName})`,
      quantity: Number((units / 1_000_000).toFixed(6)),
      quantityArithmetic: `${formatNumber(writes)} writes (assumed) x ceil(${formatNumber(kb)} KB)${times} = ${formatNumber(units)} replicated write units = ${formatNumber(Number((units / 1_000_000).toFixed(6)))} million`,
      unitPriceUsd: REPLICATED_WRITE_USD_PER_MILLION,
      unitPriceArithmetic: `$${REPLICATED_WRITE_USD_PER_MILLION}/million (assumed: on-demand replicated write units, DynamoDB pricing page, us-east-1; not in the embedded table)`,
    },
    { ...CostDrivers.interRegionGb(gb), item: `DynamoDB replication transfer (${o.tableName})`, quantityArithmetic: `${formatNumber(writes)} writes (assumed) x ${formatNumber(kb)} KB${times} / 1048576 = ${formatNumber(gb)} GB` },
  ];
}
