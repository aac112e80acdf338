import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * Lists CloudWatch metric alarms, by name, in an ECS service's deployment alarms with
 * `AlarmBehavior.ROLLBACK_ON_ALARM`: ECS rolls a deployment back when one of them alarms during the
 * deployment or its bake time. The service must use the ECS deployment controller (the default),
 * and every deployment alarm of a service must use the same behavior.
 *
 * Shared by SloAlarms (the fast-burn short window) and StatelessService rollouts (the deployment
 * health alarms), so both add to one list.
 */
export function addRollbackAlarms(service: ecs.BaseService, names: string[]): void {
  // Checks the behavior (one per service) and enables the alarms when none were enabled yet.
  service.enableDeploymentAlarms(names, { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
  // aws-cdk-lib 2.262.0 drops the names of every later call (it discards the result of
  // `alarmNames.concat(...)`), so a second caller, or alarms the service enabled first, would
  // silently lose its names. Append through the service's own (protected) property when that happened.
  const internal = service as unknown as { deploymentAlarms?: { alarmNames: string[]; enable: boolean; rollback: boolean } };
  const current = internal.deploymentAlarms;
  const missing = names.filter((n) => current !== undefined && !current.alarmNames.includes(n));
  if (current && missing.length > 0) {
    internal.deploymentAlarms = { ...current, alarmNames: [...current.alarmNames, ...missing] };
  }
}
