import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CloudNativeChecks, CostChecks, FargateSpotFallback, FargateSpotFallbackProps, LoadBalancedObjective, ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

function spotService(stack: Stack, extra: Partial<StatelessServiceProps> = {}): StatelessService {
  return new StatelessService(stack, 'Service', {
    image: ecs.ContainerImage.fromRegistry('nginx'),
    capacity: ServiceCapacity.spotAboveOnDemandBase(),
    ...extra,
  });
}

/** A FargateSpotFallback built by hand (StatelessService builds its own as `spotFallback`). */
function fallbackFor(service: StatelessService, extra: Partial<FargateSpotFallbackProps> = {}): FargateSpotFallback {
  return new FargateSpotFallback(service, 'CustomFallback', {
    cluster: service.cluster,
    spotService: service.service,
    taskDefinition: service.taskDefinition,
    targetGroup: service.targetGroup,
    onDemandBase: service.zoneLossFloor,
    ...extra,
  });
}

function setup(serviceProps: Partial<StatelessServiceProps> = {}) {
  const stack = regionalStack(new App());
  const service = spotService(stack, serviceProps);
  const fallback = service.spotFallback!;
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);
  const ids = {
    spot: id(service.service),
    twin: id(fallback.onDemandService),
    taskDefinition: id(service.taskDefinition),
    targetGroup: id(service.targetGroup),
    cluster: id(service.cluster as unknown as { node: { defaultChild?: unknown } }),
    handler: id(fallback.handler),
  };
  return { stack, service, fallback, ids, template: Template.fromStack(stack) };
}

describe('the on-demand twin', () => {
  test('StatelessService builds it when its capacity uses spot, and only then', () => {
    const { service } = setup();
    expect(service.spotFallback).toBeInstanceOf(FargateSpotFallback);
    expect(service.spotFallback!.node.path).toBe('Stack/Service/SpotFallback');
    const onDemand = new StatelessService(regionalStack(new App()), 'Service', { image: ecs.ContainerImage.fromRegistry('nginx') });
    expect(onDemand.spotFallback).toBeUndefined();
    Template.fromStack(Stack.of(onDemand)).resourceCountIs('AWS::ECS::Service', 1);
  });

  test('StatelessService caps the twin at its autoscaling maximum', () => {
    const { template, fallback, stack } = setup();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAX_TASKS: '9', ON_DEMAND_SERVICE: stack.resolve(fallback.onDemandService.serviceName) }) },
    });
  });

  test('runs the same task definition on FARGATE only, with no DesiredCount (the handler owns it), in the same target group', () => {
    const { template, service, ids, stack } = setup();
    const serviceResources = template.findResources('AWS::ECS::Service');
    expect(Object.keys(serviceResources)).toHaveLength(2);
    // A count in the template would be sent on every update and set the twin back mid-shortage.
    expect(serviceResources[ids.twin].Properties).not.toHaveProperty('DesiredCount');
    expect(serviceResources[ids.spot].Properties).not.toHaveProperty('DesiredCount');
    // The handler has no scalable target to fight with.
    expect(Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))).toHaveLength(1);
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      TaskDefinition: { Ref: ids.taskDefinition },
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      }),
      LoadBalancers: [Match.objectLike({ TargetGroupArn: { Ref: ids.targetGroup }, ContainerName: 'App', ContainerPort: 80 })],
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          AssignPublicIp: 'DISABLED',
          SecurityGroups: service.service.connections.securityGroups.map((sg) => stack.resolve(sg.securityGroupId)),
        }),
      },
    });
    // The spot service keeps its on-demand base and spot weights.
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: service.onDemandBase, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
    });
  });
});

