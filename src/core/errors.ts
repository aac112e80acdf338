import { IConstruct } from 'constructs';

/**
 * One problem with a construct's props: which prop, what is wrong, and how to fix it.
 */
export interface PropIssue {
  /** The prop (or props, joined with ` and `) the problem is about. */
  readonly prop: string;
  /** What is wrong, in the user's words. */
  readonly problem: string;
  /** What to do instead. */
  readonly fix: string;
}

/**
 * The error every construct of this library throws for bad input.
 *
 * aws-cdk-lib's `ValidationError` is internal, so the library has its own. The message carries the
 * construct path, the prop, what is wrong and the fix; several problems found in one construct are
 * reported together, one per line, so a user fixes them in one pass.
 *
 * Not exported through jsii (jsii cannot extend `Error`); TypeScript users can still test for it
 * with `instanceof` by importing it from `cdk-cloud-native-patterns/lib/core/errors`.
 */
export class PatternValidationError extends Error {
  /** Construct path of the construct whose props are wrong. */
  public readonly constructPath: string;
  /** The problems found, in the order they were checked. */
  public readonly issues: PropIssue[];

  constructor(scope: IConstruct, issues: PropIssue[]) {
    const path = scope.node.path || '<root>';
    const lines = issues.map((i) => `${i.prop}: ${i.problem}. Fix: ${i.fix}`);
    const message =
      lines.length === 1
        ? `[${path}] ${lines[0]}`
        : `[${path}] ${lines.length} problems with the props:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
    super(message);
    this.name = 'PatternValidationError';
    this.constructPath = path;
    this.issues = issues;
    Object.setPrototypeOf(this, PatternValidationError.prototype);
  }
}
