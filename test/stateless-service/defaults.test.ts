import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { build, envStack, IMAGE, importedVpc } from './fixtures';
import { LoadBalancedObjective, ServiceCapacity, StatelessService } from '../../src';

describe('StatelessService with only an image', () => {
  const { service, template, stack } = build();

  test('synthesizes in an environment-agnostic stack too (creating its own VPC and cluster)', () => {
    const agnostic = new Stack(new App(), 'Agnostic');
    const s = new StatelessService(agnostic, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx') });
    const t = Template.fromStack(agnostic);
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.resourceCountIs('AWS::ECS::Cluster', 1);
    t.resourceCountIs('AWS::ECS::Service', 1);
    // CDK gives an environment-agnostic stack 2 zones: 2 tasks must survive a zone => 4 tasks.
    expect(s.zoneCount).toBe(2);
    expect(s.desiredCount).toBe(4);
    Annotations.fromStack(agnostic).hasWarning('/Agnostic/Web', Match.stringLikeRegexp('no explicit region'));
  });

  test('creates a VPC over 3 zones with one NAT gateway per zone, gateway endpoints and flow logs', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('.s3')])]) }) });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([Match.stringLikeRegexp('.dynamodb')])]) }) });
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    expect(service.zoneCount).toBe(3);
  });

  test('creates a cluster with Container Insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  test('the task count belongs to autoscaling: no DesiredCount in the template, scaling minimum = zone-loss floor ceil(2 x 3 / 2) = 3', () => {
    expect(service.zoneLossFloor).toBe(3);
    expect(service.desiredCount).toBe(3);
    const services = template.findResources('AWS::ECS::Service');
    expect(Object.keys(services)).toHaveLength(1);
    for (const svc of Object.values(services)) expect(svc.Properties).not.toHaveProperty('DesiredCount');
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 3, MaxCapacity: 9,
    });
  });

  test('no DesiredCount with the @aws-cdk/aws-ecs-patterns:removeDefaultDesiredCount flag set either way', () => {
    for (const flag of [true, false]) {
      const app = new App({ context: { '@aws-cdk/aws-ecs-patterns:removeDefaultDesiredCount': flag } });
      const { template: t } = build({ capacity: ServiceCapacity.spotAboveOnDemandBase() }, envStack(app));
      const services = Object.values(t.findResources('AWS::ECS::Service'));
      expect(services).toHaveLength(2);
      for (const svc of services) expect(svc.Properties).not.toHaveProperty('DesiredCount');
      t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3 });
    }
  });

  test('rolling deployment: circuit breaker with rollback, 100 % min healthy, 200 % max, AZ rebalancing', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
      AvailabilityZoneRebalancing: 'ENABLED',
      HealthCheckGracePeriodSeconds: 60,
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      PropagateTags: 'SERVICE',
      EnableECSManagedTags: true,
    });
  });

  test('tasks run in the private subnets of all 3 zones', () => {
    const svc = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(svc.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets).toHaveLength(3);
  });

  test('task definition: 512 CPU / 1024 MiB, X86_64 Linux, no volumes', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '512',
      Memory: '1024',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
    const td = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(td.Properties.Volumes).toBeUndefined();
    expect(td.Properties.ContainerDefinitions[0].MountPoints).toBeUndefined();
  });

  test('container: read-only root filesystem, port 80, stop timeout 60 s, hard memory limit, logs to CloudWatch', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        ReadonlyRootFilesystem: true,
        PortMappings: [{ ContainerPort: 80, Protocol: 'tcp' }],
        StopTimeout: 60,
        Memory: 1024,
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      })],
    });
  });

  test('container logs are kept 30 days and the log group is retained on delete', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const groups = template.findResources('AWS::Logs::LogGroup');
    for (const g of Object.values(groups)) {
      expect(g.DeletionPolicy).toBe('Retain');
      expect(g.Properties.RetentionInDays).toBe(30);
    }
  });

  test('target group: no stickiness, 30 s drain, fast health checks (10 s, 5 s timeout, 2/2 thresholds)', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 80,
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200-399' },
      TargetGroupAttributes: Match.arrayWith([
        { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
        { Key: 'stickiness.enabled', Value: 'false' },
      ]),
    });
    const tgs = template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup');
    for (const tg of Object.values(tgs)) {
      const attrs = tg.Properties.TargetGroupAttributes as Array<{ Key: string; Value: string }>;
      expect(attrs.filter((a) => a.Key.startsWith('stickiness') && a.Value === 'true')).toEqual([]);
    }
  });

  test('has no prop to turn stickiness or host volumes on', () => {
    // The props interface is the public contract: neither escape hatch exists.
    const props: Record<string, unknown> = { image: IMAGE, stickiness: true, volumes: [{ name: 'x', host: { sourcePath: '/data' } }] };
    const s = new StatelessService(envStack(), 'Web', props as any);
    const td = Object.values(Template.fromStack(Stack.of(s)).findResources('AWS::ECS::TaskDefinition'))[0];
    expect(td.Properties.Volumes).toBeUndefined();
    const t = Template.fromStack(Stack.of(s));
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'stickiness.enabled', Value: 'false' }]),
    });
  });

  test('load balancer: internet-facing, drops invalid headers, deletion protection, access logs to an encrypted bucket', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'idle_timeout.timeout_seconds', Value: '60' }]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'alb/Stack/Web/', ExpirationInDays: 90, Status: 'Enabled' })]) },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(service.accessLogsBucket).toBeDefined();
  });

  test('HTTP only without a certificate, with a tagged warning', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('HTTP only.*\\[ack: cdk-cloud-native-patterns:HttpOnly\\]'));
  });

  test('tasks accept traffic from the load balancer only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      SourceSecurityGroupId: Match.objectLike({ 'Fn::GetAtt': Match.arrayWith([Match.stringLikeRegexp('WebLoadBalancerSecurityGroup')]) }),
    });
  });

  test('autoscaling: min = desired (3), max = 3 x desired (9), CPU target 50 %', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 9 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
      }),
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
  });

  test('on-demand Fargate only by default', () => {
    expect(service.capacity.usesSpot).toBe(false);
    const svc = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(svc.Properties.CapacityProviderStrategy).toBeUndefined();
    template.resourceCountIs('AWS::ECS::ClusterCapacityProviderAssociations', 0);
  });

  test('exposes everything it creates', () => {
    for (const member of ['service', 'taskDefinition', 'container', 'loadBalancer', 'targetGroup', 'listener', 'cluster', 'vpc', 'logGroup', 'scaling'] as const) {
      expect(service[member]).toBeDefined();
    }
  });
});

