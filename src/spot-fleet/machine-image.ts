import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The architecture of a machine image, and the AWS public SSM parameter it was read from. */
export interface ImageArchitecture {
  readonly architecture: ec2.InstanceArchitecture;
  readonly parameterName: string;
}

/**
 * The architecture of a machine image when it can be known at synth: aws-cdk-lib's Amazon Linux
 * and ECS-optimized images resolve an AWS public SSM parameter under /aws/service/ whose name
 * says the architecture (`.../al2023-ami-kernel-6.1-arm64`, `.../amazon-linux-2023/arm64/...`;
 * the x86_64 ones say `x86_64` or nothing). Any other image (an AMI id, a parameter of your own):
 * undefined, and `cpuArchitecture` states it.
 */
export function machineImageArchitecture(image: ec2.IMachineImage): ImageArchitecture | undefined {
  const name = parameterName(image);
  if (name === undefined || !name.startsWith('/aws/service/')) return undefined;
  const arm = /(^|[-/_])arm64([-/_]|$)/.test(name);
  return { architecture: arm ? ec2.InstanceArchitecture.ARM_64 : ec2.InstanceArchitecture.X86_64, parameterName: name };
}

/** The SSM parameter name an aws-cdk-lib image class keeps (its field names differ by class). */
function parameterName(image: ec2.IMachineImage): string | undefined {
  const fields = image as unknown as { parameterName?: unknown; amiParameterName?: unknown; props?: { parameterName?: unknown } };
  for (const candidate of [fields.parameterName, fields.amiParameterName, fields.props?.parameterName]) {
    if (typeof candidate === 'string') return candidate;
  }
  return undefined;
}
