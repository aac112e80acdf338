import { CfnOutput, CfnParameter, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagRuleCompliance } from 'cdk-nag';
import { Rollout, StatelessService } from '../../../src';
import { UNKNOWN } from '../../../src/nag/cfn';
import { goDurationSeconds, userDataText } from '../../../src/nag/rules/ecs/fleet';
import { ELBDeregistrationDelayRule } from '../../../src/nag/rules/elb/ELBDeregistrationDelay';
import { ELBStickySessionsRule } from '../../../src/nag/rules/elb/ELBStickySessions';
import { evaluate, expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

const TG = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const attrs = (kv: { [k: string]: string }) => ({ TargetGroupAttributes: Object.entries(kv).map(([Key, Value]) => ({ Key, Value })) });

describe('ELBStickySessions', () => {
  test('Noncompliance 1: ALB target group with stickiness (L2)', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    new elbv2.ApplicationTargetGroup(stack, 'Tg', { vpc, port: 80, stickinessCookieDuration: Duration.hours(1) });
    expectNonCompliant(stack, ELBStickySessionsRule, 'Tg/Resource');
  });
  test('Noncompliance 2: NLB target group with stickiness as a boolean', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, { Protocol: 'TCP', TargetGroupAttributes: [{ Key: 'stickiness.enabled', Value: true }] });
    expectNonCompliant(stack, ELBStickySessionsRule, 'Tg');
  });
  test('Noncompliance 3: classic ELB with an attached cookie stickiness policy', () => {
    const stack = newStack();
    res(stack, 'Elb', 'AWS::ElasticLoadBalancing::LoadBalancer', {
      LBCookieStickinessPolicy: [{ PolicyName: 'sticky', CookieExpirationPeriod: '60' }],
      Listeners: [{ LoadBalancerPort: '80', InstancePort: '80', Protocol: 'HTTP', PolicyNames: ['sticky'] }],
    });
    const [f] = expectNonCompliant(stack, ELBStickySessionsRule, 'Elb');
    expect(f.description).toMatch(/stickiness policies: sticky\./);
  });
  test('Compliance: stickiness off, or a classic policy declared but not attached', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'stickiness.enabled': 'false' }));
    res(stack, 'Elb', 'AWS::ElasticLoadBalancing::LoadBalancer', {
      AppCookieStickinessPolicy: [{ PolicyName: 'app', CookieName: 'S' }],
      Listeners: [{ LoadBalancerPort: '80', InstancePort: '80', Protocol: 'HTTP' }],
    });
    expectCompliant(stack, ELBStickySessionsRule, 'Tg');
    expectCompliant(stack, ELBStickySessionsRule, 'Elb');
  });
  test('Compliance: stickiness from a parameter is never reported', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Sticky');
    res(stack, 'Tg', TG, attrs({ 'stickiness.enabled': p.valueAsString }));
    expectCompliant(stack, ELBStickySessionsRule, 'Tg');
  });
  test('Not applicable: target group stickiness on a weighted forward (blue/green keeps a client on a group, not a task)', () => {
    const stack = newStack();
    const forward = {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [{ TargetGroupArn: 'arn:blue', Weight: 90 }, { TargetGroupArn: 'arn:green', Weight: 10 }],
        TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
      },
    };
    res(stack, 'Listener', 'AWS::ElasticLoadBalancingV2::Listener', { DefaultActions: [forward] });
    res(stack, 'Rule', 'AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: 'arn:l', Priority: 1, Conditions: [], Actions: [forward] });
    expectNotApplicable(stack, ELBStickySessionsRule);
  });
  test('Not applicable: no load balancer resources', () => {
    const stack = newStack();
    res(stack, 'Bucket', 'AWS::S3::Bucket');
    expectNotApplicable(stack, ELBStickySessionsRule);
  });
  test('Compliance: a StatelessService blue/green rollout (production and test rules forward to two weighted target groups)', () => {
    const stack = newStack();
    new StatelessService(stack, 'Web', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      rollout: Rollout.blueGreen({ testListenerPort: 8443 }),
    });
    const { findings, results } = evaluate(stack, ELBStickySessionsRule);
    expect(findings).toEqual([]);
    // Both target groups are judged (stickiness off) and the weighted forwards are not findings.
    expect(results['Stack/Web/TargetGroup/Resource']).toBe(NagRuleCompliance.COMPLIANT);
    expect(results['Stack/Web/Rollout/AlternateTargetGroup/Resource']).toBe(NagRuleCompliance.COMPLIANT);
    expect(results['Stack/Web/Rollout/ProductionRule/Resource']).toBe(NagRuleCompliance.NOT_APPLICABLE);
    expect(results['Stack/Web/Rollout/TestRule/Resource']).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
  test('Noncompliance 4: a blue/green alternate target group with stickiness turned on', () => {
    const stack = newStack();
    const service = new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx'), rollout: Rollout.canary() });
    service.alternateTargetGroup!.setAttribute('stickiness.enabled', 'true');
    expectNonCompliant(stack, ELBStickySessionsRule, 'Web/Rollout/AlternateTargetGroup/Resource');
  });
});

