import { CfnResource } from 'aws-cdk-lib';
import { holdsRecords, recordsOf, RECORD_TYPES } from './records';
import { get, num } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Maximum TTL (seconds) recommended for records with health checks. */
export const MAX_HEALTH_CHECKED_TTL = 60;

/** Health-checked records whose TTL is over 60 s. */
export function Route53HealthCheckedTTL(node: CfnResource): NagRuleCompliance {
  if (!holdsRecords(node)) return NOT_APPLICABLE;
  const checked = recordsOf(node).filter((r) => get(r.record, 'HealthCheckId') !== undefined);
  if (checked.length === 0) return NOT_APPLICABLE;
  return slow(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function slow(node: CfnResource): string[] {
  const out: string[] = [];
  for (const r of recordsOf(node)) {
    if (get(r.record, 'HealthCheckId') === undefined) continue;
    const ttl = num(get(r.record, 'TTL'));
    if (typeof ttl === 'number' && ttl > MAX_HEALTH_CHECKED_TTL) out.push(`${r.label} TTL ${ttl} s`);
  }
  return out;
}

export const Route53HealthCheckedTTLRule: RuleDefinition = {
  rule: Route53HealthCheckedTTL,
  resourceTypes: RECORD_TYPES,
  level: NagMessageLevel.ERROR,
  info: 'The health-checked record has a TTL over 60 s.',
  explanation: 'After Route 53 fails over, resolvers and clients keep the old answer for the TTL, so a long TTL adds its full length to the recovery time (detection takes interval x failure threshold, about 30-90 s, before that). Use a TTL of 60 s or less on health-checked records, or alias records (which have no TTL of their own).',
  checks: 'AWS::Route53::RecordSet, or a record in an AWS::Route53::RecordSetGroup, with `HealthCheckId` and `TTL` > 60.',
  source: 'Route 53 Developer Guide, "How health checks work in complex configurations" / DNS failover best practices (TTL of 60 s or less with health checks).',
  detail: (node) => `Records: ${slow(node).join(', ')}.`,
};
