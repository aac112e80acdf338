import { CfnResource, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newStack, packFindings } from './helpers';
import { CloudNativeChecks, CostChecks } from '../../src';
import { Finding, scopeFindings } from '../../src/core/findings';
import { CLOUD_NATIVE_PACK, COST_PACK, packRules, ruleId } from '../../src/nag/catalog';
import { synthesizedTemplates, withTemplates } from '../../src/nag/cfn';
import { checkedApp, regionalStack, synthFindings } from '../helpers/nag';

/** Our packs' findings (aws-cdk-lib also runs its own CloudFormation validation). */
function ours(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.plugin === 'CloudNative' || f.plugin === 'CloudNativeCost');
}

describe('pack ids', () => {
  test('CloudNative lists exactly these rules', () => {
    expect(packRules(CLOUD_NATIVE_PACK).map((r) => ruleId(CLOUD_NATIVE_PACK, r))).toEqual([
      'CloudNative-ELBStickySessions',
      'CloudNative-ECSTaskHostVolumes',
      'CloudNative-ECSContainerWritableRootFilesystem',
      'CloudNative-ECSContainerPlainSecrets',
      'CloudNative-ECSServiceCircuitBreaker',
      'CloudNative-ELBDeregistrationDelay',
      'CloudNative-ECSServiceSingleTask',
      'CloudNative-ECSServiceSingleAZ',
      'CloudNative-AutoScalingSingleAZ',
      'CloudNative-AutoScalingSpotDiversity',
      'CloudNative-AutoScalingSpotAllocation',
      'CloudNative-AutoScalingSpotRebalance',
      'CloudNative-AutoScalingSpotOnDemandBase',
      'CloudNative-ECSSpotOnlyCapacity',
      'CloudNative-RDSMultiAZ',
      'CloudNative-RDSBackupRetention',
      'CloudNative-DynamoDBPointInTimeRecovery',
      'CloudNative-ElastiCacheAutomaticFailover',
      'CloudNative-StatefulRetainPolicy',
      'CloudNative-SQSQueueDeadLetterQueue',
      'CloudNative-Route53FailoverHealthCheck',
      'CloudNative-Route53FailoverPair',
      'CloudNative-Route53HealthCheckedTTL',
      'CloudNative-Route53LatencyHealthCheck',
      'CloudNative-Route53LatencyRegionSet',
    ]);
  });

  test('CloudNativeCost lists exactly these rules', () => {
    expect(packRules(COST_PACK).map((r) => ruleId(COST_PACK, r))).toEqual([
      'CloudNativeCost-VPCNATWithoutGatewayEndpoints',
      'CloudNativeCost-VPCPublicIPv4OnLaunch',
      'CloudNativeCost-LogGroupRetention',
      'CloudNativeCost-ECRLifecyclePolicy',
      'CloudNativeCost-EBSVolumeGP2',
    ]);
  });

  test('no id contains "::" and every id is unique', () => {
    const ids = [...packRules(CLOUD_NATIVE_PACK).map((r) => ruleId(CLOUD_NATIVE_PACK, r)), ...packRules(COST_PACK).map((r) => ruleId(COST_PACK, r))];
    expect(ids.filter((i) => i.includes('::'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('pack names', () => {
    expect(new CloudNativeChecks().name).toBe('CloudNative');
    expect(new CloudNativeChecks().readPackName).toBe('CloudNative');
    expect(new CostChecks().name).toBe('CloudNativeCost');
  });
});

describe('plugin path', () => {
  test('findings are reported at synth and fail it on errors', () => {
    const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    const stack = regionalStack(app);
    new logs.CfnLogGroup(stack, 'Logs', {});
    new elbv2.CfnTargetGroup(stack, 'Tg', { port: 80, protocol: 'HTTP', vpcId: 'vpc-1', targetGroupAttributes: [{ key: 'stickiness.enabled', value: 'true' }, { key: 'deregistration_delay.timeout_seconds', value: '30' }] });
    const result = synthFindings(app);
    expect(result.failed).toBe(true);
    expect(ours(result.findings).map((f) => `${f.plugin} ${f.ruleId} ${f.severity} ${f.constructPath}`)).toEqual([
      'CloudNative CloudNative-ELBStickySessions error Stack/Tg',
      'CloudNativeCost CloudNativeCost-LogGroupRetention error Stack/Logs',
    ]);
  });

  test('a finding acknowledged with its bare id is not reported, through validateScope and at synth', () => {
    const app = checkedApp([], (a) => [new CostChecks(a)]);
    const stack = regionalStack(app);
    const lg = new logs.CfnLogGroup(stack, 'Logs', {});
    Validations.of(lg).acknowledge({ id: 'CloudNativeCost-LogGroupRetention', reason: 'Audit logs kept forever by regulation.' });
    expect(packFindings(stack)).toEqual([]);
    const result = synthFindings(app);
    expect(ours(result.findings)).toEqual([]);
    expect(result.failed).toBe(false);
  });

  test('warnings are reported with severity warning', () => {
    const app = checkedApp([], (a) => [new CostChecks(a)]);
    const stack = regionalStack(app);
    new CfnResource(stack, 'Subnet', { type: 'AWS::EC2::Subnet', properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true } });
    const result = synthFindings(app);
    // aws-cdk-lib fails synthesis on any plugin violation, whatever its severity.
    expect(ours(result.findings).map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['CloudNativeCost-VPCPublicIPv4OnLaunch warning']);
  });

  test('each resource of a detailed rule gets its own description', () => {
    const stack = newStack();
    new CfnResource(stack, 'Tg1', { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', properties: { Targets: [{ Id: 'i-1' }] } });
    new CfnResource(stack, 'Tg2', { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', properties: { Targets: [{ Id: 'i-2' }], TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '600' }] } });
    const descriptions = packFindings(stack).filter((f) => f.ruleId === 'CloudNative-ELBDeregistrationDelay').map((f) => f.description);
    expect(descriptions).toEqual([
      expect.stringMatching(/Deregistration delay 300 s \(default\)\.$/),
      expect.stringMatching(/Deregistration delay 600 s\.$/),
    ]);
  });

  test('verbose packs put the detail after the info and before the explanation', () => {
    const stack = newStack();
    new CfnResource(stack, 'Tg', { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', properties: { Targets: [{ Id: 'i-1' }] } });
    const [f] = scopeFindings(new CloudNativeChecks(undefined, { verbose: true }), stack).filter((x) => x.ruleId === 'CloudNative-ELBDeregistrationDelay');
    expect(f.description).toMatch(/reclaimed\. Deregistration delay 300 s \(default\)\. ECS stops a task/);
  });
});

describe('the plugin path reads the synthesized templates', () => {
  test('a stack whose template is given is read from it, not resolved again', () => {
    const stack = newStack();
    new logs.CfnLogGroup(stack, 'Logs', {});
    const logicalId = stack.resolve((stack.node.findChild('Logs') as logs.CfnLogGroup).logicalId);
    expect(scopeFindings(new CostChecks(), stack).map((f) => f.ruleId)).toEqual(['CloudNativeCost-LogGroupRetention']);
    const template = { Resources: { [logicalId]: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } };
    expect(withTemplates(new Map([[stack, template]]), () => scopeFindings(new CostChecks(), stack))).toEqual([]);
  });
  test('templates are matched to their stacks by construct path, or by template file name', () => {
    const app = checkedApp([]);
    const a = regionalStack(app, 'A');
    const b = regionalStack(app, 'B', 'us-west-2');
    new logs.CfnLogGroup(a, 'Logs', {});
    new logs.CfnLogGroup(b, 'Logs', {});
    const assembly = app.synth();
    const fileOf = (name: string) => assembly.getStackByName(name).templateFullPath;
    const byPath = synthesizedTemplates(app, [{ stackConstructPath: 'A', templatePath: fileOf('A') }], []);
    expect([...byPath.keys()].map((st) => st.node.path)).toEqual(['A']);
    const byFile = synthesizedTemplates(app, [], [fileOf('A'), fileOf('B'), '/no/such/file.template.json']);
    expect([...byFile.keys()].map((st) => st.node.path).sort()).toEqual(['A', 'B']);
  });
  test('at synth the plugin path reports what validateScope reports on the same app', () => {
    const app = checkedApp([], (x) => [new CloudNativeChecks(x), new CostChecks(x)]);
    const stack = regionalStack(app);
    new logs.CfnLogGroup(stack, 'Logs', {});
    new elbv2.CfnTargetGroup(stack, 'Tg', { port: 80, protocol: 'HTTP', vpcId: 'vpc-1', targets: [{ id: 'i-1' }] });
    new CfnResource(stack, 'Subnet', { type: 'AWS::EC2::Subnet', properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true } });
    const direct = packFindings(stack).map((f) => `${f.ruleId} ${f.constructPath} ${f.description}`);
    const atSynth = ours(synthFindings(app).findings).map((f) => `${f.ruleId} ${f.constructPath} ${f.description}`);
    expect(atSynth.sort()).toEqual(direct.sort());
    expect(direct.length).toBe(3);
  });
});
