import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { describeValue, nonEmptyString, oneOf, PropValidator, requireDefined } from '../core/validation';
import { EgressAwareVpc, NatStrategy } from '../network';

/**
 * Input checks of StatelessService that a TypeScript compiler would catch but a JavaScript or
 * Python caller can get wrong: a missing image, enum-like values that are strings, empty names.
 */
export function checkCallerInput(v: PropValidator, props: {
  readonly image?: unknown;
  readonly cpuArchitecture?: unknown;
  readonly logRetention?: unknown;
  readonly workloadName?: unknown;
  readonly domainName?: unknown;
  readonly environment?: unknown;
  readonly secrets?: unknown;
}): void {
  if (requireDefined(v, 'image', props.image, 'pass the container image, e.g. ecs.ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable")')) {
    v.require(props.image instanceof ecs.ContainerImage, 'image', `must be an ecs.ContainerImage, got ${describeValue(props.image)}`,
      'build it with ecs.ContainerImage.fromRegistry(...), fromEcrRepository(...) or fromAsset(...)');
  }
  oneOf(v, 'cpuArchitecture', props.cpuArchitecture, [ecs.CpuArchitecture.X86_64, ecs.CpuArchitecture.ARM64],
    ['ecs.CpuArchitecture.X86_64', 'ecs.CpuArchitecture.ARM64']);
  const retentions = Object.values(logs.RetentionDays).filter((r): r is number => typeof r === 'number');
  oneOf(v, 'logRetention', props.logRetention, retentions, ['a logs.RetentionDays value (e.g. logs.RetentionDays.ONE_MONTH)']);
  nonEmptyString(v, 'workloadName', props.workloadName, 'give the service a name for the report, or leave workloadName out to use the construct path');
  nonEmptyString(v, 'domainName', props.domainName, 'set domainName to the service\'s DNS name (e.g. "api.example.com"), or leave it out');
  for (const [prop, map] of [['environment', props.environment], ['secrets', props.secrets]] as const) {
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map)) {
      v.fail(prop, `must be a map of names to values, got ${describeValue(map)}`, `pass ${prop} as { NAME: value }`);
      continue;
    }
    const empty = Object.keys(map).filter((k) => k.trim().length === 0);
    v.require(empty.length === 0, prop, 'has an empty variable name', `give every ${prop} entry a name, or remove the empty one`);
  }
}

/**
 * The writable scratch paths, checked: absolute, not `/`, no duplicates, no `..`. Returns the
 * usable paths (tokens are passed through: ECS checks them at deploy time).
 */
export function checkScratchPaths(v: PropValidator, paths: unknown): string[] {
  if (paths === undefined || paths === null) return [];
  if (!Array.isArray(paths)) {
    v.fail('scratchPaths', `must be a list of absolute paths, got ${describeValue(paths)}`, 'pass e.g. ["/tmp", "/var/cache/nginx"]');
    return [];
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (typeof p !== 'string') {
      v.fail('scratchPaths', `has ${describeValue(p)}, not a path`, 'list absolute paths as strings, e.g. "/tmp"');
      continue;
    }
    if (Token.isUnresolved(p)) {
      out.push(p);
      continue;
    }
    const normal = p.length > 1 ? p.replace(/\/+$/, '') : p;
    if (!normal.startsWith('/')) {
      v.fail('scratchPaths', `"${p}" is not an absolute path`, 'list absolute container paths, e.g. "/tmp"');
    } else if (normal === '/' || normal === '') {
      v.fail('scratchPaths', '"/" would make the whole root filesystem writable', 'list the directories the image writes to (e.g. "/tmp", "/var/run"), not "/"');
    } else if (normal.split('/').some((seg) => seg === '..' || seg === '.')) {
      v.fail('scratchPaths', `"${p}" has "." or ".." segments`, 'give the plain absolute path, e.g. "/var/cache/nginx"');
    } else if (/\s/.test(normal)) {
      v.fail('scratchPaths', `"${p}" has blanks in it`, 'give the absolute path without blanks');
    } else if (seen.has(normal)) {
      v.fail('scratchPaths', `"${normal}" is listed twice`, 'list each path once');
    } else {
      seen.add(normal);
      out.push(normal);
    }
  }
  return out;
}

/**
 * The VPC endpoint services a Fargate task needs when the VPC has no NAT gateway
 * (`NatStrategy.NONE`): ECR API and Docker registry and S3 (image layers) to pull from ECR,
 * CloudWatch Logs for the awslogs driver, Secrets Manager for Secrets Manager secrets and SSM for
 * Parameter Store secrets (ECS developer guide, "Amazon ECS interface VPC endpoints (AWS
 * PrivateLink)" and "Amazon ECR interface VPC endpoints").
 */
