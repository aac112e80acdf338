import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CloudNativeChecks, CostChecks, SpotFleetWithFallback } from '../../src';
import { scopeFindings } from '../../src/core/findings';
import { checkedApp, regionalStack, synthFindings } from '../helpers/nag';

function fleetApp(withCluster: boolean) {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  vpc.addFlowLog('FlowLog');
  const cluster = withCluster ? new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED }) : undefined;
  const fleet = new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster });
  return { app, stack, fleet };
}

describe('default SpotFleetWithFallback passes this library\'s packs', () => {
  test.each([false, true])('through the plugin path at synth (capacity provider: %p)', (withCluster) => {
    const { app } = fleetApp(withCluster);
    const result = synthFindings(app);
    const fleetFindings = result.findings.filter((f) => f.constructPath.startsWith('Stack/Fleet'));
    expect(fleetFindings.map((f) => `${f.plugin} ${f.ruleId} ${f.constructPath}`)).toEqual([]);
  });

  test('through validateScope, on the fleet alone', () => {
    const { fleet } = fleetApp(false);
    const findings = [...scopeFindings(new CloudNativeChecks(), fleet), ...scopeFindings(new CostChecks(), fleet)];
    expect(findings.map((f) => `${f.ruleId} ${f.constructPath}: ${f.description}`)).toEqual([]);
  });

  test('the spot rules do look at the fleet: a spot-only group is reported', () => {
    const { fleet } = fleetApp(false);
    const cfn = fleet.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    cfn.addPropertyOverride('MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity', 0);
    const ids = scopeFindings(new CloudNativeChecks(), fleet).map((f) => f.ruleId);
    expect(ids).toContain('CloudNative-AutoScalingSpotOnDemandBase');
  });
});
