import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CLOUD_NATIVE_PACK, CLOUD_NATIVE_RULES, packRules } from '../catalog';
import { synthesizedTemplates, withRenderCache, withTemplates } from '../cfn';
import { RuleDefinition, rulesFor } from '../rule';
import { withDetails } from './details';

/**
 * Resilience checks for any CDK app or CloudFormation template (cdk-nag v3 pack `CloudNative`).
 *
 * Statelessness (sticky sessions, host volumes, writable root filesystems, plain secrets), rollout
 * safety (circuit breaker, drain vs stop timeout), zones (single task, single zone), spot hygiene
 * (diversity, allocation, rebalance, on-demand base, spot-only strategies), data protection
 * (Multi-AZ, backups, PITR, failover, deletion policies), DNS failover and queues (dead-letter queues). Finding ids are
 * `CloudNative-<RuleName>`; RULES.md lists them.
 *
 * @example
 * Validations.of(app).addPlugins(new CloudNativeChecks(app));
 */
export class CloudNativeChecks extends NagPack {
  /** The plugin name shown in validation reports. */
  public readonly name: string;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.name = CLOUD_NATIVE_PACK;
    this.packName = CLOUD_NATIVE_PACK;
  }

  /**
   * Checks every CfnResource under `scope` and returns the findings, one violation per resource
   * for rules that state per-resource facts.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    // The details are computed in the same run as the checks, so they reuse its renders and indexes.
    return withRenderCache(() => withDetails(super.validateScope(scope), this.packName, packRules(CLOUD_NATIVE_PACK), scope));
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
    this.checkStatelessness(node);
    this.checkRollout(node);
    this.checkZones(node);
    this.checkSpot(node);
    this.checkDataProtection(node);
    this.checkFailover(node);
    this.checkQueues(node);
  }

  private checkStatelessness(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.statelessness);
  }

  private checkRollout(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.rollout);
  }

  private checkZones(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.zones);
  }

  private checkSpot(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.spot);
  }

  private checkQueues(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.queues);
  }

  private checkDataProtection(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.dataProtection);
  }

  private checkFailover(node: CfnResource): void {
    this.applyAll(node, CLOUD_NATIVE_RULES.failover);
  }

  private applyAll(node: CfnResource, rules: readonly RuleDefinition[]): void {
    for (const r of rulesFor(rules, node.cfnResourceType)) {
      this.applyRule({ info: r.info, explanation: r.explanation, level: r.level, rule: r.rule, node });
    }
  }
}
