import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';

/** A rule: a pure function of one CfnResource. Its `name` is the rule id suffix. */
export type RuleCheck = (node: CfnResource) => NagRuleCompliance;

/** A rule with what a pack and RULES.md need to say about it. */
export interface RuleDefinition {
  /** The check; its function name becomes `<packName>-<name>`. */
  readonly rule: RuleCheck;
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
