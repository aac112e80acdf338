import { CfnParameter } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ECSContainerPlainSecretsRule } from '../../../src/nag/rules/ecs/ECSContainerPlainSecrets';
import { ECSContainerWritableRootFilesystemRule } from '../../../src/nag/rules/ecs/ECSContainerWritableRootFilesystem';
import { ECSServiceCircuitBreakerRule } from '../../../src/nag/rules/ecs/ECSServiceCircuitBreaker';
import { ECSServiceSingleAZRule } from '../../../src/nag/rules/ecs/ECSServiceSingleAZ';
import { ECSServiceSingleTaskRule } from '../../../src/nag/rules/ecs/ECSServiceSingleTask';
import { ECSSpotOnlyCapacityRule } from '../../../src/nag/rules/ecs/ECSSpotOnlyCapacity';
import { ECSTaskHostVolumesRule } from '../../../src/nag/rules/ecs/ECSTaskHostVolumes';
import { expectCompliant, expectNonCompliant, expectNotApplicable, newStack, res } from '../helpers';

const SERVICE = 'AWS::ECS::Service';
const TASK = 'AWS::ECS::TaskDefinition';
const breaker = { DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } } };

describe('ECSServiceCircuitBreaker', () => {
  test('Noncompliance 1: no deployment configuration', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { DesiredCount: 2 });
    expectNonCompliant(stack, ECSServiceCircuitBreakerRule, 'Service');
  });
  test('Noncompliance 2: circuit breaker without rollback', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: false } } });
    expectNonCompliant(stack, ECSServiceCircuitBreakerRule, 'Service');
  });
  test('Noncompliance 3: deployment alarms with rollback but no alarm', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { DeploymentConfiguration: { Alarms: { Enable: true, Rollback: true, AlarmNames: [] } } });
    expectNonCompliant(stack, ECSServiceCircuitBreakerRule, 'Service');
  });
  test('Compliance: circuit breaker with rollback, or alarms with rollback, or a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Rollback');
    res(stack, 'A', SERVICE, breaker);
    res(stack, 'B', SERVICE, { DeploymentConfiguration: { Alarms: { Enable: true, Rollback: true, AlarmNames: ['slo-burn'] } } });
    res(stack, 'C', SERVICE, { DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: p.valueAsString } } });
    for (const id of ['A', 'B', 'C']) expectCompliant(stack, ECSServiceCircuitBreakerRule, id);
  });
  test('Not applicable: CodeDeploy or external controller', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { DeploymentController: { Type: 'CODE_DEPLOY' } });
    res(stack, 'Ext', SERVICE, { DeploymentController: { Type: 'EXTERNAL' } });
    expectNotApplicable(stack, ECSServiceCircuitBreakerRule);
  });
});

describe('ECSServiceSingleTask', () => {
  test('Noncompliance 1: desired count unset (CloudFormation uses 1)', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, {});
    const [f] = expectNonCompliant(stack, ECSServiceSingleTaskRule, 'Service');
    expect(f.description).toMatch(/DesiredCount unset/);
  });
  test('Noncompliance 2: desired count 1 and an autoscaling minimum of 1', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { DesiredCount: 1 });
    res(stack, 'Target', 'AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 4,
      ServiceNamespace: 'ecs',
      ResourceId: { 'Fn::Join': ['', ['service/', 'cluster', '/', { 'Fn::GetAtt': ['Service', 'Name'] }]] },
    });
    expectNonCompliant(stack, ECSServiceSingleTaskRule, 'Service');
  });
  test('Compliance: desired 2, or desired 1 raised to 2 by an autoscaling minimum (Fn::Sub), or a parameter', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Count', { type: 'Number' });
    res(stack, 'A', SERVICE, { DesiredCount: 2 });
    res(stack, 'B', SERVICE, { DesiredCount: 1 });
    res(stack, 'Target', 'AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 3, MaxCapacity: 6, ServiceNamespace: 'ecs', ResourceId: { 'Fn::Sub': 'service/c/${B.Name}' },
    });
    res(stack, 'C', SERVICE, { DesiredCount: p.valueAsNumber });
    for (const id of ['A', 'B', 'C']) expectCompliant(stack, ECSServiceSingleTaskRule, id);
  });
  test('Not applicable: daemon services', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { SchedulingStrategy: 'DAEMON' });
    expectNotApplicable(stack, ECSServiceSingleTaskRule);
  });
  test('Not applicable: the library\'s on-demand fallback twin (0 tasks by design), recognised by its tag', () => {
    const stack = newStack();
    res(stack, 'AnyName', SERVICE, { DesiredCount: 0, Tags: [{ Key: 'team', Value: 'web' }, { Key: 'cdk-cloud-native-patterns:role', Value: 'spot-fallback-twin' }] });
    expectNotApplicable(stack, ECSServiceSingleTaskRule);
  });
  test('Noncompliance 3: a service named like a twin without the tag, or with another role, is reported', () => {
    const stack = newStack();
    res(stack, 'OnDemandFallbackTwin', SERVICE, { DesiredCount: 0 });
    res(stack, 'Other', SERVICE, { DesiredCount: 0, Tags: [{ Key: 'cdk-cloud-native-patterns:role', Value: 'primary' }] });
    expectNonCompliant(stack, ECSServiceSingleTaskRule, 'OnDemandFallbackTwin', 'Other');
  });
});