describe('the handler', () => {
  test('is invoked on placement failures of the spot service and every minute', () => {
    const { template, ids } = setup();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ecs'],
        'detail-type': ['ECS Service Action'],
        'resources': [{ Ref: ids.spot }],
        'detail': { eventName: ['SERVICE_TASK_PLACEMENT_FAILURE'] },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.handler, 'Arn'] } })],
    });
  });

  test('knows both services and the cap', () => {
    const { template, ids } = setup({ maxCapacity: 12 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: Match.objectLike({
          CLUSTER: { Ref: ids.cluster },
          SPOT_SERVICE: { 'Fn::GetAtt': [ids.spot, 'Name'] },
          ON_DEMAND_SERVICE: { 'Fn::GetAtt': [ids.twin, 'Name'] },
          MAX_TASKS: '12',
          METRIC_NAMESPACE: 'CloudNativePatterns/FargateSpot',
        }),
      },
    });
  });

  test('may describe both services and update the twin only', () => {
    const { template, ids } = setup();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('SpotFallbackHandlerRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ecs:DescribeServices', Resource: [{ Ref: ids.spot }, { Ref: ids.twin }] }),
          Match.objectLike({ Action: 'ecs:UpdateService', Resource: { Ref: ids.twin } }),
          Match.objectLike({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudNativePatterns/FargateSpot' } } }),
        ]),
      },
    });
  });

  test('an alarm is raised while the twin runs tasks', () => {
    const { template } = setup();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CloudNativePatterns/FargateSpot',
      MetricName: 'FallbackTasks',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('bad input', () => {
  function attempt(extra: Partial<FargateSpotFallbackProps>) {
    const stack = regionalStack(new App());
    const service = spotService(stack);
    return () => fallbackFor(service, extra);
  }

  test('stop timeout over 120 s', () => {
    expect(attempt({ stopTimeout: Duration.seconds(180) }))
      .toThrow(/stopTimeout: is 180 seconds, outside the allowed range between 2 and 120 seconds. Fix: set stopTimeout between 2 and 120 seconds/);
  });

  test('a drain of 120 s or more: a spot task is stopped 120 s after its warning', () => {
    expect(attempt({ stopTimeout: Duration.seconds(60), deregistrationDelay: Duration.seconds(120) }))
      .toThrow(/deregistrationDelay: is 120 s, but a Fargate Spot task is stopped 120 s after its interruption warning.*Fix: set deregistrationDelay below 120 seconds/);
  });

  test('durations that are not whole seconds', () => {
    expect(attempt({ stopTimeout: Duration.millis(1500), deregistrationDelay: Duration.millis(500) }))
      .toThrow(/2 problems[\s\S]*deregistrationDelay: is 500 millis, not a whole number of seconds[\s\S]*stopTimeout: is 1 second 500 millis, not a whole number of seconds/);
  });

  test('props missing (JavaScript / Python)', () => {
    const stack = regionalStack(new App());
    expect(() => new FargateSpotFallback(stack, 'F', undefined as any)).toThrow(/\[Stack\/F\] props: are required but were not given/);
  });

  test('required props missing, all listed in one error', () => {
    const stack = regionalStack(new App());
    expect(() => new FargateSpotFallback(stack, 'F', {} as any))
      .toThrow(/4 problems[\s\S]*cluster: is required but was not given[\s\S]*spotService: is required[\s\S]*taskDefinition: is required[\s\S]*onDemandBase: is required/);
    // targetGroup is optional (a queue worker's twin has no load balancer).
    expect(() => new FargateSpotFallback(stack, 'G', {} as any)).not.toThrow(/targetGroup/);
  });

  test('spot-only with no floor', () => {
    expect(attempt({ onDemandBase: 0 })).toThrow(/onDemandBase: is 0: a spot-only service has no on-demand floor/);
  });

  test('a cap below 1', () => {
    expect(attempt({ maxOnDemandTasks: 0 })).toThrow(/maxOnDemandTasks: is 0, outside the allowed range of at least 1/);
  });
});

describe('shutdown order', () => {
  test('drain 60 s + stop 30 s is valid (the drain ends before SIGTERM), but on spot a drain longer than the stop timeout warns', () => {
    const stack = regionalStack(new App());
    const service = spotService(stack);
    expect(() => fallbackFor(service, { deregistrationDelay: Duration.seconds(60), stopTimeout: Duration.seconds(30) })).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/Stack/Service/CustomFallback',
      Match.stringLikeRegexp('killed stopTimeout \\(30 s\\) later; the load balancer drains for 60 s.*cdk-cloud-native-patterns:SpotInterruptionCutsDrain'));
  });

  test('the default 30 s drain and 60 s stop timeout do not warn', () => {
    const stack = regionalStack(new App());
    spotService(stack);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('SpotInterruptionCutsDrain'));
    expect(warnings).toEqual([]);
  });

  test('StatelessService on spot applies the same rule', () => {
    const stack = regionalStack(new App());
    expect(() => spotService(stack, { deregistrationDelay: Duration.seconds(150), stopTimeout: Duration.seconds(30) }))
      .toThrow(/deregistrationDelay: is 150 s, but a Fargate Spot task is stopped 120 s after its interruption warning/);
  });
});

describe('the twin deploys every release, so it rolls back like the service', () => {
  test('carries the twin tag (contract 1) and the service\'s SLO deployment alarms and circuit breaker', () => {
    const stack = regionalStack(new App());
    const service = spotService(stack, { slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 })], sloPageTopic: new sns.Topic(stack, 'Page') });
    const t = Template.fromStack(stack);
    const twinId = stack.getLogicalId(service.spotFallback!.onDemandService.node.defaultChild as CfnElement);
    const spotId = stack.getLogicalId(service.service.node.defaultChild as CfnElement);
    const services = t.findResources('AWS::ECS::Service');
    const twin = services[twinId].Properties;
    expect(twin.Tags).toEqual(expect.arrayContaining([{ Key: 'cdk-cloud-native-patterns:role', Value: 'spot-fallback-twin' }]));
    expect(services[spotId].Properties.Tags ?? []).not.toEqual(expect.arrayContaining([{ Key: 'cdk-cloud-native-patterns:role', Value: 'spot-fallback-twin' }]));
    const alarmNames = service.slos!.sloAlarms.map((a) => a.deploymentAlarmName);
    expect(alarmNames).toHaveLength(1);
    expect(twin.DeploymentConfiguration.Alarms).toEqual({ AlarmNames: alarmNames, Enable: true, Rollback: true });
    expect(services[spotId].Properties.DeploymentConfiguration.Alarms).toEqual({ AlarmNames: alarmNames, Enable: true, Rollback: true });
    expect(twin.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
  });

  test('without SLOs the twin has the circuit breaker only, and says so', () => {
    const { stack, template, ids } = setup();
    expect(template.findResources('AWS::ECS::Service')[ids.twin].Properties.DeploymentConfiguration.Alarms).toEqual({ AlarmNames: [], Enable: false, Rollback: false });
    Annotations.fromStack(stack).hasWarning('/Stack/Service/SpotFallback', Match.stringLikeRegexp('SpotFallbackWithoutDeploymentAlarms'));
  });
});

