import { CfnResource } from 'aws-cdk-lib';
import { failoverRole, normalizeName, recordsOf, RecordView } from './records';
import { get, resourcesOfType, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Failover records whose counterpart (same name, type and zone, other role) is not in the stack. */
export function Route53FailoverPair(node: CfnResource): NagRuleCompliance {
  const mine = recordsOf(node).filter((r) => isRole(failoverRole(r.record)));
  if (mine.length === 0) return NOT_APPLICABLE;
  return unpaired(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function isRole(role: unknown): role is 'PRIMARY' | 'SECONDARY' {
  return role === 'PRIMARY' || role === 'SECONDARY';
}

function unpaired(node: CfnResource): string[] {
  const all: RecordView[] = [
    ...resourcesOfType(node, 'AWS::Route53::RecordSet'),
    ...resourcesOfType(node, 'AWS::Route53::RecordSetGroup'),
  ].flatMap(recordsOf);
  const out: string[] = [];
  for (const r of recordsOf(node)) {
    const role = failoverRole(r.record);
    if (!isRole(role)) continue;
    const other = role === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY';
    const candidates = all.filter((c) => failoverRole(c.record) === other || failoverRole(c.record) === UNKNOWN);
    if (!candidates.some((c) => samePlace(r, c))) out.push(`${r.label} (${role} without ${other})`);
  }
  return out;
}

/**
 * True when two records may answer the same name: same type, zone and name where known. A value
 * only known at deploy time matches anything (never reported).
 */
function samePlace(a: RecordView, b: RecordView): boolean {
  return sameValue(get(a.record, 'Type'), get(b.record, 'Type'), (v) => v)
    && sameValue(get(a.record, 'Name'), get(b.record, 'Name'), normalizeName)
    && (a.zone === undefined || b.zone === undefined || JSON.stringify(a.zone) === JSON.stringify(b.zone)
      || Object.keys(a.zone as object)[0] !== Object.keys(b.zone as object)[0]);
}

function sameValue(a: unknown, b: unknown, norm: (s: string) => string): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return true;
  if (typeof a === 'string' && typeof b === 'string') return norm(a) === norm(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

export const Route53FailoverPairRule: RuleDefinition = {
  rule: Route53FailoverPair,
  level: NagMessageLevel.ERROR,
  info: 'The failover record has no counterpart (the other of PRIMARY/SECONDARY for the same name, type and zone) in this stack.',
  explanation: 'A PRIMARY without a SECONDARY has nowhere to fail over to, and a SECONDARY alone is never answered while nothing else fails; when the two live in different stacks or templates they drift apart and a deployment can leave one half behind. Declare both records of a failover pair together; ActivePassiveRegionPair creates them as one unit.',
  checks: 'AWS::Route53::RecordSet, or a record in an AWS::Route53::RecordSetGroup, with `Failover` set and no record of the other role with the same `Name`, `Type` and hosted zone in the same stack (values known only at deploy time match anything).',
  source: 'Route 53 Developer Guide, "Failover routing" (a failover configuration is a PRIMARY and a SECONDARY record of the same name and type).',
  detail: (node) => `Records: ${unpaired(node).join(', ')}.`,
};
