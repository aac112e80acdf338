import { CfnResource } from 'aws-cdk-lib';
import { holdsRecords, latencyRegion, recordsOf, RECORD_TYPES } from './records';
import { bool, get, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Latency records with neither a health check nor alias target-health evaluation. */
export function Route53LatencyHealthCheck(node: CfnResource): NagRuleCompliance {
  if (!holdsRecords(node)) return NOT_APPLICABLE;
  if (recordsOf(node).filter((r) => latencyRegion(r.record) !== undefined).length === 0) return NOT_APPLICABLE;
  return unchecked(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function unchecked(node: CfnResource): string[] {
  return recordsOf(node)
    .filter((r) => latencyRegion(r.record) !== undefined)
    .filter((r) => get(r.record, 'HealthCheckId') === undefined && bool(get(r.record, 'AliasTarget', 'EvaluateTargetHealth')) !== true)
    .map((r) => {
      const region = latencyRegion(r.record);
      return `${r.label} (${region === UNKNOWN ? 'region from a parameter' : region})`;
    });
}

export const Route53LatencyHealthCheckRule: RuleDefinition = {
  rule: Route53LatencyHealthCheck,
  resourceTypes: RECORD_TYPES,
  level: NagMessageLevel.ERROR,
  info: 'The latency record has no health check and does not evaluate its alias target\'s health.',
  explanation: 'Route 53 treats a latency record without a health check as always healthy, so when its region fails, the users nearest to it keep being sent there while the other regions have capacity to spare: active-active without the failover. Attach a health check that reflects the user-facing SLO (`HealthCheckId`), or for an alias record set `EvaluateTargetHealth: true`; ActiveActiveRegions creates both.',
  checks: 'AWS::Route53::RecordSet, or a record in an AWS::Route53::RecordSetGroup, with `Region` (latency routing) and neither `HealthCheckId` nor `AliasTarget.EvaluateTargetHealth: true`.',
  source: 'Route 53 Developer Guide, "Latency-based routing" and "How Amazon Route 53 chooses records when health checking is configured" (records without a health check are considered healthy).',
  detail: (node) => `Records: ${unchecked(node).join(', ')}.`,
};