describe('ECSServiceSingleAZ', () => {
  test('Noncompliance 1: one subnet', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1'] } } });
    expectNonCompliant(stack, ECSServiceSingleAZRule, 'Service');
  });
  test('Noncompliance 2: two subnets of the stack in the same zone', () => {
    const stack = newStack();
    res(stack, 'S1', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' });
    res(stack, 'S2', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' });
    res(stack, 'Service', SERVICE, { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'S1' }, { Ref: 'S2' }] } } });
    expectNonCompliant(stack, ECSServiceSingleAZRule, 'Service');
  });
  test('Compliance: subnets in two zones, or imported subnets whose zone is unknown', () => {
    const stack = newStack();
    res(stack, 'S1', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } });
    res(stack, 'S2', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } });
    res(stack, 'A', SERVICE, { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'S1' }, { Ref: 'S2' }] } } });
    res(stack, 'B', SERVICE, { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-1', 'subnet-2'] } } });
    expectCompliant(stack, ECSServiceSingleAZRule, 'A');
    expectCompliant(stack, ECSServiceSingleAZRule, 'B');
  });
  test('Not applicable: bridge-mode service', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, {});
    expectNotApplicable(stack, ECSServiceSingleAZRule);
  });
});

describe('ECSTaskHostVolumes', () => {
  test('Noncompliance 1: host bind mount (L2)', () => {
    const stack = newStack();
    const td = new ecs.Ec2TaskDefinition(stack, 'Task');
    td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), memoryLimitMiB: 256 });
    td.addVolume({ name: 'data', host: { sourcePath: '/var/data' } });
    const [f] = expectNonCompliant(stack, ECSTaskHostVolumesRule, 'Task/Resource');
    expect(f.description).toMatch(/data \(host path \/var\/data\)/);
  });
  test('Noncompliance 2: shared local Docker volume', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { Volumes: [{ Name: 'cache', DockerVolumeConfiguration: { Scope: 'shared', Autoprovision: true } }] });
    expectNonCompliant(stack, ECSTaskHostVolumesRule, 'Task');
  });
  test('Compliance: EFS, task-scoped Docker volume and ephemeral volume', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, {
      Volumes: [
        { Name: 'efs', EFSVolumeConfiguration: { FilesystemId: 'fs-1' } },
        { Name: 'scratch', DockerVolumeConfiguration: { Scope: 'task', Driver: 'local' } },
        { Name: 'tmp', Host: {} },
        { Name: 'plain' },
      ],
    });
    expectCompliant(stack, ECSTaskHostVolumesRule, 'Task');
  });
  test('Noncompliance 3: a host path next to the agent paths is still reported, by name', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { Volumes: [{ Name: 'sock', Host: { SourcePath: '/var/run/docker.sock' } }, { Name: 'uploads', Host: { SourcePath: '/var/run/uploads' } }, { Name: 'procfake', Host: { SourcePath: '/process' } }] });
    const [f] = expectNonCompliant(stack, ECSTaskHostVolumesRule, 'Task');
    expect(f.description).toMatch(/Volumes: uploads \(host path \/var\/run\/uploads\), procfake \(host path \/process\)\./);
  });
  test('Compliance: the host runtime paths monitoring agents read (docker.sock, /proc, /sys, /sys/fs/cgroup)', () => {
    const stack = newStack();
    res(stack, 'Agent', TASK, {
      Volumes: [
        { Name: 'docker_sock', Host: { SourcePath: '/var/run/docker.sock' } },
        { Name: 'proc', Host: { SourcePath: '/proc/' } },
        { Name: 'sys', Host: { SourcePath: '/sys' } },
        { Name: 'cgroup', Host: { SourcePath: '/sys/fs/cgroup/' } },
      ],
    });
    expectCompliant(stack, ECSTaskHostVolumesRule, 'Agent');
  });
  test('Compliance: a host path known only at deploy time is not reported', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'HostPath');
    res(stack, 'Task', TASK, { Volumes: [{ Name: 'data', Host: { SourcePath: p.valueAsString } }] });
    expectCompliant(stack, ECSTaskHostVolumesRule, 'Task');
  });
  test('Not applicable: not a task definition', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, {});
    expectNotApplicable(stack, ECSTaskHostVolumesRule);
  });
});