describe('ELBDeregistrationDelay', () => {
  function service(stack: ReturnType<typeof newStack>, stopTimeout?: number, extra: { [k: string]: unknown } = { LaunchType: 'FARGATE' }) {
    res(stack, 'TaskDef', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'app', Image: 'nginx', ...(stopTimeout ? { StopTimeout: stopTimeout } : {}) }] });
    res(stack, 'Service', 'AWS::ECS::Service', {
      TaskDefinition: { Ref: 'TaskDef' },
      LoadBalancers: [{ ContainerName: 'app', ContainerPort: 80, TargetGroupArn: { Ref: 'Tg' } }],
      ...extra,
    });
  }
  /** A spot-only ASG capacity provider whose launch template user data joins Cluster and sets `agentLine`. */
  function spotFleet(stack: ReturnType<typeof newStack>, agentLine: string) {
    res(stack, 'Cluster', 'AWS::ECS::Cluster', {});
    res(stack, 'Lt', 'AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        UserData: { 'Fn::Base64': { 'Fn::Join': ['', ['#!/bin/bash\necho ECS_CLUSTER=', { Ref: 'Cluster' }, ` >> /etc/ecs/ecs.config\necho ${agentLine} >> /etc/ecs/ecs.config\n`]] } },
      },
    });
    res(stack, 'Asg', 'AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '0',
      MaxSize: '4',
      MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 0 }, LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } } },
    });
    res(stack, 'Provider', 'AWS::ECS::CapacityProvider', { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Asg' } } });
  }
  test('Noncompliance 1: default delay (300 s) on a group with targets', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, { Port: 80, Targets: [{ Id: 'i-1' }] });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.severity).toBe('warning');
    expect(f.description).toMatch(/Deregistration delay 300 s \(default\)\./);
  });
  test('Noncompliance 2: the default drain, with the shutdown arithmetic (drain, then stop signal, then stop timeout)', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, { Port: 80 });
    service(stack);
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toContain('Deregistration delay 300 s (default). Shutdown: 300 s drain + 30 s stop timeout (default) = 330 s shutdown of container app in Service.');
  });
  test('Noncompliance 3: Fargate Spot service with a 150 s drain (SIGTERM can come before the task leaves the group)', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '150' }));
    service(stack, 20, { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toContain('150 s drain + 20 s stop timeout = 170 s shutdown of container app in Service.');
    expect(f.description).toContain('Service runs on Fargate Spot: the task is stopped 120 s after the interruption warning, and SIGTERM can arrive before it leaves the target group, so a 150 s drain is cut short');
  });
  test('Noncompliance 3b: a service with no launch type or strategy of its own, on a cluster of the stack whose default strategy is Fargate Spot', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '150' }));
    res(stack, 'Cluster', 'AWS::ECS::Cluster', { DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
    service(stack, 20, { Cluster: { Ref: 'Cluster' } });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toContain('Service runs on Fargate Spot');
  });
  test('Compliance: the same service on a cluster the stack imports (its default strategy is not known here), or on a cluster of the stack with no default', () => {
    for (const cluster of [{ 'Fn::ImportValue': 'shared-cluster' }, { Ref: 'Cluster' }]) {
      const stack = newStack();
      res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '150' }));
      res(stack, 'Other', 'AWS::ECS::Cluster', { DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
      res(stack, 'Cluster', 'AWS::ECS::Cluster', {});
      service(stack, 20, { Cluster: cluster });
      expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    }
  });
  test('Noncompliance 4: EC2 spot fleet whose ECS_CONTAINER_STOP_TIMEOUT (launch template user data) makes drain + stop exceed 120 s', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '60' }));
    spotFleet(stack, 'ECS_CONTAINER_STOP_TIMEOUT=90s');
    service(stack, undefined, { Cluster: { Ref: 'Cluster' }, CapacityProviderStrategy: [{ CapacityProvider: { Ref: 'Provider' }, Weight: 1 }] });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toContain('Service runs on EC2 spot instances: 60 s drain + 90 s stop timeout (the fleet\'s ECS_CONTAINER_STOP_TIMEOUT) = 150 s shutdown of container app, longer than the 120 s interruption notice.');
  });
  test('Noncompliance 5: a launch-type EC2 service on the spot fleet that joins its cluster (ECS_CLUSTER in user data), 30 s + 2m = 150 s', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '30' }));
    spotFleet(stack, 'ECS_CONTAINER_STOP_TIMEOUT=2m');
    service(stack, undefined, { Cluster: { Ref: 'Cluster' }, LaunchType: 'EC2' });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toContain('30 s drain + 120 s stop timeout (the fleet\'s ECS_CONTAINER_STOP_TIMEOUT) = 150 s shutdown of container app, longer than the 120 s interruption notice.');
  });
  test('Noncompliance 6: delay above 300 s on a group an Auto Scaling group registers into', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '900' }));
    res(stack, 'Asg', 'AWS::AutoScaling::AutoScalingGroup', { MinSize: '1', MaxSize: '2', TargetGroupARNs: [{ Ref: 'Tg' }] });
    expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
  });
  test('Compliance: a drain longer than the stop timeout is valid (45 s + 30 s), and so is a long on-demand shutdown (100 s + 110 s)', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '45' }));
    service(stack);
    res(stack, 'Tg2', TG, attrs({ 'deregistration_delay.timeout_seconds': '100' }));
    res(stack, 'TaskDef2', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'web', Image: 'nginx', StopTimeout: 110 }] });
    res(stack, 'Service2', 'AWS::ECS::Service', { LaunchType: 'FARGATE', TaskDefinition: { Ref: 'TaskDef2' }, LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: { Ref: 'Tg2' } }] });
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg2');
  });
  test('Compliance: Fargate Spot with a 60 s drain and the 120 s stop timeout; EC2 spot with 30 s + 90 s = 120 s', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '60' }));
    service(stack, 120, { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    const onEc2 = newStack();
    res(onEc2, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '30' }));
    spotFleet(onEc2, 'ECS_CONTAINER_STOP_TIMEOUT=1m30s');
    service(onEc2, undefined, { Cluster: { Ref: 'Cluster' }, LaunchType: 'EC2' });
    expectCompliant(onEc2, ELBDeregistrationDelayRule, 'Tg');
  });
  test('Compliance: an EC2 spot fleet whose stop timeout is not in the stack is never reported', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '100' }));
    res(stack, 'Asg', 'AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '0', MaxSize: '4', MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 0 }, LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-imported', Version: '1' } } },
    });
    res(stack, 'Provider', 'AWS::ECS::CapacityProvider', { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Asg' } } });
    service(stack, undefined, { CapacityProviderStrategy: [{ CapacityProvider: { Ref: 'Provider' }, Weight: 1 }] });
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
  });
  test('Compliance: delay from a parameter, on an exported group', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Delay');
    const tg = res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': p.valueAsString }));
    new CfnOutput(stack, 'TgArn', { value: tg.ref, exportName: 'tg' });
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
  });
  test('Registrations: a custom resource that names the group counts; a service property other than LoadBalancers does not', () => {
    const byCustom = newStack();
    res(byCustom, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '900' }));
    res(byCustom, 'Registrar', 'Custom::Registrar', { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:f', Group: { Ref: 'Tg' } });
    expectNonCompliant(byCustom, ELBDeregistrationDelayRule, 'Tg');
    const byTag = newStack();
    res(byTag, 'Tg', TG, { Port: 80 });
    res(byTag, 'TaskDef', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'app', Image: 'nginx' }] });
    res(byTag, 'Service', 'AWS::ECS::Service', { LaunchType: 'FARGATE', TaskDefinition: { Ref: 'TaskDef' }, Tags: [{ Key: 'group', Value: { Ref: 'Tg' } }] });
    expectNotApplicable(byTag, ELBDeregistrationDelayRule);
  });
  test('A container name known only at deploy time still registers the service: its Fargate Spot capacity is judged, its stop timeout is unknown', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'ContainerName');
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '150' }));
    res(stack, 'TaskDef', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: name.valueAsString, Image: 'nginx' }] });
    res(stack, 'Service', 'AWS::ECS::Service', {
      TaskDefinition: { Ref: 'TaskDef' },
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      LoadBalancers: [{ ContainerName: name.valueAsString, ContainerPort: 80, TargetGroupArn: { Ref: 'Tg' } }],
    });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toContain('150 s drain + a stop timeout known only at deploy time in Service');
    expect(f.description).toContain('Service runs on Fargate Spot: the task is stopped 120 s after the interruption warning');
  });
  test('Not applicable: Lambda target groups, drop-all groups only a listener uses, and other resources', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, { TargetType: 'lambda' });
    res(stack, 'Drop', TG, { Port: 80 });
    res(stack, 'Listener', 'AWS::ElasticLoadBalancingV2::Listener', { DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Drop' } }] });
    res(stack, 'Bucket', 'AWS::S3::Bucket');
    expectNotApplicable(stack, ELBDeregistrationDelayRule);
  });
});

