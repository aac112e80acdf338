import { App, Duration, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { aaProps, ACCOUNT, buildAa, EAST, IMAGE, newApp, OHIO, TABLE, WEST, ZONE } from './fixtures';
import { ActiveActiveRegions, ActiveRegionContext, IActiveRegionWorkloadBuilder, LoadBalancedObjective, RegionalWorkload } from '../../src';

const CROSS_REFERENCE = /Fn::ImportValue|Fn::GetStackOutput|Custom::CrossRegion|ExportsWriter|ExportsReader|CrossRegionExport/;

function scalableTarget(t: Template) {
  const targets = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
  expect(targets).toHaveLength(1);
  return targets[0].Properties as { MinCapacity: number; MaxCapacity: number };
}

describe('stacks and regions (defaults)', () => {
  const { app, aa, templates } = buildAa({ table: TABLE, bucket: { bucketNamePrefix: 'shop-images' } });
  const assembly = app.synth();

  test('one stack per region, named <prefix>-<region>, in the given environments', () => {
    expect(aa.stacks.map((s) => `${s.stackName} ${s.account} ${s.region}`)).toEqual([
      `Shop-us-east-1 ${ACCOUNT} us-east-1`, `Shop-us-west-2 ${ACCOUNT} us-west-2`,
    ]);
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Shop-us-east-1', 'Shop-us-west-2']);
  });

  test('no stack depends on another, and no template references another region (no imports, stack outputs, exports, cross-region custom resources)', () => {
    for (const s of assembly.stacks) expect(s.dependencies.map((d) => d.id)).toEqual([`${s.id}.assets`]);
    for (const t of templates) {
      expect(JSON.stringify(t.toJSON())).not.toMatch(CROSS_REFERENCE);
      for (const o of Object.values(t.toJSON().Outputs ?? {}) as Array<{ Export?: unknown }>) expect(o.Export).toBeUndefined();
    }
    for (const s of aa.stacks) expect((s as unknown as { _crossRegionReferences?: boolean })._crossRegionReferences).toBeFalsy();
  });

  test('inside a Stage the stage name leads; stackNamePrefix names the stacks', () => {
    const stage = new Stage(new App(), 'Prod');
    expect(new ActiveActiveRegions(stage, 'Shop', aaProps()).stacks.map((s) => s.stackName)).toEqual(['Prod-Shop-us-east-1', 'Prod-Shop-us-west-2']);
    expect(new ActiveActiveRegions(newApp(), 'Shop', aaProps({ stackNamePrefix: 'Store' })).stacks.map((s) => s.stackName)).toEqual(['Store-us-east-1', 'Store-us-west-2']);
  });

  test('three regions: three stacks, each with its own service and record', () => {
    const three = new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [EAST, OHIO, WEST] }));
    expect(three.stacks.map((s) => s.region)).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    for (const s of three.stacks) Template.fromStack(s).resourceCountIs('AWS::Route53::RecordSet', 1);
  });
});