describe('ECSContainerWritableRootFilesystem', () => {
  test('Noncompliance 1: root filesystem writable by default', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { ContainerDefinitions: [{ Name: 'app', Image: 'nginx' }, { Name: 'sidecar', Image: 'x', ReadonlyRootFilesystem: true }] });
    const [f] = expectNonCompliant(stack, ECSContainerWritableRootFilesystemRule, 'Task');
    expect(f.severity).toBe('warning');
    expect(f.description).toMatch(/Containers: app\.$/);
  });
  test('Noncompliance 2: explicitly writable', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { ContainerDefinitions: [{ Name: 'app', Image: 'nginx', ReadonlyRootFilesystem: 'false' }] });
    expectNonCompliant(stack, ECSContainerWritableRootFilesystemRule, 'Task');
  });
  test('Compliance: read-only root filesystem', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { ContainerDefinitions: [{ Name: 'app', Image: 'nginx', ReadonlyRootFilesystem: true }] });
    expectCompliant(stack, ECSContainerWritableRootFilesystemRule, 'Task');
  });
  test('Not applicable: Windows task definitions', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { RuntimePlatform: { OperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' }, ContainerDefinitions: [{ Name: 'app', Image: 'iis' }] });
    expectNotApplicable(stack, ECSContainerWritableRootFilesystemRule);
  });
});

describe('ECSContainerPlainSecrets', () => {
  test('Noncompliance 1: secret-looking names in plain environment (L2)', () => {
    const stack = newStack();
    const td = new ecs.FargateTaskDefinition(stack, 'Task');
    td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), environment: { DB_PASSWORD: 'x', stripeApiKey: 'y', LOG_LEVEL: 'info' } });
    const [f] = expectNonCompliant(stack, ECSContainerPlainSecretsRule, 'Task/Resource');
    expect(f.description).toMatch(/app: DB_PASSWORD, stripeApiKey\./);
  });
  test('Noncompliance 2: a token whose value comes from a dynamic reference is still plain in the task definition', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, { ContainerDefinitions: [{ Name: 'app', Image: 'nginx', Environment: [{ Name: 'GITHUB_TOKEN', Value: '{{resolve:secretsmanager:gh}}' }] }] });
    expectNonCompliant(stack, ECSContainerPlainSecretsRule, 'Task');
  });
  test('Noncompliance 3: the common names (SECRET_KEY_BASE, PGPASSWORD, DB_PASS) and a URL with a password in its value', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, {
      ContainerDefinitions: [{
        Name: 'app',
        Image: 'rails',
        Environment: [
          { Name: 'SECRET_KEY_BASE', Value: 'x' }, { Name: 'PGPASSWORD', Value: 'y' }, { Name: 'DB_PASS', Value: 'z' },
          { Name: 'DATABASE_URL', Value: 'postgres://app:hunter2@db.internal/app' }, { Name: 'PUBLIC_URL', Value: 'https://app.example.com' },
        ],
      }],
    });
    const [f] = expectNonCompliant(stack, ECSContainerPlainSecretsRule, 'Task');
    expect(f.description).toMatch(/app: DATABASE_URL \(credentials in the value\), DB_PASS, PGPASSWORD, SECRET_KEY_BASE\./);
  });
  test('Compliance: a URL without a password, a placeholder, and a value known only at deploy time', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'DbUrl');
    res(stack, 'Task', TASK, {
      ContainerDefinitions: [{
        Name: 'app',
        Image: 'nginx',
        Environment: [
          { Name: 'API_URL', Value: 'https://svc@api.example.com:8443/v1' }, { Name: 'DATABASE_URL', Value: 'postgres://app:${DB_PASSWORD}@db/app' },
          { Name: 'UPSTREAM', Value: p.valueAsString }, { Name: 'PASSWORD_MIN_LENGTH', Value: '12' },
        ],
      }],
    });
    expectCompliant(stack, ECSContainerPlainSecretsRule, 'Task');
  });
  test('Compliance: names that point at a secret, and secrets passed with Secrets', () => {
    const stack = newStack();
    res(stack, 'Task', TASK, {
      ContainerDefinitions: [{
        Name: 'app',
        Image: 'nginx',
        Environment: [{ Name: 'DB_SECRET_ARN', Value: 'arn' }, { Name: 'PASSWORD_FILE', Value: '/run/p' }],
        Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: 'arn:aws:secretsmanager:us-east-1:1:secret:db' }],
      }],
    });
    expectCompliant(stack, ECSContainerPlainSecretsRule, 'Task');
  });
  test('Not applicable: not a task definition', () => {
    const stack = newStack();
    res(stack, 'Bucket', 'AWS::S3::Bucket');
    expectNotApplicable(stack, ECSContainerPlainSecretsRule);
  });
});

