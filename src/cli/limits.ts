import { CfnMapping, CfnOutput, CfnParameter, CfnResource } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';

/**
 * CloudFormation's template quotas, checked on every template the command line loads. A template
 * past one of them loads and is checked here, but CloudFormation rejects it at deploy time.
 *
 * Sources:
 * - "Understand CloudFormation quotas", AWS CloudFormation User Guide
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 *   resources, outputs, parameters and mappings per template; template body size in a request and
 *   in an Amazon S3 object.
 * - CloudFormation API Reference, CreateStack / ValidateTemplate: `TemplateBody` "maximum length of
 *   51,200 bytes"; `TemplateURL` "must point to a template (max size: 1 MB)". CloudFormation's
 *   own error for the S3 case reads "Template may not exceed 1000000 bytes in size", so 1 MB is
 *   1,000,000 bytes here (aws-samples/aws-vpc-cidr-mgmt#10).
 * - The same values in cfn-lint, AWS's CloudFormation linter (its LIMITS table: Resources 500,
 *   Outputs 200, Parameters 200, Mappings 200, template body 1,000,000 bytes; cfn-lint#3129), and
 *   aws-cdk-lib's own stack resource limit (default 500, `@aws-cdk/core:stackResourceLimit`).
 */
export interface TemplateLimit {
  /** Rule id of the warning, e.g. `CloudFormationLimits-Resources`. */
  readonly id: string;
  /** The quota as the quotas page names it. */
  readonly name: string;
  readonly max: number;
  /** What to do instead. */
  readonly fix: string;
}

export const LIMITS_PACK = 'CloudFormationLimits';

export const RESOURCES_LIMIT: TemplateLimit = { id: `${LIMITS_PACK}-Resources`, name: 'Resources (per template)', max: 500, fix: 'Split the template: move resources into nested stacks or separate stacks.' };
export const OUTPUTS_LIMIT: TemplateLimit = { id: `${LIMITS_PACK}-Outputs`, name: 'Outputs (per template)', max: 200, fix: 'Move outputs to SSM parameters or split the template.' };
export const PARAMETERS_LIMIT: TemplateLimit = { id: `${LIMITS_PACK}-Parameters`, name: 'Parameters (per template)', max: 200, fix: 'Use mappings or list parameters, or split the template.' };
export const MAPPINGS_LIMIT: TemplateLimit = { id: `${LIMITS_PACK}-Mappings`, name: 'Mappings (per template)', max: 200, fix: 'Merge mappings or split the template.' };
export const S3_SIZE_LIMIT: TemplateLimit = { id: `${LIMITS_PACK}-TemplateSize`, name: 'Template body size in an Amazon S3 object', max: 1_000_000, fix: 'Split the template into nested stacks, or shorten it (CDK: fewer, larger constructs; no inline Lambda code).' };
export const REQUEST_SIZE_LIMIT: TemplateLimit = { id: `${LIMITS_PACK}-TemplateBodySize`, name: 'Template body size in a request', max: 51_200, fix: 'Deploy it from an S3 bucket (TemplateURL, e.g. `aws cloudformation deploy --s3-bucket ...`), or split it.' };

/** Every limit, for reports that list rules. */
export const TEMPLATE_LIMITS: TemplateLimit[] = [RESOURCES_LIMIT, OUTPUTS_LIMIT, PARAMETERS_LIMIT, MAPPINGS_LIMIT, S3_SIZE_LIMIT, REQUEST_SIZE_LIMIT];

/** One template past a limit. */
export interface LimitExceeded {
  readonly limit: TemplateLimit;
  readonly actual: number;
  readonly message: string;
}

/**
 * The limits a loaded template exceeds. `viaS3` is true for templates of a cloud assembly: the CDK
 * deploys them from S3, so only the S3 size limit applies; a plain template is also told when it is
 * too large to be passed in the request.
 */
export function exceededLimits(include: CfnInclude, sizeBytes: number, viaS3: boolean): LimitExceeded[] {
  // CfnInclude puts resources and parameters directly under it, outputs and mappings under `$Outputs` and `$Mappings`.
  const children = include.node.findAll();
  const counts: Array<[TemplateLimit, number, string]> = [
    [RESOURCES_LIMIT, children.filter((c) => CfnResource.isCfnResource(c)).length, 'resources'],
    [OUTPUTS_LIMIT, children.filter((c) => c instanceof CfnOutput).length, 'outputs'],
    [PARAMETERS_LIMIT, children.filter((c) => c instanceof CfnParameter).length, 'parameters'],
    [MAPPINGS_LIMIT, children.filter((c) => c instanceof CfnMapping).length, 'mappings'],
  ];
  const out: LimitExceeded[] = [];
  for (const [limit, actual, what] of counts) {
    if (actual > limit.max) out.push({ limit, actual, message: `The template declares ${actual} ${what}; CloudFormation allows at most ${limit.max} (quota "${limit.name}"), so it cannot be deployed as is.` });
  }
  if (sizeBytes > S3_SIZE_LIMIT.max) {
    out.push({ limit: S3_SIZE_LIMIT, actual: sizeBytes, message: `The template is ${sizeBytes.toLocaleString('en-US')} bytes; CloudFormation accepts at most 1 MB (1,000,000 bytes) even from S3 (quota "${S3_SIZE_LIMIT.name}"), so it cannot be deployed as is.` });
  } else if (!viaS3 && sizeBytes > REQUEST_SIZE_LIMIT.max) {
    out.push({ limit: REQUEST_SIZE_LIMIT, actual: sizeBytes, message: `The template is ${sizeBytes.toLocaleString('en-US')} bytes; a template passed in the request may have at most 51,200 bytes (quota "${REQUEST_SIZE_LIMIT.name}"): it deploys only from S3 (up to 1 MB).` });
  }
  return out;
}
