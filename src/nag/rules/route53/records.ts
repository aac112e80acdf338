import { CfnResource } from 'aws-cdk-lib';
import { get, list, props, raw, str, UNKNOWN } from '../../cfn';

/** One record set, with the zone it belongs to (a RecordSetGroup's zone applies to its records). */
export interface RecordView {
  readonly record: unknown;
  readonly zone: unknown;
  readonly label: string;
}

const RECORD_SET = 'AWS::Route53::RecordSet';
const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';

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