describe('StatelessService options', () => {
  test('minHealthyTasks 5 over 3 zones needs ceil(5 x 3 / 2) = 8 tasks', () => {
    const { service, template } = build({ minHealthyTasks: 5 });
    expect(service.desiredCount).toBe(8);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 8, MaxCapacity: 24 });
  });

  test('an existing VPC is used and no VPC is created', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 2);
    const { template, service } = build({ vpc }, stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    expect(service.vpc).toBe(vpc);
    expect(service.desiredCount).toBe(4);
  });

  test('an existing cluster is used with its VPC', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const { template, service } = build({ cluster }, stack);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    expect(service.cluster).toBe(cluster);
    expect(service.vpc).toBe(vpc);
  });

  test('HTTPS with a certificate: 443 listener with a recommended TLS policy and an 80 -> 443 redirect', () => {
    const stack = envStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const { template } = build({ certificate }, stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) }],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('HTTP only'))).toHaveLength(0);
  });

  test('domainName with domainZone: DNS-validated certificate and alias record', () => {
    const stack = envStack();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    const { template, service } = build({ domainName: 'api.example.com', domainZone: zone }, stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A' });
    expect(service.certificate).toBeDefined();
  });

  test('internal load balancer accepts the VPC CIDR only', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    const { template } = build({ vpc, internetFacing: false }, stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 80, ToPort: 80 })],
    });
  });

  test('the ARC zonal shift integration is on (zonal_shift.config.enabled), and zonalShift: false leaves it unset (off)', () => {
    build().template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'zonal_shift.config.enabled', Value: 'true' }]),
    });
    const off = build({ zonalShift: false }).template;
    const lb = Object.values(off.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as { Properties: { LoadBalancerAttributes: Array<{ Key: string }> } };
    expect(lb.Properties.LoadBalancerAttributes.map((a) => a.Key)).not.toContain('zonal_shift.config.enabled');
  });

  test('deletion protection can be turned off', () => {
    const { template } = build({ loadBalancerDeletionProtection: false });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
  });

  test('requestsPerTarget adds a request-count scaling policy', () => {
    const { template } = build({ requestsPerTarget: 1000 });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 1000,
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });

  test('secrets are injected from a secret store, never as plain environment', () => {
    const stack = envStack();
    const param = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/app/db-password' });
    const { template } = build({ secrets: { DB_PASSWORD: ecs.Secret.fromSsmParameter(param) }, environment: { LOG_LEVEL: 'info' } }, stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Secrets: [Match.objectLike({ Name: 'DB_PASSWORD' })],
        Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }],
      })],
    });
  });

  test('spot: FARGATE base = minHealthyTasks (2), every task above it on FARGATE_SPOT, never spot alone', () => {
    const { template, service } = build({ capacity: ServiceCapacity.spotAboveOnDemandBase() });
    expect(service.capacity.usesSpot).toBe(true);
    expect(service.onDemandBase).toBe(2);
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 2, Weight: 0 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
    });
    const svc = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(svc.Properties.LaunchType).toBeUndefined();
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
    });
  });

  test('spot weights and the on-demand base are configurable', () => {
    const capacity = ServiceCapacity.spotAboveOnDemandBase({ spotWeight: 3, onDemandWeight: 1, onDemandBase: 4 });
    const { template, service } = build({ capacity, minHealthyTasks: 4 });
    expect(service.onDemandBase).toBe(4);
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 4, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
    });
  });

  test('on-demand only: onDemandBase is 0 and there is no capacity provider strategy', () => {
    const { template, service } = build();
    expect(service.onDemandBase).toBe(0);
    const svc = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(svc.Properties.CapacityProviderStrategy).toBeUndefined();
    expect(svc.Properties.LaunchType).toBe('FARGATE');
  });

  test('scratch paths: one task-scoped bind mount each (no host path), writable, root filesystem still read-only', () => {
    const { template, service } = build({ scratchPaths: ['/var/cache/nginx', '/var/run/'] });
    expect(service.scratchPaths).toEqual(['/var/cache/nginx', '/var/run']);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{ Name: 'scratch-1' }, { Name: 'scratch-2' }],
      ContainerDefinitions: [Match.objectLike({
        ReadonlyRootFilesystem: true,
        MountPoints: [
          { ContainerPath: '/var/cache/nginx', SourceVolume: 'scratch-1', ReadOnly: false },
          { ContainerPath: '/var/run', SourceVolume: 'scratch-2', ReadOnly: false },
        ],
      })],
    });
  });

  test('no scratch paths by default: no volumes, no mount points', () => {
    const { template } = build();
    const td = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(td.Properties.Volumes).toBeUndefined();
    expect(td.Properties.ContainerDefinitions[0].MountPoints).toBeUndefined();
  });

  test('custom drain, stop timeout, health check and log retention', () => {
    const { template } = build({
      deregistrationDelay: Duration.seconds(20),
      stopTimeout: Duration.seconds(90),
      healthCheckPath: '/healthz',
      healthCheckInterval: Duration.seconds(5),
      logRetention: 365 as any,
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '20' }]),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ StopTimeout: 90 })] });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('tokens are never rejected: a desiredCount token reaches the template as the scaling minimum', () => {
    const stack = envStack();
    const count = new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
    const { template } = build({ desiredCount: count, maxCapacity: 20 }, stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: { Ref: 'Count' }, MaxCapacity: 20 });
  });

  test('a VPC whose private subnets span one zone is rejected even when given through cluster', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 1);
    const cluster = new ecs.Cluster(stack, 'C', { vpc });
    expect(() => build({ cluster }, stack)).toThrow(/vpc: the task subnets span 1 zone.*Fix: use subnets in at least 2 zones/);
  });

  test('a VPC with isolated subnets only is accepted (egress through endpoints)', () => {
    const stack = envStack();
    const vpc = new ec2.Vpc(stack, 'Iso', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const { service } = build({ vpc }, stack);
    expect(service.zoneCount).toBe(2);
  });
});

