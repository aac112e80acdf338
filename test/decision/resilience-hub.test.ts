import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CloudNativeChecks, CostChecks } from '../../src';
import { ResilienceHubTier } from '../../src/decision';
import { defaultPolicyName } from '../../src/decision/resilience-hub';
import { FailureDomain, ResiliencePolicy } from '../../src/report';
import { checkedApp, regionalStack, synthFindings } from '../helpers/nag';

describe('ResiliencePolicy resilienceHub', () => {
  test('emits AWS::ResilienceHub::ResiliencyPolicy with the same RTO and RPO per disruption type', () => {
    const stack = new Stack(new App(), 'S');
    const p = new ResiliencePolicy(stack, 'Policy', {
      rto: Duration.minutes(10), rpo: Duration.minutes(15), resilienceHub: { tier: ResilienceHubTier.CRITICAL },
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ResilienceHub::ResiliencyPolicy', 1);
    t.hasResourceProperties('AWS::ResilienceHub::ResiliencyPolicy', {
      PolicyName: 'S-Policy',
      Tier: 'Critical',
      PolicyDescription: 'Targets of the ResiliencePolicy S/Policy (cdk-cloud-native-patterns), checked before deploy by the cloud-native report',
      // No REGION in the default mustSurvive: no Region entry (it is optional in the schema).
      Policy: {
        Software: { RtoInSecs: 600, RpoInSecs: 900 },
        Hardware: { RtoInSecs: 600, RpoInSecs: 900 },
        AZ: { RtoInSecs: 600, RpoInSecs: 900 },
      },
    });
    expect(p.resilienceHubPolicy).toBeDefined();
    expect(Object.keys(t.findResources('AWS::ResilienceHub::ResiliencyPolicy'))[0]).toMatch(/^PolicyResilienceHub/);
  });
  test('a Region target when the policy must survive a region; a policy on the App needs a stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Hub');
    new ResiliencePolicy(app, 'Policy', {
      rto: Duration.minutes(10),
      rpo: Duration.seconds(30),
      mustSurvive: [FailureDomain.ZONE, FailureDomain.REGION],
      resilienceHub: { tier: ResilienceHubTier.MISSION_CRITICAL, policyName: 'shop_policy', stack },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ResilienceHub::ResiliencyPolicy', {
      PolicyName: 'shop_policy',
      Tier: 'MissionCritical',
      Policy: { Region: { RtoInSecs: 600, RpoInSecs: 30 }, AZ: { RtoInSecs: 600, RpoInSecs: 30 } },
    });
  });
  test('an RPO of 0 warns: Resilience Hub always reports it breached', () => {
    const stack = new Stack(new App(), 'S');
    new ResiliencePolicy(stack, 'Policy', { rto: Duration.minutes(1), rpo: Duration.seconds(0), resilienceHub: { tier: ResilienceHubTier.IMPORTANT } });
    Annotations.fromStack(stack).hasWarning('/S/Policy',
      Match.stringLikeRegexp('Resilience Hub reports "Policy breached" for an RTO or RPO of 0.*ResilienceHubZeroTarget'));
  });
  test('bad options are errors naming the prop, all together', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new ResiliencePolicy(stack, 'A', { rto: Duration.minutes(1), resilienceHub: { tier: 'Gold' as ResilienceHubTier, policyName: '-bad name' } }))
      .toThrow(/3 problems[\s\S]*resilienceHub\.tier: [\s\S]*resilienceHub\.policyName: '-bad name' is not a Resilience Hub policy name[\s\S]*resilienceHub: needs both rto and rpo/);
    expect(() => new ResiliencePolicy(new App(), 'B', { rto: Duration.minutes(1), rpo: Duration.minutes(1), resilienceHub: { tier: ResilienceHubTier.CRITICAL } }))
      .toThrow(/resilienceHub\.stack: is missing, and the ResiliencePolicy is not inside a stack/);
    expect(() => new ResiliencePolicy(stack, 'C', { rto: Duration.minutes(1), rpo: Duration.minutes(1), resilienceHub: {} as never }))
      .toThrow(/resilienceHub\.tier: is missing/);
    expect(() => new ResiliencePolicy(stack, 'D', { rto: Duration.minutes(1), rpo: Duration.minutes(1), resilienceHub: 'yes' as never }))
      .toThrow(/resilienceHub: must be an object, got 'yes'/);
  });
  test('default names fit the schema', () => {
    expect(defaultPolicyName('Stack/api/Policy')).toBe('Stack-api-Policy');
    expect(defaultPolicyName('x'.repeat(80))).toHaveLength(60);
    expect(defaultPolicyName('/P')).toBe('ResiliencePolicy-P');
  });
});

describe('the Resilience Hub policy under the packs', () => {
  const app = checkedApp(['AwsSolutions', 'NIST.800.53.R5', 'cfn-guard'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  new ResiliencePolicy(stack, 'Policy', { rto: Duration.minutes(10), rpo: Duration.minutes(1), resilienceHub: { tier: ResilienceHubTier.CRITICAL } });
  const result = synthFindings(app);
  test('no finding from AwsSolutions, NIST, cfn-guard or our packs (the stack holds only the policy)', () => {
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources)).toEqual([expect.stringMatching(/^PolicyResilienceHub/)]);
    expect(result.findings).toEqual([]);
  });
});