describe('latency records and health checks (defaults)', () => {
  const { aa, templates } = buildAa();

  test('each stack owns one latency alias record: region, set identifier, evaluateTargetHealth, its own health check, the zone by id', () => {
    templates.forEach((t, i) => {
      const region = aa.stacks[i].region;
      t.resourceCountIs('AWS::Route53::RecordSet', 1);
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'shop.example.com.',
        Type: 'A',
        HostedZoneId: ZONE.hostedZoneId,
        Region: region,
        SetIdentifier: `Shop-${region}`,
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
        HealthCheckId: { Ref: Match.stringLikeRegexp('^EndpointHealthCheck') },
      });
      expect(JSON.stringify(t.findResources('AWS::Route53::RecordSet'))).not.toContain('Failover');
    });
  });

  test('an HTTPS endpoint health check per region on its own load balancer: 10 s, threshold 3, three checker regions, SNI', () => {
    for (const t of templates) {
      t.resourceCountIs('AWS::Route53::HealthCheck', 1);
      t.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceLoadBalancer'), 'DNSName'] },
          Port: 443,
          ResourcePath: '/',
          RequestInterval: 10,
          FailureThreshold: 3,
          Regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
          EnableSNI: true,
        },
      });
      t.hasOutput('RegionHealthCheckId', { Value: { Ref: Match.stringLikeRegexp('^EndpointHealthCheck') } });
    }
  });

  test('a DNS-validated certificate per region, the load balancer serving HTTPS', () => {
    for (const t of templates) {
      t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'shop.example.com', ValidationMethod: 'DNS' });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    }
  });

  test('with SLOs: each region\'s record uses a CALCULATED check over its endpoint and its own regional health alarm', () => {
    const slo = buildAa({ serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'], slos: [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })] } });
    slo.templates.forEach((t, i) => {
      t.resourceCountIs('AWS::Route53::HealthCheck', 3);
      t.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: Match.anyValue(), Region: slo.aa.stacks[i].region }, InsufficientDataHealthStatus: 'LastKnownStatus' }),
      });
      t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 2 }) });
      t.hasResourceProperties('AWS::Route53::RecordSet', { HealthCheckId: { Ref: Match.stringLikeRegexp('^RegionHealthCheck') } });
    });
  });

  test('healthCheck options: a 30 s interval, threshold 2, other checker regions', () => {
    const { templates: ts } = buildAa({ healthCheck: { interval: Duration.seconds(30), failureThreshold: 2, regions: ['us-west-1', 'eu-west-1', 'ap-northeast-1'] } });
    ts[0].hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ RequestInterval: 30, FailureThreshold: 2, Regions: ['us-west-1', 'eu-west-1', 'ap-northeast-1'] }),
    });
  });

  test('certificate: false serves HTTP and checks HTTP on 80', () => {
    const { templates: ts } = buildAa({ certificate: false });
    ts[0].resourceCountIs('AWS::CertificateManager::Certificate', 0);
    ts[0].hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTP', Port: 80 }) });
  });

  test('a TTL under 60 s is a tagged warning: alias records answer with 60 s', () => {
    const { aa: a } = buildAa({ healthCheck: { ttl: Duration.seconds(30) } });
    Annotations.fromStack(a.stacks[0]).hasWarning('*', Match.stringLikeRegexp('AliasTtlFixed'));
  });
});

