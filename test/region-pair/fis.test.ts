import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildPair, IMAGE, newApp, pairProps } from './fixtures';
import { ActivePassiveRegionPair, CloudNativeChecks, CostChecks, LoadBalancedObjective } from '../../src';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

const TABLE = { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } };
const SLOS = [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })];

describe('the FIS regional drill experiment', () => {
  const { app, pair, primary, standby } = buildPair({
    table: TABLE,
    regionDrillExperiment: true,
    serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'], slos: SLOS },
  });

  test('isolates the workload\'s subnets from the standby region and pauses the table, 10 minutes, SLO alarms as stop conditions, logged', () => {
    primary.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    standby.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    const t = Object.values(primary.findResources('AWS::FIS::ExperimentTemplate'))[0].Properties;
    expect(t.Actions).toEqual({
      IsolateFromStandbyRegion: {
        ActionId: 'aws:network:route-table-disrupt-cross-region-connectivity',
        Description: 'Blocks traffic from the workload\'s subnets to us-west-2',
        Parameters: { region: 'us-west-2', duration: 'PT10M' },
        Targets: { Subnets: 'WorkloadSubnets' },
      },
      PauseTableReplication: {
        ActionId: 'aws:dynamodb:global-table-pause-replication',
        Description: 'Pauses the global table\'s replication to the standby',
        Parameters: { duration: 'PT10M' },
        Targets: { Tables: 'PairTable' },
      },
    });
    expect(t.Targets.WorkloadSubnets).toMatchObject({ ResourceType: 'aws:ec2:subnet', SelectionMode: 'ALL' });
    expect(t.Targets.WorkloadSubnets.ResourceArns.length).toBeGreaterThanOrEqual(2);
    expect(t.Targets.PairTable).toEqual({ ResourceType: 'aws:dynamodb:global-table', ResourceArns: [{ 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'Arn'] }], SelectionMode: 'ALL' });
    // The pair turns on the regional health alarm with SLOs: it and the deployment alarm stop the drill.
    const slos = pair.primaryService!.slos!;
    const arn = (a: { node: { defaultChild?: unknown } }) => ({ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [pair.primaryStack.getLogicalId(a.node.defaultChild as CfnElement), 'Arn'] } });
    expect(slos.regionalHealthAlarms).toHaveLength(1);
    expect(t.StopConditions).toEqual([...slos.regionalHealthAlarms.map(arn), ...slos.sloAlarms.map((a) => arn(a.deploymentAlarm))]);
    expect(t.StopConditions.length).toBeGreaterThan(0);
    for (const c of t.StopConditions) expect(c.Source).toBe('aws:cloudwatch:alarm');
    expect(t.LogConfiguration).toEqual({ LogSchemaVersion: 2, CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/^DrillExperimentLogs/), 'Arn'] } } });
    expect(t.ExperimentOptions).toEqual({ AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'fail' });
    primary.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 365 }) });
    primary.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'fis.amazonaws.com' } })] } });
    const policy = JSON.stringify(primary.findResources('AWS::IAM::Policy'));
    expect(policy).toContain('dynamodb:PutResourcePolicy');
    expect(policy).toContain('"aws:ResourceTag/managedByFIS":"true"');
  });

  test('the runbook has the start-experiment command', () => {
    const text = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
    expect(text).toContain('## Rehearsal');
    expect(text).toContain('aws fis start-experiment --region us-east-1 --experiment-template-id $(aws cloudformation describe-stack-resources --region us-east-1 --stack-name Shop-primary');
  });
});

test('without SLOs the experiment has no stop condition, stated by a tagged warning', () => {
  const { pair, primary } = buildPair({ regionDrillExperiment: true });
  const t = Object.values(primary.findResources('AWS::FIS::ExperimentTemplate'))[0].Properties;
  expect(t.StopConditions).toEqual([{ Source: 'none' }]);
  expect(t.Actions.PauseTableReplication).toBeUndefined();
  const warnings = pair.primaryStack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
  expect(warnings.some((w) => w.includes('cdk-cloud-native-patterns:DrillWithoutStopCondition'))).toBe(true);
});

test('bad input: not a boolean, and with a workload builder', () => {
  expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ regionDrillExperiment: 'yes' as never }))).toThrow(/regionDrillExperiment: must be true or false/);
  expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ regionDrillExperiment: true, serviceProps: undefined, workloadBuilder: { buildRegion: () => undefined as never } }))).toThrow(
    /regionDrillExperiment: needs serviceProps/);
});

test('a pair with the drill experiment passes AwsSolutions and both packs with no unacknowledged finding', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  new ActivePassiveRegionPair(app, 'Shop', pairProps({
    table: TABLE,
    regionDrillExperiment: true,
    serviceProps: { image: ecs.ContainerImage.fromRegistry('nginx'), scratchPaths: ['/var/cache/nginx', '/var/run'], slos: SLOS },
  }));
  const result = synthFindings(app);
  expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
  expect(ruleIds(result.findings)).toEqual([]);
});
