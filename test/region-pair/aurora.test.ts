import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildPair, newApp, pairProps } from './fixtures';
import { ActivePassiveRegionPair, AuroraGlobalEngine, CloudNativeChecks, CostChecks, Failover, Profiles, StandbyMode } from '../../src';
import { unsupportedGlobalVersion } from '../../src/region-pair/aurora';
import { checkedApp, ruleIds, synthFindings } from '../helpers/nag';

const AURORA = { globalClusterIdentifier: 'shop-db', engine: AuroraGlobalEngine.POSTGRESQL, engineVersion: '17.5', replicatedWriteIoMillionsPerMonth: 50, gbWrittenPerMonth: 10 };

describe('an Aurora global database with a warm standby', () => {
  const { app, pair, primary, standby } = buildPair({ aurora: AURORA });

  test('the primary writer cluster: named, encrypted with its region\'s key, deletion protected, snapshot on delete, no public instance', () => {
    primary.resourceCountIs('AWS::RDS::DBCluster', 1);
    primary.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({
        DBClusterIdentifier: 'shop-db-us-east-1',
        Engine: 'aurora-postgresql',
        EngineVersion: '17.5',
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        BackupRetentionPeriod: 7,
        CopyTagsToSnapshot: true,
        Port: 5432,
        EnableCloudwatchLogsExports: ['postgresql'],
      }),
    });
    primary.resourceCountIs('AWS::RDS::DBInstance', 2);
    primary.allResourcesProperties('AWS::RDS::DBInstance', { PubliclyAccessible: false, DBInstanceClass: 'db.r6g.large' });
    primary.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'shop-db/credentials', ReplicaRegions: [{ Region: 'us-west-2' }] });
  });

  test('the global cluster is made from the primary cluster, deletion protected', () => {
    const globals = Object.values(primary.findResources('AWS::RDS::GlobalCluster'));
    expect(globals).toHaveLength(1);
    expect(globals[0].Properties).toEqual({
      GlobalClusterIdentifier: 'shop-db',
      SourceDBClusterIdentifier: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:cluster:', { Ref: expect.stringMatching(/^Database/) }]] },
      DeletionProtection: true,
    });
    standby.resourceCountIs('AWS::RDS::GlobalCluster', 0);
  });

  test('the secondary joins by identifier with its own key and NO master credentials; one instance for a warm standby', () => {
    const clusters = Object.values(standby.findResources('AWS::RDS::DBCluster'));
    expect(clusters).toHaveLength(1);
    const c = clusters[0];
    expect(c.DeletionPolicy).toBe('Snapshot');
    expect(c.Properties).toMatchObject({
      DBClusterIdentifier: 'shop-db-us-west-2',
      GlobalClusterIdentifier: 'shop-db',
      Engine: 'aurora-postgresql',
      EngineVersion: '17.5',
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseKey/), 'Arn'] },
      DeletionProtection: true,
      CopyTagsToSnapshot: true,
    });
    for (const k of ['MasterUsername', 'MasterUserPassword', 'ManageMasterUserPassword', 'MasterUserSecret']) expect(c.Properties[k]).toBeUndefined();
    standby.resourceCountIs('AWS::RDS::DBInstance', 1);
    standby.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    standby.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
  });

  test('each service gets the secret name and its own region\'s endpoint', () => {
    primary.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'DATABASE_SECRET_NAME', Value: 'shop-db/credentials' }, { Name: 'DATABASE_HOST', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Database'), 'Endpoint.Address'] } }]) })],
    });
    standby.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'DATABASE_HOST', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecondaryDatabase'), 'Endpoint.Address'] } }]) })],
    });
    expect(pair.auroraSecondary).toBeDefined();
  });

  test('no cross-region reference and no stack dependency with the database', () => {
    const assembly = app.synth();
    for (const t of [primary, standby]) expect(JSON.stringify(t.toJSON())).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput|Custom::CrossRegion|ExportsWriter|ExportsReader/);
    for (const s of assembly.stacks) expect(s.dependencies.map((d) => d.id)).toEqual([`${s.id}.assets`]);
  });

  test('the report: RPO about 1 s, the promotion in the RTO, instances and replication priced as assumptions', () => {
    const w = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8')).workloads[0];
    expect(w.rpo.seconds).toBe(1);
    expect(w.rpo.arithmetic).toMatch(/^Aurora global database shop-db-us-east-1 -> shop-db-us-west-2: storage-level replication, lag typically under 1 s/);
    const region = Profiles.of(pair)!.failureDomains.find((d) => d.domain === 'region')!;
    expect(w.failureDomains.find((d: { domain: string }) => d.domain === 'region').recoverySeconds).toBe(410);
    expect(region.recovery!.arithmetic).toMatch(/; then the database takes writes: managed failover of the global database 60 s \(assumed: typically about a minute\) = 60 s, after a person or automation runs it .*; 350 s \+ 60 s = 410 s$/);
    expect(region.recovery!.seconds).toBe(410);
    expect(w.rto.seconds).toBe(410);
    const lines = w.monthlyCostUsd.lines.filter((l: { item: string }) => l.item.startsWith('Aurora'));
    expect(lines.map((l: { item: string; arithmetic: string }) => `${l.item}: ${l.arithmetic}`)).toEqual([
      'Aurora db.r6g.large instances, primary (shop-db): 2 instances x 730 h x $0.26/h (assumed: db.r6g.large on-demand, us-east-1, Aurora pricing page; unconfirmed) = $379.60',
      'Aurora db.r6g.large instances, standby (shop-db): 1 instance x 730 h x $0.26/h (assumed: db.r6g.large on-demand, us-east-1, Aurora pricing page; unconfirmed) = $189.80',
      'Aurora replicated write I/O (shop-db): 50 million write I/Os a month (assumed); storage in both regions and backups are not modelled x $0.2/million (assumed: Aurora global database replicated write I/O, Aurora pricing page; unconfirmed) = $10.00',
      'Aurora replication transfer (shop-db): 10 GB written a month (assumed) x $0.02/GB = $0.20',
    ]);
  });

  test('the runbook: primary first, and the failover, switchover and fail-back commands', () => {
    const text = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
    expect(text).toContain('The first deployment must go primary first (`cdk deploy Shop-primary`), then standby (`cdk deploy Shop-standby`)');
    expect(text).toContain('aws rds failover-global-cluster --region us-west-2 --global-cluster-identifier shop-db --target-db-cluster-identifier arn:aws:rds:us-west-2:123456789012:cluster:shop-db-us-west-2 --allow-data-loss');
    expect(text).toContain('aws rds switchover-global-cluster --region us-west-2 --global-cluster-identifier shop-db --target-db-cluster-identifier arn:aws:rds:us-west-2:123456789012:cluster:shop-db-us-west-2');
    expect(text).toContain('aws rds switchover-global-cluster --region us-east-1 --global-cluster-identifier shop-db --target-db-cluster-identifier arn:aws:rds:us-east-1:123456789012:cluster:shop-db-us-east-1');
    expect(text).not.toContain('create-db-instance');
    // The modelled RPO is the global database's, as in the report (not "not modelled").
    expect(text).toContain('- RPO: about 1 s: Aurora global database shop-db-us-east-1 -> shop-db-us-west-2');
    expect(text).not.toContain('RPO: not modelled');
  });
});

