import { App, Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PriceTable, Profiles } from '../../src/report';
import { SpotFleetWithFallback, SpotFleetWithFallbackProps } from '../../src/spot-fleet';
import { checkedApp, regionalStack, ruleIds, synthFindings } from '../helpers/nag';

const DEFAULT_TYPES = [
  'c7i.large', 'c6i.large', 'c6a.large', 'c5a.large', 'c5.large',
  'm7i.large', 'm7a.large', 'm6i.large', 'm6a.large', 'm5.large', 'm5a.large',
];

function vpcIn(stack: Stack, maxAzs = 2): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs });
}

function fleet(props: Partial<SpotFleetWithFallbackProps> = {}, opts: { cluster?: boolean; maxAzs?: number } = {}) {
  const app = new App();
  const stack = regionalStack(app);
  const vpc = vpcIn(stack, opts.maxAzs);
  const cluster = opts.cluster ? new ecs.Cluster(stack, 'Cluster', { vpc }) : undefined;
  const f = new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster, ...props });
  return { app, stack, vpc, fleet: f, template: Template.fromStack(stack) };
}

function build(props: Partial<SpotFleetWithFallbackProps>, opts: { maxAzs?: number; subnets?: ec2.SubnetSelection } = {}) {
  const stack = regionalStack(new App());
  const vpc = vpcIn(stack, opts.maxAzs);
  return () => new SpotFleetWithFallback(stack, 'Fleet', { vpc, vpcSubnets: opts.subnets, ...props });
}

describe('mixed instances policy', () => {
  test('is stated exactly: 11 types from 11 families, price-capacity-optimized, base 1, 0 % on-demand above it, rebalancing on', () => {
    const { template, fleet: f } = fleet();
    expect(f.instanceTypeNames).toEqual(DEFAULT_TYPES);
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      CapacityRebalance: true,
      MinSize: '2',
      MaxSize: '10',
      MixedInstancesPolicy: {
        InstancesDistribution: {
          OnDemandAllocationStrategy: 'lowest-price',
          OnDemandBaseCapacity: 1,
          OnDemandPercentageAboveBaseCapacity: 0,
          SpotAllocationStrategy: 'price-capacity-optimized',
        },
        LaunchTemplate: {
          LaunchTemplateSpecification: Match.objectLike({ LaunchTemplateId: Match.anyValue() }),
          Overrides: DEFAULT_TYPES.map((t) => ({ InstanceType: t })),
        },
      },
    });
  });

  test('spreads over the two private subnets of a 2-zone VPC', () => {
    const { template, fleet: f } = fleet();
    expect(f.zoneCount).toBe(2);
    const asg = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
    expect(asg.Properties.VPCZoneIdentifier).toHaveLength(2);
  });

  test('vcpus and memoryMiB choose the size', () => {
    const { fleet: f } = fleet({ vcpus: 4, memoryMiB: 16384 });
    // 4 vCPUs with 16-32 GiB: the m (16 GiB) and r (32 GiB) xlarge types.
    expect(f.instanceTypeNames).toEqual([
      'm7i.xlarge', 'm7a.xlarge', 'm6i.xlarge', 'm6a.xlarge', 'm5.xlarge', 'm5a.xlarge',
      'r7i.xlarge', 'r6i.xlarge', 'r6a.xlarge', 'r5.xlarge', 'r5a.xlarge',
    ]);
  });

  test('ARM64 chooses Graviton types and the ARM AMI', () => {
    const { fleet: f, template } = fleet({ cpuArchitecture: ec2.InstanceArchitecture.ARM_64 });
    expect(f.instanceTypeNames).toEqual(['c8g.large', 'c7g.large', 'c6g.large', 'c6gn.large', 'm8g.large', 'm7g.large', 'm6g.large']);
    const params = Object.keys(template.toJSON().Parameters ?? {});
    expect(params.some((p) => /arm64/i.test(p))).toBe(true);
  });

  test('an explicit list of instance types is used as given', () => {
    const types = ['m6i.large', 'm5.large', 'c6i.large', 'c5.large', 'r6i.large', 'r5.large'];
    const { template } = fleet({ instanceTypes: types.map((t) => new ec2.InstanceType(t)) });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MixedInstancesPolicy: { LaunchTemplate: { Overrides: types.map((t) => ({ InstanceType: t })) } },
    });
  });

  test('on-demand base and percentage are passed through', () => {
    const { template } = fleet({ onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 25, minCapacity: 3, maxCapacity: 12 });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '3',
      MaxSize: '12',
      MixedInstancesPolicy: { InstancesDistribution: Match.objectLike({ OnDemandBaseCapacity: 2, OnDemandPercentageAboveBaseCapacity: 25 }) },
    });
  });
});

