import { CfnResource, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { RuleDefinition } from '../rule';

/**
 * cdk-nag groups a rule's violating resources under one description (the rule's `info`). Rules
 * with a `detail` state per-resource facts (names, counts, the price arithmetic), so their
 * violations are split: one violation per resource, `info` followed by that resource's detail.
 * Every violation of ours also carries the rule's explanation as its `fix`.
 */
export function withDetails(
  report: PolicyValidationPluginReport,
  packName: string,
  rules: readonly RuleDefinition[],
  nodes: Map<string, CfnResource>,
): PolicyValidationPluginReport {
  const byId = new Map(rules.map((r) => [`${packName}-${r.rule.name}`, r]));
  const violations: PolicyViolation[] = [];
  for (const v of report.violations) {
    const rule = byId.get(v.ruleName);
    if (!rule) {
      violations.push(v);
      continue;
    }
    if (!rule.detail || !v.description.startsWith(rule.info)) {
      violations.push({ ...v, fix: v.fix ?? rule.explanation });
      continue;
    }
    for (const resource of v.violatingResources) {
      const node = resource.constructPath ? nodes.get(resource.constructPath) : undefined;
      let detail: string | undefined;
      try {
        detail = node ? rule.detail(node) : undefined;
      } catch {
        detail = undefined;
      }
      const description = detail ? `${rule.info} ${detail}${v.description.slice(rule.info.length)}` : v.description;
      violations.push({ ...v, description, fix: v.fix ?? rule.explanation, violatingResources: [resource] });
    }
  }
  return { ...report, violations };
}
