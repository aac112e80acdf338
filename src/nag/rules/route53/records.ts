import { CfnResource, Stack } from 'aws-cdk-lib';
import { containsIntrinsic, get, list, props, raw, str, UNKNOWN } from '../../cfn';

/** One record set, with the zone it belongs to (a RecordSetGroup's zone applies to its records). */
export interface RecordView {
  readonly record: unknown;
  readonly zone: unknown;
  readonly label: string;
}

const RECORD_SET = 'AWS::Route53::RecordSet';
const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';

/** The resource types that hold Route 53 records. */
export const RECORD_TYPES: readonly string[] = [RECORD_SET, RECORD_SET_GROUP];

/** True for the resource types that hold Route 53 records. */
export function holdsRecords(node: CfnResource): boolean {
  return node.cfnResourceType === RECORD_SET || node.cfnResourceType === RECORD_SET_GROUP;
}

/** The records of a RecordSet or RecordSetGroup (empty when only known at deploy time). */
export function recordsOf(node: CfnResource): RecordView[] {
  if (!holdsRecords(node)) return [];
  const p = props(node);
  if (get(p, 'Name') === UNKNOWN && get(p, 'RecordSets') === UNKNOWN) return [];
  if (node.cfnResourceType === RECORD_SET) return [{ record: p, zone: zoneKey(p), label: label(p) }];
  const records = list(get(p, 'RecordSets'));
  if (records === UNKNOWN || !records) return [];
  const groupZone = zoneKey(p);
  return records.map((r) => ({ record: r, zone: groupZone ?? zoneKey(r), label: label(r) }));
}

function zoneKey(p: unknown): unknown {
  const id = get(p, 'HostedZoneId');
  if (id !== undefined) return { id: id === UNKNOWN ? raw(p, 'HostedZoneId') : id };
  const name = get(p, 'HostedZoneName');
  if (name !== undefined) return { name: typeof name === 'string' ? normalizeName(name) : raw(p, 'HostedZoneName') };
  return undefined;
}

function label(r: unknown): string {
  const name = str(get(r, 'Name'));
  const type = str(get(r, 'Type'));
  return `${typeof name === 'string' ? name : '<name from a parameter>'} ${typeof type === 'string' ? type : ''}`.trim();
}

/** DNS names compare without case and trailing dot. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The failover role of a record: PRIMARY, SECONDARY, undefined (not failover) or UNKNOWN. */
export function failoverRole(record: unknown): string | undefined | typeof UNKNOWN {
  return str(get(record, 'Failover'));
}

/** The latency region of a record (`Region`): a region name, undefined (not latency routing) or UNKNOWN. */
export function latencyRegion(record: unknown): string | undefined | typeof UNKNOWN {
  return str(get(record, 'Region'));
}

/** True when two records may answer the same name and type (a value known only at deploy time matches anything). */
export function sameNameAndType(a: RecordView, b: RecordView): boolean {
  const same = (x: unknown, y: unknown, norm: (s: string) => string) =>
    x === UNKNOWN || y === UNKNOWN || (typeof x === 'string' && typeof y === 'string' ? norm(x) === norm(y) : JSON.stringify(x) === JSON.stringify(y));
  return same(get(a.record, 'Type'), get(b.record, 'Type'), (v) => v) && same(get(a.record, 'Name'), get(b.record, 'Name'), normalizeName);
}

/**
 * True when two records may be in the same hosted zone. A zone known only at deploy time matches
 * anything, and so does a zone given by reference in another stack (a reference means something
 * else in each template); zones given by id and by name cannot be compared and match.
 */
export function sameZone(a: { readonly view: RecordView; readonly stack: Stack }, b: { readonly view: RecordView; readonly stack: Stack }): boolean {
  if (a.view.zone === undefined || b.view.zone === undefined) return true;
  const ka = Object.keys(a.view.zone as object)[0];
  const kb = Object.keys(b.view.zone as object)[0];
  if (ka !== kb) return true;
  if (a.stack !== b.stack && (containsIntrinsic(a.view.zone) || containsIntrinsic(b.view.zone))) return true;
  return JSON.stringify(a.view.zone) === JSON.stringify(b.view.zone);
}
