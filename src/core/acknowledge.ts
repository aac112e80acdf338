import { Aspects, IAspect, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { rules } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** A wildcard this library means to grant, and why. */
export interface ExpectedWildcard {
  /** Matches the AwsSolutions-IAM5 finding text, e.g. `Resource::*` or `Action::ecs:Submit*`. */
  readonly finding: RegExp;
  readonly reason: string;
}

/**
 * Acknowledges, on the IAM policies below `scope`, exactly the AwsSolutions-IAM5 findings that
 * match an expected wildcard, each with its reason. cdk-nag reports IAM5 per wildcard
 * (`AwsSolutions-IAM5[Resource::arn:...<LogicalId>]`), and those ids embed logical ids known only
 * once the tree is built, so they are computed at synthesis with cdk-nag's own rule. A wildcard
 * nobody expected is still reported.
 *
 * Not exported from the package: an internal of the patterns.
 */
export function acknowledgeExpectedWildcards(scope: IConstruct, expected: ExpectedWildcard[]): void {
  Aspects.of(scope).add(new AcknowledgeWildcards(expected));
}

class AcknowledgeWildcards implements IAspect {
  constructor(private readonly expected: ExpectedWildcard[]) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy)) return;
    const findings = rules.iam.IAMNoWildcardPermissions(node);
    if (!Array.isArray(findings)) return;
    for (const finding of findings) {
      const match = this.expected.find((e) => e.finding.test(finding));
      // Validations.acknowledge() rejects ids containing '::' (cdk-nag #2351, #2359), and every
      // granular IAM5 id has one. This records the same acknowledgement metadata it would, which
      // cdk-nag reads (Validations.ACKNOWLEDGED_RULES_METADATA_KEY, id -> reason).
      if (match) node.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [`AwsSolutions-IAM5[${finding}]`]: match.reason });
    }
  }
}

/**
 * The partition as it appears in an IAM5 finding: `<AWS::Partition>` when the template carries
 * the pseudo parameter, or a literal partition when the stack's region is known and
 * `@aws-cdk/core:enablePartitionLiterals` is on (a new `cdk init` app sets it).
 */
export const PARTITION_IN_FINDING = '(?:<AWS::Partition>|aws(?:-[a-z]+)*)';

/**
 * The IAM5 finding of a resource ARN, under either partition form: `rest` is the regular
 * expression source of what follows `arn:<partition>:` (service, region, account, resource).
 */
export function arnFinding(rest: string): RegExp {
  return new RegExp(`^Resource::arn:${PARTITION_IN_FINDING}:${rest}$`);
}

/** The handlers' runtime is set by the library build (projen lambdaOptions), not per construct. */
export function acknowledgeBuildRuntime(fn: lambda.Function): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The handler runtime (Node.js 22, an LTS runtime in standard support) is fixed by the library build that bundles and tests the handler code for it.',
  });
}
