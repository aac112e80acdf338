import { CfnResource } from 'aws-cdk-lib';
import { get, list, props, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/**
 * Host paths that monitoring and logging agents (CloudWatch agent, Datadog, Fluent Bit, cAdvisor)
 * mount to read the host's runtime: the Docker socket, procfs, sysfs and the cgroup tree. They
 * hold no state the task writes and keeps, so they are not this rule's finding.
 */
export const AGENT_HOST_PATHS: readonly string[] = ['/var/run/docker.sock', '/proc', '/sys', '/sys/fs/cgroup'];

function isAgentPath(path: string): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  return AGENT_HOST_PATHS.some((a) => p === a || (a !== '/var/run/docker.sock' && p.startsWith(`${a}/`)));
}

/**
 * Task definitions with volumes that keep state on the host: bind mounts of a host path, and
 * Docker volumes of the local driver with the `shared` scope (they outlive the task on that host).
 * EFS, FSx, task-scoped Docker volumes and Fargate's ephemeral storage are fine, and so are the
 * host's runtime paths that agents read (`AGENT_HOST_PATHS`). A host path known only at deploy
 * time is not reported.
 */
export function ECSTaskHostVolumes(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::TaskDefinition') return NOT_APPLICABLE;
  return hostVolumes(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function hostVolumes(node: CfnResource): string[] {
  const volumes = list(get(props(node), 'Volumes'));
  if (volumes === UNKNOWN || !volumes) return [];
  const out: string[] = [];
  volumes.forEach((v, i) => {
    const name = str(get(v, 'Name'));
    const label = typeof name === 'string' ? name : `volume #${i + 1}`;
    const sourcePath = str(get(v, 'Host', 'SourcePath'));
    if (sourcePath === UNKNOWN) return;
    if (sourcePath !== undefined && sourcePath !== '') {
      if (!isAgentPath(sourcePath)) out.push(`${label} (host path ${sourcePath})`);
      return;
    }
    const docker = get(v, 'DockerVolumeConfiguration');
    if (docker === undefined || docker === UNKNOWN) return;
    const scope = str(get(docker, 'Scope')) ?? 'task';
    const driver = str(get(docker, 'Driver')) ?? 'local';
    if (scope === 'shared' && driver === 'local') out.push(`${label} (shared local Docker volume)`);
  });
  return out;
}

export const ECSTaskHostVolumesRule: RuleDefinition = {
  rule: ECSTaskHostVolumes,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  level: NagMessageLevel.ERROR,
  info: 'The task definition keeps state on the host (a host bind mount or a shared local Docker volume).',
  explanation: 'State on a host is lost when the host is replaced, drained or reclaimed, and it ties a task to one instance and one zone, so tasks are no longer disposable. Keep state in a managed store (S3, DynamoDB, RDS) or on EFS; StatelessService creates no task volumes.',
  checks: 'AWS::ECS::TaskDefinition volumes with `Host.SourcePath`, or with `DockerVolumeConfiguration` of scope `shared` and the `local` driver (the default driver). EFS, FSx, task-scoped Docker volumes and empty-host (ephemeral) volumes pass, and so do the host runtime paths monitoring agents read (/var/run/docker.sock, /proc, /sys, /sys/fs/cgroup and below): they hold no state of the task. A host path known only at deploy time is not reported.',
  source: 'ECS Developer Guide, "Storage options for tasks" (bind mounts, Docker volumes scope task/shared).',
  detail: (node) => `Volumes: ${hostVolumes(node).join(', ')}.`,
};