export function fargateEndpointsNeeded(scope: IConstruct, secrets: { [key: string]: ecs.Secret } | undefined): string[] {
  const needed = ['ecr.api', 'ecr.dkr', 's3', 'logs'];
  const kinds = new Set(Object.values(secrets ?? {}).map((s) => secretKind(scope, s)));
  if (kinds.has('secretsmanager')) needed.push('secretsmanager');
  if (kinds.has('ssm')) needed.push('ssm');
  return needed;
}

/** Whether an ecs.Secret reads Parameter Store (its ARN names ssm or a parameter) or Secrets Manager. */
function secretKind(scope: IConstruct, secret: ecs.Secret): 'ssm' | 'secretsmanager' {
  const arn = JSON.stringify(Stack.of(scope).resolve(secret.arn) ?? '');
  return /:ssm:|:parameter\/|AWS::SSM::Parameter/i.test(arn) ? 'ssm' : 'secretsmanager';
}

/**
 * With an EgressAwareVpc of NatStrategy NONE, the endpoints Fargate needs that the VPC lacks, and
 * an image a public registry serves (unreachable without internet). Records one problem each.
 */
export function checkEgressWithoutNat(v: PropValidator, scope: IConstruct, vpc: ec2.IVpc, image: unknown,
  secrets: { [key: string]: ecs.Secret } | undefined): void {
  if (!(vpc instanceof EgressAwareVpc) || vpc.natStrategy !== NatStrategy.NONE) return;
  const have = new Set(vpc.endpointServices);
  const missing = fargateEndpointsNeeded(scope, secrets).filter((s) => !have.has(s));
  v.require(missing.length === 0, 'vpc',
    `has natStrategy NONE and no VPC endpoint for ${missing.join(', ')}, so the tasks cannot pull their image, write logs or read their secrets`,
    `add ${missing.filter((m) => m !== 's3').map(endpointName).join(', ')} to the EgressAwareVpc's interfaceEndpoints${missing.includes('s3') ? ' (and keep its S3 gateway endpoint)' : ''}, or choose a NAT strategy`);
  if (image instanceof ecs.RepositoryImage) {
    const name = (image as unknown as { imageName?: unknown }).imageName;
    if (typeof name === 'string' && !Token.isUnresolved(name) && !/\.dkr\.ecr\.[^/]+\.amazonaws\.com(\.cn)?\//.test(name)) {
      v.fail('image', `"${name}" comes from a public registry, which a VPC with natStrategy NONE cannot reach`,
        'push the image to a private ECR repository and use ecs.ContainerImage.fromEcrRepository(...), or choose a NAT strategy');
    }
  }
}

function endpointName(service: string): string {
  switch (service) {
    case 'ecr.api': return 'InterfaceVpcEndpointAwsService.ECR';
    case 'ecr.dkr': return 'InterfaceVpcEndpointAwsService.ECR_DOCKER';
    case 'logs': return 'InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS';
    case 'secretsmanager': return 'InterfaceVpcEndpointAwsService.SECRETS_MANAGER';
    case 'ssm': return 'InterfaceVpcEndpointAwsService.SSM';
    default: return service;
  }
}

/**
 * The load balancer's needs of the VPC: public subnets in 2 zones for an internet-facing one, the
 * VPC's CIDR (for its security group) for an internal one. Returns the VPC CIDR when known.
 */
export function checkLoadBalancerVpc(v: PropValidator, vpc: ec2.IVpc, internetFacing: boolean): string | undefined {
  if (internetFacing) {
    const zones = new Set(vpc.publicSubnets.map((s) => s.availabilityZone)).size;
    v.require(vpc.publicSubnets.length > 0, 'vpc and internetFacing',
      'the VPC has no public subnets, so an internet-facing load balancer has nowhere to run',
      'pass a VPC with public subnets in at least 2 zones (import them with publicSubnetIds), or set internetFacing: false');
    v.require(vpc.publicSubnets.length === 0 || zones >= 2, 'vpc and internetFacing',
      `the VPC's public subnets span ${zones} zone; an Application Load Balancer needs subnets in at least 2`,
      'add public subnets in a second zone, or set internetFacing: false');
    return undefined;
  }
  try {
    return vpc.vpcCidrBlock;
  } catch {
    v.fail('vpc and internetFacing', 'an internal load balancer accepts clients from the VPC\'s CIDR, but the imported VPC has no vpcCidrBlock',
      'import the VPC with its CIDR: ec2.Vpc.fromVpcAttributes(this, id, { vpcId, vpcCidrBlock, ... }) or ec2.Vpc.fromLookup');
    return undefined;
  }
}
