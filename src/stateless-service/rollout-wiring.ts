import { Duration, Names, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { Rollout, RolloutStrategy } from './rollout';
import { describeValue, PropValidator, warn, wholeDuration } from '../core/validation';
import { addRollbackAlarms } from '../slo/private/deployment-alarms';

/** CloudFormation rejects a canary or linear deployment whose computed time exceeds 33 h (1980 min). */
export const MAX_DEPLOYMENT_MINUTES = 33 * 60;

/** Period of the deployment health alarms' datapoints. */
export const HEALTH_ALARM_PERIOD = Duration.minutes(1);
/** Datapoints (of one minute) the target 5xx ratio must breach. */
export const ERROR_ALARM_DATAPOINTS = 2;

/** The rollout as checked: the strategy's numbers in whole units, for wiring and the report. */
export interface CheckedRollout {
  readonly rollout: Rollout;
  /** Canary share or linear step, percent. */
  readonly stepPercent?: number;
  /** Canary bake or linear step bake, minutes. */
  readonly stepBakeMinutes?: number;
  /** Bake after all traffic moved, minutes. */
  readonly finalBakeMinutes?: number;
  /** Linear steps before 100 % (CloudFormation's count), or 1 for a canary. */
  readonly steps: number;
  /** The health alarm's minimum-traffic guard, requests a minute per target group. */
  readonly minRequestsPerMinute: number;
}

/**
 * The number of waits of a linear rollout, as CloudFormation counts them for its 33 h check
 * (AWS::ECS::Service LinearConfiguration): (100 / step) - 1 when the step divides 100, else
 * floor(100 / step). No wait follows the shift that reaches 100 %.
 */
export function linearSteps(stepPercent: number): number {
  const q = 1000 / Math.round(stepPercent * 10);
  return Number.isInteger(q) ? q - 1 : Math.floor(q);
}

/**
 * Checks the `rollout` prop and what it is combined with; records every problem on `v`. Returns
 * the rollout to wire (rolling when none or an unusable value was given).
 */
export function checkRollout(v: PropValidator, scope: IConstruct, given: unknown, ctx: {
  usesSpot: boolean;
  requestsPerTarget?: number;
  hasSlos: boolean;
  graceSeconds: number;
}): CheckedRollout {
  const rolling: CheckedRollout = { rollout: Rollout.rolling(), steps: 0, minRequestsPerMinute: 0 };
  if (given === undefined || given === null) return rolling;
  if (!(given instanceof Rollout)) {
    v.fail('rollout', `must be a Rollout, got ${describeValue(given)}`,
      'use Rollout.rolling(), Rollout.canary({ ... }), Rollout.linear({ ... }) or Rollout.blueGreen({ ... })');
    return rolling;
  }
  const r = given;
  if (!r.shiftsTraffic) return { ...rolling, rollout: r };
  const name = r.strategy === RolloutStrategy.CANARY ? 'canary' : r.strategy === RolloutStrategy.LINEAR ? 'linear' : 'blueGreen';

  let stepPercent: number | undefined;
  let stepBakeMinutes: number | undefined;
  if (r.strategy === RolloutStrategy.CANARY || r.strategy === RolloutStrategy.LINEAR) {
    const min = r.strategy === RolloutStrategy.CANARY ? 0.1 : 3;
    const p = r.stepPercent as unknown;
    if (typeof p !== 'number') {
      v.fail('rollout.percent', `must be a number, got ${describeValue(p)}`, `set percent to a multiple of 0.1 from ${min} to 100`);
    } else if (Token.isUnresolved(p)) {
      v.fail('rollout.percent', 'is a token; the report and the 33 h check are computed from it at synth', `pass a number from ${min} to 100`);
    } else if (v.number('rollout.percent', p, { min, max: 100 })) {
      if (Math.abs(p * 10 - Math.round(p * 10)) > 1e-9) {
        v.fail('rollout.percent', `is ${p}, not a multiple of 0.1 (ECS ${r.strategy === RolloutStrategy.CANARY ? 'CanaryConfiguration' : 'LinearConfiguration'})`,
          `set percent to ${Math.max(min, Math.round(p * 10) / 10)} or another multiple of 0.1 from ${min} to 100`);
      } else {
        stepPercent = Math.round(p * 10) / 10;
      }
    }
    stepBakeMinutes = wholeDuration(v, r.strategy === RolloutStrategy.CANARY ? 'rollout.bake' : 'rollout.stepBake', r.stepBake, 'minutes', { min: 0, max: 1440 });
  }
  const finalBakeMinutes = wholeDuration(v, r.strategy === RolloutStrategy.BLUE_GREEN ? 'rollout.bake' : 'rollout.finalBake', r.finalBake, 'minutes', { min: 0, max: 1440 });

  let steps = r.strategy === RolloutStrategy.BLUE_GREEN ? 0 : 1;
  if (r.strategy === RolloutStrategy.LINEAR && stepPercent !== undefined) steps = linearSteps(stepPercent);
  if (finalBakeMinutes !== undefined && (r.strategy === RolloutStrategy.BLUE_GREEN || stepBakeMinutes !== undefined)) {
    const shift = (stepBakeMinutes ?? 0) * steps;
    const total = finalBakeMinutes + shift;
    const arithmetic = r.strategy === RolloutStrategy.LINEAR
      ? `finalBake ${finalBakeMinutes} + stepBake ${stepBakeMinutes} x ${steps} steps = ${total} min`
      : `finalBake ${finalBakeMinutes} + bake ${stepBakeMinutes ?? 0} = ${total} min`;
    v.require(total <= MAX_DEPLOYMENT_MINUTES, 'rollout', `takes ${arithmetic}, over the ${MAX_DEPLOYMENT_MINUTES} min (33 h) CloudFormation accepts for a deployment`,
      'shorten the bakes, or use a larger percent (fewer steps)');
  }

  const port = r.testListenerPort as unknown;
  if (port !== undefined && port !== null) {
    if (typeof port !== 'number') {
      v.fail('rollout.testListenerPort', `must be a number, got ${describeValue(port)}`, 'set testListenerPort to a free port, e.g. 8443');
    } else if (v.number('rollout.testListenerPort', port, { integer: true, min: 1, max: 65535 })) {
      v.require(port !== 80 && port !== 443, 'rollout.testListenerPort', `is ${port}, a port of the production listeners`, 'use another port, e.g. 8443');
    }
  }
  const hook = r.preTrafficTest as unknown;
  if (hook !== undefined && hook !== null && typeof (hook as { functionArn?: unknown }).functionArn !== 'string') {
    v.fail('rollout.preTrafficTest', `must be a Lambda function, got ${describeValue(hook)}`, 'pass a lambda.IFunction (e.g. a lambda.Function)');
  }
  const errPct = r.maxErrorPercent as unknown;
  let minRequests = 0;
  if (typeof errPct !== 'number') {
    v.fail('rollout.maxErrorPercent', `must be a number, got ${describeValue(errPct)}`, 'set maxErrorPercent to a percent above 0, at most 100, e.g. 5');
  } else if (v.number('rollout.maxErrorPercent', errPct, { max: 100 })) {
    if (errPct <= 0) {
      v.fail('rollout.maxErrorPercent', `is ${errPct}; every error would roll back`, 'set maxErrorPercent above 0, at most 100, e.g. 5');
    } else {
      minRequests = Math.max(20, Math.ceil(100 / errPct));
    }
  }
  if (r.minRequestsPerMinute !== undefined && r.minRequestsPerMinute !== null) {
    if (v.number('rollout.minRequestsPerMinute', r.minRequestsPerMinute, { integer: true, min: 0 })) minRequests = r.minRequestsPerMinute;
  }

  // The on-demand fallback twin of a spot service joins the primary target group and deploys every
  // release with a rolling update of its own: after ECS moves production traffic to the second
  // target group, the twin's tasks would get none, and its rolling update would put a release in
  // front of users without the canary. Two services cannot share one production listener rule.
  v.require(!ctx.usesSpot, 'rollout and capacity',
    `a ${name} rollout cannot be combined with ServiceCapacity.spotAboveOnDemandBase(): the on-demand fallback twin serves the primary target group only, which ECS empties when it moves traffic to the second one, and it deploys each release with its own rolling update`,
    'use Rollout.rolling() with Fargate Spot, or ServiceCapacity.onDemand() with a traffic-shifting rollout');
  // ALBRequestCountPerTarget is measured on one target group, which holds no task half of the time.
  v.require(ctx.requestsPerTarget === undefined, 'rollout and requestsPerTarget',
    `request-count scaling reads ALBRequestCountPerTarget of the primary target group, which serves no traffic after a ${name} rollout moved it to the second one, so the service would scale in under load`,
    'scale on CPU only (remove requestsPerTarget) with a traffic-shifting rollout, or use Rollout.rolling()');

  if (!ctx.hasSlos && !r.healthAlarms) {
    warn(scope, 'RolloutJudgedByNothing',
      `The ${name} rollout has no SLO deployment alarm (no slos) and healthAlarms is false: nothing but the circuit breaker judges the new release, so a release that starts and serves errors reaches every user. Declare slos or keep healthAlarms.`);
  } else if (!ctx.hasSlos) {
    warn(scope, 'RolloutWithoutSlos',
      `The ${name} rollout is judged by the deployment health alarms only (target 5xx ratio, unhealthy targets): slow responses and errors the load balancer returns itself do not roll it back. Declare slos to judge it by what users feel.`);
  }
  if (hook !== undefined && hook !== null && (port === undefined || port === null)) {
    warn(scope, 'PreTrafficTestWithoutTestListener',
      'rollout.preTrafficTest runs at POST_TEST_TRAFFIC_SHIFT, but without testListenerPort no listener reaches the new tasks before production traffic does. Set testListenerPort for the hook to test through.');
  }
  const detection = r.healthAlarms ? HEALTH_ALARM_PERIOD.toSeconds() * ERROR_ALARM_DATAPOINTS : ctx.hasSlos ? 300 : undefined;
  if (detection !== undefined && stepBakeMinutes !== undefined && stepBakeMinutes * 60 < detection && r.strategy !== RolloutStrategy.BLUE_GREEN) {
    warn(scope, 'RolloutStepShorterThanAlarm',
      `The ${name} rollout waits ${stepBakeMinutes} min per step, less than the ${detection} s its fastest rollback alarm needs: a bad release moves on to more users before any alarm can fire.`);
  }
  if (detection !== undefined && finalBakeMinutes !== undefined && finalBakeMinutes * 60 < detection) {
    warn(scope, 'RolloutBakeShorterThanAlarm',
      `The ${name} rollout bakes ${finalBakeMinutes} min after all traffic moved, less than the ${detection} s its fastest rollback alarm needs: ECS may stop the old tasks, and stop watching the alarms, before a bad release is caught.`);
  }
  return { rollout: r, stepPercent, stepBakeMinutes, finalBakeMinutes, steps, minRequestsPerMinute: minRequests };
}

/**
 * The FargateService props of the rollout: aws-cdk-lib's own `deploymentStrategy`, `bakeTime` and
 * `canaryConfiguration` / `linearConfiguration`. Empty for rolling, so its template is unchanged.
 */
export function serviceDeploymentProps(c: CheckedRollout): {
  deploymentStrategy?: ecs.DeploymentStrategy;
  bakeTime?: Duration;
  canaryConfiguration?: ecs.TrafficShiftConfig;
  linearConfiguration?: ecs.TrafficShiftConfig;
} {
  const r = c.rollout;
  if (!r.shiftsTraffic) return {};
  const strategy = {
    [RolloutStrategy.BLUE_GREEN]: ecs.DeploymentStrategy.BLUE_GREEN,
    [RolloutStrategy.CANARY]: ecs.DeploymentStrategy.CANARY,
    [RolloutStrategy.LINEAR]: ecs.DeploymentStrategy.LINEAR,
    [RolloutStrategy.ROLLING]: ecs.DeploymentStrategy.ROLLING,
  }[r.strategy];
  const shift = { stepPercent: c.stepPercent, stepBakeTime: c.stepBakeMinutes === undefined ? undefined : Duration.minutes(c.stepBakeMinutes) };
  return {
    deploymentStrategy: strategy,
    bakeTime: c.finalBakeMinutes === undefined ? undefined : Duration.minutes(c.finalBakeMinutes),
    ...(r.strategy === RolloutStrategy.CANARY ? { canaryConfiguration: shift } : {}),
    ...(r.strategy === RolloutStrategy.LINEAR ? { linearConfiguration: shift } : {}),
  };
}

/** What the wiring needs from the service. */
export interface RolloutWiringProps {
  readonly rollout: CheckedRollout;
  readonly service: ecs.FargateService;
  readonly containerName: string;
  readonly containerPort: number;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The primary target group's props: the second one is built from the same, so health checks and draining match. */
  readonly targetGroupProps: elbv2.ApplicationTargetGroupProps;
  readonly certificate?: acm.ICertificate;
  readonly vpc: ec2.IVpc;
  readonly graceSeconds: number;
}

/** What a traffic-shifting rollout adds to the service. */
export interface RolloutResources {
  readonly alternateTargetGroup: elbv2.ApplicationTargetGroup;
  readonly productionRule: elbv2.ApplicationListenerRule;
  readonly testListener?: elbv2.ApplicationListener;
  readonly testRule?: elbv2.ApplicationListenerRule;
  readonly healthAlarms: cloudwatch.Alarm[];
  readonly unhealthyDatapoints: number;
}

/**
 * Wires a traffic-shifting rollout: the second target group (same health check and draining), the
 * production listener rule ECS shifts weights on, the test listener and rule, the ECS role for
 * the load balancer, the strategy and bakes, the deployment health alarms with rollback, and the
 * test hook. Traffic-shifting rollouts only: a rolling service attaches to its one target group.
 */
export function wireRollout(scope: Construct, p: RolloutWiringProps): RolloutResources {
  const c = p.rollout;
  const r = c.rollout;
  const root = new Construct(scope, 'Rollout');
  const alternate = new elbv2.ApplicationTargetGroup(root, 'AlternateTargetGroup', p.targetGroupProps);
  alternate.setAttribute('stickiness.enabled', 'false');

  // Both target groups, weights 100/0, as ECS leaves the rule after each deployment. Nothing in the
  // rule depends on the task definition, so a release (a new image) leaves the rule's properties
  // unchanged and CloudFormation does not update it: ECS's weights survive the stack update
  // (aws-cdk #36649 is the rule being rewritten on update; a test pins its properties across releases).
  const forward = () => elbv2.ListenerAction.weightedForward([
    { targetGroup: p.targetGroup, weight: 100 },
    { targetGroup: alternate, weight: 0 },
  ]);
  const productionRule = new elbv2.ApplicationListenerRule(root, 'ProductionRule', {
    listener: p.listener,
    priority: 1,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action: forward(),
  });

  let testListener: elbv2.ApplicationListener | undefined;
  let testRule: elbv2.ApplicationListenerRule | undefined;
  if (typeof r.testListenerPort === 'number') {
    testListener = p.loadBalancer.addListener('TestListener', {
      port: r.testListenerPort,
      protocol: p.certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
      certificates: p.certificate ? [p.certificate] : undefined,
      sslPolicy: p.certificate ? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'no test route' }),
    });
    // The VPC's CIDR only (an imported VPC without its CIDR: nothing, until the user allows a peer).
    let cidr: string | undefined;
    try {
      cidr = p.vpc.vpcCidrBlock;
    } catch {
      cidr = undefined;
    }
    if (cidr !== undefined) {
      p.loadBalancer.connections.allowFrom(ec2.Peer.ipv4(cidr), ec2.Port.tcp(r.testListenerPort), 'Rollout test listener, from the VPC');
    }
    testRule = new elbv2.ApplicationListenerRule(root, 'TestRule', {
      listener: testListener,
      priority: 1,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: forward(),
    });
  }

  // The role ECS uses to register tasks and move the rule's weights: the AWS managed policy the
  // ECS developer guide names for it ("Amazon ECS infrastructure IAM role for load balancers").
  const shiftRole = new iam.Role(root, 'TrafficShiftRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers')],
    description: 'Lets ECS register the service\'s tasks in its two target groups and shift the listener rules\' weights during deployments',
  });
  const policyReason = 'AmazonECSInfrastructureRolePolicyForLoadBalancers is the policy the ECS developer guide prescribes for the infrastructure role of blue/green, '
    + 'canary and linear deployments ("Amazon ECS infrastructure IAM role for load balancers"); AWS maintains it as ECS adds load balancer calls.';
  // The IAM4 finding id names the policy ARN and holds '::', which Validations.acknowledge() rejects (cdk-nag #2351):
  // record the acknowledgement metadata cdk-nag reads, for both partition forms of the ARN.
  for (const partition of ['<AWS::Partition>', 'aws']) {
    (shiftRole.node.defaultChild as iam.CfnRole).node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
      [`AwsSolutions-IAM4[Policy::arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]`]: policyReason,
    });
  }

  p.service.loadBalancerTarget({
    containerName: p.containerName,
    containerPort: p.containerPort,
    alternateTarget: new ecs.AlternateTarget('AlternateTarget', {
      alternateTargetGroup: alternate,
      productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
      testListener: testRule ? ecs.ListenerRuleConfiguration.applicationListenerRule(testRule) : undefined,
      role: shiftRole,
    }),
  }).attachToApplicationTargetGroup(p.targetGroup);
  alternate.registerConnectable(p.service, ec2.Port.tcp(p.containerPort));

  let unhealthyDatapoints = Math.max(2, Math.ceil(p.graceSeconds / 60) + 1);
  const healthAlarms: cloudwatch.Alarm[] = [];
  if (r.healthAlarms) {
    const prefix = Names.uniqueResourceName(root, { maxLength: 200, separator: '-' });
    const period = HEALTH_ALARM_PERIOD;
    const guard = Math.max(1, c.minRequestsPerMinute);
    const m = (tg: elbv2.ApplicationTargetGroup) => ({
      requests: tg.metrics.requestCount({ period, statistic: 'Sum' }),
      errors: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
      unhealthy: tg.metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
    });
    const a = m(p.targetGroup);
    const b = m(alternate);
    const ratio = (req: string, err: string) => `IF(FILL(${req}, 0) >= ${guard}, FILL(${err}, 0) / ${req}, 0)`;
    const threshold = Number((r.maxErrorPercent / 100).toPrecision(12));
    const errors = new cloudwatch.Alarm(root, 'TargetErrors', {
      alarmName: `${prefix}-target-5xx`,
      alarmDescription: `Deployment health: target 5xx above ${r.maxErrorPercent} % of the requests of either target group `
        + `(each counted once it serves at least ${guard} requests a minute), ${ERROR_ALARM_DATAPOINTS} one-minute datapoints. ECS rolls the deployment back.`,
      metric: new cloudwatch.MathExpression({
        expression: `MAX([${ratio('rp', 'ep')}, ${ratio('ra', 'ea')}])`,
        usingMetrics: { rp: a.requests, ep: a.errors, ra: b.requests, ea: b.errors },
        period,
        label: 'target 5xx ratio, worse target group',
      }),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: ERROR_ALARM_DATAPOINTS,
      datapointsToAlarm: ERROR_ALARM_DATAPOINTS,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unhealthy = new cloudwatch.Alarm(root, 'UnhealthyTargets', {
      alarmName: `${prefix}-unhealthy-targets`,
      alarmDescription: `Deployment health: an unhealthy target in either target group for ${unhealthyDatapoints} one-minute datapoints `
        + `(longer than the ${p.graceSeconds} s health check grace period a starting task may fail checks in). ECS rolls the deployment back.`,
      metric: new cloudwatch.MathExpression({
        expression: 'MAX([FILL(up, 0), FILL(ua, 0)])',
        usingMetrics: { up: a.unhealthy, ua: b.unhealthy },
        period,
        label: 'unhealthy targets, worse target group',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: unhealthyDatapoints,
      datapointsToAlarm: unhealthyDatapoints,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const reason = 'A deployment health alarm: ECS reads it by name and rolls the deployment back when it alarms; it notifies nobody by design (the SLO page alarms do).';
    for (const alarm of [errors, unhealthy]) {
      Validations.of(alarm).acknowledge(
        { id: 'NIST.800.53.R5-CloudWatchAlarmAction', reason },
        { id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check', reason },
      );
    }
    healthAlarms.push(errors, unhealthy);
    addRollbackAlarms(p.service, [`${prefix}-target-5xx`, `${prefix}-unhealthy-targets`]);
  } else {
    unhealthyDatapoints = 0;
  }

  if (r.preTrafficTest && typeof r.preTrafficTest.functionArn === 'string') {
    // Our own role, allowed to invoke exactly the function (no qualifier wildcard): ECS invokes the ARN it is given.
    const hookRole = new iam.Role(root, 'PreTrafficTestRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: 'Lets ECS invoke the rollout\'s pre-traffic test hook',
    });
    hookRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [r.preTrafficTest.functionArn] }));
    p.service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(r.preTrafficTest, 'PreTrafficTest', {
      role: hookRole,
      lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
    }));
  }

  return { alternateTargetGroup: alternate, productionRule, testListener, testRule, healthAlarms, unhealthyDatapoints };
}
