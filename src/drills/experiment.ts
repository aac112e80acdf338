import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeExpectedWildcards, ExpectedWildcard } from '../core/acknowledge';

/** One FIS experiment template a drill needs: what it does, and the least the role must allow. */
export interface ExperimentSpec {
  /** Construct id prefix (`TaskChurn`): `<id>Role`, `<id>Policy`, `<id>Experiment`. */
  readonly id: string;
  readonly description: string;
  readonly roleDescription: string;
  readonly statements: iam.PolicyStatement[];
  /** Wildcards the statements need, each with its reason (AwsSolutions-IAM5 acknowledgements). */
  readonly wildcards: ExpectedWildcard[];
  readonly targets: { [key: string]: fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty };
  readonly actions: { [key: string]: fis.CfnExperimentTemplate.ExperimentTemplateActionProperty };
  /** The `Name` tag. */
  readonly name: string;
}

/** What every experiment of one workload shares. */
export interface ExperimentContext {
  readonly logGroup: logs.ILogGroup;
  readonly stopAlarms: cloudwatch.IAlarm[];
}

/**
 * FIS delivers experiment logs to CloudWatch Logs with the experiment role's permissions
 * (AWS FIS User Guide, "Experiment logging"); these calls have no resource-level permissions.
 */
export const LOG_DELIVERY_ACTIONS = ['logs:CreateLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy'];

/** The wildcard of actions that support no resource-level permissions (Describe, tag:GetResources, log delivery). */
export const RESOURCE_STAR: ExpectedWildcard = {
  finding: /^Resource::\*$/,
  reason: 'Describe and List calls, tag:GetResources, the CloudWatch Logs delivery calls FIS makes, and the ARC calls that address a zonal shift by the id ARC creates when it starts, '
    + 'support no resource-level permissions; every change the role may start is scoped to the workload\'s resources (or, for ecs:ListTasks, to its cluster by condition).',
};

/** FIS stop conditions from CloudWatch alarms (`aws:cloudwatch:alarm`), or `none` when there are none. */
export function stopConditions(alarms: cloudwatch.IAlarm[]): fis.CfnExperimentTemplate.ExperimentTemplateStopConditionProperty[] {
  return alarms.length > 0 ? alarms.map((a) => ({ source: 'aws:cloudwatch:alarm', value: a.alarmArn })) : [{ source: 'none' }];
}

/**
 * An experiment template with its own role (trusted by FIS for this account only) and policy,
 * the workload's stop alarms as stop conditions, and its log in the workload's log group.
 */
export function experimentTemplate(scope: Construct, spec: ExperimentSpec, ctx: ExperimentContext): fis.CfnExperimentTemplate {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, `${spec.id}Role`, {
    // Confused-deputy guard: only FIS acting for this account may assume the role.
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    description: spec.roleDescription,
  });
  const policy = new iam.Policy(scope, `${spec.id}Policy`, {
    roles: [role],
    statements: [...spec.statements, new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: ['*'] })],
  });
  acknowledgeExpectedWildcards(policy, [RESOURCE_STAR, ...spec.wildcards]);
  const template = new fis.CfnExperimentTemplate(scope, `${spec.id}Experiment`, {
    // FIS takes descriptions of up to 512 characters; tag values of up to 256.
    description: spec.description.slice(0, 512),
    roleArn: role.roleArn,
    targets: spec.targets,
    actions: spec.actions,
    stopConditions: stopConditions(ctx.stopAlarms),
    logConfiguration: { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: ctx.logGroup.logGroupArn } },
    // An experiment whose targets resolve to nothing fails rather than reporting a pass.
    experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
    tags: { Name: spec.name.slice(0, 256) },
  });
  template.node.addDependency(policy);
  return template;
}

/** `PT10M` */
export function isoMinutes(minutes: number): string {
  return `PT${minutes}M`;
}
