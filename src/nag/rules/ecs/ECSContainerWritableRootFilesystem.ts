import { CfnResource } from 'aws-cdk-lib';
import { containerDefinitions, containerName } from './containers';
import { bool, get, props, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** Linux containers whose root filesystem is writable. Windows tasks cannot make it read-only. */
export function ECSContainerWritableRootFilesystem(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::TaskDefinition') return NOT_APPLICABLE;
  const os = str(get(props(node), 'RuntimePlatform', 'OperatingSystemFamily'));
  if (typeof os === 'string' && os.startsWith('WINDOWS')) return NOT_APPLICABLE;
  return writable(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function writable(node: CfnResource): string[] {
  const containers = containerDefinitions(node) ?? [];
  const out: string[] = [];
  containers.forEach((c, i) => {
    const ro = bool(get(c, 'ReadonlyRootFilesystem'));
    if (ro !== true && ro !== UNKNOWN) out.push(containerName(c, i));
  });
  return out;
}

export const ECSContainerWritableRootFilesystemRule: RuleDefinition = {
  rule: ECSContainerWritableRootFilesystem,
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  level: NagMessageLevel.WARN,
  info: 'A container can write to its root filesystem.',
  explanation: 'A writable root filesystem invites local state (uploads, caches, sessions) that silently disappears when the task is replaced, and lets an attacker change the image at run time. Make it read-only and write scratch data to a mounted tmp volume or a managed store; StatelessService sets `readonlyRootFilesystem: true`.',
  checks: 'Containers of a (non-Windows) AWS::ECS::TaskDefinition without `ReadonlyRootFilesystem: true` (default false).',
  source: 'ECS ContainerDefinition `readonlyRootFilesystem` (default false; not supported on Windows).',
  detail: (node) => `Containers: ${writable(node).join(', ')}.`,
};