describe('launch template and instance role', () => {
  test('IMDSv2 required, encrypted gp3 root volume, no public IP', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }),
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 30, DeleteOnTermination: true } }],
        NetworkInterfaces: [Match.objectLike({ AssociatePublicIpAddress: false, DeviceIndex: 0 })],
        IamInstanceProfile: Match.anyValue(),
      }),
    });
  });

  test('associatePublicIpAddress: true gives public IPs', () => {
    const { template } = fleet({ associatePublicIpAddress: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ NetworkInterfaces: [Match.objectLike({ AssociatePublicIpAddress: true })] }),
    });
  });

  test('the instance role has no managed policy; without ECS it may only complete its own lifecycle hook', () => {
    const { template } = fleet();
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] } },
    });
    expect(Object.values(roles)).toHaveLength(1);
    expect(Object.values(roles)[0].Properties.ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('FleetLifecycleHookPolicy'),
      PolicyDocument: {
        Statement: [{
          Action: ['autoscaling:CompleteLifecycleAction', 'autoscaling:RecordLifecycleActionHeartbeat'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':autoScalingGroup:\\*:autoScalingGroupName/')])] },
        }],
      },
    });
  });

  test('Auto Scaling notifications go to the topic, for every scaling event', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      NotificationConfigurations: [{
        TopicARN: Match.anyValue(),
        NotificationTypes: [
          'autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR',
          'autoscaling:EC2_INSTANCE_TERMINATE', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR',
        ],
      }],
    });
  });
});

describe('draining without ECS', () => {
  test('a termination lifecycle hook holds instances for 110 s, then continues', () => {
    const { template } = fleet();
    template.resourceCountIs('AWS::AutoScaling::LifecycleHook', 1);
    template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', {
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
      HeartbeatTimeout: 110,
      DefaultResult: 'CONTINUE',
    });
  });

  test('interruption notices and rebalance recommendations invoke the drain handler, within 2 minutes', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ec2'],
        'detail-type': ['EC2 Spot Instance Interruption Warning', 'EC2 Instance Rebalance Recommendation'],
      },
      Targets: [Match.objectLike({ RetryPolicy: { MaximumEventAgeInSeconds: 120, MaximumRetryAttempts: 3 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Drains spot fleet'),
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ GROUP_NAME: { Ref: Match.stringLikeRegexp('FleetGroupASG') }, CLUSTER_NAME: '' }) },
    });
  });

  test('the drain handler may terminate instances of this group only', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('FleetDrainRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'autoscaling:TerminateInstanceInAutoScalingGroup', Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }),
        ]),
      },
    });
  });

  test('drainTimeout sets the hook', () => {
    const { template } = fleet({ drainTimeout: Duration.minutes(10) });
    template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', { HeartbeatTimeout: 600 });
  });
});

