import { App, Annotations as CoreAnnotations, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { build, envStack, IMAGE, importedVpc } from './fixtures';
import { EgressAwareVpc, NatStrategy, ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';
import { PatternValidationError } from '../../src/core/errors';

function attempt(props: Partial<StatelessServiceProps>, stack?: ReturnType<typeof envStack>) {
  return () => new StatelessService(stack ?? envStack(), 'Web', { image: IMAGE, ...props });
}

describe('StatelessService rejects bad input with the prop and the fix', () => {
  const cases: Array<[string, Partial<StatelessServiceProps>, RegExp]> = [
    ['cpu that Fargate does not offer', { cpu: 300 }, /cpu: 300 is not a Fargate CPU value\. Fix: use one of 256, 512, 1024/],
    ['memory that does not fit the cpu', { cpu: 256, memoryLimitMiB: 4096 }, /cpu and memoryLimitMiB: 4096 MiB is not a Fargate memory value for 256 CPU units\. Fix: with cpu 256 use memoryLimitMiB 512, 1024 or 2048/],
    ['memory off the 1 GiB steps of 2 vCPU', { cpu: 2048, memoryLimitMiB: 5000 }, /memoryLimitMiB 4096 to 16384 in steps of 1024/],
    ['fractional memory', { memoryLimitMiB: 1024.5 }, /memoryLimitMiB: must be a whole number/],
    ['container port 0', { containerPort: 0 }, /containerPort: is 0, outside the allowed range between 1 and 65535/],
    ['container port above 65535', { containerPort: 70000 }, /containerPort: is 70000.*Fix: set containerPort between 1 and 65535/],
    ['minHealthyTasks 0', { minHealthyTasks: 0 }, /minHealthyTasks: is 0, outside the allowed range of at least 1/],
    ['desired count below the zone-loss floor', { desiredCount: 2 }, /desiredCount: 2 tasks over 3 zones keep only 1 after a zone is lost, below minHealthyTasks 2.*Fix: set desiredCount to at least 3/],
    ['desired count 0', { desiredCount: 0 }, /desiredCount: is 0, outside the allowed range of at least 1/],
    ['max capacity below the desired count', { desiredCount: 6, maxCapacity: 4 }, /maxCapacity: 4 is below the desired count \(the autoscaling minimum\) 6\. Fix: set maxCapacity to at least 6/],
    ['stop timeout above 120 s', { stopTimeout: Duration.seconds(150) }, /stopTimeout: is 150 seconds, outside the allowed range between 2 and 120 seconds\. Fix: set stopTimeout between 2 and 120 seconds/],
    ['stop timeout below 2 s', { stopTimeout: Duration.seconds(1) }, /stopTimeout: is 1 seconds, outside the allowed range between 2 and 120 seconds/],
    ['drain above 3600 s', { deregistrationDelay: Duration.seconds(4000) }, /deregistrationDelay: is 4000 seconds, outside the allowed range between 0 and 3600 seconds/],
    ['stop timeout not a whole number of seconds', { stopTimeout: Duration.seconds(1.5) }, /stopTimeout: is 1 second 500 millis, not a whole number of seconds \(CloudFormation takes whole seconds\)\. Fix: set stopTimeout to Duration\.seconds\(2\)/],
    ['drain in milliseconds', { deregistrationDelay: Duration.millis(500) }, /deregistrationDelay: is 500 millis, not a whole number of seconds.*Fix: set deregistrationDelay to Duration\.seconds\(1\)/],
    ['health check interval in milliseconds', { healthCheckInterval: Duration.millis(7500) }, /healthCheckInterval: is 7 seconds 500 millis, not a whole number of seconds/],
    ['grace period in milliseconds', { healthCheckGracePeriod: Duration.millis(90500) }, /healthCheckGracePeriod: is 1 minute 30 seconds 500 millis, not a whole number of seconds/],
    ['access log retention in hours', { accessLogRetention: Duration.hours(36) }, /accessLogRetention: is 1 day 12 hours, not a whole number of days/],
    ['empty workloadName', { workloadName: '' }, /workloadName: is an empty string\. Fix: give the service a name for the report/],
    ['blank workloadName', { workloadName: '   ' }, /workloadName: is an empty string/],
    ['empty domainName', { domainName: '' }, /domainName: is an empty string/],
    ['empty environment key', { environment: { '': 'x', 'LOG_LEVEL': 'info' } }, /environment: has an empty variable name\. Fix: give every environment entry a name/],
    ['empty health check path', { healthCheckPath: '' }, /healthCheckPath: is an empty string\. Fix: set healthCheckPath to a path starting with "\/"/],
    ['cpuArchitecture as a string (JavaScript)', { cpuArchitecture: 'X86_64' as any }, /cpuArchitecture: is 'X86_64', not one of the allowed values\. Fix: set cpuArchitecture to one of: ecs\.CpuArchitecture\.X86_64, ecs\.CpuArchitecture\.ARM64/],
    ['logRetention not a RetentionDays value', { logRetention: 45 as any }, /logRetention: is 45, not one of the allowed values\. Fix: set logRetention to one of: a logs\.RetentionDays value/],
    ['capacity that is not a ServiceCapacity (JavaScript)', { capacity: { usesSpot: true } as any }, /capacity: must be a ServiceCapacity, got an object\. Fix: use ServiceCapacity\.onDemand\(\) or ServiceCapacity\.spotAboveOnDemandBase/],
    ['image that is not a ContainerImage (JavaScript)', { image: 'nginx' as any }, /image: must be an ecs\.ContainerImage, got 'nginx'\. Fix: build it with ecs\.ContainerImage\.fromRegistry/],
    ['image missing (JavaScript)', { image: undefined as any }, /image: is required but was not given\. Fix: pass the container image/],
    ['scratch path that is relative', { scratchPaths: ['tmp'] }, /scratchPaths: "tmp" is not an absolute path\. Fix: list absolute container paths/],
    ['scratch path "/"', { scratchPaths: ['/'] }, /scratchPaths: "\/" would make the whole root filesystem writable/],
    ['scratch path twice', { scratchPaths: ['/tmp', '/tmp/'] }, /scratchPaths: "\/tmp" is listed twice\. Fix: list each path once/],
    ['scratch path with ..', { scratchPaths: ['/var/../etc'] }, /scratchPaths: "\/var\/\.\.\/etc" has "\." or "\.\." segments/],
    ['spot on-demand base 0', { capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 0 }) }, /capacity\.onDemandBase: is 0, outside the allowed range of at least 1/],
    ['spot on-demand base above the maximum', { capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 12 }), maxCapacity: 9 }, /capacity\.onDemandBase: 12 is above maxCapacity 9, so no task could ever run on Fargate Spot/],
    ['spot with a drain of 2 minutes', { capacity: ServiceCapacity.spotAboveOnDemandBase(), deregistrationDelay: Duration.seconds(120) }, /deregistrationDelay: is 120 s, but a Fargate Spot task is stopped 120 s after its interruption warning.*Fix: set deregistrationDelay below 120 seconds/],
    ['spot discount above 100 %', { reportAssumptions: { spotDiscountPercent: 120 } }, /reportAssumptions\.spotDiscountPercent: is 120, outside the allowed range between 0 and 100/],
    ['secret-looking environment key', { environment: { DB_PASSWORD: 'hunter2' } }, /environment: DB_PASSWORD looks like a secret.*Fix: pass it in `secrets` with ecs\.Secret\.fromSecretsManager/],
    ['several secret-looking keys (camelCase too)', { environment: { stripeApiKey: 'x', GITHUB_TOKEN: 'y' } }, /environment: GITHUB_TOKEN, stripeApiKey look like a secret/],
    ['CPU target out of range', { targetCpuUtilizationPercent: 95 }, /targetCpuUtilizationPercent: is 95, outside the allowed range between 10 and 90/],
    ['requestsPerTarget 0', { requestsPerTarget: 0 }, /requestsPerTarget: is 0, outside the allowed range of at least 1/],
    ['relative health check path', { healthCheckPath: 'health' }, /healthCheckPath: "health" is not an absolute path\. Fix: set healthCheckPath to a path starting with "\/"/],
    ['health check interval above 300 s', { healthCheckInterval: Duration.seconds(600) }, /healthCheckInterval: is 600 seconds, outside the allowed range between 5 and 300 seconds/],
    ['grace period above an hour', { healthCheckGracePeriod: Duration.hours(2) }, /healthCheckGracePeriod: is 7200 s/],
    ['maxAzs 1 for the VPC it creates', { maxAzs: 1 }, /maxAzs: is 1, outside the allowed range of at least 2/],
    ['spot with ARM64 tasks', { capacity: ServiceCapacity.spotAboveOnDemandBase(), cpuArchitecture: ecs.CpuArchitecture.ARM64 }, /capacity and cpuArchitecture: Fargate Spot runs X86_64 tasks only/],
    ['spot weight 0', { capacity: ServiceCapacity.spotAboveOnDemandBase({ spotWeight: 0 }) }, /capacity\.spotWeight: is 0, outside the allowed range between 1 and 1000/],
    ['negative on-demand weight', { capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandWeight: -1 }) }, /capacity\.onDemandWeight: is -1/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    expect(attempt(props)).toThrow(PatternValidationError);
    expect(attempt(props)).toThrow(message);
  });

  test('a key set in both environment and secrets', () => {
    const stack = envStack();
    const p = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/x' });
    expect(attempt({ environment: { DATABASE: 'a' }, secrets: { DATABASE: ecs.Secret.fromSsmParameter(p) } }, stack))
      .toThrow(/environment and secrets: DATABASE set in both.*Fix: remove the key from `environment`/);
  });

  test('both vpc and cluster given, in different VPCs', () => {
    const stack = envStack();
    const a = importedVpc(stack, 3, 'A');
    const b = importedVpc(stack, 3, 'B');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: b });
    expect(attempt({ vpc: a, cluster }, stack)).toThrow(/vpc and cluster: the cluster is in a different VPC than `vpc`\. Fix: pass only `cluster`/);
  });

  test('domainName without a zone or certificate', () => {
    expect(attempt({ domainName: 'api.example.com' })).toThrow(/domainName: is set without domainZone or certificate.*Fix: also pass domainZone/);
  });

  test('domainZone without domainName', () => {
    const stack = envStack();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Z', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    expect(attempt({ domainZone: zone }, stack)).toThrow(/domainZone: is set without domainName/);
  });

  test('task subnets in a single zone', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    expect(attempt({ vpc, taskSubnets: { subnets: [vpc.privateSubnets[0]] } }, stack))
      .toThrow(/taskSubnets: the task subnets span 1 zone; a zone failure would take the whole service down/);
  });

  test('public task subnets', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    expect(attempt({ vpc, taskSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, stack))
      .toThrow(/taskSubnets: selects public subnets; tasks would need public IPs/);
  });

  test('several problems are reported together, one line each', () => {
    const fn = attempt({ cpu: 300, containerPort: 0, environment: { API_KEY: 'x' } });
    expect(fn).toThrow(/\[Stack\/Web\] 3 problems with the props:\n  - cpu: .*\n  - containerPort: .*\n  - environment: API_KEY/);
  });

  test('names that only point at a secret are fine', () => {
    expect(attempt({ environment: { PASSWORD_FILE: '/run/secrets/db', TOKEN_URL: 'https://x', SECRET_ARN: 'arn:x' } })).not.toThrow();
  });

  test('an HTTPS service with a certificate is not warned about', () => {
    const stack = envStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/x');
    build({ certificate }, stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-cloud-native-patterns:HttpOnly'))).toHaveLength(0);
  });
});

