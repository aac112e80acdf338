import { Stack, Token } from 'aws-cdk-lib';
import { CfnResiliencyPolicy } from 'aws-cdk-lib/aws-resiliencehub';
import { Construct } from 'constructs';
import { describeValue, oneOf, PropValidator, warn } from '../core/validation';
import { FailureDomain } from '../report/profile';

/**
 * The tier of an AWS Resilience Hub resiliency policy, from the highest severity to the lowest
 * (CloudFormation `AWS::ResilienceHub::ResiliencyPolicy` Tier).
 */
export enum ResilienceHubTier {
  /** MissionCritical. */
  MISSION_CRITICAL = 'MissionCritical',
  /** Critical. */
  CRITICAL = 'Critical',
  /** Important. */
  IMPORTANT = 'Important',
  /** CoreServices. */
  CORE_SERVICES = 'CoreServices',
  /** NonCritical. */
  NON_CRITICAL = 'NonCritical',
}

/** The Resilience Hub policy a ResiliencePolicy also emits, so the post-deploy assessment judges the same targets. */
export interface ResilienceHubPolicyOptions {
  /** The policy's tier. */
  readonly tier: ResilienceHubTier;
  /**
   * The policy's name (a letter or digit, then 1-59 letters, digits, `_` or `-`).
   *
   * @default - the ResiliencePolicy's construct path with other characters as `-`, cut to 60
   */
  readonly policyName?: string;
  /**
   * The stack to create the resource in, when the ResiliencePolicy is not inside a stack (created on the App).
   *
   * @default - the ResiliencePolicy's own stack
   */
  readonly stack?: Stack;
}

/** `^[A-Za-z0-9][A-Za-z0-9_\-]{1,59}$` (the CloudFormation schema of PolicyName). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,59}$/;

function stackOf(c: Construct): Stack | undefined {
  try {
    return Stack.of(c);
  } catch {
    return undefined;
  }
}

/** The default name: the construct path with other characters as `-`, cut to 60 characters. */
export function defaultPolicyName(path: string): string {
  const name = path.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 60);
  return name.length >= 2 ? name : `ResiliencePolicy-${name}`;
}

/** Checks the options (every problem into the caller's validator). */
export function validateResilienceHub(v: PropValidator, scope: Construct, o: unknown,
  rtoSeconds: number | undefined, rpoSeconds: number | undefined): void {
  if (o === undefined) return;
  if (o === null || typeof o !== 'object') {
    v.fail('resilienceHub', `must be an object, got ${describeValue(o)}`, 'set resilienceHub to { tier: ResilienceHubTier.CRITICAL }');
    return;
  }
  const opts = o as ResilienceHubPolicyOptions;
  if (opts.tier === undefined) v.fail('resilienceHub.tier', 'is missing', 'set resilienceHub.tier, e.g. ResilienceHubTier.CRITICAL');
  else oneOf(v, 'resilienceHub.tier', opts.tier, Object.values(ResilienceHubTier), Object.keys(ResilienceHubTier).map((k) => `ResilienceHubTier.${k}`));
  if (opts.policyName !== undefined && !Token.isUnresolved(opts.policyName) && (typeof opts.policyName !== 'string' || !NAME.test(opts.policyName))) {
    v.fail('resilienceHub.policyName', `${describeValue(opts.policyName)} is not a Resilience Hub policy name`, 'use a letter or digit, then 1-59 letters, digits, _ or -');
  }
  if (rtoSeconds === undefined || rpoSeconds === undefined) {
    v.fail('resilienceHub', 'needs both rto and rpo: Resilience Hub requires an RTO and an RPO for each disruption type', 'set rto and rpo on the ResiliencePolicy, or drop resilienceHub');
  }
  if (opts.stack === undefined && stackOf(scope) === undefined) {
    v.fail('resilienceHub.stack', 'is missing, and the ResiliencePolicy is not inside a stack (a CloudFormation resource needs one)', 'set resilienceHub.stack to the stack that should hold the Resilience Hub policy');
  }
}

/**
 * The Resilience Hub policy with the ResiliencePolicy's targets: the same RTO and RPO for Software
 * (a bad deployment), Hardware (a task), AZ and, when the policy must survive a region, Region
 * (CloudFormation `AWS::ResilienceHub::ResiliencyPolicy`: Software, Hardware and AZ are required,
 * Region optional).
 */
export function resilienceHubPolicy(scope: Construct, o: ResilienceHubPolicyOptions, rtoSeconds: number, rpoSeconds: number,
  mustSurvive: FailureDomain[]): CfnResiliencyPolicy {
  const target = { rtoInSecs: rtoSeconds, rpoInSecs: rpoSeconds };
  const inStack = stackOf(scope) !== undefined;
  const parent: Construct = inStack ? scope : o.stack!;
  const id = inStack ? 'ResilienceHub' : `ResilienceHub${scope.node.addr.slice(0, 8)}`;
  if (rtoSeconds === 0 || rpoSeconds === 0) {
    // CloudFormation AWS::ResilienceHub::ResiliencyPolicy: with 0 the assessment always reports "Policy breached".
    warn(scope, 'ResilienceHubZeroTarget', 'Resilience Hub reports "Policy breached" for an RTO or RPO of 0 (its lowest assessed result is near zero, not 0); give a small positive target for the post-deploy assessment.');
  }
  return new CfnResiliencyPolicy(parent, id, {
    policyName: o.policyName ?? defaultPolicyName(scope.node.path),
    policyDescription: `Targets of the ResiliencePolicy ${scope.node.path} (cdk-cloud-native-patterns), checked before deploy by the cloud-native report`,
    tier: o.tier,
    policy: {
      Software: target,
      Hardware: target,
      AZ: target,
      ...(mustSurvive.includes(FailureDomain.REGION) ? { Region: target } : {}),
    },
  });
}