test('ARC mode with Aurora: the runbook deploys the primary, then the standby, then the recovery control stack', () => {
  const { app, pair } = buildPair({
    aurora: AURORA, standbyMode: StandbyMode.hotStandby(), failover: Failover.recoveryController({ decisionTime: Duration.minutes(5) }),
  });
  const text = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
  expect(text).toContain('primary then standby: the standby\'s Aurora secondary joins the global database the primary creates');
  expect(text).toContain('```sh\ncdk deploy Shop-primary\ncdk deploy Shop-standby\ncdk deploy Shop-recovery-control\n```');
  expect(text).toContain('- RPO: about 1 s: Aurora global database shop-db-us-east-1 -> shop-db-us-west-2');
  // The report's after-the-decision figure includes promoting the global database.
  const region = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf8')).workloads[0].failureDomains.find((d: { domain: string }) => d.domain === 'region');
  expect(region.survives).toBe(false);
  expect(region.how).toMatch(/^not without a person: .*after that decision, (\d+) s = decision 300 s .*; then the database takes writes: .*; 390 s \+ \d+ s = \1 s\)/);
});

describe('a pilot light pair has a headless secondary', () => {
  const { app, pair, standby } = buildPair({ aurora: AURORA, standbyMode: StandbyMode.pilotLight() });

  test('no instance in the standby, the instance step in the runbook, and the headless time in the RTO', () => {
    standby.resourceCountIs('AWS::RDS::DBCluster', 1);
    standby.resourceCountIs('AWS::RDS::DBInstance', 0);
    const text = fs.readFileSync(path.join(app.synth().directory, pair.runbookFileName), 'utf8');
    expect(text).toContain('aws rds create-db-instance --region us-west-2 --db-instance-identifier shop-db-us-west-2-1 --db-cluster-identifier shop-db-us-west-2 --engine aurora-postgresql --db-instance-class db.r6g.large');
    const w = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'cloud-native-report.json'), 'utf8')).workloads[0];
    expect(w.failureDomains.find((d: { domain: string }) => d.domain === 'region').recoverySeconds).toBe(610 + 660);
    const region = Profiles.of(pair)!.failureDomains.find((d) => d.domain === 'region')!;
    expect(region.recovery!.arithmetic).toContain('then the database takes writes: add an instance to the headless secondary 600 s (assumed) + managed failover of the global database 60 s (assumed: typically about a minute) = 660 s');
    expect(region.recovery!.seconds).toBe(610 + 660);
  });
});

