import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { build, envStack, IMAGE } from './fixtures';
import { LoadBalancedObjective, Rollout, RolloutStrategy, ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';
import { linearSteps } from '../../src/stateless-service/rollout-wiring';

const SLOS = [LoadBalancedObjective.availability({ name: 'web-availability', targetPercent: 99.9 })];

function resourcesOf(template: Template, type: string): Array<{ id: string; props: any }> {
  return Object.entries(template.findResources(type)).map(([id, r]) => ({ id, props: (r as { Properties: any }).Properties }));
}

function serviceProps(template: Template): any {
  const services = resourcesOf(template, 'AWS::ECS::Service');
  expect(services).toHaveLength(1);
  return services[0].props;
}

function idOf(template: Template, type: string, pathPart: string): string {
  // Logical ids are the construct path below the stack without separators, plus a hash.
  const re = new RegExp(`^${pathPart.replace(/^Stack\//, '').replace(/\//g, '')}[0-9A-F]{8}$`);
  const found = Object.entries(template.findResources(type)).filter(([id]) => re.test(id));
  expect(found).toHaveLength(1);
  return found[0][0];
}

function hook(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'Hook', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ hookStatus: "SUCCEEDED" });'),
  });
}

describe('Rollout factories', () => {
  test('defaults: canary 5 % / 10 min / 10 min, linear 10 % / 6 min / 10 min, blue/green bake 10 min, 5 % error threshold', () => {
    const c = Rollout.canary();
    expect([c.strategy, c.stepPercent, c.stepBake?.toMinutes(), c.finalBake?.toMinutes(), c.maxErrorPercent, c.healthAlarms])
      .toEqual([RolloutStrategy.CANARY, 5, 10, 10, 5, true]);
    const l = Rollout.linear();
    expect([l.strategy, l.stepPercent, l.stepBake?.toMinutes(), l.finalBake?.toMinutes()]).toEqual([RolloutStrategy.LINEAR, 10, 6, 10]);
    const b = Rollout.blueGreen();
    expect([b.strategy, b.stepPercent, b.stepBake, b.finalBake?.toMinutes(), b.testListenerPort])
      .toEqual([RolloutStrategy.BLUE_GREEN, undefined, undefined, 10, undefined]);
    const r = Rollout.rolling();
    expect([r.strategy, r.shiftsTraffic, r.healthAlarms]).toEqual([RolloutStrategy.ROLLING, false, false]);
    // JavaScript may pass null options.
    expect(Rollout.canary(null as any).stepPercent).toBe(5);
  });

  test('linear steps are counted as CloudFormation counts them for its 33 h check', () => {
    expect(linearSteps(10)).toBe(9);
    expect(linearSteps(11)).toBe(9);
    expect(linearSteps(3)).toBe(33);
    expect(linearSteps(100)).toBe(0);
    expect(linearSteps(33.3)).toBe(3);
  });
});

describe('rolling (the default)', () => {
  test('Rollout.rolling() synthesizes exactly the template of a service without `rollout`', () => {
    const a = build().template.toJSON();
    const b = build({ rollout: Rollout.rolling() }).template.toJSON();
    expect(b).toEqual(a);
    const d = serviceProps(build().template).DeploymentConfiguration;
    expect(d.Strategy).toBeUndefined();
    expect(d.BakeTimeInMinutes).toBeUndefined();
  });
});

