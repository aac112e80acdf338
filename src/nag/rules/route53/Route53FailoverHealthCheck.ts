import { CfnResource } from 'aws-cdk-lib';
import { failoverRole, holdsRecords, recordsOf, RECORD_TYPES } from './records';
import { bool, get } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** PRIMARY failover records with neither a health check nor alias target-health evaluation. */
export function Route53FailoverHealthCheck(node: CfnResource): NagRuleCompliance {
  if (!holdsRecords(node)) return NOT_APPLICABLE;
  const primaries = recordsOf(node).filter((r) => failoverRole(r.record) === 'PRIMARY');
  if (primaries.length === 0) return NOT_APPLICABLE;
  return unchecked(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function unchecked(node: CfnResource): string[] {
  return recordsOf(node)
    .filter((r) => failoverRole(r.record) === 'PRIMARY')
    .filter((r) => {
      if (get(r.record, 'HealthCheckId') !== undefined) return false;
      const evaluate = bool(get(r.record, 'AliasTarget', 'EvaluateTargetHealth'));
      return evaluate === false || evaluate === undefined;
    })
    .map((r) => r.label);
}

export const Route53FailoverHealthCheckRule: RuleDefinition = {
  rule: Route53FailoverHealthCheck,
  resourceTypes: RECORD_TYPES,
  level: NagMessageLevel.ERROR,
  info: 'The PRIMARY failover record has no health check and does not evaluate its alias target\'s health.',
  explanation: 'Route 53 treats a primary without a health check as always healthy, so it never fails over: the standby region is paid for and never used. Attach a health check that reflects the user-facing SLO (`HealthCheckId`), or for an alias record set `EvaluateTargetHealth: true`; ActivePassiveRegionPair creates the health-checked failover pair.',
  checks: 'AWS::Route53::RecordSet, or a record in an AWS::Route53::RecordSetGroup, with `Failover: PRIMARY` and neither `HealthCheckId` nor `AliasTarget.EvaluateTargetHealth: true`.',
  source: 'Route 53 Developer Guide, "Configuring DNS failover" (records without a health check are considered healthy).',
  detail: (node) => `Records: ${unchecked(node).join(', ')}.`,
};