describe('StatelessService warnings for legitimate but risky choices', () => {
  test('requireZoneLossHeadroom: false turns the shortfall into a tagged warning', () => {
    const { stack, template } = build({ desiredCount: 2, requireZoneLossHeadroom: false });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2 });
    Annotations.fromStack(stack).hasWarning('/Stack/Web',
      Match.stringLikeRegexp('desiredCount 2 tasks over 3 zones keep only 1 after a zone is lost.*\\[ack: cdk-cloud-native-patterns:ZoneLossShortfall\\]'));
  });

  test('logs kept forever', () => {
    const { stack } = build({ logRetention: logs.RetentionDays.INFINITE });
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('INFINITE.*\\[ack: cdk-cloud-native-patterns:LogsKeptForever\\]'));
  });

  test('HTTP only', () => {
    const { stack } = build();
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('\\[ack: cdk-cloud-native-patterns:HttpOnly\\]'));
  });

  test('spot on an imported cluster', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'C', { clusterName: 'shared', vpc, securityGroups: [] });
    build({ cluster, capacity: ServiceCapacity.spotAboveOnDemandBase() }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('FARGATE_SPOT capacity providers.*\\[ack: cdk-cloud-native-patterns:ImportedClusterCapacityProviders\\]'));
  });

  test('no region on the stack: access logs cannot be configured', () => {
    const stack = new Stack(new App(), 'NoEnv');
    const s = new StatelessService(stack, 'Web', { image: IMAGE });
    expect(s.accessLogsBucket).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/NoEnv/Web', Match.stringLikeRegexp('\\[ack: cdk-cloud-native-patterns:AccessLogsNeedRegion\\]'));
  });

  test('warnings can be acknowledged', () => {
    const stack = envStack();
    const s = new StatelessService(stack, 'Web', { image: IMAGE });
    CoreAnnotations.of(s).acknowledgeWarning('cdk-cloud-native-patterns:HttpOnly', 'TLS terminates at CloudFront in front of this service');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('HttpOnly'))).toHaveLength(0);
  });
});