describe('canary', () => {
  const { template, service } = build({ rollout: Rollout.canary(), slos: SLOS });
  const tg = idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Web/TargetGroup');
  const alt = idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Web/Rollout/AlternateTargetGroup');
  const rule = idOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'Web/Rollout/ProductionRule');
  const role = idOf(template, 'AWS::IAM::Role', 'Web/Rollout/TrafficShiftRole');

  test('DeploymentConfiguration: CANARY 5 % for 10 min, bake 10 min, circuit breaker, rollback on the SLO and both health alarms', () => {
    const d = serviceProps(template).DeploymentConfiguration;
    expect(d).toEqual({
      Strategy: 'CANARY',
      CanaryConfiguration: { CanaryPercent: 5, CanaryBakeTimeInMinutes: 10 },
      BakeTimeInMinutes: 10,
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      MaximumPercent: 200,
      MinimumHealthyPercent: 100,
      Alarms: {
        AlarmNames: [service.slos!.sloAlarms[0].deploymentAlarmName, 'Stack-Web-Rollout-D4647231-target-5xx', 'Stack-Web-Rollout-D4647231-unhealthy-targets'],
        Enable: true,
        Rollback: true,
      },
    });
    expect(d.LinearConfiguration).toBeUndefined();
  });

  test('load balancer wiring: the primary target group with the alternate, the production rule and the ECS role', () => {
    expect(serviceProps(template).LoadBalancers).toEqual([{
      ContainerName: 'App',
      ContainerPort: 80,
      TargetGroupArn: { Ref: tg },
      AdvancedConfiguration: {
        AlternateTargetGroupArn: { Ref: alt },
        ProductionListenerRule: { Ref: rule },
        RoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
      },
    }]);
    const listener = idOf(template, 'AWS::ElasticLoadBalancingV2::Listener', 'Web/LoadBalancer/Http');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: listener },
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: tg }, Weight: 100 }, { TargetGroupArn: { Ref: alt }, Weight: 0 }] } }],
    });
    // The listener's default action stays a forward to the primary (switching an existing service to a rollout keeps serving).
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: tg } }] });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } }] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers']] }],
    });
    expect(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')).toHaveLength(1);
    expect(service.alternateTargetGroup).toBeDefined();
    expect(service.productionListenerRule).toBeDefined();
    expect(service.testListener).toBeUndefined();
  });

  test('the alternate target group has the primary\'s health check, draining and stickiness off', () => {
    const groups = Object.fromEntries(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').map((g) => [g.id, g.props]));
    expect(groups[alt]).toEqual(groups[tg]);
    expect(groups[alt].TargetGroupAttributes).toEqual(expect.arrayContaining([
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
      { Key: 'stickiness.enabled', Value: 'false' },
    ]));
    expect(groups[alt].HealthCheckIntervalSeconds).toBe(10);
  });

  test('the tasks accept the load balancer on the container port for both target groups (one ingress rule)', () => {
    const ingress = resourcesOf(template, 'AWS::EC2::SecurityGroupIngress').filter((i) => i.props.FromPort === 80 && i.props.SourceSecurityGroupId);
    expect(ingress).toHaveLength(1);
  });

  test('the deployment health alarms: target 5xx ratio with the minimum-traffic guard, unhealthy targets past the grace period', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack-Web-Rollout-D4647231-target-5xx',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0.05,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Id: 'expr_1', Expression: 'MAX([IF(FILL(rp, 0) >= 20, FILL(ep, 0) / rp, 0), IF(FILL(ra, 0) >= 20, FILL(ea, 0) / ra, 0)])' }),
        Match.objectLike({ Id: 'ep', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }) }) }),
        Match.objectLike({ Id: 'ra', MetricStat: Match.objectLike({ Period: 60, Stat: 'Sum', Metric: Match.objectLike({ MetricName: 'RequestCount', Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [alt, 'TargetGroupFullName'] } }]) }) }) }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack-Web-Rollout-D4647231-unhealthy-targets',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'MAX([FILL(up, 0), FILL(ua, 0)])' }),
        Match.objectLike({ Id: 'up', MetricStat: Match.objectLike({ Stat: 'Maximum', Metric: Match.objectLike({ MetricName: 'UnHealthyHostCount', Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [tg, 'TargetGroupFullName'] } }]) }) }) }),
      ]),
    });
    expect(service.deploymentHealthAlarms).toHaveLength(2);
  });

  test('a longer health check grace period lengthens the unhealthy-targets alarm; maxErrorPercent and the guard are honoured', () => {
    const rollout = Rollout.canary({ maxErrorPercent: 2, minRequestsPerMinute: 0 });
    const t = build({ rollout, slos: SLOS, healthCheckGracePeriod: Duration.seconds(150) }).template;
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('unhealthy-targets$'), EvaluationPeriods: 4, DatapointsToAlarm: 4 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('target-5xx$'),
      Threshold: 0.02,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'MAX([IF(FILL(rp, 0) >= 1, FILL(ep, 0) / rp, 0), IF(FILL(ra, 0) >= 1, FILL(ea, 0) / ra, 0)])' })]),
    });
    const guard = build({ rollout: Rollout.canary({ maxErrorPercent: 2 }), slos: SLOS }).template;
    guard.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('target-5xx$'),
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('>= 50,') })]),
    });
  });

  test('without slos the health alarms alone are the deployment alarms', () => {
    const t = build({ rollout: Rollout.canary() }).template;
    expect(serviceProps(t).DeploymentConfiguration.Alarms).toEqual({
      AlarmNames: ['Stack-Web-Rollout-D4647231-target-5xx', 'Stack-Web-Rollout-D4647231-unhealthy-targets'],
      Enable: true,
      Rollback: true,
    });
  });

  test('healthAlarms: false leaves only the SLO deployment alarm', () => {
    const { template: t, service: s } = build({ rollout: Rollout.canary({ healthAlarms: false }), slos: SLOS });
    expect(serviceProps(t).DeploymentConfiguration.Alarms.AlarmNames).toEqual([s.slos!.sloAlarms[0].deploymentAlarmName]);
    expect(resourcesOf(t, 'AWS::CloudWatch::Alarm').filter((a) => /target-5xx|unhealthy-targets/.test(a.props.AlarmName))).toHaveLength(0);
  });
});