describe('the fallback alarm', () => {
  test('goes to the topic the user passes (alarm and OK)', () => {
    const stack = regionalStack(new App());
    const topic = new sns.Topic(stack, 'Ops');
    const service = spotService(stack, { spotFallbackAlarmTopic: topic });
    const t = Template.fromStack(stack);
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as CfnElement) };
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FallbackTasks', AlarmActions: [topicRef], OKActions: [topicRef] });
    const w = Annotations.fromStack(stack).findWarning('/Stack/Service/SpotFallback', Match.stringLikeRegexp('SpotFallbackNotifiesNobody'));
    expect(w).toEqual([]);
    expect(service.spotFallback).toBeDefined();
  });

  test('without a topic: a tagged warning', () => {
    const { stack, template } = setup();
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.MetricName === 'FallbackTasks');
    expect(alarm?.Properties.AlarmActions).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Stack/Service/SpotFallback', Match.stringLikeRegexp('cdk-cloud-native-patterns:SpotFallbackNotifiesNobody'));
  });
});

describe('checks', () => {
  test('StatelessService on spot with its fallback passes AwsSolutions and both packs, for the fallback\'s resources', () => {
    const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    const stack = regionalStack(app);
    spotService(stack);
    const result = synthFindings(app);
    expect(ruleIds(result.findings.filter((f) => f.constructPath.includes('/SpotFallback/')))).toEqual([]);
  });
});

describe('without a target group (a queue worker\'s twin)', () => {
  function build(extra: Partial<FargateSpotFallbackProps> = {}) {
    const stack = regionalStack(new App());
    const service = spotService(stack);
    const fallback = fallbackFor(service, { targetGroup: undefined, ...extra });
    const twinId = stack.getLogicalId(fallback.onDemandService.node.defaultChild as CfnElement);
    return { stack, fallback, twin: Template.fromStack(stack).toJSON().Resources[twinId].Properties };
  }

  test('the twin joins no load balancer, has no grace period, and the drain is not checked', () => {
    const { twin } = build({ stopTimeout: Duration.seconds(120) });
    expect(twin.LoadBalancers).toBeUndefined();
    expect(twin.HealthCheckGracePeriodSeconds).toBeUndefined();
    expect(twin.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  test('a deregistration delay without a target group is a warning, not a check', () => {
    const { stack } = build({ deregistrationDelay: Duration.seconds(150) });
    Annotations.fromStack(stack).hasWarning('/Stack/Service/CustomFallback', Match.stringLikeRegexp('deregistrationDelay is set but there is no targetGroup'));
  });

  test('an on-demand base of 0 only with requireOnDemandBase: false; negative never', () => {
    expect(() => build({ onDemandBase: 0 })).toThrow(/onDemandBase: is 0: a spot-only service has no on-demand floor.*or set requireOnDemandBase: false for a queue consumer/);
    expect(() => build({ onDemandBase: 0, requireOnDemandBase: false })).not.toThrow();
    expect(() => build({ onDemandBase: -1, requireOnDemandBase: false })).toThrow(/onDemandBase: is -1, outside the allowed range of at least 0/);
  });

  test('deployment alarms by name roll the twin back; with neither kind it warns', () => {
    const { twin, stack } = build({ deploymentAlarmNames: ['backlog-not-draining'] });
    expect(twin.DeploymentConfiguration.Alarms).toEqual({ AlarmNames: ['backlog-not-draining'], Enable: true, Rollback: true });
    Annotations.fromStack(stack).hasNoWarning('/Stack/Service/CustomFallback', Match.stringLikeRegexp('only its circuit breaker'));
    const none = build();
    Annotations.fromStack(none.stack).hasWarning('/Stack/Service/CustomFallback', Match.stringLikeRegexp('only its circuit breaker'));
  });

  test('SLO alarms and alarm names together are an error', () => {
    const stack = regionalStack(new App());
    const service = spotService(stack, { slos: [LoadBalancedObjective.availability({ name: 'api', targetPercent: 99.9 })] });
    expect(() => fallbackFor(service, { deploymentAlarms: service.slos!.sloAlarms, deploymentAlarmNames: ['x'] }))
      .toThrow(/deploymentAlarms and deploymentAlarmNames: are both set/);
  });
});
