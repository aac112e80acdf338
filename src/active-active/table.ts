import { Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ActiveActiveTableOptions } from './options';
import { PropValidator } from '../core/validation';
import { globalTable } from '../region-pair/table';
import { TimeEstimate } from '../report/profile';

/**
 * The region sets of multi-region strong consistency (MRSC): every replica and the witness must be
 * in one of them (AWS::DynamoDB::GlobalTable GlobalTableWitness, CloudFormation template reference;
 * DynamoDB API CreateGlobalTableWitnessGroupMemberAction; the same sets aws-cdk-lib 2.262 checks).
 */
export const MRSC_REGION_SETS: { readonly [set: string]: readonly string[] } = {
  US: ['us-east-1', 'us-east-2', 'us-west-2'],
  EU: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
  AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
};

const DOCS = 'DynamoDB developer guide, "How DynamoDB global tables work", consistency modes';

/** True when the options ask for multi-region strong consistency. */
export function isStrong(o: ActiveActiveTableOptions): boolean {
  return o.multiRegionConsistency === dynamodb.MultiRegionConsistency.STRONG;
}

/**
 * Checks the consistency mode against the regions: MRSC takes exactly three replicas, or two
 * replicas and a witness, all in one region set; a witness is for MRSC only.
 */
export function validateConsistency(v: PropValidator, o: ActiveActiveTableOptions, regions: string[] | undefined): void {
  const mode = o.multiRegionConsistency;
  if (mode !== undefined && mode !== dynamodb.MultiRegionConsistency.EVENTUAL && mode !== dynamodb.MultiRegionConsistency.STRONG) {
    v.fail('table.multiRegionConsistency', `must be dynamodb.MultiRegionConsistency.EVENTUAL or STRONG, got ${JSON.stringify(mode)}`, 'use dynamodb.MultiRegionConsistency.EVENTUAL (the default) or STRONG');
    return;
  }
  const witness = o.witnessRegion;
  if (witness !== undefined && (typeof witness !== 'string' || Token.isUnresolved(witness))) {
    v.fail('table.witnessRegion', `must be a concrete region name, got ${typeof witness === 'string' ? 'a token' : JSON.stringify(witness)}`, "set table.witnessRegion to a region such as 'us-east-2'");
    return;
  }
  if (!isStrong(o)) {
    v.require(witness === undefined, 'table.witnessRegion', 'is set, but a witness takes part only in multi-region strong consistency (MRSC); an eventual global table has none',
      'remove table.witnessRegion, or set table.multiRegionConsistency to dynamodb.MultiRegionConsistency.STRONG');
    return;
  }
  if (!regions) return;
  const all = witness ? [...regions, witness] : regions;
  const set = Object.entries(MRSC_REGION_SETS).find(([, rs]) => rs.includes(regions[0]));
  const sets = Object.entries(MRSC_REGION_SETS).map(([n, rs]) => `${n}: ${rs.join(', ')}`).join('; ');
  const outside = all.filter((r) => !set || !set[1].includes(r));
  if (outside.length > 0) {
    v.fail('table.multiRegionConsistency', `is STRONG, but ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside ${set ? `the ${set[0]} region set of ${regions[0]}` : 'every MRSC region set'}: multi-region strong consistency needs every replica and the witness in one region set (${sets})`,
      'choose regions (and witnessRegion) within one set, or use dynamodb.MultiRegionConsistency.EVENTUAL (last writer wins, any regions)');
  }
  if (witness !== undefined) {
    v.require(!regions.includes(witness), 'table.witnessRegion', `is ${witness}, one of the regions; the witness must be in a different region than the replicas`,
      `choose a third region of the set as witness${set ? ` (${set[1].filter((r) => !regions.includes(r)).join(' or ')})` : ''}`);
    v.require(regions.length === 2, 'table.witnessRegion', `is set with ${regions.length} regions; an MRSC global table has either three replicas or two replicas and one witness`,
      regions.length === 3 ? 'remove table.witnessRegion (three replicas need no witness)' : 'use two regions with a witness, or three regions without');
  } else {
    v.require(regions.length === 3, 'table.multiRegionConsistency', `is STRONG with ${regions.length} regions and no witness; an MRSC global table has either three replicas or two replicas and one witness`,
      regions.length === 2 ? `set table.witnessRegion to a third region of the set${set ? ` (${set[1].filter((r) => !regions.includes(r)).join(' or ')})` : ''}` : 'use exactly three regions, or two regions and table.witnessRegion');
  }
}

/**
 * The global table in the first region's stack with a replica in every other region (TableV2
 * replicas: one AWS::DynamoDB::GlobalTable resource), deletion protection and point-in-time
 * recovery on every replica, retained on delete, on-demand billing; with STRONG, the witness.
 */
export function activeTable(first: Stack, otherRegions: string[], o: ActiveActiveTableOptions): dynamodb.TableV2 {
  const strong = { multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG, witnessRegion: o.witnessRegion };
  return globalTable(first, otherRegions, o, isStrong(o) ? strong : {});
}

/** The table's RPO and its conflict semantics, per consistency mode. */
export function activeTableRpo(o: ActiveActiveTableOptions, regions: string[]): TimeEstimate {
  if (isStrong(o)) {
    return {
      seconds: 0,
      arithmetic: `DynamoDB global table ${o.tableName} with multi-region strong consistency over ${[...regions, ...(o.witnessRegion ? [`witness ${o.witnessRegion}`] : [])].join(', ')}: `
        + `a write returns only once it is replicated to at least one other region (${DOCS}), so losing one region loses no acknowledged write: 0 s. `
        + 'Concurrent writes to one item from two regions fail with ReplicatedWriteConflictException (retryable) instead of one silently winning',
    };
  }
  return {
    seconds: 1,
    arithmetic: `DynamoDB global table ${o.tableName} (multi-region eventual consistency) over ${regions.join(', ')}: every replica takes writes and replicates them asynchronously, usually within 1 s `
      + `(${DOCS}: typical, not guaranteed; no SLA on ReplicationLatency), so a region loss can lose about the last second of its writes not yet replicated. `
      + 'Concurrent writes to one item in two regions resolve last writer wins (the later internal timestamp): the other write is lost without an error',
  };
}

/** What strong consistency costs in write latency, in words (not measured by the library). */
export function strongWriteLatencyNote(o: ActiveActiveTableOptions, regions: string[]): string {
  return isStrong(o)
    ? `table ${o.tableName} is STRONG: every write (and every strongly consistent read) waits for at least one inter-region round trip to the nearest other replica or witness `
      + `(${[...regions, ...(o.witnessRegion ? [o.witnessRegion] : [])].join(', ')}), typically tens of milliseconds within a region set, against single-digit milliseconds for an eventual write; `
      + 'not measured by the library: measure it from each region. The consistency mode cannot be changed after creation'
    : `table ${o.tableName} is EVENTUAL: writes take local latency; the price is last writer wins on concurrent writes to one item and about 1 s of writes at risk in a region loss`;
}
