import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance } from 'cdk-nag';
import { corpusStacks, HAVE_CORPUS, warnIfNoCorpus } from './helpers';
import { EgressAwareVpc, QueueWorkerService, StatelessService } from '../../src';
import { CLOUD_NATIVE_PACK, COST_PACK, packRules, ruleId } from '../../src/nag/catalog';
import { withRenderCache } from '../../src/nag/cfn';
import { RuleDefinition, rulesFor } from '../../src/nag/rule';

// The packs call a rule only for the resource types it names (`resourceTypes`). That is right
// only if the rule is NOT_APPLICABLE for every other type: checked here by calling every rule on
// every resource of the corpus and of the library's constructs.

warnIfNoCorpus('resource-types corpus test');

const RULES: { readonly id: string; readonly rule: RuleDefinition }[] = [
  ...packRules(CLOUD_NATIVE_PACK).map((rule) => ({ id: ruleId(CLOUD_NATIVE_PACK, rule), rule })),
  ...packRules(COST_PACK).map((rule) => ({ id: ruleId(COST_PACK, rule), rule })),
];

/** Rules that judged a resource of a type they do not name, as `rule on type (path)`; and how many resources each rule judged. */
function outsideTheirTypes(stacks: Stack[]): { wrong: string[]; judged: Map<string, number> } {
  const wrong: string[] = [];
  const judged = new Map<string, number>();
  withRenderCache(() => {
    for (const stack of stacks) {
      for (const c of stack.node.findAll()) {
        if (!CfnResource.isCfnResource(c)) continue;
        for (const { id, rule } of RULES) {
          let result: unknown;
          try {
            result = rule.rule(c);
          } catch (e) {
            result = `threw ${(e as Error).message}`;
          }
          if (result !== NagRuleCompliance.NOT_APPLICABLE) judged.set(id, (judged.get(id) ?? 0) + 1);
          if (!rule.resourceTypes.includes(c.cfnResourceType) && result !== NagRuleCompliance.NOT_APPLICABLE) {
            wrong.push(`${id} on ${c.cfnResourceType} (${c.node.path}): ${String(result)}`);
          }
        }
      }
    }
  });
  return { wrong, judged };
}

test('every rule names the CloudFormation types it judges', () => {
  for (const { id, rule } of RULES) {
    expect({ id, empty: rule.resourceTypes.length === 0 }).toEqual({ id, empty: false });
    for (const type of rule.resourceTypes) expect({ id, type }).toEqual({ id, type: expect.stringMatching(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/) });
  }
});

test('rulesFor keeps the rules of a type, in order, and nothing for a type no rule names', () => {
  const rules = packRules(CLOUD_NATIVE_PACK);
  const forService = rulesFor(rules, 'AWS::ECS::Service').map((r) => r.rule.name);
  expect(forService).toEqual(['ECSServiceCircuitBreaker', 'ECSServiceSingleTask', 'ECSServiceSingleAZ', 'ECSSpotOnlyCapacity']);
  expect(rulesFor(rules, 'AWS::SNS::Topic')).toEqual([]);
  expect(rulesFor(rules, 'AWS::ECS::Service')).toBe(rulesFor(rules, 'AWS::ECS::Service'));
});

test('on the library\'s constructs, no rule judges a type it does not name, and the rules do judge their own', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new EgressAwareVpc(stack, 'Vpc');
  new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), vpc: vpc.vpc });
  new QueueWorkerService(stack, 'Worker', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'), vpc: vpc.vpc });
  new ec2.CfnVolume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: 10, volumeType: 'gp2' });
  const { wrong, judged } = outsideTheirTypes([stack]);
  expect(wrong).toEqual([]);
  for (const id of ['CloudNative-ECSServiceCircuitBreaker', 'CloudNative-ELBDeregistrationDelay', 'CloudNative-SQSQueueDeadLetterQueue', 'CloudNativeCost-VPCNATWithoutGatewayEndpoints', 'CloudNativeCost-EBSVolumeGP2']) {
    expect({ id, judged: (judged.get(id) ?? 0) > 0 }).toEqual({ id, judged: true });
  }
});

(HAVE_CORPUS ? test : test.skip)('on every loadable corpus template, no rule judges a type it does not name', () => {
  const stacks = corpusStacks();
  expect(stacks.length).toBeGreaterThanOrEqual(130);
  const { wrong, judged } = outsideTheirTypes(stacks);
  expect(wrong).toEqual([]);
  // The check means something only if the rules run on what they judge: 19 of the 30 rules judge
  // some corpus resource (the corpus has no RDS instance without a cluster, no EBS volume...).
  expect(RULES.filter(({ id }) => (judged.get(id) ?? 0) > 0).length).toBeGreaterThanOrEqual(15);
});