describe('StatelessService bad input found by trying it (issue 11, section 8)', () => {
  function vpcWithoutPublicSubnets(stack: Stack) {
    return ec2.Vpc.fromVpcAttributes(stack, 'PrivateOnly', {
      vpcId: 'vpc-private',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      privateSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
    });
  }

  test('an imported VPC without public subnets for an internet-facing load balancer', () => {
    const stack = envStack();
    expect(attempt({ vpc: vpcWithoutPublicSubnets(stack) }, stack))
      .toThrow(/vpc and internetFacing: the VPC has no public subnets, so an internet-facing load balancer has nowhere to run\. Fix: pass a VPC with public subnets in at least 2 zones.*or set internetFacing: false/);
  });

  test('the same VPC with an internal load balancer is fine, in the tasks\' subnets, open to the VPC CIDR', () => {
    const stack = envStack();
    build({ vpc: vpcWithoutPublicSubnets(stack), internetFacing: false }, stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal', Subnets: ['subnet-a', 'subnet-b', 'subnet-c'] });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '10.1.0.0/16', FromPort: 80 })]) });
  });

  test('an internal load balancer on an imported VPC without vpcCidrBlock', () => {
    const stack = envStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'NoCidr', {
      vpcId: 'vpc-nocidr',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      publicSubnetIds: ['subnet-p1', 'subnet-p2'],
      privateSubnetIds: ['subnet-1', 'subnet-2'],
    });
    expect(attempt({ vpc, internetFacing: false }, stack))
      .toThrow(/vpc and internetFacing: an internal load balancer accepts clients from the VPC's CIDR, but the imported VPC has no vpcCidrBlock\. Fix: import the VPC with its CIDR/);
  });

  test('problems found once the VPC is known are reported with the others, in one error', () => {
    const stack = envStack();
    expect(attempt({ vpc: vpcWithoutPublicSubnets(stack), cpu: 300, desiredCount: 2 }, stack))
      .toThrow(/3 problems with the props:\n  - cpu: 300 is not a Fargate CPU value.*\n  - vpc and internetFacing: the VPC has no public subnets.*\n  - desiredCount: 2 tasks over 3 zones/);
  });

  test('props missing altogether (JavaScript / Python)', () => {
    const fn = () => new StatelessService(envStack(), 'Web', undefined as any);
    expect(fn).toThrow(PatternValidationError);
    expect(fn).toThrow(/\[Stack\/Web\] props: are required but were not given\. Fix: pass props with at least `image`/);
  });

  test('a token for minHealthyTasks is an error, never silently replaced', () => {
    const stack = envStack();
    const n = new CfnParameter(stack, 'MinHealthy', { type: 'Number' }).valueAsNumber;
    expect(attempt({ minHealthyTasks: n }, stack))
      .toThrow(/minHealthyTasks: is a token \(known only at deploy time\), but the zone-loss floor, the autoscaling minimum and the on-demand base are computed from it at synth\. Fix: pass a number/);
  });

  describe('NatStrategy NONE without the endpoints Fargate needs', () => {
    const FARGATE_ENDPOINTS = [
      ec2.InterfaceVpcEndpointAwsService.ECR,
      ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    ];
    const ecrImage = (stack: Stack) => ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'web'), 'v1');

    test('lists every missing endpoint in one error', () => {
      const stack = envStack();
      const vpc = new EgressAwareVpc(stack, 'Vpc', { natStrategy: NatStrategy.NONE, maxAzs: 3 });
      const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'db');
      expect(attempt({ vpc, image: ecrImage(stack), internetFacing: false, secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) } }, stack))
        .toThrow(/vpc: has natStrategy NONE and no VPC endpoint for ecr\.api, ecr\.dkr, logs, secretsmanager, so the tasks cannot pull their image, write logs or read their secrets\. Fix: add InterfaceVpcEndpointAwsService\.ECR, InterfaceVpcEndpointAwsService\.ECR_DOCKER, InterfaceVpcEndpointAwsService\.CLOUDWATCH_LOGS, InterfaceVpcEndpointAwsService\.SECRETS_MANAGER to the EgressAwareVpc's interfaceEndpoints/);
    });

    test('SSM parameter secrets need the SSM endpoint', () => {
      const stack = envStack();
      const vpc = new EgressAwareVpc(stack, 'Vpc', {
        natStrategy: NatStrategy.NONE,
        maxAzs: 3,
        interfaceEndpoints: FARGATE_ENDPOINTS,
      });
      const p = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/db/password' });
      expect(attempt({ vpc, image: ecrImage(stack), internetFacing: false, secrets: { DB_PASSWORD: ecs.Secret.fromSsmParameter(p) } }, stack))
        .toThrow(/vpc: has natStrategy NONE and no VPC endpoint for ssm,.*Fix: add InterfaceVpcEndpointAwsService\.SSM/);
    });

    test('with the endpoints and an ECR image it is accepted', () => {
      const stack = envStack();
      const vpc = new EgressAwareVpc(stack, 'Vpc', {
        natStrategy: NatStrategy.NONE,
        maxAzs: 3,
        interfaceEndpoints: FARGATE_ENDPOINTS,
      });
      expect(attempt({ vpc, image: ecrImage(stack), internetFacing: false }, stack)).not.toThrow();
    });

    test('an image from a public registry cannot be pulled without internet', () => {
      const stack = envStack();
      const vpc = new EgressAwareVpc(stack, 'Vpc', {
        natStrategy: NatStrategy.NONE,
        maxAzs: 3,
        interfaceEndpoints: FARGATE_ENDPOINTS,
      });
      expect(attempt({ vpc, internetFacing: false }, stack))
        .toThrow(/image: "public\.ecr\.aws\/nginx\/nginx:stable" comes from a public registry, which a VPC with natStrategy NONE cannot reach\. Fix: push the image to a private ECR repository/);
    });
  });
});

describe('StatelessService spot base warnings', () => {
  test('a base that covers the minimum: nothing runs on spot at steady state', () => {
    const { stack } = build({ capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 3 }) });
    Annotations.fromStack(stack).hasWarning('/Stack/Web',
      Match.stringLikeRegexp('capacity\\.onDemandBase 3 covers the minimum of 3 tasks, so no task runs on Fargate Spot at steady state.*cdk-cloud-native-patterns:SpotBaseCoversMinimum'));
  });

  test('a base below minHealthyTasks', () => {
    const { stack } = build({ capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 1 }) });
    Annotations.fromStack(stack).hasWarning('/Stack/Web',
      Match.stringLikeRegexp('capacity\\.onDemandBase 1 is below minHealthyTasks 2.*cdk-cloud-native-patterns:SpotBaseBelowMinHealthy'));
  });

  test('the default base warns about neither', () => {
    const { stack } = build({ capacity: ServiceCapacity.spotAboveOnDemandBase() });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('SpotBase'))).toEqual([]);
  });
});
