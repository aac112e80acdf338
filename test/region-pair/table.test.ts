import * as fs from 'fs';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildPair, IMAGE, newApp, pairProps } from './fixtures';
import { ActivePassiveRegionPair, CloudNativeChecks, CostChecks } from '../../src';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

const TABLE = { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, writesPerMonth: 10_000_000, averageItemKb: 2 };

describe('a DynamoDB global table with a replica in the standby', () => {
  const { app, pair, primary, standby } = buildPair({ table: TABLE });

  test('the global table is in the primary stack with both replicas protected: deletion protection, PITR, retained', () => {
    primary.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    primary.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const table = Object.values(primary.findResources('AWS::DynamoDB::GlobalTable'))[0].Properties;
    expect(table.TableName).toBe('shop-orders');
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Replicas.map((r: { Region: string }) => r.Region).sort()).toEqual(['us-east-1', 'us-west-2']);
    for (const r of table.Replicas) {
      expect(r).toMatchObject({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    }
    standby.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test('each region\'s service gets the table name and access to its own region\'s replica, by name', () => {
    for (const t of [primary, standby]) {
      t.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'TABLE_NAME', Value: 'shop-orders' }]) })],
      });
    }
    const policy = JSON.stringify(standby.findResources('AWS::IAM::Policy'));
    expect(policy).toContain('arn:');
    expect(policy).toContain(':dynamodb:us-west-2:123456789012:table/shop-orders');
    expect(pair.standbyTable!.tableName).toBe('shop-orders');
  });

  test('still no cross-region reference and no stack dependency', () => {
    const assembly = app.synth();
    for (const t of [primary, standby]) expect(JSON.stringify(t.toJSON())).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput|Custom::CrossRegion|ExportsWriter|ExportsReader/);
    for (const s of assembly.stacks) expect(s.dependencies.map((d) => d.id)).toEqual([`${s.id}.assets`]);
  });

  test('the report models the RPO (about 1 s, last writer wins) and prices the replication as stated assumptions', () => {
    const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8'));
    const w = report.workloads[0];
    expect(w.rpo.seconds).toBe(1);
    expect(w.rpo.arithmetic).toMatch(/^DynamoDB global table shop-orders: replication to us-west-2 is asynchronous and usually under 1 s.*last writer wins$/);
    const lines = w.monthlyCostUsd.lines.filter((l: { item: string }) => l.item.startsWith('DynamoDB'));
    expect(lines.map((l: { item: string; arithmetic: string }) => `${l.item}: ${l.arithmetic}`)).toEqual([
      'DynamoDB replicated writes (shop-orders): 10000000 writes (assumed) x ceil(2 KB) = 20000000 replicated write units = 20 million x $0.625/million (assumed: on-demand replicated write units, DynamoDB pricing page, us-east-1; not in the embedded table) = $12.50',
      expect.stringMatching(/^DynamoDB replication transfer \(shop-orders\): 10000000 writes \(assumed\) x 2 KB \/ 1048576 = 19.073486 GB x \$0.02\/GB = \$0.38$/),
    ]);
  });

  test('the runbook states the table\'s RPO', () => {
    const text = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
    expect(text).toContain('- RPO: about 1 s: DynamoDB global table shop-orders: replication to us-west-2 is asynchronous');
  });
});

describe('table bad input', () => {
  test('a table name that is not one, and a missing key, together', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ table: { tableName: 'x', partitionKey: undefined as unknown as dynamodb.Attribute } }))).toThrow(
      /2 problems with the props:\n {2}- table.tableName: 'x' is not a DynamoDB table name.*\n {2}- table.partitionKey: is required but was not given/);
  });

  test('the table variable also set in the service environment', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ table: TABLE, serviceProps: { image: IMAGE, environment: { TABLE_NAME: 'other' } } }))).toThrow(
      /table.environmentVariable: 'TABLE_NAME' is also set in serviceProps.environment/);
  });
});

test('a pair with a table passes AwsSolutions and both packs with no unacknowledged finding', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  new ActivePassiveRegionPair(app, 'Shop', pairProps({ table: TABLE, serviceProps: { image: ecs.ContainerImage.fromRegistry('nginx'), scratchPaths: ['/var/cache/nginx', '/var/run'] } }));
  const result = synthFindings(app);
  expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
  expect(ruleIds(result.findings)).toEqual([]);
});

test('a builder is given the table of its region', () => {
  const seen: string[] = [];
  const p = pairProps({ table: TABLE });
  expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', {
    ...p,
    serviceProps: undefined,
    workloadBuilder: { buildRegion: (_s, region) => { seen.push(`${region.role} ${region.table instanceof dynamodb.TableV2}`); return undefined as never; } },
  })).toThrow(/buildRegion\(\) returned undefined for the primary region/);
  expect(seen).toEqual(['PRIMARY true']);
});