describe('StatelessService SLOs', () => {
  test('no SLO alarms unless asked', () => {
    const { template, service } = build();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    expect(service.slos).toBeUndefined();
    const svc = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(svc.Properties.DeploymentConfiguration.Alarms).toEqual({ AlarmNames: [], Enable: false, Rollback: false });
  });

  test('an availability objective becomes burn-rate alarms, a dashboard and a deployment rollback alarm', () => {
    const stack = envStack();
    const topic = new sns.Topic(stack, 'Pager');
    const { template, service } = build({
      slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 })],
      sloPageTopic: topic,
    }, stack);
    expect(service.slos).toBeDefined();
    const alarms = service.slos!.sloAlarms;
    expect(alarms).toHaveLength(1);
    // Three windows (14.4x, 6x, 1x), each a long and a short metric alarm.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: alarms[0].deploymentAlarmName, Threshold: 0.0144 });
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Alarms: { AlarmNames: [alarms[0].deploymentAlarmName], Enable: true, Rollback: true },
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('Pager') }] });
  });
});

describe('ServiceCapacity', () => {
  test('spotAboveOnDemandBase defaults: spot weight 1, on-demand weight 0, base from the service', () => {
    const c = ServiceCapacity.spotAboveOnDemandBase();
    expect([c.usesSpot, c.spotWeight, c.onDemandWeight, c.onDemandBase]).toEqual([true, 1, 0, undefined]);
    // JavaScript and Python may pass null for the options.
    expect(ServiceCapacity.spotAboveOnDemandBase(null as any).spotWeight).toBe(1);
  });

  test('onDemand: no spot', () => {
    const c = ServiceCapacity.onDemand();
    expect([c.usesSpot, c.spotWeight, c.onDemandWeight]).toEqual([false, 0, 1]);
  });
});