describe('linear', () => {
  test('DeploymentConfiguration: LINEAR 10 % every 6 min, bake 10 min; same load balancer wiring', () => {
    const { template } = build({ rollout: Rollout.linear(), slos: SLOS });
    const d = serviceProps(template).DeploymentConfiguration;
    expect(d.Strategy).toBe('LINEAR');
    expect(d.LinearConfiguration).toEqual({ StepPercent: 10, StepBakeTimeInMinutes: 6 });
    expect(d.BakeTimeInMinutes).toBe(10);
    expect(d.CanaryConfiguration).toBeUndefined();
    expect(Object.keys(serviceProps(template).LoadBalancers[0].AdvancedConfiguration).sort()).toEqual(['AlternateTargetGroupArn', 'ProductionListenerRule', 'RoleArn']);
  });

  test('custom steps and bakes', () => {
    const rollout = Rollout.linear({ percent: 25, stepBake: Duration.minutes(3), finalBake: Duration.minutes(0) });
    const { template } = build({ rollout, slos: SLOS });
    const d = serviceProps(template).DeploymentConfiguration;
    expect(d.LinearConfiguration).toEqual({ StepPercent: 25, StepBakeTimeInMinutes: 3 });
    expect(d.BakeTimeInMinutes).toBe(0);
  });
});

describe('blue/green with a test listener and a pre-traffic test hook', () => {
  const stack = envStack();
  const fn = hook(stack);
  const service = new StatelessService(stack, 'Web', { image: IMAGE, rollout: Rollout.blueGreen({ bake: Duration.minutes(15), testListenerPort: 8443, preTrafficTest: fn }), slos: SLOS });
  const template = Template.fromStack(stack);
  const tg = idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Web/TargetGroup');
  const alt = idOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Web/Rollout/AlternateTargetGroup');
  const testListener = idOf(template, 'AWS::ElasticLoadBalancingV2::Listener', 'Web/LoadBalancer/TestListener');
  const testRule = idOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'Web/Rollout/TestRule');
  const hookRole = idOf(template, 'AWS::IAM::Role', 'Web/Rollout/PreTrafficTestRole');
  const fnId = idOf(template, 'AWS::Lambda::Function', 'Stack/Hook');

  test('DeploymentConfiguration: BLUE_GREEN with a 15 min bake and the POST_TEST_TRAFFIC_SHIFT hook', () => {
    const p = serviceProps(template);
    expect(p.DeploymentConfiguration.Strategy).toBe('BLUE_GREEN');
    expect(p.DeploymentConfiguration.BakeTimeInMinutes).toBe(15);
    expect(p.DeploymentConfiguration.CanaryConfiguration).toBeUndefined();
    expect(p.DeploymentConfiguration.LinearConfiguration).toBeUndefined();
    expect(p.DeploymentConfiguration.LifecycleHooks).toEqual([{
      HookTargetArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [hookRole, 'Arn'] },
      LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
    }]);
    expect(p.LoadBalancers[0].AdvancedConfiguration.TestListenerRule).toEqual({ Ref: testRule });
  });

  test('the hook role may invoke exactly the function, and only ECS assumes it', () => {
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } }] } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: hookRole }],
      PolicyDocument: { Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } }] },
    });
  });

  test('the test listener: port 8443, HTTP (no certificate), 404 by default, a rule ECS points at the new tasks, VPC CIDR only', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 8443,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no test route' } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: testListener },
      Priority: 1,
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: tg }, Weight: 100 }, { TargetGroupArn: { Ref: alt }, Weight: 0 }] } }],
    });
    const sgs = resourcesOf(template, 'AWS::EC2::SecurityGroup').filter((g) => /load balancer/i.test(g.props.GroupDescription ?? '') || /LoadBalancer/.test(g.id));
    const ingress = sgs.flatMap((g) => g.props.SecurityGroupIngress ?? []).filter((i: any) => i.FromPort === 8443);
    expect(ingress).toEqual([expect.objectContaining({ CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] }, FromPort: 8443, ToPort: 8443, IpProtocol: 'tcp' })]);
    expect(service.testListener).toBeDefined();
  });

  test('with a certificate the test listener is HTTPS with the same certificate and TLS policy', () => {
    const s = envStack();
    const certificate = { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } as any;
    new StatelessService(s, 'Web', { image: IMAGE, certificate, rollout: Rollout.blueGreen({ testListenerPort: 8443 }), slos: SLOS });
    Template.fromStack(s).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 8443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }], SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });
});