describe('as an ECS capacity provider', () => {
  test('managed scaling, managed termination protection and managed draining', () => {
    const { template, fleet: f } = fleet({}, { cluster: true });
    expect(f.capacityProvider).toBeDefined();
    template.hasResourceProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: Match.objectLike({
        ManagedDraining: 'ENABLED',
        ManagedTerminationProtection: 'ENABLED',
        ManagedScaling: Match.objectLike({ Status: 'ENABLED', TargetCapacity: 100 }),
      }),
    });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { NewInstancesProtectedFromScaleIn: true });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: [{ Ref: Match.stringLikeRegexp('FleetCapacityProvider') }],
    });
    // ECS drains on termination: no lifecycle hook of our own.
    template.resourceCountIs('AWS::AutoScaling::LifecycleHook', 0);
  });

  test('the agent drains on the spot notice and stops containers within 90 s', () => {
    const { stack } = fleet({}, { cluster: true });
    const lt = Object.values(Template.fromStack(stack).findResources('AWS::EC2::LaunchTemplate'))[0];
    const userData = JSON.stringify(stack.resolve(lt.Properties.LaunchTemplateData.UserData));
    expect(userData).toContain('ECS_ENABLE_SPOT_INSTANCE_DRAINING=true');
    expect(userData).toContain('ECS_CONTAINER_STOP_TIMEOUT=90s');
    expect(userData).toContain('ECS_AWSVPC_BLOCK_IMDS=true');
  });

  test('ECS-optimized Amazon Linux 2023 AMI', () => {
    const { template } = fleet({}, { cluster: true });
    const params = Object.values(template.toJSON().Parameters ?? {}) as Array<{ Default?: string }>;
    expect(params.map((p) => p.Default)).toContain('/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id');
  });

  test('the drain handler drains container instances of this cluster only', () => {
    const { template } = fleet({}, { cluster: true });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Drains spot fleet'),
      Environment: { Variables: Match.objectLike({ CLUSTER_NAME: { Ref: Match.stringLikeRegexp('Cluster') } }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('FleetDrainRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ecs:DescribeContainerInstances', 'ecs:UpdateContainerInstancesState'],
            Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  test('containerStopTimeout sets the agent stop timeout', () => {
    const { stack } = fleet({ containerStopTimeout: Duration.seconds(45) }, { cluster: true });
    const lt = Object.values(Template.fromStack(stack).findResources('AWS::EC2::LaunchTemplate'))[0];
    expect(JSON.stringify(stack.resolve(lt.Properties.LaunchTemplateData.UserData))).toContain('ECS_CONTAINER_STOP_TIMEOUT=45s');
  });
});

describe('spot fallback', () => {
  test('launch failures of this group and a one-minute check invoke the controller', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.autoscaling'],
        'detail-type': ['EC2 Instance Launch Unsuccessful'],
        'detail': { AutoScalingGroupName: [{ Ref: Match.stringLikeRegexp('FleetGroupASG') }] },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  test('the controller knows the configured percentage and hands back after 15 minutes', () => {
    const { template } = fleet({ onDemandPercentageAboveBaseCapacity: 20 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Moves the spot fleet'),
      Environment: {
        Variables: Match.objectLike({
          ON_DEMAND_PERCENTAGE: '20',
          HAND_BACK_AFTER_SECONDS: '900',
          METRIC_NAMESPACE: 'CloudNativePatterns/SpotFleet',
        }),
      },
    });
  });

  test('the controller may change this group only, and publish to one namespace', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('FleetFallbackRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
            Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
          }),
          Match.objectLike({ Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'CloudNativePatterns/SpotFleet' } } }),
        ]),
      },
    });
  });

  test('an alarm is raised while in fallback, and notifies the topic', () => {
    const { template } = fleet();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SpotFallbackActive',
      Namespace: 'CloudNativePatterns/SpotFleet',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('FleetNotifications') }],
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: { Ref: Match.stringLikeRegexp('FleetGroupASG') } }],
    });
  });

  test('handler logs are kept a month', () => {
    const { template } = fleet();
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: logs.RetentionDays.ONE_MONTH }, 2);
  });
});