describe('capacity: each region sized for a region loss', () => {
  test('defaults, two regions over 3 zones: share 2, region-loss floor ceil(2 x 2 / 1) = 4 above the zone-loss floor 3', () => {
    const { aa, templates } = buildAa();
    expect([aa.regionShareTasks, aa.regionLossFloor, aa.regionTasks]).toEqual([2, 4, 4]);
    for (const t of templates) expect(scalableTarget(t)).toEqual(expect.objectContaining({ MinCapacity: 4, MaxCapacity: 12 }));
    expect(aa.services.map((s) => [s.desiredCount, s.zoneLossFloor])).toEqual([[4, 3], [4, 3]]);
  });

  test('three regions: ceil(2 x 3 / 2) = 3, the zone-loss floor 3 as well', () => {
    const aa = new ActiveActiveRegions(newApp(), 'Shop', aaProps({ regions: [EAST, OHIO, WEST] }));
    expect([aa.regionLossFloor, aa.regionTasks]).toEqual([3, 3]);
  });

  test('serviceProps.minHealthyTasks is the share: 5 over two regions needs 10 per region', () => {
    const { aa, templates } = buildAa({ serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'], minHealthyTasks: 5 } });
    expect([aa.regionShareTasks, aa.regionLossFloor, aa.regionTasks]).toEqual([5, 10, 10]);
    expect(scalableTarget(templates[1]).MinCapacity).toBe(10);
  });

  test('a desired count above the floor is kept', () => {
    const { aa } = buildAa({ serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'], desiredCount: 6 } });
    expect(aa.regionTasks).toBe(6);
  });

  test('a shortfall accepted with requireRegionLossHeadroom: false is a tagged warning and a slower recovery', () => {
    const { aa } = buildAa({ requireRegionLossHeadroom: false, serviceProps: { image: IMAGE, scratchPaths: ['/var/cache/nginx', '/var/run'], desiredCount: 3 } });
    expect(aa.regionTasks).toBe(3);
    Annotations.fromStack(aa.stacks[0]).hasWarning('*', Match.stringLikeRegexp('^3 tasks per region cannot absorb a region loss.*ceil\\(2 x 2 / 1\\) = 4.*RegionLossShortfall'));
    expect(aa.regionRecovery.seconds).toBe(30 + 60 + 260);
  });
});

describe('the global table', () => {
  test('eventual (default): one GlobalTable in the first region with a replica in every region, protected and retained; other regions read it by name', () => {
    const { aa, templates } = buildAa({ table: { ...TABLE, sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING } }, regions: [EAST, OHIO, WEST] });
    const [first, ...rest] = templates;
    first.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    first.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'shop-orders',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      }),
    });
    const replicas = first.toJSON().Resources.TableCD117FA1.Properties.Replicas as Array<{ Region: string }>;
    expect(replicas.map((r) => r.Region).sort()).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    const protectedReplica = (region: string) => ({
      Region: region, DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    for (const r of replicas) expect(r).toEqual(protectedReplica(r.Region));
    expect(first.toJSON().Resources.TableCD117FA1.Properties.MultiRegionConsistency).toBeUndefined();
    for (const t of rest) t.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    expect(aa.regionTables).toHaveLength(3);
  });

  test('every region\'s service gets the table name and read-write access to its own region\'s replica', () => {
    const { templates } = buildAa({ table: TABLE });
    templates.forEach((t, i) => {
      t.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: Match.arrayWith([Match.objectLike({ Environment: Match.arrayWith([{ Name: 'TABLE_NAME', Value: 'shop-orders' }]) })]),
      });
      const region = ['us-east-1', 'us-west-2'][i];
      const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
      expect(policies).toContain('dynamodb:PutItem');
      if (i > 0) expect(policies).toContain(`:dynamodb:${region}:${ACCOUNT}:table/shop-orders`);
    });
  });

  test('STRONG with three regions of the US set: MultiRegionConsistency STRONG, no witness', () => {
    const strong = { ...TABLE, multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG };
    const { templates } = buildAa({ regions: [EAST, OHIO, WEST], table: strong });
    templates[0].hasResourceProperties('AWS::DynamoDB::GlobalTable', { MultiRegionConsistency: 'STRONG' });
    expect(JSON.stringify(templates[0].toJSON())).not.toContain('GlobalTableWitnesses');
  });

  test('STRONG with two regions and a witness in the set', () => {
    const { templates } = buildAa({ table: { ...TABLE, multiRegionConsistency: dynamodb.MultiRegionConsistency.STRONG, witnessRegion: 'us-east-2' } });
    templates[0].hasResourceProperties('AWS::DynamoDB::GlobalTable', { MultiRegionConsistency: 'STRONG', GlobalTableWitnesses: [{ Region: 'us-east-2' }] });
  });
});

