import { Duration } from 'aws-cdk-lib';
import { CfnResiliencyPolicy } from 'aws-cdk-lib/aws-resiliencehub';
import { Construct, IConstruct } from 'constructs';
import { ReportWorkload } from './model';
import { checkPolicy, findPolicies, markPolicy, PolicyCheckResult, PolicyEnforcement, PolicyTargets } from './policy-check';
import { FailureDomain } from './profile';
import { CloudNativeReport } from './report';
import { describeValue, oneOf, PropValidator, requireDefined, wholeDuration } from '../core/validation';
import { resilienceHubPolicy, ResilienceHubPolicyOptions, validateResilienceHub } from '../decision/resilience-hub';

export { PolicyEnforcement } from './policy-check';

/** Props of ResiliencePolicy. */
export interface ResiliencePolicyProps {
  /**
   * Target recovery time: the longest modelled recovery among the failures each workload survives
   * must not exceed it.
   *
   * @default - no RTO target
   */
  readonly rto?: Duration;

  /**
   * Target recovery point: the modelled data-loss window of each workload must not exceed it.
   *
   * @default - no RPO target
   */
  readonly rpo?: Duration;

  /**
   * Monthly budget in US dollars for all the workloads the policy applies to together, compared
   * with the report's priced total.
   *
   * @default - no budget
   */
  readonly monthlyBudgetUsd?: number;

  /**
   * Failure domains every workload must survive; the RTO target is measured over the failures a
   * workload survives, so a failure it does not survive is a miss here, not a pass.
   *
   * @default [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT]
   */
  readonly mustSurvive?: FailureDomain[];

  /**
   * Whether a miss fails synthesis or only warns.
   *
   * @default PolicyEnforcement.FAIL_SYNTHESIS
   */
  readonly enforcement?: PolicyEnforcement;

  /**
   * Also emit the targets as an AWS Resilience Hub resiliency policy (`AWS::ResilienceHub::ResiliencyPolicy`:
   * the same RTO and RPO for Software, Hardware, AZ and, when mustSurvive has REGION, Region), so the
   * post-deploy assessment judges the deployed app against the targets the report checked before deploy.
   *
   * @default - no Resilience Hub policy
   */
  readonly resilienceHub?: ResilienceHubPolicyOptions;
}

/**
 * A declared resilience and cost target for the workloads under a scope: the app (create it on
 * the App), a stack, or one pattern. At synth, the report checks every workload recorded under the
 * policy's scope against it; a miss fails synthesis with a message naming the workload, the target,
 * the modelled value with its arithmetic and what would meet it.
 */
export class ResiliencePolicy extends Construct {
  /** The policies in a construct tree, in tree order. */
  public static findAll(root: IConstruct): ResiliencePolicy[] {
    return findPolicies(root).map((p) => p.construct).filter((c): c is ResiliencePolicy => c instanceof ResiliencePolicy);
  }

  /** Target RTO in seconds, if any. */
  public readonly rtoSeconds?: number;
  /** Target RPO in seconds, if any. */
  public readonly rpoSeconds?: number;
  /** Monthly budget in US dollars, if any. */
  public readonly monthlyBudgetUsd?: number;
  /** Failure domains every workload must survive. */
  public readonly mustSurvive: FailureDomain[];
  /** What a miss does. */
  public readonly enforcement: PolicyEnforcement;
  /** The Resilience Hub policy with the same targets, when `resilienceHub` is set. */
  public readonly resilienceHubPolicy?: CfnResiliencyPolicy;

  constructor(scope: Construct, id: string, props: ResiliencePolicyProps) {
    super(scope, id);
    const v = new PropValidator(this);
    // JavaScript and Python callers can pass nothing at all, or values of the wrong kind.
    const given: ResiliencePolicyProps = props ?? {};
    requireDefined(v, 'props', props, 'pass the targets: new ResiliencePolicy(scope, id, { rto, rpo, monthlyBudgetUsd })');
    this.rtoSeconds = wholeDuration(v, 'rto', given.rto, 'seconds', { min: 0 });
    this.rpoSeconds = wholeDuration(v, 'rpo', given.rpo, 'seconds', { min: 0 });
    if (props) {
      v.require(given.rto !== undefined || given.rpo !== undefined || given.monthlyBudgetUsd !== undefined,
        'rto, rpo and monthlyBudgetUsd', 'are all unset, so the policy checks nothing', 'set at least one target');
    }
    if (given.monthlyBudgetUsd !== undefined && typeof given.monthlyBudgetUsd !== 'number') {
      v.fail('monthlyBudgetUsd', `must be a number of US dollars, got ${describeValue(given.monthlyBudgetUsd)}`, 'set monthlyBudgetUsd to a number of 0 or more, e.g. 400');
    } else {
      v.number('monthlyBudgetUsd', given.monthlyBudgetUsd, { min: 0 });
    }
    const domains = Object.values(FailureDomain) as string[];
    const mustSurvive: unknown = given.mustSurvive;
    if (mustSurvive !== undefined && !Array.isArray(mustSurvive)) {
      v.fail('mustSurvive', `must be a list of FailureDomain, got ${describeValue(mustSurvive)}`, `set mustSurvive to a list of ${domains.map((d) => `FailureDomain.${d.toUpperCase().replace(/-/g, '_')}`).join(', ')}`);
    } else if (Array.isArray(mustSurvive)) {
      mustSurvive.forEach((d, i) => oneOf(v, `mustSurvive[${i}]`, d, domains, domains.map((x) => `FailureDomain.${x.toUpperCase().replace(/-/g, '_')}`)));
    }
    oneOf(v, 'enforcement', given.enforcement, Object.values(PolicyEnforcement), Object.values(PolicyEnforcement).map((e) => `PolicyEnforcement.${e}`));
    validateResilienceHub(v, this, given.resilienceHub, this.rtoSeconds, this.rpoSeconds);
    v.throwIfAny();
    this.monthlyBudgetUsd = given.monthlyBudgetUsd;
    this.mustSurvive = [...(given.mustSurvive ?? [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT])];
    this.enforcement = given.enforcement ?? PolicyEnforcement.FAIL_SYNTHESIS;
    const targets: PolicyTargets = {
      rtoSeconds: this.rtoSeconds,
      rpoSeconds: this.rpoSeconds,
      monthlyBudgetUsd: this.monthlyBudgetUsd,
      mustSurvive: this.mustSurvive,
      enforcement: this.enforcement,
    };
    markPolicy(this, targets);
    if (given.resilienceHub) {
      this.resilienceHubPolicy = resilienceHubPolicy(this, given.resilienceHub, this.rtoSeconds!, this.rpoSeconds!, this.mustSurvive);
    }
    CloudNativeReport.of(this);
  }

  /** @internal Checks the workloads under this policy's scope. */
  public _check(workloads: ReportWorkload[]): PolicyCheckResult {
    return checkPolicy(this, {
      rtoSeconds: this.rtoSeconds,
      rpoSeconds: this.rpoSeconds,
      monthlyBudgetUsd: this.monthlyBudgetUsd,
      mustSurvive: this.mustSurvive,
      enforcement: this.enforcement,
    }, workloads);
  }
}
