import { CfnResource } from 'aws-cdk-lib';
import { bool, get, list, props, str, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/**
 * ECS-controller services that roll back neither on the deployment circuit breaker nor on
 * deployment alarms.
 */
export function ECSServiceCircuitBreaker(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::ECS::Service') return NOT_APPLICABLE;
  const p = props(node);
  const controller = str(get(p, 'DeploymentController', 'Type')) ?? 'ECS';
  if (controller === UNKNOWN) return COMPLIANT;
  if (controller !== 'ECS') return NOT_APPLICABLE;
  const breaker = get(p, 'DeploymentConfiguration', 'DeploymentCircuitBreaker');
  const alarms = get(p, 'DeploymentConfiguration', 'Alarms');
  if (breaker === UNKNOWN || alarms === UNKNOWN) return COMPLIANT;
  const breakerRollback = rollsBack(breaker);
  const alarmNames = list(get(alarms, 'AlarmNames'));
  const alarmsOn = rollsBack(alarms);
  const alarmRollback = alarmsOn === true ? alarmNames === UNKNOWN || (alarmNames ?? []).length > 0 : alarmsOn;
  if (breakerRollback === UNKNOWN || alarmRollback === UNKNOWN) return COMPLIANT;
  return breakerRollback || alarmRollback ? COMPLIANT : NON_COMPLIANT;
}

/** True when `{ Enable, Rollback }` are both true; UNKNOWN when either is only known at deploy time. */
function rollsBack(config: unknown): boolean | typeof UNKNOWN {
  const enable = bool(get(config, 'Enable'));
  const rollback = bool(get(config, 'Rollback'));
  if (enable === false || rollback === false) return false;
  if (enable === UNKNOWN || rollback === UNKNOWN) return UNKNOWN;
  return enable === true && rollback === true;
}

export const ECSServiceCircuitBreakerRule: RuleDefinition = {
  rule: ECSServiceCircuitBreaker,
  resourceTypes: ['AWS::ECS::Service'],
  level: NagMessageLevel.ERROR,
  info: 'The ECS service does not roll back a failed deployment (no circuit breaker with rollback, no deployment alarms with rollback).',
  explanation: 'Without rollback, a bad image or config keeps replacing healthy tasks with failing ones until someone notices, and the service degrades or goes down. Turn on the deployment circuit breaker with rollback (it trips at half the desired count, min 3, max 200 failed tasks), and add deployment alarms with rollback on your SLO alarms; StatelessService sets `circuitBreaker: { enable: true, rollback: true }`.',
  checks: 'AWS::ECS::Service with the ECS deployment controller (the default) and neither `DeploymentCircuitBreaker` {Enable, Rollback} nor `Alarms` {Enable, Rollback, AlarmNames} all set.',
  source: 'ECS DeploymentCircuitBreaker and DeploymentAlarms API (rollback off unless set).',
};
