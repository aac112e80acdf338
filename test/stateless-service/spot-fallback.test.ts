import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CloudNativeChecks, CostChecks, FargateSpotFallback, FargateSpotFallbackProps, ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';
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

  test('runs the same task definition on FARGATE only, with 0 tasks, in the same target group', () => {
    const { template, service, ids, stack } = setup();
    const serviceResources = template.findResources('AWS::ECS::Service');
    expect(Object.keys(serviceResources)).toHaveLength(2);
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 0,
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
        { CapacityProvider: 'FARGATE', Base: service.zoneLossFloor, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
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

  test('stop timeout over 120 s with spot', () => {
    expect(attempt({ stopTimeout: Duration.seconds(180) }))
      .toThrow(/stopTimeout: is 180 s, but Fargate Spot stops a task 120 s after its warning.*Fix: set stopTimeout to at most 120 seconds/);
  });

  test('drain not shorter than the stop timeout', () => {
    expect(attempt({ stopTimeout: Duration.seconds(60), deregistrationDelay: Duration.seconds(60) }))
      .toThrow(/deregistrationDelay and stopTimeout: the load balancer drains for 60 s but the container is killed after 60 s/);
  });

  test('spot-only with no floor', () => {
    expect(attempt({ onDemandBase: 0 })).toThrow(/onDemandBase: is 0: a spot-only service has no on-demand floor/);
  });

  test('a cap below 1', () => {
    expect(attempt({ maxOnDemandTasks: 0 })).toThrow(/maxOnDemandTasks: is 0, outside the allowed range of at least 1/);
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