describe('the fleet\'s ECS agent settings', () => {
  test('ECS_CONTAINER_STOP_TIMEOUT is read as a Go duration; anything else is unknown', () => {
    expect(['90s', '2m', '1m30s', '500ms', '1h', '90', '', 'abc', '${Timeout}'].map((t) => [t, goDurationSeconds(t)])).toEqual([
      ['90s', 90], ['2m', 120], ['1m30s', 90], ['500ms', 0.5], ['1h', 3600], ['90', UNKNOWN], ['', UNKNOWN], ['abc', UNKNOWN], ['${Timeout}', UNKNOWN],
    ]);
  });
  test('user data is read from a base64 string or from Fn::Base64 of Fn::Join / Fn::Sub', () => {
    const script = '#!/bin/bash\necho ECS_CONTAINER_STOP_TIMEOUT=45s >> /etc/ecs/ecs.config\n';
    expect(userDataText(Buffer.from(script).toString('base64'))).toBe(script);
    expect(userDataText({ 'Fn::Base64': { 'Fn::Join': ['', ['echo ECS_CLUSTER=', { Ref: 'Cluster' }, ' >> /etc/ecs/ecs.config']] } })).toBe('echo ECS_CLUSTER=${Cluster} >> /etc/ecs/ecs.config');
    expect(userDataText({ 'Fn::Base64': { 'Fn::Sub': 'echo ECS_CLUSTER=${Cluster}' } })).toBe('echo ECS_CLUSTER=${Cluster}');
  });
});
