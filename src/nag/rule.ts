import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';

/** A rule: a pure function of one CfnResource. Its `name` is the rule id suffix. */
export type RuleCheck = (node: CfnResource) => NagRuleCompliance;

/** A rule with what a pack and RULES.md need to say about it. */
export interface RuleDefinition {
  /** The check; its function name becomes `<packName>-<name>`. */
  readonly rule: RuleCheck;
  /**
   * The CloudFormation types the rule can judge: the packs call it for resources of these types
   * only (for any other it is NOT_APPLICABLE, which test/nag/resource-types.test.ts checks on
   * every resource of the corpus and of the library's constructs).
   */
  readonly resourceTypes: readonly string[];
  /** Error or warning. */
  readonly level: NagMessageLevel;
  /** What is wrong (the finding's message). */
  readonly info: string;
  /** Why it matters for resilience or cost, and what to do instead. */
  readonly explanation: string;
  /** What the rule checks, for RULES.md. */
  readonly checks: string;
  /** The source of the fact the rule relies on, for RULES.md. */
  readonly source: string;
  /**
   * Per-resource facts appended to `info` (the names, the numbers, the arithmetic), computed only
   * for resources the rule found non-compliant.
   */
  readonly detail?: (node: CfnResource) => string | undefined;
}

export const COMPLIANT = NagRuleCompliance.COMPLIANT;
export const NON_COMPLIANT = NagRuleCompliance.NON_COMPLIANT;
export const NOT_APPLICABLE = NagRuleCompliance.NOT_APPLICABLE;
export { NagMessageLevel, NagRuleCompliance };

/** Rules that apply to a type, per rule list (a pack's group) and type. */
const byType = new WeakMap<readonly RuleDefinition[], Map<string, readonly RuleDefinition[]>>();

/**
 * The rules of `rules` that can judge a resource of `type` (its `resourceTypes` name it), in
 * their order: a pack calls only these, so a resource costs the rules of its own type, not every
 * rule of the pack. Indexed once per list and type.
 */
export function rulesFor(rules: readonly RuleDefinition[], type: string): readonly RuleDefinition[] {
  let index = byType.get(rules);
  if (!index) {
    index = new Map();
    byType.set(rules, index);
  }
  let out = index.get(type);
  if (!out) {
    out = rules.filter((r) => r.resourceTypes.includes(type));
    index.set(type, out);
  }
  return out;
}
