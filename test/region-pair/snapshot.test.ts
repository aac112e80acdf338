import { Template } from 'aws-cdk-lib/assertions';
import { buildPair } from './fixtures';

/** One snapshot per regional stack of the default pair, each paired with specific counts. */
describe('default pair snapshots', () => {
  const { primary, standby } = buildPair();

  test.each([
    ['primary', primary, 1, 0],
    ['standby', standby, 1, 2],
  ])('%s stack', (_name, t: Template, healthChecks: number, documents: number) => {
    t.resourceCountIs('AWS::Route53::RecordSet', 1);
    t.resourceCountIs('AWS::Route53::HealthCheck', healthChecks);
    t.resourceCountIs('AWS::SSM::Document', documents);
    t.resourceCountIs('AWS::ECS::Service', 1);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    expect(t.toJSON()).toMatchSnapshot();
  });
});
