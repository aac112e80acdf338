import { CfnResource } from 'aws-cdk-lib';
import { get, list, props, str, UNKNOWN } from '../../cfn';

/** The container definitions of a task definition: [] when none, undefined when only known at deploy time. */
export function containerDefinitions(taskDef: CfnResource): unknown[] | undefined {
  const containers = list(get(props(taskDef), 'ContainerDefinitions'));
  if (containers === UNKNOWN) return undefined;
  return containers ?? [];
}

/** A container's name for messages. */
export function containerName(container: unknown, index: number): string {
  const name = str(get(container, 'Name'));
  return typeof name === 'string' ? name : `container #${index + 1}`;
}
