import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FARGATE_CPU_VALUES, fargateMemoryFor, fargateMemoryText } from './fargate';
import { secretLookingNames } from './secrets';
import { isUnresolved, PropValidator, warn } from './validation';

/**
 * The Fargate task wiring the patterns share (StatelessService, QueueWorkerService): one
 * application container with a read-only root filesystem, writable scratch paths on task storage,
 * secrets only from a secret store, its logs in a retained log group. Checks first, then wiring.
 */

/** Records a problem when cpu or memory is not a Fargate size. */
export function checkTaskSize(v: PropValidator, cpu: number, memory: number): void {
  if (v.number('cpu', cpu, { integer: true })) {
    v.require(FARGATE_CPU_VALUES.includes(cpu), 'cpu', `${cpu} is not a Fargate CPU value`,
      `use one of ${FARGATE_CPU_VALUES.join(', ')}`);
  }
  if (v.number('memoryLimitMiB', memory, { integer: true }) && FARGATE_CPU_VALUES.includes(cpu) && !isUnresolved(cpu)) {
    v.require(fargateMemoryFor(cpu).includes(memory), 'cpu and memoryLimitMiB',
      `${memory} MiB is not a Fargate memory value for ${cpu} CPU units`,
      `with cpu ${cpu} use memoryLimitMiB ${fargateMemoryText(cpu)}, or change cpu`);
  }
}

/** Records a problem for plain environment values that look like secrets, and for keys set in both maps. */
export function checkEnvironment(v: PropValidator, environment: { [key: string]: string } | undefined,
  secrets: { [key: string]: ecs.Secret } | undefined): void {
  // JavaScript callers can pass anything: only maps are checked here (checkCallerInput reports the rest).
  const isMap = (m: unknown): boolean => typeof m === 'object' && m !== null && !Array.isArray(m);
  if (!isMap(environment)) return;
  const secretEnv = secretLookingNames(environment);
  v.require(secretEnv.length === 0, 'environment',
    `${secretEnv.join(', ')} look${secretEnv.length === 1 ? 's' : ''} like a secret but would be stored in plain text in the task definition`,
    `pass ${secretEnv.length === 1 ? 'it' : 'them'} in \`secrets\` with ecs.Secret.fromSecretsManager(...) or ecs.Secret.fromSsmParameter(...)`);
  const both = isMap(secrets) ? Object.keys(environment ?? {}).filter((k) => Object.prototype.hasOwnProperty.call(secrets, k)) : [];
  v.require(both.length === 0, 'environment and secrets', `${both.join(', ')} set in both; the container would get only one of them`,
    'remove the key from `environment` and keep it in `secrets`');
}

/** Records a problem when both a VPC and a cluster are given and the cluster is in another VPC. */
export function checkVpcAndCluster(v: PropValidator, vpc: ec2.IVpc | undefined, cluster: ecs.ICluster | undefined): void {
  if (!vpc || !cluster || cluster.vpc === vpc) return;
  const a = vpc.vpcId;
  const b = cluster.vpc.vpcId;
  if (Token.isUnresolved(a) || Token.isUnresolved(b) ? true : a !== b) {
    v.fail('vpc and cluster', 'the cluster is in a different VPC than `vpc`',
      'pass only `cluster` (its VPC is used), or a cluster created in `vpc`');
  }
}

/**
 * The zones of the task subnets, checked: at least one subnet, none public, at least 2 zones.
 * Returns 0 when the selection fails.
 */
export function checkTaskSubnets(v: PropValidator, vpc: ec2.IVpc, taskSubnets: ec2.SubnetSelection | undefined, what: string = 'service'): number {
  let subnets: ec2.SelectedSubnets | undefined;
  try {
    subnets = vpc.selectSubnets(taskSubnets);
  } catch (e) {
    v.fail(taskSubnets ? 'taskSubnets' : 'vpc', `selects no usable subnet (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
      'select private subnets of the VPC that span at least 2 zones');
  }
  if (!subnets) return 0;
  const zones = new Set(subnets.availabilityZones).size;
  v.require(subnets.subnets.length > 0, 'taskSubnets', 'selects no subnet in the VPC',
    'select private subnets that span at least 2 zones');
  v.require(!subnets.hasPublic, 'taskSubnets', 'selects public subnets; tasks would need public IPs',
    'run tasks in private subnets (with NAT or VPC endpoints for egress)');
  v.require(subnets.subnets.length === 0 || zones >= 2, taskSubnets ? 'taskSubnets' : 'vpc',
    `the task subnets span ${zones} zone; a zone failure would take the whole ${what} down`,
    'use subnets in at least 2 zones (a VPC with maxAzs >= 2)');
  return zones;
}

/** What the shared task is built from (props already checked). */
export interface WorkloadTaskOptions {
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly image: ecs.ContainerImage;
  readonly environment?: { [key: string]: string };
  readonly secrets?: { [key: string]: ecs.Secret };
  readonly stopTimeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly scratchPaths: string[];
  readonly portMappings?: ecs.PortMapping[];
}

/** The shared task: its log group, task definition and application container. */
export interface WorkloadTask {
  readonly logGroup: logs.LogGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
}

/**
 * Creates, on `scope`, the log group `Logs` (retained), the task definition `TaskDefinition` and
 * its container `App`, with one task volume per scratch path.
 */
export function createWorkloadTask(scope: Construct, o: WorkloadTaskOptions): WorkloadTask {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: o.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  if (o.logRetention === logs.RetentionDays.INFINITE) {
    warn(scope, 'LogsKeptForever', 'logRetention is INFINITE: container logs are billed for storage forever. Set a retention unless a regulation requires keeping them.');
  }
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: o.cpu,
    memoryLimitMiB: o.memoryLimitMiB,
    runtimePlatform: { cpuArchitecture: o.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  const container = taskDefinition.addContainer('App', {
    image: o.image,
    portMappings: o.portMappings,
    readonlyRootFilesystem: true,
    // A hard limit equal to the task's memory: the container is killed, not the host starved.
    memoryLimitMiB: o.memoryLimitMiB,
    environment: o.environment,
    secrets: o.secrets,
    stopTimeout: o.stopTimeout,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
  });
  // Writable scratch: a task volume with no host path is a Fargate bind mount on the task's
  // ephemeral storage, removed when the task stops (ECS developer guide, "Use bind mounts with
  // Amazon ECS"), so the root filesystem stays read-only and the task stays disposable.
  o.scratchPaths.forEach((containerPath, i) => {
    const sourceVolume = `scratch-${i + 1}`;
    taskDefinition.addVolume({ name: sourceVolume });
    container.addMountPoints({ containerPath, sourceVolume, readOnly: false });
  });
  return { logGroup, taskDefinition, container };
}