describe('bad input', () => {
  test('fewer than 2 zones', () => {
    expect(build({}, { maxAzs: 1 })).toThrow(/vpc: the instance subnets span 1 zone.*Fix: select subnets in at least 2 zones/);
  });

  test('fewer than 3 instance types', () => {
    expect(build({ instanceTypes: [new ec2.InstanceType('m6i.large'), new ec2.InstanceType('c6i.large')] }))
      .toThrow(/instanceTypes: has 2 types.*Fix: list at least 3 types/);
  });

  test('unknown instance types', () => {
    expect(build({ instanceTypes: ['m6i.large', 'c6i.large', 'x9z.huge'].map((t) => new ec2.InstanceType(t)) }))
      .toThrow(/instanceTypes: x9z.huge is not in the catalog.*Fix: use types such as/);
  });

  test('a type listed twice', () => {
    expect(build({ instanceTypes: ['m6i.large', 'm6i.large', 'c6i.large', 'c5.large'].map((t) => new ec2.InstanceType(t)) }))
      .toThrow(/instanceTypes: lists m6i.large more than once/);
  });

  test('ARM and x86 types mixed with one AMI', () => {
    expect(build({ instanceTypes: ['m6i.large', 'c6i.large', 'm7g.large'].map((t) => new ec2.InstanceType(t)) }))
      .toThrow(/instanceTypes: mixes ARM \(m7g.large\) and x86 \(m6i.large, c6i.large\) types, but one launch template has one AMI/);
  });

  test('types of the other architecture than cpuArchitecture', () => {
    expect(build({ instanceTypes: ['m7g.large', 'c7g.large', 'r7g.large'].map((t) => new ec2.InstanceType(t)) }))
      .toThrow(/instanceTypes and cpuArchitecture: the types are ARM but cpuArchitecture is x86_64.*Fix: set cpuArchitecture to ec2.InstanceArchitecture.ARM_64/);
  });

  test('ARM types with an x86_64 Amazon Linux image: the image\'s architecture is read from its SSM parameter', () => {
    expect(build({
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      instanceTypes: ['m7g.large', 'c7g.large', 'r7g.large'].map((t) => new ec2.InstanceType(t)),
    })).toThrow(/machineImage and instanceTypes: the machine image is x86_64 \(SSM parameter \/aws\/service\/ami-amazon-linux-latest\/al2023-ami-kernel-6.1-x86_64\) but m7g.large, c7g.large, r7g.large are arm64, so every launch of them would fail.*Fix: use an arm64 image/);
  });

  test('an ARM64 image with the default (x86_64) types names the props and the fix', () => {
    expect(build({ machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }) }))
      .toThrow(/machineImage and cpuArchitecture: the machine image is arm64 \(SSM parameter .*arm64\) but c7i.large, .* are x86_64, so every launch of them would fail.*Fix: set cpuArchitecture to ec2.InstanceArchitecture.ARM_64/);
  });

  test('an ECS-optimized ARM64 image with x86 types', () => {
    expect(build({
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.ARM),
      instanceTypes: ['m6i.large', 'c6i.large', 'r6i.large'].map((t) => new ec2.InstanceType(t)),
    })).toThrow(/machineImage and instanceTypes: the machine image is arm64 \(SSM parameter \/aws\/service\/ecs\/optimized-ami\/amazon-linux-2023\/arm64\/recommended\/image_id\) but m6i.large, c6i.large, r6i.large are x86_64/);
  });

  test('an ARM64 image with ARM64 types is fine', () => {
    expect(build({
      cpuArchitecture: ec2.InstanceArchitecture.ARM_64,
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    })).not.toThrow();
  });

  test('an image of unknown architecture is taken to be cpuArchitecture', () => {
    expect(build({
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }),
      instanceTypes: ['m7g.large', 'c7g.large', 'r7g.large'].map((t) => new ec2.InstanceType(t)),
    })).toThrow(/instanceTypes and cpuArchitecture: m7g.large, c7g.large, r7g.large are not x86_64 like the machine image/);
  });

  test.each([
    [Size.gibibytes(0), /rootVolumeSize: is 0 gibibytes, outside the allowed range between 1 and 16384 gibibytes.*Fix: set rootVolumeSize between 1 and 16384 gibibytes/],
    [Size.mebibytes(1536), /rootVolumeSize: is 1536 MiB, not a whole number of gibibytes.*Fix: set rootVolumeSize to Size.gibibytes\(2\)/],
    [Size.tebibytes(20), /rootVolumeSize: is 20480 gibibytes, outside the allowed range between 1 and 16384/],
  ])('root volume %p', (size, message) => {
    expect(build({ rootVolumeSize: size })).toThrow(message);
  });

  test('a root volume size from JavaScript that is not a Size', () => {
    expect(build({ rootVolumeSize: 30 as any })).toThrow(/rootVolumeSize: must be a Size, got 30.*Fix: set rootVolumeSize with Size.gibibytes/);
  });

  test('no vpc (a required prop missing from JavaScript or Python) is the library\'s error, not a TypeError', () => {
    const stack = regionalStack(new App());
    expect(() => new SpotFleetWithFallback(stack, 'Fleet', {} as any)).toThrow(/\[Stack\/Fleet\] vpc: is required but was not given.*Fix: pass the VPC the instances run in/);
    expect(() => new SpotFleetWithFallback(stack, 'Fleet2', undefined as any)).toThrow(/vpc: is required but was not given/);
    expect(() => new SpotFleetWithFallback(stack, 'Fleet3', { vpc: 'vpc-123' } as any)).toThrow(/vpc: is 'vpc-123', not the expected object.*Fix: pass an ec2.IVpc/);
  });

  test('unknown enum-like strings and wrong kinds of value from JavaScript, all reported together', () => {
    const stack = regionalStack(new App());
    const vpc = vpcIn(stack);
    const js: any = {
      vpc,
      cpuArchitecture: 'ARM',
      cluster: 'my-cluster',
      machineImage: 'ami-123',
      notificationsTopic: 'arn:aws:sns:us-east-1:123456789012:t',
      containerStopTimeout: 90,
      handBackAfter: Duration.seconds(400.5),
      workloadName: '',
    };
    expect(() => new SpotFleetWithFallback(stack, 'Fleet', js)).toThrow(new RegExp([
      '7 problems',
      "cluster: is 'my-cluster', not the expected object.*Fix: pass an ecs.Cluster",
      "machineImage: is 'ami-123', not the expected object.*Fix: pass an ec2.IMachineImage",
      "notificationsTopic: is 'arn:aws:sns:us-east-1:123456789012:t', not the expected object",
      "cpuArchitecture: is 'ARM', not one of the allowed values.*Fix: set cpuArchitecture to one of: ec2.InstanceArchitecture.X86_64, ec2.InstanceArchitecture.ARM_64",
      'workloadName: is an empty string',
      'containerStopTimeout: must be a Duration, got 90',
      'handBackAfter: is 6 minutes 40 seconds[^,]*, not a whole number of seconds.*Fix: set handBackAfter to Duration.seconds\\(401\\)',
    ].join('[\\s\\S]*')));
  });

  test('a VPC without the subnets selected is the library\'s error, not aws-cdk-lib\'s', () => {
    const stack = regionalStack(new App());
    const vpc = new ec2.Vpc(stack, 'PublicOnly', { maxAzs: 2, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new SpotFleetWithFallback(stack, 'Fleet', { vpc }))
      .toThrow(/\[Stack\/Fleet\] vpc: selects no subnets for the instances \(.*\).*Fix: use a VPC with private subnets with egress \(EgressAwareVpc has them\), or pass vpcSubnets/);
  });

  test('userDataCommands that is not a list of strings (JavaScript)', () => {
    expect(build({ userDataCommands: 'echo hi' as any })).toThrow(/userDataCommands: is 'echo hi', not a list of commands/);
  });

  test('the VPC checks are reported with the other problems', () => {
    expect(build({ minCapacity: 5, maxCapacity: 4 }, { maxAzs: 1 }))
      .toThrow(/2 problems[\s\S]*minCapacity and maxCapacity[\s\S]*vpc: the instance subnets span 1 zone/);
  });

  test('instance types outside the catalog (GPU families) without a stated price', () => {
    expect(build({ instanceTypes: ['g5.xlarge', 'g6.xlarge', 'g4dn.xlarge'].map((t) => new ec2.InstanceType(t)) }))
      .toThrow(/instanceTypes: g5.xlarge, g6.xlarge, g4dn.xlarge are not in the catalog .* so the report has no price for them.*Fix: .*for types outside the catalog \(GPU families such as g5 or p4d\) state their on-demand hourly price in reportAssumptions.onDemandHourlyUsd/);
  });

  test('a malformed instance type name', () => {
    expect(build({ instanceTypes: ['m6i.large', 'c6i.large', 'large'].map((t) => new ec2.InstanceType(t)) }))
      .toThrow(/instanceTypes: has 'large', not an instance type name/);
  });

  test('on-demand base above max capacity', () => {
    expect(build({ onDemandBaseCapacity: 12, maxCapacity: 10 }))
      .toThrow(/onDemandBaseCapacity: 12 is above maxCapacity 10.*Fix: set onDemandBaseCapacity to at most 10/);
  });

  test('min above max', () => {
    expect(build({ minCapacity: 5, maxCapacity: 4 })).toThrow(/minCapacity and maxCapacity: minCapacity 5 is above maxCapacity 4/);
  });

  test.each([-1, 101, 50.5])('on-demand percentage %p outside 0-100', (pct) => {
    expect(build({ onDemandPercentageAboveBaseCapacity: pct })).toThrow(/onDemandPercentageAboveBaseCapacity: /);
  });

  test('spot-only with no floor', () => {
    expect(build({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 }))
      .toThrow(/onDemandBaseCapacity and onDemandPercentageAboveBaseCapacity: are both 0: a spot-only fleet has no on-demand floor.*Fix: set onDemandBaseCapacity to at least 1/);
  });

  test('a base of 0 with an on-demand share above it is allowed', () => {
    expect(build({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 20 })).not.toThrow();
  });

  test('stop timeout over 120 s with spot', () => {
    expect(build({ containerStopTimeout: Duration.seconds(150) }))
      .toThrow(/containerStopTimeout: is 150 s, but a spot instance is reclaimed 120 s after its interruption notice.*Fix: set containerStopTimeout to at most 120 seconds/);
  });

  test('drain timeout outside what a lifecycle hook accepts', () => {
    expect(build({ drainTimeout: Duration.seconds(10) })).toThrow(/drainTimeout: is 10 s; a lifecycle hook holds an instance for 30-7200 s/);
  });

  test('hand-back sooner than 5 minutes', () => {
    expect(build({ handBackAfter: Duration.minutes(1) })).toThrow(/handBackAfter: is 60 s.*Fix: set handBackAfter to at least 5 minutes/);
  });

  test('a size the catalog cannot diversify', () => {
    expect(build({ vcpus: 3 })).toThrow(/vcpus and memoryMiB: 3 vCPUs with 4096-8192 MiB match 0 x86 types \(none\).*Fix: use vcpus 2, 4, 8, 16, 32/);
  });

  test('public subnets without public IPs', () => {
    expect(build({}, { subnets: { subnetType: ec2.SubnetType.PUBLIC } }))
      .toThrow(/vpcSubnets: selects public subnets but associatePublicIpAddress is false/);
  });

  test('several problems are reported together', () => {
    expect(build({ minCapacity: 5, maxCapacity: 4, onDemandPercentageAboveBaseCapacity: 120 }))
      .toThrow(/2 problems with the props/);
  });
});