describe('ECSSpotOnlyCapacity', () => {
  test('Noncompliance 1: service on FARGATE_SPOT only (FARGATE with weight 0 and no base)', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }, { CapacityProvider: 'FARGATE', Weight: 0 }] });
    expectNonCompliant(stack, ECSSpotOnlyCapacityRule, 'Service');
  });
  test('Noncompliance 2: cluster default strategy on an ASG provider whose group is spot only', () => {
    const stack = newStack();
    res(stack, 'Asg', 'AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '0',
      MaxSize: '4',
      MixedInstancesPolicy: { InstancesDistribution: { OnDemandPercentageAboveBaseCapacity: 0 }, LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-1', Version: '1' } } },
    });
    res(stack, 'Provider', 'AWS::ECS::CapacityProvider', { AutoScalingGroupProvider: { AutoScalingGroupArn: { Ref: 'Asg' } } });
    res(stack, 'Assoc', 'AWS::ECS::ClusterCapacityProviderAssociations', {
      Cluster: 'c',
      CapacityProviders: [{ Ref: 'Provider' }],
      DefaultCapacityProviderStrategy: [{ CapacityProvider: { Ref: 'Provider' }, Weight: 1 }],
    });
    res(stack, 'Service', SERVICE, { Cluster: 'c' });
    const [f] = expectNonCompliant(stack, ECSSpotOnlyCapacityRule, 'Assoc');
    expect(f.description).toMatch(/Services using this default: Service\./);
  });
  test('Noncompliance 3: cluster default FARGATE_SPOT only, used by a service with neither launch type nor strategy', () => {
    const stack = newStack();
    res(stack, 'Cluster', 'AWS::ECS::Cluster', { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'], DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
    res(stack, 'Pinned', SERVICE, { Cluster: { Ref: 'Cluster' }, LaunchType: 'FARGATE' });
    res(stack, 'Defaulted', SERVICE, { Cluster: { Ref: 'Cluster' } });
    const [f] = expectNonCompliant(stack, ECSSpotOnlyCapacityRule, 'Cluster');
    expect(f.description).toMatch(/Services using this default: Defaulted\./);
  });
  test('Compliance: on-demand base with spot above it, and unknown providers', () => {
    const stack = newStack();
    res(stack, 'A', SERVICE, { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }] });
    res(stack, 'B', SERVICE, { CapacityProviderStrategy: [{ CapacityProvider: 'my-provider', Weight: 1 }] });
    expectCompliant(stack, ECSSpotOnlyCapacityRule, 'A');
    expectCompliant(stack, ECSSpotOnlyCapacityRule, 'B');
  });
  test('Not applicable: launch type services', () => {
    const stack = newStack();
    res(stack, 'Service', SERVICE, { LaunchType: 'FARGATE' });
    expectNotApplicable(stack, ECSSpotOnlyCapacityRule);
  });
  test('Not applicable: a FARGATE_SPOT-only cluster default that no service of the template uses (launch type, or a cluster known only at deploy time)', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'ClusterName');
    res(stack, 'Cluster', 'AWS::ECS::Cluster', { DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
    res(stack, 'Pinned', SERVICE, { Cluster: { Ref: 'Cluster' }, LaunchType: 'FARGATE' });
    res(stack, 'Elsewhere', SERVICE, { Cluster: p.valueAsString });
    expectNotApplicable(stack, ECSSpotOnlyCapacityRule);
  });
});
