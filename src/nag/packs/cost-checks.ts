import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { COST_PACK, COST_RULES, packRules } from '../catalog';
import { synthesizedTemplates, withRenderCache, withTemplates } from '../cfn';
import { RuleDefinition, rulesFor } from '../rule';
import { withDetails } from './details';

/**
 * Cost checks for any CDK app or CloudFormation template (cdk-nag v3 pack `CloudNativeCost`).
 *
 * NAT gateways without free gateway endpoints (with the NAT hours priced), public IPv4 addresses
 * on launch, log groups kept forever, ECR repositories without lifecycle policies and gp2 volumes.
 * Finding ids are `CloudNativeCost-<RuleName>`; RULES.md lists them.
 *
 * @example
 * Validations.of(app).addPlugins(new CostChecks(app));
 */
export class CostChecks extends NagPack {
  /** The plugin name shown in validation reports. */
  public readonly name: string;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.name = COST_PACK;
    this.packName = COST_PACK;
  }

  /**
   * Checks every CfnResource under `scope` and returns the findings, one violation per resource
   * for rules that state per-resource facts (such as the NAT price arithmetic).
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    // The details are computed in the same run as the checks, so they reuse its renders and indexes.
    return withRenderCache(() => withDetails(super.validateScope(scope), this.packName, packRules(COST_PACK), scope));
  }

  /**
   * The plugin path: runs right after synthesis wrote the templates, so the rules read each
   * stack's resources from its synthesized template instead of resolving them again.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    if (!context.appConstruct) return super.validate(context);
    const templates = synthesizedTemplates(context.appConstruct, context.stackTemplates ?? [], context.templatePaths ?? []);
    return withTemplates(templates, () => super.validate(context));
  }

  protected checkResource(node: CfnResource): void {
    this.checkNetwork(node);
    this.checkStorage(node);
  }

  private checkNetwork(node: CfnResource): void {
    this.applyAll(node, COST_RULES.network);
  }

  private checkStorage(node: CfnResource): void {
    this.applyAll(node, COST_RULES.storage);
  }

  private applyAll(node: CfnResource, rules: readonly RuleDefinition[]): void {
    for (const r of rulesFor(rules, node.cfnResourceType)) {
      this.applyRule({ info: r.info, explanation: r.explanation, level: r.level, rule: r.rule, node });
    }
  }
}