describe('aws-cdk #36649: a release does not rewrite the listener rules', () => {
  test('a second synth with a changed image leaves the production rule, test rule and listeners byte-identical', () => {
    const synth = (tag: string) => {
      const stack = envStack();
      new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry(`public.ecr.aws/nginx/nginx:${tag}`), rollout: Rollout.canary({ testListenerPort: 8443 }), slos: SLOS });
      return Template.fromStack(stack).toJSON().Resources as { [id: string]: { Type: string; Properties: unknown } };
    };
    const a = synth('1.27');
    const b = synth('1.28');
    const ofType = (r: typeof a, type: string) => Object.fromEntries(Object.entries(r).filter(([, v]) => v.Type === type));
    // The control: the release did change the task definition.
    expect(ofType(b, 'AWS::ECS::TaskDefinition')).not.toEqual(ofType(a, 'AWS::ECS::TaskDefinition'));
    const rules = ofType(a, 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(Object.keys(rules)).toHaveLength(2);
    expect(ofType(b, 'AWS::ElasticLoadBalancingV2::ListenerRule')).toEqual(rules);
    expect(ofType(b, 'AWS::ElasticLoadBalancingV2::Listener')).toEqual(ofType(a, 'AWS::ElasticLoadBalancingV2::Listener'));
    expect(ofType(b, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual(ofType(a, 'AWS::ElasticLoadBalancingV2::TargetGroup'));
    for (const r of Object.values(rules)) {
      expect(JSON.stringify(r.Properties)).not.toMatch(/TaskDefinition/);
    }
  });
});

describe('bad input', () => {
  const fails = (props: Partial<StatelessServiceProps>, ...patterns: RegExp[]) => {
    let message = '';
    try {
      build(props);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    for (const p of patterns) expect(message).toMatch(p);
    expect(message).not.toMatch(/TypeError|ValidationError/);
    return message;
  };

  test('canary percent outside 0.1-100 or not a multiple of 0.1', () => {
    fails({ rollout: Rollout.canary({ percent: 0.05 }) }, /rollout\.percent: is 0\.05, outside the allowed range between 0\.1 and 100/);
    fails({ rollout: Rollout.canary({ percent: 100.5 }) }, /rollout\.percent: is 100\.5, outside/);
    fails({ rollout: Rollout.canary({ percent: 5.05 }) }, /rollout\.percent: is 5\.05, not a multiple of 0\.1 \(ECS CanaryConfiguration\).*set percent to 5\.1/);
  });

  test('linear percent below 3', () => {
    fails({ rollout: Rollout.linear({ percent: 2.9 }) }, /rollout\.percent: is 2\.9, outside the allowed range between 3 and 100/);
  });

  test('bakes not whole minutes or over 1440 minutes', () => {
    fails({ rollout: Rollout.canary({ bake: Duration.seconds(90) }) }, /rollout\.bake: is 1 minute 30 seconds, not a whole number of minutes/);
    fails({ rollout: Rollout.canary({ finalBake: Duration.minutes(1441) }) }, /rollout\.finalBake: is 1441 minutes, outside the allowed range between 0 and 1440 minutes/);
    fails({ rollout: Rollout.linear({ stepBake: Duration.hours(25) }) }, /rollout\.stepBake: is 1500 minutes, outside/);
    fails({ rollout: Rollout.blueGreen({ bake: Duration.days(2) }) }, /rollout\.bake: is 2880 minutes, outside/);
  });

  test('a deployment over CloudFormation\'s 33 h', () => {
    fails({ rollout: Rollout.linear({ percent: 3, stepBake: Duration.minutes(60), finalBake: Duration.minutes(10) }) },
      /rollout: takes finalBake 10 \+ stepBake 60 x 33 steps = 1990 min, over the 1980 min \(33 h\) CloudFormation accepts/);
    fails({ rollout: Rollout.canary({ bake: Duration.minutes(1440), finalBake: Duration.minutes(600) }) }, /rollout: takes finalBake 600 \+ bake 1440 = 2040 min/);
    // 1980 exactly is accepted.
    const longest = Rollout.linear({ percent: 3, stepBake: Duration.minutes(60), finalBake: Duration.minutes(0) });
    expect(() => build({ rollout: longest, slos: SLOS })).not.toThrow();
  });

  test('a traffic-shifting rollout with the Fargate Spot fallback twin, or with request-count scaling', () => {
    fails({ rollout: Rollout.canary(), capacity: ServiceCapacity.spotAboveOnDemandBase() },
      /rollout and capacity: a canary rollout cannot be combined with ServiceCapacity\.spotAboveOnDemandBase\(\).*Fix: use Rollout\.rolling\(\) with Fargate Spot/);
    fails({ rollout: Rollout.blueGreen(), requestsPerTarget: 500 }, /rollout and requestsPerTarget: request-count scaling reads ALBRequestCountPerTarget of the primary target group/);
    // Rolling keeps working with both.
    expect(() => build({ rollout: Rollout.rolling(), capacity: ServiceCapacity.spotAboveOnDemandBase(), requestsPerTarget: 500 })).not.toThrow();
  });

  test('test listener port and error threshold', () => {
    fails({ rollout: Rollout.blueGreen({ testListenerPort: 443 }) }, /rollout\.testListenerPort: is 443, a port of the production listeners/);
    fails({ rollout: Rollout.blueGreen({ testListenerPort: 70000 }) }, /rollout\.testListenerPort: is 70000, outside the allowed range between 1 and 65535/);
    fails({ rollout: Rollout.canary({ maxErrorPercent: 0 }) }, /rollout\.maxErrorPercent: is 0; every error would roll back/);
    fails({ rollout: Rollout.canary({ minRequestsPerMinute: 2.5 }) }, /rollout\.minRequestsPerMinute: must be a whole number/);
  });

  test('from JavaScript: wrong types are clear errors, not TypeErrors', () => {
    fails({ rollout: { strategy: 'CANARY' } as any }, /rollout: must be a Rollout, got an object.*Rollout\.canary/);
    fails({ rollout: Rollout.canary({ percent: '5' as any }) }, /rollout\.percent: must be a number, got '5'/);
    fails({ rollout: Rollout.canary({ bake: 10 as any }) }, /rollout\.bake: must be a Duration, got 10/);
    fails({ rollout: Rollout.blueGreen({ testListenerPort: '8443' as any }) }, /rollout\.testListenerPort: must be a number, got '8443'/);
    fails({ rollout: Rollout.blueGreen({ preTrafficTest: 'arn:aws:lambda:us-east-1:1:function:f' as any }) }, /rollout\.preTrafficTest: must be a Lambda function, got 'arn/);
    fails({ rollout: Rollout.canary({ maxErrorPercent: null as any, percent: NaN }) }, /rollout\.percent: must be a finite number/);
  });

  test('a token percent is an error (the report and the 33 h check need the number at synth)', () => {
    fails({ rollout: Rollout.canary({ percent: Lazy.number({ produce: () => 5 }) }) }, /rollout\.percent: is a token/);
  });

  test('every problem in one error', () => {
    const rollout = Rollout.linear({ percent: 1, stepBake: Duration.seconds(30), finalBake: Duration.minutes(2000) });
    const m = fails({ rollout, capacity: ServiceCapacity.spotAboveOnDemandBase() },
      /rollout\.percent/, /rollout\.stepBake/, /rollout\.finalBake/, /rollout and capacity/);
    expect(m).toMatch(/Web/);
  });
});

describe('warnings', () => {
  const warnings = (props: Partial<StatelessServiceProps>, stack = envStack()) => {
    build(props, stack);
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-cloud-native-patterns:Rollout|cdk-cloud-native-patterns:PreTraffic'))
      .map((w) => String(w.entry.data).match(/ack: cdk-cloud-native-patterns:(\w+)/)?.[1]);
  };

  test('none for a canary with SLOs and the defaults', () => {
    expect(warnings({ rollout: Rollout.canary(), slos: SLOS })).toEqual([]);
  });

  test('without SLOs the release is judged by the health alarms only; without either by nothing', () => {
    expect(warnings({ rollout: Rollout.blueGreen() })).toEqual(['RolloutWithoutSlos']);
    expect(warnings({ rollout: Rollout.blueGreen({ healthAlarms: false }) })).toEqual(['RolloutJudgedByNothing']);
  });

  test('steps and bakes shorter than the fastest alarm (120 s)', () => {
    expect(warnings({ rollout: Rollout.canary({ bake: Duration.minutes(1) }), slos: SLOS })).toEqual(['RolloutStepShorterThanAlarm']);
    expect(warnings({ rollout: Rollout.blueGreen({ bake: Duration.minutes(0) }), slos: SLOS })).toEqual(['RolloutBakeShorterThanAlarm']);
    expect(warnings({ rollout: Rollout.canary({ bake: Duration.minutes(2), finalBake: Duration.minutes(2) }), slos: SLOS })).toEqual([]);
  });

  test('a pre-traffic test without a test listener', () => {
    const stack = envStack();
    expect(warnings({ rollout: Rollout.blueGreen({ preTrafficTest: hook(stack) }), slos: SLOS }, stack)).toEqual(['PreTrafficTestWithoutTestListener']);
  });
});

describe('the report: strategy, users reached, time to rollback, deployment time', () => {
  function reportOf(props: Partial<StatelessServiceProps>) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-report-')) });
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    new StatelessService(stack, 'Web', { image: IMAGE, ...props });
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
    const md = fs.readFileSync(path.join(app.outdir, 'cloud-native-report.md'), 'utf-8');
    const w = json.workloads[0];
    return { w, md, bad: w.failureDomains.find((d: any) => d.domain === 'bad-deployment') };
  }

  test('canary 5 %: 5 % of users, 130 s to rollback, 1310 s to deploy; the bad-deployment domain uses it', () => {
    const { w, md, bad } = reportOf({ rollout: Rollout.canary(), slos: SLOS });
    expect(w.rollout).toMatchObject({
      strategy: 'CANARY',
      description: 'canary: 5 % of production traffic for 10 min, then 100 %; old tasks kept 10 min',
      rollsBack: true,
      usersReachedPercent: 5,
      usersReachedArithmetic: '5 %: the alarm (120 s) fires within the 600 s canary bake',
      timeToRollback: {
        seconds: 130,
        arithmetic: 'target 5xx alarm 2 datapoints x 60 s = 120 s + rollback: production traffic back to the old tasks, still running, 10 s (assumed: one listener rule update) = 130 s',
      },
      deploymentTime: {
        seconds: 1310,
        arithmetic: 'new tasks: task start 60 s (assumed) + healthy 2 x 10 s = 80 s + shift canary bake 10 min = 600 s + bake 10 min = 600 s + old tasks drained 30 s = 1310 s',
      },
    });
    expect(w.rollout.judgedBy).toEqual([
      'the deployment circuit breaker (tasks that fail to start or fail health checks)',
      expect.stringMatching(/webavailability-[0-9A-F]{8}-fast-burn-short: the SLO fast burn's short window \(1 x 300 s\)/),
      'Stack-Web-Rollout-D4647231-target-5xx: target 5xx above 5 % of either target group\'s requests, 2 x 60 s',
      'Stack-Web-Rollout-D4647231-unhealthy-targets: an unhealthy target in either target group, 2 x 60 s',
    ]);
    expect(w.rollout.notes).toContainEqual(expect.stringMatching(/at 5 % of the traffic that needs at least ceil\(20 x 100 \/ 5\) = 400 requests a minute/));
    expect(bad.survives).toBe(true);
    expect(bad.how).toMatch(/reaches 5 % of users .* rolled back 130 s after it first reaches them/);
    expect(md).toContain('| users reached before rollback | 5 % | 5 %: the alarm (120 s) fires within the 600 s canary bake |');
    expect(md).toContain('| from reaching users to rollback | 130 s |');
  });

  test('linear 10 % every 6 min: the alarm fires in the first step (10 %); 3 % every 1 min: min(100, 3 % x 3) = 9 %', () => {
    expect(reportOf({ rollout: Rollout.linear(), slos: SLOS }).w.rollout).toMatchObject({
      usersReachedPercent: 10,
      usersReachedArithmetic: 'min(100, 10 % x (1 + floor(120 s / 360 s)) = 1 step) = 10 %',
      deploymentTime: { seconds: 80 + 9 * 360 + 600 + 30 },
    });
    expect(reportOf({ rollout: Rollout.linear({ percent: 3, stepBake: Duration.minutes(1) }), slos: SLOS }).w.rollout).toMatchObject({
      usersReachedPercent: 9,
      usersReachedArithmetic: 'min(100, 3 % x (1 + floor(120 s / 60 s)) = 3 steps) = 9 %',
    });
  });

  test('blue/green: every user, rolled back within the bake; with no bake the alarm fires after ECS stopped watching', () => {
    expect(reportOf({ rollout: Rollout.blueGreen(), slos: SLOS }).w.rollout)
      .toMatchObject({ usersReachedPercent: 100, rollsBack: true, timeToRollback: { seconds: 130 } });
    const { w, bad } = reportOf({ rollout: Rollout.blueGreen({ bake: Duration.minutes(0) }), slos: SLOS });
    expect(w.rollout).toMatchObject({ rollsBack: false, usersReachedPercent: 100 });
    expect(w.rollout.timeToRollback).toBeUndefined();
    expect(w.rollout.usersReachedArithmetic).toMatch(/ECS watches the alarms only for the shift and the bake, 0 \+ 0 = 0 s/);
    expect(bad.survives).toBe(false);
  });

  test('a canary bake shorter than the alarm: the rest of the traffic moves first (100 %)', () => {
    expect(reportOf({ rollout: Rollout.canary({ bake: Duration.minutes(1) }), slos: SLOS }).w.rollout).toMatchObject({
      usersReachedPercent: 100,
      usersReachedArithmetic: '100 %: the alarm (120 s) needs longer than the 60 s canary bake, so the rest of the traffic moves first',
      rollsBack: true,
    });
  });

  test('canary judged by the SLO alarm only (healthAlarms false): 300 s + 10 s, and the dilution is stated', () => {
    const { w } = reportOf({ rollout: Rollout.canary({ healthAlarms: false }), slos: SLOS });
    expect(w.rollout).toMatchObject({
      usersReachedPercent: 5,
      usersReachedArithmetic: '5 %: the alarm (300 s) fires within the 600 s canary bake',
      timeToRollback: { seconds: 310, arithmetic: expect.stringMatching(/^SLO deployment alarm 1 datapoint x 300 s = 300 s \+ rollback: production traffic back/) },
    });
    expect(w.rollout.notes).toContainEqual(expect.stringMatching(/at 5 % of the traffic its own error ratio must exceed that threshold x 100 \/ 5/));
  });

  test('rolling with SLOs: every user, SLO alarm 300 s + a new start 80 s = 380 s', () => {
    const { w } = reportOf({ rollout: Rollout.rolling(), slos: SLOS });
    expect(w.rollout).toMatchObject({
      strategy: 'ROLLING',
      usersReachedPercent: 100,
      timeToRollback: { seconds: 380, arithmetic: expect.stringMatching(/^SLO deployment alarm 1 datapoint x 300 s = 300 s \+ rollback/) },
      deploymentTime: { seconds: 110 },
    });
  });

  test('without `rollout` the report has no rollout section (unchanged)', () => {
    const { w, md } = reportOf({ slos: SLOS });
    expect(w.rollout).toBeUndefined();
    expect(md).not.toContain('Rollout of');
  });
});
