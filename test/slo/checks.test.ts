import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { fargateService } from './helpers';
import { CloudNativeChecks, CostChecks } from '../../src';
import { LoadBalancedObjective, ServiceSlos } from '../../src/slo';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

/**
 * The SLO constructs (alarms, composites, dashboard, Application Signals SLO) under third-party
 * checks and this library's packs, through the plugin path at synth: findings on the SLO
 * constructs' own resources only (the service and load balancer of the fixture are not ours here).
 */
describe('ServiceSlos under third-party checks and the library packs', () => {
  const app = checkedApp(['AwsSolutions', 'NIST.800.53.R5', 'cfn-guard'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  const service = fargateService(stack);
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: service.cluster.vpc });
  const pageTopic = new sns.Topic(stack, 'Page', { masterKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }), enforceSSL: true });
  new ServiceSlos(stack, 'Slos', {
    service,
    loadBalancer,
    pageTopic,
    regionalHealthSignal: true,
    objectives: [LoadBalancedObjective.availability({ targetPercent: 99.9 }), LoadBalancedObjective.latency({ targetPercent: 99, thresholdMs: 300 })],
  });
  const result = synthFindings(app);
  const ours = result.findings.filter((f) => f.constructPath.includes('/Slos/'));

  test('no unacknowledged finding on any SLO resource, in any pack', () => {
    expect(ruleIds(ours)).toEqual([]);
  });
});