describe('Aurora bad input', () => {
  test('versions the Aurora User Guide lists without global database support', () => {
    expect(unsupportedGlobalVersion(AuroraGlobalEngine.MYSQL, '5.7.mysql_aurora.2.06.0')).toMatch(/below 2.07.0/);
    expect(unsupportedGlobalVersion(AuroraGlobalEngine.MYSQL, '5.7.mysql_aurora.2.07.0')).toBeUndefined();
    expect(unsupportedGlobalVersion(AuroraGlobalEngine.MYSQL, '8.0.mysql_aurora.3.08.0')).toBeUndefined();
    expect(unsupportedGlobalVersion(AuroraGlobalEngine.MYSQL, '5.6.mysql_aurora.1.23.4')).toMatch(/version 1 is not among/);
    expect(unsupportedGlobalVersion(AuroraGlobalEngine.POSTGRESQL, '11.9')).toBeUndefined();
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ aurora: { ...AURORA, engine: AuroraGlobalEngine.MYSQL, engineVersion: '5.7.mysql_aurora.2.06.0' } }))).toThrow(
      /aurora.engineVersion: '5.7.mysql_aurora.2.06.0' has no Aurora global database support: Aurora MySQL 2.6.0 is below 2.07.0.*Supported Regions and DB engines for Aurora global databases.*Fix: choose a supported version/);
  });

  test('a standby region without Aurora MySQL global databases', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ standby: { account: '123456789012', region: 'ap-east-2' }, aurora: { ...AURORA, engine: AuroraGlobalEngine.MYSQL, engineVersion: '8.0.mysql_aurora.3.08.0' } }))).toThrow(
      /standby.region: is ap-east-2 \(Asia Pacific \(Taipei\)\), where Aurora MySQL global databases are not available/);
  });

  test('a headless secondary with a warm standby, an empty identifier, an unknown engine from JavaScript, together', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ aurora: { ...AURORA, globalClusterIdentifier: '', engine: 'oracle' as never, standbyInstances: 0 } }))).toThrow(
      /3 problems with the props:\n {2}- aurora.globalClusterIdentifier: .*\n {2}- aurora.engine: .*oracle.*\n {2}- aurora.standbyInstances: is 0 \(a headless secondary\) with a warm standby.*Fix: give the standby at least 1 instance, or use StandbyMode.pilotLight\(\)/);
  });

  test('missing props from JavaScript, and a workload builder', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ aurora: {} as never }))).toThrow(
      /aurora.globalClusterIdentifier: is required but was not given.*\n {2}- aurora.engine: is required but was not given.*\n {2}- aurora.engineVersion: is required but was not given/);
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ aurora: AURORA, serviceProps: undefined, workloadBuilder: { buildRegion: () => undefined as never } }))).toThrow(
      /aurora: needs serviceProps: the clusters go in each region's StatelessService VPC/);
  });

  test('an identifier that makes cluster identifiers over 63 characters', () => {
    expect(() => new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ aurora: { ...AURORA, globalClusterIdentifier: 'a'.repeat(60) } }))).toThrow(
      /aurora.globalClusterIdentifier: 'a{60}' makes cluster identifiers of 70 characters.*shorten aurora.globalClusterIdentifier to at most 53 characters/);
  });

  test('with a bucket too: a tagged warning on the deployment order', () => {
    const { pair } = buildPair({ aurora: AURORA, bucket: { bucketNamePrefix: 'shop-assets' } });
    // On the primary Aurora cluster, inside the primary stack, so `cdk synth` prints it.
    Annotations.fromStack(pair.primaryStack).hasWarning(`/${pair.auroraCluster!.node.path}`, Match.stringLikeRegexp('^bucket and aurora need opposite first deployments.*\\[ack: cdk-cloud-native-patterns:PairDeploymentOrder\\]$'));
    expect(pair.node.metadata.filter((m) => m.type === 'aws:cdk:warning')).toEqual([]);
  });
});

test('a pair with Aurora passes AwsSolutions and both packs with no unacknowledged finding', () => {
  const app = checkedApp(['AwsSolutions'], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
  new ActivePassiveRegionPair(app, 'Shop', pairProps({
    aurora: AURORA,
    serviceProps: { image: ecs.ContainerImage.fromRegistry('nginx'), scratchPaths: ['/var/cache/nginx', '/var/run'] },
  }));
  const result = synthFindings(app);
  expect([...new Set(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`))]).toEqual([]);
  expect(ruleIds(result.findings)).toEqual([]);
});
