import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CloudNativeChecks, CostChecks, EgressAwareVpc, ServiceCapacity, SpotFleetWithFallback, StatelessService } from '../../src';
import { newValidatedApp, synthWithFindings } from '../../src/core/findings';

/**
 * The feature flags a new `cdk init app` writes into cdk.json: the CLI copies aws-cdk-lib's
 * recommended-feature-flags.json (CURRENTLY_RECOMMENDED_FLAGS of the installed aws-cdk-lib) into
 * the new app's context. Among them @aws-cdk/core:enablePartitionLiterals, which writes `arn:aws:`
 * instead of `arn:${AWS::Partition}:` once the stack's region is known, so cdk-nag's IAM5 finding
 * ids change with it.
 */
const CDK_INIT_FLAGS: { [flag: string]: unknown } = JSON.parse(
  fs.readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf-8'));

type FlagSet = 'cdk init flags' | 'no flags';
const FLAG_SETS: FlagSet[] = ['cdk init flags', 'no flags'];

function app(flags: FlagSet): App {
  return newValidatedApp((a) => [new AwsSolutionsChecks(a), new CloudNativeChecks(a), new CostChecks(a)], {
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-flags-')),
    context: flags === 'cdk init flags' ? CDK_INIT_FLAGS : {},
  });
}

function stackIn(a: App): Stack {
  return new Stack(a, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/**
 * Findings of the rule packs, and apart from them the construct annotations that
 * @aws-cdk/core:annotationsInValidationReport (a cdk init flag) adds to the same report.
 */
function findings(a: App): string[] {
  return synthWithFindings(a).findings.filter((f) => f.plugin !== ANNOTATIONS).map((f) => `${f.plugin} ${f.ruleId} ${f.constructPath}`);
}

function annotations(a: App): string[] {
  return synthWithFindings(a).findings.filter((f) => f.plugin === ANNOTATIONS).map((f) => `${f.ruleId} ${f.constructPath}`);
}

const ANNOTATIONS = 'Construct Annotations';

test('the flag set is the one aws-cdk-lib recommends today, partition literals included', () => {
  expect(Object.keys(CDK_INIT_FLAGS).length).toBeGreaterThan(50);
  expect(CDK_INIT_FLAGS['@aws-cdk/core:enablePartitionLiterals']).toBe(true);
});

test('with the cdk init flags the fleet\'s policies name the partition literally (what the acknowledgements must match)', () => {
  const a = app('cdk init flags');
  const stack = stackIn(a);
  const fleet = new SpotFleetWithFallback(stack, 'Fleet', { vpc: new EgressAwareVpc(stack, 'Vpc', { maxAzs: 2 }) });
  const policy = fleet.node.findChild('FallbackRole').node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
  const policies = JSON.stringify(stack.resolve(policy.policyDocument));
  expect(policies).toContain('arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/');
  expect(policies).not.toContain('AWS::Partition');
});

describe.each(FLAG_SETS)('SpotFleetWithFallback with %s: AwsSolutions and both CloudNative packs, 0 unacknowledged findings', (flags) => {
  test.each([false, true])('capacity provider: %p', (withCluster) => {
    const a = app(flags);
    const stack = stackIn(a);
    const vpc = new EgressAwareVpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = withCluster ? new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED }) : undefined;
    new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster });
    expect(findings(a)).toEqual([]);
    expect(annotations(a)).toEqual([]);
    expect(synthWithFindings(a).failed).toBe(false);
  });

  test('an unexpected wildcard is still reported', () => {
    const a = app(flags);
    const stack = stackIn(a);
    const fleet = new SpotFleetWithFallback(stack, 'Fleet', { vpc: new EgressAwareVpc(stack, 'Vpc', { maxAzs: 2 }) });
    fleet.instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['autoscaling:SetDesiredCapacity'], resources: [stack.formatArn({ service: 'autoscaling', resource: 'autoScalingGroup', resourceName: '*' })],
    }));
    const partition = flags === 'cdk init flags' ? 'aws' : '<AWS::Partition>';
    expect(findings(a)).toEqual([
      `AwsSolutions AwsSolutions-IAM5[Resource::arn:${partition}:autoscaling:us-east-1:123456789012:autoScalingGroup/*] Stack/Fleet/InstanceRole/DefaultPolicy/Resource`,
    ]);
  });
});

describe.each(FLAG_SETS)('StatelessService with %s: AwsSolutions and both CloudNative packs, 0 unacknowledged findings', (flags) => {
  const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable');
  // A default service warns (its HTTP-only listener, no certificate given; the spot fallback's
  // choices): with the cdk init flags those warnings are in the validation report too, as
  // annotations. They are the library's tagged warnings, never a rule finding.
  function onlyTaggedWarnings(a: App) {
    const found = annotations(a);
    if (flags === 'cdk init flags') expect(found).toContain('Annotation::cdk-cloud-native-patterns:HttpOnly Stack/Web');
    else expect(found).toEqual([]);
    for (const f of found) expect(f).toMatch(/^Annotation::cdk-cloud-native-patterns:[A-Za-z]+ Stack\/Web/);
  }

  test('default props', () => {
    const a = app(flags);
    new StatelessService(stackIn(a), 'Web', { image });
    expect(findings(a)).toEqual([]);
    onlyTaggedWarnings(a);
  });

  test('on Fargate Spot with its on-demand fallback', () => {
    const a = app(flags);
    new StatelessService(stackIn(a), 'Web', { image, capacity: ServiceCapacity.spotAboveOnDemandBase() });
    expect(findings(a)).toEqual([]);
    onlyTaggedWarnings(a);
  });
});
