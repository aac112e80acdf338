import { Template } from 'aws-cdk-lib/assertions';
import { buildAa, TABLE } from './fixtures';

/** One snapshot per regional stack of two regions with a global table, each paired with specific counts. */
describe('two regions with a global table: snapshots', () => {
  const { templates } = buildAa({ table: TABLE });

  test.each([
    ['us-east-1', templates[0], 1],
    ['us-west-2', templates[1], 0],
  ])('%s stack', (_name, t: Template, tables: number) => {
    t.resourceCountIs('AWS::Route53::RecordSet', 1);
    t.resourceCountIs('AWS::Route53::HealthCheck', 1);
    t.resourceCountIs('AWS::DynamoDB::GlobalTable', tables);
    t.resourceCountIs('AWS::ECS::Service', 1);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    expect(t.toJSON()).toMatchSnapshot();
  });
});
