import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeExpectedWildcards } from '../core/acknowledge';
import { warn } from '../core/validation';
import { LOG_DELIVERY_ACTIONS, stopConditions } from '../drills/experiment';

/** How long the rehearsal isolates the primary region, minutes (FIS: one minute to 12 hours). */
export const DRILL_EXPERIMENT_MINUTES = 10;

/** What the regional failure rehearsal acts on, all in the primary's stack. */
export interface RegionalDrillTarget {
  readonly namePrefix: string;
  readonly vpc: ec2.IVpc;
  readonly standbyRegion: string;
  readonly table?: dynamodb.ITableV2;
  readonly stopAlarms: cloudwatch.IAlarm[];
}

/**
 * An AWS FIS experiment template (primary stack) that rehearses the loss of the primary region
 * safely: `aws:network:route-table-disrupt-cross-region-connectivity` on the workload's private
 * subnets (target key `Subnets`, resource type `aws:ec2:subnet`, parameters `region` and
 * `duration`) cuts the primary off from the standby region, and, with the pair's table,
 * `aws:dynamodb:global-table-pause-replication` (target key `Tables`, resource type
 * `aws:dynamodb:global-table`, parameter `duration`) pauses its replication (AWS FIS User Guide,
 * "AWS FIS Actions reference" and the "Cross-Region: Connectivity" scenario). FIS restores both
 * when the duration ends or a stop condition (an SLO alarm) fires. The experiment is logged to a
 * retained CloudWatch Logs group.
 */
