import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CloudNativeChecks, CostChecks, LoadBalancedObjective, Rollout, StatelessService } from '../../src';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const slos = [LoadBalancedObjective.availability({ name: 'web-availability', targetPercent: 99.9 })];

/**
 * Each traffic-shifting rollout through the plugin path at synth: AwsSolutions and our packs
 * report nothing unacknowledged on the service (the user's own hook function is theirs to check).
 */
describe.each([
  ['canary', () => Rollout.canary()],
  ['linear', () => Rollout.linear({ percent: 20, stepBake: Duration.minutes(5) })],
  ['blue/green with a test listener and a pre-traffic test', undefined],
])('StatelessService with a %s rollout under AwsSolutions and our packs', (_name, make) => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  const hook = new lambda.Function(stack, 'Hook', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ hookStatus: "SUCCEEDED" });'),
  });
  const rollout = make ? make() : Rollout.blueGreen({ testListenerPort: 8443, preTrafficTest: hook });
  new StatelessService(stack, 'Web', { image, rollout, slos });
  // A control our pack must flag, so the test fails if the pack does not run.
  new ecs.Ec2TaskDefinition(stack, 'HostVolumeControl', { volumes: [{ name: 'data', host: { sourcePath: '/data' } }] })
    .addContainer('c', { image: ecs.ContainerImage.fromRegistry('busybox'), memoryLimitMiB: 128 });
  const result = synthFindings(app);
  const onService = result.findings.filter((f) => f.constructPath.startsWith('Stack/Web/'));

  test('no unacknowledged finding on the service (AwsSolutions, CloudNative, Cost)', () => {
    expect(ruleIds(onService)).toEqual([]);
  });

  test('the packs ran: the controls outside the service have their findings', () => {
    expect(ruleIds(result.findings.filter((f) => f.constructPath.startsWith('Stack/Hook')))).toContain('AwsSolutions-L1');
    expect(ruleIds(result.findings.filter((f) => f.constructPath.startsWith('Stack/HostVolumeControl')))).toContain('CloudNative-ECSTaskHostVolumes');
  });
});