describe('instance types outside the catalog', () => {
  const gpu = ['g5.xlarge', 'g6.xlarge', 'g4dn.xlarge', 'p4d.24xlarge'];

  test('are used with a stated price, and the report prices them with it', () => {
    const { template, fleet: f } = fleet({
      instanceTypes: gpu.map((t) => new ec2.InstanceType(t)),
      reportAssumptions: { onDemandHourlyUsd: 1.006 },
    });
    expect(f.instanceTypeNames).toEqual(gpu);
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MixedInstancesPolicy: { LaunchTemplate: { Overrides: gpu.map((t) => ({ InstanceType: t })) } },
    });
    const table = PriceTable.forRegion('us-east-1');
    expect(Profiles.of(f)!.costDrivers.map((d) => table.price(d).arithmetic)[0])
      .toBe('1 on-demand instance (base 1 + ceil((2 - 1) x 0 %) = 1 of 2 running (minCapacity; set reportAssumptions.averageInstances)) x 730 h x $1.006/h (reportAssumptions.onDemandHourlyUsd) = $734.38');
  });

  test('their architecture counts: Graviton GPU types (g5g) with the x86 default', () => {
    expect(build({ instanceTypes: ['g5g.xlarge', 'g5g.2xlarge', 'g5g.4xlarge'].map((t) => new ec2.InstanceType(t)), reportAssumptions: { onDemandHourlyUsd: 0.42 } }))
      .toThrow(/instanceTypes and cpuArchitecture: the types are ARM but cpuArchitecture is x86_64/);
  });

  test('fewer than 3 families is still a FewSpotPools warning', () => {
    const { stack } = fleet({ instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g6.xlarge'].map((t) => new ec2.InstanceType(t)), reportAssumptions: { onDemandHourlyUsd: 1 } });
    Annotations.fromStack(stack).hasWarning('/Stack/Fleet', Match.stringLikeRegexp('instanceTypes has 3 types from 2 families'));
  });
});