describe('two-way S3 replication', () => {
  const { aa, templates } = buildAa({ bucket: { bucketNamePrefix: 'shop-images', gbWrittenPerMonth: 50 } });

  test('a bucket per region named <prefix>-<account>-<region>, versioned, TLS only, retained, noncurrent versions kept 90 days', () => {
    templates.forEach((t, i) => {
      const region = aa.stacks[i].region;
      t.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          BucketName: `shop-images-${ACCOUNT}-${region}`,
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'expire-noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 90 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })] },
        }),
      });
      t.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Effect: 'Deny' })]) } });
    });
  });

  test('each bucket replicates to the other by name with RTC, metrics, delete markers and replica modification sync', () => {
    templates.forEach((t, i) => {
      const other = aa.stacks[1 - i].region;
      t.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Role: Match.anyValue(),
          Rules: [Match.objectLike({
            Id: `to-${other}`,
            Priority: 1,
            Status: 'Enabled',
            Destination: Match.objectLike({
              Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::shop-images-${ACCOUNT}-${other}`]] },
              ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
              Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
            }),
            DeleteMarkerReplication: { Status: 'Enabled' },
            SourceSelectionCriteria: Match.objectLike({ ReplicaModifications: { Status: 'Enabled' } }),
          })],
        },
      });
      t.hasResourceProperties('AWS::IAM::Role', { RoleName: `shop-images-s3-replication-${aa.stacks[i].region}` });
      t.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: Match.arrayWith([Match.objectLike({ Environment: Match.arrayWith([{ Name: 'BUCKET_NAME', Value: `shop-images-${ACCOUNT}-${aa.stacks[i].region}` }]) })]),
      });
    });
  });

  test('three regions: two rules per bucket, priorities 1 and 2', () => {
    const three = buildAa({ regions: [EAST, OHIO, WEST], bucket: { bucketNamePrefix: 'shop-images' } });
    type Rules = { Rules: Array<{ Id: string; Priority: number }> };
    const rules = (three.templates[0].toJSON().Resources as { [k: string]: { Type: string; Properties: { ReplicationConfiguration?: Rules } } });
    const bucket = Object.values(rules).find((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.ReplicationConfiguration)!;
    expect(bucket.Properties.ReplicationConfiguration!.Rules.map((r) => `${r.Id} ${r.Priority}`)).toEqual(['to-us-east-2 1', 'to-us-west-2 2']);
  });

  test('replicate: false (first deployment) builds the buckets without replication rules or roles', () => {
    const first = buildAa({ bucket: { bucketNamePrefix: 'shop-images', replicate: false } });
    for (const t of first.templates) {
      expect(JSON.stringify(t.findResources('AWS::S3::Bucket'))).not.toContain('ReplicationConfiguration');
      t.resourcePropertiesCountIs('AWS::IAM::Role', { RoleName: Match.stringLikeRegexp('s3-replication') }, 0);
    }
  });
});

class OwnWorkload implements IActiveRegionWorkloadBuilder {
  public readonly seen: ActiveRegionContext[] = [];
  constructor(private readonly tasks?: number) {}
  public buildRegion(scope: Construct, region: ActiveRegionContext): RegionalWorkload {
    this.seen.push(region);
    const vpc = new ec2.Vpc(scope, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const lb = new elbv2.ApplicationLoadBalancer(scope, 'Lb', { vpc, internetFacing: true });
    return { loadBalancer: lb, taskCount: this.tasks ?? region.minimumTasks, healthCheckPath: '/health' };
  }
}

describe('workloadBuilder', () => {
  test('builds in each region with its context (the region-loss floor as minimumTasks); the records alias its load balancers', () => {
    const builder = new OwnWorkload();
    const aa = new ActiveActiveRegions(newApp(), 'Shop', aaProps({ serviceProps: undefined, workloadBuilder: builder, regionShareTasks: 3, table: TABLE }));
    expect(builder.seen.map((c) => `${c.region} ${c.regionIndex}/${c.regionCount} ${c.minimumTasks} ${c.recordName} ${c.table !== undefined}`))
      .toEqual(['us-east-1 0/2 6 shop.example.com true', 'us-west-2 1/2 6 shop.example.com true']);
    expect(aa.regionTasks).toBe(6);
    Template.fromStack(aa.stacks[1]).hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ ResourcePath: '/health' }) });
    expect(aa.services).toEqual([]);
  });

  test('without taskCount: a tagged warning that the region-loss capacity is not modelled', () => {
    const builder: IActiveRegionWorkloadBuilder = {
      buildRegion: (scope) => ({ loadBalancer: new elbv2.ApplicationLoadBalancer(scope, 'Lb', { vpc: new ec2.Vpc(scope, 'Vpc', { maxAzs: 2, natGateways: 0 }) }) }),
    };
    const aa = new ActiveActiveRegions(newApp(), 'Shop', aaProps({ serviceProps: undefined, workloadBuilder: builder }));
    Annotations.fromStack(aa.stacks[0]).hasWarning('*', Match.stringLikeRegexp('RegionLossCapacityUnknown'));
    expect(aa.regionRecovery.arithmetic).toMatch(/not modelled/);
  });
});
