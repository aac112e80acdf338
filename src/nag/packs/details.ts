import { CfnResource, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
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
  scope: IConstruct,
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
      const node = resource.constructPath ? resourceAt(scope, resource.constructPath) : undefined;
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

/**
 * The resource at a construct path (as a violation names it), found from the tree's root one id
 * at a time (construct ids never contain `/`): only violating resources are looked up, so the
 * pack does not record every resource's path while it checks.
 */
export function resourceAt(scope: IConstruct, constructPath: string): CfnResource | undefined {
  const root = scope.node.root;
  const ids = constructPath.split('/');
  let cur: IConstruct | undefined = root;
  for (let i = root.node.id !== '' && ids[0] === root.node.id ? 1 : 0; i < ids.length && cur; i++) cur = cur.node.tryFindChild(ids[i]);
  return cur && CfnResource.isCfnResource(cur) ? cur : undefined;
}