describe('notifications topic', () => {
  test('the user\'s topic gets the Auto Scaling notifications and the fallback alarm; no topic is created', () => {
    const app = new App();
    const stack = regionalStack(app);
    const topic = new sns.Topic(stack, 'OnCall');
    const f = new SpotFleetWithFallback(stack, 'Fleet', { vpc: vpcIn(stack), notificationsTopic: topic });
    const template = Template.fromStack(stack);
    expect(f.notificationsTopic).toBe(topic);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SpotFallbackActive', AlarmActions: [{ Ref: Match.stringLikeRegexp('^OnCall') }] });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { NotificationConfigurations: [Match.objectLike({ TopicARN: { Ref: Match.stringLikeRegexp('^OnCall') } })] });
  });

  test('an imported topic works too', () => {
    const stack = regionalStack(new App());
    const topic = sns.Topic.fromTopicArn(stack, 'Imported', 'arn:aws:sns:us-east-1:123456789012:on-call');
    new SpotFleetWithFallback(stack, 'Fleet', { vpc: vpcIn(stack), notificationsTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:us-east-1:123456789012:on-call'] });
  });

  test('without one, the fleet creates a topic with SSL enforced', () => {
    const { template, fleet: f } = fleet();
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(f.notificationsTopic).toBeInstanceOf(sns.Topic);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });
});

describe('returning capacity to spot after the hand-back (ECS)', () => {
  test('the controller knows the cluster and the base, and may drain only this cluster\'s container instances', () => {
    const { template } = fleet({ onDemandBaseCapacity: 2, minCapacity: 2 }, { cluster: true });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Moves the spot fleet'),
      Environment: { Variables: Match.objectLike({ CLUSTER_NAME: { Ref: Match.stringLikeRegexp('^Cluster') }, ON_DEMAND_BASE: '2' }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('FleetFallbackRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ecs:ListContainerInstances', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'Arn'] } }),
          Match.objectLike({
            Action: ['ecs:DescribeContainerInstances', 'ecs:UpdateContainerInstancesState'],
            Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  test('each instance registers its purchase option (from instance metadata, with an IMDSv2 token) as an ECS attribute', () => {
    const { stack } = fleet({}, { cluster: true });
    const lt = Object.values(Template.fromStack(stack).findResources('AWS::EC2::LaunchTemplate'))[0];
    const userData = JSON.stringify(stack.resolve(lt.Properties.LaunchTemplateData.UserData));
    expect(userData).toContain('curl -sX PUT http://169.254.169.254/latest/api/token');
    expect(userData).toContain('http://169.254.169.254/latest/meta-data/instance-life-cycle');
    expect(userData).toContain('PURCHASE_OPTION=${PURCHASE_OPTION:-unknown}');
    expect(userData).toContain('ECS_INSTANCE_ATTRIBUTES={\\\\\\"cloud-native-patterns.purchase-option\\\\\\":\\\\\\"$PURCHASE_OPTION\\\\\\"}');
  });

  test('without ECS the controller has no cluster and no ECS permission', () => {
    const { template } = fleet();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Moves the spot fleet'),
      Environment: { Variables: Match.objectLike({ CLUSTER_NAME: '', ON_DEMAND_BASE: '1' }) },
    });
    const policy = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('FleetFallbackRoleDefaultPolicy') } }))[0];
    expect(JSON.stringify(policy)).not.toContain('ecs:');
  });
});

