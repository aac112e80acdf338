import { execFileSync } from 'child_process';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPair } from './fixtures';
import { Failover } from '../../src';
import { ARC_ROUTING_CONTROL_SCRIPT, ARC_SCALE_SCRIPT } from '../../src/region-pair/arc';

describe('ARC mode: failover and fail-back are one SSM Automation command each, in the recovery control stack', () => {
  const { pair, standby } = buildPair({ failover: Failover.recoveryController() });
  const rc = pair.recoveryControl!;
  const t = Template.fromStack(rc.stack);
  const docs = t.findResources('AWS::SSM::Document');
  const doc = (name: string) => Object.values(docs).find((d) => d.Properties.Name === name)!.Properties;
  const rcArns = [{ 'Fn::GetAtt': ['PrimaryRoutingControl', 'RoutingControlArn'] }, { 'Fn::GetAtt': ['StandbyRoutingControl', 'RoutingControlArn'] }];
  const clusterArn = { 'Fn::GetAtt': ['Cluster', 'ClusterArn'] };
  const roleArn = { 'Fn::GetAtt': [expect.stringMatching(/^AutomationRole/), 'Arn'] };
  const scalePayload = (min: number, wait: boolean) => ({ region: 'us-west-2', stack: 'Shop-standby', output: 'StandbyScalableTargetResourceId', min, max: 9, wait });

  test('two Automation documents, schemaVersion 0.3, deterministic names, exposed on recoveryControl', () => {
    const shape = (p: { Name: string; DocumentType: string; UpdateMethod: string; Content: { schemaVersion: string } }) =>
      [p.Name, p.DocumentType, p.UpdateMethod, p.Content.schemaVersion];
    expect(Object.values(docs).map((d) => shape(d.Properties)))
      .toEqual([['Shop-arc-failover', 'Automation', 'NewVersion', '0.3'], ['Shop-arc-fail-back', 'Automation', 'NewVersion', '0.3']]);
    expect([rc.failoverDocument?.name, rc.failBackDocument?.name, rc.automationRole?.node.id])
      .toEqual(['Shop-arc-failover', 'Shop-arc-fail-back', 'AutomationRole']);
  });

  test('failover: scale the standby to the primary\'s 3 tasks and wait, then standby On and primary Off in one call', () => {
    const c = doc('Shop-arc-failover').Content;
    expect(c.assumeRole).toBe('{{ AutomationAssumeRole }}');
    expect(c.parameters).toEqual({ AutomationAssumeRole: { type: 'String', description: expect.any(String), default: roleArn } });
    expect(c.mainSteps).toEqual([
      {
        name: 'ScaleUpStandby',
        action: 'aws:executeScript',
        timeoutSeconds: 900,
        inputs: { Runtime: 'python3.11', Handler: 'scale', Script: ARC_SCALE_SCRIPT, InputPayload: scalePayload(3, true) },
      },
      {
        name: 'StandbyOnPrimaryOff',
        action: 'aws:executeScript',
        timeoutSeconds: 300,
        isEnd: true,
        inputs: {
          Runtime: 'python3.11',
          Handler: 'update_states',
          Script: ARC_ROUTING_CONTROL_SCRIPT,
          InputPayload: { clusterArn, states: [[rcArns[0], 'Off'], [rcArns[1], 'On']] },
        },
      },
    ]);
  });

  test('fail-back: both On first (the safety rule), wait propagation 30 s + TTL 60 s, then the standby back to its 2 tasks without waiting', () => {
    const c = doc('Shop-arc-fail-back').Content;
    expect(c.mainSteps).toEqual([
      {
        name: 'BothOn',
        action: 'aws:executeScript',
        timeoutSeconds: 300,
        inputs: {
          Runtime: 'python3.11',
          Handler: 'update_states',
          Script: ARC_ROUTING_CONTROL_SCRIPT,
          InputPayload: { clusterArn, states: [[rcArns[0], 'On'], [rcArns[1], 'On']] },
        },
      },
      { name: 'WaitForDnsToMoveBack', action: 'aws:sleep', inputs: { Duration: 'PT90S' } },
      {
        name: 'ScaleDownStandby',
        action: 'aws:executeScript',
        timeoutSeconds: 900,
        isEnd: true,
        inputs: { Runtime: 'python3.11', Handler: 'scale', Script: ARC_SCALE_SCRIPT, InputPayload: scalePayload(2, false) },
      },
    ]);
  });

  test('the routing control script reads the endpoints from describe-cluster in us-west-2 and tries each with endpoint_url until one answers', () => {
    expect(ARC_ROUTING_CONTROL_SCRIPT).toContain('def update_states(events, context):');
    expect(ARC_ROUTING_CONTROL_SCRIPT).toContain('boto3.client("route53-recovery-control-config", region_name="us-west-2")');
    expect(ARC_ROUTING_CONTROL_SCRIPT).toContain('describe_cluster(ClusterArn=events["clusterArn"])["Cluster"]["ClusterEndpoints"]');
    expect(ARC_ROUTING_CONTROL_SCRIPT).toContain('    for ep in endpoints:\n        try:\n'
      + '            c = boto3.client("route53-recovery-cluster", region_name=ep["Region"], endpoint_url=ep["Endpoint"])\n'
      + '            c.update_routing_control_states(UpdateRoutingControlStateEntries=entries)');
    expect(ARC_ROUTING_CONTROL_SCRIPT).toContain('raise Exception("no cluster endpoint updated the routing controls: "');
    expect(ARC_SCALE_SCRIPT).toContain('def scale(events, context):');
    expect(ARC_SCALE_SCRIPT).toContain('register_scalable_target(\n        ServiceNamespace="ecs", ScalableDimension="ecs:service:DesiredCount", ResourceId=rid,');
  });

  test('both scripts are valid Python defining their handlers', () => {
    for (const [script, handler] of [[ARC_SCALE_SCRIPT, 'scale'], [ARC_ROUTING_CONTROL_SCRIPT, 'update_states']]) {
      const out = execFileSync('python3', ['-c', 'import ast,sys; m=ast.parse(sys.stdin.read()); print(",".join(f.name for f in m.body if isinstance(f, ast.FunctionDef)))'],
        { input: script }).toString().trim();
      expect(out).toBe(handler);
    }
  });

  test('the role: deterministic name, assumed by SSM, scoped to the two routing controls, the cluster and the standby', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'Shop-arc-automation',
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' } }] },
    });
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['route53-recovery-cluster:UpdateRoutingControlStates', 'route53-recovery-cluster:GetRoutingControlState'], Resource: rcArns },
      { Effect: 'Allow', Action: 'route53-recovery-control-config:DescribeCluster', Resource: clusterArn },
      { Effect: 'Allow', Action: 'cloudformation:DescribeStacks', Resource: arn(':cloudformation:us-west-2:123456789012:stack/Shop-standby/*') },
      { Effect: 'Allow', Action: 'application-autoscaling:RegisterScalableTarget', Resource: arn(':application-autoscaling:us-west-2:123456789012:scalable-target/*') },
      { Effect: 'Allow', Action: ['ecs:DescribeServices', 'ecs:UpdateService'], Resource: arn(':ecs:us-west-2:123456789012:service/*') },
    ]);
  });

  test('the standby stack outputs its service as a scalable target resource ID, which the scripts read by stack name', () => {
    const out = standby.toJSON().Outputs.StandbyScalableTargetResourceId;
    expect(JSON.stringify(out.Value)).toMatch(/^\{"Fn::Join":\["",\["service\/",\{"Ref":"Service.*"\},"\/",\{"Fn::GetAtt":\["Service.*","Name"\]\}\]\]\}$/);
  });

  test('a DNS mode pair has no ARC documents and no scalable target output', () => {
    const { pair: dns, standby: s } = buildPair();
    expect(dns.recoveryControl).toBeUndefined();
    expect(Object.keys(s.toJSON().Outputs ?? {})).not.toContain('StandbyScalableTargetResourceId');
  });
});
