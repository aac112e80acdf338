import { Duration, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { rules } from 'cdk-nag';
import { CloudNativeChecks, CostChecks, DrillKind, LoadBalancedObjective, ServiceCapacity, StatelessService } from '../../src';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

const SLO = [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })];

/**
 * The drills' templates under AwsSolutions and this library's packs, through the plugin path at
 * synth: every FIS wildcard is acknowledged with its reason, nothing else is reported.
 */
describe('StatelessService drills under AwsSolutions and our packs', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  const stack = regionalStack(app);
  const web = new StatelessService(stack, 'Web', {
    image: ecs.ContainerImage.fromRegistry('nginx'),
    slos: SLO,
    capacity: ServiceCapacity.spotAboveOnDemandBase(),
    drills: { experiments: [DrillKind.TASK_CHURN, DrillKind.SPOT_RECLAIM, DrillKind.ZONE_DISRUPTION, DrillKind.ZONAL_SHIFT], zonalAutoshift: true },
  });
  // A control the pack must flag, so this test fails if the plugin path reports nothing. An action
  // wildcard: aws-cdk-lib 2.262 applies an acknowledged id to every resource of the app, and the
  // drills acknowledge resource wildcards only.
  new iam.Policy(stack, 'WildcardControl', {
    statements: [new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::control-bucket/report.json'] })],
    roles: [new iam.Role(stack, 'ControlRole', { assumedBy: new iam.ServicePrincipal('fis.amazonaws.com') })],
  });
  const result = synthFindings(app);

  test('no unacknowledged finding on the drills', () => {
    expect(result.findings.filter((f) => f.constructPath.includes('/Drills')).map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([]);
  });

  test('AwsSolutions: the only finding is the control\'s wildcard', () => {
    expect(ruleIds(result.findings, 'AwsSolutions')).toEqual(['AwsSolutions-IAM5[Action::s3:Get*]']);
    expect(result.findings.filter((f) => f.plugin === 'AwsSolutions').map((f) => f.constructPath)).toEqual([expect.stringContaining('WildcardControl')]);
  });

  test('every wildcard of every drill role is acknowledged on its own policy, with a reason', () => {
    const policies = web.drills!.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy);
    expect(policies.map((p) => p.node.path.split('/').slice(-2, -1)[0]).sort())
      .toEqual(['SpotReclaimPolicy', 'TaskChurnPolicy', 'ZonalShiftPolicy', 'ZoneDisruptionPolicy']);
    for (const p of policies) {
      const findings = rules.iam.IAMNoWildcardPermissions(p) as string[];
      const acknowledged = Object.assign({}, ...p.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as object)) as { [id: string]: string };
      expect(Array.isArray(findings) && findings.length).toBeGreaterThan(0);
      for (const f of findings) expect([p.node.path, f, acknowledged[`AwsSolutions-IAM5[${f}]`]]).toEqual([p.node.path, f, expect.stringMatching(/^.{40,}$/)]);
    }
  });
});
