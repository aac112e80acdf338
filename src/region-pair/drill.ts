import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/** What the failover and fail-back automation act on, all in the standby's stack. */
export interface DrillTarget {
  /** Deterministic document name prefix (the pair's name). */
  readonly namePrefix: string;
  readonly service: ecs.BaseService;
  /** Tasks the standby scales to on failover: the primary's count. */
  readonly primaryTasks: number;
  /** The autoscaling maximum during failover. */
  readonly maxTasks: number;
  /** Tasks the standby returns to on fail-back (its mode's count). */
  readonly standbyTasks: number;
  /** Seconds to wait after un-inverting the primary check: detection + TTL. */
  readonly failBackWaitSeconds: number;
}

/** The two automation documents of a pair. */
export interface DrillDocuments {
  readonly failover: ssm.CfnDocument;
  readonly failBack: ssm.CfnDocument;
  readonly failoverName: string;
  readonly failBackName: string;
}

const ASSUME_ROLE_PARAMETER = {
  type: 'String',
  description: '(Optional) The ARN of the role the automation assumes; empty runs it with the permissions of the caller.',
  default: '',
};

const HEALTH_CHECK_PARAMETER = {
  type: 'String',
  description: 'The ID of the primary region\'s Route 53 health check (the primary stack\'s output PrimaryHealthCheckId). "none" only scales the standby: in a real regional outage the health check fails by itself.',
  default: 'none',
  allowedPattern: '^(none|[0-9a-f-]{36})$',
};

/** Polls the standby service until it runs at least the wanted count (Automation aws:executeScript, Python). */
const WAIT_SCRIPT = [
  'import time',
  'import boto3',
  '',
  'def handler(events, context):',
  '    ecs = boto3.client("ecs")',
  '    wanted = int(events["wanted"])',
  '    for _ in range(170):',
  '        s = ecs.describe_services(cluster=events["cluster"], services=[events["service"]])["services"][0]',
  '        if s["runningCount"] >= wanted:',
  '            return {"runningCount": s["runningCount"]}',
  '        time.sleep(5)',
  '    raise Exception("the standby service did not reach %d running tasks" % wanted)',
].join('\n');

/**
 * The failover and fail-back SSM Automation documents (schemaVersion 0.3), in the standby stack.
 *
 * Failover: register the standby's scalable target with the primary's count as minimum
 * (Application Auto Scaling RegisterScalableTarget sets the count into [min, max]), wait until the
 * tasks run, then (when a health check ID is given) invert the primary's Route 53 health check so
 * Route 53 considers it unhealthy and answers with the standby (Route 53 Developer Guide,
 * "Inverting health checks"; API UpdateHealthCheck, Inverted: not `Disabled`, which Route 53 treats
 * as always healthy, HealthCheckConfig.Disabled: "If you want to stop routing traffic to a
 * resource, change the value of Inverted"). Fail-back: un-invert it, wait for
 * Route 53 and resolvers to move back (detection + TTL), then return the standby to its mode's count.
 */
export function drillDocuments(scope: Construct, t: DrillTarget): DrillDocuments {
  const stack = Stack.of(scope);
  const cluster = t.service.cluster.clusterName;
  const resourceId = `service/${cluster}/${t.service.serviceName}`;
  const failoverName = `${t.namePrefix}-failover`;
  const failBackName = `${t.namePrefix}-fail-back`;
  const register = (name: string, min: number) => ({
    name,
    action: 'aws:executeAwsApi',
    inputs: {
      Service: 'application-autoscaling',
      Api: 'RegisterScalableTarget',
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      ResourceId: resourceId,
      MinCapacity: min,
      MaxCapacity: t.maxTasks,
    },
  });
  const invert = (name: string, inverted: boolean) => ({
    name,
    action: 'aws:executeAwsApi',
    inputs: { Service: 'route53', Api: 'UpdateHealthCheck', HealthCheckId: '{{ PrimaryHealthCheckId }}', Inverted: inverted },
  });
  const failover = new ssm.CfnDocument(scope, 'FailoverDocument', {
    name: failoverName,
    documentType: 'Automation',
    updateMethod: 'NewVersion',
    content: {
      schemaVersion: '0.3',
      description: `Fails ${t.namePrefix} over to ${stack.region}: scales the standby to the primary's ${t.primaryTasks} tasks, then (with PrimaryHealthCheckId) inverts the primary's health check so Route 53 answers with the standby.`,
      assumeRole: '{{ AutomationAssumeRole }}',
      parameters: { AutomationAssumeRole: ASSUME_ROLE_PARAMETER, PrimaryHealthCheckId: HEALTH_CHECK_PARAMETER },
      mainSteps: [
        register('ScaleUpStandby', t.primaryTasks),
        {
          name: 'WaitForStandbyTasks',
          action: 'aws:executeScript',
          timeoutSeconds: 900,
          inputs: {
            Runtime: 'python3.11',
            Handler: 'handler',
            Script: WAIT_SCRIPT,
            InputPayload: { cluster, service: t.service.serviceName, wanted: t.primaryTasks },
          },
        },
        {
          name: 'ShiftDns',
          action: 'aws:branch',
          inputs: { Choices: [{ NextStep: 'InvertPrimaryHealthCheck', Not: { Variable: '{{ PrimaryHealthCheckId }}', StringEquals: 'none' } }], Default: 'Done' },
        },
        invert('InvertPrimaryHealthCheck', true),
        { name: 'Done', action: 'aws:sleep', isEnd: true, inputs: { Duration: 'PT1S' } },
      ],
    },
  });
  const failBack = new ssm.CfnDocument(scope, 'FailBackDocument', {
    name: failBackName,
    documentType: 'Automation',
    updateMethod: 'NewVersion',
    content: {
      schemaVersion: '0.3',
      description: `Fails ${t.namePrefix} back to the primary: un-inverts the primary's health check, waits ${t.failBackWaitSeconds} s for Route 53 and resolvers, then returns the standby to ${t.standbyTasks} tasks.`,
      assumeRole: '{{ AutomationAssumeRole }}',
      parameters: {
        AutomationAssumeRole: ASSUME_ROLE_PARAMETER,
        PrimaryHealthCheckId: { ...HEALTH_CHECK_PARAMETER, default: undefined, allowedPattern: '^[0-9a-f-]{36}$', description: 'The ID of the primary region\'s Route 53 health check (the primary stack\'s output PrimaryHealthCheckId).' },
      },
      mainSteps: [
        invert('RestorePrimaryHealthCheck', false),
        { name: 'WaitForDnsToMoveBack', action: 'aws:sleep', inputs: { Duration: `PT${t.failBackWaitSeconds}S` } },
        { ...register('ScaleDownStandby', t.standbyTasks), isEnd: true },
      ],
    },
  });
  return { failover, failBack, failoverName, failBackName };
}
