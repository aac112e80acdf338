import { CfnOutput, CfnParameter, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ELBDeregistrationDelayRule } from '../../../src/nag/rules/elb/ELBDeregistrationDelay';
import { ELBStickySessionsRule } from '../../../src/nag/rules/elb/ELBStickySessions';
import { expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

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
  test('Noncompliance 3: listener forward with target group stickiness', () => {
    const stack = newStack();
    res(stack, 'Listener', 'AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'arn:a' }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } } }],
    });
    expectNonCompliant(stack, ELBStickySessionsRule, 'Listener');
  });
  test('Noncompliance 4: classic ELB with an attached cookie stickiness policy', () => {
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
  test('Not applicable: no load balancer resources', () => {
    const stack = newStack();
    res(stack, 'Bucket', 'AWS::S3::Bucket');
    expectNotApplicable(stack, ELBStickySessionsRule);
  });
});

describe('ELBDeregistrationDelay', () => {
  function service(stack: ReturnType<typeof newStack>, stopTimeout?: number) {
    res(stack, 'TaskDef', 'AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'app', Image: 'nginx', ...(stopTimeout ? { StopTimeout: stopTimeout } : {}) }] });
    res(stack, 'Service', 'AWS::ECS::Service', {
      TaskDefinition: { Ref: 'TaskDef' },
      LoadBalancers: [{ ContainerName: 'app', ContainerPort: 80, TargetGroupArn: { Ref: 'Tg' } }],
    });
  }
  test('Noncompliance 1: default delay (300 s) on a group with targets', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, { Port: 80, Targets: [{ Id: 'i-1' }] });
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.severity).toBe('warning');
    expect(f.description).toMatch(/Deregistration delay 300 s \(default\)\./);
  });
  test('Noncompliance 2: delay longer than the container stop timeout (default 30 s)', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '45' }));
    service(stack);
    const [f] = expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
    expect(f.description).toMatch(/45 s is longer than the 30 s stop timeout of container app in Service/);
  });
  test('Noncompliance 3: delay above 300 s on a group an Auto Scaling group registers into', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '900' }));
    res(stack, 'Asg', 'AWS::AutoScaling::AutoScalingGroup', { MinSize: '1', MaxSize: '2', TargetGroupARNs: [{ Ref: 'Tg' }] });
    expectNonCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
  });
  test('Compliance: delay shorter than the stop timeout', () => {
    const stack = newStack();
    res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': '30' }));
    service(stack, 60);
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
  });
  test('Compliance: delay from a parameter, on an exported group', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Delay');
    const tg = res(stack, 'Tg', TG, attrs({ 'deregistration_delay.timeout_seconds': p.valueAsString }));
    new CfnOutput(stack, 'TgArn', { value: tg.ref, exportName: 'tg' });
    expectCompliant(stack, ELBDeregistrationDelayRule, 'Tg');
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
