import { Aws, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as arc from 'aws-cdk-lib/aws-route53recoverycontrol';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { RecoveryControlResources } from './arc-resources';
import { scaleUpSteps } from './arithmetic';
import { REGION_PAIR_DEFAULTS as D, ROUTE53_HEALTH_CHECK_PRICES as HC } from './defaults';
import { RecoveryControllerOptions } from './failover';
import { acknowledgeExpectedWildcards } from '../core/acknowledge';
import { describeValue, nonEmptyString, PropValidator, wholeDuration } from '../core/validation';
import { CostDriver } from '../report/price-table';
import { HOURS_PER_MONTH } from '../report/prices';
import { TimeEstimate } from '../report/profile';

/**
 * ARC's control plane region. "ARC is a global service that supports endpoints in multiple AWS
 * Regions but you must specify the US West (Oregon) Region when you work with readiness and recovery
 * control configuration" (Recovery Control Configuration API Reference, "What is recovery control
 * configuration"; Developer Guide, "AWS Region availability for routing control": clusters, control
 * panels and routing controls are created with --region us-west-2).
 */
export const ARC_CONTROL_PLANE_REGION = 'us-west-2';

/**
 * ARC figures as dated, stated assumptions. The cluster price is third-party text (an AWS sample
 * template's header: "RUNNING THIS TEMPLATE COSTS $60/day ($2.5/hour)"; the ARC developer guide,
 * "Creating routing control components", says only "you are charged by the hour for each cluster"
 * and points to the ARC pricing page, which this library has not read): UNCONFIRMED.
 */
export const ARC_ASSUMPTIONS = {
  asOf: '2026-12-01',
  /** US dollars per cluster-hour (unconfirmed, third-party). */
  clusterHourUsd: 2.5,
  /**
   * Seconds from a routing control state change to Route 53 answering with the other record: AWS
   * publishes no figure; assumed.
   */
  healthCheckPropagationSeconds: 30,
  /** Default decision time: an on-call engineer paged by the SLO alarm confirms and flips the controls. */
  decisionSeconds: 300,
  /** ARC's default assertion-rule wait period (AssertionRule.WaitPeriodMs "5000 ms by default"). */
  waitPeriodMs: 5000,
} as const;

/** What the ARC stack is built from. */
export interface RecoveryControlInput {
  readonly namePrefix: string;
  readonly stackName: string;
  readonly account: string;
  readonly hostedZoneId: string;
  readonly recordName: string;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
}

/** The deterministic name of a region's plain alias record, which the ARC stack's failover records alias. */
export function regionalRecordName(region: string, recordName: string): string {
  return `${region}.${recordName.replace(/\.$/, '')}`;
}

/** Checks `Failover.recoveryController()` options; returns the usable decision time in seconds. */
export function validateRecoveryControllerOptions(v: PropValidator, o: RecoveryControllerOptions): number {
  if (o === null || typeof o !== 'object') {
    v.fail('failover (recoveryController options)', `must be an object, got ${describeValue(o)}`, 'use Failover.recoveryController({ decisionTime, automatedBy })');
    return ARC_ASSUMPTIONS.decisionSeconds;
  }
  const decision = wholeDuration(v, 'failover.decisionTime', o.decisionTime, 'seconds', { min: 0, max: 86400 });
  if (o.automatedBy !== undefined) {
    nonEmptyString(v, 'failover.automatedBy', o.automatedBy,
      "describe what flips the routing controls, e.g. 'EventBridge rule on the SLO alarm runs the failover automation', or leave it out (manual failover, with a warning)");
  }
  if (o.namePrefix !== undefined && nonEmptyString(v, 'failover.namePrefix', o.namePrefix, "set failover.namePrefix, e.g. 'shop'")) {
    // ARC names: 1-64 characters, no spaces (CreateRoutingControl RoutingControlName, CreateCluster ClusterName).
    v.require(/^[A-Za-z0-9_.-]{1,40}$/.test(o.namePrefix), 'failover.namePrefix', `'${o.namePrefix}' is not usable in ARC resource names (letters, digits, _ . -, at most 40 so the suffixes fit 64)`,
      "set failover.namePrefix, e.g. 'shop'");
  }
  return decision ?? ARC_ASSUMPTIONS.decisionSeconds;
}

/**
 * The recovery control stack: cluster, control panel, a routing control per region, the assertion
 * safety rule, a RECOVERY_CONTROL health check per routing control, and both failover records
 * (ARC developer guide, "Creating routing control components": "Create a routing control for each
 * cell. Create a health check for each routing control. Create two DNS records, for example, two
 * DNS failover records, and associate a health check with each one.").
 */
export function recoveryControlStack(scope: Construct, input: RecoveryControlInput): RecoveryControlResources {
  const stack = new Stack(scope, 'RecoveryControl', {
    env: { account: input.account, region: ARC_CONTROL_PLANE_REGION },
    stackName: input.stackName,
    description: `ARC routing controls of ${input.recordName}: deploy after ${input.primaryRegion} and ${input.standbyRegion} (their regional records must exist), then turn the primary's routing control On.`,
  });
  const n = input.namePrefix;
  const clusterName = `${n}-cluster`;
  const cluster = new arc.CfnCluster(stack, 'Cluster', { name: clusterName });
  const controlPanel = new arc.CfnControlPanel(stack, 'ControlPanel', { name: `${n}-panel`, clusterArn: cluster.attrClusterArn });
  const control = (id: string, role: string, region: string) => new arc.CfnRoutingControl(stack, id, {
    name: `${n}-${role}-${region}`,
    clusterArn: cluster.attrClusterArn,
    controlPanelArn: controlPanel.attrControlPanelArn,
  });
  const primaryRoutingControl = control('PrimaryRoutingControl', 'primary', input.primaryRegion);
  const standbyRoutingControl = control('StandbyRoutingControl', 'standby', input.standbyRegion);
  // Assertion rule ATLEAST 1 (ARC developer guide, "Safety rules for routing control": an assertion
  // rule "ensures that when you change a set of routing control states, the criteria are met", e.g.
  // at least one cell is On, so a change cannot stop all traffic).
  const safetyRule = new arc.CfnSafetyRule(stack, 'AtLeastOneRegionOn', {
    name: `${n}-at-least-one-region-on`,
    controlPanelArn: controlPanel.attrControlPanelArn,
    assertionRule: {
      assertedControls: [primaryRoutingControl.attrRoutingControlArn, standbyRoutingControl.attrRoutingControlArn],
      waitPeriodMs: ARC_ASSUMPTIONS.waitPeriodMs,
    },
    ruleConfig: { type: 'ATLEAST', threshold: 1, inverted: false },
  });
  const check = (id: string, rc: arc.CfnRoutingControl) => new route53.HealthCheck(stack, id, {
    type: route53.HealthCheckType.RECOVERY_CONTROL,
    routingControl: rc.attrRoutingControlArn,
  });
  const primaryHealthCheck = check('PrimaryRoutingControlHealthCheck', primaryRoutingControl);
  const standbyHealthCheck = check('StandbyRoutingControlHealthCheck', standbyRoutingControl);
  // An alias to another record in the same hosted zone, named deterministically (no reference to
  // the regional stacks). EvaluateTargetHealth is off: the routing control alone moves traffic, so
  // a flapping load balancer does not fail over behind the operator's back.
  // The L1: the L2 insists on EvaluateTargetHealth true for failover aliases, which would let Route 53
  // fail over on the load balancer's health behind the routing controls.
  const record = (id: string, region: string, role: string, hc: route53.HealthCheck) => new route53.CfnRecordSet(stack, id, {
    hostedZoneId: input.hostedZoneId,
    name: `${input.recordName.replace(/\.$/, '')}.`,
    type: 'A',
    aliasTarget: { dnsName: regionalRecordName(region, input.recordName), hostedZoneId: input.hostedZoneId, evaluateTargetHealth: false },
    failover: role,
    setIdentifier: `${n}-${role === 'PRIMARY' ? 'primary' : 'standby'}-${region}`,
    healthCheckId: hc.healthCheckId,
  });
  const primaryRecord = record('PrimaryFailoverRecord', input.primaryRegion, 'PRIMARY', primaryHealthCheck);
  const standbyRecord = record('StandbyFailoverRecord', input.standbyRegion, 'SECONDARY', standbyHealthCheck);
  new CfnOutput(stack, 'ClusterArn', { value: cluster.attrClusterArn, description: 'The ARC cluster: read its five regional endpoints with describe-cluster (runbook).' });
  new CfnOutput(stack, 'PrimaryRoutingControlArn', { value: primaryRoutingControl.attrRoutingControlArn, description: `Routing control of ${input.primaryRegion}: starts Off: turn it On after the first deployment (FailBackCommand, runbook).` });
  new CfnOutput(stack, 'StandbyRoutingControlArn', { value: standbyRoutingControl.attrRoutingControlArn, description: `Routing control of ${input.standbyRegion}.` });
  const entries = (p: string, s: string) => Fn.join('', [
    'aws route53-recovery-cluster update-routing-control-states --region $ENDPOINT_REGION --endpoint-url $ENDPOINT_URL --update-routing-control-state-entries \'[{"RoutingControlArn":"',
    primaryRoutingControl.attrRoutingControlArn, `","RoutingControlState":"${p}"},{"RoutingControlArn":"`,
    standbyRoutingControl.attrRoutingControlArn, `","RoutingControlState":"${s}"}]'`,
  ]);
  new CfnOutput(stack, 'FailoverCommand', { value: entries('Off', 'On'), description: 'Failover to the standby (set ENDPOINT_REGION/ENDPOINT_URL from describe-cluster, see the runbook).' });
  new CfnOutput(stack, 'FailBackCommand', { value: entries('On', 'On'), description: 'Fail back to the primary (and the first-deployment command: a new routing control is Off).' });
  return {
    stack,
    cluster,
    controlPanel,
    primaryRoutingControl,
    standbyRoutingControl,
    safetyRule,
    primaryHealthCheck,
    standbyHealthCheck,
    primaryRecord,
    standbyRecord,
    clusterName,
  };
}

/** What ARC-mode recovery is worked out from. */
export interface ArcTiming {
  readonly decisionSeconds: number;
  readonly automatedBy?: string;
  readonly ttlSeconds: number;
  /** Undefined when the workload gave no task count. */
  readonly primaryTasks?: number;
  readonly standbyTasks?: number;
  readonly taskStartSeconds: number;
  readonly targetHealthCheckIntervalSeconds: number;
  readonly healthyThresholdCount: number;
  readonly targetCpuUtilizationPercent: number;
}

/** The modelled RTO of a region loss in ARC mode: decision + propagation + TTL + scale-up. */
export function arcRecovery(t: ArcTiming): TimeEstimate {
  const who = t.automatedBy
    ? `decision ${t.decisionSeconds} s (assumed: ${t.automatedBy} flips the routing controls)`
    : `decision ${t.decisionSeconds} s (assumed: a person paged by the alarms confirms and runs the failover command; ARC detects nothing and fails over only when someone flips the routing controls)`;
  const prop = `routing control -> RECOVERY_CONTROL health check -> Route 53 answer ${ARC_ASSUMPTIONS.healthCheckPropagationSeconds} s (assumed; AWS publishes no figure)`;
  const dns = `DNS ${t.ttlSeconds} s (the alias TTL; clients that cache longer are not modelled)`;
  let scale = 0;
  let scaleText: string;
  if (t.primaryTasks === undefined || t.standbyTasks === undefined) {
    scaleText = 'scale-up not modelled (the workload gave no taskCount)';
  } else {
    const steps = scaleUpSteps(t.standbyTasks, t.primaryTasks, t.targetCpuUtilizationPercent);
    const healthy = t.healthyThresholdCount * t.targetHealthCheckIntervalSeconds;
    scale = steps * (D.scaleOutAlarmSeconds + t.taskStartSeconds + healthy);
    scaleText = steps === 0
      ? `scale-up 0 s (the standby already runs the primary's ${t.primaryTasks} tasks)`
      : `scale-up ${t.standbyTasks} -> ${t.primaryTasks} tasks: ${steps} target tracking step${steps === 1 ? '' : 's'} x (scale-out alarm ${D.scaleOutAlarmSeconds} s (assumed) + task start ${t.taskStartSeconds} s (assumed) + healthy ${t.healthyThresholdCount} x ${t.targetHealthCheckIntervalSeconds} s = ${healthy} s) = ${scale} s`;
  }
  const seconds = t.decisionSeconds + ARC_ASSUMPTIONS.healthCheckPropagationSeconds + t.ttlSeconds + scale;
  return { seconds, arithmetic: `${who} + ${prop} + ${dns} + ${scaleText} = ${seconds} s` };
}

/** The ARC cluster and the two routing control health checks, priced as dated, stated assumptions. */
export function arcCostDrivers(): CostDriver[] {
  return [
    {
      item: 'ARC cluster (routing control)',
      quantity: HOURS_PER_MONTH,
      quantityArithmetic: `1 cluster x ${HOURS_PER_MONTH} h`,
      unitPriceUsd: ARC_ASSUMPTIONS.clusterHourUsd,
      unitPriceArithmetic: `$${ARC_ASSUMPTIONS.clusterHourUsd.toFixed(2)}/h (assumed, UNCONFIRMED: third-party figure seen ${ARC_ASSUMPTIONS.asOf}; ARC pricing page not read)`,
    },
    {
      item: 'Route 53 routing control health checks',
      quantity: 2,
      quantityArithmetic: '2 RECOVERY_CONTROL health checks (one per routing control)',
      unitPriceUsd: HC.nonEndpointMonth,
      unitPriceArithmetic: `$${HC.nonEndpointMonth.toFixed(2)}/month (assumed: billed like a basic check, ${HC.asOf}; not confirmed)`,
    },
  ];
}

/** Monthly ARC cost in US dollars (the cluster and its two health checks). */
export function arcMonthlyUsd(): number {
  return Math.round(arcCostDrivers().reduce((s, d) => s + d.quantity * (d.unitPriceUsd ?? 0), 0) * 100) / 100;
}

/** What the ARC runbook section is written from. */
export interface ArcRunbookInput {
  readonly stackName: string;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly primaryStackName: string;
  readonly standbyStackName: string;
  readonly automatedBy?: string;
  readonly failoverDocument?: string;
  /** The one-command ARC documents (recovery control stack), when the workload is a StatelessService with a task count. */
  readonly automation?: { failoverName: string; failBackName: string };
  /** The primary stack goes first (a global database: the standby's secondary joins the primary's). */
  readonly primaryFirst?: boolean;
}

/** The runbook's ARC section: deployment order, the first-deployment step, failover and fail-back commands. */
export function arcRunbookLines(r: ArcRunbookInput): string[] {
  const out = (key: string) => `$(aws cloudformation describe-stacks --region ${ARC_CONTROL_PLANE_REGION} --stack-name ${r.stackName} --query "Stacks[0].Outputs[?OutputKey=='${key}'].OutputValue" --output text)`;
  const set = (p: string, s: string) => `aws route53-recovery-cluster update-routing-control-states --region $ENDPOINT_REGION --endpoint-url $ENDPOINT_URL --update-routing-control-state-entries "[{\\"RoutingControlArn\\":\\"$PRIMARY_RC\\",\\"RoutingControlState\\":\\"${p}\\"},{\\"RoutingControlArn\\":\\"$STANDBY_RC\\",\\"RoutingControlState\\":\\"${s}\\"}]"`;
  return [
    '## ARC routing controls (failover mode RECOVERY_CONTROLLER)',
    '',
    `> **Warning: a new routing control is Off: turn the primary's On right after the first \`cdk deploy ${r.stackName}\`** (the command below). While both are Off, both RECOVERY_CONTROL health checks are unhealthy and Route 53, with every record of the name unhealthy, answers as if all were healthy (the PRIMARY): traffic reaches the primary, but not because the controls say so, and a fail-back that leaves the primary Off keeps it on the standby.`,
    '',
    `> **Failover is not automatic in this mode${r.automatedBy ? '' : ' and no automation is declared'}.** ARC does not watch the regions: traffic moves only when ${r.automatedBy ? `${r.automatedBy} (declared by the pair's author, not built by it)` : 'a person'} updates the routing control states.`,
    '',
    `Deployment order: the regional stacks first (each creates its plain alias record \`<region>.<recordName>\`; Route 53 rejects an alias to a record that does not exist; ${r.primaryFirst ? 'primary then standby: the standby\'s Aurora secondary joins the global database the primary creates' : 'standby then primary suits every store the pair replicates'}), then the recovery control stack:`,
    '',
    '```sh',
    ...(r.primaryFirst ? [`cdk deploy ${r.primaryStackName}`, `cdk deploy ${r.standbyStackName}`] : [`cdk deploy ${r.standbyStackName}`, `cdk deploy ${r.primaryStackName}`]),
    `cdk deploy ${r.stackName}`,
    '```',
    '',
    ...(r.automation ? [
      `Failover in one command: the automation scales the standby to the primary's count and waits for its tasks, then sets ${r.standbyRegion} On and ${r.primaryRegion} Off in one call, trying the cluster's endpoints in turn:`,
      '',
      '```sh',
      `aws ssm start-automation-execution --region ${ARC_CONTROL_PLANE_REGION} --document-name ${r.automation.failoverName}`,
      '```',
      '',
      'Fail back in one command: both On first (the safety rule holds at every step), then, after propagation and the TTL, the standby back to its mode\'s count:',
      '',
      '```sh',
      `aws ssm start-automation-execution --region ${ARC_CONTROL_PLANE_REGION} --document-name ${r.automation.failBackName}`,
      '```',
      '',
      `Both documents run in ${ARC_CONTROL_PLANE_REGION} (with the ARC control plane they read the endpoints from). If that region is the one down, or Systems Manager fails, use the manual commands below: state changes go to any of the five endpoints.`,
      '',
      '### Manual fallback',
      '',
    ] : []),
    'Set the variables once per shell (the control plane is in us-west-2; state changes go to one of the cluster\'s five regional endpoints: if one fails, take the next index 1-4):',
    '',
    '```sh',
    `PRIMARY_RC=${out('PrimaryRoutingControlArn')}`,
    `STANDBY_RC=${out('StandbyRoutingControlArn')}`,
    `CLUSTER=${out('ClusterArn')}`,
    `read ENDPOINT_REGION ENDPOINT_URL <<< "$(aws route53-recovery-control-config describe-cluster --region ${ARC_CONTROL_PLANE_REGION} --cluster-arn $CLUSTER --query 'Cluster.ClusterEndpoints[0].[Region,Endpoint]' --output text)"`,
    '```',
    '',
    'First deployment (and fail back): both regions On, so the PRIMARY record answers:',
    '',
    '```sh',
    set('On', 'On'),
    '```',
    '',
    `Failover to ${r.standbyRegion} (one call, so the safety rule "at least one region On" holds at every step${r.failoverDocument && !r.automation ? `; scale the standby first with the automation document ${r.failoverDocument} without PrimaryHealthCheckId` : ''}):`,
    '',
    '```sh',
    set('Off', 'On'),
    '```',
    '',
    'Check: `aws route53-recovery-cluster get-routing-control-state --region $ENDPOINT_REGION --endpoint-url $ENDPOINT_URL --routing-control-arn $PRIMARY_RC`. The safety rule rejects a change that would leave both Off.',
    '',
  ];
}


/** What the ARC failover and fail-back documents act on. */
export interface ArcAutomationInput {
  readonly namePrefix: string;
  readonly account: string;
  readonly standbyRegion: string;
  /** The standby stack, whose output StandbyScalableTargetResourceId the scripts read (no CloudFormation reference). */
  readonly standbyStackName: string;
  readonly primaryTasks: number;
  readonly maxTasks: number;
  readonly standbyTasks: number;
  /** Seconds between turning the primary On and scaling the standby down: propagation + TTL. */
  readonly failBackWaitSeconds: number;
}

/** The ARC automation of a pair: its role and two documents, in the recovery control stack. */
export interface ArcAutomation {
  readonly role: iam.Role;
  readonly failover: ssm.CfnDocument;
  readonly failBack: ssm.CfnDocument;
  readonly failoverName: string;
  readonly failBackName: string;
}

/** The output of the standby stack the ARC scripts read: `service/<cluster>/<service>`. */
export const STANDBY_SCALABLE_TARGET_OUTPUT = 'StandbyScalableTargetResourceId';

/**
 * Scales the standby's ECS service through Application Auto Scaling in the standby region (the
 * DNS failover document's RegisterScalableTarget, here from a script because aws:executeAwsApi runs
 * in the automation's region) and, with `wait`, polls until the tasks run.
 */
export const ARC_SCALE_SCRIPT = [
  'import time',
  'import boto3',
  '',
  'def scale(events, context):',
  '    region = events["region"]',
  '    stack = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=events["stack"])["Stacks"][0]',
  '    rid = [o["OutputValue"] for o in stack.get("Outputs", []) if o["OutputKey"] == events["output"]][0]',
  '    boto3.client("application-autoscaling", region_name=region).register_scalable_target(',
  '        ServiceNamespace="ecs", ScalableDimension="ecs:service:DesiredCount", ResourceId=rid,',
  '        MinCapacity=int(events["min"]), MaxCapacity=int(events["max"]))',
  '    if not events["wait"]:',
  '        return {"resourceId": rid}',
  '    _, cluster, service = rid.split("/")',
  '    ecs = boto3.client("ecs", region_name=region)',
  '    for _ in range(170):',
  '        s = ecs.describe_services(cluster=cluster, services=[service])["services"][0]',
  '        if s["runningCount"] >= int(events["min"]):',
  '            return {"resourceId": rid, "runningCount": s["runningCount"]}',
  '        time.sleep(5)',
  '    raise Exception("the standby service did not reach %s running tasks" % events["min"])',
].join('\n');

/**
 * Sets both routing controls in one UpdateRoutingControlStates call (so the safety rule "at least
 * one On" is checked on the final states), trying the cluster's regional endpoints in turn until one
 * answers (the approach the ARC developer guide page "Get and update routing control states using the
 * API" describes; the boto3 route53-recovery-cluster reference: a cluster is "a set of five redundant
 * Regional endpoints"; that page's own wording not read here), then reads the states back from the
 * endpoint that answered.
 */
export const ARC_ROUTING_CONTROL_SCRIPT = [
  'import boto3',
  '',
  'def update_states(events, context):',
  `    config = boto3.client("route53-recovery-control-config", region_name="${ARC_CONTROL_PLANE_REGION}")`,
  '    endpoints = config.describe_cluster(ClusterArn=events["clusterArn"])["Cluster"]["ClusterEndpoints"]',
  '    entries = [{"RoutingControlArn": arn, "RoutingControlState": state} for arn, state in events["states"]]',
  '    errors = []',
  '    for ep in endpoints:',
  '        try:',
  '            c = boto3.client("route53-recovery-cluster", region_name=ep["Region"], endpoint_url=ep["Endpoint"])',
  '            c.update_routing_control_states(UpdateRoutingControlStateEntries=entries)',
  '            return {ep["Region"]: [c.get_routing_control_state(RoutingControlArn=arn)["RoutingControlState"] for arn, _ in events["states"]]}',
  '        except Exception as e:',
  '            errors.append("%s: %s" % (ep["Endpoint"], e))',
  '    raise Exception("no cluster endpoint updated the routing controls: " + "; ".join(errors))',
].join('\n');

/**
 * The one-command ARC failover and fail-back: SSM Automation documents (schemaVersion 0.3) in the
 * recovery control stack, where the routing control ARNs are (GetAtt, no cross-stack reference),
 * with a role scoped to the two routing controls, the cluster and the standby service.
 * Failover: scale the standby to the primary's count and wait for its tasks, then standby On and
 * primary Off. Fail-back: both On (the safety rule holds), wait for Route 53 and resolvers, then
 * return the standby to its mode's count.
 */
export function arcAutomation(rc: RecoveryControlResources, a: ArcAutomationInput): ArcAutomation {
  const stack = rc.stack;
  const n = a.namePrefix;
  const failoverName = `${n}-arc-failover`;
  const failBackName = `${n}-arc-fail-back`;
  const role = new iam.Role(stack, 'AutomationRole', {
    roleName: `${n}-arc-automation`,
    assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com'),
    description: `Assumed by ${failoverName} and ${failBackName}: routing control states of the pair and the standby's task count.`,
  });
  const controls = [rc.primaryRoutingControl.attrRoutingControlArn, rc.standbyRoutingControl.attrRoutingControlArn];
  // Service Authorization Reference, "Actions, resources, and condition keys for Amazon Route 53
  // Recovery Cluster" (resource type routingcontrol) and "... Recovery Controls" (DescribeCluster, cluster).
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['route53-recovery-cluster:UpdateRoutingControlStates', 'route53-recovery-cluster:GetRoutingControlState'],
    resources: controls,
  }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['route53-recovery-control-config:DescribeCluster'], resources: [rc.cluster.attrClusterArn] }));
  const arn = (service: string, rest: string) => `arn:${Aws.PARTITION}:${service}:${a.standbyRegion}:${a.account}:${rest}`;
  role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [arn('cloudformation', `stack/${a.standbyStackName}/*`)] }));
  // RegisterScalableTarget on ECS: the caller needs ecs:DescribeServices and ecs:UpdateService too
  // (the actions of AWSApplicationAutoscalingECSServicePolicy, which the service-linked role uses).
  role.addToPolicy(new iam.PolicyStatement({ actions: ['application-autoscaling:RegisterScalableTarget'], resources: [arn('application-autoscaling', 'scalable-target/*')] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeServices', 'ecs:UpdateService'], resources: [arn('ecs', 'service/*')] }));
  const esc = (s: string) => s.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
  const partition = '(<AWS::Partition>|aws[a-z-]*)';
  acknowledgeExpectedWildcards(role, [
    { finding: new RegExp(`^Resource::arn:${partition}:cloudformation:${esc(a.standbyRegion)}:${a.account}:stack/${esc(a.standbyStackName)}/\\*$`), reason: 'The standby stack, by its deterministic name: CloudFormation appends a generated ID to a stack\'s ARN.' },
    { finding: new RegExp(`^Resource::arn:${partition}:application-autoscaling:${esc(a.standbyRegion)}:${a.account}:scalable-target/\\*$`), reason: 'The standby\'s scalable target: Application Auto Scaling assigns its ARN ID at registration, and the standby stack is not referenced across regions.' },
    { finding: new RegExp(`^Resource::arn:${partition}:ecs:${esc(a.standbyRegion)}:${a.account}:service/\\*$`), reason: 'The standby\'s ECS service: its cluster and service names are generated by CloudFormation in the standby stack, which this stack does not reference (the script reads them from its output).' },
  ]);
  const scale = (name: string, min: number, wait: boolean) => ({
    name,
    action: 'aws:executeScript',
    timeoutSeconds: 900,
    inputs: {
      Runtime: 'python3.11',
      Handler: 'scale',
      Script: ARC_SCALE_SCRIPT,
      InputPayload: { region: a.standbyRegion, stack: a.standbyStackName, output: STANDBY_SCALABLE_TARGET_OUTPUT, min, max: a.maxTasks, wait },
    },
  });
  const flip = (name: string, primary: string, standby: string) => ({
    name,
    action: 'aws:executeScript',
    timeoutSeconds: 300,
    inputs: {
      Runtime: 'python3.11',
      Handler: 'update_states',
      Script: ARC_ROUTING_CONTROL_SCRIPT,
      InputPayload: { clusterArn: rc.cluster.attrClusterArn, states: [[controls[0], primary], [controls[1], standby]] },
    },
  });
  const parameters = {
    AutomationAssumeRole: { type: 'String', description: 'The role the automation assumes (this stack\'s AutomationRole).', default: role.roleArn },
  };
  const failover = new ssm.CfnDocument(stack, 'ArcFailoverDocument', {
    name: failoverName,
    documentType: 'Automation',
    updateMethod: 'NewVersion',
    content: {
      schemaVersion: '0.3',
      description: `Fails ${n} over to ${a.standbyRegion}: scales the standby to the primary's ${a.primaryTasks} tasks, then sets the standby's routing control On and the primary's Off.`,
      assumeRole: '{{ AutomationAssumeRole }}',
      parameters,
      mainSteps: [scale('ScaleUpStandby', a.primaryTasks, true), { ...flip('StandbyOnPrimaryOff', 'Off', 'On'), isEnd: true }],
    },
  });
  const failBack = new ssm.CfnDocument(stack, 'ArcFailBackDocument', {
    name: failBackName,
    documentType: 'Automation',
    updateMethod: 'NewVersion',
    content: {
      schemaVersion: '0.3',
      description: `Fails ${n} back: sets both routing controls On (the PRIMARY record answers), waits ${a.failBackWaitSeconds} s for Route 53 and resolvers, then returns the standby to ${a.standbyTasks} tasks.`,
      assumeRole: '{{ AutomationAssumeRole }}',
      parameters,
      mainSteps: [
        flip('BothOn', 'On', 'On'),
        { name: 'WaitForDnsToMoveBack', action: 'aws:sleep', inputs: { Duration: `PT${a.failBackWaitSeconds}S` } },
        { ...scale('ScaleDownStandby', a.standbyTasks, false), isEnd: true },
      ],
    },
  });
  new CfnOutput(stack, 'FailoverAutomationCommand', {
    value: `aws ssm start-automation-execution --region ${ARC_CONTROL_PLANE_REGION} --document-name ${failoverName}`,
    description: 'Failover in one command: scales the standby up, then standby On, primary Off.',
  });
  new CfnOutput(stack, 'FailBackAutomationCommand', {
    value: `aws ssm start-automation-execution --region ${ARC_CONTROL_PLANE_REGION} --document-name ${failBackName}`,
    description: 'Fail back in one command: both On, then the standby back to its mode\'s count.',
  });
  return { role, failover, failBack, failoverName, failBackName };
}