export function regionalDrillExperiment(scope: Construct, t: RegionalDrillTarget): fis.CfnExperimentTemplate {
  const stack = Stack.of(scope);
  const duration = `PT${DRILL_EXPERIMENT_MINUTES}M`;
  const subnets = t.vpc.privateSubnets.length > 0 ? t.vpc.privateSubnets : t.vpc.isolatedSubnets;
  const subnetArns = subnets.map((s) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId }));
  const vpcArn = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: t.vpc.vpcId });
  const logGroup = new logs.LogGroup(scope, 'DrillExperimentLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, 'DrillExperimentRole', {
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com'),
    description: `FIS rehearses the loss of ${stack.region} for ${t.namePrefix}: the workload's subnets${t.table ? ' and its table' : ''} only`,
  });
  const anyOf = (type: string) => stack.formatArn({ service: 'ec2', resource: type, resourceName: '*' });
  const fisTag = { 'aws:ResourceTag/managedByFIS': 'true' };
  const statements = [
    // AWS FIS User Guide, AWSFaultInjectionSimulatorNetworkAccess: FIS copies the subnets' route
    // tables into tables and prefix lists it tags managedByFIS, swaps them in, and restores them.
    new iam.PolicyStatement({ actions: ['ec2:CreateRouteTable'], resources: [vpcArn, anyOf('route-table')] }),
    new iam.PolicyStatement({ actions: ['ec2:CreateManagedPrefixList'], resources: [anyOf('prefix-list')], conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } }),
    new iam.PolicyStatement({ actions: ['ec2:CreateTags'], resources: [anyOf('route-table'), anyOf('prefix-list')], conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } }),
    new iam.PolicyStatement({ actions: ['ec2:CreateRoute', 'ec2:DeleteRouteTable', 'ec2:DeleteManagedPrefixList', 'ec2:ModifyManagedPrefixList'], resources: [anyOf('route-table'), anyOf('prefix-list')], conditions: { StringEquals: fisTag } }),
    new iam.PolicyStatement({ actions: ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation'], resources: [...subnetArns, anyOf('route-table')] }),
    new iam.PolicyStatement({ actions: ['ec2:DescribeRouteTables', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeTransitGateways', 'ec2:DescribeTransitGatewayAttachments', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcEndpoints'], resources: ['*'] }),
    // FIS log delivery to CloudWatch Logs (AWS FIS User Guide, "Experiment logging").
    new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: ['*'] }),
  ];
  if (t.table) {
    // aws:dynamodb:global-table-pause-replication: FIS adds, then removes, a resource policy that denies replication.
    statements.push(new iam.PolicyStatement({
      actions: ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:GetResourcePolicy', 'dynamodb:DescribeTable'],
      resources: [t.table.tableArn, `${t.table.tableArn}/*`],
    }));
    statements.push(new iam.PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }));
  }
  const policy = new iam.Policy(scope, 'DrillExperimentPolicy', { roles: [role], statements });
  acknowledgeExpectedWildcards(policy, [
    { finding: /^Resource::\*$/, reason: 'EC2 Describe*, tag:GetResources and the CloudWatch Logs delivery calls FIS makes support no resource-level permissions.' },
    { finding: /^Resource::arn:<AWS::Partition>:ec2:[a-z0-9-]+:\d{12}:(route-table|prefix-list)\/\*$/, reason: 'The route tables and prefix lists FIS creates have no ID before the experiment; changes are limited to those tagged managedByFIS, associations to the workload\'s subnets.' },
    { finding: /^Resource::<Table[0-9A-F]{8}\.Arn>\/\*$/, reason: 'The pair\'s table\'s indexes and streams: the pause policy covers the whole table.' },
  ]);
  const targets: { [key: string]: fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty } = {
    WorkloadSubnets: { resourceType: 'aws:ec2:subnet', resourceArns: subnetArns, selectionMode: 'ALL' },
  };
  const actions: { [key: string]: fis.CfnExperimentTemplate.ExperimentTemplateActionProperty } = {
    IsolateFromStandbyRegion: {
      actionId: 'aws:network:route-table-disrupt-cross-region-connectivity',
      description: `Blocks traffic from the workload's subnets to ${t.standbyRegion}`,
      parameters: { region: t.standbyRegion, duration },
      targets: { Subnets: 'WorkloadSubnets' },
    },
  };
  if (t.table) {
    targets.PairTable = { resourceType: 'aws:dynamodb:global-table', resourceArns: [t.table.tableArn], selectionMode: 'ALL' };
    actions.PauseTableReplication = {
      actionId: 'aws:dynamodb:global-table-pause-replication',
      description: 'Pauses the global table\'s replication to the standby',
      parameters: { duration },
      targets: { Tables: 'PairTable' },
    };
  }
  if (t.stopAlarms.length === 0) {
    warn(scope, 'DrillWithoutStopCondition', 'the regional drill experiment has no stop condition: the workload has no SLO alarms (give serviceProps.slos: their short-window deployment alarms and any regional health alarms stop it); FIS runs it for the whole duration whatever users see.');
  }
  const template = new fis.CfnExperimentTemplate(scope, 'DrillExperiment', {
    description: `${t.namePrefix}: rehearses the loss of ${stack.region} for ${DRILL_EXPERIMENT_MINUTES} minutes (cross-region connectivity${t.table ? ', table replication' : ''}); stops on the SLO alarms`,
    roleArn: role.roleArn,
    targets,
    actions,
    stopConditions: stopConditions(t.stopAlarms),
    logConfiguration: { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: logGroup.logGroupArn } },
    experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
    tags: { Name: `${t.namePrefix}-region-drill` },
  });
  template.node.addDependency(policy);
  return template;
}

/** The runbook lines of the rehearsal. */
export function drillExperimentRunbook(region: string, stackName: string): string[] {
  return [
    `- Rehearse the regional failure (FIS, ${DRILL_EXPERIMENT_MINUTES} minutes; stops on the SLO alarms): \`aws fis start-experiment --region ${region} --experiment-template-id $(aws cloudformation describe-stack-resources --region ${region} --stack-name ${stackName} --query "StackResources[?ResourceType=='AWS::FIS::ExperimentTemplate'].PhysicalResourceId" --output text)\`. `
      + 'It cuts the primary off from the standby region and pauses replication; it does not take the primary offline for users, so run the failover document with it to rehearse the shift. Its log is in the retained log group DrillExperimentLogs.',
  ];
}