describe('warnings', () => {
  test('fewer than 6 types or 3 families', () => {
    const { stack } = fleet({ instanceTypes: ['m6i.large', 'm5.large', 'm6a.large'].map((t) => new ec2.InstanceType(t)) });
    Annotations.fromStack(stack).hasWarning('/Stack/Fleet', Match.stringLikeRegexp('instanceTypes has 3 types from 3 families'));
    Annotations.fromStack(stack).hasWarning('/Stack/Fleet', Match.stringLikeRegexp('cdk-cloud-native-patterns:FewSpotPools'));
  });

  test('min capacity below the on-demand base', () => {
    const { stack } = fleet({ minCapacity: 0, onDemandBaseCapacity: 1 });
    Annotations.fromStack(stack).hasWarning('/Stack/Fleet', Match.stringLikeRegexp('cdk-cloud-native-patterns:OnDemandFloorAboveMin'));
  });

  test('default props warn about nothing', () => {
    const { stack } = fleet();
    Annotations.fromStack(stack).hasNoWarning('/Stack/Fleet', Match.stringLikeRegexp('cdk-cloud-native-patterns'));
  });
});

describe('checks', () => {
  function checkedFleet(withCluster: boolean) {
    const app = checkedApp(['AwsSolutions']);
    const stack = regionalStack(app);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    vpc.addFlowLog('FlowLog');
    const cluster = withCluster ? new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED }) : undefined;
    new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster });
    return synthFindings(app);
  }

  test('default props pass AwsSolutions with no unacknowledged finding', () => {
    const result = checkedFleet(false);
    expect(ruleIds(result.findings)).toEqual([]);
    expect(result.failed).toBe(false);
  });

  test('as a capacity provider too', () => {
    const result = checkedFleet(true);
    expect(ruleIds(result.findings)).toEqual([]);
    expect(result.failed).toBe(false);
  });

  test('an unexpected wildcard is still reported', () => {
    const app = checkedApp(['AwsSolutions']);
    const stack = regionalStack(app);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    vpc.addFlowLog('FlowLog');
    const f = new SpotFleetWithFallback(stack, 'Fleet', { vpc });
    f.instanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::bucket/*'] }));
    expect(ruleIds(synthFindings(app).findings)).toEqual(['AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*]']);
  });

  test('every acknowledgement carries a reason', () => {
    const { fleet: f } = fleet();
    const acks = f.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) for (const reason of Object.values(a.data as object)) expect(String(reason).length).toBeGreaterThan(40);
  });
});

describe('snapshot', () => {
  test('default props', () => {
    expect(fleet({}, { cluster: true }).template.toJSON()).toMatchSnapshot();
  });
});
